#!/usr/bin/env bash
# The soak (make soak): a compressed evening under load, with faults, then a
# check that nothing acknowledged was lost and nothing was paid twice.
#
# A release stack (bench-out/soak), its database on a small loop-mounted ext4
# (bench-out/soak-disk), 3,000 simulated participants in 500 teams with a
# settled history, and SOAK_USERS live participants in teams of six who log
# in through the real API and carry genuine WeRun payloads of the evening's
# day D and of the next day.  wrk (test/soak.lua) then sends the evening's
# mix — syncs, the summary, check-ins, team views, boards, the red envelopes,
# draws (each a transfer at the fake WeChat Pay), logins — for SOAK_SECONDS,
# as fast as the machine serves it (or SOAK_DELAY_MS between requests),
# while:
#   (a) a participants' worker is killed (SIGKILL) every SOAK_KILL_EVERY s
#   (b) from 15 % to 40 % of the run, the fake WeChat is slow and fails: its
#       pay API times out, errs and loses answers; its login is slow and errs
#   (d) at 50 % the stack's clock passes midnight, and the nightly settlement
#       of day D runs 2 s later, under the load
#   (c) from 60 % to 80 %, the database's filesystem is full (the new day's
#       rows must grow the database, so that writes do meet the full disk)
# and, all along, participants confirm their transfers at the fake (what
# wx.requestMerchantTransfer does) and the reconciler runs every 5 s.
# Afterwards the payouts are driven to an end, then it checks and prints:
# every acknowledged (2xx) sync, check-in, draw and login is in the database;
# one paid bill at most per draw, its amount the draw's; every error answer
# was JSON; each live participant's balance (GET …/me) equals their ledger;
# worker RSS over the run; the figures.  Exits 1 if a check fails.
#
# Environment: SOAK_SECONDS (60), SOAK_THREADS (16: wrk's threads, one
# connection each), SOAK_DELAY_MS (none), SOAK_USERS (300), SOAK_KILL_EVERY
# (10), SOAK_DISK_MB (128), WALK_WORKERS (4), WALK_OUTBOUND_WORKERS (4),
# SOAK_KEEP (leave the stack and its disk running afterwards).  As root (the
# loop mount);
# without it the database stays on the ordinary disk and (c) is skipped,
# saying so.
set -euo pipefail
cd "$(dirname "$0")/.."
. test/bench-lib.sh

T=${SOAK_SECONDS:-60}
THREADS=${SOAK_THREADS:-16}
USERS=${SOAK_USERS:-300}
KILL_EVERY=${SOAK_KILL_EVERY:-10}
DISK_MB=${SOAK_DISK_MB:-128}
export WALK_WORKERS=${WALK_WORKERS:-4}
export WALK_OUTBOUND_WORKERS=${WALK_OUTBOUND_WORKERS:-4}   # production's size
DAY=2019-07-21          # the evening's day D (the activity's day 21)
NEXT=2019-07-22
OUT=$PWD/bench-out/soak-run
DISK=$PWD/bench-out/soak-disk
rm -rf "$OUT"
mkdir -p "$OUT/answers"

say() { printf '%s\n' "$*"; }
at() { printf '[%5.1f s] %s\n' "$(echo "$(date +%s.%N) $LOAD_START" | awk '{print $1 - $2}')" "$*" >> "$OUT/timeline.log"; }

# (c) The database on a small filesystem of its own: a loop-mounted ext4.
disk_mounted=0
disk_cleanup() {
	rm -f "$DISK/filler"
	if [ "$disk_mounted" = 1 ]; then umount "$DISK" 2>/dev/null || umount -l "$DISK" 2>/dev/null || true; fi
	rm -f "$DISK.img"
}
mkdir -p "$DISK"
mountpoint -q "$DISK" && umount "$DISK"
rm -f "$DISK.img"
if truncate -s "${DISK_MB}M" "$DISK.img" && mkfs.ext4 -q -F -m 0 "$DISK.img" 2> "$OUT/mkfs.log" &&
   mount -o loop "$DISK.img" "$DISK" 2>> "$OUT/mkfs.log"; then
	disk_mounted=1
	export WALK_DB=$DISK/walk.db   # the workers and walkctl read WALK_* keys from the environment
	say "database on a ${DISK_MB} MB loop-mounted ext4 ($DISK)"
else
	say "no loop mount here ($(tail -1 "$OUT/mkfs.log")): the database stays on the ordinary disk, no disk-full phase"
fi
trap disk_cleanup EXIT

bench_stack soak 28380
if [ -n "${SOAK_KEEP:-}" ]; then   # the stack and its disk stay, to look at (or to check again)
	trap 'echo "kept: PORT=$PORT WALK_VAR=$WALK_VAR bash nginx/devstack.sh stop; umount $DISK"' EXIT
else
	trap 'bash nginx/devstack.sh stop > /dev/null 2>&1; disk_cleanup' EXIT
fi
DB=${WALK_DB:-$WALK_VAR/walk.db}
FAKEDB=$WALK_VAR/fakewx.db
q() { sqlite3 -cmd ".timeout 10000" "$DB" "$@"; }

