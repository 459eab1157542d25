# safe_html.sh - every post is stored with its HTML already sanitized
# (posts.safe_html, issue 13 render speed): collect, an edit found by a
# later collect, the union of two sources that reach one post, imports; a write to the content that brings no new safe
# form leaves none rather than a stale one; render and the editor show
# the stored form, and without one (NULL) sanitize on the fly into the
# very same bytes.
. "$TOP/tests/lib.sh"

feed() { # feed FILE BODY UPDATED: one RSS item with that HTML
	cat >"$1" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Safe</title><link>https://social.example/</link>
<item><guid>https://social.example/@ann/1</guid><link>https://social.example/@ann/1</link>
<title>One</title><pubDate>$3</pubDate><category>safe</category>
<description><![CDATA[$2]]></description></item>
<item><guid>https://social.example/@bob/2</guid><link>https://social.example/@bob/2</link>
<pubDate>Sat, 14 Mar 2026 10:00:00 +0000</pubDate><category>safe</category>
<description><![CDATA[<p>Relative <a href="/tags/safe">#safe</a> and <img src="/pic.png" onerror="alert(2)" alt="a pic"></p>]]></description></item>
</channel></rss>
XML
}
safe() { sql "SELECT safe_html FROM posts WHERE permalink = 'https://social.example/@$1'"; }

ok "init" storied init --title "Safe HTML" --tag safe
feed feed.rss '<p>First <b>word</b><script>alert(1)</script> <a href="javascript:alert(3)" onclick="x()">link</a></p>' \
	"Sat, 14 Mar 2026 09:00:00 +0000"
ok "add the feed" storied source add feed.rss
ok "collect" storied collect
same "collect stores every post's safe HTML" "$(sql "SELECT count(safe_html) FROM posts")" 2
first=$(safe ann/1)
contains "the stored form keeps the text" "$first" "First <b>word</b>"
lacks "without the script" "$first" "<script"
lacks "without the javascript: link" "$first" "javascript:"
lacks "without the event handler" "$first" "onclick"
contains "relative links resolved against the permalink" "$(safe bob/2)" 'href="https://social.example/tags/safe"'
lacks "an img's handler dropped" "$(safe bob/2)" "onerror"

# The same bytes as the sanitizer makes on the fly.
ok "place the posts" storied add --all
for f in html embed json; do
	ok "render --format $f from the stored HTML" storied render --format $f -o stored.$f
done
cp story.sqlite null.sqlite
PROJECT=null.sqlite sql "UPDATE posts SET safe_html = NULL"
for f in html embed json; do
	ok "render --format $f without it" storied -p null.sqlite render --format $f -o null.$f
	if cmp -s stored.$f null.$f; then
		pass "--format $f: stored and on the fly are the same bytes"
	else
		fail "--format $f: stored and on the fly are the same bytes" "$(diff stored.$f null.$f | head -n 6)"
	fi
done
contains "the page shows the post" "$(cat null.html)" "First <b>word</b>"
lacks "and no script without the stored form either" "$(cat null.html)" "<script>alert"

# Render reads the stored column (not the content) when it is there.
cp story.sqlite marked.sqlite
PROJECT=marked.sqlite sql "UPDATE posts SET safe_html = '<p>STORED-FORM</p>' WHERE permalink LIKE '%ann/1'"
ok "render the marked copy" storied -p marked.sqlite render -o marked.html
contains "render shows the stored form" "$(cat marked.html)" "<p>STORED-FORM</p>"
lacks "not the content sanitized again" "$(cat marked.html)" "First <b>word</b>"

# An edit found by a later collect: the stored form follows it.
feed feed.rss '<p>Second <i>version</i><iframe src="https://evil.example/"></iframe></p>' \
	"Sat, 14 Mar 2026 09:00:00 +0000"
ok "collect the edit" storied collect
contains "it is an update" "$out" "1 updated"
second=$(safe ann/1)
contains "the edit's safe form is stored" "$second" "Second <i>version</i>"
lacks "not the old one" "$second" "First"
lacks "sanitized" "$second" "iframe"
same "every post still has one" "$(sql "SELECT count(safe_html) FROM posts")" 2

# A write to the content that brings no new safe form (another tool, a
# future path that forgets it): none is left rather than a stale one.
sql "UPDATE posts SET content_html = '<p>Third<script>x()</script></p>' WHERE permalink LIKE '%ann/1'"
same "content changed without it: safe_html is NULL" "$(sql "SELECT safe_html IS NULL FROM posts WHERE permalink LIKE '%ann/1'")" 1
same "the other post keeps its own" "$(sql "SELECT safe_html IS NOT NULL FROM posts WHERE permalink LIKE '%bob/2'")" 1
sql "UPDATE posts SET title = 'New title' WHERE permalink LIKE '%bob/2'"
same "a write to another column keeps it" "$(sql "SELECT safe_html IS NOT NULL FROM posts WHERE permalink LIKE '%bob/2'")" 1
ok "render" storied render -o third.html
contains "render sanitizes the content on the fly" "$(cat third.html)" "<p>Third</p>"
lacks "safely" "$(cat third.html)" "x()"

# Two sources reach the same posts: the union written into the post
# (its content from the other source) gets its safe form too.
start_server "$FIXTURES/merge"
ok "union: init" storied -p union.sqlite init --title "Ev 26" --tag ev26
ok "union: the original server's feed" storied -p union.sqlite source add "$BASE/orig.json"
ok "union: collect it" storied -p union.sqlite collect --no-media
before=$(PROJECT=union.sqlite sql "SELECT safe_html FROM posts WHERE permalink = 'https://orig.example/@bo/222'")
ok "union: a copy's feed with the whole text" storied -p union.sqlite source add "$BASE/copy.rss"
ok "union: collect both" storied -p union.sqlite collect --no-media
contains "union: a post was enriched" "$out" "1 enriched"
after=$(PROJECT=union.sqlite sql "SELECT safe_html FROM posts WHERE permalink = 'https://orig.example/@bo/222'")
[ -n "$before" ] && [ -n "$after" ] && [ "$before" != "$after" ] &&
	pass "union: the enriched post's safe form follows its new content" ||
	fail "union: the enriched post's safe form follows its new content" "before: $before" "after: $after"
same "union: every post with HTML has its safe form" \
	"$(PROJECT=union.sqlite sql "SELECT count(*) FROM posts WHERE content_html IS NOT NULL AND safe_html IS NULL")" 0
ok "union: place the posts" storied -p union.sqlite add --all
ok "union: render" storied -p union.sqlite render -o union.html
cp union.sqlite union-null.sqlite
PROJECT=union-null.sqlite sql "UPDATE posts SET safe_html = NULL"
ok "union: render without the stored form" storied -p union-null.sqlite render -o union-null.html
cmp -s union.html union-null.html && pass "union: the same bytes" ||
	fail "union: the same bytes" "$(diff union.html union-null.html | head -n 6)"

# Imports store it too.
ok "import a Storify export" storied -p import.sqlite init --title Import
ok "import" storied -p import.sqlite import "$FIXTURES/import/storify.json"
same "imported posts have their safe HTML" \
	"$(PROJECT=import.sqlite sql "SELECT count(*) FROM posts WHERE content_html IS NOT NULL AND safe_html IS NULL")" 0
[ "$(PROJECT=import.sqlite sql "SELECT count(safe_html) FROM posts")" -gt 0 ] &&
	pass "the import has posts with HTML" || fail "the import has posts with HTML"
ok "import a twarc file" storied -p import.sqlite import --all --format twarc "$FIXTURES/import/twarc-v2.jsonl"
same "twarc posts too" \
	"$(PROJECT=import.sqlite sql "SELECT count(*) FROM posts WHERE content_html IS NOT NULL AND safe_html IS NULL")" 0

# The editor shows the stored form.
if command -v curl >/dev/null; then
	"$STORIED" -p marked.sqlite serve --port 0 >serve.out 2>serve.err &
	spid=$!
	at_exit "kill $spid 2>/dev/null"
	wait_for serve.out
	url=$(head -n 1 serve.out)
	base=${url%%/\?token=*} token=${url##*token=}
	body=$(curl -s -H "Cookie: storied_${base##*:}=$token" "$base/api/posts")
	contains "the editor lists the stored form" "$body" '<p>STORED-FORM</p>'
	contains "and the other post's" "$body" 'href=\"https://social.example/tags/safe\"'
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
else
	echo "# skipped: curl is not installed (the editor's part)"
fi
