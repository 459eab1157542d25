# storyboard.sh - storyboard export/apply and edit: exact round trips,
# every kind of change, invalid files changing nothing, the editor.
. "$TOP/tests/lib.sh"

storied init --title "NOSD 2026" --timezone Europe/Oslo 2>/dev/null
sql <"$FIXTURES/posts.sql"
positions() { sql "SELECT id || '=' || position FROM story_items ORDER BY id"; }
order() {
	storied show --json | python3 -c '
import json, sys
out = []
for i in json.load(sys.stdin):
    if i["kind"] == "post": out.append("p%d" % i["post_id"])
    elif i["kind"] == "note": out.append("n:" + i["text"].split("\n")[0])
    else: out.append("h%d:%s" % (i["level"], i["text"]))
print(" ".join(out))'
}

storied add --all >/dev/null 2>&1
storied heading "Opening — día uno" --top >/dev/null
storied heading "Deep dive" --level 4 --after "$(sql 'SELECT id FROM story_items WHERE post_id = 2')" >/dev/null
# Notes that are hard to round-trip: blank lines, '#' lines, trailing
# spaces, a blank first line, indentation, non-ASCII, a '    ' line.
printf '# Not a heading\n\nLine with trailing spaces   \n    indented code\n\n\n## also not\n' |
	storied note - --after "$(sql 'SELECT id FROM story_items WHERE post_id = 1')" >/dev/null
sql "INSERT INTO story_items (kind, body, position, created_at, updated_at)
     VALUES ('note', char(10) || 'starts with a blank line' || char(10) || '    ' || char(10) || 'end   ', 'az', 0, 0)"
storied note "   leading spaces and ünïcödé 🇳🇴 « guillemets »" --after "$(sql 'SELECT id FROM story_items WHERE post_id = 3')" >/dev/null
storied annotate "$(sql 'SELECT id FROM story_items WHERE post_id = 4')" "$(printf 'Caption **one**\n\n# hash line\n    code  ')" 
storied annotate "$(sql 'SELECT id FROM story_items WHERE post_id = 6')" "post 3 # looks like syntax" 

s0=$(storied show --json)
p0=$(positions)
h0=$(sql 'SELECT count(*) FROM history')
bodies() { sql "SELECT hex(group_concat(coalesce(body, '-'), '|')) FROM (SELECT body FROM story_items ORDER BY position)"; }
b0=$(bodies)
case "$b0" in *0A0A0A*) pass "fixture notes hold blank lines" ;; *) fail "fixture notes hold blank lines" "$b0" ;; esac

ok "export" storied storyboard export
sb=$out
contains "export explains the format" "$sb" "# One block per item"
contains "export: post line with id and summary" "$sb" "post 1  @alice@social.example · 2026-03-14 10:00 · Opening keynote"
contains "export: heading" "$sb" "## Opening — día uno"
contains "export: level-4 heading" "$sb" "#### Deep dive"
ok "export -o FILE" storied storyboard export -o story.txt
same "export -o writes the same text" "$(cat story.txt)" "$sb"
ok "export -o - is stdout" storied storyboard export -o -
same "export is deterministic" "$out" "$sb"

ok "apply the unchanged storyboard" storied storyboard apply story.txt
contains "unchanged: no changes" "$errout" "no changes"
same "unchanged: show --json identical" "$(storied show --json)" "$s0"
same "unchanged: no key moved" "$(positions)" "$p0"
same "unchanged: nothing recorded" "$(sql 'SELECT count(*) FROM history')" "$h0"
same "unchanged: bodies byte for byte" "$(bodies)" "$b0"
storied storyboard export -o again.txt
same "export after apply is the same" "$(cat again.txt)" "$sb"
ok "apply from standard input" sh -c '"$STORIED" storyboard apply - <story.txt'
same "stdin apply changed nothing" "$(storied show --json)" "$s0"

