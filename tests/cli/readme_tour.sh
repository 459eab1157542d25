# readme_tour.sh - the README's five-minute tour, run as written.
. "$TOP/tests/lib.sh"

ln -s "$SAMPLES" samples
unset STORIED_PROJECT
export EDITOR=true
# The tour's command lines: indented "storied ..." lines and their
# backslash continuations, in order.
sed -n '/^## A five-minute tour/,/^## [^A]/p' "$TOP/README.md" |
	awk '/^    storied / || cont { print substr($0, 5); cont = /\\$/ }' >tour.sh
same "the tour shows its commands" "$(grep -c "^storied " tour.sh)" 14
n=0
while IFS= read -r line; do
	while [ "${line%\\}" != "$line" ]; do
		IFS= read -r more
		line="${line%\\} ${more# }"
	done
	n=$((n + 1))
	cmd="\"\$STORIED\"${line#storied}"
	expect 0 "tour step $n: $line" sh -c "$cmd"
done <tour.sh
same "the tour collects the 16 matching posts" "$(sqlite3 story.sqlite 'SELECT count(*) FROM posts')" 16
ok "show after the tour" "$STORIED" show
contains "the heading opens the story" "$(printf '%s\n' "$out" | sed -n 2p)" "## Saturday, 14 March"
contains "the note follows it" "$(printf '%s\n' "$out" | sed -n 3p)" "note"
contains "the caption is under the post" "$out" "> By nine the queue"
[ -s story.html ] && [ -s story.md ] && pass "the tour renders" || fail "the tour renders"
contains "the page has the heading" "$(cat story.html)" "Saturday, 14 March</h2>"
