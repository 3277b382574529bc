#!/usr/bin/env bash
# Runs a small ring and checks the one-line report.
set -euo pipefail
out=$(examples/native_ring --processes=500 --hops=20000 --schedulers=2)
echo "$out"
[[ $out =~ ^native_ring\ processes=500\ hops=20000\ .*hops_per_s=[0-9]+$ ]]
