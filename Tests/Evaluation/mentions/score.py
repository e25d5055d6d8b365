#!/usr/bin/env python3
"""Score `nomina normalize --mode annotate` against the gold mentions in gold.jsonl.

Runs the CLI over the gold texts (JSONL in, annotate mode), matches predicted mentions to
gold ones by exact span and entity, and prints precision, recall and F1 per category
(country, city, organisation, person, region, pair, all) and per language, the errors by
kind (wrong entity, ambiguous, partial span, demonym, trap, spurious), and the false
positives by sentence tag. Python 3, standard library only.

    python3 Tests/Evaluation/mentions/score.py --nomina .build/release/nomina
    python3 Tests/Evaluation/mentions/score.py --split tune --errors

Exit status: 0 whatever the scores; 2 when the gold file is broken (bad JSON, offsets
that do not give the surface, unknown categories, overlapping mentions); 3 when the CLI
fails or its output does not line up with the input.
"""
import argparse
import collections
import hashlib
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATEGORIES = ["country", "city", "organisation", "person", "region", "pair"]
LANGS = ["en", "fr", "ru", "zh"]
KIND_TO_CATEGORY = {
    "country": "country", "territory": "country", "city": "city",
    "organisation": "organisation", "organization": "organisation",
    "person": "person", "region": "region", "pair": "pair",
}
ENTITY_FORMAT = {
    "country": re.compile(r"[A-Z]{3}"),
    "city": re.compile(r"geonames-[0-9]+"),
}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
NEEDS_NAME = {"city", "organisation", "person"}
TRAP_KINDS = {"common-word", "near-miss", "embedded-name", "negative-name", "substring",
              "boilerplate"}


def split_of(sid):
    """The stable split of a sentence: SHA-1 of its sid (UTF-8) as an integer, even -> tune,
    odd -> report (the rule of Tests/Evaluation/independent)."""
    return "tune" if int(hashlib.sha1(sid.encode("utf-8")).hexdigest(), 16) % 2 == 0 \
        else "report"


# --------------------------------------------------------------------------- gold

def check_span(item, text, where, problems):
    ok = True
    for key in ("surface", "start", "end"):
        if key not in item:
            problems.append(f"{where}: missing {key!r}")
            ok = False
    if not ok:
        return False
    s, e = item["start"], item["end"]
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
        problems.append(f"{where}: bad offsets [{s}, {e}) for a text of {len(text)} code points")
        return False
    if text[s:e] != item["surface"]:
        problems.append(f"{where}: text[{s}:{e}] is {text[s:e]!r}, not the surface "
                        f"{item['surface']!r}")
        return False
    return True


def check_entity(item, category, where, problems):
    entity = item.get("entity")
    if not isinstance(entity, str):
        problems.append(f"{where}: missing entity")
        return
    fmt = ENTITY_FORMAT.get(category)
    if category == "demonym":
        if not (ENTITY_FORMAT["country"].fullmatch(entity) or SLUG.fullmatch(entity)):
            problems.append(f"{where}: bad entity id {entity!r}")
    elif fmt is not None and not fmt.fullmatch(entity):
        problems.append(f"{where}: entity {entity!r} is not a {category} id")
    elif fmt is None and not SLUG.fullmatch(entity):
        problems.append(f"{where}: entity {entity!r} is not a kebab-case slug")
    if category in NEEDS_NAME and not item.get("entity_name"):
        problems.append(f"{where}: a {category} needs an entity_name")


