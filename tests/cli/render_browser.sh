# render_browser.sh - the real rendered page of a hostile project, loaded in
# headless Chromium: no script runs.
#
# tests/tools/hostile_project fills a project with payloads in every field
# a feed or a curator writes (post HTML from every sanitizer fixture, names,
# avatars, links, alt text, titles, notes, captions, headings...), each
# payload's alert(1) made a marker that leaves data-pwnedN on <html>.
#   page      the page exactly as rendered, with its CSP meta.
#   nocsp     the same page without the CSP meta, alert/confirm/prompt
#             hooked and a trusted script at the end: scripts can run in
#             it, so only the escaping and the sanitizer stand in the way.
#   embed     the embed fragment pasted into a host page with no CSP, the
#             same hooks and trusted script: what a blogger's page gets.
#   control   the nocsp page with one unsanitized payload added: its marker
#             must appear, or the test could not see a script run.
. "$TOP/tests/lib.sh"

need_browser hostile_project

HOOKS="<script>alert=confirm=prompt=function(x){top.document.documentElement.setAttribute('data-pwned-alert',String(x))}</script>"
TRUSTED="<script>document.documentElement.setAttribute('data-page-scripts','ran')</script>"


ok "init" storied init --title placeholder
"$tool" "$TOP/tests/fixtures/sanitize" >hostile.sql
ok "hostile project loads" sqlite3 -batch story.sqlite ".read hostile.sql"
posts=$(sql "SELECT count(*) FROM story_items WHERE kind = 'post'")
echo "# $posts hostile posts, $(sql "SELECT count(*) FROM story_items WHERE kind != 'post'") hostile notes and headings"

ok "render the hostile page" storied render -o page.html
ok "render the hostile fragment" storied render --format embed -o fragment.html
ok "the page is structurally safe" python3 "$TOP/tests/tools/htmlcheck.py" page.html
ok "the fragment is structurally safe" python3 "$TOP/tests/tools/htmlcheck.py" fragment.html --fragment

# The page without its CSP, hooked, with a trusted script before </body>.
grep -v 'http-equiv="Content-Security-Policy"' page.html |
	sed "s|<head>|<head>$HOOKS|; s|</body>|$TRUSTED</body>|" >nocsp.html
{
	printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>host</title>%s</head><body>\n' "$HOOKS"
	printf '<p>A blog post embedding a story.</p>\n'
	cat fragment.html
	printf '%s</body></html>\n' "$TRUSTED"
} >embed.html
sed 's|</body>|<img src=x onerror=top.document.documentElement.dataset.pwned0=1></body>|' nocsp.html >control.html

ok "control page loads" browser_dump control
contains "control: an unsanitized payload runs and is seen" "$(root_tag control)" "data-pwned0"

ok "rendered page loads" browser_dump page
root=$(root_tag page)
lacks "page: no payload runs" "$root" "data-pwned"
lacks "page: the CSP lets no script run at all" "$root" "data-page-scripts"
articles=$(grep -o '<article class="st-post"' "$WORK/page.dom" | wc -l)
same "page: every hostile post is in the DOM, none swallowed the rest" "$articles" "$posts"

ok "page without CSP loads" browser_dump nocsp
root=$(root_tag nocsp)
contains "page without CSP: its own script runs" "$root" 'data-page-scripts="ran"'
lacks "page without CSP: no payload runs" "$root" "data-pwned"
articles=$(grep -o '<article class="st-post"' "$WORK/nocsp.dom" | wc -l)
same "page without CSP: every post is in the DOM" "$articles" "$posts"

ok "host page with the fragment loads" browser_dump embed
root=$(root_tag embed)
contains "host page: its own script runs" "$root" 'data-page-scripts="ran"'
lacks "host page: no payload from the fragment runs" "$root" "data-pwned"
articles=$(grep -o '<article class="st-post"' "$WORK/embed.dom" | wc -l)
same "host page: every post is in the DOM" "$articles" "$posts"
