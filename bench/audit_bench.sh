#!/usr/bin/env bash
# Whole-audit benchmark: every rule pack in rules/ (whatever the checkout holds), plus the window rules of
# bench/audit/windows.rules, over a generated world (sanx_gen_world: PAYMENTS payments, SHIPMENTS
# shipments, ENTITIES entities with relations and designations) and over datasets/demo. Each dataset is
# imported once; then `sanx audit --profile` runs RUNS times on 1 and on 2 threads. The figure is the
# evaluation as the profile measures it (its setup of ownership, identity and screening indexes, the
# window indexes, the typologies and putting the findings in order included; loading from SQLite and
# saving the run not: they are reported apart). The peer, in the same run: the SHETAB burst rule as SQL window functions
# in the sqlite3 shell over the same database, which must count as many payments as sanx fires on.
#
#   bench/audit_bench.sh [PAYMENTS=1000000] [SHIPMENTS=200000] [ENTITIES=50000] [RUNS=3]
#
# Prints Markdown tables: subjects/s per dataset, pack and thread count, and the per-rule cost of the best
# 2-thread run over the generated world. Work files go to bench/work/audit/.
set -euo pipefail
cd "$(dirname "$0")/.."
payments="${1:-1000000}"
shipments="${2:-200000}"
entities="${3:-50000}"
runs="${4:-3}"

