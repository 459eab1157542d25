# merge.sh - one post, the best of every source (issue 12): two fixture
# feeds that reach the same posts (a copy server's tag feed and the
# original server's JSON Feed) make the same posts whichever is added or
# collected first, every source's item is kept with the fetch it came
# from, and the counts count a post for every source that reached it.
. "$TOP/tests/lib.sh"

start_server "$FIXTURES/merge"
COPY="$BASE/copy.rss" ORIG="$BASE/orig.json"

# What a reader sees of every post, in a form two projects can compare.
seen() {
	sql "SELECT p.permalink, p.author_name, p.author_url, p.author_avatar, p.language,
	            p.content_html, p.content_text, p.sensitive,
	            (SELECT group_concat(m.url || ' ' || coalesce(m.alt, '-'), ' | ')
	             FROM media m WHERE m.post_id = p.id),
	            (SELECT group_concat(tag, ' ') FROM post_tags t WHERE t.post_id = p.id)
	     FROM posts p ORDER BY p.permalink"
}

project() { # NAME FIRST SECOND: collect FIRST, then add SECOND and collect again
	PROJECT="$WORK/$1.sqlite"
	export STORIED_PROJECT="$PROJECT"
	storied init --title "Ev 26" --tag ev26 >/dev/null 2>&1
	storied source add "$2" >/dev/null
	ok "$1: collect the first source" storied collect
	storied source add "$3" >/dev/null
	ok "$1: collect with the second source" storied collect
}

project copy-first "$COPY" "$ORIG"
contains "copy first: the original server's feed enriched two posts" "$out" "2 enriched"
contains "copy first: its source line says so" "$out" "jsonfeed, 3 items, 1 new, 0 updated, 2 enriched"
copy_first=$(seen)
same "copy first: four posts" "$(sql 'SELECT count(*) FROM posts')" 4

project orig-first "$ORIG" "$COPY"
contains "original first: the copy's whole text enriched one post" "$out" "1 enriched"
orig_first=$(seen)

same "the same posts whichever source came first" "$orig_first" "$copy_first"

PROJECT="$WORK/together.sqlite"
export STORIED_PROJECT="$PROJECT"
storied init --title "Ev 26" --tag ev26 >/dev/null 2>&1
storied source add "$COPY" "$ORIG" >/dev/null
ok "both sources in one collect" storied collect
same "... the same posts again, whichever finished first" "$(seen)" "$copy_first"

PROJECT="$WORK/copy-first.sqlite"
export STORIED_PROJECT="$PROJECT"
post() { sql "SELECT $1 FROM posts WHERE permalink = '$2'"; }
ANA=https://orig.example/@ana/111 BO=https://orig.example/@bo/222
same "an author name only the original had" "$(post author_name $ANA)" "Ana Lind"
same "an avatar only the original had" "$(post author_avatar $ANA)" "https://orig.example/avatars/ana.png"
same "a language only the original had" "$(post language $ANA)" "sv"
same "media alt text only the original had" \
	"$(sql "SELECT alt FROM media m JOIN posts p ON p.id = m.post_id WHERE p.permalink = '$ANA'")" \
	"A full hall, seen from the back"
same "the whole text over a summary" "$(post content_text $BO)" \
	"Day one notes: the hallway track was the best part, again. #ev26"
same "with the original's author" "$(post author_name $BO)" "Bo Berg"

# Every source's item is kept, with the fetch it came from.
same "two items kept for each post both sources reached" \
	"$(sql "SELECT count(*) FROM post_sources WHERE item IS NOT NULL AND raw IS NOT NULL")" 4
same "each with its own format" \
	"$(sql "SELECT group_concat(raw_format, ' ') FROM (SELECT ps.raw_format FROM post_sources ps
	        JOIN posts p ON p.id = ps.post_id WHERE p.permalink = '$ANA' ORDER BY ps.raw_format)")" \
	"jsonfeed rss"
same "each names the fetch it came from, of its own source" \
	"$(sql "SELECT count(*) FROM post_sources ps JOIN fetches f ON f.id = ps.fetch_id
	        AND f.source_id = ps.source_id AND f.items_seen = 3")" \
	"$(sql "SELECT count(*) FROM post_sources")"
contains "the copy's item is the copy's RSS" \
	"$(sql "SELECT ps.raw FROM post_sources ps JOIN sources s ON s.id = ps.source_id
	        JOIN posts p ON p.id = ps.post_id WHERE s.url LIKE '%copy.rss' AND p.permalink = '$ANA'")" \
	'<media:content url="https://copy.example/cache/111.jpg"'
contains "the original's item is its JSON" \
	"$(sql "SELECT ps.raw FROM post_sources ps JOIN sources s ON s.id = ps.source_id
	        JOIN posts p ON p.id = ps.post_id WHERE s.url LIKE '%orig.json' AND p.permalink = '$ANA'")" \
	'"A full hall, seen from the back"'

# Read again in full, nothing a reader sees changes: nothing is updated.
ok "collect --full" storied collect --full
contains "read again: nothing updated" "$out" "0 new posts, 0 updated"
lacks "nor enriched" "$out" "enriched"
same "the posts as they were" "$(seen)" "$copy_first"

# Counts: a post for every source that reached it.
ok "source list" storied source list
contains "the copy reached three posts" "$out" "copy.rss  (#ev26 on copy.example)  3 posts"
contains "the original reached three posts" "$out" "orig.json  (#ev26 on orig.example)  3 posts"
ok "source list --json" storied source list --json
contains "json: posts" "$out" '"posts": 3'
storied add --all >/dev/null 2>&1
ok "render" storied render -o story.html
page=$(cat story.html)
contains "the header counts both sources" "$page" "2 sources"
same "credits: each source with its own count" \
	"$(grep -o 'st-muted">· [0-9]* posts*' story.html | tr '\n' ' ')" \
	'st-muted">· 3 posts st-muted">· 3 posts '
