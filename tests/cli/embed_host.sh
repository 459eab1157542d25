# embed_host.sh - the embed pasted into a blog post looks the same whatever
# the blog's theme says, and changes nothing of the blog: headless Chromium
# (tests/tools/embed_host.js, playwright-core) lays out a story of every kind
# of part pasted into two hosts, a theme with aggressive element rules of
# the kind Jekyll's minima, Hugo themes and WordPress themes ship (header {
# background: navy; position: sticky }, img { border; float }, li::before,
# a { text-decoration: none }...), and a bare page with no style at all.
# It reads back the computed styles of the story's parts, and of each host
# element with and without the story.
#
# EMBED_SHOTS=DIR keeps the pages and writes screenshots of them there
# (phone and desktop, light and dark, print).
. "$TOP/tests/lib.sh"

need_playwright

ok "init" storied init --title placeholder
sql <"$FIXTURES/posts.sql"
sql <"$FIXTURES/story.sql"
# Every part a theme could reach: a list, a numbered list, a quote, code,
# a picture in the text, a link card, links in a note and a caption.
sql <<'SQL'
UPDATE posts SET content_html = '<p>Three things I learned, see <a href="https://hana.example/slides">the slides</a>:</p><ul><li>WAL mode is your friend</li><li>Feeds are <em>not</em> dead</li></ul><ol start="3"><li>three</li><li>four</li></ol><blockquote><p>Nobody reads the RFC.</p></blockquote><pre>PRAGMA journal_mode = wal;</pre><p>A picture in the text: <img src="https://blog.example/img/inline.png" alt="An inline picture"></p>'
 WHERE id = 6;
INSERT INTO cards (url, title, description, site_name, image_url, origin, status, fetched_at)
VALUES ('https://slides.example/sqlite', 'SQLite in the field', 'Slides of the talk.', 'slides.example',
        'https://slides.example/cover.png', 'page', 'read', 1773500000);
INSERT INTO post_cards (post_id, url) VALUES (2, 'https://slides.example/sqlite');
UPDATE story_items SET body = 'The room was *full* an hour early ([the video](https://video.example/keynote)).' WHERE id = 3;
SQL
ok "render the embed" storied render --format embed -o story.html

# page NAME STYLE STORY: a blog post page, light or dark as the reader's
# system is, with STYLE in its head and STORY (a file, or /dev/null) pasted
# into the post's text. Every element of the
# host has an id starting with h- (the test compares them).
page() {
	{
		printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
		printf '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark"><title>A blog</title>\n'
		printf '<style>\n%s\n</style></head>\n<body>\n' "$2"
		cat <<'HTML'
<header class="site-header" id="h-site-header"><a class="site-title" id="h-home" href="https://blog.example/">A blog</a></header>
<main id="h-main"><article class="post" id="h-article">
<header class="post-header" id="h-post-header"><h2 id="h-h2">What I saw at the conference</h2>
<p class="post-meta" id="h-meta"><time id="h-time" datetime="2026-03-16">16 March 2026</time></p></header>
<div class="entry-content" id="h-content">
<p id="h-p">Before the story, a paragraph with <a id="h-a" href="https://blog.example/about">a link</a>.</p>
<ul id="h-ul"><li id="h-li">The blog's own list</li></ul>
<ol id="h-ol"><li id="h-oli">The blog's own numbered list</li></ol>
<figure id="h-figure"><img id="h-img" src="https://blog.example/me.png" alt="The blogger" width="320" height="180"><figcaption id="h-figcaption">The blog's own caption</figcaption></figure>
<blockquote id="h-blockquote"><p id="h-bqp">The blog's own quote.</p></blockquote>
<h3 id="h-h3">The story</h3>
HTML
		cat "$3"
		cat <<'HTML'
<p id="h-p2">After the story, <a id="h-a2" href="https://blog.example/next">another link</a> and <code id="h-code">code</code>.</p>
<details id="h-details"><summary id="h-summary">The blog's own details</summary><p id="h-dp">Inside.</p></details>
<table id="h-table"><tr id="h-tr"><th id="h-th">Head</th><td id="h-td">Cell</td></tr></table>
</div>
<footer class="post-footer" id="h-post-footer">Posted in <a id="h-tag" href="https://blog.example/tags/events">events</a></footer>
</article></main>
<footer class="site-footer" id="h-site-footer"><a id="h-feed" href="https://blog.example/feed.xml">Feed</a></footer>
</body></html>
HTML
	} >"$1.html"
}

