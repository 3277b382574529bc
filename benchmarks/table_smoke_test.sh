#!/usr/bin/env bash
# `contention --table` on two workloads: it runs libling and the BEAM peer
# and prints rows with both ratios; timings are not judged.
set -euo pipefail
out=$(benchmarks/contention --table \
  --benchmark_filter='BM_SendersToOnePort/(1|2)/8/' 2>&1)
echo "$out"
grep -q '^machine: ' <<<"$out"
# A default-mode row with a libling/legacy and a libling/beam ratio.
grep -qE '^\| 2 senders, 8 B \| default \| [0-9.]+[kM]? \| signals/s \| [0-9.]+ \| [0-9.]+ \|$' <<<"$out"
grep -qE '^\| 2 senders, 8 B \| beam \+spp \| ' <<<"$out"
