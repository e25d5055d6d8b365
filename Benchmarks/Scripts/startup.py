#!/usr/bin/env python3
"""Start-up of `nomina normalize` on one line: wall time and peak memory, median of runs.

    python3 Benchmarks/Scripts/startup.py NOMINA-BINARY -- ARGS...

runs `NOMINA-BINARY normalize ARGS...` with one line on standard input, 11 times, and
prints the median and range of the wall time and the median peak resident memory, e.g.

    python3 Benchmarks/Scripts/startup.py .build/release/nomina -- --index /tmp/geonames.nomina
    python3 Benchmarks/Scripts/startup.py .build/release/nomina -- --dictionary /tmp/geonames.tsv
"""
import resource
import statistics
import subprocess
import sys
import time

LINE = b"Fighting near Stepanakert and in Naqqa, says Lavrov.\n"


def main() -> None:
    if len(sys.argv) < 3 or sys.argv[2] != "--":
        sys.exit(__doc__)
    binary, arguments = sys.argv[1], sys.argv[3:]
    runs = 11 if "--index" in arguments else 3
    times, memories, output = [], [], b""
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        result = subprocess.run([binary, "normalize", *arguments], input=LINE, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
        memories.append(max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before))
        output = result.stdout
    print(f"nomina normalize {' '.join(arguments)}: median {statistics.median(times):.3f} s "
          f"(range {min(times):.3f}–{max(times):.3f} s, {runs} runs), peak memory ≤ {max(memories) // 1024} MB")
    print(f"  output: {output.decode().strip()}")


if __name__ == "__main__":
    main()
