#!/usr/bin/env bash
# `make install` into a DESTDIR, and the tree it leaves: every file in its
# place with its mode, every path an installed file names installed too, the
# configuration template complete and loadable, the systemd units verified by
# systemd-analyze, another PREFIX honoured.  Prints cmocka's summary lines
# ("[  PASSED  ] N test(s)") for test/run.sh.
set -uo pipefail
cd "$(dirname "$0")/.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0
check() { # description command...
	local what=$1
	shift
	if "$@" > "$T/out" 2>&1; then
		passed=$((passed + 1))
		echo "[       OK ] $what"
	else
		failed=$((failed + 1))
		echo "[  FAILED  ] $what"
		sed 's/^/    /' "$T/out" | head -20
	fi
}

D=$T/root
make --no-print-directory install DESTDIR="$D" > "$T/install.log" 2>&1
check "make install DESTDIR succeeds and names the post-install step" grep -q 'walk-postinstall.sh' "$T/install.log"

expect_files() {
	local missing=0
	while read -r mode path; do
		[ -n "$path" ] || continue
		if [ ! -f "$D$path" ]; then echo "missing $path"; missing=1; continue; fi
		local have
		have=$(stat -c %a "$D$path")
		[ "$have" = "$mode" ] || { echo "$path has mode $have, not $mode"; missing=1; }
	done <<'LIST'
755 /usr/local/bin/walk-worker
755 /usr/local/bin/walk-worker-lean
755 /usr/local/bin/walkctl
644 /usr/local/share/walk/www/admin/index.html
644 /usr/local/share/walk/www/admin/login.html
644 /usr/local/share/walk/www/admin/vendor/echarts.min.js
644 /usr/local/share/walk/nginx/walk-locations.conf
644 /usr/local/share/walk/pool-participants.env
644 /usr/local/share/walk/pool-admin.env
644 /usr/local/share/walk/pool-outbound.env
644 /usr/local/share/walk/walk.cron
755 /usr/local/share/walk/walk-postinstall.sh
644 /usr/local/lib/systemd/system/walk-pool@.service
644 /usr/local/lib/systemd/system/walk-job@.service
644 /usr/local/lib/systemd/system/walk-.service.d/hardening.conf
644 /usr/local/lib/systemd/system/walk-job@payouts.service.d/reconcile.conf
644 /usr/local/lib/systemd/system/walk-job@media.service.d/check.conf
644 /usr/local/lib/systemd/system/walk-job@remind.service.d/idle.conf
644 /usr/local/lib/systemd/system/walk-settle.timer
644 /usr/local/lib/systemd/system/walk-remind.timer
644 /usr/local/lib/systemd/system/walk-backup.timer
644 /usr/local/lib/systemd/system/walk-payouts.timer
644 /usr/local/lib/systemd/system/walk-media.timer
644 /etc/nginx/sites-available/walk
644 /etc/nginx/snippets/walk-http.conf
644 /etc/nginx/snippets/walk-headers.conf
640 /etc/walk/walk.conf.example
644 /etc/logrotate.d/walk
LIST
	[ "$missing" = 0 ]
}
check "every file in its place with its mode" expect_files
check "the admin pages are all there" diff -r nginx/admin "$D/usr/local/share/walk/www/admin"
check "the installed binaries are the built ones" cmp build/release/walkctl "$D/usr/local/bin/walkctl"
check "no /etc/walk/walk.conf is installed (the administrator writes it)" test ! -e "$D/etc/walk/walk.conf"

