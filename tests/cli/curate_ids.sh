# curate_ids.sh - one kind of id: item commands also take the post they
# hold (post:ID), listings print ids in the forms commands take, a wrong
# kind of id is an error and never another item; every command that
# changes the story says what it changed on one line (--quiet: nothing);
# add --in-order; hide --author/--search; listings fit a width and mark
# media, content warnings and replies; show --post prints one post whole.
. "$TOP/tests/lib.sh"

ok "init" storied init --title "Ids" --timezone Europe/Oslo
sql <"$FIXTURES/posts.sql"
# Item ids deliberately unlike post ids: items 1..3 hold posts 3, 1, 2.
ok "add 3 1 2" storied add 3 1 2
same "add prints the new item ids" "$out" "$(printf '1\n2\n3')"
contains "add says what it added" "$errout" "added 3 posts as items 1 to 3 at the end"

# --- the trap: a post id where an item id goes ------------------------------
ok "posts lists post:ID" storied posts
contains "posts: post:1 in the listing" "$out" "post:1 "
ok "show lists items and their posts" storied show
contains "show: item 2 holds post:1" "$out" "   2      2 post:1"
ok "rm post:1 removes the item holding post 1" storied rm post:1
contains "rm says what it removed" "$errout" 'removed item 2: post 1 by @alice@social.example "Opening keynote'
same "post 1 is out, the others stay" "$(sql 'SELECT group_concat(post_id) FROM (SELECT post_id FROM story_items ORDER BY position)')" "3,2"
expect 1 "rm post:1 again: not in the story" storied rm post:1
contains "it says so" "$errout" "post 1 is not in the story"
# Post 5 exists but is not placed; there is no item 5: a clear error.
expect 1 "rm 5: no item 5" storied rm 5
contains "the error tells the two kinds apart" "$errout" "item 5 does not exist, and post 5 is not in the story"
ok "add 5" storied add 5 --quiet
same "--quiet after the command silences the line" "$errout" ""
# Now post 2 is item 3; item 2 is gone: "rm 2" must not remove post 2's item.
expect 1 "rm 2 (a post id, not an item)" storied rm 2
contains "it names the right form" "$errout" "post 2 is item 3 (name it post:2)"
same "nothing removed" "$(sql 'SELECT count(*) FROM story_items')" 3
expect 2 "add item:3 is the wrong kind" storied add item:3
contains "it says so" "$errout" "'item:3' is a story item"
expect 2 "a malformed id" storied rm post:x

# --- post:ID everywhere -------------------------------------------------------
ok "move post:5 --before post:3" storied move post:5 --before post:3
contains "move says what moved" "$errout" "moved item 4: post 5 by @mallory@social.example"
contains "and where" "$errout" "before item 1"
same "the order follows" "$(sql 'SELECT group_concat(post_id) FROM (SELECT post_id FROM story_items ORDER BY position)')" "5,3,2"
ok "annotate post:3" storied annotate post:3 "A caption."
contains "annotate says what it captioned" "$errout" "captioned item 1: post 3 by"
same "the caption is on post 3's item" "$(sql 'SELECT body FROM story_items WHERE post_id = 3')" "A caption."
ok "note --after post:3" storied note "Between." --after post:3
contains "note says what it added" "$errout" 'added item 5: note "Between." after item 1'
ok "heading --before post:5" storied -q heading "Day one" --before post:5
same "-q before the command silences it too" "$errout" ""
ok "undo" storied undo
ok "rm 5 (the note)" storied rm 5
contains "rm names a note" "$errout" 'removed item 5: note "Between."'

