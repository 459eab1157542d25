#!/bin/sh
# capture.sh - what recording every HTTP exchange (issue 11) costs collect:
# the 100k-item feed served by the fixture server over loopback, collected
# into a fresh project with capture on (the default) and with --no-capture,
# best of three each, in the same run. Capture on a first fetch is the
# worst case: the body is new, so it is hashed, compressed and stored; an
# unchanged body is only hashed. Goal: on / off <= 1.25. Asserts nothing.
#
# BENCH_ITEMS (default 100000) sets the size.
set -eu
: "${STORIED:?}" "${TOP:?}"
N=${BENCH_ITEMS:-100000}
W=$(mktemp -d "${TMPDIR:-/tmp}/storied-bench.XXXXXX")
SERVER_PID=
cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT INT TERM

mkdir "$W/srv"
python3 "$TOP/tests/tools/genfeed.py" rss "$N" "$W/srv/feed.rss"
python3 "$TOP/tests/tools/httpd.py" "$W/srv" "$W/port" "$W/requests" >/dev/null 2>&1 &
SERVER_PID=$!
while [ ! -s "$W/port" ]; do sleep 0.05; done
URL="http://127.0.0.1:$(cat "$W/port")/feed.rss"

fresh() {
	rm -f "$W/p.sqlite" "$W/p.sqlite-wal" "$W/p.sqlite-shm"
	"$STORIED" -p "$W/p.sqlite" init --tag nosd26 >/dev/null 2>&1
	"$STORIED" -p "$W/p.sqlite" source add "$URL" >/dev/null
}
# best ARGS...: "WALL CPU", each the best of three fresh collects, in seconds
# (CPU: storied's user + system time; wall also counts the fixture server).
best() {
	bw= bc=
	for _ in 1 2 3; do
		fresh
		/usr/bin/time -f "%e %U %S" -o "$W/time" "$STORIED" -p "$W/p.sqlite" collect -q "$@" >/dev/null
		set -- $(tail -n 1 "$W/time") "$@"
		w=$1 c=$(awk -v u="$2" -v s="$3" 'BEGIN { printf "%.2f", u + s }')
		shift 3
		if [ -z "$bw" ] || awk -v a="$w" -v b="$bw" 'BEGIN { exit !(a < b) }'; then bw=$w; fi
		if [ -z "$bc" ] || awk -v a="$c" -v b="$bc" 'BEGIN { exit !(a < b) }'; then bc=$c; fi
	done
	echo "$bw $bc"
}
set -- $(best --no-capture)
off_w=$1 off_c=$2
set -- $(best)
on_w=$1 on_c=$2
size=$(stat -c %s "$W/srv/feed.rss")
fresh
"$STORIED" -p "$W/p.sqlite" collect -q >/dev/null
stored=$(sqlite3 "$W/p.sqlite" "SELECT sum(length(data)) FROM capture_bodies")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
printf 'collect of %s items (%s bytes) over HTTP, best of 3 (wall s, CPU s):\n' "$N" "$size"
printf '  capture off  %7s %7s\n' "$off_w" "$off_c"
printf '  capture on   %7s %7s   ratio wall %s, CPU %s (goal <= 1.25)\n' "$on_w" "$on_c" \
	"$(ratio "$on_w" "$off_w")" "$(ratio "$on_c" "$off_c")"
printf '  the body stored compressed: %s bytes (%s of the feed)\n' "$stored" \
	"$(awk -v a="$stored" -v b="$size" 'BEGIN { printf "%.0f%%", 100 * a / b }')"