cmake --preset release >/dev/null
cmake --build build/release -j2 --target sanx sanx_gen_world >/dev/null
sanx=build/release/cli/sanx
work=bench/work/audit
mkdir -p "$work"
rm -f "$work"/*-[12]-*.json "$work"/*-[12]-*.out "$work"/*-[12]-*.err  # profiles of an earlier run

world="$work/world-$payments-$shipments-$entities"
if [ ! -f "$world/dataset.toml" ]; then
  build/release/bench/sanx_gen_world "$world" "$payments" "$shipments" "$entities" 7 >&2
fi
import() {  # import DATASET_TOML DB: a fresh database
  rm -f "$2" "$2-wal" "$2-shm"
  local t0=$SECONDS
  "$sanx" import "$1" --db "$2" >/dev/null 2>"$work/import.err" || { cat "$work/import.err" >&2; exit 3; }
  echo "imported $1 in $((SECONDS - t0)) s" >&2
}
import "$world/dataset.toml" "$work/world.db"
import datasets/demo/dataset.toml "$work/demo.db"

echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" >&2

# audit NAME DB THREADS RULES...: RUNS audits; keeps each run's profile (JSON) as
# $work/NAME-THREADS-RUN.json and each run's findings count in $work/NAME-THREADS-RUN.out.
audit() {
  local name="$1" db="$2" threads="$3"
  shift 3
  local rules=()
  for r in "$@"; do rules+=(--rules "$r"); done
  for ((run = 1; run <= runs; run++)); do
    local rc=0
    "$sanx" audit "${rules[@]}" --db "$db" --as-of 2024-12-31 --threads "$threads" --format jsonl --out /dev/null \
      --profile >"$work/$name-$threads-$run.out" 2>"$work/$name-$threads-$run.err" || rc=$?
    if [ "$rc" -gt 1 ]; then cat "$work/$name-$threads-$run.err" >&2; exit "$rc"; fi
    grep '^{' "$work/$name-$threads-$run.err" | tail -1 >"$work/$name-$threads-$run.json"
  done
}
for threads in 1 2; do
  audit world-packs "$work/world.db" "$threads" rules
  audit world-all "$work/world.db" "$threads" rules bench/audit/windows.rules
  audit demo-packs "$work/demo.db" "$threads" rules
  audit demo-all "$work/demo.db" "$threads" rules bench/audit/windows.rules
done

# Peer: the SHETAB burst of bench/audit/windows.rules in SQL. RANGE ... CURRENT ROW includes the payment
# itself and its same-day peers, as sanx's window does without the subject: count - 1 earlier operations,
# and the sum is the earlier total plus this payment's amount.
peer_sql="
.timer on
WITH ops AS (
  SELECT originator, CAST(julianday(date) AS INTEGER) AS d, CAST(amount AS REAL) AS amount
  FROM payments WHERE network = 'SHETAB'),
w AS (
  SELECT count(*) OVER win - 1 AS earlier, sum(amount) OVER win AS total
  FROM ops WINDOW win AS (PARTITION BY originator ORDER BY d RANGE BETWEEN 30 PRECEDING AND CURRENT ROW))
SELECT count(*) FROM w WHERE earlier >= 13 AND total > 30000;"
: >"$work/peer.txt"
for ((run = 1; run <= runs; run++)); do
  sqlite3 "$work/world.db" <<<"$peer_sql" >>"$work/peer.txt"
done

python3 - "$work" "$runs" "$payments" "$shipments" "$entities" <<'PY'
import glob, json, re, sys
work, runs = sys.argv[1], int(sys.argv[2])
def best(name, threads):
    ps = [json.load(open(f)) for f in sorted(glob.glob(f"{work}/{name}-{threads}-*.json"))]
    return min(ps, key=lambda p: p["seconds"]) if ps else None
def findings(name, threads):
    text = open(f"{work}/{name}-{threads}-1.out").read()
    m = re.search(r": (\d+) findings? in", text)
    return int(m.group(1)) if m else -1
print(f"| dataset | rules | threads | subjects | evaluation s (best of {runs}) | subjects/s | setup s | window indexes s | minor faults | load s | findings |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
labels = {"world-packs": ("generated world", "rules/"), "world-all": ("generated world", "rules/ + bench windows"),
          "demo-packs": ("datasets/demo", "rules/"), "demo-all": ("datasets/demo", "rules/ + bench windows")}
for name in ["world-packs", "world-all", "demo-packs", "demo-all"]:
    for threads in (1, 2):
        p = best(name, threads)
        if p is None: continue
        d, r = labels[name]
        print(f"| {d} | {r} | {threads} | {p['subjects']:,} | {p['seconds']:.3f} | {p['subjects']/p['seconds']:,.0f} | "
              f"{p.get('setup_seconds', 0):.3f} | {p['index_seconds']:.3f} | {p.get('minor_faults', 0):,} | {p['load_seconds']:.2f} | {findings(name, threads):,} |")
p = best("world-all", 2)
if p:
    print()
    print(f"Per-rule cost, generated world, rules/ + bench windows, best 2-thread run ({p['seconds']:.3f} s):")
    print()
    print("| rule | kind | reached | fired | undetermined | index s | eval s (both threads) | share |")
    print("|---|---|---|---|---|---|---|---|")
    total = sum(r["seconds"] + r["index_seconds"] for r in p["rules"]) or 1
    for r in sorted(p["rules"], key=lambda r: -(r["seconds"] + r["index_seconds"])):
        print(f"| {r['rule']} | {r['subject_kind']} | {r['reached']:,} of {r['subjects']:,} | {r['fired']:,} | "
              f"{r['undetermined']:,} | {r['index_seconds']:.3f} | {r['seconds']:.3f} | "
              f"{100 * (r['seconds'] + r['index_seconds']) / total:.1f}% |")
    fired = next((r["fired"] for r in p["rules"] if r["rule"] == "bench_windows.shetab_card_burst"), None)
    peer = open(f"{work}/peer.txt").read()
    counts = re.findall(r"^(\d+)$", peer, re.M)
    times = [float(t) for t in re.findall(r"Run Time: real ([0-9.]+)", peer)]
    print()
    print(f"Peer: sqlite3 window functions, SHETAB burst only, best of {len(times)}: {min(times):.3f} s, "
          f"{counts[0] if counts else '?'} payments (sanx fired on {fired}).")
PY
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
