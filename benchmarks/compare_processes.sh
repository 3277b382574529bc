#!/usr/bin/env bash
# Runs the process benchmarks on libling and on Erlang/OTP in one go and
# prints them side by side, with the ratio libling/BEAM.
#   benchmarks/compare_processes.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bazel build -c opt //benchmarks:processes >/dev/null 2>&1
ling_json=$(mktemp)
.bazel/bin/benchmarks/processes --benchmark_format=json --benchmark_out="$ling_json" \
  --benchmark_out_format=json >/dev/null 2>&1

peer_dir=$(mktemp -d)
erlc -o "$peer_dir" benchmarks/peer/processes.erl
beam=$(erl -noshell -pa "$peer_dir" -run processes main)

value() { grep "^$1 " <<<"$beam" | awk '{print $2}'; }
json() { # benchmark name prefix, field
  awk -v name="$1" -v field="\"$2\":" '
    index($0, "\"name\": \"" name) {found=1}
    found && index($0, field) {gsub(/[ ,]/, "", $0); split($0, a, ":"); print a[2]; exit}' "$ling_json"
}

spawn_ling=$(json BM_SpawnExit items_per_second)
bytes_ling=$(json BM_IdleProcessBytes bytes_per_process)
ring_ling=$(json BM_RingHops hops_per_s)
spawn_beam=$(value spawn_exit_per_s)
bytes_beam=$(value idle_bytes_per_process)
ring_beam=$(value ring_hops_per_s)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "OTP: $(erl -noshell -eval 'io:format("~s", [erlang:system_info(otp_release)]), halt().')"
printf '%-28s %16s %16s %12s\n' workload libling beam libling/beam
row() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%-28s %16.0f %16.0f %12.2f\n", n, a, b, a / b }'; }
row "spawn+exit per s" "$spawn_ling" "$spawn_beam"
row "bytes per idle process" "$bytes_ling" "$bytes_beam"
row "ring hops per s" "$ring_ling" "$ring_beam"
rm -rf "$ling_json" "$peer_dir"
