# curate.sh - finding posts and building the story: posts, hide, add,
# note, heading, annotate, move, rm, show, undo, history, and their errors.
. "$TOP/tests/lib.sh"

storied init --title "NOSD 2026" --timezone Europe/Oslo 2>/dev/null
sql <"$FIXTURES/posts.sql"

# order: the story as "p1 n:text h2:text" words (posts by post id).
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
# item_of POST: the item id of a placed post
item_of() { sql "SELECT id FROM story_items WHERE post_id = $1"; }
positions() { sql "SELECT id || '=' || position FROM story_items ORDER BY id"; }

# --- posts ---
ok "posts lists" storied posts
same "posts: a header and seven lines" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 8
contains "posts: header" "$out" "POST        *m!r TIME"
contains "posts: time in the project zone" "$out" "2026-03-14 10:00"
contains "posts: author handle" "$out" "@alice@social"
contains "posts: title for a blog post" "$out" "Day one at #nosd26"
ok "posts --json" storied posts --json
python3 - "$out" <<'PY' && pass "posts --json fields" || fail "posts --json fields" "$out"
import json, sys
a = json.loads(sys.argv[1])
assert len(a) == 7
p = a[0]
assert p["id"] == 1 and p["url"] == "https://social.example/@alice/111"
assert p["author"] == "@alice@social.example"
assert p["published"] == "2026-03-14T09:00:00Z"
assert p["tags"] == ["nosd26"] and p["placed"] is False
assert p["text"].startswith("Opening keynote")
assert [x["id"] for x in a] == [1, 2, 3, 4, 5, 6, 7]
assert a[5]["tags"] == ["nosd26", "sqlite"]
PY
storied posts --width 60 >wide.txt
python3 - wide.txt <<'PY' && pass "posts fits --width 60" || fail "posts fits --width 60" "$(cat wide.txt)"
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert lines and all(width(l) <= 60 for l in lines), [width(l) for l in lines]
PY

ids() { storied posts --json "$@" | python3 -c 'import json,sys; print(" ".join(str(p["id"]) for p in json.load(sys.stdin)))'; }
same "search: one word" "$(ids --search keynote)" "1"
same "search: accents do not matter" "$(ids --search cafe)" "3"
same "search: author column" "$(ids --search 'author_name:ingrid')" "6 7"
same "search: title" "$(ids --search 'hallway')" "7"
same "search: prefix" "$(ids --search 'slide*')" "2"
same "search: OR" "$(ids --search 'keynote OR spoilers')" "1 4"
same "search: an unbalanced quote is a phrase" "$(ids --search '"Opening keynote')" "1"
same "search: an unknown field is a word" "$(ids --search 'nosuch:thing')" ""
same "--author" "$(ids --author INGRID)" "6 7"
same "--author handle" "$(ids --author @bjorn)" "2"
same "--tag" "$(ids --tag '#SQLite')" "6"
same "--since in the project zone" "$(ids --since 2026-03-14T21:00)" "6 7"
same "--until" "$(ids --until 2026-03-14T11:30)" "1 2"
same "--limit" "$(ids --limit 2)" "1 2"
same "--reverse" "$(ids --reverse --limit 2)" "7 6"
expect 2 "bad --since" storied posts --since tomorrowish
expect 2 "bad --limit" storied posts --limit 0
expect 2 "bad --tag" storied posts --tag 'no tag'
expect 2 "posts: stray argument" storied posts keynote

# --- hide / unhide ---
ok "hide" storied hide 5
lacks "hiding an unplaced post says nothing of the story" "$errout" "story"
same "hidden post not listed" "$(ids)" "1 2 3 4 6 7"
same "posts --hidden" "$(ids --hidden)" "5"
same "posts --all" "$(ids --all)" "1 2 3 4 5 6 7"
expect 1 "hide a missing post" storied hide 4 99
contains "missing post named" "$errout" "post 99 does not exist"
same "failed hide changed nothing" "$(ids --hidden)" "5"
expect 2 "hide with no post" storied hide

