# lib.sh - helpers for command-line scenario tests (sourced by tests/cli/*.sh).
# Each script runs in a fresh temp directory, removed at exit; helpers print
# "ok - NAME" or "not ok - NAME" lines that tests/run.sh counts.
set -u
: "${STORIED:?}" "${TOP:?}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/storied-test.XXXXXX")
cd "$WORK" || exit 1
_cleanups=""
at_exit() { _cleanups="$1; $_cleanups"; }
trap 'eval "$_cleanups"; cd /; rm -rf "$WORK"' EXIT
export STORIED_PROJECT="$WORK/story.sqlite"
FIXTURES="$TOP/tests/fixtures"
SAMPLES="$TOP/samples"

storied() { "$STORIED" "$@"; }

pass() { echo "ok - $1"; }
fail() {
	echo "not ok - $1"
	shift
	for l in "$@"; do echo "#   $l" | head -c 2000; echo; done
}

# run CMD...: runs it, keeping status in $status, stdout in $out, stderr in $errout.
run() {
	"$@" >"$WORK/.out" 2>"$WORK/.err"
	status=$?
	out=$(cat "$WORK/.out")
	errout=$(cat "$WORK/.err")
}

# expect STATUS NAME CMD...: the command exits with STATUS.
expect() {
	want=$1 name=$2
	shift 2
	run "$@"
	if [ "$status" -eq "$want" ]; then
		pass "$name"
	else
		fail "$name" "wanted status $want, got $status: $*" "stdout: $out" "stderr: $errout"
	fi
}

# ok NAME CMD...: the command succeeds.
ok() { expect 0 "$@"; }

# contains NAME HAYSTACK NEEDLE
contains() {
	case "$2" in
	*"$3"*) pass "$1" ;;
	*) fail "$1" "wanted to find: $3" "in: $2" ;;
	esac
}
lacks() {
	case "$2" in
	*"$3"*) fail "$1" "did not want: $3" "in: $2" ;;
	*) pass "$1" ;;
	esac
}
# same NAME GOT WANT
same() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got:  $2" "want: $3"; fi
}
# one_line NAME TEXT: TEXT is a single line
one_line() {
	n=$(printf '%s\n' "$2" | wc -l)
	if [ "$n" -eq 1 ] && [ -n "$2" ]; then pass "$1"; else fail "$1" "wanted one line, got $n:" "$2"; fi
}

sql() { sqlite3 -batch "${PROJECT:-$STORIED_PROJECT}" "$@"; }

# A local HTTP fixture server (tests/tools/httpd.py) on a free port.
# start_server DIR: sets PORT and BASE; stopped by PID at exit.
start_server() {
	python3 "$TOP/tests/tools/httpd.py" "$1" "$WORK/.port" "$WORK/.requests" >"$WORK/.httpd.log" 2>&1 &
	SERVER_PID=$!
	at_exit "kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null"
	for _ in $(seq 100); do
		[ -s "$WORK/.port" ] && break
		sleep 0.05
	done
	PORT=$(cat "$WORK/.port")
	BASE="http://127.0.0.1:$PORT"
}
