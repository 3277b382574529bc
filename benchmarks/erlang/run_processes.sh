#!/usr/bin/env bash
# Processes and ports on erl and ling, side by side (README.md): compiles
# processes_ports.erl with erlc and benchmarks/peer/sink_drv.c (erl's
# linked-in sink driver, loaded by the program with erl_ddll) into a scratch
# folder, runs the program RUNS times on each VM (erl with sink_drv, ling
# with its built-in sink driver) and prints one table: each VM's median and
# ling/erl of the medians, then ling/erl of each run.
#   benchmarks/erlang/run_processes.sh [--runs RUNS] PATH_TO_LING
#   benchmarks/erlang/run_processes.sh --smoke PATH_TO_LING   tiny sizes, one run
# The program checks its counts (every 'DOWN', every ring hop, every command
# and byte at the driver) and exits 1 if they do not add up: then this
# script fails.
set -euo pipefail

# The usage lines above; exits with $1 (2 unless asked for).
usage() { sed -n '8,9p' "$0" | sed 's/^# *//' >&2; exit "${1:-2}"; }

here=$(cd "$(dirname "$0")" && pwd)
runs=3
size=full
ling=
while (($#)); do
  case $1 in
    --runs) [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || usage; runs=$2; shift 2 ;;
    --smoke) size=smoke; runs=1; shift ;;
    -h|--help) usage 0 ;;
    -*) echo "unknown option: $1" >&2; usage ;;
    *) [[ -z $ling ]] || usage; ling=$1; shift ;;
  esac
done
[[ -n $ling ]] || usage
[[ -x $ling ]] || { echo "not an executable: $ling" >&2; exit 2; }
# The VMs run in the scratch folder.
ling=$(cd "$(dirname "$ling")" && pwd)/$(basename "$ling")

scratch=$(mktemp -d "${TEST_TMPDIR:-/tmp}/processes.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
erlc +warnings_as_errors -o "$scratch" "$here/processes_ports.erl"
erl_include=$(erl -noshell -eval 'io:format("~s/usr/include", [code:root_dir()]), halt().')
gcc -O2 -shared -fPIC -I"$erl_include" "$here/../peer/sink_drv.c" -o "$scratch/sink_drv.so"

# Runs the program once on a VM (NAME COMMAND DRIVER [DRIVER_DIR]) and
# writes its rows to $scratch/NAME.RUN: `label<TAB>value`, in the
# program's order.
run_once() {
  local name=$1 vm=$2 run=$3 raw
  shift 3
  raw=$scratch/raw.$name.$run
  echo "run $run on $name ..." >&2
  if ! (cd "$scratch" &&
        HOME=${HOME:-$scratch} ERL_CRASH_DUMP_SECONDS=0 \
          "$vm" -noshell -pa "$scratch" -run processes_ports main "$size" "$@" \
          </dev/null >"$raw"); then
    cat "$raw" >&2
    echo "$name: the program failed" >&2
    exit 1
  fi
  # erlang:display writes `{port,1,8,600000,89198600}` and CR LF.
  tr -d '\r{}' <"$raw" | tr ',' ' ' | awk '
    $1 == "idle_process_info_bytes" { printf "idle process, process_info memory (B)\t%d\n", $2 }
    $1 == "idle_rss" { printf "idle process, resident memory (B, %d processes)\t%d\n", $2, $3 / $2 }
    $1 == "spawn" { printf "spawn+exit per s (%d processes)\t%d\n", $2, $2 / ($3 / 1e9) }
    $1 == "ring" { printf "ring hops per s (%d processes)\t%d\n", $2, $3 / ($4 / 1e9) }
    $1 == "port" {
      printf "port_command per s, %d sender%s, %d B\t%d\n", $2, ($2 == 1 ? "" : "s"), $3, $4 / ($5 / 1e9)
    }
  ' >"$scratch/$name.$run"
}

# Alternating the VMs spreads the machine's noise over both.
for ((run = 1; run <= runs; run++)); do
  run_once erl erl "$run" sink_drv "$scratch"
  run_once ling "$ling" "$run" sink
done

# Median of each row over the runs of one VM: `label<TAB>median`.
medians() {
  local files=()
  for ((run = 1; run <= runs; run++)); do files+=("$scratch/$1.$run"); done
  paste "${files[@]}" | awk -F'\t' '{
    n = 0
    for (i = 2; i <= NF; i += 2) {  # insertion sort: mawk has no asort
      for (j = ++n; j > 1 && v[j - 1] > $i + 0; j--) v[j] = v[j - 1]
      v[j] = $i + 0
    }
    printf "%s\t%s\n", $1, (n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2)
    delete v
  }'
}
medians erl >"$scratch/erl.median"
medians ling >"$scratch/ling.median"
ratios=()
for ((run = 1; run <= runs; run++)); do
  paste "$scratch/erl.$run" "$scratch/ling.$run" | awk -F'\t' '{ printf "%.2f\n", $4 / $2 }' \
    >"$scratch/ratio.$run"
  ratios+=("$scratch/ratio.$run")
done

# Memory: below 1 is better; rates: above 1.
printf '%-50s %12s %12s %9s  %s\n' workload erl ling ling/erl "ling/erl of each run"
paste "$scratch/erl.median" "$scratch/ling.median" "${ratios[@]}" | awk -F'\t' '{
  if ($1 != $3) { print "rows differ: " $1 " / " $3 > "/dev/stderr"; exit 1 }
  each = $5
  for (i = 6; i <= NF; i++) each = each " " $i
  printf "%-50s %12d %12d %9.2f  %s\n", $1, $2, $4, $4 / $2, each
}'
