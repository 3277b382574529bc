#!/usr/bin/env bash
# Runs one corpus program on each VM and compares what it wrote to stdout,
# and its exit status, with the golden file (erl's output, committed).
# stderr is not compared: it holds the VM's own crash report.
#
#   run_program.sh GOLDEN BEAM VM...     the test: every VM must match GOLDEN
#   run_program.sh --capture VM BEAM     prints the normalised output (regen)
#
# A VM is a command taking erl's command line (`VM -noshell -pa DIR -s MOD
# main`): erl, or the path of the ling launcher.
set -uo pipefail

# A program that reaches no halt would keep erl running forever.
readonly timeout_s=120

# Prints the program's stdout, then `exit_status=N`.
capture() {
  local vm=$1 beam=$2 dir mod scratch status
  dir=$(cd "$(dirname "$beam")" && pwd)
  mod=$(basename "$beam" .beam)
  # A relative VM path is relative to here; the program runs elsewhere.
  [[ $vm == */* ]] && vm=$(cd "$(dirname "$vm")" && pwd)/$(basename "$vm")
  scratch=$(mktemp -d "${TEST_TMPDIR:-/tmp}/corpus.XXXXXX")
  # In the scratch folder, so that nothing a VM writes lands in the tree; no
  # crash dump (erl writes one for the uncaught-error program).
  (cd "$scratch" &&
    HOME=${HOME:-$scratch} ERL_CRASH_DUMP_SECONDS=0 \
      timeout "$timeout_s" "$vm" -noshell -pa "$dir" -s "$mod" main \
      </dev/null >stdout 2>stderr)
  status=$?
  normalise <"$scratch/stdout"
  printf 'exit_status=%d\n' "$status"
  if [[ -s $scratch/stderr ]]; then
    echo "--- $vm: stderr (not compared)" >&2
    head -c 2000 "$scratch/stderr" >&2
    echo >&2
  fi
  rm -rf "$scratch"
}

# erl reports an uncaught error of `-s MOD main` by displaying
# {"init terminating in do_boot",{Reason,Stack}}: the stack ends in frames of
# OTP's init module, whose names and line numbers are erl's own business.
# Those frames are dropped; the program's frames stay. So are erl's logger
# reports (`=ERROR REPORT==== <time> ===`, the message, blank lines): they
# come when its logger gets to them, and a loaded machine shows some (erts's
# "Bad value on output port" for a command it checked late) that an idle
# one does not.
normalise() {
  sed -e '/^{"init terminating in do_boot",/ s/,{init,[a-z_]*,[0-9]*,\[[^]]*\]}//g' |
    awk '/^=[A-Z ]+ REPORT==== .* ===$/ { in_report = 1; blank = 0; next }
         in_report && /^$/ { blank = 1; next }
         in_report && !blank { next }
         { in_report = 0; print }'
}

if [[ ${1:-} == --capture ]]; then
  [[ $# -eq 3 ]] || { echo "usage: $0 --capture VM BEAM" >&2; exit 2; }
  capture "$2" "$3"
  exit 0
fi

[[ $# -ge 3 ]] || { echo "usage: $0 GOLDEN BEAM VM..." >&2; exit 2; }
golden=$1 beam=$2
shift 2
failed=0
for vm in "$@"; do
  actual=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-/tmp}}/$(basename "$beam" .beam).$(basename "$vm").out
  capture "$vm" "$beam" >"$actual"
  if cmp -s "$golden" "$actual"; then
    echo "$vm: same output as $golden"
  else
    echo "$vm: output differs from $golden (- golden, + $vm):"
    diff -u --text "$golden" "$actual" | head -100
    failed=1
  fi
done
exit "$failed"
