#!/usr/bin/env bash
# Benchmarks through the real nginx with wrk.  Every figure is printed beside
# the hello-world route (a route that does no work) measured in the same run,
# as a ratio: the machines are shared and noisy, absolute numbers are not
# comparable from one run to the next.
#
#   hello, health          the framework alone
#   sync, me               100,000 enrolled participants with two weeks of
#                          history; 256 of them log in through the API and sync
#                          real WeRun data (decrypt + write) / read their summary
#   worker RSS             after warm-up and after 100,000 more requests
#
# Environment: BENCH_SECONDS (5), BENCH_CONNECTIONS (64), WALK_WORKERS (4).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${BENCH_SECONDS:-5}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
LIVE_USERS=256
export WALK_WORKERS=${WALK_WORKERS:-4}
. test/bench-lib.sh
bench_stack api 28080

# Participants: the bulk in SQL, the live ones through the real login and the
# fake WeChat, so that their tokens and WeRun payloads are genuine.
prepare_participants() {
	"$WALK_BIN/walkctl" clock set 2019-07-15T20:30:00+08:00 > /dev/null
	sqlite3 "$WALK_VAR/walk.db" < test/bench-seed.sql
	local reqs=$WALK_VAR/bench-requests.tsv
	live_participants "$LIVE_USERS" bench-live 2019-07-15 "$reqs"
	export BENCH_REQS=$reqs
}

total_requests=0
# Runs wrk on one path; prints "req/s p50 p90 p99" (latencies in ms).
measure() { # path [lua-script]
	local script=()
	[ -n "${2:-}" ] && script=(-s "$2")
	local out
	out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "${script[@]}" "$API$1")
	total_requests=$((total_requests + $(echo "$out" | awk '/requests in/ {print $1}')))
	echo "$out" | awk '
		function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
		/^ +50%/ { p50 = ms($2) } /^ +90%/ { p90 = ms($2) } /^ +99%/ { p99 = ms($2) }
		/^Requests\/sec:/ { rps = $2 }
		/Non-2xx/ { bad = $NF }
		END { if (bad) { print "non-2xx answers: " bad > "/dev/stderr"; exit 1 } printf "%.0f %.2f %.2f %.2f\n", rps, p50, p90, p99 }'
}

# label figures baseline_rps [min_ratio] [max_p99_ms]
report() {
	read -r rps p50 p90 p99 <<< "$2"
	awk -v l="$1" -v r="$rps" -v a="$p50" -v b="$p90" -v c="$p99" -v base="$3" -v min="${4:-0}" -v maxp99="${5:-0}" '
		BEGIN {
			ratio = r / base
			verdict = ""
			if (min > 0) verdict = sprintf("  (target ratio >= %.2f%s: %s)", min,
				maxp99 > 0 ? sprintf(", p99 <= %d ms", maxp99) : "",
				(ratio >= min && (maxp99 == 0 || c <= maxp99)) ? "met" : "NOT met")
			printf "%-34s %7d req/s  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  ratio %.2f%s\n", l, r, a, b, c, ratio, verdict
		}'
}

worker_rss_kb() { # the largest resident set of the walk workers, in KiB
	ps -o rss= --ppid "$(cat "$WALK_VAR/run/walk.pid")" | sort -n | tail -1 | tr -d ' '
}

echo "wrk: ${SECONDS_PER_RUN}s per route, $CONNECTIONS connections, $WALK_WORKERS workers, $(nproc) cores"
echo "preparing 100,000 enrolled participants and $LIVE_USERS live logins…"
prepare_participants
measure /api/hello > /dev/null   # warm-up
rss_before=$(worker_rss_kb)
before_total=$total_requests

hello=$(measure /api/hello)
health=$(measure /api/health)
export BENCH_METHOD=POST BENCH_PATH=/api/activities/1/steps/sync
sync=$(measure /api/activities/1/steps/sync test/bench-request.lua)
export BENCH_METHOD=GET BENCH_PATH=/api/activities/1/me
me=$(measure /api/activities/1/me test/bench-request.lua)
base=$(echo "$hello" | cut -d' ' -f1)
report "GET /api/hello (baseline)" "$hello" "$base"
report "GET /api/health" "$health" "$base"
report "POST …/steps/sync (decrypt+write)" "$sync" "$base" 0.50 25
report "GET …/me" "$me" "$base" 0.60

# Worker memory: at least 100,000 requests after the first measurement.
while [ $((total_requests - before_total)) -lt 100000 ]; do
	measure /api/activities/1/me test/bench-request.lua > /dev/null
done
rss_after=$(worker_rss_kb)
awk -v a="$rss_before" -v b="$rss_after" -v n="$((total_requests - before_total))" 'BEGIN {
	printf "worker RSS (largest worker)        %.1f MB after warm-up, %.1f MB after %d more requests (target <= 16 MB, flat: %s)\n",
		a / 1024, b / 1024, n, (b <= 16 * 1024 && b - a <= 1024) ? "met" : "NOT met" }'
echo "database: $(du -h "$WALK_VAR/walk.db" | cut -f1) for $(sqlite3 "$WALK_VAR/walk.db" 'SELECT count(*) FROM enrollments') enrolled participants"
