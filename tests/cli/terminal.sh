# terminal.sh - control characters from remote data (an author name that
# retitles the terminal, text that clears it) never reach a terminal, HTML,
# Markdown or JSON raw: a terminal shows them as visible escapes, the
# outputs carry U+FFFD or JSON's \u escapes. The terminal is a real pty
# (script(1)); piped output stays exact.
. "$TOP/tests/lib.sh"

ESC=$(printf '\033')
C1=$(printf '\302\233')
ok "init" storied init --tag ctl
ok "a hostile feed" storied source add "$FIXTURES/feeds/controls.json"
ok "collect" storied collect
ok "place it" storied add --all

if ! command -v script >/dev/null 2>&1; then
	echo "# skipped: the terminal half needs script(1) (util-linux)"
else
	# on_tty CMD...: the command's output as a terminal shows it.
	on_tty() { script -qec "$*" /dev/null </dev/null | tr -d '\r'; }
	for cmd in "posts" "show" "source list" "posts --author pwned"; do
		got=$(on_tty "$STORIED" $cmd)
		lacks "$cmd: no raw ESC on the terminal" "$got" "$ESC"
		lacks "$cmd: no raw C1 on the terminal" "$got" "$C1"
	done
	got=$(on_tty "$STORIED" posts)
	contains "posts: the ESC shown as an escape" "$got" '\x1B]0;pwned'
	got=$(on_tty "$STORIED" note "\"$(printf 'a\033[2Jb')\"" 2>&1)
	lacks "a change line echoing text: no raw ESC" "$got" "$ESC"
	ok "(that note was the user's own: take it out)" storied undo
	got=$(on_tty "$STORIED" rm 99 2>&1)
	contains "errors still reach the terminal" "$got" "storied: rm:"
fi

ok "piped output is exact" storied posts --author pwned
contains "raw when piped (a script asked for the bytes)" "$out" "$ESC"

ok "render html" storied render -o s.html
ok "render md" storied render --format md -o s.md
ok "render json" storied render --format json -o s.json
for f in s.html s.md s.json; do
	lacks "$f: no raw ESC" "$(cat "$f")" "$ESC"
	lacks "$f: no raw C1" "$(cat "$f")" "$C1"
	lacks "$f: no raw BEL" "$(cat "$f")" "$(printf '\007')"
done
contains "html: the name kept around a replacement character" "$(cat s.html)" "]0;pwned"
ok "posts --json" storied posts --json
contains "json escapes the control" "$out" '\u001B'
