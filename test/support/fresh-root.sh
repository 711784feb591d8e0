# Sourced by the scripts that install the project into a Debian root of their
# own (test/fresh-machine.sh, test/systemd-boot.sh).

# A new ROOT copied from BASE (a debootstrap made once), with this host's
# name servers and certificate authorities, and a clean clone of SRC's HEAD
# in ROOT/root/walk.  The host's own authorities (/usr/local/share/ca-
# certificates: e.g. a TLS-inspecting proxy's, through which this host reaches
# the npm registry) go with it: update-ca-certificates adds them to the trust
# store when `make deps` installs ca-certificates, and the root then reaches
# the registries as the host does.  A host with none copies nothing.
# Prints the commit cloned.
fresh_root() { # base root src
	rm -rf "$2"
	cp -a "$1" "$2"
	cp /etc/resolv.conf "$2/etc/resolv.conf"
	mkdir -p "$2/usr/local/share/ca-certificates"
	cp /usr/local/share/ca-certificates/*.crt "$2/usr/local/share/ca-certificates/" 2> /dev/null || true
	local commit
	commit=$(git -C "$3" rev-parse HEAD)
	git clone -q --no-local "$3" "$2/root/walk"
	git -C "$2/root/walk" checkout -q --detach "$commit"
	echo "$commit"
}
