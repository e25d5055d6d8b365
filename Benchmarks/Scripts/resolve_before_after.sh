#!/usr/bin/env bash
# Times `nomina resolve` end to end (start-up, stages, TSV output) for two builds, in the
# same run, alternating, on three query sets: names exactly as the bundled dictionaries
# write them, one-edit typos (devset), and the independent tuning split (mixed, many
# misses). Prints the median of RUNS wall times per build and set, and after ÷ before.
#
#   Benchmarks/Scripts/resolve_before_after.sh BEFORE_BINARY AFTER_BINARY [RUNS]
#
# Each binary maps its own cached bundled index (NOMINA_CACHE_DIR is set to a scratch
# folder and warmed first), so start-up is the mapped index's.
# FORMAT=jsonl times the JSON lines output instead of TSV (the same code in both builds,
# so the ratio is the stages' own).
set -euo pipefail
before=$1; after=$2; runs=${3:-7}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export NOMINA_CACHE_DIR=$work/cache
"$after" export --format tsv | awk -F'\t' '!/^#/ && $4 != "" {print $4}' | awk 'NR % 2 == 0 && ++n <= 20000' > "$work/exact.txt"
for _ in $(seq 20); do awk -F'\t' '!/^#/ && $1 == "typo" {print $2}' "$root/Tests/Evaluation/devset.tsv"; done > "$work/typo.txt"
for _ in 1 2 3; do awk -F'\t' '!/^#/ {print $2}' "$root/Tests/Evaluation/independent/tune.tsv"; done > "$work/mixed.txt"
"$before" resolve x > /dev/null; "$after" resolve x > /dev/null
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for set in exact typo mixed; do
  : > "$work/b"; : > "$work/a"
  for _ in $(seq "$runs"); do
    for which in b a; do
      binary=$before; [ "$which" = a ] && binary=$after
      start=$(date +%s%N); "$binary" resolve --format "${FORMAT:-tsv}" < "$work/$set.txt" > /dev/null; end=$(date +%s%N)
      echo $(( (end - start) / 1000000 )) >> "$work/$which"
    done
  done
  b=$(median < "$work/b"); a=$(median < "$work/a"); n=$(wc -l < "$work/$set.txt")
  awk -v s="$set" -v n="$n" -v b="$b" -v a="$a" 'BEGIN {printf "%-6s %6d queries  before %5d ms (%4.1f µs/query)  after %5d ms (%4.1f µs/query)  after/before %.2f\n", s, n, b, b*1000/n, a, a*1000/n, a/b}'
done
