# collect.sh - collect: local samples, a fixture HTTP server, every failure
# mode, conditional requests, edits, concurrency limits and a kill -9.
. "$TOP/tests/lib.sh"

# Count of what a scenario should store, as SQL.
posts() { sql "SELECT count(*) FROM posts"; }

# --- The samples: five formats, overlapping, in and out of the window. ---
PROJECT=samples.sqlite
export STORIED_PROJECT="$WORK/samples.sqlite"
ok "init the sample project" storied init --title "NOSD 2026" --tag nosd26 --tag nosd2026 \
	--since 2026-03-14 --until 2026-03-16 --timezone Europe/Oslo
ok "add the samples" storied source add "$SAMPLES/social.example-nosd26.rss" \
	"$SAMPLES/fedi.example-nosd2026.rss" "$SAMPLES/blog.example.atom" \
	"$SAMPLES/radio.example.json" "$SAMPLES/planet.example.rdf"
ok "collect the samples" storied collect
same "the samples' matching posts, each once" "$(posts)" "16"
contains "a summary line a source" "$out" "source 5 ($SAMPLES/planet.example.rdf): rdf, 5 items, 2 new"
contains "the total" "$out" "collected 5 sources: 16 new posts, 0 updated"
contains "overlap is not new twice" "$out" "source 2 ($SAMPLES/fedi.example-nosd2026.rss): rss, 6 items, 3 new"
contains "an unreadable date is said" "$out" "1 with an unreadable date (not kept: the project has a window)"
lacks "no progress when stderr is not a terminal" "$errout" "collecting:"
same "the window is read in the project's zone" \
	"$(sql "SELECT count(*) FROM posts WHERE permalink LIKE '%dmitri%' OR permalink LIKE '%kari%'")" "1"
same "#nosd26x is not #nosd26" "$(sql "SELECT count(*) FROM posts WHERE permalink LIKE '%mette%'")" "0"
same "a post from two servers has both sources" \
	"$(sql "SELECT count(*) FROM post_sources ps JOIN posts p ON p.id = ps.post_id WHERE p.permalink = 'https://social.example/@alice/116200000000000001'")" "2"
same "post tags are normalised" \
	"$(sql "SELECT group_concat(tag, ' ') FROM (SELECT tag FROM post_tags pt JOIN posts p ON p.id = pt.post_id WHERE p.permalink LIKE '%jonas%' ORDER BY tag)")" \
	"nosd2026 reproduciblebuilds"
same "media alt text kept" "$(sql "SELECT count(*) FROM media WHERE alt LIKE 'A queue of people%'")" "1"
same "the full-text index finds posts" "$(sql "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'waffles'")" "1"
same "search index in step" "$(sql "INSERT INTO posts_fts(posts_fts) VALUES ('integrity-check'); SELECT 'ok'")" "ok"
ok "collect the samples again" storied collect
contains "nothing new the second time" "$out" "collected 5 sources: 0 new posts, 0 updated"
same "still each post once" "$(posts)" "16"
ok "source list after collect" storied source list
contains "source list shows the last fetch" "$out" "rdf, 5 items, 0 new, 0 updated"

# A project without a window keeps undated items; without tags, everything.
PROJECT=all.sqlite
export STORIED_PROJECT="$WORK/all.sqlite"
ok "init a project without tags or window" storied init
ok "add the samples" storied source add "$SAMPLES/social.example-nosd26.rss" \
	"$SAMPLES/fedi.example-nosd2026.rss" "$SAMPLES/blog.example.atom" \
	"$SAMPLES/radio.example.json" "$SAMPLES/planet.example.rdf"
ok "collect everything" storied collect
same "every item, overlaps once" "$(posts)" "24"
contains "undated kept without a window" "$out" "1 with an unreadable date (1 kept: the project has no window)"