# The population: simulated history, settled, and the live participants.
prepare() {
	"$WALK_BIN/walkctl" clock set "${DAY}T20:30:00+08:00" > /dev/null
	"$WALK_BIN/walkctl" simulate --users 3000 --teams 500 --days 20 --seed 2019 > /dev/null
	"$WALK_BIN/walkctl" settle > "$OUT/settle-history.log"
	"$WALK_BIN/walkctl" pool set --tier 30=5000000 --tier 50=3000000 --tier 100=1000000 > /dev/null
	# the payloads of day D, made at 23:55 of the stack's clock (a payload is
	# good for sync_max_skew, 10 min, around its watermark)
	"$WALK_BIN/walkctl" clock set "${DAY}T23:55:00+08:00" > /dev/null
	live_participants "$USERS" soak "$DAY" "$OUT/day0.tsv"
	# and of the next day, made at 00:00:30
	"$WALK_BIN/walkctl" clock set "${NEXT}T00:00:30+08:00" > /dev/null
	local i
	for i in $(seq "$USERS"); do
		post "$FAKE/fake/werun" -d "{\"openid\":\"soak-$i\",\"steps\":[{\"day\":\"$NEXT\",\"step\":$((3000 + i * 11))}]}"
		echo
	done > "$OUT/day1.bodies"
	q "SELECT id FROM users WHERE openid LIKE 'soak-%' ORDER BY CAST(substr(openid, 6) AS INTEGER)" > "$OUT/uids"
	paste "$OUT/uids" "$OUT/day0.tsv" "$OUT/day1.bodies" > "$OUT/pool.tsv"
	# points for every draw the run can make, and teams of six
	q "INSERT INTO ledger (activity_id, user_id, kind, ref, amount, created_at)
	     SELECT 1, id, 'adjust', '90001', 1000000, 1563120000 FROM users WHERE openid LIKE 'soak-%';
	   CREATE TEMP TABLE live AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM users WHERE openid LIKE 'soak-%';
	   INSERT INTO teams (activity_id, name, leader_id, created_at)
	     SELECT 1, 'soak team ' || (n / 6), id, 1561500000 FROM live WHERE n % 6 = 0;
	   INSERT INTO team_members (activity_id, team_id, user_id, joined_at)
	     SELECT 1, t.id, live.id, 1561500000 FROM live JOIN teams t ON t.name = 'soak team ' || (live.n / 6);"
	# the logins of the mix: users of the fake who have never logged in
	for i in $(seq 200); do
		post "$FAKE/fake/users" -d "{\"openid\":\"soak-login-$i\"}" > /dev/null
		printf 'soak-login-%s\t%s\n' "$i" "$(post "$FAKE/fake/login" -d "{\"openid\":\"soak-login-$i\"}" | json_field code)"
	done > "$OUT/codes.tsv"
}
say "preparing: 3,000 simulated participants with 20 settled days, $USERS live ones…"
prepare

# --- the faults and the bystanders, each a background loop bounded by the run ---
walk_workers() { pgrep -P "$(cat "$WALK_VAR/run/walk.pid")" || true; }

killer() { # (a)
	local n=0 victim
	sleep "$KILL_EVERY"
	while [ "$(date +%s)" -lt "$LOAD_END" ]; do
		victim=$(walk_workers | shuf -n 1)
		if [ -n "$victim" ]; then kill -KILL "$victim" 2>/dev/null && n=$((n + 1)) && at "SIGKILL worker $victim"; fi
		sleep "$KILL_EVERY"
	done
	echo "$n" > "$OUT/kills"
}

fault() { post "$FAKE/fake/faults" -d "$1" > /dev/null; }
wechat_trouble() { # (b)
	sleep "$(awk -v t="$T" 'BEGIN {print t * 0.15}')"
	at "fake WeChat: slow and failing"
	fault '{"api":"transfer","fault":"timeout","seconds":2,"count":40}'
	fault '{"api":"transfer","fault":"system_error","count":150}'
	fault '{"api":"transfer","fault":"lost_reply","count":60}'
	fault '{"api":"transfer","fault":"bad_signature","count":20}'
	fault '{"api":"query","fault":"system_error","count":60}'
	fault '{"api":"jscode2session","fault":"slow","seconds":1,"count":20}'
	fault '{"api":"jscode2session","fault":"5xx","count":10}'
	sleep "$(awk -v t="$T" 'BEGIN {print t * 0.25}')"
	at "fake WeChat: faults left unconsumed: $(sqlite3 -cmd '.timeout 5000' "$FAKEDB" 'SELECT coalesce(sum(remaining), 0) FROM faults')"
	sqlite3 -cmd ".timeout 5000" "$FAKEDB" "UPDATE faults SET remaining = 0"
	at "fake WeChat: well again"
}

