# serve_browser.sh - the editor of `storied serve` in headless Chromium,
# driven by tests/tools/serve_browser.js (playwright-core from
# tests/package.json, installed by make deps): search, drag a post into the
# story, drag to reorder, keyboard-only add / move / remove, edit a caption,
# add a heading and a note, hide, undo and redo, a reload, a concurrent
# command-line move, and the hostile corpus shown in both panes running no
# script; on a phone, a finger (touch events) drags a post into the story
# and an item within it by their grips, and scrolls the page at the edge;
# two tabs editing one note, drafts kept, focus after Hide and Remove,
# buttons that say which post, contrast, the Download menu; what a change
# did (or why it failed) shown at the foot of a phone or desktop screen
# scrolled far down, taking no focus.
# Screenshots land in $SHOT_DIR when it is set.
. "$TOP/tests/lib.sh"

need_playwright

# serve_on PROJECT: starts the editor on it; sets SPID and URL.
serve_on() { STORIED_PROJECT=$1 start_serve; }

# The demo project: the bundled samples, collected.
ok "init" storied init --title "Nordic Open Source Days 2026" --tag nosd26 --tag nosd2026 \
	--since 2026-03-14 --until 2026-03-16 --timezone Europe/Oslo
ok "sources" storied source add "$SAMPLES/social.example-nosd26.rss" "$SAMPLES/fedi.example-nosd2026.rss" \
	"$SAMPLES/blog.example.atom" "$SAMPLES/radio.example.json" "$SAMPLES/planet.example.rdf"
ok "collect" storied -q collect
serve_on "$STORIED_PROJECT"
node "$TOP/tests/tools/serve_browser.js" edit "$URL" "$STORIED" "$STORIED_PROJECT" "${SHOT_DIR:-}"
kill -TERM $SPID
wait $SPID
same "the editor stops with exit 0" "$?" 0

# Two tabs, drafts, keyboard focus, names, contrast, the Download menu, words.
serve_on "$STORIED_PROJECT"
node "$TOP/tests/tools/serve_browser.js" safety "$URL" "$STORIED" "$STORIED_PROJECT" "${SHOT_DIR:-}"
kill -TERM $SPID
wait $SPID

# The hostile corpus (tests/tools/hostile_project), in both panes.
tool="${UNIT_DIR:-}/tools/hostile_project"
if [ -x "$tool" ]; then
	ok "init the hostile project" storied -p hostile.sqlite init --title placeholder
	"$tool" "$TOP/tests/fixtures/sanitize" >hostile.sql
	ok "hostile project loads" sqlite3 -batch hostile.sqlite ".read hostile.sql"
	serve_on "$WORK/hostile.sqlite"
	node "$TOP/tests/tools/serve_browser.js" hostile "$URL" "$STORIED" "$WORK/hostile.sqlite"
	kill -TERM $SPID
	wait $SPID
else
	fail "hostile_project tool built" "not found: $tool"
fi
