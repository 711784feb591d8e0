#!/usr/bin/env bash
# Searches every log the test run's stacks wrote for the secrets and personal
# numbers the tests used, and fails on any:
#
#   the app secret and the data keys (the built-in dev ones, and those the
#   suites set), every session key the fake WeChat handed out (its fakewx.db,
#   current keys), every full mobile number enrolled (each walk.db)
#
# Logs: the workers' (participants and admin pools), nginx's access and error
# logs, walkctl's logs, the production site's nginx logs: everything under
# OUT/*/log/ and OUT/*/prod/logs/.  The fake WeChat's own log is WeChat's side
# and left out.  A hit is reported by file and line, never by its value.
#
#   log-secrets.sh OUT     exit 0: none found; 1: found; 2: could not check
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-test-out}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

{
	echo dev-app-secret
	sed -n 's/^#define DEV_DATA_KEY "\([0-9a-f]*\)"$/\1/p' lib/base/config.c
	grep -ho 'WALK_DATA_KEY=[0-9a-fA-F]\{64\}' test/http/*.c | cut -d= -f2
} | sort -u > "$work/secrets"
for db in "$OUT"/*/fakewx.db; do
	[ -e "$db" ] && sqlite3 -readonly "$db" "SELECT session_key FROM users WHERE length(session_key) >= 16"
done | sort -u > "$work/session-keys"
for db in "$OUT"/*/walk.db; do
	[ -e "$db" ] && sqlite3 -readonly "$db" "SELECT DISTINCT mobile FROM enrollments WHERE length(mobile) = 11" 2> /dev/null
done | sort -u > "$work/mobiles"
cat "$work/secrets" "$work/session-keys" "$work/mobiles" > "$work/patterns"

mapfile -t logs < <(find "$OUT" \( -path "$OUT/*/log/*.log" -o -path "$OUT/*/prod/logs/*.log" \) \
	-type f ! -name 'fakewx*.log')
counts="$(wc -l < "$work/secrets") secrets, $(wc -l < "$work/session-keys") session keys, $(wc -l < "$work/mobiles") mobiles"
if [ ${#logs[@]} = 0 ] || [ ! -s "$work/session-keys" ] || [ ! -s "$work/mobiles" ]; then
	echo "   nothing to check against (${#logs[@]} logs; $counts): the suites did not run?"
	exit 2
fi

# The search must be able to find what it looks for: a planted log line with
# one value of each list first.
planted="$work/planted.log"
for list in secrets session-keys mobiles; do
	printf 'rid=- INFO planted %s here\n' "$(head -n1 "$work/$list")" >> "$planted"
done
if [ "$(grep -cFf "$work/patterns" "$planted")" != 3 ]; then
	echo "   the search does not find planted values: the check is broken"
	exit 2
fi

grep -nFf "$work/patterns" "${logs[@]}" > "$work/hits"
case $? in
0)
	echo "   secrets or mobiles in the logs (file:line; values not shown):"
	cut -d: -f1,2 "$work/hits" | head -20 | sed 's/^/     /'
	echo "   $(wc -l < "$work/hits") lines in all"
	exit 1 ;;
1)
	echo "   ${#logs[@]} logs searched for $counts: none found"
	exit 0 ;;
*)
	echo "   grep could not read the logs"
	exit 2 ;;
esac
