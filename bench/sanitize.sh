#!/bin/sh
# sanitize.sh - the HTML sanitizer's speed, against Debian's cmark.
#
# tests/tools/sanitize_bench sanitizes N real-looking posts (Mastodon
# statuses, a blog entry) and writes the same posts as CommonMark; cmark
# converts that Markdown to HTML in the same run. Both are CPU times, so a
# busy machine slows neither figure much. Printed: posts per second, the
# ratio to cmark (the render benchmark's goal is the whole HTML render
# within 1.5x of cmark), and the 10,000-post figure to show the cost grows
# linearly.
set -u
: "${TOP:?}"
tool="$TOP/build/release/tests/tools/sanitize_bench"
make -s -C "$TOP" build/release/tests/tools/sanitize_bench >/dev/null || exit 1
command -v cmark >/dev/null || { echo "sanitize: cmark not installed (make deps-bench)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# cpu CMD...: CPU seconds the command took.
cpu() {
	python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f" % (r.ru_utime + r.ru_stime))' "$@"
}

for n in 10000 100000; do
	set -- $("$tool" "$n" "$work/posts.md") || exit 1
	secs=$3
	ref=$(cpu cmark "$work/posts.md") || exit 1
	awk -v n="$n" -v b="$2" -v s="$secs" -v r="$ref" -v md="$(wc -c <"$work/posts.md")" 'BEGIN {
		printf "sanitize: %d posts (%.1f MB HTML) in %.3f s: %.0f posts/s, %.1f us/post\n", n, b / 1e6, s, n / s, s / n * 1e6
		printf "cmark:    the same posts as Markdown (%.1f MB) in %.3f s\n", md / 1e6, r
		printf "ratio:    sanitize / cmark = %.2f\n", s / r
	}'
	eval "per_$n=\$(awk -v s=\"$secs\" -v n=\"$n\" 'BEGIN { print s / n }')"
done
awk -v a="$per_10000" -v b="$per_100000" 'BEGIN {
	printf "linear:   cost per post at 100,000 / at 10,000 = %.2f\n", b / a }'
