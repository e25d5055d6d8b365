#!/usr/bin/env bash
# How much one core slows down when the other is busy, on this machine, for three kinds of
# work: pure arithmetic (registers only), random reads of a 64 MiB table (DRAM latency) and
# copies of a 32 MiB buffer (memory bandwidth). Each runs alone, then two copies at once,
# three rounds; the ratio pair ÷ alone is what a second worker costs the first.
# `--jobs 2` ÷ `--jobs 1` of `nomina normalize` is bounded by it (docs/benchmarks.md).
# Usage: Benchmarks/Scripts/core_contention.sh   (needs cc)
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/load.c" <<'C'
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
    int mode = atoi(argv[1]);
    uint64_t x = 1, sum = 0;
    if (mode == 0) {
        for (uint64_t i = 0; i < 1500000000ULL; i++) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        sum = x;
    } else {
        size_t n = mode == 1 ? (size_t)64 << 20 : (size_t)32 << 20;
        uint8_t *a = malloc(n), *b = malloc(n);
        memset(a, 1, n); memset(b, 2, n);
        if (mode == 1) {
            for (size_t i = 0; i < 100000000; i++) { x = x * 6364136223846793005ULL + 1442695040888963407ULL; sum += a[(x >> 20) % n]; }
        } else {
            for (size_t done = 0; done < ((size_t)4 << 30); done += n) { memcpy(b, a, n); sum += b[done % n]; }
        }
    }
    printf("%llu\n", (unsigned long long)(sum & 1));
    return 0;
}
C
cc -O2 -o "$work/load" "$work/load.c"
seconds() { local start end; start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N); echo "$end - $start" | bc; }
for mode in 0 1 2; do
    name=$([ $mode = 0 ] && echo "arithmetic" || ([ $mode = 1 ] && echo "random reads, 64 MiB" || echo "copies, 32 MiB"))
    for round in 1 2 3; do
        alone=$(seconds "$work/load" $mode)
        seconds "$work/load" $mode > "$work/other" &
        pair=$(seconds "$work/load" $mode)
        wait
        printf '%-22s round %d: alone %.2f s, beside another %.2f s and %.2f s\n' "$name" "$round" "$alone" "$pair" "$(cat "$work/other")"
    done
done
