# render.sh - storied render: the four formats on a story with every kind
# of item, escaping of hostile fields, safe Markdown, templates, atomic -o,
# byte-identical renders.
. "$TOP/tests/lib.sh"
htmlcheck() { python3 "$TOP/tests/tools/htmlcheck.py" "$@"; }
mdcheck() { python3 "$TOP/tests/tools/mdcheck.py" "$@"; }

ok "init" storied init --title placeholder
sql <"$FIXTURES/posts.sql"
sql <"$FIXTURES/story.sql"

# --- html -------------------------------------------------------------------
ok "render html" storied render
html=$out
printf '%s\n' "$out" >page.html
contains "html: doctype" "$html" "<!DOCTYPE html>"
contains "html: lang from the project" "$html" '<html lang="en">'
contains "html: CSP forbids scripts and, with archived media, anything outside the file" "$html" \
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; media-src data:; style-src 'unsafe-inline'\">"
contains "html: title" "$html" '<h1 class="st-title">Nordic Open Source Days 2026</h1>'
contains "html: description is Markdown" "$html" "<em>two days</em>"
contains "html: hashtags" "$html" "#NOSD2026"
contains "html: the window as the event's days (until exclusive)" "$html" '<time datetime="2026-03-13T23:00:00Z">14–15 March 2026</time>'
contains "html: counts" "$html" "7 posts by 6 people from 2 sources"
contains "html: table of contents" "$html" '<li class="st-toc-3"><a href="#nordic-open-source-days-2026-item-11">Photos</a></li>'
contains "html: heading keeps its Markdown" "$html" '<h2 class="st-heading" id="nordic-open-source-days-2026-item-1">Day <em>one</em></h2>'
contains "html: note as HTML" "$html" "<strong>nine</strong>"
contains "html: article per post" "$html" '<article class="st-post" id="nordic-open-source-days-2026-item-3" dir="auto" lang="en">'
contains "html: post language" "$html" 'id="nordic-open-source-days-2026-item-5" dir="auto" lang="fr"'
contains "html: time in UTC, shown in the zone" "$html" \
	'<time datetime="2026-03-14T09:00:00Z" title="2026-03-14 10:00 CET">2026-03-14 10:00</time>'
contains "html: permalink" "$html" 'href="https://social.example/@alice/111"'
contains "html: author links to the profile" "$html" \
	'<a class="st-author" href="https://social.example/@alice" rel="nofollow noopener ugc"><span class="st-name">Alice Berg</span> <span class="st-handle">@alice@social.example</span></a>'
contains "html: an avatar not archived: the initials alone" "$html" \
	'<span class="st-initials">AB</span></span>'
contains "html: media not archived: a placeholder with the alt text, linking to the original" "$html" \
	'<figure class="st-missing"><a href="https://social.example/media/keynote.jpg" rel="nofollow noopener ugc" class="st-missing-box"><span class="st-missing-label">Image not archived</span><span class="st-missing-alt">A full auditorium facing a stage with a large screen reading &quot;Welcome&quot;</span><span class="st-missing-link">Open the original</span></a></figure>'
lacks "html: no remote image in the page" "$html" '<img src="http'
ok "render html --media remote" storied render --media remote
remote=$out
contains "remote: CSP lets web images load" "$remote" \
	"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src https: http: data:; media-src https: http: data:; style-src 'unsafe-inline'\">"
contains "remote: avatar image over initials" "$remote" \
	'<span class="st-initials">AB</span><img src="https://social.example/avatars/alice.png" alt=""'
contains "remote: media figure with alt" "$remote" \
	'alt="A full auditorium facing a stage with a large screen reading &quot;Welcome&quot;" loading="lazy" width="1600" height="900">'
contains "remote: figcaption" "$remote" "<figcaption>People talking in a corridor, coffee cups in hand</figcaption>"
expect 2 "--media takes data or remote" storied render --media local
contains "html: content warning hides the body" "$html" \
	'<details class="st-cw">
