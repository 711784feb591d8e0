#!/usr/bin/env bash
# The evening's reminders at scale (RULES §13): walkctl remind against the fake
# WeChat through nginx, beside the API.
#
#   sends/s   at the configured pace (remind_rate, 200 by default), sustained
#             over the whole run, and unpaced (the ceiling); target >= 150/s,
#             i.e. 500,000 messages (half of a million participants) in under
#             an hour
#   sync p99  of POST …/steps/sync with wrk, without the sender and with it
#             running beside the API, measured in the same run: at a steady
#             load below the machine's ceiling (the evening's real traffic)
#             the paced sender should not raise it by more than a fifth; at
#             the ceiling (wrk unpaced) the figures are printed as they are
#
# 100,000 enrolled participants (test/bench-seed.sql), BENCH_REMIND_GRANTED of
# them (20,000) with grants, a tenth of those already settled today (they must
# get nothing); afterwards every message is counted at the fake: one per
# person due, none twice.
#
# Environment: BENCH_REMIND_GRANTED (20000), BENCH_SECONDS (10), BENCH_CONNECTIONS (64),
# WALK_WORKERS (4), BENCH_STEADY_DELAY_MS (40), BENCH_STEADY_ROUNDS (5).
set -euo pipefail
cd "$(dirname "$0")/.."

GRANTED=${BENCH_REMIND_GRANTED:-20000}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
export WALK_WORKERS=${WALK_WORKERS:-4}
. test/bench-lib.sh
bench_stack remind 28300 14   # two weeks: the reminders do not read the history
DB=$WALK_VAR/walk.db
W=$WALK_BIN/walkctl
DAY=2019-07-15

echo "preparing 100,000 enrolled participants, $GRANTED with grants, 256 live logins an evening…"
"$W" clock set "${DAY}T21:30:05+08:00" > /dev/null
# Grants for the first GRANTED bench participants; every tenth of them settled today.
sqlite3 "$DB" "INSERT INTO reminder_grants (activity_id, user_id, grants, updated_at)
	SELECT 1, id, 3, 0 FROM users WHERE openid LIKE 'bench-%' ORDER BY id LIMIT $GRANTED;
	INSERT INTO daily_steps (activity_id, user_id, day, raw_steps, settled, first_sync_at, last_sync_at)
	SELECT 1, user_id, '$DAY', 9000, 1, 0, 0 FROM reminder_grants WHERE user_id % 10 = 0;"
due=$(sqlite3 "$DB" "SELECT count(*) FROM reminder_grants WHERE user_id % 10 != 0")
export BENCH_METHOD=POST BENCH_PATH=/api/activities/1/steps/sync

# The evening of day at 21:30, and 256 live participants with genuine WeRun
# data of that day (a payload is only good for the day it was made).
evening_at() { # day
	"$W" clock set "${1}T21:30:05+08:00" > /dev/null
	export BENCH_REQS=$WALK_VAR/bench-requests-$1.tsv
	live_participants 256 "remind-live-$1" "$1" "$BENCH_REQS"
}

# wrk on the sync route; prints "req/s p99" (p99 in ms).
sync_p99() {
	wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s test/bench-request.lua "$API$BENCH_PATH" |
		wrk_figures | awk '{ print $1, $4 }'
}
sent_today() { sqlite3 "$DB" "SELECT count(*) FROM reminder_sends WHERE day = '$1' AND state = 'sent'"; }
now() { date +%s.%N; }

# CPU seconds used so far by the fake WeChat's workers (the subscribe messages
# are all they do here: a sync never calls WeChat).
fake_cpu() {
	local ticks=0 p
	for p in $(pgrep -P "$(cat "$WALK_VAR/run/fakewx.pid")"); do
		ticks=$((ticks + $(awk '{ print $14 + $15 }' "/proc/$p/stat")))
	done
	awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}

