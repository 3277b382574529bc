#!/usr/bin/env bash
# The README's example runs on ling and prints what erl prints for it (the
# last line, a timing, aside).
set -euo pipefail
ling=$1 beam=$2
dir=$(dirname "$beam")
on_ling=$("$ling" -noshell -pa "$dir" -s word_count main </dev/null | sed '$d')
on_erl=$(erl -noshell -pa "$dir" -s word_count main </dev/null | sed '$d')
if [[ "$on_ling" != "$on_erl" ]]; then
  echo "ling and erl differ:"
  diff <(echo "$on_erl") <(echo "$on_ling")
  exit 1
fi
[[ $(echo "$on_ling" | wc -l) -eq 8 ]] || { echo "expected 8 words, got: $on_ling"; exit 1; }
echo "same eight words on ling and erl"
