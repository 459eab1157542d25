# warc.sh - issue 11: collect records every HTTP exchange (bodies compressed
# and stored once, secrets replaced before anything is stored) and `export
# warc` writes them as WARC/1.1, which an independent reader (the npm
# package warcio, tests/tools/warccheck.mjs) reads whole, recomputing both
# digests and comparing payloads with the bytes the server sent.
. "$TOP/tests/lib.sh"

check="$TOP/tests/tools/warccheck.mjs"
if ! command -v node >/dev/null || [ ! -d "$TOP/tests/node_modules/warcio" ]; then
	echo "# skipped: the WARC reader is not installed (make deps: npm install --prefix tests)"
	exit 0
fi
unset STORIED_MASTODON_TOKEN STORIED_BSKY_HANDLE STORIED_BSKY_APP_PASSWORD STORIED_BSKY_SERVICE
cp -R "$FIXTURES/import/server" "$WORK/srv"
cp "$SAMPLES/social.example-nosd26.rss" "$WORK/srv/feed.xml"
cp "$SAMPLES/fedi.example-nosd2026.rss" "$WORK/srv/other.xml"
start_server "$WORK/srv"
# The gzip body the server sends (python's gzip, mtime 0: the same bytes every time).
python3 -c 'import gzip,sys; sys.stdout.buffer.write(gzip.compress(open(sys.argv[1],"rb").read(), mtime=0))' \
	"$WORK/srv/feed.xml" >"$WORK/feed.xml.gz"
warccheck() { node "$check" "$@" >"$WORK/.check" 2>&1; cstatus=$?; report=$(cat "$WORK/.check"); }

# --- A collect of every kind of exchange ---
ok "init" storied init --title "Provenance" --tag nosd26 --tag nosd2026
ok "sources" storied source add "$BASE/feed.xml?token=tok-SECRET1" "$BASE/_/gzip/feed.xml" \
	"$BASE/_/chunked/other.xml" "$BASE/_/redirect/2/feed.xml" "$BASE/_/status/404" \
	"$BASE/_/stall/other.xml"
export STORIED_MASTODON_TOKEN=mtok-SECRET2
ok "a Mastodon source (token from the environment)" storied source add "$BASE/tags/locked"
export STORIED_BSKY_HANDLE=archivist.example.org STORIED_BSKY_APP_PASSWORD=abcd-efgh-ijkl-mnop
export STORIED_BSKY_SERVICE="$BASE"
ok "a Bluesky source" storied source add 'bluesky:#nosd26'
expect 3 "collect: two sources fail" storied collect --stall-timeout 1
same "every hop, retry and failure recorded" "$(sql "SELECT count(*) FROM captures")" 12
same "the failing source's 404 is kept whole" \
	"$(sql "SELECT status || ' ' || complete FROM captures WHERE url LIKE '%/_/status/404'")" "404 1"
same "the stalled exchange is kept, marked as broken off" \
	"$(sql "SELECT status || ' ' || complete || ' ' || (error LIKE 'timeout%') FROM captures WHERE url LIKE '%/_/stall/%'")" "200 0 1"
same "the redirect hops, each an exchange" \
	"$(sql "SELECT group_concat(status, ' ') FROM (SELECT status FROM captures WHERE source_id = 4 ORDER BY id)")" "302 302 200"
same "the same feed body stored once (plain, via redirect)" \
	"$(sql "SELECT count(*) FROM capture_bodies b JOIN captures c ON c.response_body = b.sha1 WHERE c.url LIKE '%feed.xml%' AND c.status = 200 AND c.url NOT LIKE '%gzip%'")" 2
same "...as one row" "$(sql "SELECT count(DISTINCT response_body) FROM captures WHERE source_id IN (1, 4) AND status = 200")" 1
same "bodies are compressed" "$(sql "SELECT codec FROM capture_bodies b JOIN captures c ON c.response_body = b.sha1 WHERE c.source_id = 1")" zstd
contains "the gzip body is kept as sent, and the head says so" \
	"$(sql "SELECT response_head FROM captures WHERE source_id = 2")" "Content-Encoding: gzip"
contains "the chunked body is kept without its chunks, and the head says so" \
	"$(sql "SELECT response_head FROM captures WHERE source_id = 3")" "X-Storied-Removed-Transfer-Encoding: chunked"
contains "request heads as sent" "$(sql "SELECT request_head FROM captures WHERE source_id = 1")" \
	"GET /feed.xml?token=REDACTED HTTP/1.1"
