#!/usr/bin/env bash
# How much one core slows down when the other is busy, on this machine, for four kinds of
# work: arithmetic in registers as one dependent chain (latency-bound) and as eight
# independent chains (throughput-bound: what a core's execution units and clock give),
# random reads of a 64 MiB table (DRAM latency) and copies of a 32 MiB buffer (memory
# bandwidth). Each runs alone, then two copies at once, three rounds; the ratio pair ÷
# alone is what a second worker costs the first.
#
# Given a nomina binary and a text corpus, it also runs `nomina normalize --jobs 1` on each
# half of the corpus alone, then on both halves at once (two processes): the most two
# cores give this workload with nothing shared, to set `--jobs 2` ÷ `--jobs 1` against
# (docs/benchmarks.md).
# Usage: Benchmarks/Scripts/core_contention.sh [NOMINA CORPUS]   (needs cc)
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
    } else if (mode == 3) {
        uint64_t a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8;
        for (uint64_t i = 0; i < 1500000000ULL; i++) {
            a += b ^ i; b += c ^ a; c += d ^ i; d += e ^ c; e += f ^ i; f += g ^ e; g += h ^ i; h += a ^ g;
            __asm__ volatile("" : "+r"(a), "+r"(c), "+r"(e), "+r"(g));
        }
        sum = a + b + c + d + e + f + g + h;
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
for mode in 0 3 1 2; do
    case $mode in
        0) name="arithmetic, one chain" ;;
        3) name="arithmetic, 8 chains" ;;
        1) name="random reads, 64 MiB" ;;
        *) name="copies, 32 MiB" ;;
    esac
    for round in 1 2 3; do
        alone=$(seconds "$work/load" $mode)
        seconds "$work/load" $mode > "$work/other" &
        pair=$(seconds "$work/load" $mode)
        wait
        printf '%-22s round %d: alone %.2f s, beside another %.2f s and %.2f s\n' "$name" "$round" "$alone" "$pair" "$(cat "$work/other")"
    done
done
if [ $# -ge 2 ]; then
    nomina=$1 corpus=$2
    size=$(stat -c %s "$corpus")
    head -c $((size / 2)) "$corpus" > "$work/half1"
    tail -c +$((size / 2 + 1)) "$corpus" > "$work/half2"
    "$nomina" normalize "$work/half1" > /dev/null  # the index cache, built once
    for round in 1 2 3; do
        alone=$(seconds "$nomina" normalize --jobs 1 -o /dev/null "$work/half1")
        seconds "$nomina" normalize --jobs 1 -o /dev/null "$work/half2" > "$work/other" &
        pair=$(seconds "$nomina" normalize --jobs 1 -o /dev/null "$work/half1")
        wait
        printf '%-22s round %d: alone %.2f s, beside another %.2f s and %.2f s\n' "nomina, half corpus" "$round" "$alone" "$pair" "$(cat "$work/other")"
    done
fi
