#!/usr/bin/env python3
"""Normalise a corpus with `nomina normalize` as a Spark stage (docs/spark.md).

The driver ships the `nomina` binary and a compiled index to the executors with
`SparkContext.addFile`; each partition of the input is piped through

    nomina normalize --index INDEX --format FORMAT [options]

with `RDD.pipe`, and the output is written with `saveAsTextFile`, one part file per
partition, in the input's order. `nomina normalize` is shard-invariant: the part files,
concatenated in order, are byte for byte the output of one `nomina normalize` over the
whole input (for line-framed inputs: text, JSONL, and CSV/TSV without line breaks inside
fields; see docs/spark.md).

Usage (local mode, 2 cores):

    python Examples/spark/normalize_job.py --nomina .build/release/nomina \\
        --index nomina.idx --input corpus.jsonl --output out/ --partitions 8 \\
        -- --format jsonl --mode annotate

Everything after `--` is passed to `nomina normalize`. On a cluster, submit it with
`spark-submit` (docs/spark.md); the binary must be built for the executors' platform.
"""

import argparse
import os
import shlex
import sys
import time

from pyspark import SparkConf, SparkContext, SparkFiles


def pipe_command(sc, nomina, index, normalize_args):
    """The command each partition runs. In local mode the shipped files are in the
    driver's SparkFiles folder; on a cluster's executors they are in the working folder
    (SparkFiles' root there), so relative paths name them."""
    if sc.master.startswith("local"):
        binary, index_path = SparkFiles.get(os.path.basename(nomina)), SparkFiles.get(os.path.basename(index))
    else:
        binary, index_path = "./" + os.path.basename(nomina), "./" + os.path.basename(index)
    # --no-progress: stderr is the executor's log. The index is mapped, never rebuilt, so
    # a partition starts in milliseconds.
    return shlex.join([binary, "normalize", "--no-progress", "--index", index_path] + list(normalize_args))


def normalize(sc, nomina, index, input_path, output_path, partitions, normalize_args, ship=True):
    """Pipes `input_path` through `nomina normalize` in at least `partitions` partitions
    and writes the result to the folder `output_path`; returns the number of partitions."""
    if ship:
        sc.addFile(os.path.abspath(nomina))
        sc.addFile(os.path.abspath(index))
    command = pipe_command(sc, nomina, index, normalize_args)
    lines = sc.textFile(input_path, minPartitions=partitions)
    # checkCode: a partition whose nomina exits non-zero fails its task (Spark retries it;
    # the filter is deterministic, so a rerun writes the same bytes). PySpark runs the
    # command in an environment of `env` only; nomina needs none when given --index.
    lines.pipe(command, env={}, checkCode=True).saveAsTextFile(output_path)
    return lines.getNumPartitions()


def concatenate_parts(output_path):
    """The bytes of the part files of a `saveAsTextFile` folder, in partition order."""
    names = sorted(name for name in os.listdir(output_path) if name.startswith("part-"))
    data = bytearray()
    for name in names:
        with open(os.path.join(output_path, name), "rb") as part:
            data += part.read()
    return bytes(data)


def spark_context(master, app_name="nomina-normalize"):
    conf = (SparkConf().setMaster(master).setAppName(app_name)
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false"))
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    return sc


def check_arguments(normalize_args, output_path):
    """Refuses, before Spark starts, what would fail or mislead later: an output folder
    that exists (saveAsTextFile refuses it after the job has run), and annotate mode on
    text without --no-record-numbers (each partition would number its records from 1)."""
    problems = []
    if os.path.exists(output_path):
        problems.append(f"the output folder {output_path} exists; remove it or choose another")
    options = list(normalize_args)

    def value(name, default):
        for position, option in enumerate(options):
            if option == name and position + 1 < len(options):
                return options[position + 1]
            if option.startswith(name + "="):
                return option.split("=", 1)[1]
        return default

    if value("--format", "text") == "text" and value("--mode", "replace") == "annotate" \
            and "--no-record-numbers" not in options:
        problems.append("annotate mode on text numbers records from 1 in every partition; "
                        "give --no-record-numbers after --")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nomina", required=True, help="the nomina binary (built for the executors' platform)")
    parser.add_argument("--index", required=True, help="an index from `nomina compile` (the same Nomina build)")
    parser.add_argument("--input", required=True, help="the corpus: a file or folder Spark's textFile reads")
    parser.add_argument("--output", required=True, help="the output folder (must not exist)")
    parser.add_argument("--partitions", type=int, default=8, help="the least number of partitions (default 8)")
    parser.add_argument("--master", default=os.environ.get("SPARK_MASTER", "local[2]"),
                        help="Spark master (default: $SPARK_MASTER, else local[2]; spark-submit sets it)")
    parser.add_argument("normalize_args", nargs=argparse.REMAINDER, help="-- then options of nomina normalize")
    args = parser.parse_args()
    normalize_args = args.normalize_args[1:] if args.normalize_args[:1] == ["--"] else args.normalize_args

    problems = check_arguments(normalize_args, args.output) if "://" not in args.output else []
    for name, path in (("--nomina", args.nomina), ("--index", args.index)):
        if not os.path.isfile(path):
            problems.append(f"{name} {path} is not a file")
    if problems:
        for problem in problems:
            print(f"normalize_job: {problem}", file=sys.stderr)
        return 2

    sc = spark_context(args.master)
    try:
        started = time.perf_counter()
        count = normalize(sc, args.nomina, args.index, args.input, args.output, args.partitions, normalize_args)
        seconds = time.perf_counter() - started
    except Exception as error:  # a Py4JJavaError holds the whole Java trace: one line is enough
        lines = str(error).splitlines() or [type(error).__name__]
        exited = [line for line in lines if "PIPE_FUNCTION_EXITED" in line and "exited with error code" in line]
        reason = ("a partition's nomina exited with status " + exited[0].rsplit("error code", 1)[1].strip(" .")
                  if exited else lines[0].strip()[:300])
        print(f"normalize_job: the job failed: {reason}\n"
              "normalize_job: nomina's own message is above in the task's log (a line starting \"Error:\"; "
              "<stdin>:LINE counts lines within the partition); the output folder may hold a _temporary folder: "
              "remove it before running again", file=sys.stderr)
        return 1
    finally:
        sc.stop()
    size = os.path.getsize(args.input) if os.path.isfile(args.input) else None
    rate = f", {size / seconds / 1e6:.2f} MB/s" if size else ""
    print(f"normalize_job: {count} partitions in {seconds:.1f} s{rate} -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
