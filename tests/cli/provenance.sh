# provenance.sh - the record of collect's HTTP exchanges holds whatever
# happens: a kill in the middle of the media pass never leaves a file
# archived without the exchange that fetched it; a damaged captured body
# is found by verify and refused by export warc.
. "$TOP/tests/lib.sh"

# --- A kill in the middle of the media pass ---
# 210 distinct pictures: the media pass commits every 100 of them. Killed
# just after one of those commits, each file it kept over HTTP must have
# its exchange kept with it (a later collect never fetches it again).
need_hooks
mkdir site
# Each 20 KB that do not compress: a batch is as large in the captures
# as in the blobs (the full disk, below, is reached by either).
python3 - site 210 <<'PY'
import random, struct, sys, zlib
out, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(26)
def png(i):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    junk = bytes(rnd.getrandbits(8) for _ in range(20000))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"teXt", junk) + chunk(b"IEND", b""))
items = []
for i in range(n):
    open("%s/p%d.png" % (out, i), "wb").write(png(i))
    items.append('<item><guid>pic-%d</guid><link>https://pics.example/%d</link>'
                 '<pubDate>Sat, 14 Mar 2026 09:00:00 +0000</pubDate>'
                 '<description>Picture %d #nosd26</description>'
                 '<media:content url="p%d.png" type="image/png" medium="image"/></item>' % (i, i, i, i))
open(out + "/feed.rss", "w").write('<?xml version="1.0"?><rss version="2.0" '
    'xmlns:media="http://search.yahoo.com/mrss/"><channel><title>pics</title>'
    '<link>https://pics.example/</link>' + "".join(items) + '</channel></rss>')
PY
start_server "$WORK/site"
ok "init" storied init --title "Provenance" --tag nosd26
ok "add the feed" storied source add "$BASE/feed.rss"
cp "$STORIED_PROJECT" empty.sqlite
orphans() {
	sql "SELECT count(*) FROM blobs b WHERE b.url LIKE 'http%'
	     AND NOT EXISTS (SELECT 1 FROM captures c WHERE c.url = b.url AND c.response_body IS NOT NULL)"
}
# Commits before the media pass: the feed's exchanges, its posts, the posts'
# cards; the fourth is the first batch of 100 pictures, then the second, then the rest.
for n in 4 5 6; do
	rm -f "$STORIED_PROJECT-wal" "$STORIED_PROJECT-shm"
	cp empty.sqlite "$STORIED_PROJECT"
	kill_at "after-commit#$n" "$HOOKED" collect -q --no-cards
	same "killed after commit $n: the file is whole" "$(sql 'PRAGMA integrity_check')" ok
	same "killed after commit $n: files were archived" \
		"$(sql "SELECT count(*) >= 100 FROM blobs")" 1
	same "killed after commit $n: every file fetched over HTTP has its exchange" "$(orphans)" 0
done
ok "collect after the kill" storied collect -q --no-cards
same "then every picture is archived" "$(sql "SELECT count(*) FROM blobs")" 210
same "each with its exchange" "$(orphans)" 0

# --- A full disk in the middle of the media pass ---
# A file-size limit stands in for it (as in write_failures.sh; in KB): a
# commit past it fails. Wherever the pass is stopped, no file is kept
# without its exchange.
limited() { (trap '' XFSZ; ulimit -f "$1"; shift; "$@"); }
midway=0
for lim in 6000 8000 10000 12000; do
	rm -f "$STORIED_PROJECT-wal" "$STORIED_PROJECT-shm"
	cp empty.sqlite "$STORIED_PROJECT"
	run limited $lim "$STORIED" collect -q --no-cards
	blobs=$(sql "SELECT count(*) FROM blobs")
	[ "$status" -ne 0 ] && [ "$blobs" -lt 210 ] && midway=$((midway + 1))
	same "a full disk at $lim KB ($blobs files kept): the file is whole" "$(sql 'PRAGMA integrity_check')" ok
	same "a full disk at $lim KB: every file kept has its exchange" "$(orphans)" 0
done
same "the disk was full in the middle of the media pass at least once" "$([ $midway -gt 0 ] && echo yes)" yes
ok "with room again, collect" storied collect -q --no-cards
same "every picture is archived" "$(sql "SELECT count(*) FROM blobs")" 210
same "each with its exchange" "$(orphans)" 0

# --- Exchanges that cannot be recorded: their source fails ---
# A trigger stands in for a write that fails. Storing the feed's posts (and
# its ETag) anyway would lose its exchange for good: the next collect gets a
# 304.
cp "$SAMPLES/social.example-nosd26.rss" site/
FEED="$BASE/social.example-nosd26.rss"
P=feed.sqlite
nocapture="CREATE TRIGGER nocapture BEFORE INSERT ON captures BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;"
ok "a feed project" storied -p $P init --tag nosd26
ok "a feed" storied -p $P source add "$FEED"
PROJECT=$P sql "$nocapture"
expect 1 "collect: the exchanges cannot be recorded, the source fails" storied -p $P collect -q --no-media --no-cards
contains "and says why" "$errout" "its HTTP exchanges could not be recorded"
same "none of its posts is stored" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 0
PROJECT=$P sql "DROP TRIGGER nocapture"
ok "collect again" storied -p $P collect -q --no-media --no-cards
same "the posts are stored" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 7
same "with the exchange that brought them, body and all" \
	"$(PROJECT=$P sql "SELECT count(*) FROM captures c JOIN capture_bodies b ON b.sha1 = c.response_body WHERE c.status = 200")" 1

