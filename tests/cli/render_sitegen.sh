# render_sitegen.sh - Markdown that drops into static-site generators: the
# story rendered with --front-matter and --for jekyll|hugo, built by
# Debian's jekyll (kramdown + Liquid) and hugo (goldmark + shortcodes), and
# the built page's text checked: no stray backslashes, no Liquid or
# shortcode run, link URLs byte for byte, the post filed under the event's
# day.
. "$TOP/tests/lib.sh"

ok "init" storied init --title placeholder
sql <"$FIXTURES/posts.sql"
sql <"$FIXTURES/story.sql"
# Text that trips a generator: Liquid and shortcode openers, an entity
# written as text, an ampersand, a Windows path, snake_case, a URL with '_'.
sql <<'SQL'
-- (Posts 1 and 3 have no HTML here: their plain text is quoted.)
UPDATE posts SET content_html = NULL, safe_html = NULL WHERE id IN (1, 3);
UPDATE posts SET content_text = 'R&D and L&D teams: {{ site.title }} {% raw %} {{< gist x >}} {{% note %}} &copy; C:\Users snake_case ~tilde~ 50$ #nosd26',
  permalink = 'https://social.example/@alice/media_attachments/111_(x)'
 WHERE id = 1;
INSERT INTO story_items (id, kind, post_id, body, level, position, created_at, updated_at)
VALUES (20, 'note', NULL, 'A note: {{ page.secret }} and {% endraw %} and `{{< code >}}`.', NULL, 'c0', 0, 0);
-- Code that names shortcodes: Hugo reads them even in code spans, so each
-- must show as written with none run ("gist" and "highlight" are Hugo's,
-- "note" none: it would fail the build); a lone opener too.
INSERT INTO story_items (id, kind, post_id, body, level, position, created_at, updated_at)
VALUES (21, 'note', NULL, 'Shortcodes: `{{< gist x >}}`, `{{% note %}}`, a lone `{{<`, the escape `{{</* c */>}}` and {{% text %}}.

```
{{< highlight go >}}
x := 1
{{< /highlight >}}
{{% lone
```

After: `{{% y %}}` ok.', NULL, 'c1', 0, 0),
 (22, 'heading', NULL, 'Using `{{< x >}}` and `{{%`', 3, 'c2', 0, 0);
UPDATE story_items SET body = 'The room was *full* an hour early: `{{%`' WHERE id = 3;
-- Bare URLs (Goldmark cut a linked one at its first backslash, kramdown
-- links none) and Hugo's summary marker, which splits a page.
UPDATE posts SET content_text = 'Links: https://ex.example/snake_case_path/x_y, (see https://ex.example/wiki/A_(b)_c). www.ex.example/w_x. Slash\https://ex.example/b_s
https://ex.example/line_start ok {{ https://ex.example/q?{{x}} }}
Keep <!--more--> in the text. #nosd26'
 WHERE id = 3;
-- Post HTML is written as Markdown: links, pictures, emphasis, breaks,
-- lists and quotes kept, every text escaped, in hostile company. Post 6
-- is sanitized on the fly, post 2 shown as stored (a Mastodon link whose
-- text is its URL).
UPDATE posts SET safe_html = NULL, content_html = '<p>Hana has posted <a href="https://hana.example/a11y_components">her <em>slides</em></a>, see <a href="https://hx.example/x_y">https://hx.example/x_y</a> and <a href="https://hx.example/{{z}}">{{ site.title }} {% raw %}</a></p><p>- not a list<br>1. not ordered<br><br># not a heading<br>  <strong> bold </strong>and<em></em> <i>it</i>alic*star* [x](javascript:y) <b>{{< gist >}}</b> <a href="javascript:alert(1)">js</a></p><ul><li>one <img src="https://img.example/a_b.png" alt="A [bracket] *alt*"></li><li>two<ul><li>nested</li></ul></li></ul><ol start="3"><li>three</li><li>four</li></ol><blockquote><p>quoted <a href="mailto:a@b.example">mail me</a></p></blockquote><pre>code {{x}}
  indented {%y%}
</pre><p>Keep &lt;!--more--&gt; twice <a href="https://pic.example/"><img src="https://pic.example/i.png" alt="logo"></a> <a href="https://pic.example/p(a)">pic.example/p(a)</a> <script>alert(2)</script></p><p>foo<em>"bar"</em> and <em>"ok"</em></p><ul><li>a<ol start="7"><li>seven</li></ol></li></ul>'
 WHERE id = 6;
-- What a typographer (kramdown's, Goldmark's) would rewrite: dashes,
-- dots, quotes, angle quotes; in text, a link, emphasis, a list item, a
-- content warning, a name and a plain-text post; single hyphens untouched.
UPDATE posts SET safe_html = NULL, content_html = '<p>Run it with --full or the --jobs flag, not ---x or ----y... wait.... ''single'' "double" don''t, 5''10" a >> b << c, e-learning -x x- a - b</p><p><a href="https://xn--bcher-kva.example/t">see --full "here"...</a> <em>em --full ''q''</em> <strong>--strong--</strong></p><ul><li>item --full "q"...</li></ul>',
  content_warning = 'spoilers -- "demo"...', author_name = 'Dag "the demo" O''Neil'
 WHERE id = 4;
UPDATE posts SET content_text = content_text || ' Plain: --full ... "q" don''t >>'
 WHERE id = 1;
UPDATE posts SET safe_html = '<p>Slides: <a href="https://slides.example/sqlite_field" rel="nofollow noopener ugc"><span class="invisible">https://</span><span class="ellipsis">slides.example/sqlite_fi</span><span class="invisible">eld</span></a> <a href="https://social.example/tags/nosd26" class="mention hashtag" rel="nofollow noopener ugc">#<span>nosd26</span></a></p>'
 WHERE id = 2;
SQL
# What each reader must make of post 6's and post 2's HTML.
html_urls='href="https://hx.example/x_y"
href="https://hana.example/a11y_components"
href="https://slides.example/sqlite_field"
href="https://social.example/tags/nosd26"
href="https://pic.example/"
href="https://pic.example/p(a)"
href="mailto:a@b.example"'
html_imgs='src="https://img.example/a_b.png"
src="https://pic.example/i.png"'
html_check() { # NAME BUILT-PAGE
	same "$1: post links, href by href" \
		"$(hrefs "$2" | grep -e 'hana\.example' -e 'hx\.example/x' -e 'pic\.example/' -e 'mailto:' -e 'slides\.example/sqlite_f' -e 'tags/nosd26"' | sort -u)" \
		"$(printf '%s\n' "$html_urls" | sort -u)"
	same "$1: inline pictures" "$(grep -o 'src="[^"]*"' "$2" | grep -e img.example -e pic.example | sort -u)" "$html_imgs"
	t=$(page_text "$2")
	contains "$1: link text" "$t" "Hana has posted her slides , see https://hx.example/x_y and {{ site.title }} {% raw %}"
	contains "$1: emphasis" "$(cat "$2")" "her <em>slides</em></a>"
	contains "$1: bold" "$(cat "$2")" "<strong>bold</strong> and <em>it</em>alic*star* [x](javascript:y) <strong>{{"
	contains "$1: markup-like text stays text" "$t" "- not a list 1. not ordered"
	contains "$1: a heading-like line stays text" "$t" "# not a heading"
	contains "$1: lists" "$(tr -d '\n' <"$2" | sed 's/> *</></g')" "<li>nested</li>"
	contains "$1: an ordered list" "$(tr -d '\n' <"$2" | sed 's/> *</></g')" "<li>three</li><li>four</li></ol>"
	contains "$1: the quote" "$t" "quoted mail me"
	contains "$1: pre's lines" "$t" "code {{x}} indented {%y%}"
	contains "$1: a Mastodon link whose text is its URL" "$t" "Slides: https://slides.example/sqlite_field #nosd26"
	lacks "$1: emphasis that cannot open leaves no asterisk" "$t" "foo*"
	lacks "$1: no script link" "$(hrefs "$2")" "javascript:"
	contains "$1: the marker in post HTML as text" "$t" "Keep <!--more--> twice"
	# Every character of a post as its author wrote it: no en or em
	# dash, ellipsis or angle quote made of them. Straight quotes may
	# come out curled (the site's typography, which changes no word).
	lacks "$1: no dash made of hyphens" "$t" "–full"
	lacks "$1: no ellipsis made of dots" "$t" "wait…"
	lacks "$1: no guillemet" "$t" "a » b"
	t=$(printf '%s' "$t" | sed "s/‘/'/g; s/’/'/g; s/“/\"/g; s/”/\"/g")
	contains "$1: dashes, dots and quotes as written" "$t" \
		"Run it with --full or the --jobs flag, not ---x or ----y... wait.... 'single' \"double\" don't, 5'10\" a >> b << c, e-learning -x x- a - b"
	contains "$1: in link text" "$t" "see --full \"here\"..."
	contains "$1: in emphasis" "$t" "em --full 'q' --strong--"
	contains "$1: in a list item" "$t" "item --full \"q\"..."
	contains "$1: in a content warning" "$t" "Content warning: spoilers -- \"demo\"..."
	contains "$1: in a name" "$t" "Dag \"the demo\" O'Neil"
	contains "$1: in a plain-text post" "$t" "Plain: --full ... \"q\" don't >>"
	contains "$1: a punycode domain in the numbers" "$t" "xn--bcher-kva.example"
	lacks "$1: no script" "$(cat "$2")" "alert(2)"
}
# What the code in notes, captions and headings shows, once built.
code_check() { # NAME BUILT-PAGE
	t=$(page_text "$2")
	contains "$1: code spans as written" "$t" \
		"Shortcodes: {{< gist x >}} , {{% note %}} , a lone {{< , the escape {{</* c */>}} and {{% text %}}."
	contains "$1: a code block as written" "$t" "{{< highlight go >}} x := 1 {{< /highlight >}} {{% lone"
	contains "$1: code after a lone opener" "$t" "After: {{% y %}} ok."
	contains "$1: a caption's code" "$t" "The room was full an hour early: {{%"
	contains "$1: a heading's code" "$t" "Using {{< x >}} and {{%"
	lacks "$1: no backslash in code" "$t" '{\{'
	lacks "$1: no gist ran" "$(cat "$2")" "gist.github"
	lacks "$1: no highlight ran" "$(cat "$2")" 'class="chroma"'
}
# The links each reader must make of post 3, href by href.
urls='href="http://www.ex.example/w_x"
href="https://ex.example/b_s"
href="https://ex.example/line_start"
href="https://ex.example/q?%7B%7Bx%7D%7D"
href="https://ex.example/snake_case_path/x_y"
href="https://ex.example/wiki/A_(b)_c"'
post_urls() { hrefs "$1" | grep -e 'ex\.example' | sort -u; }

# Text of a built page: tags dropped, entities decoded, blanks squeezed.
page_text() {
	python3 -c 'import html,re,sys; t=open(sys.argv[1],encoding="utf-8").read(); t=re.sub(r"<[^>]*>"," ",t); print(" ".join(html.unescape(t).split()))' "$1"
}
hrefs() { grep -o 'href="[^"]*"' "$1" | sed 's/&amp;/\&/g'; }

# --- the Markdown itself -----------------------------------------------------
ok "render md --for jekyll" storied render --format md --front-matter --for jekyll
md=$out
contains "front matter date: the event's first day, project zone, offset" "$md" \
	"date: 2026-03-14T12:00:00+01:00"
contains "ampersand stays as written" "$md" "R&D and L&D teams"
contains "an entity written as text stays text" "$md" "&amp;copy;"
contains "a backslash before a letter stays single" "$md" 'C:\Users'
contains "link URL keeps its bytes" "$md" "(https://social.example/@alice/media_attachments/111_(x))"
lacks "jekyll: no Liquid opener survives" "$(printf '%s' "$md" | sed 's/{{ "{{" }}//g; s/{{ "{%" }}//g')" "{{"
contains "jekyll: a hyphen no typographer reads stays bare" "$md" "e-learning -x x- a - b"
contains "jekyll: a typographer's input escaped" "$md" "Run it with -\\-full or the -\\-jobs flag, not -\\--x or -\\--\\-y..\\. wait..\\.."
contains "jekyll: quotes left bare, for the site to curl" "$md" "'single' \"double\" don't, 5'10\""
ok "render plain md" storied render --format md -o plain.md
contains "plain md: no typographer, no escape" "$(cat plain.md)" "Run it with --full or the --jobs flag, not ---x or ----y... wait.... 'single' \"double\" don't"
cmark plain.md >plain.html
same "cmark: bare URLs linked whole" "$(post_urls plain.html)" "$urls"
# (page_text reads each tag as a space.)
contains "cmark: the text around them" "$(page_text plain.html)" \
	"Links: https://ex.example/snake_case_path/x_y , (see https://ex.example/wiki/A_(b)_c ). http://www.ex.example/w_x . Slash\ https://ex.example/b_s"
contains "cmark: the summary marker as text" "$(page_text plain.html)" "Keep <!--more--> in the text. #nosd26"
html_check cmark plain.html
ok "md: cmark finds no raw HTML and no unsafe URL in it" python3 "$TOP/tests/tools/mdcheck.py" plain.md
# (kramdown numbers every list from 1.)
contains "cmark: an ordered list keeps its start" "$(cat plain.html)" '<ol start="3">'
contains "cmark: so does one inside a list item" "$(tr -d '\n' <plain.html)" '<li><p>a</p><ol start="7"><li>seven</li></ol>'
contains "cmark: emphasis beside a letter dropped, elsewhere kept" "$(cat plain.html)" \
	'foo&quot;bar&quot; and <em>&quot;ok&quot;</em>'
lacks "md: no link reads its own URL" "$(cat plain.md)" "[https://"
contains "md: a link whose text is its URL is an autolink" "$(cat plain.md)" "<https://slides.example/sqlite_field>"
contains "md: hashtags link to their tag" "$(cat plain.md)" "[#nosd26](https://social.example/tags/nosd26)"
expect 2 "--for needs md" storied render --for jekyll
expect 2 "--for names a known generator" storied render --format md --for eleventy

# --- Jekyll ------------------------------------------------------------------
if command -v jekyll >/dev/null 2>&1; then
	mkdir -p jk/_posts
	printf '%s\n' "$md" >jk/_posts/2026-03-14-nosd.md
	if (cd jk && jekyll build -q -s . -d _site) >jekyll.log 2>&1; then
		pass "jekyll builds the Markdown"
	else
		fail "jekyll builds the Markdown" "$(cat jekyll.log)"
	fi
	built=$(ls jk/_site/2026/03/*/nosd.html 2>/dev/null | head -n 1)
	case "$built" in
	*/2026/03/14/nosd.html) pass "jekyll files the post under the event's day" ;;
	*) fail "jekyll files the post under the event's day" "built: $(find jk/_site -name '*.html')" ;;
	esac
	text=$(page_text "$built")
	contains "jekyll: R&D and L&D" "$text" "R&D and L&D teams:"
	contains "jekyll: Liquid left as text" "$text" "{{ site.title }} {% raw %} {{< gist x >}} {{% note %}}"
	contains "jekyll: &copy; as written" "$text" "&copy; C:\\Users snake_case ~tilde~ 50\$"
	contains "jekyll: note's Liquid left as text" "$text" "A note: {{ page.secret }} and {% endraw %} and {{< code >}}"
	lacks "jekyll: no stray backslash" "$text" '\'"&"
	contains "jekyll: heading" "$text" "Day one"
	contains "jekyll: hashtags" "$text" "#nosd26 #NOSD2026"
	contains "jekyll: link URL exact" "$(hrefs "$built")" 'href="https://social.example/@alice/media_attachments/111_(x)"'
	same "jekyll: bare URLs linked whole" "$(post_urls "$built")" "$urls"
	contains "jekyll: the summary marker as text" "$text" "Keep <!--more--> in the text. #nosd26"
	html_check jekyll "$built"
	code_check jekyll "$built"
else
	echo "# skipped: jekyll is not installed (make deps installs it)"
fi

# --- Hugo --------------------------------------------------------------------
if command -v hugo >/dev/null 2>&1; then
	ok "render md --for hugo" storied render --format md --front-matter --for hugo
	mkdir -p hg/content/posts hg/layouts/_default
	printf 'baseURL = "http://example.org/"\ntitle = "site"\n' >hg/config.toml
	printf '{{ .Content }}' >hg/layouts/_default/single.html
	printf '{{ .Content }}' >hg/layouts/_default/list.html
	printf '%s\n' "$out" >hg/content/posts/nosd.md
	if hugo --quiet --source hg --cacheDir "$WORK/hugo-cache" >hugo.log 2>&1; then
		pass "hugo builds the Markdown"
	else
		fail "hugo builds the Markdown" "$(cat hugo.log)"
	fi
	text=$(page_text hg/public/posts/nosd/index.html)
	contains "hugo: R&D and L&D" "$text" "R&D and L&D teams:"
	contains "hugo: shortcodes left as text" "$text" "{{ site.title }} {% raw %} {{< gist x >}} {{% note %}}"
	contains "hugo: &copy; as written" "$text" "&copy; C:\\Users snake_case ~tilde~ 50\$"
	contains "hugo: note kept" "$text" "A note: {{ page.secret }} and {% endraw %} and"
	contains "hugo: link URL exact" "$(hrefs hg/public/posts/nosd/index.html)" \
		'href="https://social.example/@alice/media_attachments/111_(x)"'
	same "hugo: bare URLs linked whole" "$(post_urls hg/public/posts/nosd/index.html)" "$urls"
	contains "hugo: the summary marker as text, the page whole" "$text" \
		"Keep <!--more--> in the text. #nosd26"
	html_check hugo hg/public/posts/nosd/index.html
	code_check hugo hg/public/posts/nosd/index.html
	contains "hugo: a code span, one element" "$(cat hg/public/posts/nosd/index.html)" "<code>{{&lt; gist x &gt;}}</code>"
	contains "hugo: an ordered list keeps its start" "$(cat hg/public/posts/nosd/index.html)" '<ol start="3">'
else
	echo "# skipped: hugo is not installed (make deps installs it)"
fi

# --- the HTML fragment pasted into a generator's page -------------------------
# Jekyll runs Liquid over an .html post ({{ }}, {% %}) and Hugo extracts
# shortcodes ({{< >}}, {{% %}}) from an .html page: in the embed (and the
# page) no text or attribute holds "{{", "{%" or "{#" as written; a '{'
# of the story's own text is "&#123;", which a browser shows as '{'.
export STORIED_PROJECT="$WORK/embed.sqlite"
ok "embed project" storied init --title placeholder
sql <"$FIXTURES/posts.sql"
sql <"$FIXTURES/story.sql"
sql <<'SQL'
UPDATE settings SET value = 'Story {{ site.title }}' WHERE key = 'title';
UPDATE settings SET value = 'About {% foo %} and {# c #}' WHERE key = 'description';
UPDATE posts SET content_html = '<p>Post {% foo %} and {{ site.title }} <a href="https://ex.example/{{x}}" title="{{% t %}}">l</a> {#n#}</p>',
  author_name = 'Ann {{ page.a }}' WHERE id = 1;
UPDATE posts SET title = 'Title {{ page.x }}' WHERE id = 2;
-- As the sanitizer stored it before it wrote '{' as "&#123;".
UPDATE posts SET safe_html = '<p>Stored before {{&lt; gist x &gt;}} and {% raw %} <a href="https://ex.example/{%y%}">l</a></p>' WHERE id = 3;
UPDATE posts SET content_warning = 'cw {% cw %}' WHERE id = 4;
UPDATE media SET alt = 'alt {{% z %}}' WHERE post_id = 1;
UPDATE story_items SET body = 'Day {{< x >}}' WHERE id = 1;
UPDATE story_items SET body = 'Note {{% x %}} and `{% raw %}` and {{ page.n }}' WHERE id = 2;
UPDATE story_items SET body = 'Caption {{< gist y >}} {# c #}' WHERE id = 3;
INSERT INTO cards (url, title, description, site_name, status) VALUES
 ('https://slides.example/sqlite', 'Card {{ card }}', 'Says {% card %}', 'Site {{< s >}}', 'read');
INSERT INTO post_cards (post_id, url) VALUES (2, 'https://slides.example/sqlite');
SQL
ok "render embed" storied render --format embed --no-stats -o embed.html
ok "render page" storied render -o page.html
for f in embed.html page.html; do
	lacks "$f: no {{ in it" "$(cat $f)" "{{"
	lacks "$f: no {% in it" "$(cat $f)" "{%"
	lacks "$f: no {# in it" "$(cat $f)" "{#"
done
contains "the post's braces are character references" "$(cat embed.html)" "Post &#123;% foo %} and &#123;&#123; site.title }}"
same "the same bytes twice" "$(storied render --format embed --no-stats)" "$(cat embed.html)"
# What each piece of text shows, once built.
embed_texts='Story {{ site.title }}
About {% foo %} and {# c #}
Post {% foo %} and {{ site.title }} l {#n#}
Ann {{ page.a }}
Title {{ page.x }}
Stored before {{< gist x >}} and {% raw %} l
cw {% cw %}
alt {{% z %}}
Day {{< x >}}
Note {{% x %}} and {% raw %} and {{ page.n }}
Caption {{< gist y >}} {# c #}
Card {{ card }}
Says {% card %}
Site {{< s >}}'
embed_check() { # NAME PAGE
	t=$(page_text "$2")
	printf '%s\n' "$embed_texts" | while IFS= read -r want; do
		contains "$1: shows \"$want\"" "$t" "$want"
	done
	contains "$1: attribute URLs kept" "$(cat "$2")" \
		'href="https://ex.example/&#123;&#123;x}}"'
	contains "$1: a stored post's attribute URL too" "$(cat "$2")" \
		'href="https://ex.example/&#123;%y%}"'
	contains "$1: title attribute kept" "$(cat "$2")" 'title="&#123;&#123;% t %}}"'
}
if command -v jekyll >/dev/null 2>&1; then
	mkdir -p je/_posts
	{ printf -- '---\ntitle: embed\n---\n'; cat embed.html; } >je/_posts/2026-03-14-embed.html
	if (cd je && jekyll build -q -s . -d _site) >jekyll-embed.log 2>&1; then
		pass "jekyll builds a post holding the embed"
	else
		fail "jekyll builds a post holding the embed" "$(cat jekyll-embed.log)"
	fi
	built=$(ls je/_site/2026/03/*/embed.html 2>/dev/null | head -n 1)
	if [ -n "$built" ]; then
		embed_check "jekyll embed" "$built"
	else
		fail "jekyll embed: built page" "$(find je/_site -type f)"
	fi
else
	echo "# skipped: jekyll is not installed (make deps installs it)"
fi
if command -v hugo >/dev/null 2>&1; then
	mkdir -p he/content/posts he/layouts/_default
	printf 'baseURL = "http://example.org/"\ntitle = "site"\n' >he/config.toml
	printf '{{ .Content }}' >he/layouts/_default/single.html
	printf '{{ .Content }}' >he/layouts/_default/list.html
	{ printf -- '---\ntitle: embed\n---\n'; cat embed.html; } >he/content/posts/embed.html
	if hugo --quiet --source he --cacheDir "$WORK/hugo-cache" >hugo-embed.log 2>&1; then
		pass "hugo builds a page holding the embed"
	else
		fail "hugo builds a page holding the embed" "$(cat hugo-embed.log)"
	fi
	if [ -f he/public/posts/embed/index.html ]; then
		embed_check "hugo embed" he/public/posts/embed/index.html
	else
		fail "hugo embed: built page" "$(find he/public -type f)"
	fi
else
	echo "# skipped: hugo is not installed (make deps installs it)"
fi
export STORIED_PROJECT="$WORK/story.sqlite"

# --- the README's line, as written ------------------------------------------
line=$(grep -o 'storied render --format md --front-matter --for jekyll -o [^ ]*' "$TOP/README.md" | head -n 1)
ok "the README's --for jekyll line runs" sh -c "\"\$STORIED\"${line#storied}"
[ -s 2026-03-14-nosd.md ] && pass "it writes the post" || fail "it writes the post" "$line"
