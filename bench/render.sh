#!/bin/sh
# render.sh - render a 10,000- and a 100,000-item story to HTML and
# Markdown; print items per second, peak memory, and the ratio against
# Debian's cmark converting the same amount of Markdown text (the md
# render of the same story) in the same run, with and without the "In
# numbers" section (--no-stats). The posts are collected, so the page is
# made from their stored sanitized HTML as it is for a real project.
# Times are CPU seconds. Figures only, no assertions.
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
# every fifth post and a caption on every tenth. The posts are collected
# (from a JSON Feed written here), so they are stored as collect stores
# them, their sanitized HTML with them; then the fields a feed does not
# carry (the handle, the Mastodon-like source) and the story are set in SQL.
make_project() {
	n=$1 p="$work/story-$1.sqlite"
	"$STORIED" -q -p "$p" init --title "Benchmark story" --tag bench --timezone Europe/Oslo \
		--description "A story of $n items." >/dev/null
	sqlite3 -batch :memory: >"$work/feed-$n.json" <<SQL
WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < $n)
SELECT json_object('version', 'https://jsonfeed.org/version/1.1', 'title', 'social.example',
  'items', json_group_array(json_object(
    'id', 'https://social.example/@user' || (k % 500) || '/' || k,
    'url', 'https://social.example/@user' || (k % 500) || '/' || k,
    'date_published', strftime('%Y-%m-%dT%H:%M:%SZ', 1773478800 + k * 7, 'unixepoch'),
    'authors', json_array(json_object('name', 'User ' || (k % 500),
       'url', 'https://social.example/@user' || (k % 500),
       'avatar', 'https://social.example/avatars/' || (k % 500) || '.png')),
    'language', 'en', 'tags', json_array('bench'),
    'content_html', '<p>Post number ' || k || ' about the talk on <em>streaming renderers</em> &amp; SQLite: '
       || '<a href="https://slides.example/talk/' || k || '" rel="nofollow noopener" target="_blank">'
       || '<span class="invisible">https://</span><span class="ellipsis">slides.example/talk/'
       || k || '</span><span class="invisible"></span></a> '
       || '<a href="https://social.example/tags/bench" class="mention hashtag" rel="tag">#<span>bench</span></a></p>'
       || '<p>Second paragraph with a <strong>bold</strong> claim and a question?</p>')))
FROM i WHERE k % 25 != 0;
SQL
	"$STORIED" -q -p "$p" source add "$work/feed-$n.json" >/dev/null
	"$STORIED" -q -p "$p" collect -q --max-size 1G --no-media --no-cards >/dev/null
	sqlite3 -batch "$p" <<SQL
BEGIN;
UPDATE sources SET url = 'https://social.example/tags/bench.rss', name = 'social.example';
CREATE TEMP TABLE k AS SELECT id, CAST(substr(permalink, length(rtrim(permalink, '0123456789')) + 1)
  AS INTEGER) AS k FROM posts;
UPDATE posts SET author_handle = '@user' || (k.k % 500) || '@social.example',
       content_text = 'Post number ' || k.k || ' about the talk on streaming renderers & SQLite: https://slides.example/talk/' || k.k
       || ' #bench' || char(10) || 'Second paragraph with a bold claim and a question?'
  FROM k WHERE k.id = posts.id;
INSERT INTO media (post_id, position, url, type, medium, alt, width, height)
SELECT id, 0, 'https://social.example/media/' || k || '.jpg', 'image/jpeg', 'image',
       'A picture of slide ' || k, 1200, 800 FROM k WHERE k % 5 = 0;
WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < $n)
INSERT INTO story_items (kind, post_id, body, level, position, created_at, updated_at)
SELECT CASE WHEN i.k % 100 = 0 THEN 'heading' WHEN i.k % 25 = 0 THEN 'note' ELSE 'post' END,
       k.id,
       CASE WHEN i.k % 100 = 0 THEN 'Part ' || (i.k / 100)
            WHEN i.k % 25 = 0 THEN 'A *note* between posts, with [a link](https://notes.example/' || i.k || ').'
            WHEN i.k % 10 = 0 THEN 'A **caption** for post ' || i.k || '.' END,
       CASE WHEN i.k % 100 = 0 THEN 2 END,
       printf('a%08d', i.k), 0, 0
FROM i LEFT JOIN k ON k.k = i.k;
COMMIT;
SQL
	filled=$(sqlite3 -batch "$p" "SELECT count(safe_html) FROM posts")
	[ "$filled" -gt 0 ] || { echo "render: collect stored no safe HTML" >&2; exit 1; }
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
	echo "  html --no-stats ${nostats_s}s: html --no-stats/cmark $(ratio "$nostats_s" "$cm_s")x;" \
		"the In numbers section costs $(ratio "$html_s" "$nostats_s")x"
done
