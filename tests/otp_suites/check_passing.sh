#!/usr/bin/env bash
# Fails when a case that passed on ling before does not pass now: every
# SUITE:case of ling_passing.txt (committed; the cases ling passed when it
# was last updated) must be "ok" in the results file run.sh wrote.
#
#   check_passing.sh [RESULTS]   default: ${TMPDIR:-/tmp}/libling-otp-suites/results-ling.txt
#   check_passing.sh --update [RESULTS]   rewrites ling_passing.txt from RESULTS
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
list=$here/ling_passing.txt
update=0
if [[ ${1:-} == --update ]]; then update=1; shift; fi
results=${1:-${TMPDIR:-/tmp}/libling-otp-suites/results-ling.txt}
[[ -r "$results" ]] || { echo "check_passing.sh: cannot read $results" >&2; exit 2; }

passing() { awk '$1 == "ling" && $4 == "ok" { print $2 ":" $3 }' "$results" | sort -u; }

if ((update)); then
  passing >"$list"
  echo "$(wc -l <"$list") passing cases written to $list"
  exit 0
fi
lost=$(comm -23 <(sort -u "$list") <(passing))
if [[ -n "$lost" ]]; then
  echo "cases that passed on ling before and do not now:"
  echo "$lost"
  exit 1
fi
echo "all $(wc -l <"$list") cases that passed on ling before still pass"
