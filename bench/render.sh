#!/bin/sh
# render.sh - render a 10,000- and a 100,000-item story to HTML and
# Markdown; print items per second, peak memory, and the ratio against
# Debian's cmark converting the same amount of Markdown text (the md
# render of the same story) in the same run. Times are CPU seconds.
# Figures only, no assertions.
# usage: STORIED=/path/to/storied sh bench/render.sh   (make bench does this)
set -eu
: "${STORIED:?}"
command -v cmark >/dev/null || { echo "render: cmark is not installed (make deps-bench)"; exit 1; }
[ -x /usr/bin/time ] || { echo "render: /usr/bin/time is not installed (package time)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/storied-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
export LC_ALL=C

# make N: a project with N story items: a heading every 100 items, a note
# every 25, the rest posts like a Mastodon hashtag stream (a paragraph,
# a link with Mastodon's invisible/ellipsis spans, hashtags), a picture on
# every fifth post and a caption on every tenth.
make_project() {
	n=$1 p="$work/story-$1.sqlite"
	"$STORIED" -q -p "$p" init --title "Benchmark story" --tag bench --timezone Europe/Oslo \
		--description "A story of $n items." >/dev/null
	sqlite3 -batch "$p" <<SQL
BEGIN;
INSERT INTO sources (id, url, name, added_at) VALUES (1, 'https://social.example/tags/bench.rss', 'social.example', 0);
WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < $n)
INSERT INTO posts (id, source_id, permalink, author_name, author_handle, author_url, author_avatar,
                   published, content_html, content_text, language, fetched_at)
SELECT k, 1, 'https://social.example/@user' || (k % 500) || '/' || k, 'User ' || (k % 500),
       '@user' || (k % 500) || '@social.example', 'https://social.example/@user' || (k % 500),
       'https://social.example/avatars/' || (k % 500) || '.png', 1773478800 + k * 7,
       '<p>Post number ' || k || ' about the talk on <em>streaming renderers</em> &amp; SQLite: '
       || '<a href="https://slides.example/talk/' || k || '" rel="nofollow noopener" target="_blank">'
       || '<span class="invisible">https://</span><span class="ellipsis">slides.example/talk/'
       || k || '</span><span class="invisible"></span></a> '
       || '<a href="https://social.example/tags/bench" class="mention hashtag" rel="tag">#<span>bench</span></a></p>'
       || '<p>Second paragraph with a <strong>bold</strong> claim and a question?</p>',
       'Post number ' || k || ' about the talk on streaming renderers & SQLite: https://slides.example/talk/' || k
       || ' #bench' || char(10) || 'Second paragraph with a bold claim and a question?',
       'en', 0
FROM i WHERE k % 25 != 0;
INSERT INTO media (post_id, position, url, type, medium, alt, width, height)
SELECT id, 0, 'https://social.example/media/' || id || '.jpg', 'image/jpeg', 'image',
       'A picture of slide ' || id, 1200, 800 FROM posts WHERE id % 5 = 0;
INSERT INTO post_tags (post_id, tag) SELECT id, 'bench' FROM posts;
WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < $n)
INSERT INTO story_items (kind, post_id, body, level, position, created_at, updated_at)
SELECT CASE WHEN k % 100 = 0 THEN 'heading' WHEN k % 25 = 0 THEN 'note' ELSE 'post' END,
       CASE WHEN k % 25 = 0 THEN NULL ELSE k END,
       CASE WHEN k % 100 = 0 THEN 'Part ' || (k / 100)
            WHEN k % 25 = 0 THEN 'A *note* between posts, with [a link](https://notes.example/' || k || ').'
            WHEN k % 10 = 0 THEN 'A **caption** for post ' || k || '.' END,
       CASE WHEN k % 100 = 0 THEN 2 END,
       printf('a%08d', k), 0, 0
FROM i;
COMMIT;
SQL
}

# run CMD...: CPU seconds (user + system) and peak RSS (KiB) of CMD into
# $secs and $rss. CPU time, not wall time: other work on a shared machine
# stretches the wall clock of both sides unevenly.
run() {
	/usr/bin/time -f '%U %S %M' -o "$work/time" "$@" >/dev/null
	secs=$(awk '{ printf "%.2f", $1 + $2 }' "$work/time")
	rss=$(awk '{ print $3 }' "$work/time")
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s < 0.005) s = 0.005; printf "%.0f", n / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b < 0.005) b = 0.005; printf "%.2f", a / b }'; }

for n in 10000 100000; do
	make_project $n
	p="$work/story-$n.sqlite"
	run "$STORIED" -p "$p" render -o "$work/out-$n.html"
	html_s=$secs html_rss=$rss
	run "$STORIED" -p "$p" render --format md -o "$work/out-$n.md"
	md_s=$secs md_rss=$rss
	# The "In numbers" section's share: the same page without it.
	run "$STORIED" -p "$p" render --no-stats -o "$work/out-$n-nostats.html"
	nostats_s=$secs
	# cmark's best of three: it is quick, so one run is noisy.
	cm_s=
	for _ in 1 2 3; do
		run cmark "$work/out-$n.md"
		cm_s=$(awk -v a="${cm_s:-$secs}" -v b="$secs" 'BEGIN { print (a < b ? a : b) }')
	done
	mb=$(awk -v b="$(wc -c <"$work/out-$n.md")" 'BEGIN { printf "%.1f", b / 1048576 }')
	echo "render $n items: html ${html_s}s ($(rate $n "$html_s") items/s, peak ${html_rss} KiB)," \
		"md ${md_s}s ($(rate $n "$md_s") items/s, peak ${md_rss} KiB)"
	echo "  cmark on the same ${mb} MiB of Markdown: ${cm_s}s;" \
		"html/cmark $(ratio "$html_s" "$cm_s")x, md/cmark $(ratio "$md_s" "$cm_s")x"
	echo "  html --no-stats ${nostats_s}s; with the In numbers section $(ratio "$html_s" "$nostats_s")x"
done
