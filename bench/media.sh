#!/bin/sh
# media.sh - archiving media (issue 10) against curl on the same URLs: a
# feed of BENCH_MEDIA items (default 1000), each with one image of
# BENCH_MEDIA_SIZE bytes (default 200 KB, PNG-headed, unique) served by the
# fixture server over loopback. The posts are collected first with
# --no-media; the timed run is the next `collect --no-cards` (the feed
# answers 304), which fetches, types, hashes and stores every image, its
# exchange recorded too (the default). The reference is `curl --parallel`
# fetching the same URLs to /dev/null, best of three each, in the same
# run. Goal: storied's rate at least half of curl's (ratio <= 2.0).
# Also collect with media off: the BENCH_ITEMS-item feed (default 100000)
# collected fresh with --no-media (every new post is still looked at for
# a link card; this feed links to no page) against --no-media --no-cards
# (no archive work at all), which must stay where collect was. Asserts
# nothing.
set -eu
: "${STORIED:?}" "${TOP:?}"
N=${BENCH_MEDIA:-1000}
SIZE=${BENCH_MEDIA_SIZE:-204800}
ITEMS=${BENCH_ITEMS:-100000}
W=$(mktemp -d "${TMPDIR:-/tmp}/storied-bench.XXXXXX")
SERVER_PID=
cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT INT TERM
unset http_proxy https_proxy HTTPS_PROXY ALL_PROXY no_proxy NO_PROXY

mkdir "$W/srv"
python3 "$TOP/tests/tools/httpd.py" "$W/srv" "$W/port" "$W/requests" >/dev/null 2>&1 &
SERVER_PID=$!
while [ ! -s "$W/port" ]; do sleep 0.05; done
BASE="http://127.0.0.1:$(cat "$W/port")"
python3 - "$N" "$SIZE" "$BASE" "$W/srv/feed.json" "$W/urls" <<'PY'
import json, sys
n, size, base, out, urls = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
items, lines = [], []
for i in range(n):
    u = "%s/_/image/%d/bench/%d.png" % (base, size, i)
    lines.append('url = "%s"\noutput = "/dev/null"\n' % u)
    items.append({"id": "m%d" % i, "url": "https://bench.example/%d" % i,
                  "content_text": "picture %d #nosd26" % i,
                  "date_published": "2026-03-14T12:00:00Z",
                  "attachments": [{"url": u, "mime_type": "image/png"}]})
json.dump({"version": "https://jsonfeed.org/version/1.1", "title": "bench", "items": items},
          open(out, "w"))
open(urls, "w").write("".join(lines))
PY

# best CMD...: "WALL CPU", each the best of three runs, in seconds (CPU:
# the command's user + system time; prepare runs before each).
best() {
	bw= bc=
	for _ in 1 2 3; do
		prepare
		/usr/bin/time -f "%e %U %S" -o "$W/time" "$@" >/dev/null 2>&1 || true
		t=$(tail -n 1 "$W/time" | awk '{ printf "%s %.2f", $1, $2 + $3 }')
		w=${t% *} c=${t#* }
		if [ -z "$bw" ] || awk -v a="$w" -v b="$bw" 'BEGIN { exit !(a < b) }'; then bw=$w; fi
		if [ -z "$bc" ] || awk -v a="$c" -v b="$bc" 'BEGIN { exit !(a < b) }'; then bc=$c; fi
	done
	echo "$bw $bc"
}
prepare() {
	rm -f "$W/p.sqlite" "$W/p.sqlite-wal" "$W/p.sqlite-shm"
	"$STORIED" -p "$W/p.sqlite" init --tag nosd26 >/dev/null 2>&1
	"$STORIED" -p "$W/p.sqlite" source add "$BASE/feed.json" >/dev/null
	"$STORIED" -p "$W/p.sqlite" collect -q --no-media --no-cards >/dev/null
}
set -- $(best "$STORIED" -p "$W/p.sqlite" collect -q --no-cards)
s=$1 s_cpu=$2
got=$(sqlite3 "$W/p.sqlite" "SELECT count(*) FROM media WHERE status = 'archived'")
prepare() { :; }
set -- $(best curl -s --parallel -K "$W/urls")
c=$1 c_cpu=$2
set -- $(best curl -s --parallel --parallel-max 2 -K "$W/urls")
c2=$1 c2_cpu=$2
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
rate() { awk -v n="$N" -v t="$1" 'BEGIN { if (t > 0) printf "%.0f/s", n / t; else printf "n/a" }'; }
printf 'archiving %s images of %s bytes from loopback, best of 3 (wall s, CPU s):\n' "$N" "$SIZE"
printf '  curl --parallel (50 at once)   %7s %7s  %s\n' "$c" "$c_cpu" "$(rate "$c")"
printf '  curl --parallel-max 2          %7s %7s  %s\n' "$c2" "$c2_cpu" "$(rate "$c2")"
printf '  storied collect (%s archived)  %7s %7s  %s   ratio to curl --parallel %s (goal <= 2.0)\n' \
	"$got" "$s" "$s_cpu" "$(rate "$s")" "$(ratio "$s" "$c")"

python3 "$TOP/tests/tools/genfeed.py" rss "$ITEMS" "$W/srv/big.rss"
prepare() {
	rm -f "$W/p.sqlite" "$W/p.sqlite-wal" "$W/p.sqlite-shm"
	"$STORIED" -p "$W/p.sqlite" init --tag nosd26 >/dev/null 2>&1
	"$STORIED" -p "$W/p.sqlite" source add "$BASE/big.rss" >/dev/null
}
set -- $(best "$STORIED" -p "$W/p.sqlite" collect -q --max-size 1G --no-media --no-cards)
off=$1 off_cpu=$2
set -- $(best "$STORIED" -p "$W/p.sqlite" collect -q --max-size 1G --no-media)
on=$1 on_cpu=$2
posts=$(sqlite3 "$W/p.sqlite" "SELECT count(*) FROM posts")
printf 'collect of %s items (%s posts kept) with media off, best of 3 (wall s, CPU s):\n' "$ITEMS" "$posts"
printf '  --no-media --no-cards  %7s %7s\n' "$off" "$off_cpu"
printf '  --no-media             %7s %7s   ratio wall %s, CPU %s (goal <= 1.05)\n' "$on" "$on_cpu" \
	"$(ratio "$on" "$off")" "$(ratio "$on_cpu" "$off_cpu")"
