# api.sh - Mastodon hashtag timelines and Bluesky search through their APIs,
# against the fixture server (tests/tools/httpd.py answering from
# tests/fixtures/import/server): paging back to the window, the cursor,
# rate limits, tokens, logins, and the source addresses that make them.
. "$TOP/tests/lib.sh"

cp -R "$FIXTURES/import/server" "$WORK/srv"
start_server "$WORK/srv"
unset STORIED_MASTODON_TOKEN STORIED_BSKY_HANDLE STORIED_BSKY_APP_PASSWORD STORIED_BSKY_SERVICE
requests() { grep -c "$1" "$WORK/.requests"; }

# --- source addresses ---
ok "init" storied init --title "NOSD" --tag nosd26 --since 2026-03-14 --until 2026-03-16
ok "a hashtag address is a Mastodon API source" storied source add "$BASE/tags/nosd26"
contains "said so" "$out" "(Mastodon API)"
same "kind mastodon" "$(sql "SELECT kind FROM sources WHERE id = 1")" "mastodon"
ok "bluesky:#NAME" storied source add 'bluesky:#nosd26'
same "stored as the bsky.app address" "$(sql "SELECT url || ' ' || kind FROM sources WHERE id = 2")" \
	"https://bsky.app/hashtag/nosd26 bluesky"
expect 1 "the same Bluesky tag twice is refused" storied source add https://bsky.app/hashtag/nosd26
ok "the .rss address stays a feed" storied source add "$BASE/tags/other.rss"
same "kind feed" "$(sql "SELECT kind FROM sources WHERE id = 3")" "feed"
ok "--api reads the .rss address through the API" storied source add --api "$BASE/tags/another.rss"
same "stored without .rss" "$(sql "SELECT url || ' ' || kind FROM sources WHERE id = 4")" \
	"$BASE/tags/another mastodon"
expect 2 "--token-env is for API sources" storied source add --token-env X "$BASE/feed.xml"
expect 2 "--local is for Mastodon" storied source add --local 'bluesky:#x'
ok "source list --json names the kind" storied source list --json
contains "kind in JSON" "$out" '"kind": "bluesky"'

# --- Mastodon: paging back to the window, a boost once, then only newer ---
P=m1.sqlite
ok "project" storied -p $P init --tag nosd26 --since 2026-03-14 --until 2026-03-16
ok "add" storied -p $P source add "$BASE/tags/nosd26"
: >"$WORK/.requests"
ok "collect pages back" storied -p $P collect
contains "summary" "$out" "60 new"
same "two pages: the second reached the window's start" "$(requests 'GET /api/v1/timelines/tag/nosd26')" 2
contains "limit=40" "$(cat "$WORK/.requests")" "limit=40&max_id=112030000000000052"
same "every post of the window" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 60
same "none before it" "$(PROJECT=$P sql "SELECT count(*) FROM posts WHERE published < strftime('%s','2026-03-14')")" 0
same "the boosted post stored once, as itself" \
	"$(PROJECT=$P sql "SELECT count(*) || ' ' || author_handle FROM posts WHERE guid LIKE '%/statuses/112030000000000070'")" \
	"1 @alice@social.example"
same "no boost wrapper stored" "$(PROJECT=$P sql "SELECT count(*) FROM posts WHERE guid LIKE '%/activity'")" 0
same "display name, acct, avatar kept" \
	"$(PROJECT=$P sql "SELECT author_name || '|' || author_handle || '|' || author_avatar FROM posts WHERE guid LIKE '%0000000035'")" \
	"Alice Berg|@alice@social.example|https://social.example/avatars/alice.png"
same "raw JSON kept" "$(PROJECT=$P sql "SELECT raw_format FROM posts LIMIT 1")" "mastodon"
same "cursor is the newest id" "$(PROJECT=$P sql "SELECT cursor FROM sources")" "112030000000000091"
same "an API source has no feed title: its tag and server stand in" \
	"$(PROJECT=$P sql "SELECT title FROM sources")" "#nosd26 on ${BASE#http://}"
ok "add the posts" storied -p $P add --all
ok "render" storied -p $P render
contains "the credits call it so" "$out" "#nosd26 on ${BASE#http://}"

cp "$WORK/srv/mastodon/nosd26-later.json" "$WORK/srv/mastodon/nosd26.json"
: >"$WORK/.requests"
ok "second collect" storied -p $P collect
contains "only the newer posts" "$out" "3 new"
same "one request, from the cursor" "$(cat "$WORK/.requests" | cut -d' ' -f2)" \
	"/api/v1/timelines/tag/nosd26?limit=40&min_id=112030000000000091"
same "cursor moved" "$(PROJECT=$P sql "SELECT cursor FROM sources")" "112030000000000102"
same "63 posts" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 63

# --- Mastodon: local only, and the page bound ---
P=m2.sqlite
ok "project" storied -p $P init --tag nosd26
ok "add --local --max-pages 1" storied -p $P source add --local --max-pages 1 "$BASE/tags/nosd26"
: >"$WORK/.requests"
ok "collect" storied -p $P collect
contains "local=true sent" "$(cat "$WORK/.requests")" "limit=40&local=true"
contains "the bound is said" "$out" "stopped after 1 pages"
same "only local accounts" "$(PROJECT=$P sql "SELECT count(*) FROM posts WHERE author_handle NOT LIKE '%@social.example'")" 0

