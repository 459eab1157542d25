# demo.sh - `make demo` as the README shows it: the samples collected,
# curated through a storyboard and rendered, ending with the page's path.
. "$TOP/tests/lib.sh"

ok "demo runs" env DEMO_DIR="$WORK/demo" sh "$SAMPLES/demo.sh" "$STORIED"
demo_out=$out
last=$(printf '%s\n' "$out" | tail -n 1)
same "demo ends with the rendered story's path" "$last" "rendered: $WORK/demo/story.html"
[ -s "$WORK/demo/story.html" ] && pass "the page exists" || fail "the page exists"
export STORIED_PROJECT="$WORK/demo/story.sqlite"
same "17 matching posts of 27 items" "$(sql 'SELECT count(*) FROM posts')" 17
same "every post placed, a note and two headings" \
	"$(sql "SELECT kind, count(*) FROM story_items GROUP BY kind ORDER BY kind")" \
	"$(printf 'heading|2\nnote|1\npost|17')"
ok "show" storied show
contains "the story opens with the note" "$(printf '%s\n' "$out" | sed -n 2p)" "note"
contains "day headings" "$out" "## Sunday, 15 March"
page=$(cat "$WORK/demo/story.html")
contains "page title" "$page" "<title>Nordic Open Source Days 2026</title>"
contains "page has the caption" "$page" "<em>thank you</em> to the volunteers"
contains "page has the day heading" "$page" "Saturday, 14 March</h2>"
same "the photo desk's picture is archived from beside its feed" \
	"$(sql "SELECT m.status || ' ' || b.type || ' ' || b.size FROM media m JOIN blobs b USING (sha256) WHERE m.url = 'media/bryggen-dusk.png'")" \
	"archived image/png $(stat -c %s "$SAMPLES/media/bryggen-dusk.png")"
contains "and the page shows it from itself" "$page" "src=\"data:image/png;base64,$(head -c 48 "$SAMPLES/media/bryggen-dusk.png" | base64 -w0 | cut -c1-60)"
contains "the demo prints the numbers" "$demo_out" "Sat 2026-03-14    11"
contains "the page opens with the chart, after the header" "$(sed -n '/<\/header>/,/st-items/p' "$WORK/demo/story.html")" \
	'<svg class="st-chart st-chart-solid" viewBox="0 0 360 110" role="img"'
same "a chart for each of the two days" "$(grep -c '<svg class="st-chart' "$WORK/demo/story.html")" 2
[ -s "$WORK/demo/story.md" ] && [ -s "$WORK/demo/embed.html" ] && pass "md and embed rendered" ||
	fail "md and embed rendered"
# The Markdown keeps what the posts link to, as the page does.
md=$(cat "$WORK/demo/story.md")
contains "md: a blog post's link" "$md" "> **Update:** Hana has posted [her slides](https://hana.example/a11y-components)."
contains "md: its emphasis" "$md" "Bjørn Haugen's *SQLite in the field* was all war stories"
contains "md: a Mastodon link reading its URL, an autolink" "$md" \
	'Slides from my talk "SQLite in the field": <https://slides.example/sqlite-field> Thanks'
contains "md: hashtags link to their tag" "$md" \
	"[#nosd26](https://social.example/tags/nosd26) [#sqlite](https://social.example/tags/sqlite)"
# The photo desk's picture was read beside its local feed: it has no web
# address, so a render that links the media (md's default) cannot show
# it, and says so with the way to put it in.
P="$WORK/demo/story.sqlite"
run "$STORIED" -p "$P" render --format md -o linked.md
same "md linking the media: exit 0" "$status" 0
contains "says a local file is left out, and how to put it in" "$errout" \
	"1 archived file read beside a local feed has no web address to link, so it is left out: --media-dir DIR or --media data puts it in"
lacks "and does not write a link to nowhere" "$(cat linked.md)" "](media/bryggen-dusk.png)"
run "$STORIED" -p "$P" -q render --format md -o quiet.md
same "-q: no note" "$errout" ""
ok "with --media-dir it is in" storied -p "$P" render --format md -o put/story.md --media-dir put/media
contains "its picture, from the directory" "$(cat put/story.md)" "](media/$(sha256sum "$SAMPLES/media/bryggen-dusk.png" | cut -d' ' -f1).png)"
lacks "and nothing is said" "$errout" "left out"
# A second run starts afresh and gives the same page, byte for byte.
cp "$WORK/demo/story.html" first.html
ok "demo runs again" env DEMO_DIR="$WORK/demo" STORIED_PROJECT= sh "$SAMPLES/demo.sh" "$STORIED"
if cmp -s first.html "$WORK/demo/story.html"; then pass "the demo page is reproducible"; else
	fail "the demo page is reproducible" "$(diff first.html "$WORK/demo/story.html" | head -5)"; fi
