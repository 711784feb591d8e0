#!/usr/bin/env bash
# The production runbook's services under a real systemd: a Debian 12 system
# booted in a container (systemd-nspawn -b), installed the README's way.
#
#   1. debootstrap a bookworm root with systemd (once; later runs copy it)
#   2. a clean clone of HEAD into /root/walk; there, as root, the runbook:
#      `make deps`, `make install`, walk.conf from its template, `walkctl
#      migrate` and the first admin as the user walk, the nginx site with a
#      self-signed certificate
#   3. boot it; `systemctl enable --now` the three pools and the four timers
#      that need no WeChat Pay keys
#   4. check what the units promise: the pools answer through nginx (a health
#      check, an admin login on the admin pool, a WeChat route's JSON error on
#      the outbound one), the workers run as walk with no capabilities and no
#      new privileges in a read-only system, a killed worker comes back
#      (multiwatch), a killed pool comes back (Restart=on-failure), every job
#      runs to success when its timer's unit is started, the timers have a
#      next run, the backup lands in /var/backups/walk and the runbook's
#      restore of it brings back what it held and nothing later, the request lines
#      reach /var/log/walk, and a stop ends each pool cleanly
#
# Not part of `make test` (minutes, root, a Debian mirror).  As root:
#
#   bash test/systemd-boot.sh         # the log: fresh-out/systemd/systemd-boot.log
#
# Environment: SYSTEMD_DIR (fresh-out/systemd), FRESH_MIRROR
# (http://deb.debian.org/debian), SYSTEMD_REBASE=1 (debootstrap the base
# again), SYSTEMD_STEPS=boot (only steps 3 and 4, in the root a previous run
# installed).  Exits non-zero when a check fails; each check prints a line
# starting with "ok" or "FAILED".
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD
DIR=${SYSTEMD_DIR:-$SRC/fresh-out/systemd}
MIRROR=${FRESH_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
BASE=$DIR/base ROOT=$DIR/root
LOG=$DIR/systemd-boot.log
: > "$LOG"

say() { printf 'systemd: %s\n' "$*" | tee -a "$LOG"; }
die() { say "FAILED: $*"; exit 1; }
. test/support/fresh-root.sh
[ "$(id -u)" = 0 ] || die "run as root (debootstrap, systemd-nspawn)"
for tool in debootstrap systemd-nspawn; do
	command -v "$tool" > /dev/null ||
		{ apt-get update -qq && apt-get install -y -qq debootstrap systemd-container > /dev/null; }
done

elapsed() { local s=$(($(date +%s) - $1)); printf '%d min %02d s' $((s / 60)) $((s % 60)); }

# 1. The base: debootstrap's default variant, which on bookworm boots with
# systemd as PID 1.
if [ "${SYSTEMD_REBASE:-0}" = 1 ] || [ ! -e "$BASE/.complete" ]; then
	rm -rf "$BASE"
	t=$(date +%s)
	debootstrap --include=systemd-sysv,dbus bookworm "$BASE" "$MIRROR" > "$DIR/debootstrap.log" 2>&1 ||
		die "debootstrap (see $DIR/debootstrap.log)"
	printf 'deb %s bookworm main\ndeb %s bookworm-updates main\n' "$MIRROR" "$MIRROR" > "$BASE/etc/apt/sources.list"
	touch "$BASE/.complete"
	say "debootstrap: $(elapsed "$t")"
fi

# Commands in the installed system, before it boots: a chroot with /proc,
# /sys and /dev bound, unmounted again at once.
in_chroot() { # script
	local m rc=0
	for m in proc sys dev dev/pts; do mkdir -p "$ROOT/$m"; done
	mount -t proc proc "$ROOT/proc"; mount -t sysfs sysfs "$ROOT/sys"
	mount --bind /dev "$ROOT/dev"; mount --bind /dev/pts "$ROOT/dev/pts"
	chroot "$ROOT" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin bash -euo pipefail -c "$1" || rc=$?
	for m in dev/pts dev sys proc; do umount -l "$ROOT/$m"; done
	return "$rc"
}

# 2. The runbook's steps 1, 2 and 4 (README "Production").
if [ "${SYSTEMD_STEPS:-all}" != boot ]; then
	commit=$(fresh_root "$BASE" "$ROOT" "$SRC")
	say "clone of $commit"
	t=$(date +%s)
	in_chroot 'cd /root/walk && apt-get update -qq && apt-get install -y -qq git make > /dev/null &&
		make deps && make install' > "$DIR/install.log" 2>&1 || die "make deps && make install (see $DIR/install.log)"
	say "make deps && make install: $(elapsed "$t")"
	in_chroot '
		key=$(openssl rand -hex 32)
		sed -e "s/^appid = .*/appid = wx51a0e35d3c2b1f00/" -e "s/^app_secret = .*/app_secret = $(openssl rand -hex 16)/" \
		    -e "s/^data_key = .*/data_key = $key/" -e "s/^remind_template_id = .*/remind_template_id = tmpl-walk-evening/" \
		    /etc/walk/walk.conf.example > /etc/walk/walk.conf
		chown root:walk /etc/walk/walk.conf && chmod 640 /etc/walk/walk.conf
		runuser -u walk -- env WALK_CONF=/etc/walk/walk.conf walkctl migrate
		echo "boot-check-password-1" | runuser -u walk -- env WALK_CONF=/etc/walk/walk.conf \
			walkctl admin add --username province --role province
		mkdir -p /etc/ssl/walk
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=walk.example.org \
			-keyout /etc/ssl/walk/privkey.pem -out /etc/ssl/walk/fullchain.pem 2> /dev/null
		chmod 600 /etc/ssl/walk/privkey.pem
		ln -sf /etc/nginx/sites-available/walk /etc/nginx/sites-enabled/walk
		rm -f /etc/nginx/sites-enabled/default
		nginx -t 2>&1
	' >> "$DIR/install.log" 2>&1 || die "configuring (see $DIR/install.log)"
	say "configured: walk.conf, the database, the first admin, the nginx site"
fi
[ -x "$ROOT/usr/local/bin/walk-worker" ] || die "nothing installed in $ROOT: run without SYSTEMD_STEPS=boot"

# 3. Boot, with a network of its own (loopback only: ports 80 and 443 are the
# container's, whatever this host serves; WeChat is out of reach, as on a
# machine whose outbound traffic is not open yet).
machine=walk-boot-$$
systemd-nspawn -q -D "$ROOT" -M "$machine" --register=no --keep-unit --private-network -b \
	> "$DIR/console.log" 2>&1 &
nspawn=$!
leader=
stop_container() {
	[ -n "$leader" ] && kill -RTMIN+4 "$leader" 2> /dev/null   # systemd: poweroff
	for _ in $(seq 60); do kill -0 "$nspawn" 2> /dev/null || return 0; sleep 0.5; done
	kill "$nspawn" 2> /dev/null || true
}
trap stop_container EXIT
for _ in $(seq 120); do
	leader=$(pgrep -P "$nspawn" -x systemd || true)
	[ -n "$leader" ] && break
	sleep 0.5
done
[ -n "$leader" ] || die "the container's systemd did not start (see $DIR/console.log)"
inside() { # command: runs in the booted system's namespaces
	nsenter -t "$leader" -m -u -i -n -p -- /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		LANG=C.UTF-8 bash -c "$1"
}
t=$(date +%s)
state=$(inside 'systemctl is-system-running --wait' 2>&1 || true)
say "booted in $(elapsed "$t"): system $state"
# The runbook's step 3 (the reconciler's timer waits for WeChat Pay's keys).
inside 'systemctl enable --now walk-pool@participants walk-pool@outbound walk-pool@admin &&
	systemctl enable --now walk-settle.timer walk-remind.timer walk-backup.timer walk-media.timer &&
	systemctl reload nginx' >> "$LOG" 2>&1 || die "systemctl enable --now (see $LOG)"
inside 'systemctl --failed --no-legend' | sed 's/^/systemd:   failed unit: /' | tee -a "$LOG"

failures=0
check() { # description command
	local out
	if out=$(inside "$2" 2>&1); then
		say "ok      $1${out:+: $(echo "$out" | tail -1)}"
	else
		say "FAILED  $1: $(echo "$out" | tail -3 | tr '\n' ' ')"
		failures=$((failures + 1))
	fi
}

# 4. What the units promise.
for pool in participants outbound admin; do
	check "walk-pool@$pool active" "systemctl is-active walk-pool@$pool"
done
check "nginx active" "systemctl is-active nginx"
CURL='curl -sk --max-time 20 --resolve walk.example.org:443:127.0.0.1'
check "health through nginx (participants' pool)" \
	"$CURL https://walk.example.org/api/health | grep -q '\"ok\"' && $CURL -o /dev/null -w '%{http_code}' https://walk.example.org/api/health"
check "admin login through nginx (admin pool, PBKDF2 locks in /run/walk)" \
	"$CURL -H 'Content-Type: application/json' -d '{\"username\":\"province\",\"password\":\"boot-check-password-1\"}' \
	 https://walk.example.org/admin/api/login | grep -o '\"csrf\"'"
check "a login with WeChat out of reach: a JSON error (outbound pool)" \
	"out=\$($CURL -w ' %{http_code}' -H 'Content-Type: application/json' -d '{\"code\":\"0a1b2c\"}' \
	 https://walk.example.org/api/login); echo \"\$out\" | grep -q '\"error\"' && echo \"\$out\" | tail -c 4"
check "workers run as walk, no capabilities, no new privileges" '
	pids=$(pgrep -x "walk-worker(-lea)?"); [ "$(echo "$pids" | wc -l)" -ge 10 ]
	for p in $pids; do
		[ "$(stat -c %U /proc/$p)" = walk ]
		grep -q "^CapEff:[[:space:]]*0000000000000000$" /proc/$p/status
		grep -q "^NoNewPrivs:[[:space:]]*1$" /proc/$p/status
	done
	echo "$(echo "$pids" | wc -l) workers"'
check "the system is read-only to the workers (ProtectSystem=strict)" '
	p=$(systemctl show -p MainPID --value walk-pool@participants)
	grep -E " /usr [^ ]+ ro," /proc/$p/mountinfo > /dev/null && grep -E " /etc [^ ]+ ro," /proc/$p/mountinfo > /dev/null ||
		grep -E "^[0-9]+ [0-9]+ [^ ]+ / / ro," /proc/$p/mountinfo > /dev/null
	nsenter -t $p -m -- sh -c "touch /usr/walk-probe 2>/dev/null" && exit 1
	echo "/usr and /etc read-only in the pool'"'"'s mount namespace"'
check "systemd-analyze security: exposure of walk-pool@participants" \
	"systemd-analyze security walk-pool@participants.service 2>/dev/null | tail -1"
check "a killed worker is replaced (multiwatch)" '
	p=$(systemctl show -p MainPID --value walk-pool@participants)
	victim=$(pgrep -P $p -x "walk-worker(-lea)?" | head -1); kill -9 $victim
	for i in $(seq 50); do
		[ "$(pgrep -P $p -x "walk-worker(-lea)?" | wc -l)" = 4 ] && ! kill -0 $victim 2>/dev/null && { echo "4 workers again"; exit 0; }
		sleep 0.2
	done; exit 1'
check "a killed pool is restarted (Restart=on-failure)" '
	old=$(systemctl show -p MainPID --value walk-pool@participants); kill -9 $old
	for i in $(seq 100); do
		new=$(systemctl show -p MainPID --value walk-pool@participants)
		[ "$new" != 0 ] && [ "$new" != "$old" ] && systemctl is-active -q walk-pool@participants &&
			curl -sk --max-time 5 --resolve walk.example.org:443:127.0.0.1 https://walk.example.org/api/health | grep -q ok &&
			{ echo "restarts: $(systemctl show -p NRestarts --value walk-pool@participants)"; exit 0; }
		sleep 0.2
	done; exit 1'
for job in settle remind backup media; do
	check "walk-job@$job runs to success" \
		"systemctl start walk-job@$job.service; [ \"\$(systemctl show -p Result --value walk-job@$job.service)\" = success ] &&
		 [ \"\$(systemctl show -p ExecMainStatus --value walk-job@$job.service)\" = 0 ] && echo ok"
done
check "walk-job@remind runs under SCHED_IDLE" \
	"[ \"\$(systemctl show -p CPUSchedulingPolicy --value walk-job@remind.service)\" = 5 ] && echo idle"
# Without WeChat Pay's keys the reconciler says so and exits 2, and its timer
# stays off until they are set (README "Production", step 3).
check "walk-job@payouts without WeChat Pay: exit status 2, said in its log" \
	"systemctl start walk-job@payouts.service; [ \"\$(systemctl show -p ExecMainStatus --value walk-job@payouts.service)\" = 2 ] &&
	 grep -o 'WeChat Pay is not configured[^:]*' /var/log/walk/payouts.log | tail -1"
check "walk-payouts.timer installed, not enabled" \
	"[ \"\$(systemctl is-enabled walk-payouts.timer)\" = disabled ] && echo disabled"
check "the backup is in /var/backups/walk, owned by walk" \
	'f=$(ls -t /var/backups/walk/* | head -1); [ "$(stat -c %U "$f")" = walk ] && echo "$f"'
# The runbook's restore ("Backups"), command for command, after a change
# the backup does not hold: that change is gone, the rest is back.
check "the runbook's restore of that backup" '
	W="runuser -u walk -- walkctl"
	echo "late-admin-password-1" | $W admin add --username late --role province > /dev/null
	systemctl stop walk-settle.timer walk-remind.timer walk-backup.timer walk-payouts.timer walk-media.timer
	systemctl stop walk-pool@participants walk-pool@outbound walk-pool@admin
	$W restore "$(ls -t /var/backups/walk/walk-*.db.gz | head -1)" --replace > /dev/null
	$W migrate > /dev/null
	systemctl start walk-pool@participants walk-pool@outbound walk-pool@admin
	$W settle > /dev/null
	systemctl start walk-settle.timer walk-remind.timer walk-backup.timer walk-media.timer
	admins=$($W admin list)
	echo "$admins" | grep -q province && ! echo "$admins" | grep -q late
	ls /var/lib/walk/walk.db.replaced-* > /dev/null
	# no process still serves the database that was moved aside
	! find /proc/[0-9]*/fd -lname "*walk.db.replaced-*" 2> /dev/null | grep -q .
	for i in $(seq 50); do
		curl -sk --max-time 5 --resolve walk.example.org:443:127.0.0.1 -H "Content-Type: application/json" \
			-d "{\"username\":\"province\",\"password\":\"boot-check-password-1\"}" \
			https://walk.example.org/admin/api/login | grep -q csrf && { echo "restored; the admin added after the backup is gone"; exit 0; }
		sleep 0.2
	done; exit 1'
check "the four timers have a next run" \
	'n=$(systemctl list-timers --no-legend "walk-*" | grep -c "walk-.*\.timer"); [ "$n" = 4 ] && echo "$n timers"'
check "request lines in /var/log/walk/pool-participants.log" \
	'grep -c "GET /api/health 200" /var/log/walk/pool-participants.log'
for pool in participants outbound admin; do
	check "walk-pool@$pool stops cleanly" \
		"systemctl stop walk-pool@$pool && ! systemctl is-active -q walk-pool@$pool &&
		 [ \"\$(systemctl show -p Result --value walk-pool@$pool)\" = success ] && echo stopped"
done
check "no worker left" "! pgrep -x 'walk-worker(-lea)?' && echo none"
inside 'journalctl -b --no-pager 2>/dev/null | tail -200' > "$DIR/journal.log" 2>&1 || true
say "$failures check(s) failed (the journal's end: $DIR/journal.log)"
[ "$failures" = 0 ]
