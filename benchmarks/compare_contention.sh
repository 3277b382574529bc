#!/usr/bin/env bash
# N senders to one port, side by side: libling in its three modes and
# Erlang/OTP with a linked-in sink driver (default and +spp true).
#   benchmarks/compare_contention.sh
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The BEAM side: the driver built here against Debian's erl_driver.h.
erts_include=$(erl -noshell -eval 'io:format("~s/usr/include", [code:root_dir()]), halt().')
gcc -O2 -shared -fPIC -I"$erts_include" benchmarks/peer/sink_drv.c -o "$work/sink_drv.so"
erlc -o "$work" benchmarks/peer/contention.erl
erl -noshell -pa "$work" -run contention main "$work" >"$work/beam.txt"
erl +spp true -noshell -pa "$work" -run contention main "$work" >"$work/beam_spp.txt"

# The libling side.
bazel build -c opt //benchmarks:contention >/dev/null 2>&1
.bazel/bin/benchmarks/contention --benchmark_filter=BM_SendersToOnePort \
  --benchmark_format=csv 2>/dev/null >"$work/ling.csv"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '%-8s %-6s %12s %12s %12s %12s %12s %10s %10s\n' senders bytes default forced legacy \
  beam beam_spp def/legacy def/beam
awk -F, -v beamf="$work/beam.txt" -v sppf="$work/beam_spp.txt" '
  BEGIN {
    while ((getline line < beamf) > 0) { split(line, a, " "); beam[a[1] "/" a[2]] = a[3] }
    while ((getline line < sppf) > 0) { split(line, a, " "); spp[a[1] "/" a[2]] = a[3] }
  }
  /^"BM_SendersToOnePort/ {
    split($1, p, "/"); key = p[2] "/" p[3]; mode = p[4]
    rate[key, mode] = $NF + 0  # signals_per_s, the last counter column
    if (!(key in seen)) { order[++n] = key; seen[key] = 1 }
  }
  END {
    for (i = 1; i <= n; i++) {
      k = order[i]; split(k, q, "/")
      d = rate[k, 0]; f = rate[k, 1]; l = rate[k, 2]
      printf "%-8s %-6s %12.0f %12.0f %12.0f %12.0f %12.0f %10.2f %10.2f\n", q[1], q[2], d, f, l,
             beam[k], spp[k], (l > 0 ? d / l : 0), (beam[k] > 0 ? d / beam[k] : 0)
    }
  }' "$work/ling.csv"
