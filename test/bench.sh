#!/usr/bin/env bash
# Benchmarks through the real nginx with wrk.  Every figure is printed beside
# the hello-world route (a route that does no work) measured in the same run,
# as a ratio: the machines are shared and noisy, absolute numbers are not
# comparable from one run to the next.
#
#   hello, health          the framework alone
#   sync, me               100,000 enrolled participants with 99 days of
#                          history (BENCH_DAYS), today the event's 100th day;
#                          256 of them log in through the API and sync
#                          real WeRun data (decrypt + write) / read their summary
#   sync under attack      the same sync load while 40 failed admin logins are
#                          in flight at all times, from many addresses
#                          (test/bench-admin-attack.lua): its p99 beside the
#                          p99 without the attack, measured just before and
#                          just after (their mean: the machine's load drifts)
#   worker RSS             after warm-up and after 100,000 more requests
#
# Environment: BENCH_DAYS (99), BENCH_SECONDS (5), BENCH_CONNECTIONS (64), WALK_WORKERS (4),
# WALK_ADMIN_WORKERS (2), ATTACK_CONNECTIONS (40).
set -euo pipefail
cd "$(dirname "$0")/.."
. test/bench-lib.sh

SECONDS_PER_RUN=${BENCH_SECONDS:-5}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
LIVE_USERS=256
# Days of settled history behind the participants (2019-07-01 on); today is
# the day after them: 99 makes today the event's last day, the 100th.
HISTORY_DAYS=${BENCH_DAYS:-99}
TODAY=$(bench_today "$HISTORY_DAYS")
ATTACK_CONNECTIONS=${ATTACK_CONNECTIONS:-40}
export WALK_WORKERS=${WALK_WORKERS:-4}
bench_stack api 28080 "$HISTORY_DAYS"

# Participants: the bulk in SQL, the live ones through the real login and the
# fake WeChat, so that their tokens and WeRun payloads are genuine.
prepare_participants() {
	export BENCH_REQS=$WALK_VAR/bench-requests.tsv
	bench_participants "$HISTORY_DAYS" "$LIVE_USERS" "$BENCH_REQS"
}

total_requests=0
# Runs wrk on one path; prints "req/s p50 p90 p99" (latencies in ms).
measure() { # path [lua-script]
	local script=()
	[ -n "${2:-}" ] && script=(-s "$2")
	local out
	out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "${script[@]}" "$API$1")
	total_requests=$((total_requests + $(echo "$out" | awk '/requests in/ {print $1}')))
	echo "$out" | wrk_figures
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

# The admin logins that reached a worker so far: "401" (PBKDF2 spent) or "429" (refused before it).
admin_logins() { # status
	grep -c "POST /admin/api/login $1 " "$WALK_VAR/log/walk-admin.log" || true
}

# CPU time (clock ticks) used so far by the workers of a pool.
pool_ticks() { # name
	local p total=0
	for p in $(pgrep -P "$(cat "$WALK_VAR/run/$1.pid")"); do
		total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
	done
	echo "$total"
}

