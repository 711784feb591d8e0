#!/usr/bin/env bash
# The README's two commands on a fresh Debian 12 machine, in a chroot:
#
#   1. debootstrap a bookworm root (once; later runs copy that pristine base)
#   2. a clean `git clone` of this repository's HEAD into /root/walk inside it
#   3. there, as root: `make test` (it installs the Debian and npm packages
#      itself), timed, and its closing "N passed, N failed" line
#   4. then `make run` in the background, in a network namespace of its own
#      (loopback only, so that port 8080 is free whatever runs on this host):
#      it must answer /api/health, serve the admin page and hold the demo
#      data; then Ctrl-C (SIGINT) stops it, timed too
#
# Not part of `make test` (it takes 30 minutes or more).  As root, on a
# Debian host that reaches a Debian mirror and the npm registry:
#
#   bash test/fresh-machine.sh            # the log: fresh-out/fresh-machine.log
#
# Environment: FRESH_DIR (fresh-out: outside test-out and build, which
# `make test` and `make clean` remove), FRESH_MIRROR (http://deb.debian.org/debian),
# FRESH_REBASE=1 (debootstrap the base again), FRESH_STEPS=run (only step 4,
# in the root a previous run left) or first-run (a new root and `make run`
# alone, from nothing: it installs and builds, so it runs in this host's
# network, on port 8080).  Exits non-zero when a step
# fails; the figures are the lines starting with "fresh:".
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$PWD
DIR=${FRESH_DIR:-$SRC/fresh-out}
MIRROR=${FRESH_MIRROR:-http://deb.debian.org/debian}
BASE=$DIR/base
ROOT=$DIR/root
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
BASE=$DIR/base ROOT=$DIR/root

say() { printf 'fresh: %s\n' "$*"; }
die() { say "FAILED: $*"; exit 1; }
. test/support/fresh-root.sh
[ "$(id -u)" = 0 ] || die "run as root (debootstrap, mount, chroot)"

# Whatever was mounted into the root is unmounted before anything is removed:
# rm -rf through a bound /dev would empty the host's.
MOUNTS=()
unmount_all() {
	local i
	for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
		umount -l "${MOUNTS[i]}" 2>/dev/null || true
	done
	MOUNTS=()
}
trap unmount_all EXIT
mounted_below() { findmnt -rn -o TARGET | grep -q "^$1/" ; }
bind() { # fstype-or-"bind" source target
	mkdir -p "$3"
	if [ "$1" = bind ]; then mount --bind "$2" "$3"; else mount -t "$1" "$2" "$3"; fi
	MOUNTS+=("$3")
}

elapsed() { # start-seconds: "M min S s"
	local s=$(($(date +%s) - $1))
	printf '%d min %02d s' $((s / 60)) $((s % 60))
}

# 1. The base system: debootstrap's default variant (priority required and
# important), which is what a Debian 12 installation without tasks holds.
command -v debootstrap > /dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap; }
if [ "${FRESH_REBASE:-0}" = 1 ] || [ ! -e "$BASE/.complete" ]; then
	mounted_below "$BASE" && die "$BASE has something mounted below it"
	rm -rf "$BASE"
	t=$(date +%s)
	say "debootstrap bookworm from $MIRROR into $BASE"
	debootstrap bookworm "$BASE" "$MIRROR" > "$DIR/debootstrap.log" 2>&1 ||
		die "debootstrap (see $DIR/debootstrap.log)"
	cat > "$BASE/etc/apt/sources.list" <<-SOURCES
	deb $MIRROR bookworm main
	deb $MIRROR bookworm-updates main
	deb http://deb.debian.org/debian-security bookworm-security main
	SOURCES
	touch "$BASE/.complete"
	say "debootstrap: $(elapsed "$t")"
fi

# 2. A root of its own for this run, and the clean clone.
STEPS=${FRESH_STEPS:-all}
if [ "$STEPS" != run ]; then
	mounted_below "$ROOT" && die "$ROOT has something mounted below it"
	commit=$(fresh_root "$BASE" "$ROOT" "$SRC")
	say "clone of $commit in $ROOT/root/walk"
fi
[ -d "$ROOT/root/walk" ] || die "no root left by a previous run in $ROOT"

bind proc proc "$ROOT/proc"
bind sysfs sysfs "$ROOT/sys"
bind bind /dev "$ROOT/dev"
bind bind /dev/pts "$ROOT/dev/pts"
bind tmpfs tmpfs "$ROOT/dev/shm"   # Chromium's shared memory

# A clean environment, as a root login on the fresh machine would have.
in_root() { # command...: runs in /root/walk inside the chroot
	chroot "$ROOT" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		bash -c 'cd /root/walk && '"$1"
}

rc=0
# `make` itself is not on a fresh Debian (it comes with build-essential,
# which `make deps` installs): the README's first line installs it.
if [ "$STEPS" != run ] && ! in_root 'command -v make > /dev/null'; then
	t=$(date +%s)
	in_root 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make' \
		> "$DIR/make-install.log" 2>&1 || die "apt-get install make (see $DIR/make-install.log)"
	say "apt-get install make (not on a fresh Debian 12): $(elapsed "$t")"
fi

# 3. make test.
if [ "$STEPS" = all ]; then
	t=$(date +%s)
	say "make test (log: $DIR/make-test.log)"
	in_root 'make test' > "$DIR/make-test.log" 2>&1 || rc=$?
	say "make test: $(elapsed "$t"), exit status $rc"
	closing=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$DIR/make-test.log" | tail -1 || true)
	say "make test closing line: ${closing:-none}"
	grep -E '^   [0-9]+ passed, [1-9][0-9]* failed' "$DIR/make-test.log" | sed 's/^/fresh:   /' || true
fi

# 4. make run, in the background, in a network namespace with loopback only
# (port 8080 is then its own, whatever else this host serves).  The check
# runs inside the chroot: test/fresh-run-check.sh.
t=$(date +%s)
say "make run (log: $DIR/make-run.log)"
rm -rf "$ROOT/root/walk/var"   # as at the first make run: no database, no demo yet
cp test/fresh-run-check.sh "$ROOT/root/fresh-run-check.sh"
net=(unshare --net --fork) lo_up='ip link set lo up'
if [ "$STEPS" = first-run ]; then
	net=(env) lo_up=:
	(exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null && die "port 8080 is taken on this host"
fi
"${net[@]}" bash -c "$lo_up"' && exec chroot "$1" /usr/bin/env -i HOME=/root TERM=dumb \
	LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	bash /root/fresh-run-check.sh' _ "$ROOT" > "$DIR/make-run.log" 2>&1 || true
say "make run: started, checked and stopped in $(elapsed "$t")"
grep -E '^[a-z_]+=' "$DIR/make-run.log" | sed 's/^/fresh:   /'
grep -q '^verdict=ok$' "$DIR/make-run.log" ||
	die "make run: the stack, its admin page or its demo data is missing (see $DIR/make-run.log)"
[ "$rc" = 0 ] || die "make test exited with $rc"
[ "$STEPS" = all ] && say "both commands passed" || say "make run passed"
