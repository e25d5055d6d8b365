#!/usr/bin/env python3
"""Times shell commands in turn, round after round, and prints each one's median wall time
and CPU time (user + system of the command and its children, from getrusage). Running the
commands in turn makes their ratios compare the same moments of a shared, noisy machine.

    Benchmarks/Scripts/alternate.py ROUNDS NAME 'COMMAND' [NAME 'COMMAND']...

Example (two builds, one and two workers):

    Benchmarks/Scripts/alternate.py 11 \\
        before-j1 "/tmp/base/.build/release/nomina normalize --jobs 1 corpus.txt >/dev/null" \\
        after-j1  ".build/release/nomina normalize --jobs 1 corpus.txt >/dev/null"
"""
import resource
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 4 or len(sys.argv) % 2 != 0:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    commands = list(zip(sys.argv[2::2], sys.argv[3::2]))
    times = {name: [] for name, _ in commands}
    for _ in range(rounds):
        for name, command in commands:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, shell=True, check=True)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            times[name].append((wall, cpu))
    for name, values in times.items():
        walls = " ".join(f"{wall:.2f}" for wall, _ in values)
        print(f"{name:14} wall median {statistics.median(w for w, _ in values):.3f} s, "
              f"CPU median {statistics.median(c for _, c in values):.3f} s  (walls {walls})")


if __name__ == "__main__":
    main()
