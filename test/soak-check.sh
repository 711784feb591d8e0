#!/usr/bin/env bash
# The soak's checks and figures (test/soak.sh runs it after the load):
#   soak-check.sh OUT DB FAKEDB API DISK_MB DISK_MOUNTED
# OUT holds answers/answers-*.tsv (test/soak.lua), pool.tsv, wrk.txt, rss,
# timeline.log, kills, settle.rc.  Prints the figures, one line per check,
# and "soak: N passed, N failed"; exits 1 if a check failed.
set -uo pipefail
OUT=$1 DB=$2 FAKEDB=$3 API=$4 DISK_MB=$5 DISK_MOUNTED=$6
A=$OUT/analysis.db
rm -f "$A"
cat "$OUT"/answers/answers-*.tsv > "$OUT/answers.tsv"
sqlite3 "$A" "CREATE TABLE ans (kind TEXT, status INTEGER, json INTEGER, code TEXT, who TEXT, a1 TEXT, a2 TEXT, at INTEGER, ms REAL);" \
	".mode tabs" ".import $OUT/answers.tsv ans" "CREATE INDEX ans_kind ON ans(kind, status);"
# Both databases of the stack, read-only.
sql() { sqlite3 -cmd ".timeout 10000" -cmd "ATTACH 'file:$DB?mode=ro' AS w" -cmd "ATTACH 'file:$FAKEDB?mode=ro' AS f" "$A" "$@"; }

passed=0 failed=0
check() { # name ok(0/1) detail
	if [ "$2" = 1 ]; then passed=$((passed + 1)); printf '  ok    %-34s %s\n' "$1" "$3"
	else failed=$((failed + 1)); printf '  FAIL  %-34s %s\n' "$1" "$3"; fi
}
zero() { [ "$1" = 0 ] && echo 1 || echo 0; }

echo "== figures"
requests=$(awk '/requests in/ {print $1}' "$OUT/wrk.txt")
rate=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/wrk.txt")
ms() { awk -v p="$1" 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
	$1 == p { printf "%.1f", ms($2) }' "$OUT/wrk.txt"; }
socket_errors=$(grep -o 'Socket errors:.*' "$OUT/wrk.txt" || echo "Socket errors: none")
printf '  requests %s in %s, %s req/s; latency p50 %s ms, p90 %s ms, p99 %s ms\n' \
	"$requests" "$(awk '/requests in/ {print $4}' "$OUT/wrk.txt" | tr -d ,)" "$rate" "$(ms 50%)" "$(ms 90%)" "$(ms 99%)"
echo "  $socket_errors (wrk: connections cut without an answer)"
target=${SOAK_TARGET_RPS:-7900}
echo "  target: 20x the evening's peak of a million participants, $target req/s (README); this run: $(awk -v r="$rate" -v t="$target" 'BEGIN {printf "%.0f %%", 100 * r / t}') of it"
# By kind: the outbound pool's routes (draw, login) wait on WeChat while it
# is slow; the others must not (README "The outbound pool").  wrk's figures
# above mix them, and its connections that wait on a draw send nothing else.
echo "  latency by kind (p50 / p99 / max, ms):"
sql "WITH r AS (SELECT kind, ms, row_number() OVER (PARTITION BY kind ORDER BY ms) AS i, count(*) OVER (PARTITION BY kind) AS n FROM ans)
     SELECT printf('    %-8s %8.1f / %8.1f / %8.1f', kind, max(CASE WHEN i <= (n * 50 + 99) / 100 THEN ms END),
            max(CASE WHEN i <= (n * 99 + 99) / 100 THEN ms END), max(ms))
     FROM r GROUP BY kind ORDER BY max(n) DESC"
echo "  answers by kind (2xx / other):"
sql "SELECT printf('    %-8s %7d / %d', kind, sum(status BETWEEN 200 AND 299), sum(status NOT BETWEEN 200 AND 299))
     FROM ans GROUP BY kind ORDER BY count(*) DESC"
echo "  errors by kind, status and code:"
sql "SELECT printf('    %-8s %d %-22s %6d%s', kind, status, code, count(*), CASE WHEN sum(json = 0) > 0 THEN printf('  (%d not JSON)', sum(json = 0)) ELSE '' END)
     FROM ans WHERE status NOT BETWEEN 200 AND 299 GROUP BY kind, status, code ORDER BY kind, count(*) DESC"
# What went wrong when: the polite refusals (a second check-in, a sync of
# another day at the midnight edge) are left out.
echo "  answers per 5 s of the run (2xx / errors other than 409 and 400):"
sql "SELECT printf('    %3d-%3d s %6d / %-5d %s', b * 5, b * 5 + 5, sum(status BETWEEN 200 AND 299),
            sum(status >= 500 OR status IN (401, 403, 404, 429)),
            coalesce(group_concat(DISTINCT CASE WHEN status >= 500 THEN status || ' ' || code END), ''))
     FROM (SELECT *, (at - (SELECT min(at) FROM ans)) / 5 AS b FROM ans) GROUP BY b ORDER BY b"
