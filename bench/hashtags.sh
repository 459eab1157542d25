#!/bin/sh
# hashtags.sh - one hostile item carrying N categories, then N '#tags' in its
# text, collected at N and 2N: the time ratio 2N/N shows the growth (goal:
# linear, about 2x; it was quadratic, 4x, before the tag set got its hash
# index). Each time is the median of RUNS whole `collect` processes from a
# fresh project. usage: STORIED=/path/to/storied sh bench/hashtags.sh
set -eu
: "${STORIED:?}"
RUNS=${RUNS:-5}
N=${N:-50000}
work=$(mktemp -d "${TMPDIR:-/tmp}/storied-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

# feed FILE N KIND: one RSS item with N categories (KIND cat) or N #tags in its text.
feed() {
	python3 - "$1" "$2" "$3" <<'PY'
import sys
path, n, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w") as f:
    f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            '<item><guid>https://bench.example/1</guid><link>https://bench.example/1</link>'
            '<pubDate>Sat, 14 Mar 2026 09:00:00 GMT</pubDate>')
    if kind == "cat":
        f.write("<description>#bench</description>")
        f.write("".join("<category>c%d</category>" % i for i in range(n)))
    else:
        f.write("<description>#bench " + " ".join("#t%d" % i for i in range(n)) + "</description>")
    f.write("</item></channel></rss>")
PY
}

median_ms() { # CMD...: median wall time of RUNS runs, in ms
	for _ in $(seq "$RUNS"); do
		rm -f p.sqlite*
		"$STORIED" -q -p p.sqlite init --tag bench >/dev/null
		"$STORIED" -q -p p.sqlite source add "$work/$1" >/dev/null
		s=$(date +%s%N)
		"$STORIED" -q -p p.sqlite collect >/dev/null
		e=$(date +%s%N)
		echo $(((e - s) / 1000000))
	done | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}

for kind in cat text; do
	feed "$kind-1.rss" "$N" "$kind"
	feed "$kind-2.rss" "$((2 * N))" "$kind"
	a=$(median_ms "$kind-1.rss")
	b=$(median_ms "$kind-2.rss")
	what=categories
	[ "$kind" = text ] && what="#tags in the text"
	printf '%-18s %7d: %6d ms   %7d: %6d ms   ratio 2N/N %s (linear: ~2)\n' "$what" "$N" "$a" \
	    "$((2 * N))" "$b" "$(awk "BEGIN { printf \"%.2f\", $b / ($a ? $a : 1) }")"
done