# --- add ---
ok "add two posts" storied add 1 2
same "add prints the new item ids" "$(printf '%s' "$out" | wc -l | tr -d ' ')" 1
same "story after add" "$(order)" "p1 p2"
expect 1 "add a placed post" storied add 3 1
contains "placed post: clear error" "$errout" "post 1 is already in the story"
one_line "placed post error is one line" "$errout"
expect 1 "add a missing post" storied add 99
contains "missing post: clear error" "$errout" "post 99 does not exist"
expect 1 "add a post twice" storied add 3 3
contains "post twice: clear error" "$errout" "given twice"
expect 2 "add a malformed id" storied add abc
expect 2 "add with nothing" storied add
expect 2 "add ids and --all" storied add 3 --all
expect 2 "add two positions" storied add 3 --top --bottom
expect 1 "add after a missing item" storied add 3 --after 999
contains "missing anchor named" "$errout" "item 999 does not exist"
same "failed adds changed nothing" "$(order)" "p1 p2"
ok "add --before" storied add 3 --before "$(item_of 2)"
same "add --before places it" "$(order)" "p1 p3 p2"
ok "add --all" storied add --all
same "add --all: unplaced, unhidden, oldest first" "$(order)" "p1 p3 p2 p4 p6 p7"
ok "add --all twice" storied add --all
same "add --all twice places nothing twice" "$(order)" "p1 p3 p2 p4 p6 p7"
contains "add --all twice says so" "$errout" "nothing to add"
ok "hide a placed post" storied hide 4
contains "hiding a placed post says it stays" "$errout" "stays in the story"
contains "hide names the command that takes it out" "$errout" "'storied rm post:4'"
one_line "hiding a placed post is one line" "$errout"
contains "the placed hidden post stays" "$(order)" "p4"
ok "hide it again" storied hide 4
contains "hiding it again still says it stays, with the rm" "$errout" \
	"post 4 was already hidden; it stays in the story as item"
contains "and names the rm" "$errout" "'storied rm post:4'"
ok "show the story" storied show
contains "show marks the hidden post in the story" "$(printf '%s\n' "$out" | grep 'post:4 ')" "(hidden)"
same "and only that one" "$(printf '%s\n' "$out" | grep -c '(hidden)')" 1
ok "unhide it" storied unhide 4
# Each post's line says it stays: one hidden among several is never silent.
ok "hide two placed posts" storied hide 1 post:2
same "one line a post" "$(printf '%s\n' "$errout" | wc -l | tr -d ' ')" 2
same "each line says its post stays" "$(printf '%s\n' "$errout" | grep -c "stays in the story")" 2
contains "the second line names its rm" "$errout" "'storied rm post:2'"
ok "unhide them" storied -q unhide 1 2
ok "hide --author picking two placed posts" storied hide --author ingrid
one_line "hide --author: one line" "$errout"
contains "hide --author: says they stay, with the rm" "$errout" "stay in the story until 'storied rm post:6 post:7'"
ok "unhide them too" storied -q unhide --author ingrid
ok "unhide" storied unhide 5
same "unhidden post listed" "$(ids)" "1 2 3 4 5 6 7"
same "placed marks" "$(storied posts --json | python3 -c 'import json,sys; print(" ".join(str(int(p["placed"])) for p in json.load(sys.stdin)))')" "1 1 1 1 0 1 1"
same "posts --unplaced" "$(ids --unplaced)" "5"

# --- notes and headings ---
ok "heading at the top" storied heading "Day one" --top
h1=$out
ok "heading --level 3 after an item" storied heading "Morning" --level 3 --after "$h1"
ok "note after a post" storied note "Keynote **recap**" --after "$(item_of 1)"
n1=$out
printf 'From stdin\n\nsecond paragraph\n' | storied note - --bottom >/dev/null
same "story with headings and notes" "$(order)" "h2:Day one h3:Morning p1 n:Keynote **recap** p3 p2 p4 p6 p7 n:From stdin"
same "stdin note kept whole, final newline dropped" \
	"$(sql "SELECT body FROM story_items WHERE body LIKE 'From stdin%'" | od -c | head -2)" \
	"$(printf 'From stdin\n\nsecond paragraph\n' | od -c | head -2)"
ok "a note starting with '-' after --" storied note --after "$n1" -- "- a list item"
contains "the list note is placed" "$(order)" "n:Keynote **recap** n:- a list item"
ok "rm it again" storied rm "$out"
expect 2 "heading with a line break" storied heading "two
lines"
expect 2 "heading level out of range" storied heading "Deep" --level 7
expect 2 "empty note" storied note "   "
expect 2 "empty heading" storied heading ""
expect 1 "note before a missing item" storied note "x" --before 424242
expect 2 "note: malformed anchor" storied note "x" --after abc

