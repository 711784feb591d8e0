#!/usr/bin/env bash
# The step sync beside its peer: the same request as a Node.js team would
# serve it (../shared/bench/peer-node: a node:http cluster of one process per
# core, better-sqlite3 in WAL mode), behind the same kind of nginx (two worker
# processes, kept upstream connections), measured with wrk right before and
# right after this project's sync, in one run on one machine.  Prints the
# project's req/s as a multiple of the peer's (the mean of its two runs;
# target >= 2) and the project's p99 at BENCH_CONNECTIONS (target <= 25 ms).
#
# The project's side is the stack of `make bench`: 100,000 enrolled
# participants with BENCH_DAYS (99) days of settled history, today the 100th
# day, 256 of them syncing genuine WeRun payloads.  The peer gets 100,000
# users with one encrypted request each from its own gen.js.
#
# The peer is copied to bench-out/node-peer (it is not part of this repository) and
# its modules installed there with npm ci; without node and npm, or without
# the peer's folder (BENCH_PEER), or when npm cannot install, this says so and
# skips (exit 0).
#
# Environment: BENCH_PEER (../shared/bench/peer-node), BENCH_DAYS (99),
# BENCH_SECONDS (5), BENCH_CONNECTIONS (64), WALK_WORKERS (4), PEER_WORKERS
# (the cores).
set -euo pipefail
cd "$(dirname "$0")/.."
. test/bench-lib.sh

PEER_SRC=${BENCH_PEER:-../shared/bench/peer-node}
SECONDS_PER_RUN=${BENCH_SECONDS:-5}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
HISTORY_DAYS=${BENCH_DAYS:-99}
PEER_WORKERS=${PEER_WORKERS:-$(nproc)}
export WALK_WORKERS=${WALK_WORKERS:-4}
PEER=$PWD/bench-out/node-peer   # not bench-out/peer: that is the stack's WALK_VAR

skip() { echo "bench-peer: skipped: $*"; exit 0; }
command -v node > /dev/null && command -v npm > /dev/null || skip "node and npm are needed for the peer"
[ -f "$PEER_SRC/server.js" ] && [ -f "$PEER_SRC/package-lock.json" ] || skip "no peer at $PEER_SRC"

# The peer's own copy, its modules built once (better-sqlite3 compiles).
mkdir -p "$PEER"
cp "$PEER_SRC"/*.js "$PEER_SRC"/*.json "$PEER_SRC"/*.lua "$PEER/"
if ! (cd "$PEER" && node -e "require('better-sqlite3')" 2> /dev/null); then
	echo "installing the peer's modules (npm ci)…"
	(cd "$PEER" && npm ci --no-audit --no-fund > npm.log 2>&1) || skip "npm ci failed (bench-out/node-peer/npm.log)"
fi

# The project's stack and participants, as `make bench` has them.
bench_stack peer 28500 "$HISTORY_DAYS"
echo "preparing 100,000 enrolled participants with $HISTORY_DAYS days of settled history and 256 live logins…"
export BENCH_REQS=$WALK_VAR/bench-requests.tsv BENCH_METHOD=POST BENCH_PATH=/api/activities/1/steps/sync
bench_participants "$HISTORY_DAYS" 256 "$BENCH_REQS"

# The peer behind its nginx, on the next free ports after the stack's.
PEER_PORT=$((PORT + 2))
PEER_NGINX_PORT=$((PORT + 3))
echo "preparing the peer: 100,000 users, one encrypted sync each…"
node "$PEER/gen.js" "$PEER/peer.db" "$PEER/requests.tsv" 100000 > /dev/null
mkdir -p "$PEER/nginx/logs"
cat > "$PEER/nginx.conf" <<CONF
worker_processes 2;
pid $PEER/nginx/nginx.pid;
error_log $PEER/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $PEER/nginx/client_body;
    proxy_temp_path $PEER/nginx/proxy;
    fastcgi_temp_path $PEER/nginx/fastcgi;
    uwsgi_temp_path $PEER/nginx/uwsgi;
    scgi_temp_path $PEER/nginx/scgi;
    upstream peer { server 127.0.0.1:$PEER_PORT; keepalive 32; }
    server {
        listen 127.0.0.1:$PEER_NGINX_PORT;
        location / {
            proxy_pass http://peer;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
CONF
WORKERS=$PEER_WORKERS node "$PEER/server.js" "$PEER/peer.db" "$PEER_PORT" > "$PEER/server.log" 2>&1 &
peer_pid=$!
nginx -p "$PEER/nginx" -c "$PEER/nginx.conf" -e "$PEER/nginx/logs/error.log"
stop_peer() {
	nginx -p "$PEER/nginx" -c "$PEER/nginx.conf" -e "$PEER/nginx/logs/error.log" -s stop 2> /dev/null || true
	kill "$peer_pid" 2> /dev/null || true
	[ -n "${BENCH_KEEP:-}" ] || bash nginx/devstack.sh stop
}
trap stop_peer EXIT
for _ in $(seq 50); do
	curl -fsS "http://127.0.0.1:$PEER_NGINX_PORT/" > /dev/null 2>&1 && break
	sleep 0.2
done

peer_sync() {
	REQS=$PEER/requests.tsv SYNC_PATH=/sync wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency \
		-s "$PEER/replay.lua" "http://127.0.0.1:$PEER_NGINX_PORT/" | wrk_figures
}
project_sync() {
	wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s test/bench-request.lua "$API$BENCH_PATH" |
		wrk_figures
}

echo "wrk: ${SECONDS_PER_RUN}s per run, $CONNECTIONS connections; the project $WALK_WORKERS workers, the peer $PEER_WORKERS processes; $(nproc) cores"
peer_sync > /dev/null      # warm-up, both sides
project_sync > /dev/null
peer_before=$(peer_sync)
project=$(project_sync)
peer_after=$(peer_sync)

read -r p1 _ _ p1_99 <<< "$peer_before"
read -r r _ _ r99 <<< "$project"
read -r p2 _ _ p2_99 <<< "$peer_after"
awk -v p1="$p1" -v p2="$p2" -v a="$p1_99" -v b="$p2_99" -v r="$r" -v r99="$r99" -v c="$CONNECTIONS" 'BEGIN {
	peer = (p1 + p2) / 2
	printf "peer (node:http + better-sqlite3)    %7.0f req/s  (%.0f before, %.0f after; p99 %.2f and %.2f ms)\n", peer, p1, p2, a, b
	printf "POST …/steps/sync (this project)     %7.0f req/s  p99 %6.2f ms  %.2f times the peer  (target >= 2.00 times, p99 <= 25 ms at %d connections: %s)\n",
		r, r99, r / peer, c, (r >= 2 * peer && r99 <= 25) ? "met" : "NOT met"
}'
