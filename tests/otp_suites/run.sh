#!/usr/bin/env bash
# Runs OTP's own test suites on erl or ling with ling_ct_runner (no
# common_test needed at run time).
#
#   run.sh [--vm erl|ling] [--ling PATH] [--cache DIR] [--out DIR]
#          [--results FILE] [--dist] [SUITE...]
#
#   SUITE      a module name (looked up in erts/emulator/test, then
#              lib/stdlib/test, then lib/compiler/test) or APP/NAME with APP
#              one of erts, stdlib, compiler; default: LING's 19 core suites
#   --vm       the emulator to run (default erl); ling takes erl's flags
#   --ling     the ling binary (default: ling on PATH, else bazel-bin/ling)
#   --cache    where fetch.sh keeps the OTP sources
#              (default $HOME/.cache/libling/otp-src)
#   --out      scratch folder: beams, priv dirs, logs
#              (default ${TMPDIR:-/tmp}/libling-otp-suites)
#   --results  results file, one "VM SUITE CASE STATUS [REASON]" line per case
#              (default OUT/results-VM.txt, rewritten each run)
#   --dist     start the VM with -sname so that cases using peer nodes can run
#              (erl starts epmd; stopped at the end unless it ran before)
#
# Each suite runs in its own VM so that a crashing VM costs one suite only
# (recorded as "VM SUITE - crashed exit=N"). Exit status 0 if no case failed.
set -euo pipefail

