#!/usr/bin/env bash
# Runs bench_main:smoke/0 (one checked iteration of each benchmark) on each
# VM given; fails if a VM exits non-zero (a wrong result or a crash).
#   smoke_test.sh BENCH_MAIN_BEAM VM...
set -euo pipefail
dir=$(cd "$(dirname "$1")" && pwd)
shift
for vm in "$@"; do
  [[ $vm == */* ]] && vm=$(cd "$(dirname "$vm")" && pwd)/$(basename "$vm")
  (cd "${TEST_TMPDIR:-/tmp}" &&
    HOME=${HOME:-${TEST_TMPDIR:-/tmp}} ERL_CRASH_DUMP_SECONDS=0 \
      timeout 300 "$vm" -noshell -pa "$dir" -s bench_main smoke </dev/null)
done
