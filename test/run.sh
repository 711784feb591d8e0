#!/usr/bin/env bash
# Runs every test program and prints one closing line "N passed, N failed".
#
#   unit tests (test/unit)   in the release and the sanitizer builds
#   HTTP tests (test/http)   against real stacks of sanitizer-built workers
#   fuzz targets (test/fuzz) each libFuzzer target briefly: its seeds, then 2,000 inputs
#   browser tests            the admin pages in headless Chromium (test/browser, node --test)
#   install                  make install into a DESTDIR, the tree, systemd-analyze verify
#   contract                 fcgi/openapi.yaml against OpenAPI 3.1 and the route table (test/contract)
#   contract-answers         every JSON answer the HTTP tests received against the contract
#   sanitizer check          every stack's logs must hold no sanitizer report
#
# Each program is a cmocka suite; its "[  PASSED  ] N test(s)" and
# "[  FAILED  ] N test(s)" lines are summed (node --test's TAP: "# pass N" and
# "# fail N").  A program that crashes or prints no summary counts as one failure.
set -uo pipefail
cd "$(dirname "$0")/.."

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1}
# The font and graphics libraries' own lifetime allocations (test/lsan.supp).
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/test/lsan.supp}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
OUT=test-out
rm -rf "$OUT"
mkdir -p "$OUT"
passed=0
failed=0
failures=()

run_suite() { # label binary [env...]
	local label=$1 bin=$2
	shift 2
	local log="$OUT/$label.log"
	echo "== $label"
	env "$@" "$bin" > "$log" 2>&1
	local rc=$?
	local p f
	p=$(grep -E '^\[  PASSED  \] [0-9]+ test' "$log" | awk '{s+=$4} END {print s+0}')
	f=$(grep -E '^\[  FAILED  \] [0-9]+ test' "$log" | awk '{s+=$4} END {print s+0}')
	tally "$label" "$log" "$rc" "$p" "$f"
}

tally() { # label log exit-status passed failed
	local label=$1 log=$2 rc=$3 p=$4 f=$5
	if [ "$p" = 0 ] && [ "$f" = 0 ]; then
		f=1   # crashed before its summary
	elif [ "$rc" != 0 ] && [ "$f" = 0 ]; then
		f=1   # a sanitizer or a crash after the summary
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" != 0 ]; then
		failures+=("$label")
		grep -E '^\[  (FAILED|  ERROR ) \]|^\[  ERROR   \]|ERROR: |runtime error|Assertion|Failure!|error:|^ *not ok' "$log" | head -20 | sed 's/^/   /'
	fi
	echo "   $p passed, $f failed ($log)"
}

for bin in build/release/test/test_* ; do
	[ -x "$bin" ] && run_suite "unit-release-$(basename "$bin")" "$bin"
done
for bin in build/asan/test/test_* ; do
	[ -x "$bin" ] && run_suite "unit-asan-$(basename "$bin")" "$bin"
done
for bin in build/asan/test/t_* ; do
	[ -x "$bin" ] && run_suite "http-$(basename "$bin")" "$bin" WALK_BIN="$PWD/build/asan"
done

# make install into a DESTDIR, and the tree it leaves (systemd-analyze included).
run_suite install test/install.sh

# Each libFuzzer target (build/fuzz, `make fuzz-build`) over its committed
# seeds and then a fixed number of inputs from a fixed seed, so that the run
# is short and the same every time; what it generates goes to test-out, never
# into the seeds.  One target is one test: a crash, a leak or a failed property
# (left in test-out/fuzz/) fails it, and so does a target that was not built.
for src in test/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	name=${name#fuzz_}
	log="$OUT/fuzz-$name.log"
	echo "== fuzz-$name"
	mkdir -p "$OUT/fuzz/$name"
	dict=()
	[ -e "test/fuzz/$name.dict" ] && dict=(-dict="test/fuzz/$name.dict")
	"build/fuzz/fuzz_$name" -runs=2000 -seed=1 "${dict[@]}" -artifact_prefix="$OUT/fuzz/$name-" \
		"$OUT/fuzz/$name" "test/fuzz/corpus/$name" > "$log" 2>&1
	rc=$?
	tally "fuzz-$name" "$log" "$rc" "$((rc == 0 ? 1 : 0))" "$((rc == 0 ? 0 : 1))"
done

# The OpenAPI contract (fcgi/openapi.yaml and fcgi/openapi-pending/*.yaml)
# against OpenAPI 3.1 and against the code: every route, error code, query
# parameter and body member documented, nothing documented that is not a route.
run_suite contract test/contract/check-contract.mjs

# The admin pages (their stack, too, runs the sanitizer-built workers).
echo "== browser"
WALK_BIN="$PWD/build/asan" node --test --test-reporter=tap test/browser/*.test.mjs > "$OUT/browser.log" 2>&1
rc=$?
tally browser "$OUT/browser.log" "$rc" \
	"$(grep -E '^# pass [0-9]+' "$OUT/browser.log" | awk '{s+=$3} END {print s+0}')" \
	"$(grep -E '^# fail [0-9]+' "$OUT/browser.log" | awk '{s+=$3} END {print s+0}')"

# Every answer the HTTP tests received (test/support/exchange_log.c) against
# the contract's schema for its route and status; each failure named.
run_suite contract-answers test/contract/validate-answers.mjs   # reads $OUT/exchanges

# Every worker of every stack ran under the sanitizers: any report is a failure.
# The check must be able to fail: it first makes sure it reads the stacks' logs
# (every HTTP suite and the browser tests start at least one stack, each writing
# log/walk.log), then tells grep's "read everything, found nothing" (status 1)
# from its errors (status 2).  The suites' own logs are searched too: walkctl,
# run by the tests, writes there.
echo "== sanitizer reports in stack logs"
sanitizer_failure() {
	failed=$((failed + 1))
	failures+=("sanitizer reports")
	printf '   %s\n' "$@"
	echo "   0 passed, 1 failed"
}
mapfile -t stack_logs < <(find "$OUT" -mindepth 3 -maxdepth 3 -path "$OUT/*/log/*.log" -type f)
missing=()
for suite in $(ls build/asan/test/ | sed -n 's/^t_//p') browser; do   # a stack is named after its suite
	compgen -G "$OUT/$suite-[0-9]*/log/walk.log" > /dev/null || missing+=("$suite")
done
if [ ${#missing[@]} -gt 0 ]; then
	sanitizer_failure "no worker log under $OUT/NAME-PID/log/walk.log for: ${missing[*]}"
else
	reports=$(grep -lE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "${stack_logs[@]}" "$OUT"/*.log)
	case $? in
	0) sanitizer_failure $reports ;;
	1) passed=$((passed + 1)); echo "   ${#stack_logs[@]} stack logs, no report: 1 passed, 0 failed" ;;
	*) sanitizer_failure "grep could not read the logs" ;;
	esac
fi

# No log of any stack may hold a secret, a session key or a full mobile
# number the tests used (test/log-secrets.sh plants one first, to show that
# it finds them).
echo "== secrets and mobiles in stack logs"
bash test/log-secrets.sh "$OUT"
case $? in
0) passed=$((passed + 1)); echo "   1 passed, 0 failed" ;;
*) failed=$((failed + 1)); failures+=("secrets in logs"); echo "   0 passed, 1 failed" ;;
esac

echo
[ ${#failures[@]} -gt 0 ] && printf 'failed: %s\n' "${failures[@]}"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
