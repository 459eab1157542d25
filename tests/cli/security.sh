# security.sh - hostile servers (issue 16): credentials stay with their
# origin, a public source cannot lead storied into the local network,
# secrets never shown or published, and gzip bodies that say what is wrong
# with them. Loopback servers on two ports stand in for two hosts;
# 127.0.0.2 (with STORIED_TEST_PUBLIC_ADDR) stands in for a public one.
. "$TOP/tests/lib.sh"

unset STORIED_MASTODON_TOKEN STORIED_BSKY_HANDLE STORIED_BSKY_APP_PASSWORD STORIED_BSKY_SERVICE \
	STORIED_TEST_PUBLIC_ADDR
cp -R "$FIXTURES/import/server" "$WORK/srv"
# Without the channel's own title, so that the credits below fall back to
# the (redacted) address and the file name.
sed '0,/<title>[^<]*<\/title>/s///' "$SAMPLES/social.example-nosd26.rss" >"$WORK/srv/feed.xml"
start_server "$WORK/srv" # A: 127.0.0.1:$PORT, logs to .requests

# another NAME ADDR DIR [REDIRECT]: a second server; sets NAME_PORT, logs to .NAME.requests.
another() {
	HTTPD_ADDR=$2 HTTPD_REDIRECT=${4:-} python3 "$TOP/tests/tools/httpd.py" "$3" \
		"$WORK/.$1.port" "$WORK/.$1.requests" >"$WORK/.$1.log" 2>&1 &
	_pid=$!
	at_exit "kill $_pid 2>/dev/null; wait $_pid 2>/dev/null"
	wait_for "$WORK/.$1.port"
	: >>"$WORK/.$1.requests"
	eval "$1_PORT=$(cat "$WORK/.$1.port")"
}

# --- A Mastodon server redirecting to another host never hands it the token ---
another b 127.0.0.1 "$WORK/srv"                                 # B: the other host
another a 127.0.0.1 "$WORK/srv" "http://127.0.0.1:$b_PORT"      # A': sends everyone to B
ok "init" storied init --tag nosd26
ok "a Mastodon source with a token" storied source add --token-env SEC_TOKEN "http://127.0.0.1:$a_PORT/tags/nosd26"
SEC_TOKEN=s3cr3t-token run storied collect
contains "the origin got the token" "$(cat "$WORK/.a.requests")" 'authorization="Bearer s3cr3t-token"'
contains "the redirect was followed to the other host" "$(cat "$WORK/.b.requests")" "GET /api/v1/timelines/tag/nosd26"
lacks "the other host got no Authorization" "$(cat "$WORK/.b.requests")" "authorization="
lacks "nor the token in any form" "$(cat "$WORK/.b.requests")" "s3cr3t"

# --- A Bluesky login redirected to another host is not re-POSTed there ---
: >"$WORK/.b.requests"
export STORIED_BSKY_HANDLE=archivist.example.org STORIED_BSKY_APP_PASSWORD=abcd-efgh-ijkl-mnop
export STORIED_BSKY_SERVICE="http://127.0.0.1:$a_PORT"
P=bsky.sqlite
ok "init" storied -p $P init --tag nosd26
ok "a Bluesky source" storied -p $P source add 'bluesky:#nosd26'
expect 1 "the redirected login fails" storied -p $P collect
contains "and says why" "$errout" "the POST to http://127.0.0.1:$a_PORT was redirected to another origin (http://127.0.0.1:$b_PORT) and was not followed"
one_line "in one line" "$errout"
same "the other host saw no request at all" "$(cat "$WORK/.b.requests")" ""
lacks "the password is in no message" "$errout$out" "abcd-efgh"
export STORIED_BSKY_SERVICE="$BASE"
ok "the same login without the redirect works" storied -p $P collect
unset STORIED_BSKY_HANDLE STORIED_BSKY_APP_PASSWORD STORIED_BSKY_SERVICE

# --- A public source cannot redirect into the local network ---
another pub 127.0.0.2 "$WORK/srv" "$BASE"   # "public": sends everyone to 127.0.0.1
P=lan.sqlite
ok "init" storied -p $P init --tag nosd26
ok "a source on a public address" storied -p $P source add "http://127.0.0.2:$pub_PORT/feed.xml"
: >"$WORK/.requests"
need_hooks  # only the test build reads STORIED_TEST_PUBLIC_ADDR
STORIED_TEST_PUBLIC_ADDR=127.0.0.2 run "$HOOKED" -p $P collect
same "the redirect into the LAN fails the source" "$status" 1
contains "and says why" "$errout" "redirect to $BASE/feed.xml refused (it leads to 127.0.0.1, on the local network, and the source is not)"
same "the local server was never reached" "$(cat "$WORK/.requests")" ""
same "nothing stored" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 0
ok "a source the user added on a local address may redirect within it" storied -p $P collect
same "its posts stored" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 7
same "redirects on loopback work (the fixture server's own)" "$(grep -c 'GET /feed.xml' "$WORK/.requests")" 1

# --- Secrets in URLs are never shown or published; local paths never published ---
P=red.sqlite
mkdir -p "$WORK/private/dir"
sed '0,/<title>[^<]*<\/title>/s///' "$SAMPLES/fedi.example-nosd2026.rss" >"$WORK/private/dir/local-feed.rss"
ok "init" storied -p $P init --title Redaction --tag nosd26 --tag nosd2026
ok "a URL with credentials and a token" storied -p $P source add \
	"http://alice:pa55word@127.0.0.1:$PORT/feed.xml?token=tok-SECRET1&page=2"