# --- add --in-order ------------------------------------------------------------
# Story now: post 5 (13:30), post 3 (11:30), post 2 (10:30) - out of order on purpose
# is not what --in-order is for; rebuild it in time order with a closing note.
ok "rm all" storied -q rm post:5 post:3 post:2
ok "add 1 2 4" storied -q add 1 2 4
ok "closing note" storied -q note "Thanks for reading."
ok "add 3 --in-order" storied add 3 --in-order
contains "in-order says where" "$errout" "after item"
same "post 3 lands by its time, before the closing note" \
	"$(sql "SELECT group_concat(coalesce(post_id, 'note')) FROM (SELECT post_id FROM story_items ORDER BY position)")" "1,2,3,4,note"
ok "add 7 6 --in-order (later than all)" storied -q add 7 6 --in-order
same "later posts go after the last post, before the note" \
	"$(sql "SELECT group_concat(coalesce(post_id, 'note')) FROM (SELECT post_id FROM story_items ORDER BY position)")" "1,2,3,4,6,7,note"
expect 2 "--in-order with a position" storied add 5 --in-order --top

# --- hide --author / --search --------------------------------------------------
ok "hide --author mallory (no terminal: no question)" storied hide --author mallory
contains "hide says what it hid" "$errout" "hid post 5 by @mallory@social.example"
same "post 5 hidden" "$(sql 'SELECT hidden FROM posts WHERE id = 5')" 1
ok "unhide --author mallory" storied -q unhide --author mallory
ok "hide --search" storied hide --search keynote
contains "hide --search names the post" "$errout" "hid post 1"
if command -v script >/dev/null 2>&1; then
	printf 'n\n' | script -qec "\"$STORIED\" hide --author social.example" /dev/null >tty.out 2>&1
	contains "on a terminal hide asks with the count" "$(cat tty.out)" "hide 4 posts"
	same "answering no hides nothing" "$(sql 'SELECT count(*) FROM posts WHERE hidden')" 1
	printf 'y\n' | script -qec "\"$STORIED\" hide --author social.example" /dev/null >tty.out 2>&1
	same "answering yes hides them" "$(sql 'SELECT count(*) FROM posts WHERE hidden')" 5
	ok "unhide them" storied -q unhide --search nosd26 --yes
else
	echo "# skipped: script(1) is not installed, the terminal question is not tested"
fi

# --- listings --------------------------------------------------------------------
sql "UPDATE posts SET content_text = '@bjorn@social.example ' || content_text || ' and a very long tail of words that a narrow terminal cannot show whole, with the last word ZEBRA' WHERE id = 2"
ok "posts, piped" storied posts
contains "piped: the whole text" "$out" "ZEBRA"
contains "marks: media" "$out" "post:1      *m  "
contains "marks: content warning" "$out" "post:4      * ! "
contains "marks: reply" "$out" "post:2      *  r"
ok "posts --width 60" storied posts --width 60
python3 - "$out" <<'PY' && pass "--width 60: no line is longer" || fail "--width 60: no line is longer" "$out"
import sys
sys.exit(0 if all(len(l) <= 60 for l in sys.argv[1].splitlines()) else 1)
PY
lacks "--width cuts the text" "$out" "ZEBRA"
ok "show --width 80" storied show --width 80
python3 - "$out" <<'PY' && pass "show --width 80: no line is longer" || fail "show --width 80: no line is longer" "$out"
import sys
sys.exit(0 if all(len(l) <= 80 for l in sys.argv[1].splitlines()) else 1)
PY
expect 2 "--width needs a number" storied posts --width wide

# --- one post whole ----------------------------------------------------------------
ok "show --post 1" storied show --post 1
contains "show --post: the post and its item" "$out" "post:1  in the story as item"
contains "show --post: author" "$out" "@alice@social.example (Alice Berg)"
contains "show --post: media with its description" "$out" "https://social.example/media/keynote.jpg"
contains "show --post: the source" "$out" "source:"
ok "show post:4" storied show post:4
contains "show post:N: the content warning" "$out" "warning:   demo spoilers"
ok "show --post 2 --json" storied show --post 2 --json
contains "show --post --json: the post id" "$out" '"post_id": 2'
expect 1 "show --post of a missing post" storied show --post 99
