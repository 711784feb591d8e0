#!/usr/bin/env bash
# `make install`: puts a built server into its places (README "Production").
#
#   PREFIX (/usr/local)   bin/walk-worker, bin/walk-worker-lean, bin/walkctl;
#                         share/walk/ (the admin pages, nginx's shared
#                         locations, the pools' sizes and binaries, the cron
#                         file, walk-postinstall.sh); lib/systemd/system/
#                         (the units and timers, which systemd reads there)
#   /etc                  walk/walk.conf.example, nginx/sites-available/walk,
#                         nginx/snippets/walk-*.conf, logrotate.d/walk
#   DESTDIR               a folder to install into instead of / (packaging, the
#                         test); when empty, walk-postinstall.sh runs at the end
#                         (the walk user, its folders: needs root)
#   WALK_BIN              the built binaries (build/release)
#
# Every installed file that names another installed path names it under
# PREFIX (@BINDIR@, @DATADIR@ in the sources, /usr/share/walk in nginx/).
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=${PREFIX:-/usr/local}
DESTDIR=${DESTDIR:-}
WALK_BIN=${WALK_BIN:-build/release}
BINDIR=$PREFIX/bin
DATADIR=$PREFIX/share/walk
UNITDIR=$PREFIX/lib/systemd/system
D=$DESTDIR

for bin in walk-worker walk-worker-lean walkctl; do
	[ -x "$WALK_BIN/$bin" ] || { echo "install: $WALK_BIN/$bin is missing: run make first" >&2; exit 1; }
done

# A file with the installation's paths filled in.
subst() { # source destination mode
	install -D -m "$3" /dev/null "$D$2"
	sed -e "s|@BINDIR@|$BINDIR|g" -e "s|@DATADIR@|$DATADIR|g" \
	    -e "s|/usr/share/walk/|$DATADIR/|g" -e "s|/usr/share/walk\\b|$DATADIR|g" \
	    -e "s|/usr/local/bin/|$BINDIR/|g" "$1" > "$D$2"
}

install -D -m 0755 "$WALK_BIN/walk-worker" "$D$BINDIR/walk-worker"
install -D -m 0755 "$WALK_BIN/walk-worker-lean" "$D$BINDIR/walk-worker-lean"
install -D -m 0755 "$WALK_BIN/walkctl" "$D$BINDIR/walkctl"

# The admin pages (static files), nginx's shared locations, the site, the snippets.
install -d -m 0755 "$D$DATADIR/www"
rm -rf "$D$DATADIR/www/admin"
cp -R nginx/admin "$D$DATADIR/www/admin"
find "$D$DATADIR/www/admin" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +
install -D -m 0644 nginx/walk-locations.conf "$D$DATADIR/nginx/walk-locations.conf"
subst nginx/walk.conf /etc/nginx/sites-available/walk 0644
for s in nginx/snippets/walk-*.conf; do
	install -D -m 0644 "$s" "$D/etc/nginx/snippets/$(basename "$s")"
done

# systemd: the pools, the jobs and their timers, the drop-ins.
for f in cli/systemd/*.service cli/systemd/*.timer; do
	subst "$f" "$UNITDIR/$(basename "$f")" 0644
done
for f in cli/systemd/*.d/*.conf; do
	subst "$f" "$UNITDIR/$(basename "$(dirname "$f")")/$(basename "$f")" 0644
done
for f in cli/systemd/pool-*.env; do
	install -D -m 0644 "$f" "$D$DATADIR/$(basename "$f")"
done

# The cron file: the same jobs for a machine that runs them from cron instead
# of the timers (README "Production": one or the other, never both).
subst cli/walk.cron "$DATADIR/walk.cron" 0644
install -D -m 0755 cli/walk-postinstall.sh "$D$DATADIR/walk-postinstall.sh"

# The configuration's template (the real file is the administrator's) and the
# logs' rotation.
install -D -m 0640 cli/walk.conf.example "$D/etc/walk/walk.conf.example"
install -D -m 0644 cli/walk.logrotate "$D/etc/logrotate.d/walk"

echo "installed into ${DESTDIR:-/} (PREFIX $PREFIX)"
if [ -z "$DESTDIR" ]; then
	sh "$DATADIR/walk-postinstall.sh"
else
	echo "then, as root on the target: sh $DATADIR/walk-postinstall.sh"
fi
