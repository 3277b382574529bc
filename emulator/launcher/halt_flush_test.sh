#!/usr/bin/env bash
# A halt flushes what the ports still hold, as erl's does: output written
# before halt/0,1 (or halt/2 with {flush, true}), or before a boot call
# that fails, all reaches a reader that is slow to read it (a pipe, so that
# the port's driver has to keep bytes), and the exit status is halt's. No
# process runs once halting: one that never stops printing does not keep
# the system up. Run on erl and on ling, which must agree.
#   halt_flush_test.sh LING
set -uo pipefail

ling=$1
[[ $ling == */* ]] && ling=$(cd "$(dirname "$ling")" && pwd)/$(basename "$ling")
# 200,000 integers printed as one term: 1,323,381 bytes, far more than a
# pipe buffers.
readonly expected_bytes=1323381
failures=0

# VM, what to run after the output (erl's command line), the bytes and
# status wanted; with a fifth argument `more`, more bytes may come.
check() {
  local vm=$1 after=$2 want_bytes=$3 want_status=$4 more=${5:-} bytes status
  # shellcheck disable=SC2086 # $after is words of a command line
  bytes=$(cd "${TEST_TMPDIR:-/tmp}" && ERL_CRASH_DUMP_SECONDS=0 timeout 60 "$vm" -noshell \
            -eval 'io:format("~p~n", [lists:seq(1, 200000)])' $after </dev/null 2>/dev/null |
          (sleep 0.5; wc -c))
  status=${PIPESTATUS[0]}
  if [[ ($bytes -ne $want_bytes && ! ($more && $bytes -gt $want_bytes)) ||
        $status -ne $want_status ]]; then
    echo "FAIL: $vm with $after: $bytes bytes (want $want_bytes), status $status (want $want_status)"
    failures=$((failures + 1))
  else
    echo "ok: $vm with $after"
  fi
}

# erl's last words for a boot call of a function that does not exist.
undef_line='{"init terminating in do_boot",{undef,[{erlang,no_such_function,[],[]},{init,start_em,1,[]},{init,do_boot,3,[]}]}}'
for vm in erl "$ling"; do
  check "$vm" "-eval halt()." "$expected_bytes" 0
  check "$vm" "-eval halt(3)." "$expected_bytes" 3
  check "$vm" "-eval halt(5,[{flush,true}])." "$expected_bytes" 5
  # A process that keeps printing: what it wrote before the halt may come
  # too, then the system stops.
  check "$vm" "-eval spawn(fun()->[io:format(\"~p~n\",[x])||_<-lists:seq(1,100000000)]end),halt(7)." \
    "$expected_bytes" 7 more
done
# erl flushes before these last words only while it writes a crash dump
# (with ERL_CRASH_DUMP_SECONDS=0, nothing of the output may come); ling
# always does.
check "$ling" "-s erlang no_such_function" $((expected_bytes + ${#undef_line} + 2)) 1
exit $((failures > 0))
