# Shared by the benchmark scripts (sourced, not run).

# Starts a release stack for a benchmark in bench-out/NAME on the first free
# pair of ports from FIRST_PORT, stopped on exit (unless BENCH_KEEP is set).
# Sets WALK_BIN, WALK_VAR, WALK_CONF, PORT, API, FAKE.
bench_stack() { # name first_port
	export WALK_BIN=$PWD/build/release
	export WALK_VAR=$PWD/bench-out/$1
	export WALK_CONF=$WALK_VAR/walk.conf
	for p in $(seq "$2" 2 $(($2 + 100))); do
		if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null && ! (exec 3<>/dev/tcp/127.0.0.1/$((p + 1))) 2>/dev/null; then
			export PORT=$p
			break
		fi
	done
	API=http://127.0.0.1:$PORT
	FAKE=http://127.0.0.1:$((PORT + 1))
	rm -rf "$WALK_VAR"
	bash nginx/devstack.sh start > /dev/null
	trap '[ -n "${BENCH_KEEP:-}" ] || bash nginx/devstack.sh stop' EXIT
}

json_field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
post() { curl -fsS -X POST -H 'Content-Type: application/json' "$@"; }

# COUNT participants who log in through the real API and get genuine WeRun
# data from the fake for DAY; their openids start with PREFIX.  Writes
# "token<TAB>sync body" lines to FILE (for test/bench-request.lua) and
# enrolls them in activity 1.
live_participants() { # count prefix day file
	: > "$4"
	for i in $(seq "$1"); do
		local openid=$2-$i code token payload
		post "$FAKE/fake/users" -d "{\"openid\":\"$openid\"}" > /dev/null
		code=$(post "$FAKE/fake/login" -d "{\"openid\":\"$openid\"}" | json_field code)
		token=$(post "$API/api/login" -d "{\"code\":\"$code\"}" | json_field token)
		payload=$(post "$FAKE/fake/werun" -d "{\"openid\":\"$openid\",\"steps\":[{\"day\":\"$3\",\"step\":$((4000 + i * 37))}]}")
		printf '%s\t%s\n' "$token" "$payload" >> "$4"
	done
	sqlite3 "$WALK_VAR/walk.db" "INSERT INTO enrollments (activity_id, user_id, name, mobile, region_code,
		union_code, unit, department, created_at, updated_at)
		SELECT 1, id, '测试', '13900000000', 'xa', 'xa', '单位', '', 0, 0 FROM users WHERE openid LIKE '$2-%'"
}
