#!/usr/bin/env bash
# A halt flushes what the ports still hold, as erl's does: output written
# before halt/0,1 (or halt/2 with {flush, true}) all reaches a reader that
# is slow to read it (a pipe, so that the port's driver has to keep bytes),
# and the exit status is halt's. Run on erl and on ling, which must agree.
#   halt_flush_test.sh LING
set -uo pipefail

ling=$1
[[ $ling == */* ]] && ling=$(cd "$(dirname "$ling")" && pwd)/$(basename "$ling")
# 200,000 integers printed as one term: 1,323,381 bytes, far more than a
# pipe buffers.
readonly expected_bytes=1323381
failures=0

check() {
  local vm=$1 halt=$2 want_status=$3 bytes status
  bytes=$(timeout 60 "$vm" -noshell \
            -eval "io:format(\"~p~n\", [lists:seq(1, 200000)]), $halt." </dev/null |
          (sleep 0.5; wc -c))
  status=${PIPESTATUS[0]}
  if [[ $bytes -ne $expected_bytes || $status -ne $want_status ]]; then
    echo "FAIL: $vm with $halt: $bytes bytes (want $expected_bytes), status $status (want $want_status)"
    failures=$((failures + 1))
  else
    echo "ok: $vm with $halt"
  fi
}

for vm in erl "$ling"; do
  check "$vm" "halt()" 0
  check "$vm" "halt(3)" 3
  check "$vm" "halt(5, [{flush, true}])" 5
done
exit $((failures > 0))