lacks "source add does not echo the password" "$out" "pa55word"
lacks "nor the token" "$out" "tok-SECRET1"
contains "the rest is shown" "$out" "http://127.0.0.1:$PORT/feed.xml?token=REDACTED&page=2"
ok "a failing source with secrets" storied -p $P source add \
	"http://bob:hunter2@127.0.0.1:$PORT/_/status/404?api_key=KEY-SECRET2"
ok "a local source" storied -p $P source add "$WORK/private/dir/local-feed.rss"
expect 1 "a duplicate is refused" storied -p $P source add \
	"http://alice:pa55word@127.0.0.1:$PORT/feed.xml?token=tok-SECRET1&page=2"
lacks "and its message has no password" "$errout" "pa55word"
expect 3 "collect: one fails" storied -p $P collect
lacks "collect lines have no password" "$out$errout" "pa55word"
lacks "nor the failing one's" "$out$errout" "hunter2"
lacks "nor keys" "$out$errout" "SECRET"
contains "the failing source is named" "$errout" "source 2 (http://127.0.0.1:$PORT/_/status/404?api_key=REDACTED): HTTP 404"
ok "source list" storied -p $P source list
lacks "source list: no password" "$out" "pa55word"
lacks "source list: no token" "$out" "SECRET"
ok "source list --json" storied -p $P source list --json
lacks "JSON: no password" "$out" "pa55word"
lacks "JSON: no token" "$out" "SECRET"
ok "place every post" storied -p $P add --all
for f in html md embed json; do
	ok "render $f" storied -p $P render --format $f -o "$WORK/out.$f"
	lacks "$f credits: no password" "$(cat "$WORK/out.$f")" "pa55word"
	lacks "$f credits: no token" "$(cat "$WORK/out.$f")" "tok-SECRET1"
	lacks "$f: no absolute path of a local source" "$(cat "$WORK/out.$f")" "$WORK/private"
done
contains "the local source is credited by its file name" "$(cat "$WORK/out.html")" "local-feed.rss"
contains "json stats: the local source by its file name" "$(cat "$WORK/out.json")" '"name": "local-feed.rss"'
for f in "" --json; do
	ok "stats $f" storied -p $P stats $f
	lacks "stats $f: no password" "$out" "pa55word"
	lacks "stats $f: no token" "$out" "tok-SECRET1"
done
contains "stats --json: the URL source by its redacted URL" "$out" "http://127.0.0.1:$PORT/feed.xml?token=REDACTED&page=2"
contains "the URL source by its redacted URL" "$(cat "$WORK/out.json")" "http://127.0.0.1:$PORT/feed.xml?token=REDACTED&page=2"

# --- gzip and deflate bodies: what is wrong with one is said ---
P=gz.sqlite
ok "init" storied -p $P init --tag nosd26
for k in gzip gzip-two deflate deflate-raw chunked; do
	storied -p $P source add "$BASE/_/$k/feed.xml?$k" >/dev/null
done
ok "gzip, two gzip members, deflate (wrapped or raw) and chunked are read" storied -p $P collect
same "each read the whole feed" "$(PROJECT=$P sql "SELECT group_concat(last_seen, ' ') FROM sources")" "7 7 7 7 7"
P=gzbad.sqlite
ok "init" storied -p $P init --tag nosd26
storied -p $P source add "$BASE/_/gzip-garbage/feed.xml" >/dev/null
expect 1 "gzip with trailing garbage fails" storied -p $P collect
contains "and says so" "$errout" "the gzip-encoded body has data after its end (trailing garbage)"
one_line "once" "$errout"
ok "source rm" storied -p $P source rm 1
storied -p $P source add "$BASE/_/gzip-truncated/feed.xml" >/dev/null
expect 1 "a truncated gzip body fails" storied -p $P collect
contains "and says so" "$errout" "the gzip-encoded body is truncated (its compressed data stops before the end)"
one_line "once" "$errout"
same "nothing of it is stored" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 0

# --- A redirect's target and the fetch log keep no secret ---
# The server answers 302 with "Location: /feed.xml?token=loc-SECRET3" (the
# source's own URL holds it percent-encoded, so only a decoded Location
# could bring it into the file); the fetch log records a source URL
# without its token (sources.url keeps it: it is fetched with it).
P=loc.sqlite
ok "init" storied -p $P init --tag nosd26
ok "sources" storied -p $P source add "$BASE/_/location?%2Ffeed.xml%3Ftoken%3D%6Coc-SECRET3" \
	"$BASE/feed.xml?access_token=fetch-SECRET4"
ok "collect through the redirect" storied -p $P collect --no-media --no-cards
contains "the redirect's target is recorded, its secret replaced" \
	"$(PROJECT=$P sql "SELECT response_head FROM captures WHERE status = 302")" \
	"Location: /feed.xml?token=REDACTED"
PROJECT=$P sql "PRAGMA wal_checkpoint" >/dev/null
same "the Location's secret is nowhere in the project file" \
	"$(cat "$WORK/$P"* | grep -c -a "loc-SECRET3")" 0
same "the fetch log keeps no token" \
	"$(PROJECT=$P sql "SELECT count(*) FROM fetches WHERE url LIKE '%fetch-SECRET4%'")" 0
same "it logs the fetch, redacted" \
	"$(PROJECT=$P sql "SELECT count(*) FROM fetches WHERE url LIKE '%access_token=REDACTED'")" 1