# One evening's run in the background, wrk beside it once it is under way.
# Prints "sends/s-overall sends/s-during-wrk sync-req/s sync-p99
# sender-cpu-ms-per-message fake-cpu-ms-per-message".
evening() { # day rate [concurrency]
	local day=$1 log=$WALK_VAR/remind-$1.log
	local f0
	f0=$(fake_cpu)
	( TIMEFORMAT='%U %S'; time chrt --idle 0 env WALK_REMIND_RATE="$2" ${3:+WALK_REMIND_CONCURRENCY=$3} "$W" remind \
		> "$log" 2>&1 ) 2> "$log.cpu" &
	local pid=$!
	sleep 2
	local n0 t0 sync n1 t1
	n0=$(sent_today "$day"); t0=$(now)
	sync=$(sync_p99)
	n1=$(sent_today "$day"); t1=$(now)
	wait "$pid" || { echo "walkctl remind failed:" >&2; cat "$log" >&2; exit 1; }
	local overall sent_all
	overall=$(sed -n 's/.*s, \([0-9.]*\) a second$/\1/p' "$log" | tail -1)
	sent_all=$(sent_today "$day")
	awk -v o="$overall" -v a="$n0" -v b="$n1" -v s="$t0" -v e="$t1" -v y="$sync" -v n="$sent_all" \
	    -v cpu="$(cat "$log.cpu")" -v f0="$f0" -v f1="$(fake_cpu)" 'BEGIN {
		split(cpu, c, " ")
		printf "%s %.1f %s %.3f %.3f\n", o, (b - a) / (e - s), y, (c[1] + c[2]) * 1000 / n, (f1 - f0) * 1000 / n }'
}

