# render_print.sh - printed (and saved as PDF), the story drops nothing: a
# post under a content warning is open on paper with the warning above it,
# and every post, note, heading and caption is in the PDF's text. The page
# and the embed in a host page are printed by headless Chromium
# (--print-to-pdf, what page.pdf() does) and read back with pdftotext.
. "$TOP/tests/lib.sh"

need_chromium
if ! command -v pdftotext >/dev/null 2>&1; then
	echo "# skipped: pdftotext is not installed (make deps: poppler-utils)"
	exit 0
fi
# pdf NAME: NAME.html printed to NAME.pdf, its text in NAME.txt on one line.
pdf() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update --disable-sync \
	    --no-first-run --disable-extensions --host-resolver-rules="MAP * ~NOTFOUND" \
	    --user-data-dir="$WORK/profile-$1" --no-pdf-header-footer \
	    --print-to-pdf="$WORK/$1.pdf" "file://$WORK/$1.html" >"$WORK/$1.log" 2>&1 &&
		pdftotext "$WORK/$1.pdf" - | tr -s ' \n' '  ' >"$WORK/$1.txt"
}

ok "init" storied init --title placeholder
sql <"$FIXTURES/posts.sql"
sql <"$FIXTURES/story.sql"
# A word only each post has, at its end, to find every post whole.
sql "DELETE FROM media; UPDATE posts SET content_html = content_html || '<p>Endmark' || id || '</p>'"
same "the fixture warns about a post" "$(sql "SELECT count(*) FROM posts p JOIN story_items i ON i.post_id = p.id WHERE content_warning IS NOT NULL")" 1

ok "render the page" storied render -o page.html
ok "render the embed" storied render --format embed -o embed.html
{
	printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>A blog</title></head><body>\n'
	printf '<p>A blog post embedding a story.</p>\n'
	cat embed.html
	printf '</body></html>\n'
} >host.html

for page in page host; do
	ok "$page: printed to PDF" pdf "$page"
	text=$(cat "$page.txt")
	for id in $(sql "SELECT post_id FROM story_items WHERE kind = 'post' ORDER BY position"); do
		contains "$page: post $id is printed whole" "$text" "Endmark$id"
	done
	contains "$page: the warned post's warning is printed" "$text" "Content warning: demo spoilers"
	case "$text" in
	*"Content warning: demo spoilers Spoilers for the closing demo"*) pass "$page: the warning is right above the post it warns of" ;;
	*) fail "$page: the warning is right above the post it warns of" "$(printf '%s' "$text" | grep -o 'Content warning.\{0,80\}')" ;;
	esac
	contains "$page: headings" "$text" "Day one"
	contains "$page: notes" "$text" "The doors opened at nine"
	contains "$page: captions" "$text" "The room was full an hour early."
	contains "$page: the title" "$text" "Nordic Open Source Days 2026"
done
contains "page: the credits" "$(cat page.txt)" "Sources and people"
