#!/bin/sh
# collect.sh - how fast storied collects, against references measured in
# the same run on the same files (see bench/run.sh). Prints figures; asserts
# nothing.
#
#   storied collect of a local file (parse + match + store, full-text index
#   kept up to date; --no-media, as archiving is bench/media.sh's) vs
#   `xmllint --stream --noout` (the libxml2 floor), RSS and Atom each against
#   its own floor, with 10% and 30% of the items kept, and vs sfeed on the
#   same file;
#   vs Python feedparser and `newsboat -x reload` on a tenth of the items
#   (they take minutes on the full file; BENCH_FULL=1 uses the full one);
#   peak memory (/usr/bin/time %M); 1M items with BENCH_1M=1 (1.4 GB);
#   100 sources each answered after 200 ms, collect --jobs 16, against one.
#
# BENCH_ITEMS (default 100000) sets the size; every 10th item carries #nosd26
# (30 in 100 in the *30 files).
set -eu
: "${STORIED:?}" "${TOP:?}"
N=${BENCH_ITEMS:-100000}
SMALL=$((N / 10))
W=$(mktemp -d "${TMPDIR:-/tmp}/storied-bench.XXXXXX")
SERVER_PID=
cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT INT TERM
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
gen() { python3 "$TOP/tests/tools/genfeed.py" "$@"; }

# measure NAME CMD...: runs CMD, sets T_NAME (wall seconds), C_NAME (CPU
# seconds, user + system) and M_NAME (peak KiB).
# best NAME SETUP CMD...: the best of three runs (SETUP before each), as the
# machine may be busy; M_NAME is the largest peak. (Against the floor,
# against_floor below runs the two in turns.)
best() {
	bname=$1 setup=$2
	shift 2
	unset "BT_$bname" "BC_$bname" "BM_$bname"
	for _ in 1 2 3; do
		eval "$setup"
		measure "$bname" "$@" || return 1
		keep_best "$bname"
	done
	best_is "$bname"
}
# keep_best NAME: the last measure of NAME folded into the best so far
# (BT_NAME least wall, BC_NAME least CPU, BM_NAME largest peak); best_is
# NAME makes those T_NAME, C_NAME and M_NAME.
keep_best() {
	eval "t=\$T_$1 c=\$C_$1 m=\$M_$1 bt=\${BT_$1:-} bc=\${BC_$1:-} bm=\${BM_$1:-0}"
	if [ -z "$bt" ] || awk -v a="$t" -v b="$bt" 'BEGIN { exit !(a < b) }'; then bt=$t; fi
	if [ -z "$bc" ] || awk -v a="$c" -v b="$bc" 'BEGIN { exit !(a < b) }'; then bc=$c; fi
	[ "$m" -gt "$bm" ] && bm=$m
	eval "BT_$1=$bt BC_$1=$bc BM_$1=$bm"
}
best_is() {
	eval "T_$1=\$BT_$1 C_$1=\$BC_$1 M_$1=\$BM_$1"
}
measure() {
	name=$1
	shift
	if ! /usr/bin/time -f "%e %M %U %S" -o "$W/time" "$@" >/dev/null 2>"$W/err"; then
		echo "  $name failed: $(tail -n 3 "$W/err")"
		eval "T_$name=0 M_$name=0 C_$name=0"
		return 1
	fi
	set -- $(tail -n 1 "$W/time")
	eval "T_$name=$1 M_$name=$2 C_$name=$(awk -v u="$3" -v s="$4" 'BEGIN { printf "%.2f", u + s }')"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.0f", n / t; else printf "n/a" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

fresh() { # FILE: a fresh project with one local source
	rm -f "$W/p.sqlite" "$W/p.sqlite-wal" "$W/p.sqlite-shm"
	"$STORIED" -p "$W/p.sqlite" init --tag nosd26 >/dev/null 2>&1
	"$STORIED" -p "$W/p.sqlite" source add "$1" >/dev/null
}
storied_collect() { # FILE: best of three collects into a fresh project
	best storied "fresh $1" "$STORIED" -p "$W/p.sqlite" collect -q --no-media
}
# against_floor FILE: xmllint and storied's collect, run in turns (the
# machine's speed drifts from one minute to the next: run in turns, both
# see the same minutes), five rounds; T_, C_ and M_ of xmllint and storied
# are the best of each.
against_floor() {
	unset BT_xmllint BC_xmllint BM_xmllint BT_storied BC_storied BM_storied
	for _ in 1 2 3 4 5; do
		measure xmllint xmllint --stream --noout "$1" || return 1
		keep_best xmllint
		fresh "$1"
		measure storied "$STORIED" -p "$W/p.sqlite" collect -q --no-media || return 1
		keep_best storied
	done
	best_is xmllint
	best_is storied
}

have() { command -v "$1" >/dev/null 2>&1; }

echo "generating $N-item RSS and Atom files (every 10th item tagged, and 30 in 100)..."
gen rss "$N" "$W/feed.rss"
gen atom "$N" "$W/feed.atom"
gen rss "$N" "$W/feed.rss30" --tagged-percent 30
gen atom "$N" "$W/feed.atom30" --tagged-percent 30
gen rss "$SMALL" "$W/small.rss"
printf '%-8s %-28s %8s %10s %9s %s\n' format tool seconds items/s "peak MiB" "ratio (wall; CPU)"
for f in rss atom rss30 atom30; do
	file=$W/feed.$f
	against_floor "$file"
	posts=$(sqlite3 "$W/p.sqlite" "SELECT count(*) FROM posts")
	printf '%-8s %-28s %8s %10s %9s %s\n' "$f" "xmllint --stream --noout" "$T_xmllint" \
		"$(rate "$N" "$T_xmllint")" "$(mib "$M_xmllint")" "1.00 (floor; CPU ${C_xmllint}s)"
	printf '%-8s %-28s %8s %10s %9s %s\n' "$f" "storied collect" "$T_storied" \
		"$(rate "$N" "$T_storied")" "$(mib "$M_storied")" \
		"$(ratio "$T_storied" "$T_xmllint")x the floor (goal <= 2x); CPU ${C_storied}s = $(ratio "$C_storied" "$C_xmllint")x; $posts posts stored"
	ts=$T_storied
	case $f in *30) rm -f "$file"; continue ;; esac
	if have sfeed; then
		best sfeed : sh -c 'sfeed <"$1" >/dev/null' sh "$file" &&
		printf '%-8s %-28s %8s %10s %9s %s\n' "$f" "sfeed" "$T_sfeed" "$(rate "$N" "$T_sfeed")" \
			"$(mib "$M_sfeed")" "storied is $(ratio "$ts" "$T_sfeed")x sfeed's time"
	fi
