#!/usr/bin/env bash
# The slowest test classes of the last test run, from the reports surefire and failsafe wrote:
#   tools/slowest-tests.sh [COUNT]      (default 10; run from anywhere after ./shoal test)
# Prints a Markdown table (seconds, module, kind, class) and the sum of all classes' times.
set -euo pipefail
count="${1:-10}"
case "$count" in ''|*[!0-9]*) echo "usage: tools/slowest-tests.sh [COUNT]" >&2; exit 2 ;; esac
root="$(cd "$(dirname "$0")/.." && pwd)"
shopt -s nullglob
reports=("$root"/*/target/surefire-reports/TEST-*.xml "$root"/*/target/failsafe-reports/TEST-*.xml)
if [ ${#reports[@]} -eq 0 ]; then
  echo "no test reports under */target/{surefire,failsafe}-reports: run ./shoal test first" >&2
  exit 1
fi
rows=$(for f in "${reports[@]}"; do
  rel="${f#"$root"/}"
  module="${rel%%/*}"
  case "$rel" in */failsafe-reports/*) kind=IT ;; *) kind=unit ;; esac
  # the <testsuite ...> element's name and time attributes (attribute order varies between plugin versions)
  head=$(grep -m1 -o '<testsuite [^>]*>' "$f" || true)
  name=$(printf '%s' "$head" | grep -o ' name="[^"]*"' | head -1 | cut -d'"' -f2)
  time=$(printf '%s' "$head" | grep -o ' time="[^"]*"' | head -1 | cut -d'"' -f2 | tr -d ,)
  [ -n "$name" ] && [ -n "$time" ] && printf '%s\t%s\t%s\t%s\n' "$time" "$module" "$kind" "$name"
done | sort -t$'\t' -k1,1 -g -r)
echo "| seconds | module | kind | test class |"
echo "|--:|---|---|---|"
printf '%s\n' "$rows" | head -n "$count" | awk -F'\t' '{ printf "| %.1f | %s | %s | %s |\n", $1, $2, $3, $4 }'
printf '%s\n' "$rows" | awk -F'\t' '{ s += $1; if ($3 == "IT") i += $1; else u += $1; n++ }
  END { printf "\n%d test classes: %.0f s in all (unit %.0f s, IT %.0f s; the sum of class times, not the wall time)\n", n, s, u, i }'