echo "  faults: $(cat "$OUT/kills" 2>/dev/null || echo 0) workers killed; timeline:"
sed 's/^/    /' "$OUT/timeline.log"
echo "  payouts: $(sql "SELECT printf('%d draws, bills at the fake %d (SUCCESS %d, %d fen), transfer requests %d, our states: %s',
     (SELECT count(*) FROM w.draws), (SELECT count(*) FROM f.pay_bills), (SELECT count(*) FROM f.pay_bills WHERE state = 'SUCCESS'),
     (SELECT coalesce(sum(amount), 0) FROM f.pay_bills WHERE state = 'SUCCESS'),
     (SELECT count(*) FROM f.pay_calls WHERE api = 'transfer'),
     (SELECT group_concat(state || ' ' || n, ', ') FROM (SELECT state, count(*) n FROM w.payouts GROUP BY state)))")"
if [ -s "$OUT/rss" ]; then
	rss=$(awk '
		{ if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2; v[NR] = $2 }
		END { n = NR; k = int(n / 5); if (k < 1) k = 1
		      for (i = 1; i <= k; i++) if (v[i] > first) first = v[i]
		      for (i = n - k + 1; i <= n; i++) if (v[i] > last) last = v[i]
		      printf "%d %d %d %d %d", min, max, first, last, n }' "$OUT/rss")
	read -r rss_min rss_max rss_first rss_last rss_n <<< "$rss"
	printf '  worker RSS: min %.1f MB, max %.1f MB (%d samples); largest in the first fifth %.1f MB, in the last %.1f MB\n' \
		"$(echo "$rss_min / 1024" | bc -l)" "$(echo "$rss_max / 1024" | bc -l)" "$rss_n" \
		"$(echo "$rss_first / 1024" | bc -l)" "$(echo "$rss_last / 1024" | bc -l)"
fi
[ "$DISK_MOUNTED" = 1 ] && echo "  database on a ${DISK_MB} MB ext4: $(du -sh "$(dirname "$DB")" | cut -f1) used after the run"

echo "== checks"
n=$(sql "SELECT count(*) FROM ans a WHERE kind = 'sync' AND status BETWEEN 200 AND 299 AND CAST(a2 AS INTEGER) > 0
         AND NOT EXISTS (SELECT 1 FROM w.daily_steps d WHERE d.activity_id = 1 AND d.user_id = CAST(a.who AS INTEGER)
                         AND d.day = a.a1 AND min(d.raw_steps, 10000) >= CAST(a.a2 AS INTEGER))")
check "acknowledged syncs stored" "$(zero "$n")" "$n of $(sql "SELECT count(*) FROM ans WHERE kind = 'sync' AND status BETWEEN 200 AND 299") missing"
n=$(sql "SELECT count(*) FROM ans a WHERE kind = 'checkin' AND status BETWEEN 200 AND 299
         AND NOT EXISTS (SELECT 1 FROM w.ledger l WHERE l.activity_id = 1 AND l.user_id = CAST(a.who AS INTEGER)
                         AND l.kind = 'checkin' AND l.ref = a.a1)")
check "acknowledged check-ins stored" "$(zero "$n")" "$n of $(sql "SELECT count(*) FROM ans WHERE kind = 'checkin' AND status BETWEEN 200 AND 299") missing"
n=$(sql "SELECT count(*) FROM ans a WHERE kind = 'draw' AND status BETWEEN 200 AND 299
         AND NOT EXISTS (SELECT 1 FROM w.draws d JOIN w.ledger l ON l.activity_id = d.activity_id AND l.user_id = d.user_id
                           AND l.kind = 'redeem' AND l.ref = CAST(d.id AS TEXT) AND l.amount < 0
                         WHERE d.id = CAST(a.a1 AS INTEGER) AND d.user_id = CAST(a.who AS INTEGER)
                           AND d.amount_fen = CAST(a.a2 AS INTEGER))")
check "acknowledged draws stored" "$(zero "$n")" "$n of $(sql "SELECT count(*) FROM ans WHERE kind = 'draw' AND status BETWEEN 200 AND 299") missing (with their points spent)"
n=$(sql "SELECT count(*) FROM ans a WHERE kind = 'login' AND status BETWEEN 200 AND 299
         AND NOT EXISTS (SELECT 1 FROM w.users u WHERE u.openid = a.who)")
check "acknowledged logins stored" "$(zero "$n")" "$n of $(sql "SELECT count(*) FROM ans WHERE kind = 'login' AND status BETWEEN 200 AND 299") missing"
doubled=$(sql "SELECT count(*) FROM (SELECT p.draw_id FROM f.pay_bills b JOIN w.payouts p ON p.out_bill_no = b.out_bill_no
                WHERE b.state = 'SUCCESS' GROUP BY p.draw_id HAVING count(*) > 1)")
check "no draw paid twice" "$(zero "$doubled")" "$doubled draws with more than one paid bill"
n=$(sql "SELECT count(*) FROM f.pay_bills b LEFT JOIN w.payouts p ON p.out_bill_no = b.out_bill_no
         LEFT JOIN w.draws d ON d.id = p.draw_id
         WHERE d.id IS NULL OR b.amount != d.amount_fen OR p.amount_fen != d.amount_fen")
check "bills match their draws" "$(zero "$n")" "$n bills at the fake without their payout or with another amount"
n=$(sql "SELECT count(*) FROM w.payouts p LEFT JOIN f.pay_bills b ON b.out_bill_no = p.out_bill_no
         WHERE p.test_mode = 0 AND (p.state = 'paid') != (coalesce(b.state, '') = 'SUCCESS')")
check "paid here = SUCCESS at the fake" "$(zero "$n")" "$n payouts whose state disagrees with WeChat Pay's; $(sql "SELECT count(*) FROM w.payouts WHERE state IN ('paying', 'wait_confirm')") not final"
n=$(sql "SELECT count(*) FROM ans WHERE json = 0 AND status NOT BETWEEN 200 AND 299")
check "every error answer JSON" "$(zero "$n")" "$n error answers not JSON (nginx's pages included)"
rc=$(cat "$OUT/settle.rc" 2>/dev/null || echo none)
settled=$(sql "SELECT count(*) FROM w.settled_days WHERE day = '2019-07-21'")
check "the settlement after midnight" "$([ "$rc" = 0 ] && [ "$settled" -ge 1 ] && echo 1 || echo 0)" \
	"exit status $rc, day 2019-07-21 settled: $settled"
# Each live participant's balance as the API shows it, against their ledger.
bad=0
while IFS=$'\t' read -r uid token _; do
	shown=$(curl -fsS -H "Authorization: Bearer $token" "$API/api/activities/1/me" | sed -n 's/.*"balance":\([0-9-]*\).*/\1/p')
	sum=$(sqlite3 -cmd ".timeout 10000" "$DB" "SELECT coalesce(sum(amount), 0) FROM ledger WHERE activity_id = 1 AND user_id = $uid")
	[ "$shown" = "$sum" ] || { bad=$((bad + 1)); echo "    user $uid: balance shown '$shown', ledger $sum"; }
done < "$OUT/pool.tsv"
check "balances equal the ledger" "$(zero "$bad")" "$bad of $(wc -l < "$OUT/pool.tsv") live participants differ"
neg=$(sql "SELECT count(*) FROM (SELECT user_id FROM w.ledger GROUP BY activity_id, user_id HAVING sum(amount) < 0)")
check "no balance below zero" "$(zero "$neg")" "$neg participants"
if [ -n "${rss_first:-}" ]; then
	check "worker RSS flat" "$([ "$rss_last" -le $((rss_first * 3 / 2 + 2048)) ] && echo 1 || echo 0)" \
		"largest worker $((rss_first / 1024)) MB in the first fifth, $((rss_last / 1024)) MB in the last (<= 1.5x + 2 MB)"
fi
echo "soak: $passed passed, $failed failed"
[ "$failed" = 0 ]