# Text files that name an installed path: every such path is installed.
paths_resolve() {
	local bad=0 n=0
	while read -r p; do
		n=$((n + 1))
		for instance in participants outbound admin; do   # a template's %i: each pool
			local q=${p//%i/$instance}
			[ -e "$D$q" ] || { echo "names $q, which is not installed"; bad=1; }
		done
	done < <(grep -rhoE '/usr/local/(bin|share/walk)/[A-Za-z0-9@%._/-]*[A-Za-z0-9]' \
		"$D/usr/local/lib/systemd" "$D/usr/local/share/walk/walk.cron" "$D/etc/nginx/sites-available/walk" \
		| sed 's/\$.*//' | sort -u)
	echo "$n paths"
	[ "$bad" = 0 ] && [ "$n" -ge 5 ]   # the binaries, the pools' files, the pages, the locations
}
check "every installed path a unit, the cron file or the site names exists" paths_resolve
# Each pool's binary (its env file's WALK_WORKER_BIN, in walk-pool@.service's
# ExecStart): installed, and the participants' the lean one (fcgi/pool.h).
pools_run_installed_binaries() {
	local bad=0
	for pool in participants outbound admin; do
		local bin
		bin=$(sed -n 's/^WALK_WORKER_BIN=//p' "$D/usr/local/share/walk/pool-$pool.env")
		[ -n "$bin" ] && [ -x "$D/usr/local/bin/$bin" ] || { echo "pool $pool runs \"$bin\", not installed"; bad=1; }
		echo "$pool: $bin"
	done
	grep -qx 'WALK_WORKER_BIN=walk-worker-lean' "$D/usr/local/share/walk/pool-participants.env" &&
		grep -q ' /usr/local/bin/${WALK_WORKER_BIN}$' "$D/usr/local/lib/systemd/system/walk-pool@.service" &&
		[ "$bad" = 0 ]
}
check "each pool runs an installed worker binary, the participants' walk-worker-lean" pools_run_installed_binaries
check "no placeholder is left" bash -c "grep -rlE '@(BINDIR|DATADIR)@' '$D/usr/local/lib' '$D/usr/local/share/walk' '$D/etc'; [ \$? = 1 ]"
check "the site points at the installed pages and locations" \
	grep -q "root /usr/local/share/walk/www;" "$D/etc/nginx/sites-available/walk"
cron_runs_installed() {
	local f=$D/usr/local/share/walk/walk.cron
	grep -v '^#' "$f" | grep -q ' /usr/local/bin/walkctl settle' &&
		grep -v '^#' "$f" | grep -q ' /usr/local/bin/walkctl backup' &&
		! grep -v '^#' "$f" | grep walkctl | grep -v ' /usr/local/bin/walkctl '
}
check "the cron file runs the installed walkctl (settle, backup …)" cron_runs_installed

# The template names every key of lib/base/config.c, and loads once its
# secrets are filled in.
template_has_every_key() {
	local bad=0
	for key in $(sed -nE 's/^\s*(STR_KEY|INT_KEY)\("([a-z_0-9]+)".*/\2/p; s/^\s*\{ "(mode)", KEY_MODE.*/\1/p' lib/base/config.c); do
		grep -qE "^#?$key = " cli/walk.conf.example || { echo "walk.conf.example lacks $key"; bad=1; }
	done
	[ "$bad" = 0 ]
}
check "walk.conf.example names every configuration key" template_has_every_key
template_loads() {
	sed -e "s/^data_key = CHANGE-ME/data_key = $(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')/" \
	    -e "s/^app_secret = CHANGE-ME/app_secret = s3cret-of-the-app/" "$D/etc/walk/walk.conf.example" > "$T/walk.conf"
	env -u WALK_DB -u WALK_MODE -u WALK_RUN_DIR WALK_CONF="$T/walk.conf" "$D/usr/local/bin/walkctl" --help > /dev/null
}
check "walk.conf.example, filled in, is a valid production configuration" template_loads
check "walk.conf.example as installed is refused (no data key yet)" \
	bash -c "! WALK_CONF='$D/etc/walk/walk.conf.example' '$D/usr/local/bin/walkctl' --help"

# systemd-analyze verify: the units as installed, their binaries' paths taken
# into the DESTDIR (this machine has no /usr/local/bin/walkctl), every warning
# a failure.  The drop-ins are read too (a misspelt key in one is reported).
verify_units() {
	command -v systemd-analyze > /dev/null || { echo "systemd-analyze is missing (make deps)"; return 1; }
	local u=$T/units
	cp -R "$D/usr/local/lib/systemd/system" "$u"
	find "$u" -type f -exec sed -i -e "s|/usr/local/bin/|$D/usr/local/bin/|g" \
		-e "s|/usr/local/share/walk/|$D/usr/local/share/walk/|g" {} +
	(cd "$u" && SYSTEMD_UNIT_PATH="$u:" systemd-analyze verify --man=no \
		walk-pool@participants.service walk-pool@outbound.service walk-pool@admin.service walk-job@settle.service walk-job@remind.service \
		walk-job@backup.service walk-job@payouts.service walk-job@media.service walk-settle.timer \
		walk-remind.timer walk-backup.timer walk-payouts.timer walk-media.timer) > "$T/verify" 2>&1
	local rc=$?
	cat "$T/verify"
	[ "$rc" = 0 ] && [ ! -s "$T/verify" ]
}
check "systemd-analyze verify passes every unit and timer without a warning" verify_units
check "the hardening drop-in applies to every walk-*.service" \
	grep -q '^ProtectSystem=strict' "$D/usr/local/lib/systemd/system/walk-.service.d/hardening.conf"

# Another PREFIX.
make --no-print-directory install DESTDIR="$T/opt" PREFIX=/opt/walk > /dev/null 2>&1
check "PREFIX=/opt/walk: the units run the pool's binary in /opt/walk/bin" \
	grep -q ' /opt/walk/bin/${WALK_WORKER_BIN}$' "$T/opt/opt/walk/lib/systemd/system/walk-pool@.service"
check "PREFIX=/opt/walk: the site serves /opt/walk/share/walk/www" \
	grep -q 'root /opt/walk/share/walk/www;' "$T/opt/etc/nginx/sites-available/walk"

echo "[==========] $((passed + failed)) test(s) run."
echo "[  PASSED  ] $passed test(s)."
[ "$failed" = 0 ] || echo "[  FAILED  ] $failed test(s)."
[ "$failed" = 0 ]
