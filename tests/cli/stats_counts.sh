# stats_counts.sh - engagement counts: kept on the post when an API or an
# import gives them, the latest fetch's winning, and stats' most_shared.
. "$TOP/tests/lib.sh"

cp -R "$FIXTURES/import/server" "$WORK/srv"
start_server "$WORK/srv"
unset STORIED_MASTODON_TOKEN
export STORIED_BSKY_SERVICE="$BASE" STORIED_BSKY_HANDLE=archivist.example.org \
	STORIED_BSKY_APP_PASSWORD=abcd-efgh-ijkl-mnop

ok "project" storied init --tag nosd26 --since 2026-03-14 --until 2026-03-16
ok "a Mastodon source" storied source add "$BASE/tags/nosd26"
ok "a Bluesky source" storied source add 'bluesky:#nosd26'
ok "collect" storied collect
# Post n of the fixture timeline: reblogs (n*7)%11, favourites (n*13)%17, replies n%4.
same "Mastodon: boosts, favourites, replies kept" \
	"$(sql "SELECT shares || ' ' || likes || ' ' || replies FROM posts WHERE guid LIKE '%/statuses/112030000000000035'")" \
	"3 13 3"
# Bluesky post i: reposts (i*5)%9 plus quotes i%2, likes (i*11)%23, replies i%3.
same "Bluesky: reposts and quotes, likes, replies kept" \
	"$(sql "SELECT shares || ' ' || likes || ' ' || replies FROM posts WHERE guid LIKE '%/3lbs0000007'")" \
	"9 8 1"

# The same posts fetched again (the source's cursor forgotten) with grown counts.
cp "$WORK/srv/mastodon/nosd26-later.json" "$WORK/srv/mastodon/nosd26.json"
sql "UPDATE sources SET cursor = NULL"
ok "collect again" storied collect
same "the latest counts win" \
	"$(sql "SELECT shares || ' ' || likes || ' ' || replies FROM posts WHERE guid LIKE '%/statuses/112030000000000035'")" \
	"4 15 3"

ok "stats --json" storied stats --json
got=$(printf '%s\n' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(json.dumps(d["most_shared"], separators=(",", ":")))')
want=$(sql "SELECT json_group_array(json_object('id', id, 'url', permalink, 'shares', shares, 'likes', likes))
	FROM (SELECT id, permalink, coalesce(shares, 0) AS shares, coalesce(likes, 0) AS likes FROM posts
	      WHERE hidden = 0 AND (shares > 0 OR likes > 0) ORDER BY shares + likes DESC, id LIMIT 10)")
same "most_shared: the ten with most shares + likes, ties by id" "$got" "$want"
n=$(printf '%s\n' "$got" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
same "most_shared: ten of them" "$n" 10
ok "stats text" storied stats
contains "text: most shared" "$out" "Most shared"

# Imports: twarc's retweets and favourites.
PROJECT=t.sqlite
ok "twarc project" storied -p t.sqlite init --title t
ok "import twarc" storied -p t.sqlite import --all "$FIXTURES/import/twarc-v1.jsonl"
same "twarc: retweet_count and favorite_count kept" \
	"$(sql "SELECT count(*) FROM posts WHERE shares IS json_extract(raw, '\$.retweet_count') AND likes IS json_extract(raw, '\$.favorite_count') AND shares IS NOT NULL")" \
	"$(sql "SELECT count(*) FROM posts WHERE json_extract(raw, '\$.retweet_count') IS NOT NULL")"

# Feeds have no counts.
PROJECT=f.sqlite
ok "feed project" storied -p f.sqlite init --title f
ok "feed source" storied -p f.sqlite source add "$SAMPLES/social.example-nosd26.rss"
ok "feed collect" storied -p f.sqlite collect
same "feeds: no counts" "$(sql "SELECT count(*) FROM posts WHERE shares IS NOT NULL OR likes IS NOT NULL")" 0
ok "feed stats" storied -p f.sqlite stats --json
contains "feeds: most_shared is empty" "$out" '"most_shared": []'