# --- Over HTTP. ---
mkdir srv
cp "$SAMPLES"/*.rss "$SAMPLES"/*.atom "$SAMPLES"/*.json "$SAMPLES"/*.rdf srv/
printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title>\n<item><title>cut short\n' >srv/broken.xml
# Broken after an item: read as far as it goes, and said.
printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title>\n<item><guid>https://x.example/1</guid><title>whole #nosd26</title></item>\n<item><title>cut\n' >srv/recovered.xml
start_server "$WORK/srv"
REQ="$WORK/.requests"
PROJECT=http.sqlite
export STORIED_PROJECT="$WORK/http.sqlite"
ok "init the HTTP project" storied init --tag nosd26 --tag nosd2026 --since 2026-03-14 \
	--until 2026-03-16 --timezone Europe/Oslo
ok "add HTTP sources" storied source add "$BASE/social.example-nosd26.rss" \
	"$BASE/_/gzip/fedi.example-nosd2026.rss" "$BASE/blog.example.atom"
ok "collect over HTTP" storied collect -q
same "overlapping sources store each post once" "$(posts)" "11"
contains "User-Agent names storied and its version" "$(cat "$REQ")" \
	'user-agent="storied/0.1.0 (hashtag story collector)"'
contains "gzip and deflate are accepted" "$(cat "$REQ")" 'accept-encoding="gzip, deflate"'
lacks "the first fetch is unconditional" "$(cat "$REQ")" "if-none-match"
same "validators stored" "$(sql "SELECT count(*) FROM sources WHERE etag LIKE '\"%' AND last_modified LIKE '%GMT'")" "3"
: >"$REQ"
ok "second collect" storied collect
contains "second collect: not modified" "$out" "source 1 ($BASE/social.example-nosd26.rss): not modified"
contains "second collect adds nothing" "$out" "0 new posts, 0 updated"
same "three conditional requests" "$(grep -c 'if-none-match=""' "$REQ")" "3"
same "If-Modified-Since sent too" "$(grep -c 'if-modified-since=' "$REQ")" "3"
same "304 logged" "$(sql "SELECT last_status FROM sources WHERE id = 1")" "304"
same "a 304 keeps the format" "$(sql "SELECT last_format FROM sources WHERE id = 1")" "rss"

# An edited post: updated in place, counted, re-indexed.
sed 's/Brown cheese on waffles is a revelation/Brown cheese on pancakes is a revelation/' \
	"$SAMPLES/social.example-nosd26.rss" >srv/social.example-nosd26.rss
ok "collect after an edit" storied collect
contains "the edit is counted" "$out" "source 1 ($BASE/social.example-nosd26.rss): rss, 7 items, 0 new, 1 updated"
same "the edit is in place" "$(sql "SELECT count(*) FROM posts WHERE content_text LIKE '%pancakes%'")|$(posts)" "1|11"
same "changed_at is set" "$(sql "SELECT count(*) FROM posts WHERE changed_at IS NOT NULL")" "1"
same "the index has the new words" "$(sql "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'pancakes'")" "1"
same "and not the old" "$(sql "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'waffles'")" "0"
same "index integrity after the edit" "$(sql "INSERT INTO posts_fts(posts_fts) VALUES ('integrity-check'); SELECT 'ok'")" "ok"
ok "collect again after the edit" storied collect
contains "an edit counts once" "$out" "0 new posts, 0 updated"

# --- Failures: one line each, naming the source and the reason. ---
PROJECT=fail.sqlite
export STORIED_PROJECT="$WORK/fail.sqlite"
ok "init the failure project" storied init
fail_case() { # NAME PATH REASON [collect options...]
	name=$1 path=$2 reason=$3
	shift 3
	rm -f "$WORK/fail.sqlite"*
	storied init >/dev/null 2>&1
	storied source add "$BASE/$path" >/dev/null
	expect 1 "$name: exit 1 when the only source fails" storied collect "$@"
	one_line "$name: one line" "$errout"
	contains "$name: names the source and the reason" "$errout" \
		"storied: collect: source 1 ($BASE/$path): $reason"
	same "$name: the failure is logged" "$(sql "SELECT count(*) FROM sources WHERE last_error IS NOT NULL")" "1"
}
fail_case "404" "_/status/404" "HTTP 404"
fail_case "500" "_/status/500" "HTTP 500"
fail_case "not a feed" "_/html" "not a feed"
fail_case "XML error" "broken.xml" "XML error at line 4, column 1"
fail_case "too many redirects" "_/redirect/6/social.example-nosd26.rss" "too many redirects (more than 5)"
fail_case "redirect to file://" "_/location?file:///etc/passwd" \
	"redirect to file:///etc/passwd refused (only http and https)"
fail_case "too large" "_/huge/3000000" "too large (more than 1048576 bytes" --max-size 1M
fail_case "too large, with Content-Length" "_/huge-cl/3000000" "too large (more than 1048576 bytes" --max-size 1M
fail_case "timeout" "_/delay/3000/social.example-nosd26.rss" "timeout: " --timeout 1
fail_case "stall" "_/stall/social.example-nosd26.rss" "timeout: Operation too slow" --stall-timeout 1
fail_case "long Retry-After" "_/busy/503/1/3600/social.example-nosd26.rss" \
	"HTTP 503 (Retry-After 3600 s is longer than 60 s)"
fail_case "429 retried a bounded number of times" "_/busy/429/9/0/blog.example.atom" \
	"HTTP 429 (after 2 retries)"
same "429: one try and two retries" "$(grep -c '/_/busy/429/9/0/blog' "$REQ")" "3"
# A 429 with a short Retry-After is waited out, then works.
rm -f "$WORK/fail.sqlite"*
storied init >/dev/null 2>&1
storied source add "$BASE/_/busy/429/1/1/radio.example.json" >/dev/null
ok "429 with Retry-After is retried" storied collect
contains "429 then success" "$out" "jsonfeed, 4 items, 4 new"
same "429: retried once" "$(grep -c '/_/busy/429/1/1/radio' "$REQ")" "2"
ok "redirects within the limit are followed" storied source add "$BASE/_/redirect/5/planet.example.rdf"
ok "collect through five redirects" storied collect
contains "five redirects" "$out" "rdf, 5 items, 5 new"

rm -f "$WORK/fail.sqlite"*
storied init >/dev/null 2>&1
storied source add "$BASE/recovered.xml" >/dev/null
ok "a feed broken after an item is read" storied collect
contains "what could be read is stored, and the breakage said" "$out" \
	"rss, 1 items, 1 new, 0 updated, 1 with an unreadable date (1 kept: the project has no window), broken XML read as far as it goes"

# Partial: exit 3 with the others stored; all broken: exit 1, nothing changed.
rm -f "$WORK/fail.sqlite"*
storied init --tag nosd26 >/dev/null 2>&1
storied source add "$BASE/social.example-nosd26.rss" "$BASE/_/status/404" "$BASE/planet.example.rdf" >/dev/null
expect 3 "a broken source: exit 3" storied collect
contains "the broken one is named" "$errout" "source 2 ($BASE/_/status/404): HTTP 404"
contains "the total says how many failed" "$out" "collected 3 sources (1 failed)"
same "the others are stored" "$(posts)" "10"
sql "UPDATE sources SET url = url || '-gone' WHERE id <> 2"
before=$(sql "SELECT count(*) FROM posts")
expect 1 "all broken: exit 1" storied collect
same "all broken: posts untouched" "$(posts)" "$before"

# --- Concurrency: --jobs and at most 2 at once to one host. ---
rm -f "$WORK/fail.sqlite"*
storied init >/dev/null 2>&1
for i in 1 2 3 4 5 6; do
	storied source add "$BASE/_/delay/700/social.example-nosd26.rss?$i" >/dev/null
done
: >"$REQ"
ok "six slow sources on one host" storied collect --jobs 8
max=$(sed -n 's/.* inflight=\([0-9]*\).*/\1/p' "$REQ" | sort -n | tail -1)
same "one host: at most 2 at once" "$([ "$max" -le 2 ] && echo yes)" "yes"
same "one host: in parallel" "$max" "2"
rm -f "$WORK/fail.sqlite"*
storied init >/dev/null 2>&1
for h in a b c d e f; do
	storied source add "http://$h.localhost:$PORT/_/delay/700/social.example-nosd26.rss" >/dev/null