<summary>demo spoilers</summary>
<div class="st-body">'
contains "html: caption as Markdown" "$html" '<div class="st-caption">
<p>The room was <em>full</em> an hour early.</p>'
contains "html: blog post title" "$html" "Day two: the hallway track</a></p>"
contains "html: credits list sources" "$html" "Ingrid&#39;s blog</a> <span class=\"st-muted\">· 2 posts</span>"
contains "html: credits list authors" "$html" ">Chloé Dubois</a>, "
contains "html: Mastodon's invisible spans are shortened by CSS" "$html" ".storied-story .invisible { display: none; }"
contains "html: ellipsis" "$html" '.storied-story .ellipsis::after { content: "…"; }'
contains "html: dark mode" "$html" "@media (prefers-color-scheme: dark)"
contains "html: print style" "$html" "@media print"
lacks "html: no external stylesheet" "$html" "<link"
lacks "html: no generated-at by default" "$html" "rendered <time"
ok "html: well formed, headings in order, only safe URLs" htmlcheck page.html

# Hostile fields: escaped in text and attributes, unsafe URLs dropped.
contains "escape: author name in text" "$html" "Mallory &lt;script&gt;"
lacks "escape: no raw author name" "$html" "Mallory <script>"
lacks "escape: javascript: avatar dropped" "$html" "javascript:"
lacks "escape: no script element anywhere" "$(printf '%s' "$html" | tr 'A-Z' 'a-z')" "<script"
lacks "escape: no event handler" "$html" "onerror="
lacks "escape: no onclick" "$html" "onclick="
contains "escape: hostile note keeps its text" "$html" "<p>A note with alert(&quot;n&quot;) and a bad link and img.</p>"
contains "escape: hostile caption" "$html" "<p>Caption  x</p>"

# --- embed ------------------------------------------------------------------
ok "render embed" storied render --format embed
printf '%s\n' "$out" >embed.html
case "$out" in
'<div class="storied-story storied-embed" lang="en">'*) pass "embed: one scoped element" ;;
*) fail "embed: one scoped element" "$(printf '%s' "$out" | head -n 2)" ;;
esac
lacks "embed: no html element" "$out" "<html"
lacks "embed: no head" "$out" "<head>"
lacks "embed: no body" "$out" "<body"
lacks "embed: no CSS on :root" "$out" ":root"
contains "embed: title is h2" "$out" '<h2 class="st-title">Nordic Open Source Days 2026</h2>'
contains "embed: headings one level down" "$out" '<h3 class="st-heading" id="nordic-open-source-days-2026-item-1">'
contains "embed: the same posts" "$out" '<article class="st-post" id="nordic-open-source-days-2026-item-12" dir="auto" lang="en">'
ok "embed: well formed, every CSS selector under .storied-story" htmlcheck embed.html --fragment

# --- md ---------------------------------------------------------------------
ok "render md" storied render --format md
md=$out
printf '%s\n' "$out" >story.md
contains "md: title" "$md" "# Nordic Open Source Days 2026"
contains "md: description keeps its Markdown" "$md" "*two days*"
contains "md: heading" "$md" "## Day *one*"
contains "md: sub-heading" "$md" "### Photos"
contains "md: note as written" "$md" "The doors opened at **nine**; see [the programme](https://nosd.example/programme)."
contains "md: post as a quotation, its hashtag a link" "$md" \
	"> Opening keynote starts now! [#nosd26](https://social.example/tags/nosd26)"
contains "md: a link whose text is its URL is an autolink" "$md" \
	"> Slides from my talk on SQLite in the field: <https://slides.example/sqlite> #nosd26"
contains "md: a post's list" "$md" "> Three things I learned:
>
> - WAL mode is your friend
> - Feeds are *not* dead
> - Nobody reads the RFC"
contains "md: author, time and permalink" "$md" \
	"> — Alice Berg (@alice@social.example), [2026-03-14 10:00](https://social.example/@alice/111)"
contains "md: media as an image with alt" "$md" \
	'> ![A full auditorium facing a stage with a large screen reading "Welcome"](https://social.example/media/keynote.jpg)'
contains "md: caption" "$md" "The room was *full* an hour early."
contains "md: content warning" "$md" "> *Content warning: demo spoilers*"
contains "md: hostile name escaped" "$md" "Mallory \\<script>"
contains "md: hostile note filtered" "$md" 'A note with alert("n") and a bad link and img.'
lacks "md: no javascript" "$md" "javascript"
lacks "md: no raw script tag" "$(printf '%s' "$md" | sed 's/\\<//g')" "<script>"
lacks "md: no onerror" "$md" "<img"
ok "md: cmark finds no raw HTML and no unsafe URL" mdcheck story.md
lacks "md: no front matter unless asked" "$md" "title: "

