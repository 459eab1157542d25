# safe_write.sh - commands that write a file the user names (render -o,
# storyboard export -o) never replace what is not a regular file: a
# symlink is written through (a dangling one refused), a FIFO or device is
# written in place, a directory refused; a regular file is replaced whole
# through a temporary beside it, never a fixed PATH.tmp name; two writers
# at once both finish with a whole file; a read-only directory is a clear
# one-line error with exit 1.
. "$TOP/tests/lib.sh"

ok "init" storied init --title "Safe writes"
sql <"$FIXTURES/posts.sql"
sql <"$FIXTURES/story.sql"
ok "the page on stdout" storied render
page=$out
ok "the storyboard on stdout" storied storyboard export
board=$out
no_temporaries() { # NAME DIR
	left=$(ls -A "$2" | grep '^\.[^.].*\.[A-Za-z0-9]\{6\}$' || true)
	same "$1: no temporary left" "$left" ""
}

# --- regular files -----------------------------------------------------------
ok "a new file" storied render -o new.html
same "a new file: the page" "$(cat new.html)" "$page"
same "a new file: 0666 less the umask" "$(stat -c %a new.html)" "$(printf '%o' $((0666 & ~$(umask))))"
echo old >kept.html
chmod 640 kept.html
echo "the user's own" >kept.html.tmp
ok "over a regular file" storied render -o kept.html
same "over a regular file: the page" "$(cat kept.html)" "$page"
same "its permission bits stay" "$(stat -c %a kept.html)" 640
same "a file named PATH.tmp is not touched" "$(cat kept.html.tmp)" "the user's own"
mkdir sub
ok "a path with a directory" storied render -o sub/page.html
same "in the directory" "$(cat sub/page.html)" "$page"
no_temporaries "regular files" .
no_temporaries "in a directory" sub

# --- symbolic links ------------------------------------------------------------
mkdir real
echo old >real/target.html
ln -s real/target.html link.html
ok "through a symlink" storied render -o link.html
[ -L link.html ] && pass "the symlink stays a symlink" || fail "the symlink stays a symlink"
same "its target has the page" "$(cat real/target.html)" "$page"
no_temporaries "symlink target's directory" real
ok "storyboard export through a symlink" storied storyboard export -o link.html
same "its target has the storyboard" "$(cat real/target.html)" "$board"
ln -s nowhere.html dangling.html
expect 1 "a dangling symlink is refused" storied render -o dangling.html
one_line "dangling: one line" "$errout"
contains "dangling: says why" "$errout" "storied: render: cannot write dangling.html: a symbolic link to nothing"
[ -L dangling.html ] && [ ! -e nowhere.html ] && pass "dangling: nothing created" ||
	fail "dangling: nothing created"

# --- FIFOs and devices -----------------------------------------------------------
mkfifo pipe
timeout 20 cat pipe >from-pipe &
reader=$!
ok "into a FIFO" timeout 20 "$STORIED" render -o pipe
wait $reader
[ -p pipe ] && pass "the FIFO stays a FIFO" || fail "the FIFO stays a FIFO" "$(ls -l pipe)"
same "the reader got the page" "$(cat from-pipe)" "$page"
timeout 20 cat pipe >from-pipe &
reader=$!
ok "storyboard export into a FIFO" timeout 20 "$STORIED" storyboard export -o pipe
wait $reader
same "the reader got the storyboard" "$(cat from-pipe)" "$board"
# Devices: as root, nodes made here (c 1 3 is null, c 1 7 is full), so a
# regression can never replace the machine's own /dev/null; otherwise the
# real ones (which no one but root can replace).
if [ "$(id -u)" -eq 0 ]; then
	mkdir dev
	if mknod -m 666 dev/null c 1 3 && mknod -m 666 dev/full c 1 7; then
		null=dev/null full=dev/full
	else
		null="" full=""
		echo "# skipped: devices: running as root and cannot mknod"
	fi