done
: >"$REQ"
ok "six slow sources on six hosts, --jobs 3" storied collect --jobs 3
max=$(sed -n 's/.* inflight=\([0-9]*\).*/\1/p' "$REQ" | sort -n | tail -1)
same "--jobs bounds the transfers at once" "$max" "3"

# --- Progress on a terminal only. ---
if script -qec true /dev/null >/dev/null 2>&1; then
	script -qec "$STORIED -p $WORK/fail.sqlite collect" /dev/null >tty.out 2>&1
	contains "progress on a terminal" "$(cat tty.out)" "collecting: 6/6 sources"
	script -qec "$STORIED -p $WORK/fail.sqlite collect -q" /dev/null >tty.out 2>&1
	lacks "-q: no progress" "$(cat tty.out)" "collecting:"
fi

expect 2 "--jobs 0 is a usage error" storied collect --jobs 0
expect 2 "--max-size must be a size" storied collect --max-size lots
PROJECT=empty.sqlite
export STORIED_PROJECT="$WORK/empty.sqlite"
storied init >/dev/null 2>&1
expect 1 "no sources: exit 1" storied collect
contains "no sources: says how to add one" "$errout" "storied source add"

# --- kill -9 mid-run loses nothing stored and leaves no half-stored source. ---
# Each source is stored in its own transaction; the test build stops just
# before or just after the third one commits (include/testhook.h).
need_hooks
PROJECT=kill.sqlite
export STORIED_PROJECT="$WORK/kill.sqlite"
storied init >/dev/null 2>&1
for i in 1 2 3 4 5 6; do
	python3 "$TOP/tests/tools/genfeed.py" rss 4000 "big$i.rss" --server "s$i.example" --id-base $((i * 100000))
	storied source add "big$i.rss" >/dev/null