# Reverse the blocks: every item keeps its id.
python3 - story.txt reversed.txt <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
head, blocks, cur = [], [], None
for l in lines:
    if cur is None and (l.startswith("# ") or l == "#" or l == ""):
        head.append(l); continue
    if l.startswith(("post ", "note", "## ", "### ", "#### ")) and not l.startswith("    "):
        cur = [l]; blocks.append(cur)
    elif cur is not None:
        cur.append(l)
blocks.reverse()
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(head) + "\n" + "\n".join("\n".join(b) for b in blocks) + "\n")
PY
ids0=$(sql 'SELECT id FROM story_items ORDER BY id')
ok "apply reversed blocks" storied storyboard apply reversed.txt
same "reversed: same item ids" "$(sql 'SELECT id FROM story_items ORDER BY id')" "$ids0"
same "reversed: order reversed" "$(storied show --json | python3 -c 'import json,sys; print([i["id"] for i in json.load(sys.stdin)])')" \
	"$(printf '%s' "$s0" | python3 -c 'import json,sys; print([i["id"] for i in json.load(sys.stdin)][::-1])')"
same "reversed: texts and captions kept" "$(storied show --json | python3 -c 'import json,sys; print(sorted((i["id"], i["text"], i["caption"]) for i in json.load(sys.stdin)))')" \
	"$(printf '%s' "$s0" | python3 -c 'import json,sys; print(sorted((i["id"], i["text"], i["caption"]) for i in json.load(sys.stdin)))')"
ok "undo the reversal" storied undo
same "undo restores the order exactly" "$(storied show --json)" "$s0"
same "undo restores the keys" "$(positions)" "$p0"

# One moved line writes one row.
python3 - story.txt moved.txt <<'PY'
import sys
l = open(sys.argv[1], encoding="utf-8").read().split("\n")
i = next(k for k, x in enumerate(l) if x.startswith("post 7 "))
line = l.pop(i)
j = next(k for k, x in enumerate(l) if x.startswith("post 2 "))
l.insert(j, line)
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(l))
PY
ok "apply one moved line" storied storyboard apply moved.txt
contains "one moved" "$errout" "1 moved"
same "one moved line changed one key" "$(printf '%s\n%s\n' "$p0" "$(positions)" | sort | uniq -u | wc -l | tr -d ' ')" 2
storied undo 2>/dev/null

# Delete a block, add a heading and a note, change a caption.
python3 - story.txt edited.txt <<'PY'
import sys
l = open(sys.argv[1], encoding="utf-8").read().split("\n")
i = next(k for k, x in enumerate(l) if x.startswith("post 5 "))
del l[i]
i = next(k for k, x in enumerate(l) if x.startswith("post 6 "))
l[i + 1] = "    A new caption, *changed*"
i = next(k for k, x in enumerate(l) if x.startswith("post 3 "))
l[i:i] = ["## Added heading", "note A new note", "    with a second line", "", "    and a paragraph", "heading Keyword heading"]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(l))
PY
ok "apply edits" storied storyboard apply edited.txt
contains "edits counted" "$errout" "3 added, 1 removed, 0 moved, 1 changed"
o=$(order)
contains "new heading and note in place" "$o" "h2:Added heading n:A new note h2:Keyword heading p3"
lacks "deleted block taken out" "$o" "p5"
same "new note's text" "$(sql "SELECT body FROM story_items WHERE body LIKE 'A new note%'")" "A new note
with a second line

and a paragraph"
same "caption changed" "$(sql 'SELECT body FROM story_items WHERE post_id = 6')" "A new caption, *changed*"
same "post 5 stays collected" "$(sql 'SELECT count(*) FROM posts WHERE id = 5')" 1
same "kept items kept their ids" "$(sql "SELECT group_concat(id, ' ') FROM (SELECT id FROM story_items WHERE id <= $(printf '%s\n' "$ids0" | tail -1) ORDER BY id)")" \
	"$(printf '%s\n' "$ids0" | grep -vx "$(printf '%s' "$s0" | python3 -c 'import json,sys; print([i["id"] for i in json.load(sys.stdin) if i.get("post_id") == 5][0])')" | tr '\n' ' ' | sed 's/ $//')"
