# serve.sh - `storied serve` over loopback with curl: the token, Host and
# Origin rules (each refusal changes nothing), body caps, every API action
# and its undo and redo, changes from the command line seen by the API,
# the project page's commands, downloads equal to `render`, and a clean
# exit 0 on SIGTERM and SIGINT.
. "$TOP/tests/lib.sh"

if ! command -v curl >/dev/null; then
	echo "# skipped: curl is not installed (make deps installs it)"
	exit 0
fi

ok "init" storied init --title "Serve test" --timezone Europe/Brussels
ok "posts load" sql ".read $FIXTURES/posts.sql"

# get PATH / post PATH JSON: with the token; the HTTP status in $code, body in $body.
get() {
	body=$(curl -s -o "$WORK/.body" -w '%{http_code}' "$BASE$1${1##*\?*}" 2>/dev/null)
	code=$body
	body=$(cat "$WORK/.body")
}
api_get() {
	code=$(curl -s -o "$WORK/.body" -w '%{http_code}' -H "Cookie: storied_${HOSTPORT##*:}=$TOKEN" "$BASE$1")
	body=$(cat "$WORK/.body")
}
api_post() {
	code=$(curl -s -o "$WORK/.body" -w '%{http_code}' -X POST -H "Origin: $BASE" \
	    -H "Content-Type: application/json" -H "Cookie: storied_${HOSTPORT##*:}=$TOKEN" \
	    --data-binary "$2" "$BASE$1")
	body=$(cat "$WORK/.body")
}
story() { storied show --json | python3 -c 'import json,sys; print(" ".join("%s:%s" % (i["kind"][0], i["post_id"] or i["text"]) for i in json.load(sys.stdin)))'; }

start_serve
one_line "the first line is the address" "$URL"
case "$URL" in
http://127.0.0.1:[0-9]*/\?token=[0-9a-f]*) pass "the address is loopback with a token" ;;
*) fail "the address is loopback with a token" "$URL" ;;
esac
same "the token is 64 hex digits" "${#TOKEN}" 64

# The page: the token link sets an HttpOnly, SameSite=Strict cookie.
headers=$(curl -s -D - -o /dev/null "$URL")
contains "the token link redirects to /" "$headers" "Location: /"
contains "it sets the cookie" "$headers" "HttpOnly; SameSite=Strict"
page=$(curl -s -D - -H "Cookie: storied_${HOSTPORT##*:}=$TOKEN" "$BASE/")
contains "the page is served with the cookie" "$page" 'aria-label="Posts"'
contains "with a strict CSP" "$page" "Content-Security-Policy: default-src 'none'; script-src 'self'"
lacks "and no inline script" "$page" "<script>"
contains "its search box" "$page" "Search posts"
api_get /editor.js
same "the script is served" "$code" 200
api_get /story.css
contains "the story's stylesheet is served" "$body" ".storied-story"

# Refusals: nothing changes.
before=$(story)
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/posts")
same "no token: refused" "$code" 403
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/?token=0000")
same "a wrong token: refused" "$code" 403
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Host: evil.example" "$BASE/?token=$TOKEN")
same "Host: evil.example (DNS rebinding): refused" "$code" 421
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Host: evil.example:${HOSTPORT##*:}" \
    -H "Origin: http://evil.example:${HOSTPORT##*:}" -H "Content-Type: application/json" \
    -d '{"posts":[1]}' "$BASE/api/add?token=$TOKEN")
same "a change through another Host: refused" "$code" 421
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Origin: http://evil.example" \
    -H "Content-Type: application/json" -d '{"posts":[1]}' "$BASE/api/add?token=$TOKEN")
same "a foreign Origin: refused" "$code" 403
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Content-Type: application/json" \
    -d '{"posts":[1]}' "$BASE/api/add?token=$TOKEN")
same "no Origin: refused" "$code" 403
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Origin: $BASE" \
    -d 'posts=1' "$BASE/api/add?token=$TOKEN")
same "a form post (not JSON): refused" "$code" 415
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Origin: $BASE" \
    -H "Content-Type: application/json" -d '{"posts":[1]}' "$BASE/api/add")
