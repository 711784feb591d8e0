#!/usr/bin/env bash
# Checkpoint photos and posters (lib/media), run by `make bench` after the
# API's figures:
#   poster composition   decoding a camera-sized JPEG (4096 x 3072, the
#                        largest accepted; 1280 x 960 beside it), composing and
#                        encoding the poster: median and p99, and walkctl's
#                        peak resident memory (`walkctl media bench`)
#   uploads through nginx  PUT …/checkpoints/1/photo of a 1280 x 960 JPEG by
#                        many participants at once (decode, poster, two files,
#                        one short write), beside GET /api/hello in the same run
# There is no target: the figures are printed with their context.
#
# Environment: BENCH_SECONDS (5), BENCH_UPLOAD_CONNECTIONS (8), WALK_WORKERS (4),
# WALK_OUTBOUND_WORKERS (4: the pool that serves the uploads, R_MEDIA).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${BENCH_SECONDS:-5}
CONNECTIONS=${BENCH_UPLOAD_CONNECTIONS:-8}
export WALK_WORKERS=${WALK_WORKERS:-4}
export WALK_OUTBOUND_WORKERS=${WALK_OUTBOUND_WORKERS:-4}
. test/bench-lib.sh
bench_stack media 28180

echo "posters ($(nproc) cores):"
"$WALK_BIN/walkctl" media bench --runs 20 --width 4096 --height 3072 | sed 's/^/  /'
"$WALK_BIN/walkctl" media bench --runs 20 --width 1280 --height 960 | sed 's/^/  /'

"$WALK_BIN/walkctl" clock set 2019-07-15T20:30:00+08:00 > /dev/null
live_participants 64 bench-photo 2019-07-15 "$WALK_VAR/live.tsv"
cut -f1 "$WALK_VAR/live.tsv" > "$WALK_VAR/tokens.txt"
# Passed the first checkpoint, as the quiz would have recorded it.
sqlite3 "$WALK_VAR/walk.db" "INSERT INTO checkpoint_passes (activity_id, user_id, seq, passed_at)
	SELECT 1, id, 1, 0 FROM users WHERE openid LIKE 'bench-photo-%'"
"$WALK_BIN/walkctl" media bench --width 1280 --height 960 --out "$WALK_VAR/photo.jpg"

wrk_figures() { # wrk output -> "req/s p50 p99"
	awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
		/^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec:/ { rps = $2 }
		/Non-2xx/ { bad = $NF }
		END { if (bad) { print "non-2xx answers: " bad > "/dev/stderr"; exit 1 } printf "%.1f %.2f %.2f\n", rps, p50, p99 }'
}
hello=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$API/api/hello" | wrk_figures)
uploads=$(BENCH_TOKENS=$WALK_VAR/tokens.txt BENCH_PHOTO=$WALK_VAR/photo.jpg \
	wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --timeout 30s --latency -s test/bench-upload.lua "$API" | wrk_figures)
read -r hr hp50 hp99 <<< "$hello"
read -r ur up50 up99 <<< "$uploads"
printf 'uploads through nginx (%d connections, %d outbound workers, a %s KB JPEG)\n' "$CONNECTIONS" "$WALK_OUTBOUND_WORKERS" \
	"$(( $(stat -c %s "$WALK_VAR/photo.jpg") / 1024 ))"
printf '  PUT …/photo      %8.1f req/s  p50 %8.2f ms  p99 %8.2f ms  ratio %.4f\n' "$ur" "$up50" "$up99" \
	"$(awk -v a="$ur" -v b="$hr" 'BEGIN { print a / b }')"
printf '  GET /api/hello   %8.1f req/s  p50 %8.2f ms  p99 %8.2f ms  (baseline)\n' "$hr" "$hp50" "$hp99"
echo "  media: $(du -sh "$WALK_VAR/media" | cut -f1) in $(find "$WALK_VAR/media" -name '*.jpg' | wc -l) files after the run (each upload replaces its participant's two)"