storied undo 2>/dev/null
same "undo of edits" "$(storied show --json)" "$s0"

# A note or heading edited in place keeps its item (and id).
python3 - story.txt retext.txt <<'PY'
import sys
l = open(sys.argv[1], encoding="utf-8").read().split("\n")
i = next(k for k, x in enumerate(l) if x.startswith("note    leading"))
l[i] = "note An edited note"
i = next(k for k, x in enumerate(l) if x.startswith("#### Deep dive"))
l[i] = "### Deeper dive"
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(l))
PY
nid=$(sql "SELECT id FROM story_items WHERE body LIKE '   leading%'")
hid=$(sql "SELECT id FROM story_items WHERE body = 'Deep dive'")
ok "apply texts edited in place" storied storyboard apply retext.txt
contains "edited texts counted" "$errout" "0 added, 0 removed, 0 moved, 2 changed"
same "edited note kept its id" "$(sql "SELECT body FROM story_items WHERE id = $nid")" "An edited note"
same "edited heading kept its id, new level" "$(sql "SELECT level || ' ' || body FROM story_items WHERE id = $hid")" "3 Deeper dive"
storied undo 2>/dev/null
same "undo of text edits" "$(storied show --json)" "$s0"

# Invalid storyboards: every problem with its line number, nothing changed.
cp story.txt bad.txt
cat >>bad.txt <<'BAD'
frobnicate 3
post
post seven
post 99
post 1
    orphan? no: caption of post 1 (fine)
####### too deep
##nospace
note
  two-space indent
heading
BAD
n=$(wc -l <story.txt | tr -d ' ')
expect 1 "invalid storyboard exits 1" storied storyboard apply bad.txt
for want in "line $((n + 1)): 'frobnicate' is not storyboard syntax" "line $((n + 2)): 'post' needs a post id" \
	"line $((n + 3)): 'seven' is not a post id" "line $((n + 4)): post 99 does not exist" \
	"line $((n + 5)): post 1 is already on line" "line $((n + 7)): headings go from ##" \
	"line $((n + 8)): write a space" "line $((n + 9)): the note is empty" \
	"line $((n + 10)): indent a caption's or note's lines by four spaces" \
	"line $((n + 11)): the heading is empty"; do
	contains "problem reported: $want" "$errout" "$want"
done
contains "nothing applied, said once" "$errout" "problems in the storyboard; nothing applied"
same "invalid: story unchanged" "$(storied show --json)" "$s0"
printf 'post 1\n\377\376 bad bytes\n' >binary.txt
expect 1 "invalid UTF-8 refused" storied storyboard apply binary.txt
contains "invalid UTF-8 line named" "$errout" "line 2: not valid UTF-8"
expect 1 "missing file" storied storyboard apply nosuch.txt
expect 2 "apply without a file" storied storyboard apply
printf '' >empty.txt
s_before=$(storied show --json)
expect 1 "an empty storyboard applies nothing, as git rebase -i" storied storyboard apply empty.txt
same "nothing applied" "$(storied show --json)" "$s_before"

# --- edit ---
cat >noop.sh <<'ED'
#!/bin/sh
exit 0
ED
cat >swap.sh <<'ED'
#!/bin/sh
# Moves post 7's line to the top of the blocks.
python3 - "$1" <<'PY'
import sys
p = sys.argv[1]
l = open(p, encoding="utf-8").read().split("\n")
i = next(k for k, x in enumerate(l) if x.startswith("post 7 "))
line = l.pop(i)
j = next(k for k, x in enumerate(l) if x.startswith("## "))
l.insert(j, line)
open(p, "w", encoding="utf-8").write("\n".join(l))
PY
ED
cat >garbage.sh <<'ED'
#!/bin/sh
echo "this is not a storyboard" >>"$1"
ED
cat >fails.sh <<'ED'
#!/bin/sh
exit 3
ED
cat >sneaky.sh <<'ED'
#!/bin/sh
# Another curator adds a note while this one edits, then this one saves.
"$STORIED" note "added meanwhile" >/dev/null
echo "## A heading from the editor" >>"$1"
ED
chmod +x noop.sh swap.sh garbage.sh fails.sh sneaky.sh