ok "render md --front-matter" storied render --format md --front-matter
case "$out" in
'---
title: "Nordic Open Source Days 2026"
date: 2026-03-14T12:00:00+01:00
tags: ["nosd26", "NOSD2026"]
description: "What people said about *two days* of talks in Bergen. <script>alert(\"d\")</script>"
---
'*) pass "front matter: YAML first, strings double-quoted and escaped" ;;
*) fail "front matter: YAML first, strings double-quoted and escaped" "$(printf '%s' "$out" | head -n 7)" ;;
esac
lacks "front matter: no second title" "$out" "# Nordic"
ok "config: a title YAML could misread" storied config title 'Say "hi": a \ b'
ok "render md --front-matter again" storied render --format md --front-matter
contains "front matter: quotes and backslashes escaped" "$out" 'title: "Say \"hi\": a \\ b"'
ok "config: title back" storied config title "Nordic Open Source Days 2026"
expect 2 "--front-matter needs md" storied render --front-matter

# --- json -------------------------------------------------------------------
ok "render json" storied render --format json
printf '%s\n' "$out" >story.json
ok "json: valid" python3 -m json.tool story.json
same "json: items in order" \
	"$(python3 -c 'import json,sys; d=json.load(open("story.json")); print(" ".join(i["kind"][0]+str(i["id"]) for i in d["items"]))')" \
	"h1 n2 p3 p4 p5 n6 p7 p8 h9 p10 h11 p12"
same "json: post fields" \
	"$(python3 -c 'import json; d=json.load(open("story.json")); p=d["items"][2]["post"]; print(p["id"], p["url"], p["author"]["name"], p["published"], p["tags"], p["media"][0]["width"], p["caption"])')" \
	"1 https://social.example/@alice/111 Alice Berg 2026-03-14T09:00:00Z ['nosd26'] 1600 The room was *full* an hour early."
same "json: hostile author kept as text, avatar dropped" \
	"$(python3 -c 'import json; d=json.load(open("story.json")); a=d["items"][6]["post"]["author"]; print(a["name"], a["avatar"])')" \
	"Mallory <script> None"
same "json: project metadata" \
	"$(python3 -c 'import json; d=json.load(open("story.json")); print(d["format"], d["title"], d["timezone"], d["counts"]["posts"], len(d["sources"]))')" \
	"storied-story Nordic Open Source Days 2026 Europe/Oslo 7 2"

# --- determinism and -o -----------------------------------------------------
for f in html embed md json; do
	storied render --format $f >a.$f
	storied render --format $f >b.$f
	if cmp -s a.$f b.$f; then pass "$f: byte-identical renders"; else fail "$f: byte-identical renders"; fi
done
ok "-o writes a file" storied render -o out.html
if cmp -s out.html a.html; then pass "-o: same bytes as stdout"; else fail "-o: same bytes as stdout"; fi
same "-o: no temporary file left" "$(ls -A | grep "^\.out\.html\." || true)" ""
ok "-o - is stdout" storied render --format json -o -
same "-o -: the JSON" "$out" "$(cat a.json)"
ok "--generated-at" env STORIED_NOW=1773600000 "$STORIED" render --generated-at
contains "--generated-at: the pinned time" "$out" 'rendered <time datetime="2026-03-15T18:40:00Z">2026-03-15 19:40 CET</time>'

# --- templates --------------------------------------------------------------
mkdir tpl
printf 'CUSTOM {{title}} ({{counts.posts}}){{#items}}{{#post}} [{{author.display}}]{{/post}}{{/items}}\n' \
	>tpl/story.html.mustache
ok "custom template" storied render --templates tpl
same "custom template overrides the built-in" "$out" \
	"CUSTOM Nordic Open Source Days 2026 (7) [Alice Berg] [@bjorn@social.example] [Chloé Dubois] [Mallory &lt;script&gt;] [Dag] [Ingrid Lund] [Ingrid Lund]"
