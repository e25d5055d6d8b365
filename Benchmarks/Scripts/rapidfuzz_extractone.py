#!/usr/bin/env python3
"""RapidFuzz process.extractOne over the same folded keys and queries as the GeoNames
benchmark, with a cutoff equivalent to Nomina's fuzzy stage (normalised Levenshtein
similarity ≥ 0.75 × 100, the resolver's threshold), and the ratio to Nomina's median.

    python3 Scripts/rapidfuzz_extractone.py /tmp/geonames-queries
"""
import statistics
import sys
import time

import rapidfuzz
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein


def median_extractone_us(queries, keys):
    """Median microseconds of one extractOne over `keys`, with Nomina's fuzzy cutoff."""
    latencies = []
    for query in queries:
        start = time.perf_counter()
        process.extractOne(query, keys, scorer=Levenshtein.normalized_similarity, score_cutoff=0.75)
        latencies.append((time.perf_counter() - start) * 1e6)
    return statistics.median(latencies)


if __name__ == "__main__":
    folder = sys.argv[1]
    keys = open(f"{folder}/keys.txt", encoding="utf-8").read().split("\n")
    queries = open(f"{folder}/queries.txt", encoding="utf-8").read().split("\n")
    ours = float(open(f"{folder}/nomina-fuzzy-median-us.txt").read())
    sample = queries[:50]
    median = median_extractone_us(sample, keys)
    print(f"rapidfuzz {rapidfuzz.__version__} extractOne over {len(keys)} keys: median {median:.0f} µs ({len(sample)} queries)")
    print(f"nomina fuzzy resolve median {ours:.0f} µs: {median / ours:.0f}x faster")