# --- annotate ---
ok "annotate a post" storied annotate "$(item_of 1)" "A **full** room"
same "caption in show --json" "$(storied show --json | python3 -c 'import json,sys; print([i["caption"] for i in json.load(sys.stdin) if i.get("post_id") == 1][0])')" "A **full** room"
ok "show" storied show
contains "show: caption under the post" "$out" "> A **full** room"
contains "show: numbered items with kinds" "$out" "heading"
expect 1 "annotate a note" storied annotate "$n1" "caption"
contains "annotate a note: clear error" "$errout" "only posts have captions"
expect 1 "annotate a missing item" storied annotate 999 "x"
expect 2 "annotate without text" storied annotate "$(item_of 1)"
ok "annotate \"\" removes" storied annotate "$(item_of 1)" ""
same "caption removed" "$(storied show --json | python3 -c 'import json,sys; print([i["caption"] for i in json.load(sys.stdin) if i.get("post_id") == 1][0])')" "None"

# --- move ---
before=$(positions)
ok "move --after" storied move "$(item_of 7)" --after "$(item_of 1)"
same "moved" "$(order)" "h2:Day one h3:Morning p1 p7 n:Keynote **recap** p3 p2 p4 p6 n:From stdin"
changed=$(printf '%s\n%s\n' "$before" "$(positions)" | sort | uniq -u | wc -l | tr -d ' ')
same "a move writes one row" "$changed" 2
ok "move --top" storied move "$(item_of 2)" --top
ok "move --bottom" storied move "$h1" --bottom
ok "move --before" storied move "$h1" --before "$(item_of 2)"
same "moves" "$(order)" "h2:Day one p2 h3:Morning p1 p7 n:Keynote **recap** p3 p4 p6 n:From stdin"
expect 1 "move after itself" storied move "$h1" --after "$h1"
contains "own anchor: clear error" "$errout" "cannot be placed after itself"
expect 1 "move a missing item" storied move 999 --top
expect 1 "move before a missing item" storied move "$h1" --before 999
expect 2 "move without a position" storied move "$h1"
expect 2 "move two positions" storied move "$h1" --top --bottom
same "failed moves changed nothing" "$(order)" "h2:Day one p2 h3:Morning p1 p7 n:Keynote **recap** p3 p4 p6 n:From stdin"

# --- rm ---
ok "rm" storied rm "$(item_of 7)" "$n1"
same "removed" "$(order)" "h2:Day one p2 h3:Morning p1 p3 p4 p6 n:From stdin"
same "a removed post stays collected" "$(ids --all | wc -w | tr -d ' ')" 7
expect 1 "rm a missing item" storied rm "$(item_of 6)" 999
contains "rm: missing item named" "$errout" "item 999 does not exist"
same "failed rm removed nothing" "$(order)" "h2:Day one p2 h3:Morning p1 p3 p4 p6 n:From stdin"
expect 2 "rm with nothing" storied rm

# --- undo / history ---
ok "history" storied history
contains "history lists commands" "$out" "rm "
contains "history lists add" "$out" "add --all"
s1=$(storied show --json)
ok "note to undo" storied note "to be undone"
ok "undo" storied undo
contains "undo says what" "$errout" "note to be undone"
same "undo restores the story" "$(storied show --json)" "$s1"
ok "undo again (the rm)" storied undo
same "undo rm brings items back" "$(order)" "h2:Day one p2 h3:Morning p1 p7 n:Keynote **recap** p3 p4 p6 n:From stdin"
ok "history after undo" storied history
contains "undone entries marked" "$out" "(undone)"
ok "history --json" storied history --json
python3 - "$out" <<'PY' && pass "history --json" || fail "history --json" "$out"
import json, sys
h = json.loads(sys.argv[1])
assert h[0]["undone"] and h[0]["command"] == "note to be undone"
assert all(k in h[0] for k in ("id", "at", "command", "changes", "undone"))
PY
n=0
while storied undo 2>/dev/null; do n=$((n + 1)); done
same "undo all the way back empties the story" "$(sql 'SELECT count(*) FROM story_items')" 0
same "undo all the way back unhides" "$(sql 'SELECT count(*) FROM posts WHERE hidden')" 0
expect 1 "nothing to undo" storied undo
contains "nothing to undo: clear" "$errout" "nothing to undo"
same "integrity after undo" "$(sql 'PRAGMA integrity_check')" "ok"
same "failed commands were not recorded" "$(sql "SELECT count(*) FROM history WHERE command LIKE 'add 99%'")" 0

# help for every curation command
for c in posts hide unhide show add note heading annotate move rm undo history edit; do
	ok "$c --help" storied "$c" --help
done
contains "posts --help documents the search syntax" "$(storied posts --help)" "search box"
ok "storyboard --help" storied storyboard --help
contains "storyboard group lists apply" "$out" "storyboard apply"