rm tpl/story.html.mustache
printf '<article>{{author.display}} says {{text}}</article>\n' >tpl/post.html.mustache
ok "custom partial" storied render --templates tpl
contains "a partial is overridden file by file" "$out" "<article>Alice Berg says Opening keynote starts now! #nosd26</article>"
contains "the rest stays built in" "$out" '<h1 class="st-title">'
ok "md template override" storied render --format md --templates tpl
# The model leaves out what no template names (mustache_names): a field
# the built-in templates never read is there as soon as one does.
printf '<article>[{{guid}}] {{#tags}}#{{.}} {{/tags}}via {{source.name}}; {{published_date}} {{published_time}}{{#updated}} upd {{updated_date}}{{/updated}}{{#caption}} cap: {{caption}}{{/caption}}</article>\n' \
	>tpl/post.html.mustache
ok "a partial naming the fields the built-in ones leave out" storied render --templates tpl
contains "tags, source, date, time and caption are built for it" "$out" \
	"<article>[] #nosd26 via social.example #nosd26; 2026-03-14 10:00 cap: The room was *full* an hour early.</article>"
printf 'line one\n{{#items}}\n{{/item}}\n' >tpl/story.html.mustache
expect 1 "template error" storied render --templates tpl -o out.html
one_line "template error: one line" "$errout"
contains "template error names the file and line" "$errout" "tpl/story.html.mustache:3:"
if cmp -s out.html a.html; then pass "failed render left -o's file alone"; else fail "failed render left -o's file alone"; fi
same "failed render: no temporary file" "$(ls -A | grep "^\.out\.html\." || true)" ""
rm tpl/story.html.mustache
printf '{{#oops}}\n' >tpl/post.html.mustache
expect 1 "partial error" storied render --templates tpl
contains "partial error names the partial and where it is included" "$errout" "post.html"
printf '<article>\n{{#text}}\n{{/txt}}\n</article>\n' >tpl/post.html.mustache
expect 1 "an error in an overridden partial" storied render --templates tpl
contains "it names the partial's file and line, not the built-in's name" "$errout" \
	"tpl/post.html.mustache:3:"
rm tpl/post.html.mustache
printf 'before\n{{> header.html}}\n{{> heder.html}}\nafter\n' >tpl/story.html.mustache
expect 1 "a partial that does not exist" storied render --templates tpl -o out.html
one_line "missing partial: one line" "$errout"
contains "missing partial: the tag's file, line and name" "$errout" \
	"tpl/story.html.mustache:3: partial 'heder.html' not found"
if cmp -s out.html a.html; then pass "missing partial left -o's file alone"; else fail "missing partial left -o's file alone"; fi
rm tpl/story.html.mustache
expect 1 "missing templates directory" storied render --templates nowhere
contains "missing directory named" "$errout" "nowhere"
expect 2 "templates do not apply to json" storied render --format json --templates tpl
expect 2 "unknown format" storied render --format pdf
contains "unknown format named" "$errout" "pdf"
expect 2 "stray argument" storied render extra
expect 1 "write error" sh -c '"$STORIED" render >/dev/full'
contains "write error explained" "$errout" "writing"

# --- md: attachments that are not pictures are links ---------------------------
# An image is an image; audio, video and documents are links (reading the
# alt text, else the file's name, else the kind), never a broken image.
sql <<'SQL'
INSERT INTO media (post_id, position, url, type, medium, alt) VALUES
 (2, 0, 'https://social.example/media/talk_1.mp3', 'audio/mpeg', 'audio', NULL),
 (2, 1, 'https://social.example/media/demo.mp4', 'video/mp4', 'video', 'The demo, filmed from the back'),
 (2, 2, 'https://blog.example/files/slides.pdf?v=2', 'application/pdf', 'document', ''),
 (2, 3, 'https://radio.example/?live=1', 'audio/ogg', NULL, NULL),
 (2, 4, 'https://social.example/media/untyped.MP3', NULL, NULL, NULL),
 (2, 5, 'https://social.example/media/untyped.png', NULL, NULL, 'A picture the feed said nothing of');
