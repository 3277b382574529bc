#!/usr/bin/env bash
# The contention table and its plot, as benchmarks/README.md keeps them:
#   benchmarks/run_contention.sh [extra flags for the benchmark binary]
# Prints the table; writes benchmarks/contention.svg.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp)
trap 'rm -f "$data"' EXIT
bazel run -c opt //benchmarks:contention -- --table --plot_data="$data" "$@"
gnuplot -e "data='$data'; out='benchmarks/contention.svg'" benchmarks/contention.gp
echo "plot: benchmarks/contention.svg"