die() { echo "run.sh: error: $*" >&2; exit 2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

default_suites=(lists_SUITE tuple_SUITE list_bif_SUITE binary_SUITE
  bs_bincomp_SUITE bs_bit_binaries_SUITE bs_construct_SUITE bs_match_bin_SUITE
  bs_match_int_SUITE bs_match_misc_SUITE bs_match_tail_SUITE bs_utf_SUITE
  exception_SUITE big_SUITE float_SUITE fun_SUITE guard_SUITE num_bif_SUITE
  ref_SUITE)

vm=erl ling="" cache="" out="${TMPDIR:-/tmp}/libling-otp-suites" results="" dist=0
suites=()
while (($#)); do
  case "$1" in
    --vm) [[ $# -ge 2 ]] || die "--vm needs a value"; vm=$2; shift 2 ;;
    --ling) [[ $# -ge 2 ]] || die "--ling needs a path"; ling=$2; shift 2 ;;
    --cache) [[ $# -ge 2 ]] || die "--cache needs a folder"; cache=$2; shift 2 ;;
    --out) [[ $# -ge 2 ]] || die "--out needs a folder"; out=$2; shift 2 ;;
    --results) [[ $# -ge 2 ]] || die "--results needs a file"; results=$2; shift 2 ;;
    --dist) dist=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) suites+=("$1"); shift ;;
  esac
done
((${#suites[@]})) || suites=("${default_suites[@]}")

case "$vm" in
  erl) vm_bin=$(command -v erl) || die "erl not found (run tools/setup)" ;;
  ling)
    if [[ -z "$ling" ]]; then
      ling=$(command -v ling || echo "$repo/bazel-bin/ling")
    fi
    [[ -x "$ling" ]] || die "ling binary not found at '$ling' (build //:ling or pass --ling PATH)"
    vm_bin=$ling ;;
  *) die "--vm must be erl or ling, not '$vm'" ;;
esac
command -v erlc >/dev/null || die "erlc not found: suites are compiled with OTP's erlc"

# Fetch (idempotent); the source root is fetch.sh's last line of output.
root=$("$here/fetch.sh" ${cache:+"$cache"} | tail -n1)
[[ -d "$root/erts/emulator/test" ]] || die "fetch.sh gave no source tree ('$root')"

mkdir -p "$out"
out=$(cd "$out" && pwd)
results=${results:-$out/results-$vm.txt}
mkdir -p "$(dirname "$results")"
: > "$results"
logs="$out/logs/$vm"
rm -rf "${out:?}/priv/$vm"        # priv_dir starts empty, as under common_test
mkdir -p "$logs" "$out/ebin/common" "$out/priv/$vm"

test_dir() {
  case "$1" in
    erts) echo "$root/erts/emulator/test" ;;
    stdlib) echo "$root/lib/stdlib/test" ;;
    compiler) echo "$root/lib/compiler/test" ;;
    *) return 1 ;;
  esac
}

# Compiles SRC into DIR unless its beam is newer. -I $root/lib makes
# include_lib("common_test/include/ct.hrl") resolve to the fetched headers;
# without them erlc falls back to the installed common_test. erlc runs in the
# source's folder with a bare file name, as OTP's makefiles do: stack traces
# carry {file, "x_SUITE.erl"} and exception_SUITE checks exactly that.
compile() {
  local dir=$1 src=$2 beam
  beam="$dir/$(basename "$src" .erl).beam"
  [[ -f "$beam" && "$beam" -nt "$src" ]] && return 0
  (cd "$(dirname "$src")" && erlc -W0 -I "$root/lib" -o "$dir" "$(basename "$src")")
}

# The harness, the ct/test_server stand-ins and the suites' helper modules.
for src in "$here/ling_ct_runner.erl" "$here"/stubs/*.erl \
           "$root/erts/emulator/test/erts_test_utils.erl" \
           "$root/lib/stdlib/test/error_info_lib.erl"; do
  compile "$out/ebin/common" "$src" || die "cannot compile $src"
done

vm_flags=(-noshell)
stop_epmd=0
if ((dist)); then
  vm_flags+=(-sname "ling_ct_$$")
  # erl starts epmd for a named node; stop it afterwards if we caused it.
  epmd -names >/dev/null 2>&1 || stop_epmd=1
fi
status=0
summary=()
for spec in "${suites[@]}"; do
  if [[ "$spec" == */* ]]; then
    app=${spec%%/*} mod=${spec#*/}
    dir=$(test_dir "$app") || die "unknown application '$app' in $spec (erts, stdlib, compiler)"
  else
    app="" mod=$spec
    for a in erts stdlib compiler; do
      if [[ -f "$(test_dir "$a")/$mod.erl" ]]; then app=$a; break; fi
    done
    [[ -n "$app" ]] || die "no suite $mod.erl in erts, stdlib or compiler tests"
    dir=$(test_dir "$app")
  fi
  [[ -f "$dir/$mod.erl" ]] || die "no suite $dir/$mod.erl"
  ebin="$out/ebin/$app"
  mkdir -p "$ebin"
  # Compiler suites share a helper module.
  if [[ "$app" == compiler ]]; then compile "$ebin" "$dir/test_lib.erl" || true; fi
  # An explicit APP/NAME is the suite's name in the results and logs: the
  # compiler's tests reuse names of the emulator's.
  label=$mod
  [[ "$spec" == */* ]] && label="$app/$mod"
  log="$logs/${label//\//-}.log"
  if ! compile "$ebin" "$dir/$mod.erl" >"$log" 2>&1; then
    echo "$label: compile error (see $log)"
    echo "$vm $label - failed compile_error" >> "$results"
    summary+=("$label: compile error"); status=1
    continue
  fi
  part="$out/part-$vm.txt"
  rm -f "$part"
  rc=0
  # The suite's own output goes to the log. The outer timeout only guards
  # against a VM that never halts.
  # Run from $out: a crashing VM writes its dump (erl_crash.dump) there.
  (cd "$out" && exec timeout --kill-after=10 "${LING_SUITE_TIMEOUT:-3600}" \
    "$vm_bin" "${vm_flags[@]}" -pa "$out/ebin/common" -pa "$ebin" \
    -run ling_ct_runner main "vm=$vm" "data=$dir" "priv=$out/priv/$vm" \
    "results=$part" "$mod" </dev/null >"$log" 2>&1) || rc=$?
  # The runner's lines, from its results (a suite's output without a final
  # newline can glue them to other text in the log).
  if [[ -f "$part" ]]; then
    awk '{ reason = $0; sub(/^[^ ]+ [^ ]+ [^ ]+ [^ ]+ ?/, "", reason)  # VM SUITE CASE STATUS
           print $2 ":" $3 " " ($4 == "ok" ? "ok" : toupper($4)) (reason == "" ? "" : " " reason) }' "$part"
    sed "s|^$vm $mod |$vm $label |" "$part" >> "$results"
  fi
  line=$(grep -ao "$mod: [0-9]* passed, [0-9]* failed, [0-9]* skipped" "$log" | tail -n1 || true)
  if [[ -z "$line" || $rc -gt 1 ]]; then
    echo "$label: VM ended without a summary (exit $rc, see $log)"
    echo "$vm $label - crashed exit=$rc" >> "$results"
    line="$label: crashed (exit $rc)${line:+ after: $line}"
    status=1
  else
    ((rc == 0)) || status=1
    [[ "$label" == "$mod" ]] || line="$app/$line"
  fi
  summary+=("$line")
done
rm -f "$out/part-$vm.txt"
if ((stop_epmd)); then epmd -kill >/dev/null 2>&1 || true; fi

echo
echo "== $vm: results in $results, logs in $logs"
printf '%s\n' "${summary[@]}"
exit $status
