#!/usr/bin/env bash
# Fuzzes the .beam loader with libFuzzer and AddressSanitizer (clang):
#   tools/fuzz_loader.sh [seconds] [extra libFuzzer flags...]
# The corpus starts from the sample module and Debian's stdlib modules and
# grows in $HOME/.cache/libling/beam-fuzz; crashes are written there too.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
command -v clang++ >/dev/null || { echo "fuzz_loader: clang++ is needed (apt-get install clang)" >&2; exit 1; }
work=${HOME}/.cache/libling/beam-fuzz
mkdir -p "$work/corpus"
bazel build //emulator/loader:sample_beam >/dev/null
cp -n "$(bazel info bazel-bin 2>/dev/null)/emulator/loader/testdata/loader_sample.beam" "$work/corpus/" || true
for app in stdlib kernel; do
  cp -n /usr/lib/erlang/lib/"$app"-*/ebin/*.beam "$work/corpus/" 2>/dev/null || true
done
absl_libs=$(bazel query --output=build @abseil//:abseil 2>/dev/null | grep -o '"-labsl_[a-z_0-9]*"' | tr -d '"' | tr '\n' ' ')
clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address -I. -Iruntime/include \
  emulator/loader/beam_fuzzer.cc \
  $(ls emulator/loader/*.cc | grep -v -e _test.cc -e fuzz) \
  runtime/term/atom_table.cc runtime/base/check.cc \
  $absl_libs -lz -o "$work/beam_fuzzer"
cd "$work"
./beam_fuzzer -max_total_time="$seconds" -artifact_prefix="$work/" "$@" corpus
