# source.sh - source add, list and rm.
. "$TOP/tests/lib.sh"

ok "init" storied init --title "Sources"
cp "$SAMPLES/social.example-nosd26.rss" social.rss
cp "$SAMPLES/fedi.example-nosd2026.rss" fedi.rss
cp "$SAMPLES/blog.example.atom" blog.atom

ok "add a relative path" storied source add social.rss
contains "add names the source" "$out" "added source 1: $WORK/social.rss"
same "a path is stored absolute" "$(sql "SELECT url FROM sources WHERE id = 1")" "$WORK/social.rss"
ok "add a file:// URL" storied source add "file://$WORK/fedi.rss" --name "fedi.example #nosd2026"
same "a file:// URL is stored as its path" "$(sql "SELECT url, name FROM sources WHERE id = 2")" \
	"$WORK/fedi.rss|fedi.example #nosd2026"

expect 1 "the same path twice is refused" storied source add "$WORK/social.rss"
one_line "refusal is one line" "$errout"
contains "refusal says why" "$errout" "storied: source add: $WORK/social.rss is already a source"
expect 1 "the same URL twice is refused" storied source add http://feeds.example/a.rss http://feeds.example/a.rss
same "a refused add adds nothing" "$(sql "SELECT count(*) FROM sources")" "2"
lacks "a refused add says nothing was added" "$out" "added source"
expect 2 "a bad source last on the line refuses the line" storied source add http://feeds.example/c.rss ftp://feeds.example/d.rss
same "nothing of that line is kept" "$(sql "SELECT count(*) FROM sources")" "2"
lacks "and nothing of it is said to be added" "$out" "added source"

ok "add several at once" storied source add blog.atom https://social.example/tags/nosd26.rss \
	HTTPS://Fedi.Example/tags/nosd2026.rss
same "several added" "$(sql "SELECT count(*) FROM sources")" "5"
same "scheme and host normalised" "$(sql "SELECT url FROM sources WHERE id = 5")" \
	"https://fedi.example/tags/nosd2026.rss"
expect 1 "a normalised duplicate is refused" storied source add https://FEDI.example/tags/nosd2026.rss

expect 2 "other schemes are refused" storied source add ftp://feeds.example/a.rss
contains "other scheme: says what is allowed" "$errout" "only http:// and https:// URLs and local paths"
expect 2 "a URL without a host" storied source add http://
expect 1 "a missing file is refused" storied source add no-such-file.xml
contains "missing file: named" "$errout" "no-such-file.xml"
expect 1 "a directory is refused" storied source add "$WORK"
expect 2 "--name with two sources" storied source add --name x a.rss b.rss
expect 2 "add without arguments" storied source add
same "refusals added nothing" "$(sql "SELECT count(*) FROM sources")" "5"

ok "list" storied source list
contains "list shows a path" "$out" "1  $WORK/social.rss"
contains "list shows a name" "$out" "(fedi.example #nosd2026)"
contains "list says never fetched" "$out" "never fetched"
ok "list --json" storied source list --json
printf '%s\n' "$out" >list.json
ok "list --json is JSON" python3 -c '
import json, sys
v = json.load(open("list.json"))
assert isinstance(v, list) and len(v) == 5, v
for o in v:
    assert isinstance(o["id"], int) and o["url"] and "name" in o, o
assert v[1]["name"] == "fedi.example #nosd2026" and v[0]["name"] is None
assert v[0]["last_fetch"] is None and v[0]["local"] is True and v[3]["local"] is False
'

# rm: posts stay, unless --purge; then only the posts no other source had.
ok "rm a URL source" storied source rm 5
ok "rm another" storied source rm 4
expect 1 "rm a missing source" storied source rm 4
contains "missing source named" "$errout" "no source 4"
expect 2 "rm a non-number" storied source rm four
expect 2 "rm without an id" storied source rm

ok "collect the local sources" storied collect
total=$(sql "SELECT count(*) FROM posts")
both=$(sql "SELECT count(*) FROM (SELECT post_id FROM post_sources GROUP BY post_id HAVING count(*) = 2)")
only1=$(sql "SELECT count(*) FROM post_sources p WHERE source_id = 1 AND NOT EXISTS
	(SELECT 1 FROM post_sources o WHERE o.post_id = p.post_id AND o.source_id <> 1)")
same "two posts reached by both Mastodon feeds" "$both" "2"
# A story item on a post only source 1 had, and one on a shared post.
sql "INSERT INTO story_items (kind, post_id, position, created_at, updated_at)
	SELECT 'post', post_id, 'a', 0, 0 FROM post_sources p WHERE source_id = 1 AND NOT EXISTS
	(SELECT 1 FROM post_sources o WHERE o.post_id = p.post_id AND o.source_id <> 1) LIMIT 1;
	INSERT INTO story_items (kind, post_id, position, created_at, updated_at)
	SELECT 'post', post_id, 'b', 0, 0 FROM post_sources GROUP BY post_id HAVING count(*) = 2 LIMIT 1;"

ok "rm keeps the posts" storied source rm 3
contains "rm says the posts stay" "$errout" "its posts stay"
same "posts stay after rm" "$(sql "SELECT count(*) FROM posts")" "$total"
ok "rm --purge" storied source rm 1 --purge
contains "purge counts the posts" "$errout" "and $only1 posts only it had"
same "purge removed only that source's own posts" "$(sql "SELECT count(*) FROM posts")" \
	"$((total - only1))"
same "shared posts stay" "$(sql "SELECT count(*) FROM post_sources WHERE source_id = 2")" \
	"$(sql "SELECT count(*) FROM posts WHERE id IN (SELECT post_id FROM post_sources)")"
same "their story items went with them" "$(sql "SELECT position FROM story_items")" "b"
same "search index in step" "$(sql "INSERT INTO posts_fts(posts_fts) VALUES ('integrity-check'); SELECT 'ok'")" "ok"
same "fetch log kept, source unlinked" "$(sql "SELECT count(*) FROM fetches WHERE source_id IS NULL")" "2"
same "integrity" "$(sql 'PRAGMA integrity_check')" "ok"
same "foreign keys hold" "$(sql 'PRAGMA foreign_key_check')" ""

# The README's collect workflow, word for word, from the top of the tree.
export STORIED_PROJECT="$WORK/readme.sqlite"
ok "README: init" storied init --title "Nordic Open Source Days 2026" --tag nosd26 \
	--since 2026-03-14 --until 2026-03-16 --timezone Europe/Oslo
cd "$TOP"
ok "README: source add paths" storied source add samples/social.example-nosd26.rss samples/blog.example.atom
ok "README: source add a URL with a name" storied source add https://fedi.example/tags/nosd2026.rss --name "fedi.example #nosd2026"
ok "README: source list" storied source list
ok "README: source rm" storied source rm 3
ok "README: collect" storied collect
contains "README: collect stores the samples' posts" "$out" "collected 2 sources: 8 new posts"
cd "$WORK"
