#!/usr/bin/env bash
# Check + compile of a generated pack of N rules (default 1,000) spread over 10 files, each rule with
# meta, lets, set lookups, a quantifier and a reason template: `sanx check` parses, checks and compiles.
#
#   bench/check_bench.sh [RULES=1000] [RUNS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
rules="${1:-1000}"
runs="${2:-5}"

scripts/setup.sh >/dev/null
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target sanx >/dev/null

pack="bench/work/pack-$rules"
rm -rf "$pack"
mkdir -p "$pack"
per_file=$(( (rules + 9) / 10 ))
n=0
for f in $(seq 0 9); do
  {
    echo "namespace pack$f"
    echo "set HUBS$f: country = {\"AE\", \"AM\", \"KZ\", \"KG\", \"TR\", \"HK\", \"CN\", \"GE\"}"
    echo "set WATCH$f = {\"SPFS\", \"SEPAM\", \"CIPS\", \"MIR\", \"SHETAB\"}"
    for i in $(seq 1 "$per_file"); do
      [ "$n" -ge "$rules" ] && break
      n=$((n + 1))
      cat <<RULE
rule r$n {
  meta {
    title = "generated rule $n"
    severity = medium
    pattern = "generated_$n"
    regimes = [OFAC, EU]
    status = test
  }
  on payment p
  let from = bic_country(p.originator_bic)
  let to = bic_country(p.beneficiary_bic)
  when p.network in WATCH$f and (from in HUBS$f or to in HUBS$f) and p.amount > $n
       and not (p.purpose contains "salary") and any b in p.intermediary_bics: bic_country(b) == "RU"
  reason "payment {p.id} of {p.amount} {p.currency} from {from} to {to} (rule $n)"
}
RULE
    done
  } > "$pack/pack$f.rules"
done

echo "| run | sanx check of $rules rules (s) | peak RSS (MB) |"
echo "|---|---|---|"
times=()
for i in $(seq 1 "$runs"); do
  /usr/bin/time -o bench/work/time.txt -f "%e %M" build/release/cli/sanx check "$pack" >/dev/null
  read -r sec kb < bench/work/time.txt
  times+=("$sec")
  echo "| $i | $sec | $((kb / 1024)) |"
done
printf 'median: %s s\n' "$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