# --- Mastodon: rate limits ---
P=m3.sqlite
ok "project" storied -p $P init --tag nosd26
ok "add" storied -p $P source add "$BASE/tags/slow"
: >"$WORK/.requests"
ok "collect waits for the rate limit" storied -p $P collect
contains "the wait is said" "$out" "for the rate limit"
same "no request while limited (no 429)" "$(grep -c ' 429' "$WORK/.httpd.log")" 0
same "both pages asked" "$(requests 'GET /api/v1/timelines/tag/slow')" 2
same "posts stored" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 5

# --- a slow API source never blocks the other commands (no transaction
# is open while collect waits on the network or sleeps for a rate limit) ---
cp "$WORK/srv/mastodon/slow.json" "$WORK/srv/mastodon/slow3.json"
echo 4 >"$WORK/srv/mastodon/slow3.ratelimit"
P=m3c.sqlite
ok "project" storied -p $P init --tag nosd26
ok "add" storied -p $P source add "$BASE/tags/slow3"
: >"$WORK/.requests"
storied -p $P collect >"$WORK/slow3.out" 2>&1 &
collect_pid=$!
for _ in $(seq 200); do
	[ "$(requests 'GET /api/v1/timelines/tag/slow3')" -ge 1 ] && break
	sleep 0.05
done
# While collect sleeps for the rate limit, a writer that will not wait gets in.
run sqlite3 -batch -cmd ".timeout 300" "$P" "BEGIN IMMEDIATE; CREATE TABLE probe (x); ROLLBACK;"
same "the project is not locked while collect sleeps" "$status $errout" "0 "
fails=0 notes=""
for i in $(seq 50); do
	storied -p $P note "written during a collect, $i" >/dev/null 2>"$WORK/note.err" &
	notes="$notes $!"
done
for job in $notes; do
	wait "$job" || fails=$((fails + 1))
done
same "50 curate writes during a slow collect all succeed" "$fails" 0
wait $collect_pid
same "the collect succeeds too" "$?" 0
same "its posts stored" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 5
same "and the notes" "$(PROJECT=$P sql "SELECT count(*) FROM story_items WHERE kind = 'note'")" 50

# --- an API page over --max-page-size fails the source, storing nothing ---
P=m3d.sqlite
ok "project" storied -p $P init --tag nosd26
ok "add" storied -p $P source add "$BASE/tags/nosd26"
expect 1 "a page over the cap" storied -p $P collect --max-page-size 1K
contains "names the cap" "$errout" "a page over 1024 bytes (see --max-page-size)"
same "nothing stored" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 0

cp "$WORK/srv/mastodon/slow.json" "$WORK/srv/mastodon/slow2.json"
touch "$WORK/srv/mastodon/slow2.ratelimit"
P=m3b.sqlite
ok "project" storied -p $P init --tag nosd26
ok "add" storied -p $P source add "$BASE/tags/slow2"
expect 1 "a reset beyond --max-wait fails the source" storied -p $P collect --max-wait 0
contains "and says why" "$errout" "rate limit reached: it resets in"
contains "names the bound" "$errout" "longer than --max-wait 0 s"
same "nothing half-stored" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 0
same "no cursor kept" "$(PROJECT=$P sql "SELECT cursor IS NULL FROM sources")" 1

# --- Mastodon: a token ---
P=m4.sqlite
ok "project" storied -p $P init --tag nosd26
ok "add" storied -p $P source add "$BASE/tags/locked"
expect 1 "without a token: the source fails" storied -p $P collect
one_line "one line" "$errout"
contains "says HTTP 401" "$errout" "HTTP 401"
contains "says how to give one" "$errout" "STORIED_MASTODON_TOKEN"
same "nothing stored" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 0
same "the failure is logged" "$(PROJECT=$P sql "SELECT last_status FROM sources")" 401
STORIED_MASTODON_TOKEN=secret-token expect 0 "with STORIED_MASTODON_TOKEN" storied -p $P collect
contains "bearer sent" "$(tail -n 1 "$WORK/.requests")" 'authorization="Bearer secret-token"'
same "stored" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 3
P=m5.sqlite
ok "project" storied -p $P init --tag nosd26
expect 2 "--token is refused: it would be stored" storied -p $P source add --token secret-token "$BASE/tags/locked"
contains "--token-env is named instead" "$errout" "--token-env VAR"
expect 2 "--token-env wants a variable name" storied -p $P source add --token-env 'a b' "$BASE/tags/locked"
ok "add --token-env" storied -p $P source add --token-env LOCKED_TOKEN "$BASE/tags/locked"
LOCKED_TOKEN=wrong expect 1 "a refused token is said" storied -p $P collect
contains "token refused" "$errout" "the token was refused"
: >"$WORK/.requests"
LOCKED_TOKEN=secret-token STORIED_MASTODON_TOKEN=other expect 0 "the named variable is read" storied -p $P collect
contains "its token is sent" "$(cat "$WORK/.requests")" 'authorization="Bearer secret-token"'
same "only the name is stored" "$(PROJECT=$P sql "SELECT options FROM sources")" '{"token_env":"LOCKED_TOKEN"}'
if grep -q secret-token $P $P-wal 2>/dev/null; then fail "no token in the project file"; else pass "no token in the project file"; fi

