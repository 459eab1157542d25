# curate_reliability.sh - curator commands running at once on one file all
# apply; a storyboard apply killed with SIGKILL leaves the story exactly as
# it was before or as it would be after, never in between.
. "$TOP/tests/lib.sh"

storied init --title "Reliability" 2>/dev/null
sql <"$FIXTURES/posts.sql"
storied add --all >/dev/null 2>&1
hash_story() { storied "$@" show --json | sha256sum | cut -d' ' -f1; }

# --- 20 notes at once, plus moves at the same time ---
mkdir st
for i in $(seq 20); do
	( "$STORIED" note "concurrent note $i" >/dev/null 2>"st/err$i"; echo $? >"st/rc$i" ) &
done
for i in 1 2 3 4 5; do
	( "$STORIED" move "$i" --top >/dev/null 2>"st/merr$i"; echo $? >"st/mrc$i" ) &
done
wait
bad=0
for f in st/rc* st/mrc*; do [ "$(cat "$f")" = 0 ] || bad=$((bad + 1)); done
same "every concurrent command succeeded" "$bad" 0
lacks "nobody saw 'database is locked'" "$(cat st/err* st/merr*)" "locked"
same "all 20 notes landed" "$(sql "SELECT count(DISTINCT body) FROM story_items WHERE body LIKE 'concurrent note %'")" 20
same "keys stay unique and valid" "$(sql 'SELECT count(DISTINCT position) = count(*) FROM story_items')" 1
same "each concurrent command recorded once" "$(sql "SELECT count(*) FROM history WHERE command LIKE 'note concurrent%'")" 20

# --- a kill inside the transaction (test-only delay): nothing applied ---
storied storyboard export -o sb.txt
python3 - sb.txt rev.txt <<'PY'
import sys
l = [x for x in open(sys.argv[1], encoding="utf-8").read().split("\n") if x.startswith(("post ", "note "))]
l.reverse()
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(l) + "\n")
PY
before=$(hash_story)
ids_before=$(storied show --json | python3 -c 'import json,sys; print([i["id"] for i in json.load(sys.stdin)])')
STORIED_TEST_APPLY_DELAY=60 "$STORIED" storyboard apply rev.txt 2>delay.err &
pid=$!
at_exit "kill -9 $pid 2>/dev/null"
# It says when it has changed the story and sleeps before committing.
for _ in $(seq 200); do
	grep -q "test delay" delay.err && break
	sleep 0.05
done
contains "apply reached its test delay" "$(cat delay.err)" "inside the transaction"
kill -9 "$pid"
wait "$pid" 2>/dev/null
same "killed inside the transaction: story as before" "$(hash_story)" "$before"
same "integrity after the kill" "$(sql 'PRAGMA integrity_check')" "ok"
ok "the file is usable after the kill" storied storyboard apply rev.txt
same "and the apply then lands whole" "$(storied show --json | python3 -c 'import json,sys; print([i["id"] for i in json.load(sys.stdin)][::-1])')" "$ids_before"

# --- a kill at an arbitrary moment of a large apply ---
rm -f story.sqlite story.sqlite-wal story.sqlite-shm
storied init --title "Large" 2>/dev/null
sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
     INSERT INTO posts (id, permalink, author_handle, published, content_text, fetched_at)
     SELECT i, 'https://big.example/@u/' || i, '@u' || (i % 40) || '@big.example',
            1773478800 + i * 7, 'Post number ' || i, 1773500000 FROM n"
storied -q add --all >/dev/null
storied storyboard export -o big.txt
python3 - big.txt bigrev.txt <<'PY'
import sys
l = [x for x in open(sys.argv[1], encoding="utf-8").read().split("\n") if x.startswith("post ")]
l.reverse()
l.insert(10, "note a note in the middle")
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(l) + "\n")
PY
sql 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp story.sqlite after.sqlite
storied -q -p after.sqlite storyboard apply bigrev.txt
after=$(hash_story -p after.sqlite)
before=$(hash_story)
[ "$before" != "$after" ] && pass "the large apply changes the story" || fail "the large apply changes the story"
"$STORIED" -q storyboard apply bigrev.txt &
pid=$!
sleep 0.3
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
now=$(hash_story)
if [ "$now" = "$before" ]; then
	pass "large apply killed: story exactly as before"
elif [ "$now" = "$after" ]; then
	pass "large apply killed: story exactly as after"
	echo "# the kill came after the commit (a slow machine's luck)"
else
	fail "large apply killed: story as before or after" "neither"
fi
same "integrity after the large kill" "$(sql 'PRAGMA integrity_check')" "ok"
