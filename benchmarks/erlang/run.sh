#!/usr/bin/env bash
# The emulator benchmarks side by side: compiles benchmarks/erlang/*.erl with
# erlc into a scratch folder, runs bench_main on each VM and prints a table
# of milliseconds per benchmark (and, for two VMs, the second's time over the
# first's).
#   benchmarks/erlang/run.sh                        erl alone
#   benchmarks/erlang/run.sh --vm erl --vm PATH_TO_LING
#   benchmarks/erlang/run.sh --smoke                one iteration each
# A VM is a command taking erl's command line (`VM -noshell -pa DIR -s
# bench_main main`).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
vms=()
entry=main
while (($#)); do
  case $1 in
    --vm) vms+=("$2"); shift 2 ;;
    --smoke) entry=smoke; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
((${#vms[@]})) || vms=(erl)

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
erlc +warnings_as_errors -o "$scratch" "$here"/*.erl

# One results file per VM: lines `NAME ITERATIONS NANOSECONDS`.
for i in "${!vms[@]}"; do
  vm=${vms[$i]}
  echo "running on $vm ..." >&2
  if ! (cd "$scratch" && ERL_CRASH_DUMP_SECONDS=0 "$vm" -noshell -pa "$scratch" -s bench_main "$entry" \
          </dev/null >"$scratch/raw.$i"); then
    cat "$scratch/raw.$i" >&2
    echo "$vm: the benchmarks failed" >&2
    exit 1
  fi
  # erlang:display writes `{nrev,200000,560742744}` and CR LF.
  tr -d '\r{}' <"$scratch/raw.$i" | tr ',' ' ' >"$scratch/results.$i"
done

# The table: one row per benchmark, a column of milliseconds per VM.
{
  printf '%-10s %10s' benchmark iterations
  for vm in "${vms[@]}"; do printf ' %14s' "$(basename "$vm") ms"; done
  ((${#vms[@]} == 2)) && printf ' %8s' ratio
  printf '\n'
  paste -d' ' "$scratch"/results.* | awk -v n="${#vms[@]}" '{
    printf "%-10s %10d", $1, $2
    for (i = 0; i < n; i++) printf " %14.1f", $(3 + 3 * i) / 1e6
    if (n == 2) printf " %8.2f", $6 / $3
    printf "\n"
  }'
}
