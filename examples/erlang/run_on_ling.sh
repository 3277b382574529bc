#!/usr/bin/env bash
# Runs a bundled Erlang program on ling: run_on_ling.sh LING BEAM [ARG...],
# as `ling -noshell -pa DIR -s MODULE main`.
set -euo pipefail
ling=$1 beam=$2
shift 2
exec "$ling" -noshell -pa "$(dirname "$beam")" -s "$(basename "$beam" .beam)" main "$@"
