#!/usr/bin/env python3
"""Score Nomina and countrynames (the peer) on the independent evaluation set, side by side.

Nomina: the release binary, `nomina resolve --format tsv` with every query on stdin (one result
per input line, in order; column 2 is the id, empty for no match or ambiguous; column 6 the method).
countrynames 1.17.0: to_code_3(query, fuzzy=False) and to_code_3(query, fuzzy=True), its 3-letter
code compared with our id (ISO alpha-3 for countries; for non-ISO codes the peer's own code is
mapped through generate.EXTRA_CODES/RELABEL_CODES).

CAVEAT: countrynames' lookup table IS data.yaml, from which the rows latin, official-latin,
nonlatin, code, neg-demonym-cn and neg-cnfail come: on those it scores its own table (near 100% by
construction, and it "resolves" the demonyms it lists). The romanisation and hand-written negative
rows are not from its table, so they are the fair comparison.

Usage (repository root):
  python3 -m venv /tmp/nomina-eval && /tmp/nomina-eval/bin/pip install countrynames==1.17.0 pypinyin pykakasi
  /tmp/nomina-eval/bin/python Tests/Evaluation/independent/compare.py [--split tune|report|both] [--nomina PATH]
"""
import argparse
import json
import collections
import os
import subprocess
import sys

import countrynames
from countrynames.mappings import mappings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402  (for the code tables only)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
PEER_FROM_OWN_TABLE = {"latin", "official-latin", "nonlatin", "code", "neg-demonym-cn", "neg-cnfail"}