ok "edit without changes" env EDITOR="$WORK/noop.sh" "$STORIED" edit
contains "edit: no changes" "$errout" "no changes"
same "edit without changes changed nothing" "$(storied show --json)" "$s0"
ok "edit with a change" env EDITOR="$WORK/swap.sh" "$STORIED" edit
same "edit applied" "$(order | cut -d' ' -f1)" "p7"
contains "edit recorded for undo" "$(storied history --limit 1)" "edit"
storied undo 2>/dev/null
same "undo of edit" "$(storied show --json)" "$s0"
ok "EDITOR with arguments (sh -c semantics)" env EDITOR="sed -i -e s/^##\ Opening/##\ Grand\ opening/" "$STORIED" edit
contains "sed edit applied" "$(order)" "h2:Grand opening — día uno"
storied undo 2>/dev/null
ok "VISUAL wins over EDITOR" env VISUAL="$WORK/noop.sh" EDITOR="$WORK/garbage.sh" "$STORIED" edit
expect 1 "edit with an invalid result" env EDITOR="$WORK/garbage.sh" "$STORIED" edit
contains "edit shows the problem" "$errout" "'this' is not storyboard syntax"
kept=$(printf '%s\n' "$errout" | sed -n 's/.*kept in \([^ ]*\) .*/\1/p' | head -1)
if [ -n "$kept" ] && [ -f "$kept" ] && grep -q "this is not a storyboard" "$kept"; then
	pass "edit keeps the edited text in a file it names"
else
	fail "edit keeps the edited text in a file it names" "$errout"
fi
ok "the kept file applies once fixed" sh -c "grep -v 'this is not a storyboard' '$kept' >fixed.txt && \"\$STORIED\" storyboard apply fixed.txt"
rm -f "$kept"
same "invalid edit changed nothing" "$(storied show --json)" "$s0"
expect 1 "edit refuses when the story changed meanwhile" env EDITOR="$WORK/sneaky.sh" "$STORIED" edit
contains "concurrent change named" "$errout" "the story changed while you were editing"
contains "the other curator's note survives" "$(order)" "n:added meanwhile"
lacks "the edit was not applied" "$(order)" "A heading from the editor"
kept=$(printf '%s\n' "$errout" | sed -n 's/.*kept in \([^ ]*\) .*/\1/p' | head -1)
[ -n "$kept" ] && [ -f "$kept" ] && pass "the refused edit is kept" || fail "the refused edit is kept" "$errout"
rm -f "$kept"
storied undo 2>/dev/null
same "story back to before the concurrent note" "$(storied show --json)" "$s0"
expect 1 "failing editor" env EDITOR="$WORK/fails.sh" "$STORIED" edit
contains "failing editor reported" "$errout" "exited with status 3"
kept=$(printf '%s\n' "$errout" | sed -n 's/.*kept in \([^ ]*\) .*/\1/p' | head -1)
[ -n "$kept" ] && rm -f "$kept"
# A damaged order key (written by hand) is reported, and apply repairs it.
sql "UPDATE story_items SET position = 'zz' WHERE id = (SELECT id FROM story_items ORDER BY position DESC LIMIT 1)"
expect 1 "a damaged key is reported" storied note "at the end"
contains "damaged key: says how to repair" "$errout" "repairs them"
storied storyboard export -o repair.txt
ok "apply repairs damaged keys" storied storyboard apply repair.txt
ok "notes can be added again" storied note "at the end"
same "integrity" "$(sql 'PRAGMA integrity_check')" "ok"