# Runs measure (arguments as measure's) while ATTACK_CONNECTIONS failed admin
# logins are in flight at all times; prints measure's figures, then the
# attack's: PBKDF2 runs per second, the cores the admin pool kept busy, the
# worker's 429s per second, nginx's 429s per second.  The attackers wait as long as nginx makes them (a client
# that waits sends nothing more; one that gives up and retries is a flood of
# cheap 429s, which is nginx's capacity, not the workers').
measure_under_attack() {
	local out=$WALK_VAR/attack.out
	local spent_before refused_before
	spent_before=$(admin_logins 401)
	refused_before=$(admin_logins 429)
	local ticks_before started
	ticks_before=$(pool_ticks walk-admin)
	started=$(date +%s.%N)
	wrk -t1 -c"$ATTACK_CONNECTIONS" -d"$((SECONDS_PER_RUN + 2))s" --timeout 60s \
		-s test/bench-admin-attack.lua "$API/admin/api/login" > "$out" 2>&1 &
	local attacker=$!
	sleep 1   # past the attack's first burst
	local figures
	figures=$(measure "$@")
	wait "$attacker"
	local spent refused answered ticks elapsed
	spent=$(( $(admin_logins 401) - spent_before ))
	refused=$(( $(admin_logins 429) - refused_before ))
	ticks=$(( $(pool_ticks walk-admin) - ticks_before ))
	elapsed=$(echo "$(date +%s.%N) $started" | awk '{print $1 - $2}')
	answered=$(awk '/requests in/ {print $1}' "$out")
	echo "$figures $(awk -v s="$spent" -v r="$refused" -v a="$answered" -v t="$elapsed" -v c="$ticks" -v hz="$(getconf CLK_TCK)" \
		'BEGIN { n = a - s - r; printf "%.1f %.2f %.1f %.1f", s / t, c / hz / t, r / t, (n > 0 ? n : 0) / t }')"
}

# label figures-before figures-after figures-under-attack max_ratio
report_attack() {
	read -r _ _ _ before <<< "$2"
	read -r _ _ _ after <<< "$3"
	read -r _ _ _ p99_attack spent cores refused nginx_refused <<< "$4"
	awk -v l="$1" -v x="$before" -v y="$after" -v b="$p99_attack" -v max="$5" -v s="$spent" -v c="$cores" -v r="$refused" \
		-v n="$nginx_refused" -v cpus="$(nproc)" '
		BEGIN {
			a = (x + y) / 2
			ratio = b / a
			printf "%-34s p99 %6.2f ms, without %6.2f ms (before %.2f, after %.2f)  ratio %.2f  (target ratio <= %.2f: %s)\n",
				l, b, a, x, y, ratio, max, ratio <= max ? "met" : "NOT met"
			printf "%-34s %.1f PBKDF2 logins/s, the admin pool busy %.2f of %d cores; refused per second: %.1f by the workers, %.1f by nginx\n",
				"  the attack", s, c, cpus, r, n
		}'
}

worker_rss_kb() { # the largest resident set of the walk workers, in KiB
	ps -o rss= --ppid "$(cat "$WALK_VAR/run/walk.pid")" | sort -n | tail -1 | tr -d ' '
}

echo "wrk: ${SECONDS_PER_RUN}s per route, $CONNECTIONS connections, $WALK_WORKERS workers (admin pool ${WALK_ADMIN_WORKERS:-2}), $(nproc) cores"
echo "preparing 100,000 enrolled participants with $HISTORY_DAYS days of settled history, today $TODAY, and $LIVE_USERS live logins…"
prepare_participants
measure /api/hello > /dev/null   # warm-up
rss_before=$(worker_rss_kb)
before_total=$total_requests

hello=$(measure /api/hello)
health=$(measure /api/health)
export BENCH_METHOD=POST BENCH_PATH=/api/activities/1/steps/sync
sync=$(measure /api/activities/1/steps/sync test/bench-request.lua)
sync_attacked=$(measure_under_attack /api/activities/1/steps/sync test/bench-request.lua)
sync_after=$(measure /api/activities/1/steps/sync test/bench-request.lua)
export BENCH_METHOD=GET BENCH_PATH=/api/activities/1/me
me=$(measure /api/activities/1/me test/bench-request.lua)
base=$(echo "$hello" | cut -d' ' -f1)
report "GET /api/hello (baseline)" "$hello" "$base"
report "GET /api/health" "$health" "$base"
report "POST …/steps/sync (decrypt+write)" "$sync" "$base" 0.50 25
report_attack "sync p99 under admin-login attack" "$sync" "$sync_after" "$sync_attacked" 2.0
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

# Red-envelope draws with the payouts against the fake (a stack of its own).
bash test/bench-draws.sh
# Checkpoint photos and posters (test/bench-media.sh).
bash test/bench-media.sh
