#!/usr/bin/env bash
# The nightly settlement at the real scale: 1,000,000 participants, 166,667
# teams, 30 settled days (simulated, then settled by the real code); then one
# more day is settled while participants sync, and a board is read through
# nginx.  Figures are printed beside a plain-SQL lower bound measured in the
# same run.  Takes a while (the simulation and the 30 days): run it alone.
#
# Environment: BENCH_USERS (1000000), BENCH_TEAMS (166667), BENCH_DAYS (30),
# BENCH_WALKS (200): themed walks over the measured day, every participant in
# one of them (half of the walks with a total goal, half with a days goal).
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=${BENCH_USERS:-1000000}
TEAMS=${BENCH_TEAMS:-166667}
DAYS=${BENCH_DAYS:-30}
WALKS=${BENCH_WALKS:-200}
export WALK_WORKERS=4
. test/bench-lib.sh
bench_stack settle 28200
DB=$WALK_VAR/walk.db
W=$WALK_BIN/walkctl
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
now() { date +%s.%N; }

# Day DAYS+1 is the day settled under measurement; the history ends the day before.
first=2019-07-01
history_end=$(date -d "$first + $((DAYS - 1)) days" +%F)
measured=$(date -d "$first + $DAYS days" +%F)
after=$(date -d "$first + $((DAYS + 1)) days" +%F)

echo "simulating $USERS participants, $TEAMS teams, $DAYS days ($first..$history_end)…"
"$W" clock set "${measured}T00:30:00+08:00" > /dev/null
t0=$(now)
"$W" simulate --users "$USERS" --teams "$TEAMS" --days "$DAYS"
t1=$(now)
echo "  simulation: $(elapsed "$t0" "$t1") s"
"$W" settle | grep -E '^activity' | tail -3
t2=$(now)
echo "  settling the $DAYS days of history: $(elapsed "$t1" "$t2") s"

# The measured day's syncs: the history's last day again, with other numbers.
sqlite3 "$DB" "INSERT INTO daily_steps (activity_id, user_id, day, raw_steps, settled, first_sync_at, last_sync_at)
	SELECT activity_id, user_id, '$measured', (raw_steps * 7 + 1234) % 15000, settled, first_sync_at + 86400, last_sync_at + 86400
	FROM daily_steps WHERE activity_id = 1 AND day = '$history_end'"

# The themed walks: each over the history's last week and the measured day.
walk_from=$(date -d "$measured - 6 days" +%F)
sqlite3 "$DB" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $WALKS)
	INSERT INTO walks (activity_id, union_code, name, description, first_day, last_day, goal_kind, goal_steps,
	  goal_days, created_by, created_at, updated_at)
	SELECT 1, NULL, '压测健步走' || i, '', '$walk_from', '$measured', CASE i % 2 WHEN 0 THEN 'total' ELSE 'days' END,
	  CASE i % 2 WHEN 0 THEN 50000 ELSE 8000 END, CASE i % 2 WHEN 0 THEN NULL ELSE 5 END, 1, 0, 0 FROM n;
	INSERT INTO walk_joins (walk_id, user_id, joined_at, from_day, as_of)
	SELECT (SELECT min(id) FROM walks) + e.user_id % $WALKS, e.user_id, 0, '$walk_from', '$history_end'
	FROM enrollments e WHERE e.activity_id = 1;"
echo "  themed walks: $WALKS, $(sqlite3 "$DB" 'SELECT count(*) FROM walk_joins') participants in them"

# Live participants for the online check and the board request: one is in a team.
LIVE=64
reqs=$WALK_VAR/bench-requests.tsv
"$W" clock set "${after}T00:05:00+08:00" > /dev/null
live_participants "$LIVE" settle-live "$after" "$reqs"
sqlite3 "$DB" "INSERT INTO teams (activity_id, name, leader_id, created_at) SELECT 1, '压测队', min(id), 0 FROM users WHERE openid LIKE 'settle-live-%';
	INSERT INTO team_members (activity_id, team_id, user_id, joined_at)
	SELECT 1, (SELECT id FROM teams WHERE name = '压测队'), id, 0 FROM users WHERE openid LIKE 'settle-live-%' ORDER BY id LIMIT 1"
export BENCH_REQS=$reqs BENCH_METHOD=POST BENCH_PATH=/api/activities/1/steps/sync

# Plain-SQL lower bound: one statement reading the day's rows and writing a row per user.
t3=$(now)
sqlite3 "$DB" "CREATE TABLE bench_lower_bound AS SELECT user_id, min(raw_steps, 10000) AS counted
	FROM daily_steps WHERE activity_id = 1 AND day = '$measured'; DROP TABLE bench_lower_bound;"
