#!/bin/bash
# Byte-identity of `nomina normalize` between two builds, on the same corpora, in every
# format and both modes (standard output and standard error compared):
#
#     git worktree add /tmp/before <commit> && (cd /tmp/before && swift build -c release)
#     Benchmarks/Scripts/compare_outputs.sh /tmp/before/.build/release/nomina .build/release/nomina [english.txt]
#
# The corpora: Examples/naka-news.txt; its lines plus mixed-script, escaped, control and
# invalid-UTF-8 lines, 300 times over, as text, JSONL, CSV and TSV; and an optional large
# English text (the side-by-side script writes one to /tmp/nomina-side-by-side).
set -euo pipefail
before=$1 after=$2 english=${3:-}
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$here/Examples/naka-news.txt" "$work" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
extra = ["Азербайджан и Армения подписали", "阿塞拜疆和亚美尼亚", "Aserbaidschan, \"Naka\" und Baku",
         "Naka\u2028Naqqa\t\u0001x", "la Fédération de Russie", "Naka\r"]
text = (lines + extra) * 300
out = sys.argv[2]
open(f"{out}/mixed.txt", "w", encoding="utf-8").write("\n".join(text) + "\n")
with open(f"{out}/mixed.jsonl", "w", encoding="utf-8") as f:
    for i, line in enumerate(text):
        f.write(json.dumps({"id": i, "text": line}, ensure_ascii=(i % 2 == 0)) + "\n")
with open(f"{out}/mixed.csv", "w", encoding="utf-8") as f:
    f.write("id,text\n" + "".join(f'{i},"' + l.replace('"', '""') + '"\n' for i, l in enumerate(text)))
with open(f"{out}/mixed.tsv", "w", encoding="utf-8") as f:
    f.write("id\ttext\n" + "".join(f"{i}\t" + l.replace("\t", " ") + "\n" for i, l in enumerate(text)))
PY
printf 'ok\xff\xfe Naka\r\nNaka\n' >> "$work/mixed.txt"
printf '{"text": "Naka\n{broken\n' >> "$work/mixed.jsonl"
specs=("$here/Examples/naka-news.txt text" "$work/mixed.txt text" "$work/mixed.jsonl jsonl" "$work/mixed.csv csv" "$work/mixed.tsv tsv")
[ -n "$english" ] && specs+=("$english text")
status=0
for spec in "${specs[@]}"; do
    read -r file format <<< "$spec"
    for mode in replace annotate; do
        extra=()
        if [ "$format" = csv ] || [ "$format" = tsv ]; then extra=(--column text); fi
        "$before" normalize --format "$format" --mode "$mode" "${extra[@]}" --skip-bad "$file" > "$work/before.out" 2> "$work/before.err" || true
        "$after" normalize --format "$format" --mode "$mode" "${extra[@]}" --skip-bad "$file" > "$work/after.out" 2> "$work/after.err" || true
        if cmp -s "$work/before.out" "$work/after.out" && cmp -s "$work/before.err" "$work/after.err"; then
            echo "same       $(basename "$file") $format $mode ($(wc -c < "$work/after.out") bytes)"
        else
            echo "DIFFERENT  $(basename "$file") $format $mode"
            status=1
        fi
    done
done
exit $status
