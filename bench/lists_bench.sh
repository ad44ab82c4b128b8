#!/usr/bin/env bash
# List import benchmark: each bundled official list imported by `sanx import --format` into a fresh
# database (reading, checking, mapping to the model, writing every table in one transaction), against a
# peer measured in the same run: Python's standard library (csv / xml.etree) reading the same files and
# counting their records, without a model or a database (bench/lists/parse_peer.py).
#
#   bench/lists_bench.sh [RUNS=5]
#
# Prints a Markdown table: median wall time and peak RSS of each, and the issue's goal.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"

scripts/setup.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target sanx >/dev/null

work=bench/work/lists
mkdir -p "$work"

measure() {  # measure COMMAND... -> "seconds peak-kilobytes"
  /usr/bin/time -o "$work/time.txt" -f "%e %M" "$@" >/dev/null 2>"$work/cmd.err" || { cat "$work/cmd.err" >&2; exit 1; }
  tail -1 "$work/time.txt"
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

have_python=1
command -v python3 >/dev/null || { echo "python3 not found: the peer is skipped" >&2; have_python=0; }

echo "| list | format | goal | sanx median (s) | sanx peak RSS (MB) | Python stdlib read (s) | ratio |"
echo "|---|---|---|---|---|---|---|"
while read -r label format file goal as_of; do
  sanx_times=(); peer_times=(); rss=0
  for _ in $(seq 1 "$runs"); do
    rm -f "$work/sanx.db"*
    # OFAC's CSV files state no date: the snapshot's date is given, as a user would.
    read -r sec kb < <(measure build/release/cli/sanx import --db "$work/sanx.db" --format "$format" \
      ${as_of:+--as-of "$as_of"} "$file")
    sanx_times+=("$sec"); if [ "$kb" -gt "$rss" ]; then rss=$kb; fi
    if [ "$have_python" = 1 ]; then
      read -r psec _ < <(measure python3 bench/lists/parse_peer.py "$format" "$file")
      peer_times+=("$psec")
    fi
  done
  ms=$(median "${sanx_times[@]}")
  if [ "$have_python" = 1 ]; then
    mp=$(median "${peer_times[@]}")
    ratio=$(awk -v a="$ms" -v b="$mp" 'BEGIN {printf "%.2f", a / b}')
  else
    mp="-"; ratio="-"
  fi
  echo "| $label | $format | ≤ $goal s | $ms | $((rss / 1024)) | $mp | ${ratio}x |"
done <<LISTS
OFAC-SDN-2021 ofac-csv datasets/lists/ofac_sdn_2021-07/sdn.csv 1 2021-07-07
UN-2026 un-xml datasets/lists/un_consolidated_2026-02/UN_consolidated.xml 0.5
OFAC-advanced-2020 ofac-advanced datasets/lists/ofac_cons_advanced_2020-03/cons_advanced.xml 1
LISTS