# The sender runs as cron and its systemd unit run it, under SCHED_IDLE
# (chrt --idle 0 in cli/walk.cron, CPUSchedulingPolicy=idle in
# walk-job@remind.service.d).  The fake stands for WeChat's servers, which in
# production are not on this machine: under SCHED_IDLE too it takes from the
# API only the CPU the API leaves, which is as near as one machine comes to
# its being elsewhere.
for p in $(pgrep -P "$(cat "$WALK_VAR/run/fakewx.pid")"); do chrt --idle -p 0 "$p" > /dev/null; done
# The same holds for the HTTP in front of it: the dev stack's nginx serves the
# fake too, at the API's priority.  The sender reaches the fake through an
# nginx of its own under SCHED_IDLE instead, as WeChat's own front end
# would be on WeChat's machines.
wechat_front_end() { # port
	local dir=$WALK_VAR/wechat-nginx
	mkdir -p "$dir/tmp"
	cat > "$dir/nginx.conf" <<-CONF
		$( [ "$(id -u)" = 0 ] && echo 'user root;' )
		worker_processes 1;
		pid $dir/nginx.pid;
		error_log $dir/error.log warn;
		events { worker_connections 1024; }
		http {
		    access_log off;
		    client_body_temp_path $dir/tmp;
		    fastcgi_temp_path $dir/tmp;
		    proxy_temp_path $dir/tmp;
		    uwsgi_temp_path $dir/tmp;
		    scgi_temp_path $dir/tmp;
		    server {
		        listen 127.0.0.1:$1;
		        location / {
		            include /etc/nginx/fastcgi_params;
		            fastcgi_pass unix:$WALK_VAR/run/fakewx.sock;
		        }
		    }
		}
	CONF
	chrt --idle 0 /usr/sbin/nginx -c "$dir/nginx.conf" 2> "$dir/start.log"
	trap '/usr/sbin/nginx -c "'"$dir"'/nginx.conf" -s stop 2> /dev/null; [ -n "${BENCH_KEEP:-}" ] || bash nginx/devstack.sh stop' EXIT
}
for p in $(seq $((PORT + 2)) $((PORT + 60))); do
	(exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { WECHAT_PORT=$p; break; }
done
wechat_front_end "$WECHAT_PORT"
export WALK_WX_API_BASE=http://127.0.0.1:$WECHAT_PORT
echo "wrk: ${SECONDS_PER_RUN}s per measurement, $CONNECTIONS connections, $WALK_WORKERS workers, $(nproc) cores"
evening_at "$DAY"
sync_p99 > /dev/null   # warm-up
read -r base1_rps base1_p99 <<< "$(sync_p99)"

rate=$(sed -n 's/^remind_rate *= *//p' "$WALK_CONF"); rate=${rate:-200}
read -r paced paced_wrk paced_rps paced_p99 paced_cpu fake_ms <<< "$(evening "$DAY" "$rate")"
sent=$(sent_today "$DAY")
# Without the sender once more, after it: the machine's load drifts.
read -r base2_rps base2_p99 <<< "$(sync_p99)"
base_rps=$(awk -v a="$base1_rps" -v b="$base2_rps" 'BEGIN { print (a + b) / 2 }')
base_p99=$(awk -v a="$base1_p99" -v b="$base2_p99" 'BEGIN { print (a + b) / 2 }')
evening_at 2019-07-16
read -r free free_wrk free_rps free_p99 free_cpu free_fake_ms <<< "$(evening 2019-07-16 5000 16)"

# The evening's real traffic is not the machine's ceiling: a million
# participants syncing a few times between 20:00 and 24:00 are a few hundred
# syncs a second at the peak.  So once more at a steady load well below the
# ceiling (each connection waits BENCH_STEADY_DELAY_MS between requests).  A
# p99 over one 10-second run varies by half from one run to the next on this
# machine, more than the fifth to be measured, so the sender's share is taken
# from STEADY_ROUNDS pairs in turn: wrk without the sender, then wrk beside a
# run of it, stopped by SIGTERM as an operator would stop it (the next run
# sends the rest); the medians of the two are compared.  A last run without
# wrk sends what is left, so that the evening's messages can be counted.
export BENCH_DELAY_MS=${BENCH_STEADY_DELAY_MS:-40}
STEADY_ROUNDS=${BENCH_STEADY_ROUNDS:-5}
evening_at 2019-07-17
sync_p99 > /dev/null   # warm-up
steady_off=() steady_on=() steady_off_rps=() steady_on_rps=() steady_sends=()
for _ in $(seq "$STEADY_ROUNDS"); do
	read -r rps p99 <<< "$(sync_p99)"
	steady_off+=("$p99") steady_off_rps+=("$rps")
	chrt --idle 0 env WALK_REMIND_RATE="$rate" "$W" remind >> "$WALK_VAR/remind-steady.log" 2>&1 &
	pid=$!
	sleep 2
	n0=$(sent_today 2019-07-17); t0=$(now)
	read -r rps p99 <<< "$(sync_p99)"
	n1=$(sent_today 2019-07-17); t1=$(now)
	steady_on+=("$p99") steady_on_rps+=("$rps")
	steady_sends+=("$(awk -v a="$n0" -v b="$n1" -v s="$t0" -v e="$t1" 'BEGIN { printf "%.1f", (b - a) / (e - s) }')")
	kill -TERM "$pid"
	wait "$pid" || { echo "walkctl remind failed:" >&2; cat "$WALK_VAR/remind-steady.log" >&2; exit 1; }
done
unset BENCH_DELAY_MS
chrt --idle 0 env WALK_REMIND_RATE=5000 "$W" remind >> "$WALK_VAR/remind-steady.log" 2>&1 ||
	{ echo "walkctl remind failed:" >&2; cat "$WALK_VAR/remind-steady.log" >&2; exit 1; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
steady_p99_off=$(median "${steady_off[@]}") steady_p99_on=$(median "${steady_on[@]}")
steady_rps_off=$(median "${steady_off_rps[@]}") steady_rps_on=$(median "${steady_on_rps[@]}")
steady_sends_median=$(median "${steady_sends[@]}")

# One message per person due each evening (the second and third evenings
# everyone with a grant: nobody settled them), none to who settled, none twice.
messages=$(sqlite3 "$WALK_VAR/fakewx.db" "SELECT count(*) FROM messages WHERE touser LIKE 'bench-%'")
doubles=$(sqlite3 "$WALK_VAR/fakewx.db" "SELECT count(*) FROM (SELECT touser, date(at, 'unixepoch', '+8 hours') d
	FROM messages GROUP BY touser, d HAVING count(*) > 1)")
to_settled=$(sqlite3 "$WALK_VAR/fakewx.db" "SELECT count(*) FROM messages WHERE touser LIKE 'bench-%'
	AND CAST(substr(touser, 7) AS INTEGER) % 10 = 0 AND date(at, 'unixepoch', '+8 hours') = '$DAY'")

awk -v rate="$rate" -v paced="$paced" -v pw="$paced_wrk" -v free="$free" -v fw="$free_wrk" \
    -v br="$base_rps" -v bp="$base_p99" -v b1="$base1_p99" -v b2="$base2_p99" -v pc="$paced_cpu" -v fm="$fake_ms" -v pr="$paced_rps" -v pp="$paced_p99" -v fr="$free_rps" -v fp="$free_p99" \
    -v due="$due" -v granted="$GRANTED" -v sent="$sent" -v msgs="$messages" -v dbl="$doubles" -v ts="$to_settled" \
    -v soff="$steady_p99_off" -v son="$steady_p99_on" -v sroff="$steady_rps_off" -v sron="$steady_rps_on" \
    -v ssend="$steady_sends_median" -v rounds="$STEADY_ROUNDS" -v secs="$SECONDS_PER_RUN" \
    -v offs="${steady_off[*]}" -v ons="${steady_on[*]}" 'BEGIN {
	printf "reminders, paced at %d/s              %6.1f sends/s sustained (%.1f/s while wrk ran)  (target >= 150/s: %s)\n",
		rate, paced, pw, (paced >= 150) ? "met" : "NOT met"
	printf "  500,000 messages at that rate        %6.1f min (target < 60 min: %s)\n", 500000 / paced / 60,
		(500000 / paced < 3600) ? "met" : "NOT met"
	printf "reminders, unpaced (5000/s, 16 calls)  %6.1f sends/s sustained (%.1f/s while wrk ran)\n", free, fw
	printf "  CPU per message: the sender %.2f ms (%.0f%% of a core at %d/s), the fake WeChat %.2f ms (WeChat'"'"'s, in production)\n",
		pc, pc * rate / 10, rate, fm
	printf "sync p99 at a steady load, no sender   %6.2f ms  (median of %d runs of %d s: %s ms; %d req/s)\n", soff, rounds, secs, offs, sroff
	printf "sync p99 at that load, paced sender    %6.2f ms  (median of %d runs beside it: %s ms; %d req/s, %.1f sends/s)  %.2f times the p99 without (target <= 1.20: %s)\n",
		son, rounds, ons, sron, ssend, son / soff, (son <= 1.2 * soff) ? "met" : "NOT met"
	printf "at the ceiling (wrk unpaced, the machine saturated):\n"
	printf "  sync p99 without the sender          %6.2f ms  (%d req/s; %.2f and %.2f ms before and after)\n", bp, br, b1, b2
	printf "  sync p99 beside the paced sender     %6.2f ms  (%d req/s)  %.2f times the p99 without\n", pp, pr, pp / bp
	printf "  sync p99 beside the unpaced sender   %6.2f ms  (%d req/s)  %.2f times the p99 without\n", fp, fr, fp / bp
	printf "messages: %d due the first evening, %d sent; %d at the fake over three evenings, %d twice in a day, %d to who had settled (target: %d, %d, 0, 0: %s)\n",
		due, sent, msgs, dbl, ts, due, due + 2 * granted,
		(msgs == due + 2 * granted && sent == due && dbl == 0 && ts == 0) ? "met" : "NOT met"
}'