SQL
ok "render md with attachments" storied render --format md
printf '%s\n' "$out" >attachments.md
contains "md: audio is a link named by its file" "$out" "> [talk\\_1.mp3](https://social.example/media/talk_1.mp3)"
contains "md: video is a link reading its alt text" "$out" "> [The demo, filmed from the back](https://social.example/media/demo.mp4)"
contains "md: a document is a link, no query in its name" "$out" "> [slides.pdf](https://blog.example/files/slides.pdf?v=2)"
contains "md: no file name: the kind" "$out" "> [audio](https://radio.example/?live=1)"
contains "md: untyped .MP3: audio by its extension" "$out" "> [untyped.MP3](https://social.example/media/untyped.MP3)"
contains "md: an untyped picture stays an image" "$out" "> ![A picture the feed said nothing of](https://social.example/media/untyped.png)"
contains "md: images stay images" "$out" \
	'> ![A full auditorium facing a stage with a large screen reading "Welcome"](https://social.example/media/keynote.jpg)'
imgs=$(cmark attachments.md | grep -o '<img src="[^"]*"' | sort | tr '\n' ' ')
# (Mallory's post holds an inline <img src=x>: the html format shows it
# from her permalink's directory, and so does the Markdown.)
same "cmark: only the pictures are images" "$imgs" \
	'<img src="https://blog.example/img/hallway.jpg" <img src="https://social.example/@mallory/x" <img src="https://social.example/media/keynote.jpg" <img src="https://social.example/media/untyped.png" '
ok "md with attachments: cmark finds no raw HTML and no unsafe URL" mdcheck attachments.md
ok "render html with attachments" storied render --format embed --media remote
contains "html: an untyped .MP3 plays as audio" "$out" \
	'<figure class="st-attachment"><a href="https://social.example/media/untyped.MP3" rel="nofollow noopener ugc">audio</a></figure>'
sql "DELETE FROM media WHERE post_id = 2"

# --- hidden posts and an empty story ----------------------------------------
sql "UPDATE posts SET hidden = 1 WHERE id = 4"
ok "hidden post" storied render
contains "a hidden post that is placed stays in the story (rm takes it out)" "$out" "demo spoilers"
ok "empty project" storied -p empty.sqlite init --title "Nothing yet"
for f in html embed md json; do
	ok "empty story: $f" storied -p empty.sqlite render --format $f
done
ok "empty story: valid JSON" python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d["items"] == [] and d["sources"] == []' "$out"

# --- the README's and docs/templates.md's commands, as written ---------------
ok "README: page" storied render -o story.html
ok "README: fragment" storied render --format embed -o embed.html
ok "README: Markdown with front matter" storied render --format md --front-matter -o story.md
ok "README: JSON" storied render --format json -o story.json
for f in story.html embed.html story.md story.json; do
	[ -s "$f" ] && pass "README: $f written" || fail "README: $f written"
done
mkdir mytemplates
ok "templates.md: copy a built-in template" cp "$TOP/templates/post.html.mustache" mytemplates/
ok "templates.md: render with it" storied render --templates mytemplates -o custom.html
if cmp -s story.html custom.html; then pass "a copied built-in renders the same"; else fail "a copied built-in renders the same"; fi

# --- avatars: one person, one colour; initials under every avatar ------------
# Ingrid's second post has no profile URL: her colour is keyed on who she is
# (handle, else name), the same on both posts and in "Top voices". An avatar
# that fails to load shows the initials there too (data-initials, as posts).
sql "UPDATE posts SET author_url = NULL WHERE id = 7"
ok "render embed with the numbers" storied render --format embed --media remote -o voices.html
hues=$(grep -o 'st-avatar st-hue-[0-9]*" aria-hidden="true"><span class="st-initials">IL<' voices.html |
	sed 's/.*hue-\([0-9]*\)".*/\1/')
same "Ingrid's circles: two posts and Top voices" "$(printf '%s\n' "$hues" | wc -l)" 3
same "one hue for Ingrid in all three" "$(printf '%s\n' "$hues" | sort -u | wc -l)" 1
voices=$(sed -n '/<ol class="st-voices">/,/<\/ol>/p' voices.html)
contains "Top voices: Alice's avatar" "$voices" 'src="https://social.example/avatars/alice.png"'
contains "Top voices: the avatar carries the initials" "$voices" 'referrerpolicy="no-referrer" data-initials="AB">'
same "Top voices: every avatar carries them" "$(printf '%s\n' "$voices" | grep -o '<img [^>]*>' | grep -vc 'data-initials=')" 0

