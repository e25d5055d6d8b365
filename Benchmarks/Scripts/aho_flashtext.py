#!/usr/bin/env python3
"""pyahocorasick and FlashText on the corpora and alias list the Extraction benchmark wrote
(exact strings only: no normalisation, no fuzzy mentions). Prints one line per corpus and
tool: "<corpus> <tool> <MB/s> MB/s (<mentions> matches)", the median of 3 runs, one core.

    python3 Scripts/aho_flashtext.py /tmp/extraction/bundled
"""
import statistics
import sys
import time

import ahocorasick
from flashtext import KeywordProcessor

folder = sys.argv[1]
aliases = [a for a in open(f"{folder}/aliases.txt", encoding="utf-8").read().split("\n") if a]

automaton = ahocorasick.Automaton()
for alias in aliases:
    automaton.add_word(alias, alias)
automaton.make_automaton()

keywords = KeywordProcessor(case_sensitive=True)
for alias in aliases:
    keywords.add_keyword(alias)


def measure(lines, scan):
    size = sum(len(line.encode("utf-8")) + 1 for line in lines)
    times, found = [], 0
    for _ in range(3):
        start = time.perf_counter()
        found = 0
        for line in lines:
            found += scan(line)
        times.append(time.perf_counter() - start)
    return size / statistics.median(times) / 1e6, found


for corpus in ("english", "mixed"):
    lines = open(f"{folder}/{corpus}.txt", encoding="utf-8").read().split("\n")
    rate, found = measure(lines, lambda line: sum(1 for _ in automaton.iter_long(line)))
    print(f"{corpus} pyahocorasick {rate:.1f} MB/s ({found} matches)", flush=True)
    rate, found = measure(lines, lambda line: len(keywords.extract_keywords(line)))
    print(f"{corpus} flashtext {rate:.1f} MB/s ({found} matches)", flush=True)
