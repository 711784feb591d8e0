#!/usr/bin/env bash
# Inside the fresh-machine chroot (test/fresh-machine.sh): `make run` in the
# background as a person would start it, then what it must serve: the API's
# health, the admin page, a demo admin's login and the demo history.  Then
# Ctrl-C (SIGINT to its process group), and nothing of the stack may be left.  Prints key=value
# lines and finally verdict=ok or verdict=failed.
set -uo pipefail
cd /root/walk
start=$SECONDS
# Job control: make run in a process group of its own, as a terminal runs it,
# so that Ctrl-C (SIGINT to the group) reaches all of it; without it a
# script's background job starts with SIGINT ignored, and cannot trap it.
set -m
make run &
pid=$!
up=0
for _ in $(seq 900); do
	curl -fsS -o /tmp/health.json http://127.0.0.1:8080/api/health 2>/dev/null && { up=1; break; }
	kill -0 "$pid" 2>/dev/null || break
	sleep 1
done
echo "health=$up"
echo "seconds_to_health=$((SECONDS - start))"
echo "health_body=$(cat /tmp/health.json 2>/dev/null)"
admin=$(curl -s -o /tmp/admin.html -w '%{http_code}' http://127.0.0.1:8080/admin/)
echo "admin_page=$admin $(grep -o '<title>[^<]*</title>' /tmp/admin.html | head -1)"
login=$(curl -s -o /tmp/login.json -w '%{http_code}' -H 'content-type: application/json' \
	-d '{"username":"demo-province","password":"demo-province-2019"}' http://127.0.0.1:8080/admin/api/login)
echo "demo_login=$login"
participants=$(sqlite3 var/walk.db "SELECT count(*) FROM users WHERE openid LIKE 'sim-%'")
echo "demo_participants=$participants"
echo "demo_settled_days=$(sqlite3 var/walk.db 'SELECT count(*) FROM settled_days')"
stopping=$SECONDS
kill -INT -- "-$pid"
wait "$pid"
run_exit=$?
echo "run_exit=$run_exit"
echo "seconds_to_stop=$((SECONDS - stopping))"
# make's own status after a Ctrl-C is 2 ("Interrupt") or, when the stack's
# supervisors died of the same SIGINT first, devstack's "stopped by itself"
# (1): shown, not judged.  What must hold: nothing of the stack is left.
sleep 1
left=$(ls var/run/*.pid 2>/dev/null | tr '\n' ' ')
echo "leftover_pidfiles=${left:-none}"
procs=$(pgrep -f '^(/usr/bin/multiwatch .*)?/root/walk/build/' | tr '\n' ' ')
echo "leftover_processes=${procs:-none}"
if [ "$up" = 1 ] && [ "$admin" = 200 ] && [ "$login" = 200 ] && [ "$participants" = 3000 ] && [ -z "$left$procs" ]; then
	echo verdict=ok
else
	echo verdict=failed
fi
