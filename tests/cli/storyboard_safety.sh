# storyboard_safety.sh - a storyboard that cannot eat a story: an empty
# one applies nothing and says so; taking out more than half asks on a
# terminal (--yes does not); '# Day one' is an error with its line, '#word'
# is no comment; the header says what a comment is; the editor defaults to
# nano where installed, else vi.
. "$TOP/tests/lib.sh"

ok "init" storied init --title "Safety"
sql <"$FIXTURES/posts.sql"
ok "add --all" storied -q add --all
n=$(sql 'SELECT count(*) FROM story_items')

printf '' >empty.txt
expect 1 "an empty storyboard applies nothing" storied storyboard apply empty.txt
contains "and says so" "$errout" "no items left: nothing applied"
same "the story is whole" "$(sql 'SELECT count(*) FROM story_items')" "$n"
storied storyboard export -o full.txt
grep '^#' full.txt >comments.txt
expect 1 "only the header left applies nothing" storied storyboard apply comments.txt
same "the story is still whole" "$(sql 'SELECT count(*) FROM story_items')" "$n"
contains "the header says what a comment is" "$(cat full.txt)" "Comments: a line of '#' alone, or '#' and a space, above the first block"

# '# Day one' below a block: an error naming its line, nothing applied.
awk 'NR == 1, /^post / { print; next } !done { print "# Day one"; done = 1 } { print }' full.txt >day.txt
line=$(grep -n '^# Day one' day.txt | cut -d: -f1)
expect 1 "'# Day one' is an error" storied storyboard apply day.txt
contains "with its line and what to write" "$errout" "line $line: '# Day one': headings start at ##; a comment is '#' and a space"
sed 's/^# Day one$/#nosd26 rocks/' day.txt >word.txt
expect 1 "'#word' is no comment" storied storyboard apply word.txt
contains "it says so" "$errout" "'#nosd26' is not storyboard syntax"
sed 's/^# Day one$/## Day one/' day.txt >ok.txt
ok "'## Day one' is a heading" storied storyboard apply ok.txt

# Taking out more than half: no terminal, no question (scripts); on a
# terminal it asks, and "n" applies nothing.
awk '/^post / { if (++k > 2) next } { print }' full.txt >most.txt
if command -v script >/dev/null 2>&1; then
	printf 'n\n' | script -qec "\"$STORIED\" storyboard apply $WORK/most.txt" /dev/null >tty.out 2>&1
	contains "on a terminal it asks" "$(cat tty.out)" "this takes 6 of the story's 8 items out; apply it?"
	same "no: nothing applied" "$(sql 'SELECT count(*) FROM story_items')" 8
	printf '' | script -qec "\"$STORIED\" storyboard apply --yes $WORK/most.txt" /dev/null >tty.out 2>&1
	same "--yes: no question, applied" "$(sql 'SELECT count(*) FROM story_items')" 2
	lacks "--yes asks nothing" "$(cat tty.out)" "apply it?"
	ok "undo" storied -q undo
else
	echo "# skipped: script(1) is not installed, the terminal question is not tested"
fi

# The editor: $VISUAL, then $EDITOR, then nano where installed, else vi.
mkdir bin
cat >bin/nano <<'SH'
#!/bin/sh
echo nano >"$WORK/which-editor"
SH
cat >bin/vi <<'SH'
#!/bin/sh
echo vi >"$WORK/which-editor"
SH
chmod +x bin/nano bin/vi
export WORK
ok "edit with no editor set, nano installed" env -u VISUAL -u EDITOR PATH="$WORK/bin:/usr/bin:/bin" "$STORIED" edit
same "nano is the default" "$(cat which-editor)" nano
rm bin/nano
ok "edit with no editor set, no nano" env -u VISUAL -u EDITOR PATH="$WORK/bin" "$STORIED" edit
same "else vi" "$(cat which-editor)" vi