same "a change without the token: refused" "$code" 403
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/add?token=$TOKEN")
same "a change by GET: refused" "$code" 405
python3 -c 'import sys; sys.stdout.write("{\"text\": \"" + "x" * (2 * 1024 * 1024) + "\"}")' >big.json
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Origin: $BASE" \
    -H "Content-Type: application/json" --data-binary @big.json "$BASE/api/note?token=$TOKEN")
same "a 2 MiB body: refused (413)" "$code" 413
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Origin: $BASE" -H "Transfer-Encoding: chunked" \
    -H "Content-Type: application/json" --data-binary @big.json "$BASE/api/note?token=$TOKEN")
same "a 2 MiB chunked body: refused (413)" "$code" 413
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/etc/passwd?token=$TOKEN")
same "an unknown path: 404" "$code" 404
code=$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "$BASE/../../etc/passwd?token=$TOKEN")
same "a path outside: 404" "$code" 404
api_post /api/add '{"posts":'
same "a body that is not JSON: 400" "$code" 400
same "nothing changed by any refusal" "$(story)" "$before"
same "nor recorded" "$(sql 'SELECT count(*) FROM history')" 0

# Reading.
api_get "/api/posts?limit=2"
same "posts: 200" "$code" 200
contains "posts: the first page" "$body" '"id":1'
contains "posts: more to come" "$body" '"more":true'
contains "posts: sanitized HTML" "$body" '"html":"<p>'
api_get "/api/posts?q=keynote"
contains "search: finds the keynote" "$body" 'Opening keynote'
api_get "/api/posts?q=-keynote&limit=200"
lacks "search: -word leaves the keynote out" "$body" 'Opening keynote'
contains "search: and keeps the rest" "$body" '"html":"<p>'
api_get "/api/posts?q=-keynote&limit=1&offset=1"
same "search: pages like any listing" "$(printf '%s' "$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["offset"])')" 1
api_get "/api/posts?q=%22unbalanced%20(quote"
same "search: any typed text is a query, never an error" "$code" 200
api_get "/api/posts?order=newest&limit=1"
lacks "newest first" "$body" '"id":1,'
api_get "/api/posts?day=2026-03-14&limit=200"
n_day=$(printf '%s' "$body" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["posts"]))')
n_cli=$(storied posts --json | python3 -c 'import json,sys; print(sum(1 for p in json.load(sys.stdin) if p["published"] and "2026-03-13T23:00:00Z" <= p["published"] < "2026-03-14T23:00:00Z"))')
same "a day is a day of the project's time zone" "$n_day" "$n_cli"

