# readme_render.sh - the README's "Rendering" section runs as written:
# every `storied` command it shows, in order, on the fixture story, and
# the second embed it shows shares a page with the first without an id
# in common.
. "$TOP/tests/lib.sh"

storied init --title "NOSD 2026" --timezone Europe/Oslo 2>/dev/null
sql <"$FIXTURES/posts.sql"
sql <"$FIXTURES/story.sql"

section=$(sed -n '/^## Rendering/,/^## [^R]/p' "$TOP/README.md")
[ -n "$section" ] && pass "README has the section" || fail "README has the section"
printf '%s\n' "$section" | sed -n 's/^    storied //p' | sed 's/  *#.*//' >commands.txt
same "README shows the commands" "$(wc -l <commands.txt | tr -d ' ')" 6
while IFS= read -r line; do
	eval "set -- $line"
	ok "README: storied $line" storied "$@"
done <commands.txt
for f in story.html embed.html day2.html story.md 2026-03-14-nosd.md story.json; do
	[ -s "$f" ] && pass "README: $f written" || fail "README: $f written"
done
one=$(grep -o 'id="[^"]*"' embed.html | sort)
two=$(grep -o 'id="[^"]*"' day2.html | sort)
same "the two embeds have no id in common" "$(printf '%s\n%s\n' "$one" "$two" | sort | uniq -d)" ""
contains "the second one's ids start with day2-" "$two" 'id="day2-item-'