done
storied source add "$SAMPLES/social.example-nosd26.rss" >/dev/null
stored_sources() { sql "SELECT count(*) FROM sources s WHERE EXISTS (SELECT 1 FROM post_sources WHERE source_id = s.id)"; }
whole_sources() {
	same "killed: the file is whole" "$(sql 'PRAGMA integrity_check')" "ok"
	same "killed: each source all or nothing" \
		"$(sql "SELECT count(*) FROM sources s WHERE (SELECT count(*) FROM post_sources WHERE source_id = s.id) NOT IN (0, CASE WHEN s.id = 7 THEN 7 ELSE 4000 END)")" "0"
	same "killed: a source with posts has its fetch logged" \
		"$(sql "SELECT count(*) FROM sources s WHERE last_fetch_at IS NULL AND EXISTS (SELECT 1 FROM post_sources WHERE source_id = s.id)")" "0"
}
cp kill.sqlite kill-empty.sqlite
kill_at "before-commit#3" "$HOOKED" collect -q
same "killed before the third commit: two sources stored" "$(stored_sources)" 2
whole_sources
rm -f kill.sqlite-wal kill.sqlite-shm
cp kill-empty.sqlite kill.sqlite
kill_at "after-commit#3" "$HOOKED" collect -q
same "killed after the third commit: three sources stored" "$(stored_sources)" 3
whole_sources
# Big feeds are stored while their parse ends: killed in the middle of
# storing the first one, nothing of it is left.
rm -f kill.sqlite-wal kill.sqlite-shm
cp kill.sqlite kill-three.sqlite
cp kill-empty.sqlite kill.sqlite
kill_at "collect-stored#2000" "$HOOKED" collect -q
same "killed while the first feed is stored: it stopped there" "$(cut -d' ' -f1 "$WORK/.hook" 2>/dev/null)" "collect-stored"
same "killed while the first feed is stored: nothing stored" "$(stored_sources)" 0
whole_sources
rm -f kill.sqlite-wal kill.sqlite-shm
cp kill-three.sqlite kill.sqlite
stored=$(posts)
ok "collect after a kill" storied collect
same "after a kill: everything" "$(posts)" "24007"
same "after a kill: nothing lost" "$([ "$(posts)" -ge "$stored" ] && echo yes)" "yes"
same "index integrity after a kill" "$(sql "INSERT INTO posts_fts(posts_fts) VALUES ('integrity-check'); SELECT 'ok'")" "ok"

# A feed is parsed before its transaction begins: a collect stopped in the
# middle of a big feed's parse holds no lock, and curate writes in another
# terminal go through at once (before, they waited out the busy timeout).
PROJECT=slowparse.sqlite
export STORIED_PROJECT="$WORK/slowparse.sqlite"
storied init >/dev/null 2>&1
storied source add big1.rss >/dev/null
stop_at "collect-parsing#100" "$WORK/.slow.out" "$HOOKED" collect -q
slow=$STOPPED
same "the collect stopped in the middle of the parse" "$(cut -d' ' -f1 "$WORK/.hook" 2>/dev/null)" "collect-parsing"
fails=0
for i in $(seq 50); do
	timeout 10 "$STORIED" note "while the feed is read $i" >/dev/null 2>&1 || fails=$((fails + 1))
