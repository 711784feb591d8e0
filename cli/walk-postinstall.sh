#!/bin/sh
# The steps of an installation that need root, run by `make install` when
# DESTDIR is empty (or by hand after installing into a DESTDIR and copying
# the tree into place): the walk system user, the folders it owns, and the
# configuration's folder, readable by it alone.  Running it again changes
# nothing.
set -eu
if ! getent passwd walk > /dev/null; then
	useradd --system --user-group --home-dir /var/lib/walk --no-create-home \
		--shell /usr/sbin/nologin --comment "walk server" walk
	echo "created the system user walk"
fi
# The data, the backups and the logs: walk's alone.  The configuration: read
# by the group walk, which the services have and nginx (www-data) has not.
install -d -m 0700 -o walk -g walk /var/lib/walk /var/backups/walk /var/log/walk
install -d -m 0750 -o root -g walk /etc/walk
[ ! -e /etc/walk/walk.conf ] || { chown root:walk /etc/walk/walk.conf && chmod 0640 /etc/walk/walk.conf; }
if command -v systemctl > /dev/null && [ -d /run/systemd/system ]; then
	systemctl daemon-reload
fi
echo "next: write /etc/walk/walk.conf from /etc/walk/walk.conf.example (README \"Production\")"
