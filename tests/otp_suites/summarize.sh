#!/usr/bin/env bash
# Turns run.sh results files into the Markdown table of docs/conformance.md.
#
#   summarize.sh RESULTS...     e.g. OUT/results-erl.txt OUT/results-ling.txt
#
# One row per suite (in the order of the first file), the case count, and one
# "passed / failed / skipped" column per VM; erl and ling always get a column,
# "not yet run" when no file holds their results.
set -euo pipefail

(($#)) || { echo "usage: summarize.sh RESULTS..." >&2; exit 2; }
for f in "$@"; do [[ -r "$f" ]] || { echo "summarize.sh: cannot read $f" >&2; exit 2; }; done

awk '
  # Lines: VM SUITE CASE STATUS [REASON]; CASE "-" marks a suite that did not
  # compile or whose VM crashed.
  {
    vm = $1; suite = $2
    if (!(vm in seen_vm)) { seen_vm[vm] = 1; vms[++nvm] = vm }
    if (!(suite in seen_suite)) { seen_suite[suite] = 1; suites[++nsuite] = suite }
    if ($3 == "-") { broken[vm, suite] = $4 " " $5; next }
    count[vm, suite, $4]++
    cases[vm, suite]++
    total[vm, $4]++
  }
  END {
    if (!("erl" in seen_vm)) vms[++nvm] = "erl"
    if (!("ling" in seen_vm)) vms[++nvm] = "ling"
    head = "| suite | cases |"; rule = "|---|---:|"
    for (i = 1; i <= nvm; i++) { head = head " " vms[i] " passed / failed / skipped |"; rule = rule "---|" }
    print head; print rule
    for (s = 1; s <= nsuite; s++) {
      suite = suites[s]; n = 0
      for (i = 1; i <= nvm && n == 0; i++) n = cases[vms[i], suite] + 0
      row = "| " suite " | " n " |"
      for (i = 1; i <= nvm; i++) row = row " " cell(vms[i], suite) " |"
      print row; all += n
    }
    row = "| **total** | **" all "** |"
    for (i = 1; i <= nvm; i++) {
      vm = vms[i]
      row = row ((vm in seen_vm) ? " **" total[vm, "ok"] + 0 " / " total[vm, "failed"] + 0 " / " total[vm, "skipped"] + 0 "**" : " not yet run") " |"
    }
    print row
  }
  function cell(vm, suite) {
    if (!(vm in seen_vm)) return "not yet run"
    if ((vm, suite) in broken) return broken[vm, suite]
    if (!((vm, suite) in cases)) return "not run"
    return count[vm, suite, "ok"] + 0 " / " count[vm, suite, "failed"] + 0 " / " count[vm, suite, "skipped"] + 0
  }
' "$@"
