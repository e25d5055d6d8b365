#!/usr/bin/env python3
"""Throughput of `nomina normalize` as a Spark stage beside the single-process CLI, on the
same JSONL corpus (docs/spark.md, docs/benchmarks.md).

Measures, in one run, on a quiet machine:
1. the single-process CLI: `nomina normalize --index I --format jsonl --jobs N` over the
   corpus, written to a file;
2. the Spark job of Examples/spark/normalize_job.py (local[N], textFile with at least P
   partitions, RDD.pipe through nomina, saveAsTextFile), SparkContext start-up excluded;
   and the same through the JVM's `RDD.pipe` (no Python worker);
3. the same Spark job piping through `cat` instead of nomina: what Spark's reading, the
   Python pipe and writing cost alone;
4. start-up per partition: `nomina normalize --index I` on an empty input (median of 21),
   and in Spark, P empty partitions piped through nomina less the same through `cat`;
and checks that the Spark output equals the CLI's, byte for byte.

Usage: python Benchmarks/Scripts/spark_throughput.py --nomina .build/release/nomina
       [--megabytes 200] [--partitions 16] [--cores 2] [--work /tmp/nomina-spark-bench]
(pyspark and Java 17 needed: `pip install pyspark`.)
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "Examples", "spark"))
from bench_common import corpus as text_corpus, timed  # noqa: E402  (the side-by-side benchmark's text)
import normalize_job  # noqa: E402


def jsonl_corpus(path, megabytes, work):
    if os.path.exists(path) and os.path.getsize(path) >= megabytes * 1_000_000:
        return
    text = os.path.join(work, "english.txt")
    text_corpus(text, megabytes)
    with open(text, encoding="utf-8") as lines, open(path, "w", encoding="utf-8", newline="\n") as out:
        written = 0
        for number, line in enumerate(lines):
            record = json.dumps({"id": number, "text": line.rstrip("\n")}, ensure_ascii=False) + "\n"
            out.write(record)
            written += len(record.encode("utf-8"))
            if written >= megabytes * 1_000_000:
                break


def main():
    parser = argparse.ArgumentParser(description="Spark stage throughput beside the CLI.")
    parser.add_argument("--nomina", required=True)
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--partitions", type=int, default=16)
    parser.add_argument("--cores", type=int, default=os.cpu_count())
    parser.add_argument("--work", default="/tmp/nomina-spark-bench")
    args = parser.parse_args()
    nomina = os.path.abspath(args.nomina)
    os.makedirs(args.work, exist_ok=True)
    index = os.path.join(args.work, "bundled.idx")
    if not os.path.exists(index):
        subprocess.run([nomina, "compile", "-o", index], check=True, stdout=subprocess.DEVNULL)
    corpus = os.path.join(args.work, "corpus.jsonl")
    jsonl_corpus(corpus, args.megabytes, args.work)
    size = os.path.getsize(corpus)
    report = []

    # 4a. Start-up of one process on an empty input.
    empty = [nomina, "normalize", "--no-progress", "--index", index, "--format", "jsonl"]
    startup, _ = timed(empty, 21)
    report.append(("start-up, one process (empty input)", f"{startup * 1000:.1f} ms"))

    # 1. The single-process CLI.
    cli_output = os.path.join(args.work, "cli.jsonl")
    started = time.perf_counter()
    with open(corpus, "rb") as stdin, open(cli_output, "wb") as stdout:
        subprocess.run(empty + ["--jobs", str(args.cores)], stdin=stdin, stdout=stdout, check=True)
    cli = time.perf_counter() - started
    report.append((f"CLI, --jobs {args.cores}", f"{cli:.1f} s, {size / cli / 1e6:.1f} MB/s"))

    master = f"local[{args.cores}]"
    started = time.perf_counter()
    sc = normalize_job.spark_context(master, "nomina-spark-throughput")
    context = time.perf_counter() - started
    report.append(("SparkContext start-up", f"{context:.1f} s (not counted below)"))
    try:
        sc.addFile(nomina)
        sc.addFile(index)
        # 2. The Spark job (the file is read once before, so both runs find it cached).
        output = os.path.join(args.work, "spark-out")
        shutil.rmtree(output, ignore_errors=True)
        started = time.perf_counter()
        partitions = normalize_job.normalize(sc, nomina, index, corpus, output, args.partitions,
                                             ["--format", "jsonl"], ship=False)
        spark = time.perf_counter() - started
        report.append((f"Spark {master}, {partitions} partitions, pipe through nomina",
                       f"{spark:.1f} s, {size / spark / 1e6:.1f} MB/s ({spark / cli:.1f}× the CLI's time)"))
        same = normalize_job.concatenate_parts(output) == open(cli_output, "rb").read()
        report.append(("Spark output = CLI output, byte for byte", "yes" if same else "NO"))

        # 2b. The same stage through the JVM's RDD.pipe (Scala), from PySpark: the records
        # never pass through a Python worker.
        output_jvm = os.path.join(args.work, "spark-jvm")
        shutil.rmtree(output_jvm, ignore_errors=True)
        jvm_command = normalize_job.pipe_command(sc, nomina, index, ["--format", "jsonl"])
        started = time.perf_counter()
        sc._jsc.textFile(corpus, args.partitions).pipe(jvm_command).saveAsTextFile(output_jvm)
        jvm = time.perf_counter() - started
        same_jvm = normalize_job.concatenate_parts(output_jvm) == open(cli_output, "rb").read()
        report.append(("Spark, the JVM's RDD.pipe (no Python worker)",
                       f"{jvm:.1f} s, {size / jvm / 1e6:.1f} MB/s ({jvm / cli:.1f}× the CLI's time); "
                       f"output = CLI output: {'yes' if same_jvm else 'NO'}"))

        # 3. Spark alone: the same job through cat.
        output_cat = os.path.join(args.work, "spark-cat")
        shutil.rmtree(output_cat, ignore_errors=True)
        started = time.perf_counter()
        sc.textFile(corpus, minPartitions=args.partitions).pipe("cat", checkCode=True).saveAsTextFile(output_cat)
        alone = time.perf_counter() - started
        report.append(("Spark alone (pipe through cat)", f"{alone:.1f} s, {size / alone / 1e6:.1f} MB/s"))

        # 4b. Start-up per partition inside Spark: empty partitions through nomina and cat.
        command = normalize_job.pipe_command(sc, nomina, index, ["--format", "jsonl"])
        empties = sc.parallelize([], 64)
        times = {}
        for name, piped in (("nomina", command), ("cat", "cat")):
            runs = []
            for _ in range(5):
                started = time.perf_counter()
                empties.pipe(piped, checkCode=True).count()
                runs.append(time.perf_counter() - started)
            times[name] = statistics.median(runs)
        per_partition = (times["nomina"] - times["cat"]) * args.cores / 64
        report.append(("start-up per partition in Spark (64 empty partitions, nomina less cat)",
                       f"{per_partition * 1000:.1f} ms"))
    finally:
        sc.stop()
        shutil.rmtree(os.path.join(args.work, "spark-out"), ignore_errors=True)
        shutil.rmtree(os.path.join(args.work, "spark-cat"), ignore_errors=True)
        shutil.rmtree(os.path.join(args.work, "spark-jvm"), ignore_errors=True)

    print(f"corpus: {size / 1e6:.0f} MB of JSONL ({corpus}); {args.cores} cores; {time.strftime('%Y-%m-%d')}")
    print("| measure | result |\n|---|---|")
    for name, value in report:
        print(f"| {name} | {value} |")
    return 0 if same and same_jvm else 1


if __name__ == "__main__":
    sys.exit(main())