done

# The slow references, on the same file as storied.
ref=$W/small.rss
refn=$SMALL
if [ "${BENCH_FULL:-0}" = 1 ]; then ref=$W/feed.rss refn=$N; fi
storied_collect "$ref"
ts=$T_storied
printf '%-8s %-28s %8s %10s %9s %s\n' rss "storied collect ($refn items)" "$ts" "$(rate "$refn" "$ts")" \
	"$(mib "$M_storied")" ""
if $PY -c 'import feedparser' 2>/dev/null; then
	measure feedparser $PY -c 'import sys, feedparser; feedparser.parse(sys.argv[1])' "$ref" &&
	printf '%-8s %-28s %8s %10s %9s %s\n' rss "python3 feedparser" "$T_feedparser" \
		"$(rate "$refn" "$T_feedparser")" "$(mib "$M_feedparser")" \
		"storied is $(ratio "$T_feedparser" "$ts")x faster (goal >= 40)"
fi
if have newsboat; then
	mkdir -p "$W/nb"
	echo "file://$ref" >"$W/nb/urls"
	: >"$W/nb/config"
	measure newsboat newsboat -u "$W/nb/urls" -c "$W/nb/cache.db" -C "$W/nb/config" -x reload &&
	printf '%-8s %-28s %8s %10s %9s %s\n' rss "newsboat -x reload" "$T_newsboat" \
		"$(rate "$refn" "$T_newsboat")" "$(mib "$M_newsboat")" \
		"storied is $(ratio "$T_newsboat" "$ts")x faster (goal >= 20)"
fi

if [ "${BENCH_1M:-0}" = 1 ]; then
	echo "generating a 1M-item RSS file..."
	gen rss 1000000 "$W/big.rss"
	rm -f "$W/feed.rss" "$W/feed.atom"
	measure xmllint xmllint --stream --noout "$W/big.rss"
	fresh "$W/big.rss"
	measure storied "$STORIED" -p "$W/p.sqlite" collect -q --no-media
	printf '%-8s %-28s %8s %10s %9s %s\n' rss "xmllint (1M items)" "$T_xmllint" \
		"$(rate 1000000 "$T_xmllint")" "$(mib "$M_xmllint")" ""
	printf '%-8s %-28s %8s %10s %9s %s\n' rss "storied collect (1M items)" "$T_storied" \
		"$(rate 1000000 "$T_storied")" "$(mib "$M_storied")" \
		"$(ratio "$T_storied" "$T_xmllint")x the floor; goal < 32 MiB"
	rm -f "$W/big.rss"
fi

# Concurrency: 100 sources, each answered after 200 ms, on 100 host names
# (*.localhost is loopback in libcurl), so the 2-per-host limit is not
# what is measured.
mkdir -p "$W/srv"
gen rss 20 "$W/srv/small.rss"
python3 "$TOP/tests/tools/httpd.py" "$W/srv" "$W/port" "$W/requests" >/dev/null 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do [ -s "$W/port" ] && break; sleep 0.05; done
port=$(cat "$W/port")
i=1
urls=""
while [ $i -le 100 ]; do
	urls="$urls http://h$i.localhost:$port/_/delay/200/small.rss?$i"
	i=$((i + 1))
done
cproject() { # SQLITE URL...: a fresh project with these sources
	p=$1
	shift
	rm -f "$p" "$p-wal" "$p-shm"
	"$STORIED" -p "$p" init >/dev/null 2>&1
	"$STORIED" -p "$p" source add "$@" >/dev/null
}
best one "cproject $W/c1.sqlite http://h0.localhost:$port/_/delay/200/small.rss" \
	"$STORIED" -p "$W/c1.sqlite" collect -q --no-media
best many "cproject $W/c.sqlite $urls" "$STORIED" -p "$W/c.sqlite" collect -q --no-media --jobs 16
printf 'concurrency: one source %ss; 100 sources with --jobs 16 %ss = %sx (goal <= 3; 100/16 rounds of 200 ms make 1.4 s the floor)\n' \
	"$T_one" "$T_many" "$(ratio "$T_many" "$T_one")"
best many "cproject $W/c.sqlite $urls" "$STORIED" -p "$W/c.sqlite" collect -q --no-media --jobs 100
printf 'concurrency: 100 sources with --jobs 100 %ss = %sx one source\n' "$T_many" "$(ratio "$T_many" "$T_one")"
