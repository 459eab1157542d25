# readme_stats.sh - the README's "The event in numbers" section runs as
# written on the demo project, and its sample output is what stats prints.
. "$TOP/tests/lib.sh"

ok "the demo" env DEMO_DIR="$WORK/demo" sh "$SAMPLES/demo.sh" "$STORIED"
export STORIED_PROJECT="$WORK/demo/story.sqlite"
section=$(sed -n '/^## The event in numbers/,/^## Rendering/p' "$TOP/README.md")
[ -n "$section" ] && pass "README has the section" || fail "README has the section"
printf '%s\n' "$section" | sed -n 's/^    storied //p' >commands.txt
same "README shows the commands" "$(wc -l <commands.txt | tr -d ' ')" 5
ok "README: stats" storied stats
stats=$out
# The sample output, less its "..." and the sources after the first two.
printf '%s\n' "$section" | sed -n '/^```$/,/^```$/p' | sed '1d;$d' | grep -v '^   \.\.\.$' >sample.txt
while IFS= read -r line; do
	contains "README sample line: $line" "$stats" "$line"
done <sample.txt
sql "DELETE FROM story_items"
while IFS= read -r line; do
	eval "set -- $line"
	ok "README: storied $line" storied "$@"
done <commands.txt
ok "the demo's story has a heading a day" storied show --json
contains "Saturday 14 March" "$out" '"text": "Saturday 14 March"'
contains "Sunday 15 March" "$out" '"text": "Sunday 15 March"'
lacks "--no-stats page" "$(cat plain.html)" '<section class="st-stats"'
