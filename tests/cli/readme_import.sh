# readme_import.sh - the README's "Reconstructing an event after the fact"
# runs as written: every `storied` command it shows, in order, with the
# example servers pointed at the fixture server and the example files
# being the import fixtures; the Storify story then renders in its order.
. "$TOP/tests/lib.sh"

cp -R "$FIXTURES/import/server" "$WORK/srv"
cp "$WORK/srv/mastodon/nosd26.json" "$WORK/srv/mastodon/nosd2026.json"
start_server "$WORK/srv"
export STORIED_BSKY_SERVICE="$BASE" STORIED_BSKY_HANDLE=archivist.example.org \
	STORIED_BSKY_APP_PASSWORD=abcd-efgh-ijkl-mnop STORIED_NOW=1773800000
unset STORIED_MASTODON_TOKEN
I="$FIXTURES/import"
cp "$I/storify.json" nosd26-day-one.json
cp "$I/mastodon-archive.tar.gz" archive-ingrid.tar.gz
cp "$I/twarc-v1.jsonl" tweets.jsonl
cp "$I/twarc-v2.jsonl" tweets-v2.jsonl

section=$(sed -n '/^## Reconstructing an event after the fact/,/^## Curating the story/p' "$TOP/README.md")
[ -n "$section" ] && pass "README has the section" || fail "README has the section"
printf '%s\n' "$section" | sed -n 's/^    storied //p' >commands.txt
same "README shows the commands" "$(wc -l <commands.txt | tr -d ' ')" 9
while IFS= read -r line; do
	line=$(printf '%s' "$line" | sed "s|https://social.example|$BASE|g")
	eval "set -- $line"
	ok "README: storied $line" storied "$@"
done <commands.txt

same "Mastodon, Bluesky and archive posts all there" \
	"$(sql "SELECT group_concat(raw_format, ' ') FROM (SELECT DISTINCT raw_format FROM posts ORDER BY 1)")" \
	"bluesky mastodon mastodon-archive storify twarc"
same "the API sources paged back to the window" \
	"$(sql "SELECT count(*) FROM posts WHERE raw_format = 'mastodon' AND published < strftime('%s', '2026-03-14')")" 0
[ -s story.html ] && pass "story.html written" || fail "story.html written"
python3 - story.html <<'PY' && pass "the Storify story renders in its order" || fail "the Storify story renders in its order"
import sys
html = open(sys.argv[1], encoding="utf-8").read()
marks = ["The day opened with", "Doors open at #nosd26", "Hall A before the keynote",
         "Afternoon", "Everything I learnt about open maps", "The full keynote."]
at = [html.find(m) for m in marks]
assert all(a >= 0 for a in at) and at == sorted(at), at
PY
contains "the note's link is a link" "$(cat story.html)" 'href="https://nosd.example/2026"'
