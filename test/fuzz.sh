#!/usr/bin/env bash
# Runs the libFuzzer targets (build/fuzz/fuzz_*, made by `make fuzz`) one
# after the other, each for FUZZ_SECONDS or, if FUZZ_RUNS is set, at most
# that many inputs.  Arguments name targets (base64, csv, ...); none: all.
#
# Each target starts from its committed seeds (test/fuzz/corpus/<name>/), with
# its dictionary of tokens if it has one (test/fuzz/<name>.dict), and
# keeps what it finds in build/fuzz/corpus/<name>/, so that a later run goes
# on from there; the seeds are never written to.  A crash, a leak or a failed
# property leaves its input in build/fuzz/crashes/ and fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
runs=${FUZZ_RUNS:-}
if [ $# -gt 0 ]; then
	names=("$@")
else
	names=()
	for src in test/fuzz/fuzz_*.c; do
		[ -e "$src" ] || { echo "no fuzz targets in test/fuzz" >&2; exit 1; }
		names+=("$(basename "$src" .c | sed 's/^fuzz_//')")
	done
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
mkdir -p build/fuzz/crashes
failed=()
for name in "${names[@]}"; do
	bin=build/fuzz/fuzz_$name
	if [ ! -x "$bin" ]; then
		echo "== fuzz $name: no $bin" >&2
		failed+=("$name")
		continue
	fi
	mkdir -p "build/fuzz/corpus/$name"
	log=build/fuzz/$name.log
	dict=()
	[ -e "test/fuzz/$name.dict" ] && dict=(-dict="test/fuzz/$name.dict")
	echo "== fuzz $name (${runs:+$runs inputs or }${seconds} s)"
	"$bin" -max_total_time="$seconds" ${runs:+-runs="$runs"} -print_final_stats=1 "${dict[@]}" \
		-artifact_prefix="build/fuzz/crashes/$name-" \
		"build/fuzz/corpus/$name" "test/fuzz/corpus/$name" > "$log" 2>&1
	rc=$?
	executions=$(grep -E '^stat::number_of_executed_units:' "$log" | awk '{print $2}')
	if [ "$rc" = 0 ]; then
		echo "   ${executions:-?} inputs, no crash ($log)"
	else
		failed+=("$name")
		grep -E 'ERROR: |runtime error|property failed|Test unit written' "$log" | head -10 | sed 's/^/   /'
		echo "   failed after ${executions:-?} inputs ($log)"
	fi
done
if [ ${#failed[@]} -gt 0 ]; then
	printf 'failed: %s\n' "${failed[@]}"
	exit 1
fi
