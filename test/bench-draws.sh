#!/usr/bin/env bash
# Red-envelope draws through nginx with the payouts running against the fake
# WeChat Pay (every draw commits, then calls the transfer and stores its
# answer), beside the hello-world route measured in the same run, as a ratio;
# then one reconcile pass over what the draws left, and how many transfer
# requests the fake received.  Called at the end of test/bench.sh (make bench).
#
# Environment: BENCH_SECONDS (5), BENCH_CONNECTIONS (64), WALK_WORKERS (4),
# WALK_OUTBOUND_WORKERS (4: the pool that serves the draws).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${BENCH_SECONDS:-5}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
LIVE_USERS=256
export WALK_WORKERS=${WALK_WORKERS:-4}
export WALK_OUTBOUND_WORKERS=${WALK_OUTBOUND_WORKERS:-4}
. test/bench-lib.sh
bench_stack draws 28180

"$WALK_BIN/walkctl" clock set 2019-07-15T10:00:00+08:00 > /dev/null
"$WALK_BIN/walkctl" pool set --tier 30=5000000 --tier 50=3000000 --tier 100=1000000 > /dev/null
reqs=$WALK_VAR/bench-requests.tsv
live_participants "$LIVE_USERS" bench-draw 2019-07-15 "$reqs"
export BENCH_REQS=$reqs
# Points for every draw the run can make, as an adjustment row each.
sqlite3 "$WALK_VAR/walk.db" "INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at)
	SELECT 1, user_id, 'adjust', '90001', 100000000, 1563120000 FROM enrollments WHERE activity_id = 1"

rate() { # path [lua]: prints "req/s p99-ms non2xx"
	local script=()
	[ -n "${2:-}" ] && script=(-s "$2")
	wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "${script[@]}" "$API$1" | awk '
		function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
		/^ +99%/ { p99 = ms($2) } /^Requests\/sec:/ { rps = $2 } /Non-2xx/ { bad = $NF }
		END { printf "%.0f %.2f %d\n", rps, p99, bad + 0 }'
}

rate /api/hello > /dev/null   # warm-up
read -r hello hello_p99 _ <<< "$(rate /api/hello)"
read -r draws draws_p99 refused <<< "$(rate /api/activities/1/draws test/bench-draws.lua)"
made=$(sqlite3 "$WALK_VAR/walk.db" "SELECT count(*) FROM draws")
waiting=$(sqlite3 "$WALK_VAR/walk.db" "SELECT count(*) FROM payouts WHERE state = 'wait_confirm'")
transfers=$(curl -fsS "$FAKE/fake/calls?api=transfer" | grep -o '"out_bill_no"' | wc -l)
"$WALK_BIN/walkctl" clock set 2019-07-15T10:10:00+08:00 > /dev/null
started=$(date +%s.%N)
"$WALK_BIN/walkctl" payouts reconcile > "$WALK_VAR/reconcile.out" || true   # 3: paused, reported below
reconcile=$(echo "$(date +%s.%N) $started" | awk '{print $1 - $2}')
awk -v h="$hello" -v hp="$hello_p99" -v d="$draws" -v dp="$draws_p99" -v bad="$refused" -v m="$made" -v w="$waiting" \
	-v t="$transfers" -v rs="$reconcile" -v rout="$(cat "$WALK_VAR/reconcile.out")" 'BEGIN {
	printf "GET /api/hello (baseline)          %7d req/s  p99 %6.2f ms\n", h, hp
	printf "POST …/draws (+ transfer call)     %7d req/s  p99 %6.2f ms  ratio %.3f  (%d draws made, %d answers not 2xx)\n", d, dp, d / h, m, bad
	printf "  payouts after the run            %d waiting for the participant, %d transfer requests at the fake\n", w, t
	printf "  one reconcile pass               %.1f s: %s\n", rs, rout
}'