def load_gold(path):
    records, problems, seen = [], [], set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            where = f"{path}:{n}"
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                problems.append(f"{where}: not JSON ({e})")
                continue
            if not isinstance(r, dict):
                problems.append(f"{where}: not a JSON object")
                continue
            sid, lang, text = r.get("sid"), r.get("lang"), r.get("text")
            if not isinstance(sid, str) or not sid:
                problems.append(f"{where}: missing sid")
                continue
            where = f"{where} ({sid})"
            if sid in seen:
                problems.append(f"{where}: duplicate sid")
            seen.add(sid)
            if lang not in LANGS:
                problems.append(f"{where}: lang {lang!r} is not one of {LANGS}")
            elif not sid.startswith(lang + "-"):
                problems.append(f"{where}: sid does not start with its lang")
            if not isinstance(text, str):
                problems.append(f"{where}: missing text")
                continue
            if not isinstance(r.get("tags", []), list):
                problems.append(f"{where}: tags is not a list")
            spans = []
            for key in ("mentions", "demonyms", "traps"):
                items = r.get(key, [])
                if key == "mentions" and "mentions" not in r:
                    problems.append(f"{where}: missing mentions")
                if not isinstance(items, list):
                    problems.append(f"{where}: {key} is not a list")
                    continue
                for i, item in enumerate(items):
                    w = f"{where} {key}[{i}]"
                    if not isinstance(item, dict) or not check_span(item, text, w, problems):
                        continue
                    if key == "traps":
                        if item.get("kind") not in TRAP_KINDS:
                            problems.append(f"{w}: unknown trap kind {item.get('kind')!r}")
                        continue
                    category = item.get("category")
                    expected = CATEGORIES if key == "mentions" else ["demonym"]
                    if category not in expected:
                        problems.append(f"{w}: category {category!r} is not one of {expected}")
                        continue
                    check_entity(item, category, w, problems)
                    if key == "mentions":
                        spans.append((item["start"], item["end"]))
            spans.sort()
            for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
                if s2 < e1:
                    problems.append(f"{where}: mentions [{s1},{e1}) and [{s2},{e2}) overlap")
            records.append(r)
    return records, problems


# --------------------------------------------------------------------------- predictions

def candidate_ids(mention):
    """The ids of an ambiguous mention's candidates (objects with an `id`; plain ids in
    the output of older builds)."""
    return [c["id"] if isinstance(c, dict) else c for c in mention.get("candidates", [])]


def category_of_id(entity, kinds):
    if entity is None:
        return None
    if entity in kinds:
        return KIND_TO_CATEGORY.get(kinds[entity], "other")
    if ENTITY_FORMAT["country"].fullmatch(entity):
        return "country"
    if entity.startswith("geonames-"):
        return "city"
    if "+" in entity:
        return "pair"
    return "other"


