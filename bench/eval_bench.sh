#!/usr/bin/env bash
# Evaluation benchmark: PAYMENTS synthetic payments (default 1,000,000) × a pack of 20 field-level payment
# rules. sanx_eval_bench builds the dataset in memory, compiles the pack and times eval::evaluate with 1 and
# 2 threads; it exports the same payments for the peers in bench/eval/, run with node in the same run:
# a hand-written JavaScript function, json-logic-js, json-rules-engine and DuckDB (@duckdb/node-api, SQL).
# Every peer times evaluation only (data loaded first) and must find as many findings as sanx.
#
#   bench/eval_bench.sh [PAYMENTS=1000000] [JRE_PAYMENTS=50000]
#
# json-rules-engine runs a few thousand payments/s, so it runs on the first JRE_PAYMENTS payments and its
# rate is reported as measured there. sanx's payment columns (model::PaymentColumns) are built before the
# timed evaluation, as store::load_dataset builds them; their build time is reported apart as "load". npm packages go to bench/work/node_modules; a peer whose package
# cannot be installed is skipped. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/.."
payments="${1:-1000000}"
jre_payments="${2:-50000}"
if [ "$jre_payments" -gt "$payments" ]; then jre_payments="$payments"; fi

scripts/setup.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target sanx_eval_bench >/dev/null

work=bench/work
data="$work/eval-$payments"
mkdir -p "$data"
results="$work/eval-results.txt"
: > "$results"

echo "running sanx_eval_bench on $payments payments..." >&2
build/release/bench/sanx_eval_bench --payments "$payments" --export "$data" --rules "$data/bench.rules" \
  | tee -a "$results" >&2

# Peers.
have_node=1
command -v node >/dev/null || { echo "node not found: skipping all JavaScript peers" >&2; have_node=0; }
if [ "$have_node" = 1 ]; then
  cp bench/eval/package.json "$work/package.json"
  npm_err="$PWD/$work/npm.err"
  if ! (cd "$work" && npm install --no-audit --no-fund --loglevel=error >/dev/null 2>"$npm_err"); then
    echo "npm install failed (see $work/npm.err); installing the peers one by one" >&2
    for pkg in json-rules-engine json-logic-js @duckdb/node-api; do
      (cd "$work" && npm install --no-audit --no-fund --no-save --loglevel=error "$pkg" >/dev/null 2>>"$npm_err") ||
        echo "cannot install $pkg: its peer is skipped" >&2
    done
  fi
  export NODE_PATH="$PWD/$work/node_modules"
  has_pkg() { node -e "require.resolve('$1')" 2>/dev/null; }
  peer() {  # peer PACKAGE SCRIPT ARGS...
    local pkg="$1"; shift
    if [ -n "$pkg" ] && ! has_pkg "$pkg"; then echo "$pkg is not installed: skipping $1" >&2; return; fi
    echo "running $*..." >&2
    node "bench/eval/$@" | tee -a "$results" >&2 || echo "peer $1 failed: skipped" >&2
  }
  peer "" eval_plain.js "$data" 0 3
  peer json-logic-js eval_json_logic.js "$data" 0 1
  peer json-rules-engine eval_json_rules_engine.js "$data" "$jre_payments" 1
  THREADS=1 peer @duckdb/node-api eval_duckdb.js "$data" 0 3
  THREADS=2 peer @duckdb/node-api eval_duckdb.js "$data" 0 3
fi

# Table.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
base=$(grep '^sanx threads=1 ' "$results" | sed -n 's/.* payments_per_s=\([0-9]*\).*/\1/p')
sanx_findings=$(grep '^sanx threads=1 ' "$results" | sed -n 's/.* findings=\([0-9]*\).*/\1/p')
echo
echo "$payments payments × 20 rules ($(nproc) CPUs)"
echo
echo "| engine | threads | payments/s | findings | ratio to sanx 1-thread |"
echo "|---|---|---|---|---|"
while read -r line; do
  engine=${line%% *}
  threads=$(field threads "$line")
  rate=$(field payments_per_s "$line")
  findings=$(field findings "$line")
  note=$(field note "$line")
  n=$(field payments "$line")
  shown="$findings"
  if [ -n "$note" ]; then
    shown="$findings (first $n payments)"
    engine="$engine (rate measured on the first $n payments, extrapolated)"
  elif [ "$findings" != "$sanx_findings" ]; then
    shown="$findings (sanx: $sanx_findings!)"
    echo "warning: $engine found $findings findings, sanx $sanx_findings" >&2
  fi
  ratio=$(awk -v a="$rate" -v b="$base" 'BEGIN {printf "%.3g", a / b}')
  echo "| $engine | $threads | $(printf "%'d" "$rate" 2>/dev/null || echo "$rate") | $shown | ${ratio}× |"
done < <(grep -v '^sanx-load ' "$results")
echo
load=$(grep '^sanx-load ' "$results" | sed -n 's/.* payment_columns_seconds=\([0-9.]*\).*/\1/p')
echo "sanx load step outside the timed evaluation: payment columns built in ${load} s"
