# manpage.sh - man/storied.1 renders cleanly: groff reports no warning at
# its strictest (-ww), and every command in `storied --help` starts an
# entry of its own (a .TP tag line), never run into the text before it.
. "$TOP/tests/lib.sh"

if ! command -v groff >/dev/null 2>&1; then
	echo "# skipped: groff is not installed"
	exit 0
fi
run groff -ww -z -man "$TOP/man/storied.1"
same "groff -ww: no warnings" "$errout" ""
# What man -l shows (groff's own terminal output when man is missing).
if command -v man >/dev/null 2>&1; then
	MANWIDTH=100 man -l "$TOP/man/storied.1" 2>/dev/null >page.txt
else
	groff -man -Tutf8 -rLL=100n "$TOP/man/storied.1" 2>/dev/null | col -bx >page.txt
fi
[ -s page.txt ] && pass "the page renders" || fail "the page renders"
storied --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z ]*[a-z]\)  .*/\1/p' | sed 's/ *$//' >commands.txt
[ -s commands.txt ] && pass "commands listed" || fail "commands listed"
python3 - page.txt commands.txt <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read().replace("\u2010", "-")
tags = [l[7:] for l in page.splitlines() if re.match(r"^       \S", l)]
for cmd in open(sys.argv[2]).read().split("\n"):
    if not cmd:
        continue
    # An entry's tag line starts with the command, or names it after "| ".
    found = any(t == cmd or t.startswith(cmd + " ") or ("| " + cmd + " ") in t or t.endswith("| " + cmd) for t in tags)
    print(("ok" if found else "not ok") + " - man page: '%s' starts an entry" % cmd)
PY
