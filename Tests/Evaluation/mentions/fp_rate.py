#!/usr/bin/env python3
"""False positives of `nomina normalize --mode annotate` on place-free English text.

Runs the CLI over licence texts (by default those of /usr/share/common-licenses that
exist among GPL-3, GPL-2, Apache-2.0, LGPL-3, Artistic and MPL-2.0), one record per
paragraph (line breaks inside a paragraph become spaces, so offsets and line numbers
still hold), and prints the spurious mentions per 100 kB (100,000 bytes of input),
listing each mention found. Every mention there is spurious except the genuine place
and organisation names of GENUINE below (the FSF's address in Boston, USA, …), which are
counted and listed separately. Python 3, standard library only.

    python3 Tests/Evaluation/mentions/fp_rate.py --nomina .build/release/nomina
    python3 Tests/Evaluation/mentions/fp_rate.py --all          # every licence there
    python3 Tests/Evaluation/mentions/fp_rate.py FILE…          # other place-free texts

Exit status: 0 whatever the rate; 3 when the CLI fails.
"""
import argparse
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score import run_nomina  # noqa: E402  (the one way the CLI is run and its output checked)

LICENSES = "/usr/share/common-licenses"
DEFAULT_FILES = ["GPL-3", "GPL-2", "Apache-2.0", "LGPL-3", "Artistic", "MPL-2.0"]

# Genuine names that occur in these licences: surface -> the entities that are right for
# it. A listed surface found with another entity is spurious ("genuine name, wrong
# entity"). Boston, Santa Clara: GeoNames ids as in gold.jsonl.
GENUINE = {
    "Boston": {"geonames-4930956"},
    "USA": {"USA"},
    "U.S.": {"USA"},
    "U.S": {"USA"},
    "United States": {"USA"},
    "United States of America": {"USA"},
    "America": {"USA"},
    "Santa Clara": {"geonames-5393015"},
    "European Parliament": {"european-parliament"},
    # Named in the licences as what they are: the WIPO Copyright Treaty (GPL-3), the UN
    # Convention on Contracts for the International Sale of Goods (MPL-1.1), Creative
    # Commons' seat (GFDL-1.3).
    "WIPO": {"wipo"},
    "United Nations": {"united-nations"},
    "San Francisco": {"geonames-5391959"},
}


def paragraphs(path):
    """(first line number, text) of each paragraph, line breaks turned into spaces."""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    out, start, buf = [], None, []
    for n, line in enumerate(lines, 1):
        if line.strip():
            if start is None:
                start = n
            buf.append(line.replace("\r", " "))
        elif buf:
            out.append((start, " ".join(buf)))
            start, buf = None, []
    if buf:
        out.append((start, " ".join(buf)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("files", nargs="*", help="texts to scan (default: the licences above)")
    ap.add_argument("--nomina", default="nomina", help="the nomina binary (default: nomina on PATH)")
    ap.add_argument("--all", action="store_true",
                    help=f"every licence in {LICENSES} (symbolic links counted once)")
    ap.add_argument("--nomina-arg", action="append", default=[], metavar="ARG",
                    help="an extra argument for `nomina normalize` (repeatable)")
    args = ap.parse_args()

    if args.files:
        files = args.files
    elif args.all:
        seen, files = set(), []
        for name in sorted(os.listdir(LICENSES)):
            path = os.path.join(LICENSES, name)
            real = os.path.realpath(path)
            if os.path.isfile(real) and real not in seen:
                seen.add(real)
                files.append(real)
    else:
        files = [os.path.join(LICENSES, n) for n in DEFAULT_FILES
                 if os.path.isfile(os.path.join(LICENSES, n))]
    if not files:
        sys.exit("error: no input files")

    records, origin = [], []
    sizes = {}
    for path in files:
        sizes[path] = os.path.getsize(path)
        for line, text in paragraphs(path):
            records.append(text)
            origin.append((path, line))
    annotations = run_nomina(args.nomina, args.nomina_arg, records)

    per_file = collections.defaultdict(lambda: collections.Counter())
    spurious, genuine, wrong = [], [], []
    for (path, first_line), text, a in zip(origin, records, annotations):
        for m in a.get("mentions", []):
            entity = m.get("id") if m.get("method") != "ambiguous" else \
                "ambiguous(" + ",".join(m.get("candidates", [])) + ")"
            # line breaks became spaces one for one, so count them in the original lines
            line = first_line + _line_offset(path, first_line, m["start"])
            item = (path, line, " ".join(m["text"].split()), entity, m.get("kind"), m.get("method"),
                    m.get("score"), text[max(0, m["start"] - 40):m["end"] + 40])
            surface = " ".join(m["text"].split())
            if surface in GENUINE and entity in GENUINE[surface]:
                genuine.append(item)
                per_file[path]["genuine"] += 1
            else:
                (wrong if surface in GENUINE else spurious).append(item)
                per_file[path]["spurious"] += 1
            per_file[path]["mentions"] += 1

    total_bytes = sum(sizes.values())
    print(f"nomina: {args.nomina}" + (f" {' '.join(args.nomina_arg)}" if args.nomina_arg else ""))
    print(f"{'file':<16}{'bytes':>9}{'mentions':>10}{'genuine':>9}{'spurious':>10}{'/100 kB':>9}")
    for path in files:
        c = per_file[path]
        rate = c["spurious"] / sizes[path] * 100_000 if sizes[path] else 0.0
        print(f"{os.path.basename(path):<16}{sizes[path]:>9}{c['mentions']:>10}{c['genuine']:>9}"
              f"{c['spurious']:>10}{rate:>9.2f}")
    n_spurious = len(spurious) + len(wrong)
    print(f"{'total':<16}{total_bytes:>9}{n_spurious + len(genuine):>10}{len(genuine):>9}"
          f"{n_spurious:>10}{n_spurious / total_bytes * 100_000:>9.2f}")
    print()
    print(f"spurious mentions per 100 kB: {n_spurious / total_bytes * 100_000:.2f} "
          f"({n_spurious} in {total_bytes} bytes, {len(records)} paragraphs)")

    def show(title, items):
        print()
        print(f"{title}: {len(items)}")
        for path, line, surface, entity, kind, method, score, context in items:
            print(f"  {os.path.basename(path)}:{line}  {surface!r} -> {entity} "
                  f"({kind}, {method} {score})  …{' '.join(context.split())}…")

    show("Spurious mentions", spurious)
    show("Genuine names resolved to another entity (counted as spurious)", wrong)
    show("Genuine place and organisation names (not counted)", genuine)


_LINE_CACHE = {}


def _line_offset(path, first_line, offset):
    """How many line breaks lie before code point `offset` of the paragraph at first_line."""
    if path not in _LINE_CACHE:
        with open(path, encoding="utf-8", errors="replace") as f:
            _LINE_CACHE[path] = f.read().split("\n")
    lines = _LINE_CACHE[path]
    consumed, i = 0, first_line - 1
    while i < len(lines):
        length = len(lines[i]) + 1          # the line and the space that replaced its break
        if offset < consumed + length:
            return i - (first_line - 1)
        consumed += length
        i += 1
    return i - (first_line - 1)


if __name__ == "__main__":
    main()