contains "Authorization recorded as a marker" "$(sql "SELECT request_head FROM captures WHERE source_id = 7")" \
	"Authorization: REDACTED"
contains "the Bluesky login recorded without the password" \
	"$(sql "SELECT b.data FROM capture_bodies b JOIN captures c ON c.request_body = b.sha1 WHERE c.method = 'POST'")" \
	'"password":"REDACTED"'
expect 3 "collect again: unchanged feeds answer 304" storied collect --stall-timeout 1 -q
same "304s are recorded" "$(sql "SELECT count(*) FROM captures WHERE status = 304")" 4
sql "PRAGMA wal_checkpoint" >/dev/null
for s in mtok-SECRET2 abcd-efgh-ijkl-mnop jwt-storied-test; do
	same "the secret $s is nowhere in the project file" "$(cat "$STORIED_PROJECT"* | grep -c -a "$s")" 0
done
same "the token in a source's URL is in no capture" \
	"$(sql "SELECT count(*) FROM captures WHERE url || request_head || coalesce(response_head, '') LIKE '%tok-SECRET1%'")" 0
unset STORIED_MASTODON_TOKEN STORIED_BSKY_HANDLE STORIED_BSKY_APP_PASSWORD STORIED_BSKY_SERVICE

# --- Export ---
n=$(sql "SELECT count(*) FROM captures")
resp=$(sql "SELECT count(*) FROM captures WHERE status IS NOT NULL AND status <> 304")
ok "export warc .warc.gz" storied export warc out.warc.gz
contains "it says what it wrote" "$out" "wrote out.warc.gz: $n HTTP exchanges (4 not modified, 2 broken off)"
warccheck out.warc.gz "$BASE/feed.xml?token=REDACTED=$WORK/srv/feed.xml" \
	"$BASE/_/chunked/other.xml=$WORK/srv/other.xml" "$BASE/_/gzip/feed.xml=$WORK/feed.xml.gz" \
	"$BASE/feed.xml=$WORK/srv/feed.xml"
same "warcio reads every record; digests and payloads verify" "$cstatus" 0
[ "$cstatus" -eq 0 ] || echo "# $report"
contains "a warcinfo, then request/response pairs and revisits" "$report" \
	"\"counts\":{\"warcinfo\":1,\"response\":$resp,\"request\":$n,\"revisit\":4}"
contains "304s are revisits with the server-not-modified profile" "$report" \
	'"http://netpreserve.org/warc/1.1/revisit/server-not-modified"'
contains "warcinfo names the software" "$report" 'software: storied/'
contains "the format" "$report" 'format: WARC File Format 1.1'
contains "the project's title" "$report" 'title: Provenance'
contains "and the sources, redacted" "$report" "source: 1 $BASE/feed.xml?token=REDACTED"
ok "each record of the .gz is a gzip member of its own" sh -c \
	"python3 -c 'import sys,zlib; d=open(sys.argv[1],\"rb\").read(); n=0
while d:
    z=zlib.decompressobj(31); z.decompress(d); d=z.unused_data; n+=1
print(n)' out.warc.gz >members"
same "a member for each record" "$(cat members)" "$((1 + resp + n + 4))"
ok "the README's command" storied export warc story.warc.gz
ok "the README's narrowed export" storied export warc --since 2026-03-14 --until 2026-03-16 --source 2 day.warc
ok "export warc .warc (plain)" storied export warc out.warc
warccheck out.warc
same "the plain file reads as well" "$cstatus" 0
contains "the broken-off exchange is marked" "$(tr -d "\\000" <out.warc)" "WARC-Truncated: time"
contains "WARC-Concurrent-To links request and response" "$(tr -d "\\000" <out.warc)" "WARC-Concurrent-To: <urn:uuid:"
contains "WARC-IP-Address" "$(tr -d "\\000" <out.warc)" "WARC-IP-Address: 127.0.0.1"
contains "the Bluesky login's answer is there without the session token" "$(tr -d "\\000" <out.warc)" \
	'"accessJwt": "REDACTED", "refreshJwt": "REDACTED"'

for s in tok-SECRET1 mtok-SECRET2 abcd-efgh-ijkl-mnop jwt-storied-test; do
	same "no $s in the export" "$(grep -c -a "$s" out.warc)" 0
done
cp out.warc again.warc
ok "export again" storied export warc out.warc
same "the same records, with the same ids" "$(grep -a '^WARC-Record-ID' out.warc | md5sum)" \
	"$(grep -a '^WARC-Record-ID' again.warc | md5sum)"