disk_full() { # (c)
	[ "$disk_mounted" = 1 ] || return 0
	sleep "$(awk -v t="$T" 'BEGIN {print t * 0.6}')"
	local free
	free=$(df --output=avail -B1 "$DISK" | tail -1)
	fallocate -l "$free" "$DISK/filler" 2>/dev/null || true
	dd if=/dev/zero of="$DISK/filler2" bs=4k 2>/dev/null || true   # what fallocate left
	at "disk full: $(df --output=avail -B1 "$DISK" | tail -1) bytes left"
	sleep "$(awk -v t="$T" 'BEGIN {print t * 0.2}')"
	rm -f "$DISK/filler" "$DISK/filler2"
	at "disk freed: $(df --output=avail -h "$DISK" | tail -1 | tr -d ' ') left"
}

midnight() { # (d)
	local wait=$((MIDNIGHT - $(date +%s)))
	[ "$wait" -le 0 ] || sleep "$wait"
	at "midnight of the stack's clock: $("$WALK_BIN/walkctl" clock show)"
	sleep 2
	local started rc=0
	started=$(date +%s.%N)
	at "settlement of $DAY starts"
	"$WALK_BIN/walkctl" settle > "$OUT/settle.log" 2>&1 || rc=$?
	at "settlement done: exit $rc in $(echo "$(date +%s.%N) $started" | awk '{printf "%.1f", $1 - $2}') s: $(tail -1 "$OUT/settle.log")"
	echo "$rc" > "$OUT/settle.rc"
}

confirm_bills() { # the participants confirm their transfers at the fake
	local bill
	for bill in $(sqlite3 -cmd ".timeout 5000" "$FAKEDB" "SELECT out_bill_no FROM pay_bills WHERE state = 'WAIT_USER_CONFIRM'" 2>/dev/null); do
		post "$FAKE/fake/pay/confirm" -d "{\"out_bill_no\":\"$bill\"}" > /dev/null 2>&1 || true
	done
}
bystanders() { # confirmations and the reconciler (cron's every minute, compressed)
	while [ "$(date +%s)" -lt "$LOAD_END" ]; do
		confirm_bills
		"$WALK_BIN/walkctl" payouts reconcile >> "$OUT/reconcile.log" 2>&1 || true
		sleep 5
	done
}

rss_sampler() { # kB of every worker of the three pools, every second
	local p
	while [ "$(date +%s)" -lt "$LOAD_END" ]; do
		for p in $(walk_workers) $(pgrep -P "$(cat "$WALK_VAR/run/walk-admin.pid")" || true) \
		         $(pgrep -P "$(cat "$WALK_VAR/run/walk-outbound.pid")" || true); do
			awk -v p="$p" '/^VmRSS/ {print p, $2}' "/proc/$p/status" 2>/dev/null || true
		done >> "$OUT/rss"
		sleep 1
	done
}

# --- the run ---
# The stack's clock: midnight comes at half the run.  It is set on a whole
# second, so that SOAK_MIDNIGHT is exact: a payload of the next day sent before
# midnight is refused, and ten refusals stop a participant's syncs for an hour.
sleep "0.$(printf '%09d' $((1000000000 - 10#$(date +%N))) | cut -c1-3)"
LOAD_START=$(date +%s.%N)
MIDNIGHT=$(( $(date +%s) + T / 2 ))
LOAD_END=$(( $(date +%s) + T ))
"$WALK_BIN/walkctl" clock set "$(date -u -d "${NEXT}T00:00:00+08:00 - $((T / 2)) seconds" +%FT%TZ)" > /dev/null
at "load starts: $THREADS connections, clock $("$WALK_BIN/walkctl" clock show)"
killer & wechat_trouble & disk_full & midnight & bystanders & rss_sampler &
say "the evening: ${T} s of load, $THREADS connections (one per wrk thread)…"
SOAK_POOL=$OUT/pool.tsv SOAK_CODES=$OUT/codes.tsv SOAK_MIDNIGHT=$MIDNIGHT SOAK_OUT=$OUT/answers \
SOAK_THREADS=$THREADS SOAK_DELAY_MS=${SOAK_DELAY_MS:-} \
	wrk -t"$THREADS" -c"$THREADS" -d"${T}s" --timeout 15s --latency -s test/soak.lua "$API" > "$OUT/wrk.txt" 2>&1 || true
at "load ends"
wait
[ -n "${SOAK_DELAY_MS:-}" ] || unset SOAK_DELAY_MS

# --- the end of the payouts: confirmations and reconciler passes, the clock
# moved on so that every backoff has passed ---
for step in 1 2 3 4 5 6; do
	"$WALK_BIN/walkctl" clock set "$(date -u -d "${NEXT}T01:00:00+08:00 + $((step * 40)) minutes" +%FT%TZ)" > /dev/null
	confirm_bills
	"$WALK_BIN/walkctl" payouts reconcile >> "$OUT/reconcile.log" 2>&1 || true
	confirm_bills
	sleep 1
	open=$(q "SELECT count(*) FROM payouts WHERE state IN ('paying', 'wait_confirm')")
	[ "$open" = 0 ] && break
done
sleep 2   # the fake's last callbacks

bash test/soak-check.sh "$OUT" "$DB" "$FAKEDB" "$API" "$DISK_MB" "$disk_mounted"
