#!/usr/bin/env bash
# Runs a benchmark binary briefly and checks that every benchmark reported
# (no error lines); timings are not judged.
set -euo pipefail
bin=$1
shift
out=$("$bin" "$@" --benchmark_format=console 2>&1)
echo "$out"
if grep -q "ERROR OCCURRED" <<<"$out"; then
  echo "a benchmark reported an error" >&2
  exit 1
fi
grep -q '^BM_' <<<"$out"