# --- A kill just after an API source is stored ---
# Its posts and the exchanges of its pages are one transaction: the
# source's cursor has moved on, nothing would fetch those pages again.
cp -R "$FIXTURES/import/server" "$WORK/srv"
rm -f "$WORK/.port" # a second server, for the API
start_server "$WORK/srv"
unset STORIED_MASTODON_TOKEN STORIED_BSKY_HANDLE STORIED_BSKY_APP_PASSWORD STORIED_BSKY_SERVICE
P=api.sqlite
ok "an API project" storied -p $P init --tag nosd26 --since 2026-03-14 --until 2026-03-16
ok "a Mastodon API source" storied -p $P source add "$BASE/tags/nosd26"
kill_at "after-commit#1" "$HOOKED" -p $P collect -q --no-media --no-cards
same "killed after the source's commit: its posts are stored" \
	"$(PROJECT=$P sql "SELECT count(*) > 0 FROM posts")" 1
same "killed after the source's commit: with the exchanges of its pages" \
	"$(PROJECT=$P sql "SELECT count(*) FROM captures WHERE source_id = 1 AND url LIKE '%/api/v1/timelines/tag/nosd26%'")" 2

rm -f $P $P-wal $P-shm
ok "an API project again" storied -p $P init --tag nosd26 --since 2026-03-14 --until 2026-03-16
ok "the Mastodon API source" storied -p $P source add "$BASE/tags/nosd26"
PROJECT=$P sql "$nocapture"
expect 1 "collect: its exchanges cannot be recorded, the source fails" storied -p $P collect -q --no-media --no-cards
contains "and says why" "$errout" "its HTTP exchanges could not be recorded"
same "none of its posts is stored" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 0
same "its cursor has not moved" "$(PROJECT=$P sql "SELECT count(*) FROM sources WHERE cursor IS NOT NULL")" 0
PROJECT=$P sql "DROP TRIGGER nocapture"
ok "collect again" storied -p $P collect -q --no-media --no-cards
same "the posts are stored, with the exchanges of their pages" \
	"$(PROJECT=$P sql "SELECT count(*) > 0 FROM posts") $(PROJECT=$P sql "SELECT count(*) FROM captures WHERE url LIKE '%/api/v1/timelines/tag/nosd26%'")" "1 2"

# --- A damaged captured body: verify finds it, export warc refuses it ---
# One byte flipped in a body kept as it came (codec 'none': the pictures do
# not compress), then in one kept with zstd (the feed's).
flip() { # PROJECT ID: one byte of capture body ID, in its middle
	python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
data = bytearray(db.execute("SELECT data FROM capture_bodies WHERE id = ?", (sys.argv[2],)).fetchone()[0])
data[len(data) // 2] ^= 0x55
db.execute("UPDATE capture_bodies SET data = ? WHERE id = ?", (bytes(data), sys.argv[2]))
db.commit()
PY
}
ok "verify: the archive is whole" storied verify
contains "the captured bodies are checked too" "$out" "211 captured HTTP bodies their SHA-1"
ok "export warc" storied export warc good.warc
cp good.warc kept.warc
id=$(sql "SELECT min(id) FROM capture_bodies WHERE codec = 'none'")
sha1=$(sql "SELECT sha1 FROM capture_bodies WHERE id = $id")
url=$(sql "SELECT url FROM captures WHERE response_body = '$sha1' ORDER BY id LIMIT 1")
cid=$(sql "SELECT id FROM captures WHERE response_body = '$sha1' ORDER BY id LIMIT 1")
flip "$STORIED_PROJECT" "$id"
expect 1 "verify: a damaged body (stored as it came) is a problem" storied verify
contains "named, as a damaged file is" "$out" "captured body $sha1: its bytes hash to "
contains "and said to be damaged" "$out" "(altered or damaged)"
same "one line on stdout" "$(printf '%s\n' "$out" | wc -l)" 1
contains "the summary says the archive is not whole" "$errout" "1 problem: the archive is not whole"
expect 1 "export warc refuses a body that does not hash to its digest" storied export warc good.warc
one_line "in one line" "$errout"
contains "naming the exchange" "$errout" "capture $cid ($url): the response body is damaged"
same "the file there is left as it was" "$(cmp good.warc kept.warc && echo same)" same
expect 1 "to a new file: refused too" storied export warc bad.warc.gz
same "nothing written, not even a temporary file" "$(ls | grep -c 'bad\.warc')" 0

P=feed.sqlite
ok "verify: the feed project is whole" storied -p $P verify
id=$(PROJECT=$P sql "SELECT id FROM capture_bodies WHERE codec = 'zstd'")
sha1=$(PROJECT=$P sql "SELECT sha1 FROM capture_bodies WHERE id = $id")
flip "$P" "$id"
expect 1 "verify: a damaged zstd body is a problem" storied -p $P verify
contains "named" "$out" "captured body $sha1: "
expect 1 "export warc refuses it" storied -p $P export warc feed.warc
one_line "in one line" "$errout"
contains "naming the exchange" "$errout" "capture 1 ($FEED): the response body is damaged"
same "nothing written" "$(ls | grep -c 'feed\.warc')" 0
cut_short() { # PROJECT ID: capture body ID without its last 8 bytes
	python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
data = db.execute("SELECT data FROM capture_bodies WHERE id = ?", (sys.argv[2],)).fetchone()[0]
db.execute("UPDATE capture_bodies SET data = ? WHERE id = ?", (data[:-8], sys.argv[2]))
db.commit()
PY
}
cut_short "$P" "$id"
expect 1 "verify: a zstd body cut short is a problem" storied -p $P verify
contains "said so" "$out" "captured body $sha1: cut short in the middle of its zstd frame (altered or damaged)"
expect 1 "export warc refuses it" storied -p $P export warc feed.warc
contains "naming the exchange" "$errout" "capture 1 ($FEED): the captured body $sha1 is damaged"
