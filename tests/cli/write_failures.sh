# write_failures.sh - writes that fail: a full disk (a file-size limit,
# RLIMIT_FSIZE, stands in for it: a write past it fails as on a full disk,
# without privileges) and a project whose directory is moved away while a
# collect is writing. Each is one clear line, exit 1 (3 when a collect had
# stored some of it), and the project is left whole with what was stored.
# (A read-only project file or directory: safe_write.sh.)
. "$TOP/tests/lib.sh"

ok "init" storied init --tag nosd26
python3 "$TOP/tests/tools/genfeed.py" rss 3000 big.rss --server s.example --id-base 1000
ok "a small source first" storied source add "$SAMPLES/social.example-nosd26.rss"
ok "collect it" storied collect -q
kept=$(sql "SELECT count(*) FROM posts")
ok "then a big one" storied source add big.rss

# The shell ignores SIGXFSZ so the write fails with EFBIG instead of
# killing storied: as when the disk is full, write() returns an error.
# The limit is below the project file's size (a new one is 2.5 MB: 64 KiB
# pages), so it is the WAL that reaches it: a commit of up to a dozen
# pages goes through, a bigger one fails.
limited() { (trap '' XFSZ; ulimit -f 768; "$@"); }

run limited "$STORIED" collect -q
# The small source is read again without trouble, the big one fails:
# exit 3, some sources failed (all of them: 1).
same "a full disk during collect: exit 3 (a source failed)" "$status" 3
contains "says the write failed and why it may have" "$errout" "is the disk full?"
contains "and names the source" "$errout" "source 2 ("
same "a full disk: the project is whole" "$(sql 'PRAGMA integrity_check')" ok
same "a full disk: what was there stays" "$(sql "SELECT count(*) FROM posts")" "$kept"

# A note of a megabyte, more than the limit: on standard input.
python3 -c "print('x' * 1000000)" >big.md
run limited sh -c '"$0" note - <big.md' "$STORIED"
same "a full disk during a curate command: exit 1" "$status" 1
one_line "one line" "$errout"
contains "says so" "$errout" "is the disk full?"
same "and prints no id for the note that was not stored" "$out" ""
same "no note was added" "$(sql "SELECT count(*) FROM story_items WHERE kind = 'note'")" 0

ok "with room again, collect works" storied collect -q
same "and stores the big feed" "$(sql "SELECT count(*) > $kept FROM posts")" 1

# The disk fills while the media are archived, after the posts were
# stored: the posts stay, and the exit status and the line say so (3, a
# partial success), not "failure, nothing changed" (1). The feed comes
# from the server its photos are on (a local file may not lead to it).
mkdir -p srv
start_server "$WORK/srv"
{
	echo '<?xml version="1.0"?><rss version="2.0"><channel><title>photos</title>'
	for i in 1 2 3 4; do
		echo "<item><guid>https://photos.example/$i</guid><pubDate>Sat, 14 Mar 2026 09:0$i:00 GMT</pubDate>"
		echo "<description>photo $i #nosd26</description>"
		echo "<enclosure url=\"$BASE/_/image/400000/img$i\" type=\"image/png\" length=\"400000\"/></item>"
	done
	echo '</channel></rss>'
} >srv/photos.rss
P=media-full.sqlite
ok "a project for the media" storied -p $P init --tag nosd26
ok "with a feed of photos" storied -p $P source add "$BASE/photos.rss"
# Room for the posts' commit, not for 1.6 MB of photos.
run sh -c 'trap "" XFSZ; ulimit -f 3072; exec "$0" "$@"' "$STORIED" -p $P collect -q --no-cards
same "a full disk while archiving media: exit 3 (the posts were stored)" "$status" 3
one_line "one line" "$errout"
contains "says the media stopped, and why" "$errout" "archiving media and link cards stopped: "
contains "that the disk may be full" "$errout" "is the disk full?"
contains "and that the posts are kept" "$errout" "the posts collected are stored: collect again"
same "the posts are there" "$(PROJECT=$P sql "SELECT count(*) FROM posts")" 4
same "the project is whole" "$(PROJECT=$P sql 'PRAGMA integrity_check')" ok
ok "with room again, collect archives them" storied -p $P collect -q --no-cards
same "every photo archived" "$(PROJECT=$P sql "SELECT count(*) FROM media WHERE sha256 IS NOT NULL")" 4

# A project whose directory is moved away while a collect writes: storied
# notices before it commits (SQLite would write on into files nobody can
# reach and report success).
need_hooks
mkdir -p proj
ok "a project in a directory" storied -p "$WORK/proj/story.sqlite" init --tag nosd26
ok "with the big feed" storied -p "$WORK/proj/story.sqlite" source add big.rss
stop_at "collect-parsing#10" "$WORK/.moved.out" "$HOOKED" -p "$WORK/proj/story.sqlite" collect -q
pid=$STOPPED
same "the collect stopped in the middle" "$(cut -d' ' -f1 "$WORK/.hook" 2>/dev/null)" "collect-parsing"
mv proj moved
kill -CONT $pid
wait $pid
same "the directory moved away: exit 1" "$?" 1
contains "says what happened" "$(cat "$WORK/.moved.out")" \
	"$WORK/proj/story.sqlite was moved or deleted while storied was writing it: nothing was saved"
same "and says it once" "$(grep -c 'was moved or deleted' "$WORK/.moved.out")" 1
same "the moved project is whole" "$(sqlite3 moved/story.sqlite 'PRAGMA integrity_check')" ok
same "and as it was" "$(sqlite3 moved/story.sqlite 'SELECT count(*) FROM posts')" 0
ok "opened where it is now, it collects" storied -p moved/story.sqlite collect -q

# render -o on a full disk (the page holds a note of a megabyte) names the
# file it could not write, and leaves nothing behind; an -o whose
# directory does not exist is named as such.
storied -p $P note - <big.md >/dev/null 2>&1
same "a long note for a long page" "$(PROJECT=$P sql "SELECT count(*) FROM story_items WHERE kind = 'note'")" 1
run sh -c 'trap "" XFSZ; ulimit -f 256; exec "$0" "$@"' "$STORIED" -p $P render -o page.html
same "render on a full disk: exit 1" "$status" 1
one_line "one line" "$errout"
contains "names the file" "$errout" "page.html: writing the output: "
same "and leaves nothing behind" "$(ls page.html* .page.html* 2>/dev/null)" ""
expect 1 "render --media-dir with -o into a missing directory" \
	storied -p $P render --format md --media-dir media -o nodir/story.md
contains "names -o's directory, not --media-dir" "$errout" "-o nodir/story.md: its directory nodir: "
