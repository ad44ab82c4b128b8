#!/usr/bin/env bash
# The main job on the bundled data: set up, build the release preset, import datasets/demo into a fresh
# database, and audit it with the bundled rule pack (rules/) as of the dataset's date.
# Usage: scripts/demo.sh   (the database is written to build/demo/sanx.db)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"

db=build/demo/sanx.db
mkdir -p build/demo
rm -f "$db" "$db-wal" "$db-shm"
sanx=build/release/cli/sanx
"$sanx" import datasets/demo --db "$db"
"$sanx" check rules
# Exit code 1 means "findings", which is what the demo world is for.
"$sanx" audit --rules rules --db "$db" --as-of 2025-06-30 || [ $? -eq 1 ]
