"""What the benchmark scripts share: a timing loop and the English text corpus."""

import os
import resource
import statistics
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def timed(command, repeat, stdin_path=None):
    """Median wall time of `command` (output discarded), and its peak RSS in KiB."""
    times = []
    peak = 0
    for _ in range(repeat):
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run(command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
        if stdin_path:
            stdin.close()
    return statistics.median(times), times


def timed_interleaved(commands, repeat):
    """Median wall time of each command, run in turn `repeat` times (a round runs each once),
    so that a slow spell of a shared machine falls on all of them and not on one's block."""
    times = [[] for _ in commands]
    for _ in range(repeat):
        for position, command in enumerate(commands):
            start = time.perf_counter()
            subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           check=True)
            times[position].append(time.perf_counter() - start)
    return [statistics.median(each) for each in times]


def corpus(path, megabytes):
    if os.path.exists(path) and os.path.getsize(path) >= megabytes * 1_000_000:
        return
    seed = open(os.path.join(os.path.dirname(REPO), "shared", "samples", "naka-article.txt"), encoding="utf-8").read() \
        if os.path.exists(os.path.join(os.path.dirname(REPO), "shared", "samples", "naka-article.txt")) \
        else open(os.path.join(REPO, "Examples", "naka-news.txt"), encoding="utf-8").read()
    gpl = open("/usr/share/common-licenses/GPL-3", encoding="utf-8").read()
    block = (seed + "\n" + gpl + "\n").encode("utf-8")
    with open(path, "wb") as out:
        out.write(block * (megabytes * 1_000_000 // len(block) + 1))