t4=$(now)
lower=$(elapsed "$t3" "$t4")

# Syncs alone first, then while the measured day is settled (wrk, 16 connections).
wrk -t2 -c16 -d5s --latency -s test/bench-request.lua "$API$BENCH_PATH" > "$WALK_VAR/wrk-alone.txt"
wrk -t2 -c16 -d600s --latency -s test/bench-request.lua "$API$BENCH_PATH" > "$WALK_VAR/wrk-during.txt" &
wrk_pid=$!
sleep 2
t5=$(now)
"$W" settle --day "$measured" > "$WALK_VAR/settle-measured.txt"
t6=$(now)
grep -E '^activity' "$WALK_VAR/settle-measured.txt"
kill -INT "$wrk_pid" 2>/dev/null || true
wait "$wrk_pid" 2>/dev/null || true
settle_s=$(elapsed "$t5" "$t6")
# walkctl settle settles, then runs the fair-play pass (read-only, after the
# day's points are written): both are timed in its output.
settlement_s=$(sed -n 's/^activity 1, .*, \([0-9.]*\) s$/\1/p' "$WALK_VAR/settle-measured.txt")
pass_s=$(sed -n 's/^activity 1, flags up to .*(\([0-9.]*\) s)$/\1/p' "$WALK_VAR/settle-measured.txt")
awk -v s="$settle_s" -v l="$lower" -v a="$settlement_s" -v p="$pass_s" 'BEGIN {
	printf "settle one day: %.1f s (target <= 30 s: %s); plain-SQL lower bound %.1f s; ratio %.1f\n",
		s, s <= 30 ? "met" : "NOT met", l, s / (l > 0 ? l : 1)
	printf "  of which the settlement %.1f s (target <= 30 s: %s, ratio %.1f), the fair-play pass after it %.1f s\n",
		a, a <= 30 ? "met" : "NOT met", a / (l > 0 ? l : 1), p }'
grep -o 'themed walks: .*' "$WALK_VAR/settle-measured.txt" |
	awk -v w="$WALKS" '{ printf "themed walks (%d walks, the nightly pass within the settlement): %s\n", w, $0 }'
# A sync that timed out or was refused is no figure of latency: they are counted beside it.
latency() { awk '/^ +99%/ { p99 = $2 } /^ +Latency +[0-9]/ { max = $4 } /timeout [0-9]/ { t = $NF } /^ +Non-2xx/ { bad = $NF }
	/^ +[0-9]+ requests in/ { n = $1 }
	END { printf "p99 %s, max %s, %d requests, %d timed out, %d not 2xx", p99, max, n, t, bad }' "$1"; }
echo "syncs alone: $(latency "$WALK_VAR/wrk-alone.txt"); during the settlement: $(latency "$WALK_VAR/wrk-during.txt")"

# A board request through nginx: top 50 and the caller's own row.
token=$(head -1 "$reqs" | cut -f1)
cat > "$WALK_VAR/board.lua" <<LUA
request = function() return wrk.format("GET", "/api/activities/1/boards/teams?limit=50", { ["Authorization"] = "Bearer $token" }) end
LUA
wrk -t1 -c1 -d5s --latency -s "$WALK_VAR/board.lua" "$API/api/activities/1/boards/teams" |
	awk '/^ +50%/ { printf "board (top 50 + own row) through nginx: median %s (target <= 5 ms)\n", $2 }'
# The bytes in use: the tables of a row per participant-day (the steps, the
# ledger, their indexes) per participant-day, the rest per participant; and
# what those make at a million participants' 100th day.
read -r days_bytes rest_bytes rows < <(sqlite3 -separator ' ' "$DB" \
	"SELECT sum(CASE WHEN name IN ('daily_steps', 'daily_steps_by_day', 'ledger_entries') THEN pgsize END),
	        sum(CASE WHEN name NOT IN ('daily_steps', 'daily_steps_by_day', 'ledger_entries') THEN pgsize END),
	        (SELECT count(*) FROM ledger_entries) FROM dbstat")
awk -v d="$days_bytes" -v r="$rest_bytes" -v rows="$rows" -v users="$USERS" -v pd="$((USERS * (DAYS + 1)))" \
	-v file="$(du -h "$DB" | cut -f1)" 'BEGIN {
	per_day = d / pd; per_user = r / users; at100 = (per_day * 1e8 + per_user * 1e6) / 1e9
	printf "database: %s (%.2f GB in use, %d ledger rows): %.0f bytes per participant-day (steps and ledger), %.0f per participant (the rest); at 1,000,000 participants on day 100: %.1f GB (target <= 8 GB: %s)\n",
	       file, (d + r) / 1e9, rows, per_day, per_user, at100, at100 <= 8 ? "met" : "NOT met" }'

