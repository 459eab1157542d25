# archive_browser.sh - the rendered story stands on its own: opened in
# headless Chromium with every request outside the file aborted
# (tests/tools/offline_browser.js, playwright-core), the standalone page
# asks for nothing and every picture it shows decodes (media of each image
# type, avatars, the link card's image, an inline picture); so does the
# page written with --media-dir, whose files sit beside it. Media that could
# not be archived are placeholders, never a broken <img>. A control page
# rendered with --media remote must be seen asking and showing broken ones.
# The demo page (make demo) passes the same checks.
. "$TOP/tests/lib.sh"

need_playwright

M="$FIXTURES/media"
mkdir site
cp "$M"/* site/
start_server "$WORK/site"
sed "s|@BASE@|$BASE|g" "$M/feed.rss" >site/feed.rss

ok "init" storied init --title "Offline" --tag nosd26
ok "add the feeds" storied source add "$BASE/feed.rss" "$BASE/feed.json"
ok "collect: media, avatars and cards archived" storied collect
ok "place every post" storied add --all
same "what the page can show is archived (images and the card's)" \
	"$(sql "SELECT count(*) FROM media WHERE status = 'archived'") $(sql "SELECT count(*) FROM images WHERE sha256 IS NOT NULL")" \
	"8 2"
ok "render the standalone page" storied render -o story.html

ok "render a page linking the originals (the control)" storied render --media remote -o remote.html
ok "render with the files beside the page" storied render --media-dir site-out/media -o site-out/page.html
kill "$SERVER_PID" 2>/dev/null # nothing to reach even if the page tried

lacks "the standalone page names no server's file in an <img>" \
	"$(grep -o '<img[^>]*src="http[^"]*"' story.html)" "src="
contains "a failed medium is a placeholder with its alt text" "$(cat story.html)" "A photo that is gone"
# Ten pictures: the archived images of the posts (the clip is a <video>),
# big.jpg's preview, the avatar, the card's image, the inline picture.
node "$TOP/tests/tools/offline_browser.js" "$WORK/story.html" "standalone" 10
node "$TOP/tests/tools/offline_browser.js" "$WORK/site-out/page.html" "--media-dir" 10
node "$TOP/tests/tools/offline_browser.js" "$WORK/remote.html" "control (--media remote)" control

# The demo's page (make demo): its photo desk's picture shows offline, and
# the samples' media that could not be archived (no network in tests) are
# placeholders that ask for nothing.
ok "the demo runs" env DEMO_DIR="$WORK/demo" STORIED_PROJECT= sh "$SAMPLES/demo.sh" "$STORIED"
node "$TOP/tests/tools/offline_browser.js" "$WORK/demo/story.html" "demo" 1
