#!/usr/bin/env bash
# Runs the production site, nginx/walk.conf, as Debian's nginx.conf would
# include it, in front of a test stack's worker pools: only what cannot be had
# on a test machine is changed (loopback ports instead of 80 and 443, a
# self-signed certificate, the stack's folders instead of /run/walk,
# /usr/share/walk and /var/log/nginx).  Every directive that matters — TLS,
# headers, limits, logs, upstreams — is production's own.
#
#   prod-site.sh start DIR   prints the HTTPS port (the next one takes the plain-HTTP redirect)
#   prod-site.sh stop DIR
#
# Expects the stack's WALK_VAR in the environment (its run/ holds the sockets).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIR=$2

free_pair() { # the first even port from 30000 on where it and the next refuse a connection
	for p in $(seq 30000 2 30400); do
		if ! (exec 3<> "/dev/tcp/127.0.0.1/$p") 2> /dev/null && ! (exec 3<> "/dev/tcp/127.0.0.1/$((p + 1))") 2> /dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

start() {
	local port
	port=$(free_pair)
	mkdir -p "$DIR/logs" "$DIR/temp"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
		-subj /CN=walk.example.org -keyout "$DIR/privkey.pem" -out "$DIR/fullchain.pem" 2> /dev/null
	ln -sfn "$ROOT/nginx/snippets" "$DIR/snippets"
	sed -e "s|listen 443 ssl http2;|listen 127.0.0.1:$port ssl http2;|" \
	    -e "s|listen 80;|listen 127.0.0.1:$((port + 1));|" \
	    -e '/listen \[::\]/d' \
	    -e "s|listen 127.0.0.1:9180;|listen unix:$DIR/metrics.sock;|" \
	    -e "s|/etc/ssl/walk/|$DIR/|" \
	    -e "s|unix:/run/walk/|unix:$WALK_VAR/run/|" \
	    -e "s|/usr/share/walk/www|$ROOT/nginx|" \
	    -e "s|/usr/share/walk/nginx/|$ROOT/nginx/|" \
	    -e "s|/var/log/nginx/|$DIR/logs/|" \
	    "$ROOT/nginx/walk.conf" > "$DIR/walk.conf"
	local user_line=""
	[ "$(id -u)" = 0 ] && user_line="user $(id -un) $(id -gn);"
	cat > "$DIR/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/logs/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $DIR/logs/access.log;
    client_body_temp_path $DIR/temp/client_body;
    fastcgi_temp_path $DIR/temp/fastcgi;
    proxy_temp_path $DIR/temp/proxy;
    uwsgi_temp_path $DIR/temp/uwsgi;
    scgi_temp_path $DIR/temp/scgi;
    include $DIR/walk.conf;
}
CONF
	nginx -t -q -p "$DIR" -c "$DIR/nginx.conf" -e "$DIR/logs/error.log"
	nginx -p "$DIR" -c "$DIR/nginx.conf" -e "$DIR/logs/error.log"
	echo "$port"
}

stop() {
	[ -f "$DIR/nginx.pid" ] || return 0
	local pid
	pid=$(cat "$DIR/nginx.pid")
	kill -QUIT "$pid" 2> /dev/null || true
	for _ in $(seq 50); do
		kill -0 "$pid" 2> /dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$pid" 2> /dev/null || true
}

case "$1" in
	start) start ;;
	stop) stop ;;
	*) echo "usage: prod-site.sh start|stop DIR" >&2; exit 2 ;;
esac
