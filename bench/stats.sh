#!/bin/sh
# stats.sh - storied stats over 100,000 posts (the goal: well under a
# second), as a ratio against the sqlite3 shell running the plain SQL
# aggregates the same numbers need (posts per hour, per author, per tag,
# per source) over the same file in the same run. Times are CPU seconds;
# figures only, no assertions.
# usage: STORIED=/path/to/storied sh bench/stats.sh   (make bench does this)
set -eu
: "${STORIED:?}"
command -v sqlite3 >/dev/null || { echo "stats: sqlite3 is not installed"; exit 1; }
[ -x /usr/bin/time ] || { echo "stats: /usr/bin/time is not installed (package time)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/storied-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
export LC_ALL=C

# 100,000 posts over three days of a +05:30 zone, 2,000 authors, a link
# in each (with and without www., 50 domains), a mention and two hashtags,
# one in a hundred hidden, every tenth placed, two sources sharing a tenth.
n=100000 p="$work/stats.sqlite"
"$STORIED" -q -p "$p" init --title "Benchmark" --tag bench --timezone Asia/Kolkata >/dev/null
sqlite3 -batch "$p" <<SQL
BEGIN;
INSERT INTO sources (id, url, name, added_at) VALUES
  (1, 'https://social.example/tags/bench.rss', 'social', 0), (2, 'https://fedi.example/tags/bench.rss', 'fedi', 0);
WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < $n)
INSERT INTO posts (id, source_id, permalink, author_name, author_handle, published, content_html,
                   content_text, language, fetched_at, hidden, shares, likes)
SELECT k, 1, 'https://social.example/@user' || (k % 2000) || '/' || k, 'User ' || (k % 2000),
       '@user' || (k % 2000) || '@social.example', 1777593600 + (k * 2591) % 259200,
       '<p>Post ' || k || ': <a href="https://' || CASE k % 2 WHEN 0 THEN 'www.' ELSE '' END
       || 'site' || (k % 50) || '.example/page/' || k || '" rel="nofollow noopener" target="_blank">'
       || '<span class="invisible">https://</span><span class="ellipsis">site' || (k % 50) || '.example/page</span></a> '
       || '<span class="h-card"><a href="https://other.example/@friend' || (k % 30) || '" class="u-url mention">@<span>friend</span></a></span> '
       || '<a href="https://social.example/tags/bench" class="mention hashtag" rel="tag">#<span>bench</span></a> '
       || '<a href="https://social.example/tags/t' || (k % 40) || '" class="mention hashtag" rel="tag">#<span>t' || (k % 40) || '</span></a></p>',
       'Post ' || k, CASE k % 3 WHEN 0 THEN 'en' WHEN 1 THEN 'de' ELSE 'fr' END, 0,
       k % 100 = 0, k % 37, k % 53
FROM i;
INSERT INTO post_sources (post_id, source_id, first_seen) SELECT id, 1, 0 FROM posts;
INSERT INTO post_sources (post_id, source_id, first_seen) SELECT id, 2, 0 FROM posts WHERE id % 10 = 3;
INSERT INTO post_tags (post_id, tag) SELECT id, 'bench' FROM posts;
INSERT INTO post_tags (post_id, tag) SELECT id, 't' || (id % 40) FROM posts;
INSERT INTO story_items (kind, post_id, position, created_at, updated_at)
SELECT 'post', id, printf('a%08d', id), 0, 0 FROM posts WHERE id % 10 = 0;
COMMIT;
SQL

run() {
	/usr/bin/time -f '%U %S %M' -o "$work/time" "$@" >/dev/null
	secs=$(awk '{ printf "%.3f", $1 + $2 }' "$work/time")
	rss=$(awk '{ print $3 }' "$work/time")
}
best() { # best of three CPU times of CMD into $secs
	b=
	for _ in 1 2 3; do
		run "$@"
		b=$(awk -v a="${b:-$secs}" -v c="$secs" 'BEGIN { print (a < c ? a : c) }')
	done
	secs=$b
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b < 0.005) b = 0.005; printf "%.2f", a / b }'; }

best "$STORIED" -p "$p" stats --json
json_s=$secs json_rss=$rss
best "$STORIED" -p "$p" stats
text_s=$secs
best "$STORIED" -p "$p" stats --story --json
story_s=$secs
best sqlite3 -batch "$p" \
	"SELECT published / 3600, count(*) FROM posts WHERE NOT hidden GROUP BY 1;
	 SELECT author_handle, count(*) AS n FROM posts WHERE NOT hidden GROUP BY 1 ORDER BY n DESC LIMIT 10;
	 SELECT t.tag, count(*) AS n FROM post_tags t JOIN posts p ON p.id = t.post_id WHERE NOT p.hidden
	   GROUP BY 1 ORDER BY n DESC LIMIT 20;
	 SELECT source_id, count(*) FROM post_sources GROUP BY 1;
	 SELECT language, count(*) FROM posts GROUP BY 1;"
ref_s=$secs
echo "stats over $n posts: --json ${json_s}s (peak ${json_rss} KiB), text ${text_s}s, --story ${story_s}s (goal: under 1s)"
echo "  sqlite3 running the plain aggregates: ${ref_s}s; stats/sqlite3 $(ratio "$json_s" "$ref_s")x"
