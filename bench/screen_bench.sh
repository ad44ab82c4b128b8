#!/usr/bin/env bash
# Screening benchmark (issue 6). sanx_screen_bench imports every bundled list (not timed), builds the
# screening index, screens the evaluation set (tests/data/screening/eval.csv) on one and two threads, then
# screens a sample of it against the 2021 SDN list alone and exports those names and queries; the peers
# in bench/screen/ (fuzzball's extract with token_set_ratio, a brute-force Jaro-Winkler) answer the same
# queries over the same names in the same run. Last, an index of SYNTHETIC generated names.
#
#   bench/screen_bench.sh [SYNTHETIC=1000000] [PEER_QUERIES=300]
#
# npm packages go to bench/work/screen/node_modules; a peer whose package cannot be installed is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
synthetic="${1:-1000000}"
peer_queries="${2:-300}"

scripts/setup.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target sanx_screen_bench >/dev/null

work=bench/work/screen
mkdir -p "$work"
echo "running sanx_screen_bench..." >&2
build/release/bench/sanx_screen_bench --lists datasets/lists --eval tests/data/screening/eval.csv \
  --export "$work" --synthetic "$synthetic" --peer-queries "$peer_queries" --runs 3

if command -v node >/dev/null; then
  cp bench/screen/package.json "$work/package.json"
  (cd "$work" && npm install --no-audit --no-fund --loglevel=error >/dev/null 2>"npm.err") ||
    echo "npm install failed (see $work/npm.err): peers may be skipped" >&2
  export NODE_PATH="$PWD/$work/node_modules"
  for peer in fuzzball jaro-winkler; do
    if node -e "require.resolve('$peer')" 2>/dev/null; then
      echo "running $peer..." >&2
      node bench/screen/peers.js "$peer" "$work/names.tsv" "$work/queries.tsv"
    else
      echo "$peer is not installed: skipped" >&2
    fi
  done
else
  echo "node not found: peers skipped" >&2
fi
