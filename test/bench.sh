#!/usr/bin/env bash
# Benchmarks through the real nginx with wrk.  Every figure is printed beside
# the hello-world route (a route that does no work) measured in the same run,
# as a ratio: the machines are shared and noisy, absolute numbers are not
# comparable from one run to the next.
#
# Environment: BENCH_SECONDS (5), BENCH_CONNECTIONS (64), WALK_WORKERS (4).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${BENCH_SECONDS:-5}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
export WALK_WORKERS=${WALK_WORKERS:-4}
export WALK_BIN=$PWD/build/release
export WALK_VAR=$PWD/test-out/bench
for p in $(seq 28080 2 28180); do
	if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null && ! (exec 3<>/dev/tcp/127.0.0.1/$((p + 1))) 2>/dev/null; then
		export PORT=$p
		break
	fi
done
rm -rf "$WALK_VAR"
bash nginx/devstack.sh start > /dev/null
trap 'bash nginx/devstack.sh stop' EXIT

# Runs wrk on one path; prints "req/s p50 p90 p99" (latencies in ms).
measure() { # path
	wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "http://127.0.0.1:$PORT$1" | awk '
		function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
		/^ +50%/ { p50 = ms($2) } /^ +90%/ { p90 = ms($2) } /^ +99%/ { p99 = ms($2) }
		/^Requests\/sec:/ { rps = $2 }
		/Non-2xx/ { bad = $NF }
		END { if (bad) { print "non-2xx answers: " bad > "/dev/stderr"; exit 1 } printf "%.0f %.2f %.2f %.2f\n", rps, p50, p90, p99 }'
}

report() { # label figures baseline_rps
	read -r rps p50 p90 p99 <<< "$2"
	awk -v l="$1" -v r="$rps" -v a="$p50" -v b="$p90" -v c="$p99" -v base="$3" \
		'BEGIN { printf "%-28s %9d req/s  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  ratio %.2f\n", l, r, a, b, c, r / base }'
}

echo "wrk: ${SECONDS_PER_RUN}s per route, $CONNECTIONS connections, $WALK_WORKERS workers, $(nproc) cores"
measure /api/hello > /dev/null   # warm-up
hello=$(measure /api/hello)
health=$(measure /api/health)
base=$(echo "$hello" | cut -d' ' -f1)
report "GET /api/hello (baseline)" "$hello" "$base"
report "GET /api/health" "$health" "$base"
