#!/usr/bin/env python3
"""The Spark test (run by .ci/run; docs/spark.md).

Builds a JSONL corpus, runs `normalize_job.normalize` over it in local mode (`local[2]`,
at least 8 partitions) in both modes, and checks that the part files, concatenated in
partition order, equal one `nomina normalize` over the whole corpus byte for byte. It
also runs a deliberately different command through Spark and checks that the comparison
reports the difference, so the test cannot pass by comparing nothing.

Usage: test_spark.py --nomina PATH [--index PATH] [--records N] [--work DIR]
Exits 0 when every comparison holds, 1 when one does not, 2 when the set-up fails.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import normalize_job  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "..", "naka-news.txt")


def corpus(path, records, seed=7):
    """JSONL records made of the example article's sentences, in varied combinations, with
    escapes, nested fields and records without text; written with Unix line breaks."""
    with open(EXAMPLE, encoding="utf-8") as example:
        sentences = [line.rstrip("\n") for line in example if line.strip()]
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for number in range(records):
            text = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3)))
            record = {"id": number, "text": text}
            roll = rng.random()
            if roll < 0.05:
                record = {"id": number, "meta": {"lang": "xx"}}          # no text field
            elif roll < 0.10:
                record["text"] = text.replace(" ", "\n", 1)             # an escaped line break
            elif roll < 0.15:
                record["nested"] = {"text": text}
            out.write(json.dumps(record, ensure_ascii=rng.random() < 0.5) + "\n")


def run_whole(nomina, index, input_path, normalize_args):
    result = subprocess.run([nomina, "normalize", "--no-progress", "--index", index, *normalize_args, input_path],
                            capture_output=True, check=False)
    if result.returncode != 0:
        print(f"test_spark: set-up failed: nomina normalize over the whole corpus: {result.stderr.decode(errors='replace').strip()}")
        raise SystemExit(2)
    return result.stdout


def first_difference(a, b):
    for position, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return position
    return min(len(a), len(b)) if len(a) != len(b) else None


def main():
    parser = argparse.ArgumentParser(description="The Spark test: partitions piped through nomina equal the whole.")
    parser.add_argument("--nomina", required=True)
    parser.add_argument("--index", help="a compiled index (default: compiled here from the bundled dictionaries)")
    parser.add_argument("--records", type=int, default=4000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--work", help="work folder (default: a temporary one, removed at the end)")
    args = parser.parse_args()

    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        print("test_spark: SKIPPED: no Java runtime (java is not on PATH and JAVA_HOME is unset); Spark needs Java 17 or later")
        return 0

    for name, path in (("--nomina", args.nomina), ("--index", args.index)):
        if path is not None and not os.path.isfile(path):
            print(f"test_spark: set-up failed: {name} {path} is not a file")
            return 2
    work = args.work or tempfile.mkdtemp(prefix="nomina-spark-")
    os.makedirs(work, exist_ok=True)
    try:
        nomina = os.path.abspath(args.nomina)
        index = args.index
        if index is None:
            index = os.path.join(work, "bundled.idx")
            started = time.perf_counter()
            compiled = subprocess.run([nomina, "compile", "-o", index], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if compiled.returncode != 0:
                print(f"test_spark: set-up failed: nomina compile: {compiled.stderr.decode(errors='replace').strip()}")
                return 2
            print(f"test_spark: compiled the bundled index in {time.perf_counter() - started:.1f} s")
        input_path = os.path.join(work, "corpus.jsonl")
        corpus(input_path, args.records)

        # (options, whether the Spark run is meant to differ from the whole)
        runs = [
            (["--format", "jsonl"], False),
            (["--format", "jsonl", "--mode", "annotate"], False),
            (["--format", "jsonl", "--field", "nested.text", "--mode", "annotate"], False),
        ]
        sc = normalize_job.spark_context("local[2]", "nomina-spark-test")
        failures = 0
        try:
            sc.addFile(nomina)
            sc.addFile(os.path.abspath(index))
            for number, (options, _) in enumerate(runs + [(["--format", "jsonl", "--replace-with", "id"], True)]):
                broken = number == len(runs)
                whole = run_whole(nomina, index, input_path, ["--format", "jsonl"] if broken else options)
                output = os.path.join(work, f"out-{number}")
                shutil.rmtree(output, ignore_errors=True)
                started = time.perf_counter()
                partitions = normalize_job.normalize(sc, nomina, index, input_path, output, args.partitions, options, ship=False)
                seconds = time.perf_counter() - started
                parts = normalize_job.concatenate_parts(output)
                label = " ".join(options)
                if partitions < args.partitions:
                    print(f"test_spark: FAIL: {label}: {partitions} partitions, fewer than {args.partitions}")
                    failures += 1
                difference = first_difference(whole, parts)
                if broken:
                    # The check of the check: a different command must be reported.
                    if difference is None:
                        print(f"test_spark: FAIL: a deliberately different command ({label}) compared equal")
                        failures += 1
                    else:
                        print(f"test_spark: ok: a deliberately different command ({label}) is caught at byte {difference}")
                elif difference is not None:
                    print(f"test_spark: FAIL: {label}: the {partitions} partitions differ from the whole at byte {difference} "
                          f"(whole {len(whole)} bytes, partitions {len(parts)} bytes): "
                          f"{whole[max(0, difference - 40):difference + 40]!r} vs {parts[max(0, difference - 40):difference + 40]!r}")
                    failures += 1
                else:
                    print(f"test_spark: ok: {label}: {partitions} partitions = the whole ({len(whole):,} bytes, "
                          f"{args.records:,} records) in {seconds:.1f} s")
        finally:
            sc.stop()
        return 1 if failures else 0
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