else
	null=/dev/null full=/dev/full
fi
if [ -n "$null" ]; then
	ok "into a null device" storied render -o "$null"
	[ -c "$null" ] && pass "the null device stays a device" || fail "the null device stays a device"
	no_temporaries "null device" "$(dirname "$null")"
	expect 1 "into a full device: the write fails" storied render -o "$full"
	one_line "full device: one line" "$errout"
	contains "full device: says why" "$errout" "No space left on device"
	[ -c "$full" ] && pass "the full device stays a device" || fail "the full device stays a device"
	expect 1 "storyboard export into a full device" storied storyboard export -o "$full"
	contains "storyboard export: says why" "$errout" \
		"storied: storyboard export: writing $full: No space left on device"
fi
mkdir adir
expect 1 "a directory is refused" storied render -o adir
contains "directory: says why" "$errout" "storied: render: cannot write adir: it is a directory"
expect 1 "an empty name is refused" storied render -o ""
one_line "empty name: one line" "$errout"

# --- two at once -----------------------------------------------------------------
# A large story, so the two renders overlap.
sql "INSERT INTO story_items (kind, body, position, created_at, updated_at)
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
     SELECT 'note', printf('note %d %s', i, hex(randomblob(200))), printf('z%06d', i), 0, 0 FROM n"
ok "the big page on stdout" storied render
big=$out
for round in 1 2 3; do
	storied render -o both.html 2>err1 & a=$!
	storied render -o both.html 2>err2 & b=$!
	wait $a; ra=$?
	wait $b; rb=$?
	same "two at once, round $round: both succeed" "$ra $rb $(cat err1 err2)" "0 0 "
	same "two at once, round $round: the file is whole" "$(cat both.html)" "$big"
done
no_temporaries "two at once" .

# --- a read-only directory ---------------------------------------------------------
need_unprivileged
mkdir -p ro shared
cp "$STORIED_PROJECT" shared/story.sqlite
chmod 777 shared && chmod 666 shared/story.sqlite
echo old >ro/page.html
chmod 666 ro/page.html
chmod 555 ro
expect 1 "into a read-only directory" $as_user "$STORIED" -p shared/story.sqlite render -o ro/page.html
one_line "read-only directory: one line" "$errout"
contains "read-only directory: says why" "$errout" \
	"storied: render: cannot write ro/page.html: Permission denied (making a temporary file in ro)"
same "read-only directory: the old file stays" "$(cat ro/page.html)" old
expect 1 "a new file in a read-only directory" $as_user "$STORIED" -p shared/story.sqlite \
	storyboard export -o ro/new.txt
contains "storyboard export: says why" "$errout" "storied: storyboard export: cannot write ro/new.txt: Permission denied"
[ -e ro/new.txt ] && fail "nothing created" || pass "nothing created"

# --- a project file storied cannot write --------------------------------------------
# The project is kept in WAL mode: the file and its directory must be
# writable, and a failure says which, not "not a storied project".
mkdir -p rodir && cp shared/story.sqlite rodir/story.sqlite && chmod 666 rodir/story.sqlite
chmod 555 rodir
expect 1 "a project in a read-only directory" $as_user "$STORIED" -p rodir/story.sqlite source list
one_line "read-only project directory: one line" "$errout"
contains "read-only project directory: says why" "$errout" \
	"storied: source list: the directory of rodir/story.sqlite is read-only: storied needs to write rodir/story.sqlite-wal"
chmod 755 rodir && chmod 644 rodir/story.sqlite
expect 1 "a read-only project file" $as_user "$STORIED" -p rodir/story.sqlite posts
contains "read-only project file: says why" "$errout" \
	"storied: posts: rodir/story.sqlite is read-only: storied needs to write its project file"
same "the read-only project is untouched" "$(sqlite3 rodir/story.sqlite 'SELECT count(*) FROM posts')" \
	"$(sqlite3 shared/story.sqlite 'SELECT count(*) FROM posts')"
