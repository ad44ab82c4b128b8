#!/usr/bin/env bash
# Ownership exposure benchmark: a deterministic synthetic graph (default 1,000,000 entities, 3,000,000
# relations, 20,000 listed persons) analysed by graph::OwnershipAnalysis under OFAC, the EU and the UK,
# each alone (best of RUNS) and all three on 2 threads; single-entity query latency over 10,000 random
# entities; peak RSS (getrusage, and /usr/bin/time for the whole process). Peer in the same run: the OFAC
# rule as an iterated INSERT … SELECT … GROUP BY … HAVING SUM(share) >= 50 in SQLite until no row is
# added. The program exits non-zero when the two blocked sets differ.
#
#   bench/ownership_bench.sh [ENTITIES=1000000] [EDGES=3000000] [SEEDS=20000] [RUNS=3]
#
# Prints Markdown for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
entities="${1:-1000000}"
edges="${2:-3000000}"
seeds="${3:-20000}"
runs="${4:-3}"

scripts/setup.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release -j 2 --target sanx_ownership_bench >/dev/null

mkdir -p bench/work
echo "build/release/bench/sanx_ownership_bench --entities $entities --edges $edges --seeds $seeds --queries 10000 --runs $runs"
/usr/bin/time -o bench/work/ownership-time.txt -f "%e s wall, %M KB peak RSS (whole process, SQLite peer included)" \
  build/release/bench/sanx_ownership_bench --entities "$entities" --edges "$edges" --seeds "$seeds" \
  --queries 10000 --runs "$runs"
echo
cat bench/work/ownership-time.txt
