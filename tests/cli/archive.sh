# archive.sh - the archive: collect keeps media, avatars and link cards in
# the project (typed from their bytes, over the cap as previews, failures
# on their rows and retried 3 times at most, never in the exit status);
# local feeds' media read beside them only; render embeds what is archived
# (data: URIs, --media-dir files, --media remote); verify; the upgrade of a
# version 1 project.
. "$TOP/tests/lib.sh"

M="$FIXTURES/media"
mkdir site
cp "$M"/*.png "$M"/*.jpg "$M"/*.gif "$M"/*.webp "$M"/*.mp4 "$M"/*.html "$M"/feed.json site/
start_server "$WORK/site"
sed "s|@BASE@|$BASE|g" "$M/feed.rss" >site/feed.rss
sha() { sha256sum "$M/$1" | cut -d' ' -f1; }
gets() { grep -c "^GET /$1 " "$WORK/.requests"; }

ok "init" storied init --title "Archive" --tag nosd26
ok "add the feeds" storied source add "$BASE/feed.rss" "$BASE/feed.json"
ok "collect: media failures leave the exit status 0" storied collect --media-max-size 1K
contains "summary counts archived, already there, failed" "$out" \
	"media: 8 archived, 0 already there, 4 failed (1 over --media-max-size: preview kept); link cards: 1 read, 1 failed"
contains "the first failure is named" "$errout" "first failure:"
same "each media and card fetch is recorded like the sources' (export warc)" \
	"$(sql "SELECT count(*) FROM captures WHERE url IN ('$BASE/red.png', '$BASE/article.html', '$BASE/missing.png') AND source_id IS NULL")" 3
same "with its body" "$(sql "SELECT c.status || ' ' || b.size FROM captures c JOIN capture_bodies b ON b.sha1 = c.response_body WHERE c.url = '$BASE/red.png'")" "200 227"

media() { sql "SELECT status || '|' || coalesce(sha256, '-') || '|' || attempts || '|' || coalesce(error, '') FROM media WHERE url = '$BASE/$1' LIMIT 1"; }
blobtype() { sql "SELECT type || ' ' || size FROM blobs WHERE sha256 = '$1'"; }
same "PNG typed from its bytes" "$(media red.png | cut -d'|' -f1,2)" "archived|$(sha red.png)"
same "PNG blob" "$(blobtype "$(sha red.png)")" "image/png 227"
same "JPEG blob" "$(blobtype "$(sha green.jpg)")" "image/jpeg 340"
same "GIF blob" "$(blobtype "$(sha blue.gif)")" "image/gif 201"
same "WebP blob" "$(blobtype "$(sha tiny.webp)")" "image/webp 120"
same "MP4 blob" "$(blobtype "$(sha clip.mp4)")" "video/mp4 152"
same "an HTML page served as image/png is refused, and why" "$(media error-page.png)" \
	"failed|-|1|not an image, video or audio file (the bytes are text/html; the server said image/png)"
same "no blob holds the HTML page" "$(sql "SELECT count(*) FROM blobs WHERE type NOT LIKE 'image/%' AND type NOT LIKE 'video/%'")" 0
same "a 404 is recorded on its row" "$(media missing.png)" "failed|-|1|HTTP 404"
same "a redirect is followed to the same bytes" "$(media _/redirect/2/green.jpg | cut -d'|' -f1,2)" "archived|$(sha green.jpg)"
same "bytes stored once however many rows use them" \
	"$(sql "SELECT count(*) FROM blobs WHERE sha256 = '$(sha green.jpg)'") $(sql "SELECT count(*) FROM media WHERE sha256 = '$(sha green.jpg)'")" "1 2"
contains "a redirect to a file: URL is refused" "$(media '_/location?file:///etc/passwd')" "refused (only http and https)"
same "over the cap: the preview is kept and the failure says so" \
	"$(sql "SELECT status || '|' || preview_sha256 || '|' || error FROM media WHERE url = '$BASE/big.jpg'")" \
	"preview|$(sha blue.gif)|too large (more than 1024 bytes): the preview is kept"
same "the avatar is archived" "$(sql "SELECT sha256 FROM images WHERE url = '$BASE/blue.gif'")" "$(sha blue.gif)"
same "a link card from Open Graph" \
	"$(sql "SELECT title || '|' || description || '|' || site_name || '|' || image_url || '|' || origin FROM cards WHERE url = '$BASE/article.html'")" \
	"Reproducible builds at NOSD 2026|What the opening talk said about trusting the binaries you run.|Media Example|$BASE/green.jpg|page"
same "mentions and hashtags are not cards" \
	"$(sql "SELECT count(*) FROM post_cards WHERE url LIKE '%social.example%' OR url LIKE '%/tags/%'")" 0
same "a page that fails is recorded" "$(sql "SELECT status || ' ' || error FROM cards WHERE url = '$BASE/_/status/404'")" "failed HTTP 404"
same "the card's image is archived" "$(sql "SELECT sha256 FROM images WHERE url = '$BASE/green.jpg'")" "$(sha green.jpg)"

ok "collect again" storied collect
contains "what was archived is not fetched again" "$out" "media: 0 archived, 7 already there, 3 failed"
same "a failure is retried" "$(media missing.png | cut -d'|' -f3)" 2
ok "collect a third and fourth time" storied collect
ok "collect a fourth time" storied collect
same "three attempts at most" "$(media missing.png | cut -d'|' -f3) $(gets missing.png)" "3 3"
same "an archived file is fetched once" "$(gets red.png)" 1
n=$(wc -l <"$WORK/.requests")
ok "collect --no-media --no-cards" storied collect --no-media --no-cards
lacks "no media line" "$out" "media:"
same "only the feeds were fetched" "$(($(wc -l <"$WORK/.requests") - n))" 2

ok "info counts media and bytes" storied info
contains "info: media" "$out" "media      7 archived, 4 failed, 0 pending (of 11)"
contains "info: archive" "$out" "archive    5 files, 1.0 KB"
ok "info --json" storied info --json
same "info --json: media" "$(printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); m=d["media"]; print(m["total"], m["archived"], m["failed"], m["pending"], d["blobs"])')" "11 7 4 0 5"

# --- render -------------------------------------------------------------------
ok "add the posts" storied add --all
ok "render: html embeds the archive" storied render -o story.html
page=$(cat story.html)
contains "an archived image is a data: URI" "$page" "<img src=\"data:image/png;base64,$(base64 -w0 "$M/red.png")\" alt=\"A red and yellow gradient\">"
contains "an archived video plays from the page" "$page" "<video controls preload=\"metadata\" src=\"data:video/mp4;base64,"
contains "the avatar is archived" "$page" "<img src=\"data:image/gif;base64,$(base64 -w0 "$M/blue.gif")\" alt=\"\" referrerpolicy"
contains "a medium not archived: its alt text in a placeholder, linking to the original" "$page" \
	"<a href=\"$BASE/missing.png\" rel=\"nofollow noopener ugc\" class=\"st-missing-box\"><span class=\"st-missing-label\">Image not archived</span><span class=\"st-missing-alt\">A photo that is gone</span>"
contains "over the cap: the preview shows" "$page" "<img src=\"data:image/gif;base64,$(base64 -w0 "$M/blue.gif")\" alt=\"A large photo\">"
contains "the link card" "$page" "<span class=\"st-card-site\">Media Example</span><span class=\"st-card-title\">Reproducible builds at NOSD 2026</span>"
contains "the card's image archived" "$page" "<a class=\"st-card\" href=\"$BASE/article.html\" rel=\"nofollow noopener ugc\"><img class=\"st-card-image\" src=\"data:image/jpeg;base64,"
contains "an inline picture of the post's HTML is archived too" "$page" \
	"<img src=\"data:image/jpeg;base64,$(base64 -w0 "$M/green.jpg")\" alt=\"An inline picture\" />"
lacks "nothing loads from the network" "$page" "src=\"http"
ok "the page is structurally safe" python3 "$TOP/tests/tools/htmlcheck.py" story.html

ok "render --media remote" storied render --media remote -o remote.html
contains "remote: the original" "$(cat remote.html)" "<img src=\"$BASE/red.png\""
mkdir out md
ok "render --media-dir" storied render -o out/story.html --media-dir out/media
contains "media-dir: a relative, content-addressed link" "$(cat out/story.html)" "<img src=\"media/$(sha red.png).png\""
same "media-dir: the file itself" "$(sha256sum out/media/"$(sha red.png)".png | cut -d' ' -f1)" "$(sha red.png)"
ok "render --media-dir beside" storied render -o page2.html --media-dir files
contains "media-dir: the path from the page" "$(cat page2.html)" "<img src=\"files/$(sha red.png).png\""
ok "md --media-dir" storied render --format md -o md/story.md --media-dir md/img
contains "md: archived images from the directory" "$(cat md/story.md)" "](img/$(sha red.png).png)"
contains "md: the post's inline picture too" "$(cat md/story.md)" "![An inline picture](img/$(sha green.jpg).jpg)"
ok "md defaults to remote" storied render --format md
contains "md: the original" "$out" "]($BASE/red.png)"
contains "md: the inline picture's original" "$out" "![An inline picture]($BASE/green.jpg)"
expect 2 "--media-dir with --media" storied render --media-dir x --media data
# A Jekyll post is served from /YYYY/MM/DD/, not from beside its file:
# --media-url says where the site serves the directory.
mkdir -p jk/_posts
ok "md --media-dir --media-url" storied render --format md --front-matter --for jekyll \
	-o jk/_posts/2026-03-14-story.md --media-dir jk/assets/story --media-url /assets/story/
contains "media-url: the links under the site's path" "$(cat jk/_posts/2026-03-14-story.md)" \
	"](/assets/story/$(sha red.png).png)"
same "media-url: the file in the directory" "$(sha256sum jk/assets/story/"$(sha red.png)".png | cut -d' ' -f1)" "$(sha red.png)"
if command -v jekyll >/dev/null 2>&1; then
	if (cd jk && jekyll build -q -s . -d _site) >jekyll.log 2>&1; then
		pass "jekyll builds the post"
	else
		fail "jekyll builds the post" "$(cat jekyll.log)"
	fi
	page=$(find jk/_site -name 'story.html' | head -n 1)
	contains "jekyll: the picture's link" "$(cat "$page" 2>/dev/null)" "src=\"/assets/story/$(sha red.png).png\""
	same "jekyll: and the site serves it there" "$(ls jk/_site/assets/story/"$(sha red.png)".png 2>/dev/null | wc -l)" 1
else
	echo "# skipped: jekyll is not installed (make deps installs it)"
fi
expect 2 "--media-url needs --media-dir" storied render --format md --media-url /assets
expect 2 "--media-url: no other scheme" storied render --format md --media-dir x --media-url 'javascript:alert(1)'
expect 2 "--media-url: nothing a link cannot hold" storied render --format md --media-dir x --media-url '/a b'
ok "--media-url: a relative directory" storied render --format md --media-dir x --media-url media

# --- verify -------------------------------------------------------------------
ok "verify: the archive is whole" storied verify
contains "verify says so" "$out" "the archive is whole: 5 files"
sql "UPDATE blobs SET data = CAST(x'00' AS BLOB) || substr(data, 2) WHERE sha256 = '$(sha red.png)'"
expect 1 "verify catches a blob altered in the file" storied verify
same "one line for the altered blob" "$(printf '%s\n' "$out" | grep -c "^blob $(sha red.png): its bytes hash to")" 1
contains "verify's summary" "$errout" "storied: verify: 1 problem: the archive is not whole"
sql "DELETE FROM blobs WHERE sha256 = '$(sha red.png)'"
expect 1 "verify catches a missing blob" storied verify
contains "each media row without its blob" "$out" "media 1 (post 1, $BASE/red.png): blob $(sha red.png) is missing"
sql "PRAGMA foreign_keys = OFF; DELETE FROM posts WHERE id = 2;"
expect 1 "verify catches a story item without its post" storied verify
contains "the story item named" "$out" ": post 2 is missing"

# --- bodies held in memory, or spilled to a file past 4 MiB -----------------
export STORIED_PROJECT="$WORK/sizes.sqlite"
cat >site/sizes.json <<JSON
{"version": "https://jsonfeed.org/version/1.1", "title": "Sizes", "items": [
 {"id": "s1", "url": "https://sizes.example/1", "content_text": "small #nosd26",
  "date_published": "2026-03-14T12:00:00Z",
  "attachments": [{"url": "$BASE/_/image/300000/small", "mime_type": "image/png"}]},
 {"id": "s2", "url": "https://sizes.example/2", "content_text": "large #nosd26",
  "date_published": "2026-03-14T12:00:00Z",
  "attachments": [{"url": "$BASE/_/image/5000000/large", "mime_type": "image/png"}]}]}
JSON
ok "init a project for sizes" storied init --tag nosd26
ok "add its feed" storied source add "$BASE/sizes.json"
ok "collect a picture of 300 KB and one of 5 MB" storied collect --no-cards
for f in small large; do
	curl -s -o "$f.bin" "$BASE/_/image/$([ $f = small ] && echo 300000 || echo 5000000)/$f"
	same "$f: the blob is the bytes served" \
		"$(sql "SELECT sha256 || ' ' || size FROM blobs b JOIN media m USING (sha256) WHERE m.url LIKE '%/$f'")" \
		"$(sha256sum "$f.bin" | cut -d' ' -f1) $(wc -c <"$f.bin")"
	same "$f: its exchange is kept with the same body" "$(sql "SELECT b.size FROM captures c
	     JOIN capture_bodies b ON b.sha1 = c.response_body WHERE c.url LIKE '%/$f'")" "$(wc -c <"$f.bin")"
done
ok "export warc" storied export warc sizes.warc.gz
ok "the WARC holds both bodies whole" python3 - sizes.warc.gz small.bin large.bin <<'PY'
import gzip, sys
w = gzip.open(sys.argv[1]).read()
for f in sys.argv[2:]:
    b = open(f, "rb").read()
    assert b in w, f
PY

# --- local feeds: media beside the feed, and nowhere else --------------------
export STORIED_PROJECT="$WORK/local.sqlite"
mkdir -p local/pics
cp "$M/red.png" local/pics/
printf 'secret' >secret.png
cat >local/feed.json <<JSON
{"version": "https://jsonfeed.org/version/1.1", "title": "Local", "items": [
 {"id": "l1", "url": "https://local.example/1", "content_text": "beside #nosd26",
  "date_published": "2026-03-14T12:00:00Z",
  "attachments": [{"url": "pics/red.png", "mime_type": "image/png"},
                  {"url": "../secret.png", "mime_type": "image/png"},
                  {"url": "file:///etc/passwd", "mime_type": "image/png"}]}]}
JSON
ok "init a local project" storied init --tag nosd26
ok "add the local feed" storied source add "$WORK/local/feed.json"
ok "collect the local feed" storied collect
same "a file beside the local feed is archived" "$(sql "SELECT sha256 FROM media WHERE url = 'pics/red.png'")" "$(sha red.png)"
same "a path out of the feed's directory is refused" "$(sql "SELECT error FROM media WHERE url = '../secret.png'")" \
	"not a path beside the feed (no '..', no absolute path)"
same "a file: URL is refused" "$(sql "SELECT error FROM media WHERE url = 'file:///etc/passwd'")" "not an http(s) URL"
cp local/feed.json site/remote.json
export STORIED_PROJECT="$WORK/remote.sqlite"
ok "init a project fed over http" storied init --tag nosd26
ok "add the same feed over http" storied source add "$BASE/remote.json"
ok "collect it" storied collect
same "over http, relative media resolve against the feed's URL" \
	"$(sql "SELECT url || ' ' || status FROM media ORDER BY id LIMIT 1")" "$BASE/pics/red.png failed"
same "a feed fetched over http never reads a local file" "$(sql "SELECT count(*) FROM blobs")" 0

# --- a feed on a public address cannot lead storied into the local network ---
mkdir pub
cat >pub/lan.json <<JSON
{"version": "https://jsonfeed.org/version/1.1", "title": "Public", "items": [
 {"id": "p1", "url": "https://public.example/1", "content_text": "from outside #nosd26",
  "date_published": "2026-03-14T12:00:00Z",
  "authors": [{"name": "Out Side", "avatar": "$BASE/tiny.webp"}],
  "attachments": [{"url": "$BASE/red.png", "mime_type": "image/png"}]}]}
JSON
HTTPD_ADDR=127.0.0.2 python3 "$TOP/tests/tools/httpd.py" "$WORK/pub" "$WORK/.pub.port" \
	"$WORK/.pub.requests" >"$WORK/.pub.log" 2>&1 &
pub_pid=$!
at_exit "kill $pub_pid 2>/dev/null; wait $pub_pid 2>/dev/null"
wait_for "$WORK/.pub.port"
export STORIED_PROJECT="$WORK/lan.sqlite"
ok "init a project with a public source" storied init --tag nosd26
ok "add a feed on a public address naming media on a local one" \
	storied source add "http://127.0.0.2:$(cat "$WORK/.pub.port")/lan.json"
: >"$WORK/.requests"
need_hooks  # only the test build reads STORIED_TEST_PUBLIC_ADDR
STORIED_TEST_PUBLIC_ADDR=127.0.0.2 run "$HOOKED" collect
same "the source is collected and the media failures leave the status 0" "$status" 0
same "its medium is refused, and why" "$(sql "SELECT status || '|' || error FROM media")" \
	"failed|$BASE/red.png refused (it leads to 127.0.0.1, on the local network, and the content that names it does not come from there)"
contains "its avatar too" "$(sql "SELECT error FROM images WHERE url = '$BASE/tiny.webp'")" \
	"$BASE/tiny.webp refused (it leads to 127.0.0.1, on the local network"
same "the local server was never asked" "$(cat "$WORK/.requests")" ""

# --- a Mastodon archive's media, whatever form the paths take in outbox.json ---
for form in media_attachments /system/media_attachments system/media_attachments; do
	rm -rf mast mast.tar.gz
	cp -R "$FIXTURES/import/mastodon-archive" mast
	sed -i "s|\"/media_attachments/|\"$form/|" mast/outbox.json
	(cd mast && tar czf ../mast.tar.gz outbox.json actor.json avatar.png media_attachments)
	export STORIED_PROJECT="$WORK/mast.sqlite"
	rm -f mast.sqlite
	storied init --tag nosd26 >/dev/null
	ok "import an archive naming its media as $form/..." storied import mast.tar.gz
	contains "$form: its file is kept" "$out" "1 media files kept"
	same "$form: under the URL the usual form gives" "$(sql "SELECT url || ' ' || status || ' ' || sha256 FROM media")" \
		"https://social.example/media_attachments/files/112/030/000/original/train.png archived $(sha256sum mast/media_attachments/files/112/030/000/original/train.png | cut -d' ' -f1)"
done

# --- the upgrade of a version 1 project --------------------------------------
export STORIED_PROJECT="$WORK/v1.sqlite"
cp "$FIXTURES/migrate/v1.sqlite" v1.sqlite
before_posts=$(sql "SELECT count(*) FROM posts")
before_items=$(sql "SELECT group_concat(id || kind || coalesce(post_id, ''), ',') FROM story_items")
before_media=$(sql "SELECT group_concat(id || url || coalesce(alt, ''), ',') FROM media ORDER BY id")
before_sha=$(sql "SELECT sha256 FROM media WHERE bytes IS NOT NULL")
ok "a version 1 project opens (and is upgraded)" storied info
same "upgraded to today's schema version" "$(sql 'PRAGMA user_version')" \
	"$(sed -n 's/^#define STORE_SCHEMA_VERSION \([0-9]*\).*/\1/p' "$TOP/include/store.h")"
same "posts kept" "$(sql "SELECT count(*) FROM posts")" "$before_posts"
same "story kept" "$(sql "SELECT group_concat(id || kind || coalesce(post_id, ''), ',') FROM story_items")" "$before_items"
same "media rows kept" "$(sql "SELECT group_concat(id || url || coalesce(alt, ''), ',') FROM media ORDER BY id")" "$before_media"
same "the archive's bytes moved into a blob, typed" \
	"$(sql "SELECT m.status || ' ' || b.type || ' ' || b.size FROM media m JOIN blobs b USING (sha256)")" "archived image/png 77"
same "its key is the same hash" "$(sql "SELECT sha256 FROM blobs")" "$before_sha"
ok "the upgraded project verifies" storied verify
