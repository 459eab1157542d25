#!/bin/sh
# mustache.sh - the Mustache engine alone: a story of N posts rendered to
# HTML from a stream (tests/tools/mustache-bench.c), against Debian's cmark
# converting the same posts written as Markdown, in the same run. Prints
# items per second and the ratio engine/cmark (below 1: the engine is
# faster) for 10,000 and 100,000 items, so the growth can be seen to be
# linear. Best of three runs each.
set -eu
: "${TOP:?}"
command -v cmark >/dev/null || { echo "mustache: cmark not installed (make deps-bench)"; exit 1; }
make -s -C "$TOP" build/release/tests/tools/mustache-bench >/dev/null
tool="$TOP/build/release/tests/tools/mustache-bench"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/storied-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The same posts as the tool renders, as Markdown: author, time, permalink,
# content, a caption on every third.
markdown() {
	awk -v n="$1" 'BEGIN {
		print "# A story\n"
		for (i = 0; i < n; i++) {
			printf "> **[Alice \\<Example\\>](https://example.social/@alice)** · "
			printf "[1 Feb 2026, 10:00](https://example.social/@alice/%d)\n>\n", 100000 + i
			printf "> Post number %d about [the talk](https://example.org/) & what came after it, with *emphasis*.\n", i
			if (i % 3 == 0)
				printf ">\n> A caption with \"quotes\" & ampersands\n"
			printf "\n"
		}
	}'
}

now() { date +%s%N; }

# best CMD...: the fastest of three runs, in nanoseconds.
best() {
	b=0
	for _ in 1 2 3; do
		t0=$(now)
		"$@" >/dev/null
		t=$(($(now) - t0))
		if [ "$b" -eq 0 ] || [ "$t" -lt "$b" ]; then b=$t; fi
	done
	echo "$b"
}

for n in 10000 100000; do
	markdown "$n" >"$tmp/story.md"
	m=$(best "$tool" "$n")
	c=$(best cmark "$tmp/story.md")
	awk -v n="$n" -v m="$m" -v c="$c" 'BEGIN {
		printf "mustache: %d items: engine %.0f items/s (%.3f s), cmark %.0f items/s (%.3f s), ratio %.2f\n",
		    n, n / (m / 1e9), m / 1e9, n / (c / 1e9), c / 1e9, m / c
	}'
done