ok "--source narrows to one source" storied export warc one.warc --source 4
contains "its three hops, twice" "$out" "6 HTTP exchanges"
lacks "no other source" "$(grep -a '^WARC-Target-URI' one.warc)" "/_/status/"
ok "--until before any capture" storied export warc none.warc --until 2000-01-01
contains "nothing" "$out" "0 HTTP exchanges"
ok "--since after every capture" storied export warc none.warc --since 2100-01-01
contains "nothing either" "$out" "0 HTTP exchanges"
expect 2 "--since must come before --until" storied export warc x.warc --since 2026-02-01 --until 2026-01-01
expect 2 "FILE is required" storied export warc
expect 1 "a directory that is not there fails" storied export warc nowhere/x.warc
one_line "in one line" "$errout"

# --- Capture off ---
before=$(sql "SELECT count(*) FROM captures")
expect 3 "collect --no-capture" storied collect --no-capture --stall-timeout 1 -q
same "records nothing" "$(sql "SELECT count(*) FROM captures")" "$before"
ok "config archive.capture" storied config archive.capture
same "is on by default" "$out" on
ok "config archive.capture off (as the README shows)" storied config archive.capture off
expect 2 "only on or off" storied config archive.capture maybe
expect 3 "collect" storied collect --stall-timeout 1 -q
same "records nothing when off" "$(sql "SELECT count(*) FROM captures")" "$before"

# --- 1,000 fetches of an unchanged feed stay small ---
# Its items carry no project tag: what is measured is the exchanges alone
# (1,000 sources that all keep the same posts each keep their own copy of
# every item, by design, and merge them: another matter).
P=many.sqlite
python3 - "$WORK/srv/big.xml" <<'PY'
import sys
items = "".join('<item><guid>urn:big:%d</guid><title>t</title><description>%s</description></item>'
                % (i, "lorem ipsum dolor sit amet " * 40) for i in range(60))
open(sys.argv[1], "w").write('<?xml version="1.0"?><rss version="2.0"><channel><title>big</title>%s</channel></rss>' % items)
PY
urls=""
for i in $(seq 1000); do urls="$urls $BASE/big.xml?n=$i"; done
ok "init" storied -p $P init --tag nosd26
# shellcheck disable=SC2086
ok "1,000 sources of one feed" storied -p $P source add $urls
size0=$(stat -c %s "$P")
ok "collect: 1,000 fetches" storied -p $P collect -q --jobs 8
same "1,000 exchanges" "$(PROJECT=$P sql "SELECT count(*) FROM captures")" 1000
same "one body" "$(PROJECT=$P sql "SELECT count(*) FROM capture_bodies")" 1
sql "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
grown=$(( $(stat -c %s "$P") - size0 ))
feed=$(stat -c %s "$WORK/srv/big.xml")
# Heads and a row a fetch (about 2.5 kB with SQLite's pages), never the body again.
if [ "$grown" -lt $((4 * 1024 * 1024)) ]; then
	pass "the project grew by $grown bytes, not 1,000 x $feed"
else
	fail "1,000 fetches stay small" "grew by $grown bytes (feed: $feed bytes)"
fi

# --- A project made before captures: the original items ---
P=old.sqlite
ok "init" storied -p $P init --tag nosd26
ok "a local source" storied -p $P source add "$SAMPLES/social.example-nosd26.rss"
ok "collect" storied -p $P collect
ok "an import" storied -p $P import "$FIXTURES/import/storify.json"
ok "export" storied -p $P export warc old.warc.gz
contains "says it holds original items" "$out" "no captured exchanges in this project"
contains "and the import" "$out" "1 imported files"
warccheck old.warc.gz
same "it reads and verifies" "$cstatus" 0
posts=$(PROJECT=$P sql "SELECT count(*) FROM posts WHERE raw IS NOT NULL")
contains "a resource record per post, one per import, two warcinfo sections" "$report" \
	"\"counts\":{\"warcinfo\":2,\"resource\":$((posts + 1))}"
zcat old.warc.gz >old.warc
contains "each under its permalink" "$(cat old.warc)" "WARC-Target-URI: https://social.example/@alice/"
contains "the import by its file name" "$(cat old.warc)" "WARC-Target-URI: urn:storied:import:storify.json"
contains "and digest" "$(cat old.warc)" "\"sha1\": \"sha1:$(python3 -c 'import hashlib,base64,sys; print(base64.b32encode(hashlib.sha1(open(sys.argv[1],"rb").read()).digest()).decode())' "$FIXTURES/import/storify.json")\""
lacks "never an absolute path" "$(cat old.warc)" "$FIXTURES"
