# import.sh - `storied import`: Storify stories into the story, Mastodon
# archives with their media, twarc lines, the project's tags and window,
# --all, and bad or truncated files that leave nothing half-stored.
. "$TOP/tests/lib.sh"

I="$FIXTURES/import"
posts() { sql "SELECT count(*) FROM posts"; }

ok "init" storied init --title "NOSD 2026" --tag nosd26 --since 2026-03-14 --until 2026-03-16
expect 2 "no file is a usage error" storied import
expect 2 "unknown format" storied import --format csv "$I/storify.json"

# --- Storify: posts and notes in the story's order ---
ok "import a Storify story" storied import "$I/storify.json"
contains "summary" "$out" "storify, 4 items, 4 new"
contains "story summary" "$out" "story: 6 items added (2 notes)"
same "story order: notes and posts as in the story" \
	"$(sql "SELECT kind || ':' || coalesce((SELECT permalink FROM posts WHERE id = post_id), substr(body, 1, 12)) FROM story_items ORDER BY position")" \
	"note:The day open
post:https://twitter.com/sofia_h/status/1768290000000000001
post:https://photos.example/nosd26/hall-a
note:### Afternoo
post:https://blog.example/2026/03/nosd26-notes
post:https://video.example/watch/nosd26-keynote"
same "a text block is a Markdown note" "$(sql "SELECT body FROM story_items ORDER BY position LIMIT 1")" \
	"The day opened with **coffee** and a [packed schedule](https://nosd.example/2026).

Here is how it went."
same "the file is the posts' source" "$(sql "SELECT kind || ' ' || name FROM sources")" "import storify.json"
same "raw format" "$(sql "SELECT DISTINCT raw_format FROM posts")" "storify"
ok "import it again" storied import "$I/storify.json"
contains "nothing new" "$out" "0 new"
same "nothing doubled in the story" "$(sql "SELECT count(*) FROM story_items")" 6
expect 1 "collect leaves imported files alone" storied collect
contains "nothing to collect" "$errout" "no sources to collect"

# --- Mastodon archive: tags, window, media ---
ok "import a Mastodon archive" storied import "$I/mastodon-archive.tar.gz"
contains "two of three in the window" "$out" "3 items, 2 new, 0 updated, 1 outside the window"
contains "media kept" "$out" "1 media files kept"
same "media bytes kept as a blob, keyed by their hash" \
	"$(sql "SELECT b.size || ' ' || b.type || ' ' || m.sha256 || ' ' || m.status || ' ' || alt FROM media m JOIN blobs b USING (sha256)")" \
	"77 image/png 9187103533cebe3fe2b26f322c408a488c6c206584bdc3deb5331cf01c725ba8 archived A train window with snow outside"
same "the CW kept" "$(sql "SELECT content_warning FROM posts WHERE guid LIKE '%112030000000000203'")" \
	"conference food"
same "archive posts are not placed" "$(sql "SELECT count(*) FROM story_items")" 6
ok "outbox.json alone, --all" storied import --all "$I/mastodon-archive/outbox.json"
contains "the post outside the window kept with --all" "$out" "1 new"

# --- twarc: v1.1 and v2, a retweet once ---
ok "import twarc lines" storied import "$I/twarc-v1.jsonl" "$I/twarc-v2.jsonl"
contains "v1.1: retweet stored as its original, the untagged line dropped" "$out" \
	"twarc-v1.jsonl: twarc, 3 items, 1 new, 0 updated, 1 without a project tag"
contains "v2" "$out" "twarc-v2.jsonl: twarc, 3 items, 3 new"
same "expanded link, decoded text" \
	"$(sql "SELECT content_text FROM posts WHERE permalink = 'https://twitter.com/sofia_h/status/1768290000000000101'")" \
	"Great talk on <open maps> & data at #nosd26 https://maps.example/talk"
before=$(posts)

# --- bad files: named where reading stopped, nothing half-stored ---
expect 1 "a broken twarc line fails" storied import "$I/bad-twarc.jsonl"
one_line "one line" "$errout"
contains "names the file and line" "$errout" "bad-twarc.jsonl: line 2: JSON error"
same "nothing of it stored" "$(posts)" "$before"
same "no source left for it" "$(sql "SELECT count(*) FROM sources WHERE url LIKE '%bad-twarc%'")" 0
expect 1 "a bad Storify element fails" storied --project "$STORIED_PROJECT" import --all "$I/bad-storify.json"
contains "names the element" "$errout" "element 2: not an object"
same "not even its good first element" "$(posts)" "$before"
head -c 700 "$I/mastodon-archive.tar.gz" >cut.tar.gz
expect 1 "a truncated archive fails" storied import --all cut.tar.gz
contains "says the archive is cut" "$errout" "cut.tar.gz: "
same "nothing of it stored" "$(posts)" "$before"
printf 'hello\n' >notes.txt
expect 3 "one bad file among good ones: exit 3" storied import notes.txt "$I/twarc-v2.jsonl"
contains "the bad one named" "$errout" "notes.txt: not a Storify story, Mastodon archive, twarc file or feed"
expect 1 "a missing file" storied import nothere.json
contains "says so" "$errout" "nothere.json: No such file"

# --- any feed file, JSON Feed first ---
ok "a JSON Feed file" storied import "$SAMPLES/radio.example.json"
contains "read as a feed" "$out" "radio.example.json: jsonfeed,"
same "stored with its format" "$(sql "SELECT count(*) > 0 FROM posts WHERE raw_format = 'jsonfeed'")" 1
ok "an Atom file" storied import --format jsonfeed "$SAMPLES/blog.example.atom"
same "stored as atom" "$(sql "SELECT count(*) > 0 FROM posts WHERE raw_format = 'atom'")" 1

# --- Storify: every text block kept, even twice the same; again adds nothing ---
notes() { sql "SELECT group_concat(body, '|') FROM (SELECT body FROM story_items WHERE kind = 'note' AND body IN ('\* \* \*', 'Morning', 'Evening') ORDER BY position)"; }
ok "a story with two identical separators" storied import "$I/storify-separators.json"
contains "four notes said" "$out" "4 items added (4 notes)"
same "both separators kept, in order" "$(notes)" '\* \* \*|Morning|\* \* \*|Evening'
ok "the same story again" storied import "$I/storify-separators.json"
contains "nothing added" "$out" "0 items added (0 notes)"
same "still four" "$(notes)" '\* \* \*|Morning|\* \* \*|Evening'

# --- an archive's attachment without mediaType (it crashed: every field is optional) ---
ok "an attachment with no mediaType" storied import --all "$I/mastodon-no-mediatype.tar.gz"
contains "read" "$out" "1 items"