# A theme that styles bare elements, and elements under its content's class
# (one class and elements: the most a theme's rule for a post's text has).
HOSTILE='* { box-sizing: content-box; }
body { font: 17px/1.8 Georgia, "DejaVu Serif", serif; color: #444; background: #fdfdf8; margin: 0; }
main { max-width: 720px; margin: 0 auto; padding: 0 16px; }
a { color: #b3261e; text-decoration: none; }
a:visited { color: #7a1a14; }
header { background: navy; color: #fff; position: sticky; top: 0; z-index: 10; padding: 1.5rem 2rem; margin: 0 0 2rem; text-align: center; text-transform: uppercase; box-shadow: 0 4px 12px rgba(0,0,0,.4); }
header a, footer a { color: #fff; }
footer { background: #222; color: #eee; padding: 3rem; text-align: center; }
article { border: 4px double #999; padding: 2em; margin: 3em 0; box-shadow: 0 0 30px #f99; max-width: 34em; }
p { margin: 0 0 2em; text-indent: 2em; text-align: justify; font-size: 1.1em; }
h2, h3, h4 { font-family: Impact, "DejaVu Sans Condensed", sans-serif; text-transform: uppercase; color: crimson; border-bottom: 5px solid; letter-spacing: .2em; margin: 3em 0 1em; }
h2::before, h3::before { content: "# "; }
img { border: 6px solid #000; padding: 10px; border-radius: 50%; float: right; width: 300px; height: 300px; margin: 1em; box-shadow: 5px 5px 0 #000; vertical-align: middle; }
ul, ol { list-style: none; padding: 0; margin: 0 0 2em; }
li { padding-left: 1.5em; position: relative; margin-bottom: 1em; border-bottom: 1px solid #ccc; }
li::before { content: "\2192"; position: absolute; left: 0; color: red; }
li::marker { content: ""; }
figure { margin: 3em -2em; border: 1px solid #000; padding: 1em; background: #eee; }
figcaption { font-style: italic; text-align: center; background: #000; color: #fff; font-size: .7em; text-transform: uppercase; }
time { font-weight: bold; color: green; display: block; }
blockquote { font-size: 1.6em; font-style: italic; border-left: 10px solid red; margin: 2em -3em; padding: 1em 2em; background: #fee; position: relative; }
blockquote::before { content: "\201C"; font-size: 5em; position: absolute; left: -.5em; top: -.3em; color: #fcc; }
details { border: 3px solid purple; padding: 2em; background: lavender; }
summary { display: block; background: purple; color: #fff; padding: .5em; }
section { padding: 4rem; background: #eef; }
table, th, td { border: 2px solid red; padding: 1em; background: #ffe; }
pre, code { background: #272822; color: #f8f8f2; padding: 1em; }
span { letter-spacing: .05em; }
.entry-content a { border-bottom: 2px dotted currentColor; padding: 0 2px; background: #fff3c4; display: inline-block; }
.entry-content img { outline: 3px solid orange; }
.entry-content ul li { margin-left: 1em; }
.entry-content > * { margin-top: 1.5em; }
@media (prefers-color-scheme: dark) { body { background: #16181c; color: #c8c8c8; } a { color: #8ab4f8; } a:visited { color: #c58af9; } }'

page hostile "$HOSTILE" story.html
page hostile-alone "$HOSTILE" /dev/null
page bare "" story.html
page bare-alone "" /dev/null

if [ -n "${EMBED_SHOTS:-}" ]; then
	mkdir -p "$EMBED_SHOTS"
	cp ./*.html "$EMBED_SHOTS"/
	export SHOTS="$EMBED_SHOTS"
fi
node "$TOP/tests/tools/embed_host.js" "$WORK" "$SAMPLES/media/bryggen-dusk.png" hostile bare
