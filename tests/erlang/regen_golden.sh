#!/usr/bin/env bash
# Regenerates tests/erlang/golden/*.out from erl: compiles the corpus with
# erlc into a scratch folder (no Bazel) and records each program's output.
#   tests/erlang/regen_golden.sh [MODULE...]     default: every t_*.erl
# Review the diff before committing: a golden is what the VMs are held to.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

if (($#)); then
  modules=("$@")
else
  modules=()
  for src in "$here"/t_*.erl; do modules+=("$(basename "$src" .erl)"); done
fi
for mod in "${modules[@]}"; do
  # From the source's folder, as the Bazel rule does: the path erlc is
  # given is the one stack traces show.
  (cd "$here" && erlc +warnings_as_errors -o "$scratch" "$mod.erl")
  "$here/run_program.sh" --capture erl "$scratch/$mod.beam" \
    >"$here/golden/$mod.out" 2>/dev/null
  echo "$mod: $(tail -n1 "$here/golden/$mod.out")"
done