# --- Bluesky ---
P=b1.sqlite
ok "project" storied -p $P init --tag nosd26 --since 2026-03-14 --until 2026-03-16
ok "add" storied -p $P source add https://bsky.app/hashtag/nosd26
expect 1 "without credentials it fails" storied -p $P collect
one_line "one line" "$errout"
contains "names what to set" "$errout" "set STORIED_BSKY_HANDLE and STORIED_BSKY_APP_PASSWORD"
export STORIED_BSKY_SERVICE="$BASE" STORIED_BSKY_HANDLE=archivist.example.org
STORIED_BSKY_APP_PASSWORD=wrong expect 1 "a wrong password" storied -p $P collect
contains "login failure is clear" "$errout" "Invalid identifier or password"
export STORIED_BSKY_APP_PASSWORD=abcd-efgh-ijkl-mnop
: >"$WORK/.requests"
ok "with credentials" storied -p $P collect
contains "105 posts" "$out" "105 new"
same "logged in once" "$(requests 'POST /xrpc/com.atproto.server.createSession')" 1
if grep -q -e abcd-efgh-ijkl-mnop -e jwt-storied-test b1.sqlite b1.sqlite-wal 2>/dev/null; then
	fail "no app password or session token in the project file"
else
	pass "no app password or session token in the project file"
fi
same "two search pages" "$(requests 'GET /xrpc/app.bsky.feed.searchPosts')" 2
contains "tag, q, sort, since, until" "$(grep searchPosts "$WORK/.requests" | head -n 1)" \
	"q=%23nosd26&tag=nosd26&sort=latest&limit=100&since=2026-03-14T00:00:00Z&until=2026-03-16T00:00:00Z"
contains "the session's token" "$(grep searchPosts "$WORK/.requests" | head -n 1)" 'authorization="Bearer jwt-storied-test"'
contains "cursor followed" "$(grep searchPosts "$WORK/.requests" | tail -n 1)" "cursor=100"
same "permalink from the at:// uri" \
	"$(PROJECT=$P sql "SELECT permalink FROM posts WHERE guid LIKE '%/3lbs0000001'")" \
	"https://bsky.app/profile/per.example.net/post/3lbs0000001"
same "the newest createdAt is the cursor" "$(PROJECT=$P sql "SELECT cursor FROM sources")" "2026-03-15T02:00:00Z"
same "a Bluesky search is called by its tag" "$(PROJECT=$P sql "SELECT title FROM sources")" \
	"#nosd26 on Bluesky"
: >"$WORK/.requests"
ok "second collect" storied -p $P collect
contains "from the cursor" "$(grep searchPosts "$WORK/.requests")" "since=2026-03-15T02:00:00Z"
contains "nothing new" "$out" "0 new"

# --- Mastodon: an instance without the API falls back to its RSS ---
mkdir -p "$WORK/srv/tags"
cp "$SAMPLES/social.example-nosd26.rss" "$WORK/srv/tags/rssonly.rss"
P=m6.sqlite
ok "project" storied -p $P init --tag nosd26
ok "add" storied -p $P source add "$BASE/tags/rssonly"
: >"$WORK/.requests"
ok "collect falls back to the RSS" storied -p $P collect
contains "and says so" "$out" "no hashtag API here: read $BASE/tags/rssonly.rss instead"
contains "read as RSS" "$out" "rss, 7 items"
same "API first, then the RSS" "$(cut -d' ' -f2 "$WORK/.requests")" \
	"/api/v1/timelines/tag/rssonly?limit=40
/tags/rssonly.rss"
same "posts stored" "$(PROJECT=$P sql "SELECT count(*) > 0 FROM posts WHERE raw_format = 'rss'")" 1

# --- undated posts: counted and kept by the one keep policy, as in feeds ---
python3 - "$WORK/srv/mastodon/nosd26.json" "$WORK/srv/mastodon/undated.json" <<'PY'
import json, sys
st = json.load(open(sys.argv[1]))[:2]
st[0]["created_at"] = "sometime on Saturday"
json.dump(st, open(sys.argv[2], "w"))
PY
P=u1.sqlite
ok "project without a window" storied -p $P init --tag nosd26
ok "add" storied -p $P source add "$BASE/tags/undated"
ok "collect" storied -p $P collect
contains "an API source's undated post is said kept" "$out" \
	"1 with an unreadable date (1 kept: the project has no window)"
same "both stored" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 2
P=u2.sqlite
ok "project with a window" storied -p $P init --tag nosd26 --since 2026-03-01
ok "add" storied -p $P source add "$BASE/tags/undated"
ok "collect" storied -p $P collect
contains "not kept in a window" "$out" "1 with an unreadable date (not kept: the project has a window)"
same "the dated one stored" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 1
