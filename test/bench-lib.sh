# Shared by the benchmark scripts (sourced, not run).

# Starts a release stack for a benchmark in bench-out/NAME on the first free
# pair of ports from FIRST_PORT, stopped on exit (unless BENCH_KEEP is set).
# Sets WALK_BIN, WALK_VAR, WALK_CONF, PORT, API, FAKE.
# A stack of release workers named NAME on the first free pair of ports from
# FIRST_PORT; with DAYS, its database starts with the bench participants and
# that many days of history (bench_seeded_db).
bench_stack() { # name first_port [days]
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
	if [ -n "${3:-}" ]; then
		mkdir -p "$WALK_VAR"
		bench_seeded_db "$3" "$WALK_VAR/walk.db"
	fi
	bash nginx/devstack.sh start > /dev/null
	trap '[ -n "${BENCH_KEEP:-}" ] || bash nginx/devstack.sh stop' EXIT
}

# The 100,000 bench participants of test/bench-seed.sql with DAYS days of
# settled history from 2019-07-01 on, written into the database DB.
bench_seed() { # db days
	sqlite3 "$1" "CREATE TEMP TABLE bench_days (n INTEGER); INSERT INTO bench_days VALUES ($2);" \
		".read test/bench-seed.sql"
}

# A copy at DEST of a migrated database seeded by bench_seed with DAYS days.
# A hundred days are tens of millions of rows and take minutes to write, so
# the database is made once and kept in bench-out/seed-cache, under a key of
# the schema, the seed and DAYS: a change to any of them makes it anew.
bench_seeded_db() { # days dest
	local key dir=$PWD/bench-out/seed-cache
	key=$({ cat schema/*.sql test/bench-seed.sql; echo "days $1"; } | sha256sum | cut -c1-16)
	if [ ! -f "$dir/$key.db" ]; then
		echo "writing the bench database with $1 days of history once (bench-out/seed-cache)…" >&2
		rm -rf "$dir/making"
		mkdir -p "$dir/making"
		printf 'mode = dev\ndb = %s\nrun_dir = %s\n' "$dir/making/walk.db" "$dir/making" > "$dir/making/walk.conf"
		chmod 600 "$dir/making/walk.conf"
		WALK_CONF=$dir/making/walk.conf "$WALK_BIN/walkctl" migrate > /dev/null
		bench_seed "$dir/making/walk.db" "$1"
		sqlite3 "$dir/making/walk.db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
		mv "$dir/making/walk.db" "$dir/$key.db"
		rm -rf "$dir/making"
		find "$dir" -name '*.db' ! -name "$key.db" -mmin +1440 -delete   # older keys, a day unused
	fi
	cp "$dir/$key.db" "$2"
}

# The day after DAYS days of history from 2019-07-01.
bench_today() { # days
	date -u -d "2019-07-01 +$1 days" +%F
}

# Reads wrk --latency's report on stdin; prints "req/s p50 p90 p99" (ms).
# Fails, saying so, if any answer was not a 2xx: a benchmark of errors is none.
wrk_figures() {
	awk '
		function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
		/^ +50%/ { p50 = ms($2) } /^ +90%/ { p90 = ms($2) } /^ +99%/ { p99 = ms($2) }
		/^Requests\/sec:/ { rps = $2 }
		/Non-2xx/ { bad = $NF }
		END { if (bad) { print "non-2xx answers: " bad > "/dev/stderr"; exit 1 } printf "%.0f %.2f %.2f %.2f\n", rps, p50, p90, p99 }'
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
	sqlite3 "${WALK_DB:-$WALK_VAR/walk.db}" "INSERT INTO enrollments (activity_id, user_id, name, mobile, region_code,
		union_code, unit, department, created_at, updated_at)
		SELECT 1, id, '测试', '13900000000', 'xa', 'xa', '单位', '', 0, 0 FROM users WHERE openid LIKE '$2-%'"
}

# The bench's participants: the server clock at 20:30 of the day after the
# DAYS days of history of bench_stack's database (inside the settle window),
# and COUNT more who log in through the real API with genuine WeRun data of
# that day, their requests in FILE.
bench_participants() { # days count file
	local today
	today=$(bench_today "$1")
	"$WALK_BIN/walkctl" clock set "${today}T20:30:00+08:00" > /dev/null
	live_participants "$2" bench-live "$today" "$3"
}
