#!/bin/sh
# feed.sh - the feed parser alone (every field extracted, nothing stored)
# against `xmllint --stream --noout` (libxml2's floor) on the same
# generated Mastodon-style RSS and Atom files: wall and user time ratios
# (best of 3), items per second and peak memory. BENCH_ITEMS sets the size
# (default 100000); BENCH_BIG=1 adds a 1M-item RSS file for peak memory.
set -u
: "${TOP:?}" "${BENCH_DIR:?}"
items=${BENCH_ITEMS:-100000}
tool="$TOP/build/release/tests/tools/feedbench"
make -s -C "$TOP" build/release/tests/tools/feedbench >/dev/null || exit 1
command -v xmllint >/dev/null || { echo "feed: xmllint missing (libxml2-utils)"; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/storied-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

# best CMD...: prints "wall user maxrss_kb", the best of 3 runs.
best() {
	bw="" bu="" bm=""
	for _ in 1 2 3; do
		/usr/bin/time -f "%e %U %M" -o "$dir/t" "$@" >/dev/null 2>&1 || return 1
		read -r w u m <"$dir/t"
		if [ -z "$bw" ] || awk "BEGIN{exit !($w < $bw)}"; then bw=$w; fi
		if [ -z "$bu" ] || awk "BEGIN{exit !($u < $bu)}"; then bu=$u; fi
		if [ -z "$bm" ] || [ "$m" -gt "$bm" ]; then bm=$m; fi
	done
	echo "$bw $bu $bm"
}

run() { # kind count
	f="$dir/bench.$1"
	python3 "$BENCH_DIR/feed-gen.py" "$1" "$2" >"$f"
	size=$(($(wc -c <"$f") / 1048576))
	set -- "$1" "$2" $(best xmllint --stream --noout "$f") $(best "$tool" "$f")
	awk -v k="$1" -v n="$2" -v mb="$size" -v xw="$3" -v xu="$4" -v xm="$5" \
	    -v sw="$6" -v su="$7" -v sm="$8" 'BEGIN {
		printf "feed %s, %d items (%d MiB): parser %.2fs wall %.2fs user, %d items/s, peak %.1f MiB\n",
		    k, n, mb, sw, su, n / (sw > 0 ? sw : 0.01), sm / 1024
		printf "feed %s: xmllint --stream %.2fs wall %.2fs user, peak %.1f MiB\n", k, xw, xu, xm / 1024
		printf "feed %s: ratio parser/xmllint %.2fx wall, %.2fx user (goal for the whole collect: 2x)\n",
		    k, sw / (xw > 0 ? xw : 0.01), su / (xu > 0 ? xu : 0.01)
	}'
	rm -f "$f"
}

run rss "$items"
run atom "$items"
if [ "${BENCH_BIG:-0}" = 1 ]; then
	f="$dir/big.rss"
	python3 "$BENCH_DIR/feed-gen.py" rss 1000000 >"$f"
	set -- $(best "$tool" "$f")
	echo "feed rss, 1000000 items ($(($(wc -c <"$f") / 1048576)) MiB): peak $(($3 / 1024)) MiB (goal < 32 MiB)"
fi
