#!/usr/bin/env bash
# Where a request's time goes, in instructions (valgrind's callgrind): one
# worker under callgrind serves PROFILE_SECONDS of the bench's requests (the
# step sync by default; PROFILE_METHOD and PROFILE_PATH pick another route),
# then the instructions per request are printed, in all and for the functions
# that take the most (inclusive).  Instruction counts do not depend on what
# else the machine is doing, so two builds compare on a shared machine where
# wrk's figures would not.  The kernel's share (system calls, scheduling) is
# not in them: `perf record -e cpu-clock` on the workers shows that.
#
# Environment: BENCH_DAYS (14: the sync reads no more history at 100),
# PROFILE_SECONDS (20), PROFILE_METHOD (POST), PROFILE_PATH
# (/api/activities/1/steps/sync), PROFILE_TOP (25).
set -euo pipefail
cd "$(dirname "$0")/.."
. test/bench-lib.sh
command -v valgrind > /dev/null || { echo "profile: valgrind is needed (apt-get install valgrind)"; exit 1; }

DAYS=${BENCH_DAYS:-14}
export WALK_WORKERS=1
bench_stack profile 29400 "$DAYS"
export BENCH_REQS=$WALK_VAR/bench-requests.tsv
bench_participants "$DAYS" 64 "$BENCH_REQS"
bash nginx/devstack.sh stop > /dev/null

# The same stack once more, its one participant worker under callgrind: a
# folder of binaries whose walk-worker-lean (the participants' pool's) runs
# the release one through valgrind; the other pools' walk-worker is the
# release one.
bin=$WALK_VAR/profile-bin
out=$WALK_VAR/callgrind
mkdir -p "$bin" "$out"
ln -sf "$PWD/build/release/walk-worker" "$PWD/build/release/walkctl" "$PWD/build/release/fakewx-worker" "$bin/"
cat > "$bin/walk-worker-lean" <<WRAP
#!/bin/sh
exec valgrind --tool=callgrind --callgrind-out-file=$out/worker.%p $PWD/build/release/walk-worker-lean "\$@"
WRAP
chmod +x "$bin/walk-worker-lean"
WALK_BIN=$bin bash nginx/devstack.sh start > /dev/null
sleep 3   # valgrind's start
export BENCH_METHOD=${PROFILE_METHOD:-POST} BENCH_PATH=${PROFILE_PATH:-/api/activities/1/steps/sync}
requests=$(wrk -t1 -c2 -d"${PROFILE_SECONDS:-20}s" -s test/bench-request.lua "$API$BENCH_PATH" |
	awk '/requests in/ { print $1 }')
bash nginx/devstack.sh stop > /dev/null   # callgrind writes its data at the worker's exit
trap - EXIT
file=$(ls -t "$out"/worker.* | head -1)
echo "$BENCH_METHOD $BENCH_PATH: $requests requests through one worker under callgrind ($DAYS days of history)"
callgrind_annotate --inclusive=yes "$file" 2> /dev/null |
	awk -v n="$requests" -v top="${PROFILE_TOP:-25}" '
		/PROGRAM TOTALS/ { gsub(",", "", $1); printf "%9.0f instructions per request in all (start-up included)\n", $1 / n; next }
		/^ *[0-9,]+ \(/ && /\[/ && shown < top {
			ir = $1; gsub(",", "", ir)
			name = $0; sub(/^ *[0-9,]+ \( *[0-9.]+%\) +/, "", name); sub(/ \[.*$/, "", name); sub(/^.*\//, "", name)
			if (name ~ /below main|libc-start|^0x|^\?\?\?:0x|rtld|dl-/) next
			printf "%9.0f  %s\n", ir / n, name; shown++ }'
