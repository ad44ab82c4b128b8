#!/usr/bin/env bash
# The main job on the bundled data: set up, build the release preset, import datasets/demo into a fresh
# database, audit it with the bundled rule packs (rules/) as of the dataset's date, and print a summary:
# counts by severity and by pack and pattern, the top finding of each pattern with its reason, and (when
# python3 is there) whether every planted case was found and no near-miss was flagged.
# Usage: scripts/demo.sh   (the database is written to build/demo/sanx.db, every finding to
# build/demo/findings.jsonl). Exit status: 0 when the audit ran (finding things is what the demo world is
# for), 2 when the rules or the data have errors, as sanx itself.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"

db=build/demo/sanx.db
findings=build/demo/findings.jsonl
mkdir -p build/demo
rm -f "$db" "$db-wal" "$db-shm" "$findings"
sanx=build/release/cli/sanx
"$sanx" import datasets/demo --db "$db"
"$sanx" check rules
# Exit code 1 means "findings", which is what the demo world is for.
status=0
"$sanx" audit --rules rules --db "$db" --as-of 2025-06-30 --format jsonl --out "$findings" || status=$?
if [ "$status" -gt 1 ]; then
  exit "$status"
fi

echo
sqlite3 "$db" < datasets/demo/summary.sql
echo
if command -v python3 >/dev/null; then
  python3 datasets/demo/check_demo.py datasets/demo --audit "$findings" --rules rules --quiet \
    || echo "demo: the audit does not match the planted cases above (datasets/demo/README.md lists them)"
fi
echo "All findings: $findings; the run is kept in $db (sanx audit --help, sanx exposure, sanx screen)."