def load(split):
    rows = []
    with open(os.path.join(HERE, f"{split}.tsv"), encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            rows.append((split, fields[0], fields[1], fields[2], fields[4] if len(fields) > 4 else ""))
    return rows


def nomina(binary, queries):
    # Country names, scored against countries, territories and the disputed states that
    # countrynames lists as countries (Artsakh, Northern Cyprus, South Ossetia: regions
    # here, and their rows expect the region), and organisations (countrynames lists the
    # European Union, whose rows expect our organisation european-union): a town of the
    # same name (the bundled GeoNames cities) is no answer here.
    result = subprocess.run([binary, "resolve", "--format", "tsv", "--kind", "country", "--kind", "territory", "--kind", "region", "--kind", "organisation"],
                            input="\n".join(queries) + "\n",
                            capture_output=True, text=True, check=True)
    lines = result.stdout.split("\n")[:-1]
    if len(lines) != len(queries):
        sys.exit(f"nomina returned {len(lines)} lines for {len(queries)} queries")
    return [line.split("\t")[1] for line in lines]


def countries_of_regions(binary):
    """Region id -> the country or territory it is part of (its parent), and the ids of
    regions that are part of none (continents, world regions), from `nomina export`.
    countrynames knows countries only: its rows give England, Gaza Strip or Scotland the
    code of the country they are part of, and call Asia no country. So a region answer
    counts as its country, and a region of no country is no country answer (for a
    positive, an abstention; for a negative, no false positive). The regions that
    countrynames itself lists as countries (EXTRA_CODES) are compared as themselves."""
    result = subprocess.run([binary, "export"], capture_output=True, text=True, check=True)
    parents, kinds, countryless = {}, {}, set()
    for line in result.stdout.splitlines():
        entity = json.loads(line)
        kinds[entity["id"]] = entity["kind"]
        if entity["kind"] == "region":
            parents[entity["id"]] = entity["parent"]
    disputed = {value[0] for value in generate.EXTRA_CODES.values()}
    region_country = {}
    for region, parent in parents.items():
        if region in disputed:
            continue
        # Up the chain of regions to a country or territory (North Africa → Africa → none).
        seen = set()
        while parent is not None and kinds.get(parent) == "region" and parent not in seen:
            seen.add(parent)
            parent = parents.get(parent)
        if parent is not None and kinds.get(parent) in ("country", "territory"):
            region_country[region] = parent
        else:
            countryless.add(region)
    return region_country, countryless


def peer_id(code3, alpha3_to_id):
    """countrynames' answer as one of our ids (None for no answer)."""
    if code3 is None:
        return None
    if code3 in alpha3_to_id:
        return alpha3_to_id[code3]
    for source in (generate.EXTRA_CODES, generate.RELABEL_CODES):
        if code3 in source:
            return source[code3][0]
    return code3  # a code with no entity of ours (SUHH, GB-SCT…): a wrong answer unless abstaining


PEER_ERRORS = collections.Counter()


def peer_answer(query, fuzzy):
    """to_code_3, which raises KeyError when to_code gives a 2-letter code missing from its own
    mappings (CQ, AC, DG…); we count those and take the 2-letter code as its answer."""
    try:
        return countrynames.to_code_3(query, fuzzy=fuzzy)
    except KeyError as error:
        PEER_ERRORS[str(error)] += 1
        return countrynames.to_code(query, fuzzy=fuzzy)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["tune", "report", "both"], default="report")
    parser.add_argument("--nomina", default=os.path.join(ROOT, ".build", "release", "nomina"))
    args = parser.parse_args()
    splits = ["tune", "report"] if args.split == "both" else [args.split]
    rows = [row for split in splits for row in load(split)]

    alpha2 = generate.alpha2_to_id()
    alpha3_to_id = {mappings[a2]: i for a2, i in alpha2.items() if a2 in mappings}
    alpha3_to_id["XKX"] = "kosovo"
    alpha3_to_id["EUU"] = "european-union"

    region_country, countryless = countries_of_regions(args.nomina)
    answers = {"nomina": [None if got in countryless else region_country.get(got, got)
                          for got in nomina(args.nomina, [r[2] for r in rows])]}
    answers["cn-exact"] = [peer_id(peer_answer(r[2], False), alpha3_to_id) for r in rows]
    answers["cn-fuzzy"] = [peer_id(peer_answer(r[2], True), alpha3_to_id) for r in rows]
    systems = list(answers)

    tallies = collections.defaultdict(lambda: collections.Counter())
    for index, (split, category, _, expected, _) in enumerate(rows):
        for system in systems:
            got = answers[system][index] or None
            outcome = "abstained" if got is None else ("right" if got == expected else "wrong")
            for group in ((split, category), (split, "POSITIVES" if expected else "NEGATIVES")):
                tallies[group][(system, outcome)] += 1
                tallies[group][(system, "n")] += 1

    print("Nomina vs countrynames 1.17.0 (cn-exact: to_code_3 fuzzy=False; cn-fuzzy: fuzzy=True).")
    print("CAVEAT: rows marked * come from countrynames' own data.yaml: there it scores its own lookup table.")
    print("Positives: right% / wrong / abstained. Negatives: false-positive% (any answer). ratio = Nomina right ÷ cn-fuzzy right.\n")
    for split in splits:
        print(f"split: {split}")
        print(f"{'category':18}{'rows':>6}  " + "".join(f"{s:>24}" for s in systems) + f"{'ratio':>8}")
        groups = sorted(k for k in tallies if k[0] == split)
        groups.sort(key=lambda k: (k[1].startswith("neg") or k[1] == "NEGATIVES", k[1] in ("POSITIVES", "NEGATIVES"), k[1]))
        for group in groups:
            t = tallies[group]
            category = group[1]
            n = t[("nomina", "n")]
            negative = category.startswith("neg") or category == "NEGATIVES"
            cells = []
            for system in systems:
                if negative:
                    fp = t[(system, "right")] + t[(system, "wrong")]
                    cells.append(f"FP {100 * fp / n:5.1f}% ({fp})")
                else:
                    cells.append(f"{100 * t[(system, 'right')] / n:5.1f}% / {t[(system, 'wrong')]} / {t[(system, 'abstained')]}")
            ratio = ""
            if not negative:
                peer = t[("cn-fuzzy", "right")]
                ratio = f"{t[('nomina', 'right')] / peer:.2f}" if peer else "inf"
            mark = "*" if category in PEER_FROM_OWN_TABLE else " "
            print(f"{category + mark:18}{n:6d}  " + "".join(f"{c:>24}" for c in cells) + f"{ratio:>8}")
        print()
    if PEER_ERRORS:
        print("countrynames.to_code_3 raised KeyError (2-letter code not in its mappings) for: "
              + ", ".join(f"{code} x{n}" for code, n in sorted(PEER_ERRORS.items())))


if __name__ == "__main__":
    main()