def export_kinds(nomina, extra):
    """id -> kind from `nomina export` (with the same --dictionary/--no-bundled options)."""
    args = []
    it = iter(extra)
    for a in it:
        if a == "--no-bundled":
            args.append(a)
        elif a == "--dictionary":
            args += [a, next(it, "")]
        elif a.startswith("--dictionary="):
            args.append(a)
    try:
        out = subprocess.run([nomina, "export", "--format", "jsonl", *args],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    kinds = {}
    for line in out.splitlines():
        try:
            o = json.loads(line)
            kinds[o["id"]] = o["kind"]
        except (json.JSONDecodeError, KeyError):
            pass
    return kinds


def run_nomina(nomina, extra, texts):
    """The annotate output for each text, in order (a list of JSON objects)."""
    data = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    cmd = [nomina, "normalize", "--format", "jsonl", "--field", "text", "--mode", "annotate",
           "--no-progress", *extra]
    try:
        proc = subprocess.run(cmd, input=data.encode("utf-8"), capture_output=True)
    except OSError as e:
        print(f"error: cannot run {nomina}: {e}", file=sys.stderr)
        sys.exit(3)
    if proc.returncode != 0:
        print(f"error: {' '.join(cmd)} exited with {proc.returncode}:\n"
              f"{proc.stderr.decode('utf-8', 'replace')}", file=sys.stderr)
        sys.exit(3)
    return parse_annotations(proc.stdout.decode("utf-8").splitlines(), texts)


def parse_annotations(lines, texts):
    out = [json.loads(l) for l in lines if l.strip()]
    if len(out) != len(texts):
        print(f"error: {len(texts)} records in, {len(out)} out", file=sys.stderr)
        sys.exit(3)
    for i, (o, t) in enumerate(zip(out, texts)):
        if o.get("text") != t:
            print(f"error: record {i + 1}: the CLI searched {o.get('text')!r}, not {t!r}",
                  file=sys.stderr)
            sys.exit(3)
    return out


# --------------------------------------------------------------------------- matching

def overlaps(a, b):
    return a["start"] < b["end"] and b["start"] < a["end"]


def same_span(a, b):
    return a["start"] == b["start"] and a["end"] == b["end"]


def match_sentence(record, annotation, kinds):
    """(tps, fps, fns): lists of dicts with the mention, its category and an error kind."""
    gold = [dict(m) for m in record["mentions"]]
    preds = []
    for m in annotation.get("mentions", []):
        entity = m.get("id")
        if m.get("method") == "ambiguous":
            entity = None
        preds.append({"surface": m.get("text"), "start": m["start"], "end": m["end"],
                      "entity": entity, "kind": m.get("kind"), "method": m.get("method"),
                      "score": m.get("score"), "candidates": candidate_ids(m)})
    matched_gold, tps, fps, fns = set(), [], [], []
    for p in preds:
        hit = next((i for i, g in enumerate(gold) if i not in matched_gold and same_span(p, g)
                    and p["entity"] is not None and p["entity"] == g["entity"]), None)
        if hit is not None:
            matched_gold.add(hit)
            tps.append({"gold": gold[hit], "pred": p, "category": gold[hit]["category"]})
            continue
        p["matched"] = False
    for p in preds:
        if p.get("matched", True):
            continue
        same = next((g for i, g in enumerate(gold) if i not in matched_gold
                     and same_span(p, g)), None)
        over = [g for i, g in enumerate(gold) if i not in matched_gold and overlaps(p, g)]
        if p["entity"] is None:
            category = same["category"] if same else (
                over[0]["category"] if over else
                category_of_id(next(iter(p["candidates"]), None), kinds) or "other")
        else:
            category = category_of_id(p["entity"], kinds)
            if p["kind"] in KIND_TO_CATEGORY:
                category = KIND_TO_CATEGORY[p["kind"]]
        if same:
            error = "ambiguous" if p["entity"] is None else "wrong-entity"
        elif any(g["entity"] == p["entity"] for g in over):
            error = "partial-span"
        elif over:
            error = "overlap-other-entity"
        elif any(overlaps(p, d) for d in record.get("demonyms", [])):
            error = "demonym"
        elif any(overlaps(p, t) for t in record.get("traps", [])):
            kind = next(t["kind"] for t in record["traps"] if overlaps(p, t))
            error = f"trap:{kind}"
        else:
            error = "spurious"
        fps.append({"pred": p, "category": category, "error": error})
    for i, g in enumerate(gold):
        if i in matched_gold:
            continue
        same = [p for p in preds if same_span(p, g)]
        over = [p for p in preds if overlaps(p, g)]
        if same:
            error = "ambiguous" if same[0]["entity"] is None else "wrong-entity"
        elif any(p["entity"] == g["entity"] for p in over):
            error = "partial-span"
        elif over:
            error = "overlap-other-entity"
        else:
            error = "missed"
        fns.append({"gold": g, "category": g["category"], "error": error})
    return tps, fps, fns


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def fmt_row(name, tp, fp, fn, width=14):
    p, r, f = prf(tp, fp, fn)
    return (f"{name:<{width}}{tp + fn:>6}{tp + fp:>6}{tp:>6}{fp:>6}{fn:>6}"
            f"{p:>8.3f}{r:>8.3f}{f:>8.3f}")


def header(first, width=14):
    return (f"{first:<{width}}{'gold':>6}{'pred':>6}{'TP':>6}{'FP':>6}{'FN':>6}"
            f"{'P':>8}{'R':>8}{'F1':>8}")


def describe(m):
    entity = m["entity"] if m["entity"] is not None else \
        "ambiguous(" + ",".join(candidate_ids(m)) + ")"
    return f"{m['surface']!r} [{m['start']},{m['end']}) {entity}"


# --------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--nomina", default="nomina", help="the nomina binary (default: nomina on PATH)")
    ap.add_argument("--gold", default=os.path.join(HERE, "gold.jsonl"))
    ap.add_argument("--split", choices=["tune", "report", "all"], default="report",
                    help="which sentences to score (a stable hash of the sid; default: report)")
    ap.add_argument("--lang", choices=LANGS, action="append",
                    help="only these languages (repeatable)")
    ap.add_argument("--errors", action="store_true",
                    help="list every false positive and false negative with its sentence")
    ap.add_argument("--predictions", metavar="FILE",
                    help="score this saved annotate output (one line per gold sentence of "
                         "the split, in order) instead of running the CLI")
    ap.add_argument("--nomina-arg", action="append", default=[], metavar="ARG",
                    help="an extra argument for `nomina normalize` (repeatable), e.g. "
                         "--nomina-arg=--exact-only")
    args = ap.parse_args()

    try:
        records, problems = load_gold(args.gold)
    except (OSError, UnicodeDecodeError) as e:
        print(f"error: cannot read {args.gold}: {e}", file=sys.stderr)
        sys.exit(2)
    if problems:
        print(f"{args.gold}: {len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        sys.exit(2)
    total = len(records)
    if args.split != "all":
        records = [r for r in records if split_of(r["sid"]) == args.split]
    if args.lang:
        records = [r for r in records if r["lang"] in args.lang]
    texts = [r["text"] for r in records]
    if args.predictions:
        with open(args.predictions, encoding="utf-8") as f:
            annotations = parse_annotations(f.read().splitlines(), texts)
        kinds = {}
    else:
        annotations = run_nomina(args.nomina, args.nomina_arg, texts)
        kinds = export_kinds(args.nomina, args.nomina_arg)

    by_cat = collections.defaultdict(lambda: [0, 0, 0])          # category -> tp, fp, fn
    by_lang = collections.defaultdict(lambda: [0, 0, 0])
    by_lang_cat = collections.defaultdict(lambda: [0, 0, 0])
    errors_fp, errors_fn = collections.Counter(), collections.Counter()
    fp_by_tag, sentences_by_tag = collections.Counter(), collections.Counter()
    fp_sentences_by_tag = collections.Counter()
    partial = 0
    demonyms_total = demonyms_hit = 0
    traps_total, traps_hit = collections.Counter(), collections.Counter()
    listing = []
    for r, a in zip(records, annotations):
        tps, fps, fns = match_sentence(r, a, kinds)
        lang = r["lang"]
        for t in tps:
            for key in (t["category"],):
                by_cat[key][0] += 1
                by_lang_cat[(lang, key)][0] += 1
            by_lang[lang][0] += 1
        for x in fps:
            by_cat[x["category"]][1] += 1
            by_lang_cat[(lang, x["category"])][1] += 1
            by_lang[lang][1] += 1
            errors_fp[x["error"]] += 1
        for x in fns:
            by_cat[x["category"]][2] += 1
            by_lang_cat[(lang, x["category"])][2] += 1
            by_lang[lang][2] += 1
            errors_fn[x["error"]] += 1
            if x["error"] == "partial-span":
                partial += 1
        for tag in r.get("tags", []):
            sentences_by_tag[tag] += 1
            fp_by_tag[tag] += len(fps)
            if fps:
                fp_sentences_by_tag[tag] += 1
        preds = [p for p in a.get("mentions", [])]
        for d in r.get("demonyms", []):
            demonyms_total += 1
            demonyms_hit += any(overlaps(p, d) for p in preds)
        for t in r.get("traps", []):
            traps_total[t["kind"]] += 1
            traps_hit[t["kind"]] += any(overlaps(p, t) for p in preds)
        if args.errors and (fps or fns):
            listing.append((r, fps, fns))

    langs = collections.Counter(r["lang"] for r in records)
    print(f"gold: {args.gold}")
    print(f"split: {args.split} ({len(records)} of {total} sentences: "
          + ", ".join(f"{l} {langs[l]}" for l in LANGS if langs[l]) + ")")
    print(f"nomina: {'(saved predictions ' + args.predictions + ')' if args.predictions else args.nomina}"
          + (f" {' '.join(args.nomina_arg)}" if args.nomina_arg else ""))
    print()
    print("Exact matches (same span and entity; an ambiguous mention counts as a wrong entity)")
    print(header("category"))
    all_ = [0, 0, 0]
    extra_cats = sorted(c for c in by_cat if c not in CATEGORIES)
    for c in CATEGORIES + extra_cats:
        tp, fp, fn = by_cat[c]
        all_ = [x + y for x, y in zip(all_, by_cat[c])]
        print(fmt_row(c, tp, fp, fn))
    print(fmt_row("all", *all_))
    print()
    print(header("language"))
    for l in LANGS:
        if langs[l]:
            print(fmt_row(l, *by_lang[l]))
    print()
    print("F1 by language and category (gold mentions in brackets)")
    print(f"{'':<6}" + "".join(f"{c:>15}" for c in CATEGORIES))
    for l in LANGS:
        if not langs[l]:
            continue
        cells = []
        for c in CATEGORIES:
            tp, fp, fn = by_lang_cat[(l, c)]
            cells.append(f"{prf(tp, fp, fn)[2]:.2f} ({tp + fn})" if tp + fp + fn else "-")
        print(f"{l:<6}" + "".join(f"{x:>15}" for x in cells))
    print()
    tp, fp, fn = all_
    lenient = prf(tp + partial, fp - partial, fn - partial)
    print(f"Partial-span matches (right entity, span differs; counted as FP + FN above): {partial}")
    print(f"  all categories with them counted as matches: P {lenient[0]:.3f}  "
          f"R {lenient[1]:.3f}  F1 {lenient[2]:.3f}")
    print()
    print("Errors by kind")
    print("  false positives: " + (", ".join(f"{k} {v}" for k, v in errors_fp.most_common())
                                   or "none"))
    print("  false negatives: " + (", ".join(f"{k} {v}" for k, v in errors_fn.most_common())
                                   or "none"))
    print(f"  demonyms/adjectives reported as mentions: {demonyms_hit} of {demonyms_total}")
    print("  traps reported as mentions: " + ", ".join(
        f"{k} {traps_hit[k]} of {traps_total[k]}" for k in sorted(traps_total)))
    print()
    print("False positives by sentence tag (a sentence counts for each of its tags)")
    print(f"  {'tag':<20}{'sentences':>10}{'with FP':>9}{'FPs':>6}")
    for tag in sorted(sentences_by_tag, key=lambda t: (-fp_by_tag[t], t)):
        print(f"  {tag:<20}{sentences_by_tag[tag]:>10}{fp_sentences_by_tag[tag]:>9}"
              f"{fp_by_tag[tag]:>6}")

    if args.errors:
        print()
        print(f"Errors ({len(listing)} sentences)")
        for r, fps, fns in listing:
            print(f"{r['sid']} [{', '.join(r.get('tags', []))}]")
            print(f"  text: {r['text']}")
            for x in fps:
                p = x["pred"]
                print(f"  FP {x['category']:<12} {describe(p)}  ({x['error']}; "
                      f"{p['method']} {p['score']})")
            for x in fns:
                print(f"  FN {x['category']:<12} {describe(x['gold'])}  ({x['error']})")


if __name__ == "__main__":
    main()