done
same "50 notes while a feed is parsed all succeed" "$fails" 0
kill -CONT $slow 2>/dev/null
wait $slow
same "the collect then finishes" "$?" 0
same "and stores the whole feed" "$(posts)" "4000"
same "and the notes are all there" "$(sql "SELECT count(*) FROM story_items WHERE kind = 'note'")" 50
# A feed whose kept posts pass what is held in memory is stored while it
# is parsed, the parse waiting for the store: the same posts, nothing twice.
PROJECT=held.sqlite
export STORIED_PROJECT="$WORK/held.sqlite"
storied init >/dev/null 2>&1
storied source add big2.rss >/dev/null
STORIED_TEST_HELD_MAX=100000 ok "a feed past the memory bound" "$HOOKED" collect
contains "past the bound: the summary counts each item once" "$out" "rss, 4000 items, 4000 new"
same "past the bound: the whole feed stored" "$(posts)" "4000"
same "past the bound: each post from its one source" "$(sql "SELECT count(*) FROM post_sources")" "4000"

# A big feed is stored while its parse ends; a parse that fails after the
# storing began (a JSON feed cut short) stores nothing of it.
PROJECT=latefail.sqlite
export STORIED_PROJECT="$WORK/latefail.sqlite"
storied init >/dev/null 2>&1
python3 - <<'PY'
import json
items = [{"id": "https://s.example/@u/%d" % i, "url": "https://s.example/@u/%d" % i,
          "content_html": "<p>post %d %s #nosd26</p>" % (i, "words " * 40),
          "date_published": "2026-03-14T10:00:00Z"} for i in range(5000)]
s = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": items})
open("cut.json", "w").write(s[:-3] + ', {"id": ')
PY
storied source add cut.json >/dev/null
stop_at "collect-stored#100" "$WORK/.cut.out" "$HOOKED" collect -q
cut=$STOPPED
same "the storing began while the feed was parsed" "$(cut -d' ' -f1 "$WORK/.hook" 2>/dev/null)" "collect-stored"
kill -CONT $cut 2>/dev/null
wait $cut
same "the cut feed fails: exit 1" "$?" 1
contains "and says why" "$(cat "$WORK/.cut.out")" "JSON error at line 1"
same "nothing of it is stored" "$(posts)" 0
same "the project is whole" "$(sql 'PRAGMA integrity_check')" ok

# source list shows what the last fetch did, failures included.
PROJECT=list.sqlite
export STORIED_PROJECT="$WORK/list.sqlite"
storied init >/dev/null 2>&1
storied source add "$BASE/_/status/404" "$BASE/planet.example.rdf" >/dev/null
storied collect >/dev/null 2>&1
storied collect >/dev/null 2>&1
ok "source list after fetches" storied source list
contains "a failure is listed once" "$out" ": failed: HTTP 404"
lacks "no repeated status" "$out" "HTTP 404: failed"
contains "a 304 is listed" "$out" "HTTP 304: not modified"
ok "source list --json after fetches" storied source list --json
contains "json: the status" "$out" '"status": 404'
contains "json: the error" "$out" '"error": "HTTP 404"'

# --- one item with 5,000 categories and 3,000 #tags: capped, counted, linear ---
python3 - "$WORK/many-tags.rss" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item>'
            '<guid>https://many.example/1</guid><pubDate>Sat, 14 Mar 2026 09:00:00 GMT</pubDate>'
            '<description>#many ' + " ".join("#t%d" % i for i in range(3000)) + '</description>'
            + "".join("<category>c%d</category>" % i for i in range(5000)) + '</item></channel></rss>')
PY
ok "many tags: project" storied -p many.sqlite init --tag many
ok "many tags: source" storied -p many.sqlite source add "$WORK/many-tags.rss"
ok "an item with 8,000 tags is collected" storied -p many.sqlite collect
contains "the dropped tags are counted" "$out" "tags dropped (at most 1000 on one post)"
same "at most 1000 tags stored for it" "$(PROJECT=many.sqlite sql "SELECT count(*) FROM post_tags")" 1000
