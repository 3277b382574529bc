#!/usr/bin/env bash
# The emulator benchmarks side by side: compiles benchmarks/erlang/*.erl with
# erlc into a scratch folder, runs bench_main on each VM and prints a table
# of milliseconds per benchmark (the median over the runs) and, for two VMs,
# the second's median over the first's, then that ratio in each run.
#   benchmarks/erlang/run.sh                        erl alone
#   benchmarks/erlang/run.sh --vm erl --vm PATH_TO_LING [--runs N]
#   benchmarks/erlang/run.sh --smoke                one iteration each
# A VM is a command taking erl's command line (`VM -noshell -pa DIR -s
# bench_main main`). The runs alternate the VMs, so that the machine's
# noise falls on both.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
vms=()
entry=main
runs=1
while (($#)); do
  case $1 in
    --vm) vms+=("$2"); shift 2 ;;
    --runs)
      [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || { echo "--runs takes a count" >&2; exit 2; }
      runs=$2; shift 2 ;;
    --smoke) entry=smoke; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
((${#vms[@]})) || vms=(erl)

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
erlc +warnings_as_errors -o "$scratch" "$here"/*.erl

# One results file per VM and run: lines `NAME ITERATIONS NANOSECONDS`.
for ((run = 1; run <= runs; run++)); do
  for i in "${!vms[@]}"; do
    vm=${vms[$i]}
    echo "run $run on $vm ..." >&2
    if ! (cd "$scratch" && ERL_CRASH_DUMP_SECONDS=0 "$vm" -noshell -pa "$scratch" -s bench_main "$entry" \
            </dev/null >"$scratch/raw.$i"); then
      cat "$scratch/raw.$i" >&2
      echo "$vm: the benchmarks failed" >&2
      exit 1
    fi
    # erlang:display writes `{nrev,200000,560742744}` and CR LF.
    tr -d '\r{}' <"$scratch/raw.$i" | tr ',' ' ' >"$scratch/results.$i.$run"
  done
done

# Per VM: `NAME ITERATIONS MEDIAN_NS NS_OF_RUN_1 NS_OF_RUN_2 ...`.
for i in "${!vms[@]}"; do
  files=()
  for ((run = 1; run <= runs; run++)); do files+=("$scratch/results.$i.$run"); done
  paste -d' ' "${files[@]}" | awk '{
    n = 0
    for (f = 3; f <= NF; f += 3) {  # insertion sort: mawk has no asort
      for (j = ++n; j > 1 && v[j - 1] > $f + 0; j--) v[j] = v[j - 1]
      v[j] = $f + 0
    }
    printf "%s %s %s", $1, $2, (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2)
    for (f = 3; f <= NF; f += 3) printf " %s", $f
    printf "\n"
    delete v
  }' >"$scratch/medians.$i"
done

# The table: one row per benchmark, a column of median milliseconds per VM.
{
  printf '%-10s %10s' benchmark iterations
  for vm in "${vms[@]}"; do printf ' %14s' "$(basename "$vm") ms"; done
  ((${#vms[@]} == 2)) && printf ' %8s  %s' ratio "ratio of each run"
  printf '\n'
  paste -d' ' "$scratch"/medians.* | awk -v n="${#vms[@]}" -v runs="$runs" '{
    width = 3 + runs
    printf "%-10s %10d", $1, $2
    for (i = 0; i < n; i++) printf " %14.1f", $(3 + width * i) / 1e6
    if (n == 2) {
      printf " %8.2f ", $(3 + width) / $3
      for (r = 1; r <= runs; r++) printf " %.2f", $(3 + width + r) / $(3 + r)
    }
    printf "\n"
  }'
}
