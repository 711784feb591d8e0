#!/usr/bin/env bash
# Line coverage of the rules core (lib/rules/) by its unit
# tests, measured with gcov on the build/cov variant.  Fails under 95 %.
set -euo pipefail
cd "$(dirname "$0")/.."
MIN=${COVERAGE_MIN:-95}
for t in build/cov/test/test_calendar build/cov/test/test_rules*; do
	"$t" > /dev/null 2>&1
done
sources=$(ls lib/rules/*.c)
mkdir -p build/cov/gcov
( cd build/cov/gcov && gcov -n -o ../obj/lib $(for s in $sources; do echo "../../../$s"; done) ) > build/cov/gcov/summary.txt
awk -v min="$MIN" '
	/^File / { f = $2; gsub(/\x27/, "", f) }
	/^Lines executed:/ && f ~ /lib\/(calendar|rules)/ {
		split($2, a, ":"); pct = a[2] + 0; n = $4 + 0
		covered += pct * n / 100; total += n
		printf "  %-28s %6.2f%% of %d lines\n", f, pct, n
		f = ""
	}
	END {
		t = total ? 100 * covered / total : 0
		printf "rules core line coverage: %.2f%% of %d lines (minimum %d%%)\n", t, total, min
		exit (t + 0.005 < min)
	}' build/cov/gcov/summary.txt
