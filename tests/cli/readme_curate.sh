# readme_curate.sh - the README's "Curating the story" section runs as
# written: every `storied` command it shows, in order, on the fixture
# posts, and its storyboard example applies.
. "$TOP/tests/lib.sh"

storied init --title "NOSD 2026" --timezone Europe/Oslo 2>/dev/null
sql <"$FIXTURES/posts.sql"
cat >noop.sh <<'ED'
#!/bin/sh
exit 0
ED
chmod +x noop.sh
export EDITOR="$WORK/noop.sh"

section=$(sed -n '/^## Curating the story/,/^## [^C]/p' "$TOP/README.md")
[ -n "$section" ] && pass "README has the section" || fail "README has the section"
printf '%s\n' "$section" | sed -n 's/^    storied //p' >commands.txt
same "README shows the commands" "$(wc -l <commands.txt | tr -d ' ')" 17
while IFS= read -r line; do
	eval "set -- $line"
	ok "README: storied $line" storied "$@"
done <commands.txt
ok "README: show after the walk-through" env COLUMNS=200 "$STORIED" show
contains "the heading is there" "$out" "## Day one"
contains "the caption is there" "$out" "Alice was **there** first."

printf '%s\n' "$section" | awk '/^A storyboard looks like this/ { on = 1; next }
	on && /^    / { sub(/^    /, ""); print; seen = 1; next }
	on && seen && /^[^ ]/ { exit }
	on && /^$/ { if (seen) print ""; next }' >example.txt
contains "example extracted" "$(cat example.txt)" "post 1  @alice"
ok "README storyboard example applies" storied storyboard apply example.txt
ok "show after the example" storied show --json
python3 - "$out" <<'PY' && pass "example made the story it shows" || fail "example made the story it shows" "$out"
import json, sys
s = json.loads(sys.argv[1])
kinds = [(i["kind"], i["post_id"] or i["text"].split("\n")[0], i["level"]) for i in s]
assert kinds == [("heading", "Day one", 2), ("post", 1, None),
                 ("note", "The *keynote* filled the room.", None), ("heading", "Slides", 3),
                 ("post", 2, None), ("heading", "The afternoon", 2), ("post", 3, None)], kinds
assert s[1]["caption"] == "Alice was **there** first."
assert s[2]["text"] == "The *keynote* filled the room.\n\nA second paragraph of the note."
assert s[6]["caption"] is None
PY