# Every action, as the command would do it, then its undo.
api_post /api/add '{"posts":[1,2,3]}'
same "add: 200" "$code" 200
same "add: placed in order" "$(story)" "p:1 p:2 p:3"
contains "add: says what it did, as the command does" "$body" '"said":"added 3 posts as items'
item3=$(sql "SELECT id FROM story_items WHERE post_id = 3")
item1=$(sql "SELECT id FROM story_items WHERE post_id = 1")
api_post /api/add '{"posts":[1]}'
same "add: a placed post is refused (409)" "$code" 409
contains "add: with the command's message" "$body" "already in the story"
api_post /api/add "{\"posts\":[4],\"after\":$item1}"
same "add after an item" "$(story)" "p:1 p:4 p:2 p:3"
api_post /api/move "{\"item\":$item3,\"top\":true}"
same "move to the top" "$(story)" "p:3 p:1 p:4 p:2"
contains "move: says what moved" "$body" "\"said\":\"moved item $item3: post 3 by "
api_post /api/move "{\"item\":$item3,\"before\":$item3}"
same "move before itself: refused" "$code" 409
api_post /api/heading "{\"text\":\"Morning\",\"before\":$item3}"
same "heading" "$(story)" "h:Morning p:3 p:1 p:4 p:2"
api_post /api/heading '{"text":"two\nlines"}'
same "a heading of two lines: 400" "$code" 400
api_post /api/note '{"text":"Thanks **all**","bottom":true}'
note=$(printf '%s' "$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["item"])')
same "note" "$(story)" "h:Morning p:3 p:1 p:4 p:2 n:Thanks **all**"
api_post /api/edit "{\"item\":$item1,\"text\":\"The *opening*\"}"
same "caption" "$(sql "SELECT body FROM story_items WHERE id = $item1")" "The *opening*"
api_post /api/edit "{\"item\":$note,\"text\":\"Thanks everyone\"}"
same "a note's text" "$(sql "SELECT body FROM story_items WHERE id = $note")" "Thanks everyone"
api_post /api/remove "{\"items\":[$item3]}"
same "remove" "$(story)" "h:Morning p:1 p:4 p:2 n:Thanks everyone"
contains "remove: says what it removed" "$body" "\"said\":\"removed item $item3: post 3 by "
api_post /api/remove "{\"items\":[$item1,$item1]}"
same "remove: an item named twice is a clear 400" "$code" 400
contains "remove: saying so" "$body" "item $item1 is named twice"
api_post /api/hide '{"posts":[5]}'
same "hide" "$(sql 'SELECT hidden FROM posts WHERE id = 5')" 1
api_get /api/story
contains "story: items rendered as the HTML output has them" "$body" 'class=\"st-post\"'
contains "story: the caption rendered" "$body" '<em>opening</em>'
api_post /api/preview '{"text":"a *b* <script>x</script>"}'
contains "preview: Markdown as it renders" "$body" '<em>b</em>'
lacks "preview: no raw HTML" "$body" '<script>'

hist=$(storied history)
contains "the history has the editor's changes as commands" "$hist" "move $item3 --top"
contains "with the caption as annotate" "$hist" "annotate $item1"
api_post /api/undo '{}'
contains "undo: names what it undid" "$body" '"undid":"hide 5"'
same "undo hide" "$(sql 'SELECT hidden FROM posts WHERE id = 5')" 0
api_post /api/undo '{}'
same "undo remove" "$(story)" "h:Morning p:3 p:1 p:4 p:2 n:Thanks everyone"
ok "undo from the command line, same history" storied undo
same "undo the note's edit" "$(story)" "h:Morning p:3 p:1 p:4 p:2 n:Thanks **all**"
api_post /api/redo '{}'
contains "redo" "$body" '"redid":"edit note'
same "redo the note's edit" "$(story)" "h:Morning p:3 p:1 p:4 p:2 n:Thanks everyone"
api_post /api/undo '{}'
ok "redo from the command line" storied redo
same "redone" "$(story)" "h:Morning p:3 p:1 p:4 p:2 n:Thanks everyone"
api_post /api/redo '{}'
same "redo goes on: the remove" "$(story)" "h:Morning p:1 p:4 p:2 n:Thanks everyone"
api_post /api/redo '{}'
same "and the hide" "$(sql 'SELECT hidden FROM posts WHERE id = 5')" 1
api_post /api/redo '{}'
same "nothing more to redo: 404" "$code" 404
api_post /api/add '{"posts":[6]}'
api_post /api/undo '{}'
ok "a new change ends what can be redone" storied add 7
api_post /api/redo '{}'
same "so redo has nothing: 404" "$code" 404
for _ in $(seq 12); do api_post /api/undo '{}'; done
same "undo everything" "$(story)" ""
api_post /api/undo '{}'
same "nothing to undo: 404" "$code" 404

# A change from the command line changes the version the page polls.
api_get /api/version
v1=$body
ok "add from the command line" storied add 2
api_get /api/version
lacks "the version moves after a command" "$body" "${v1%%,*}"
api_get /api/story
contains "the API sees the command's change" "$body" '"post_id":2'

# Hiding a placed post leaves it in the story: the answer says which item
# holds it, and the story marks it, so the page can say so and offer Remove.
item2=$(sql 'SELECT id FROM story_items WHERE post_id = 2')
api_post /api/hide '{"posts":[2,5]}'
same "hide a placed and an unplaced post" "$code" 200
contains "hide: the placed one is named with its item" "$body" "\"in_story\":[{\"post\":2,\"item\":$item2}]"
api_get /api/story
same "story: the hidden post is marked hidden" "$(printf '%s' "$body" | python3 -c '
import json, sys
print(" ".join("%s:%s" % (i["post_id"], i["hidden"]) for i in json.load(sys.stdin)["items"] if i["kind"] == "post"))')" "2:True"
api_post /api/hide '{"posts":[2,5],"hidden":false}'
contains "unhide: nothing to say of the story" "$body" '"in_story":[]'
api_get /api/story
contains "story: shown again, not marked" "$body" '"hidden":false'

# Two tabs edit one note: a save opened on a text that is no longer the
# note's is refused, with the text it has now; nothing is overwritten.
api_post /api/note '{"text":"Thanks everyone"}'
note=$(printf '%s' "$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["item"])')
item1=$(storied show --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
api_post /api/edit "{\"item\":$item1,\"text\":\"The *opening*\"}"
api_post /api/edit "{\"item\":$note,\"text\":\"Tab A's thanks\",\"was\":\"Thanks everyone\"}"
same "edit: opened on the text it has, saved" "$code" 200
api_post /api/edit "{\"item\":$note,\"text\":\"Tab B's thanks\",\"was\":\"Thanks everyone\"}"
same "edit: opened on an older text, refused with 409" "$code" 409
contains "edit: saying so plainly" "$body" "changed elsewhere"
contains "edit: with the text it has now" "$body" "\"current\":\"Tab A's thanks\""
same "edit: the other tab's text stays" "$(sql "SELECT body FROM story_items WHERE id = $note")" "Tab A's thanks"
api_post /api/edit "{\"item\":$note,\"text\":\"Tab A's thanks\",\"was\":\"Thanks everyone\"}"
same "edit: saving the text it already has is no conflict" "$code" 200
api_post /api/edit "{\"item\":$item1,\"text\":\"Stale caption\",\"was\":\"\"}"
same "edit: a caption opened before another was written, refused" "$code" 409
same "edit: the caption stays" "$(sql "SELECT body FROM story_items WHERE id = $item1")" "The *opening*"
lacks "edit: a refused edit is not in the history" "$(storied history)" "Tab B"

# Downloads are what render writes.
storied render -o cli.html
curl -s -H "Cookie: storied_${HOSTPORT##*:}=$TOKEN" -o dl.html "$BASE/api/download?format=html"
ok "download html = render" cmp cli.html dl.html
for f in embed md json; do
	storied render --format $f -o cli.$f
	curl -s -H "Cookie: storied_${HOSTPORT##*:}=$TOKEN" -o dl.$f "$BASE/api/download?format=$f"
	ok "download $f = render --format $f" cmp cli.$f dl.$f
done
api_get "/api/download?format=pdf"
same "an unknown format: 400" "$code" 400

# The project page runs the commands.
api_post /api/project '{"title":"Renamed","tags":"nosd26 extra"}'
same "project: saved" "$code" 200
same "project: the title set" "$(storied config title)" "Renamed"
contains "project: the tags set" "$(storied config tags)" "extra"
api_post /api/project '{"timezone":"Not/AZone"}'
same "project: a bad zone is refused" "$code" 400
contains "project: with config's message" "$body" "Not/AZone"
api_post /api/sources/add "{\"url\":\"$FIXTURES/feeds/blog.atom\",\"name\":\"Local\"}"
same "source add" "$code" 200
api_get /api/project
contains "the project lists the source" "$body" '"name":"Local"'
src=$(storied source list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["id"])')
# Only the local file is collected: the fixture's own sources are on hosts that do not exist.
ok "the fixture's web sources go" storied source rm 1
ok "both" storied source rm 2
api_post /api/collect '{}'
same "collect starts" "$code" 202
for _ in $(seq 100); do
	api_get /api/collect
	case "$body" in *'"running":false'*) break ;; esac
	sleep 0.1
done
contains "collect finishes with a status" "$body" '"status":0'
api_post /api/sources/remove "{\"id\":$src}"
same "source rm" "$code" 200
same "the source is gone" "$(storied source list --json | grep -c blog.atom)" 0

# A file picked on the Project page goes up as it is and is imported by
# `storied import`: its summary comes back, no temporary path shows, and
# nothing of the upload is left behind.
upload() { # NAME FILE [ORIGIN]
	code=$(curl -s -o "$WORK/.body" -w '%{http_code}' -X POST -H "Origin: ${3:-$BASE}" \
	    -H "Content-Type: application/octet-stream" -H "Cookie: storied_${HOSTPORT##*:}=$TOKEN" \
	    --data-binary "@$2" "$BASE/api/import?name=$1")
	body=$(cat "$WORK/.body")
}
posts_before=$(sql "SELECT count(*) FROM posts")
upload "../../evil/mastodon-archive.tar.gz" "$FIXTURES/import/mastodon-archive.tar.gz" http://evil.example
same "import from a foreign page: refused" "$code" 403
same "import from a foreign page: nothing imported" "$(sql "SELECT count(*) FROM posts")" "$posts_before"
upload "../../evil/mastodon-archive.tar.gz" "$FIXTURES/import/mastodon-archive.tar.gz"
same "import a Mastodon archive: 200" "$code" 200
contains "import: import's own summary, under the file's own name" "$body" \
	'"message":"mastodon-archive.tar.gz: mastodon-archive, 3 items'
same "import: the posts are there" "$(sql "SELECT count(*) > $posts_before FROM posts")" 1
upload "bad-storify.json" "$FIXTURES/import/bad-storify.json"
same "a bad file: 409" "$code" 409
contains "a bad file: says why, by its name" "$body" '"error":"bad-storify.json: '
lacks "a bad file: no temporary path" "$body" "storied-import-"
same "no upload is left behind" "$(ls -A "$WORK/tmp")" ""

# While the editor is open, the project file alone holds every change
# that was made (the README: "to keep a copy, copy the file"): what a
# command or the editor commits is copied out of the WAL at once, not when
# the editor stops. The copy is taken without its -wal beside it.
copy_alone() { rm -f "$WORK/alone.sqlite"*; cp "$STORIED_PROJECT" "$WORK/alone.sqlite"; }
alone() { sqlite3 -batch "$WORK/alone.sqlite" "$@"; }
ok "a note from the command line while the editor is open" storied note "copied alone 1"
copy_alone
same "the file alone has the command's note" \
	"$(alone "SELECT count(*) FROM story_items WHERE body = 'copied alone 1'")" 1
api_post /api/note '{"text":"copied alone 2","bottom":true}'
same "a note from the editor" "$code" 200
copy_alone
same "the file alone has the editor's note" \
	"$(alone "SELECT count(*) FROM story_items WHERE body = 'copied alone 2'")" 1
same "and is whole" "$(alone "PRAGMA integrity_check")" ok

kill -TERM $SPID
wait $SPID
rc=$?
if [ "$rc" -eq 0 ]; then pass "SIGTERM: exit 0"; else fail "SIGTERM: exit 0" "got $rc" "$(tail -n 30 "$WORK/serve.err")"; fi

# SIGINT too, and a project that does not exist yet is created on first save.
rm -f "$WORK/serve.out"
STORIED_PROJECT="$WORK/new.sqlite" start_serve
api_get /api/project
contains "no project yet: the page says so" "$body" '"exists":false'
api_get /api/story
same "no project yet: the story asks for one (409)" "$code" 409
api_post /api/project '{"title":"Brand new","tags":"fosdem26"}'
same "the first save creates the project" "$code" 200
same "with its title" "$(storied -p new.sqlite config title)" "Brand new"
api_get /api/story
same "then the story is there" "$code" 200
kill -INT $SPID
wait $SPID
same "SIGINT: exit 0" "$?" 0

# Only loopback without --listen; another address warns.
expect 2 "a bad --listen is a usage error" storied serve --listen nowhere
expect 2 "a bad --port is a usage error" storied serve --port 70000

# The README's editor command, as written (with --port 0 so the test finds a
# free port): --open hands the address to xdg-open (a stand-in here).
readme=$(sed -n '/^## Without a terminal/,/^## [^W]/p' "$TOP/README.md" | sed -n 's/^    storied //p')
same "the README shows one editor command" "$readme" "serve --open"
mkdir -p bin
printf '#!/bin/sh\nprintf "%%s\\n" "$*" >"%s/opened"\n' "$WORK" >bin/xdg-open
chmod +x bin/xdg-open
rm -f "$WORK/serve.out"
# shellcheck disable=SC2086
PATH="$WORK/bin:$PATH" start_serve ${readme#serve }
wait_for "$WORK/opened"
contains "the README's command serves" "$URL" "?token="
same "--open opens the printed address" "$(cat "$WORK/opened" 2>/dev/null)" "$URL"
kill -TERM $SPID
wait $SPID
same "and stops with exit 0" "$?" 0
