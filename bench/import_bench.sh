#!/usr/bin/env bash
# Import benchmark: 1,000,000 synthetic payments (plus 10,000 entities) imported by `sanx import` with
# full validation and reference resolution, against the sqlite3 shell's `.import` of the same payments
# file into an equivalent 11-column table (no validation), measured in the same run.
#
#   bench/import_bench.sh [PAYMENTS=1000000] [RUNS=3]
#
# Prints a Markdown table of wall time and peak RSS per run, and the ratio of the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
payments="${1:-1000000}"
runs="${2:-3}"

scripts/setup.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target sanx sanx_gen_payments >/dev/null

work=bench/work
mkdir -p "$work"
data="$work/data-$payments"
if [ ! -f "$data/payments.csv" ]; then
  build/release/bench/sanx_gen_payments "$data" "$payments" 10000 42 >/dev/null
fi
sync

measure() {  # measure COMMAND... -> "seconds peak-kilobytes"
  /usr/bin/time -o "$work/time.txt" -f "%e %M" "$@" >/dev/null 2>"$work/cmd.err" || { cat "$work/cmd.err" >&2; exit 1; }
  tail -1 "$work/time.txt"
}

cat > "$work/sqlite-import.sql" <<SQL
CREATE TABLE payments(id TEXT, date TEXT, originator TEXT, beneficiary TEXT, originator_bic TEXT,
  beneficiary_bic TEXT, intermediary_bics TEXT, network TEXT, currency TEXT, amount TEXT, purpose TEXT);
.import --csv --skip 1 $data/payments.csv payments
SQL

echo "| run | sanx import (s) | sanx peak RSS (MB) | sqlite3 .import (s) | sqlite3 peak RSS (MB) |"
echo "|---|---|---|---|---|"
sanx_times=()
sqlite_times=()
for i in $(seq 1 "$runs"); do
  rm -f "$work/sanx.db"* "$work/sqlite.db"*
  read -r s_sec s_kb < <(measure build/release/cli/sanx import "$data" --db "$work/sanx.db")
  read -r q_sec q_kb < <(measure sh -c "sqlite3 '$work/sqlite.db' < '$work/sqlite-import.sql'")
  sanx_times+=("$s_sec")
  sqlite_times+=("$q_sec")
  echo "| $i | $s_sec | $((s_kb / 1024)) | $q_sec | $((q_kb / 1024)) |"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms=$(median "${sanx_times[@]}")
mq=$(median "${sqlite_times[@]}")
echo
echo "median: sanx ${ms} s, sqlite3 ${mq} s, ratio $(awk -v a="$ms" -v b="$mq" 'BEGIN {printf "%.2f", a / b}')x"
rows=$(sqlite3 "$work/sanx.db" "select count(*) from payments")
echo "rows in sanx database: $rows"
