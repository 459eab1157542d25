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

# No test reaches the internet: libcurl sends every request but loopback's
# to a closed local port (collect archives media and link cards of posts
# whose URLs name real hosts).
export http_proxy=http://127.0.0.1:1 https_proxy=http://127.0.0.1:1 \
    HTTPS_PROXY=http://127.0.0.1:1 ALL_PROXY=http://127.0.0.1:1 \
    no_proxy=127.0.0.1,127.0.0.2,localhost NO_PROXY=127.0.0.1,127.0.0.2,localhost

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

# wait_for FILE: until FILE is not empty (a server wrote its port or
# address), five seconds at most.
wait_for() {
	for _ in $(seq 100); do
		[ -s "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

# A local HTTP fixture server (tests/tools/httpd.py) on a free port.
# start_server DIR: sets PORT and BASE; stopped by PID at exit.
start_server() {
	python3 "$TOP/tests/tools/httpd.py" "$1" "$WORK/.port" "$WORK/.requests" >"$WORK/.httpd.log" 2>&1 &
	SERVER_PID=$!
	at_exit "kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null"
	wait_for "$WORK/.port"
	PORT=$(cat "$WORK/.port")
	BASE="http://127.0.0.1:$PORT"
}

# The editor: start_serve [ARGS] runs `storied serve --port 0 ARGS` on
# $STORIED_PROJECT in the background, stopped by PID at exit, and waits
# for the address it prints; sets SPID, URL, BASE (http://127.0.0.1:PORT),
# HOSTPORT and TOKEN.
start_serve() {
	rm -f "$WORK/serve.out"
	"$STORIED" serve --port 0 "$@" >"$WORK/serve.out" 2>"$WORK/serve.err" &
	SPID=$!
	at_exit "kill $SPID 2>/dev/null"
	wait_for "$WORK/serve.out"
	URL=$(head -n 1 "$WORK/serve.out")
	BASE=${URL%%/\?token=*}
	HOSTPORT=${BASE#http://}
	TOKEN=${URL##*token=}
}

# Headless Chromium for the browser tests (file:// only, no network).
# need_chromium: sets $browser; exits with a "# skipped" line when Debian's
# chromium is missing.
need_chromium() {
	browser=$(command -v chromium || command -v chromium-browser || true)
	if [ -z "$browser" ]; then
		echo "# skipped: chromium is not installed (make deps installs it)"
		exit 0
	fi
}
# need_browser TOOL: need_chromium, and $tool (build/*/tests/tools/TOOL);
# fails when the tool was not built.
need_browser() {
	need_chromium
	tool="${UNIT_DIR:-}/tools/$1"
	if [ ! -x "$tool" ]; then
		fail "$1 tool built" "not found: $tool"
		exit 1
	fi
}
# browser_dump NAME: loads $WORK/NAME.html and writes its DOM to NAME.dom.
browser_dump() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update --disable-sync \
	    --no-first-run --disable-extensions --user-data-dir="$WORK/profile-$1" \
	    --virtual-time-budget=5000 --dump-dom "file://$WORK/$1.html" \
	    >"$WORK/$1.dom" 2>"$WORK/$1.log"
}
# root_tag NAME: the <html> start tag of a dumped DOM, where markers land.
root_tag() { grep -o '<html[^>]*>' "$WORK/$1.dom" | head -n 1; }

# Permissions bind root only once it drops them. need_unprivileged: sets
# $as_user to a prefix that runs a command as nobody when the test runs as
# root (setpriv), or nothing otherwise; exits with "# skipped" when root
# cannot drop. Files that command uses must be open to it (chmod).
need_unprivileged() {
	as_user=""
	[ "$(id -u)" -ne 0 ] && return 0
	if ! command -v setpriv >/dev/null 2>&1 ||
		! setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		echo "# skipped: running as root and cannot drop to nobody (setpriv)"
		exit 0
	fi
	chmod 711 "$WORK"
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
}

# The test build of storied (include/testhook.h), which stops at named
# points. need_hooks: sets $HOOKED, or fails when it was not built.
need_hooks() {
	HOOKED="${UNIT_DIR:-}/tools/storied-hooks"
	if [ ! -x "$HOOKED" ]; then
		fail "the test build storied-hooks is there" "not found: $HOOKED (make test builds it)"
		exit 1
	fi
}
# stop_at POINT[#N] OUT CMD...: runs CMD (the test build) in the background,
# its output to OUT, until it stops at POINT (or ends, or 2 minutes pass);
# its pid is left in $STOPPED, and $WORK/.hook says where it stopped.
# Resume it with `kill -CONT $STOPPED; wait $STOPPED`.
stop_at() {
	_point=$1 _out=$2
	shift 2
	rm -f "$WORK/.hook"
	STORIED_TEST_HOOK=$_point STORIED_TEST_HOOK_READY="$WORK/.hook" "$@" >"$_out" 2>&1 &
	STOPPED=$!
	for _ in $(seq 2400); do
		[ -s "$WORK/.hook" ] && break
		kill -0 "$STOPPED" 2>/dev/null || break
		sleep 0.05
	done
}
# kill_at POINT[#N] CMD...: runs CMD (the test build) until it stops at
# POINT, then kills it with SIGKILL. Fails the test and returns 1 when CMD
# ended without reaching POINT.
kill_at() {
	_point=$1
	shift
	stop_at "$_point" "$WORK/.hook.out" "$@"
	_pid=$STOPPED
	if [ -s "$WORK/.hook" ]; then
		kill -9 "$_pid" 2>/dev/null
		wait "$_pid" 2>/dev/null
		pass "stopped at $_point: $(cat "$WORK/.hook")"
		return 0
	fi
	kill -9 "$_pid" 2>/dev/null
	wait "$_pid" 2>/dev/null
	fail "stopped at $_point" "it ended (or took 2 minutes) without reaching it: $*" "$(cat "$WORK/.hook.out")"
	return 1
}
# need_playwright: need_chromium, and Node with playwright-core to drive
# it ($CHROMIUM and $NODE_PATH set for tests/tools/*.js).
need_playwright() {
	need_chromium
	if ! command -v node >/dev/null || [ ! -d "$TOP/tests/node_modules/playwright-core" ]; then
		echo "# skipped: playwright-core is not installed (make deps: npm install --prefix tests)"
		exit 0
	fi
	export CHROMIUM="$browser" NODE_PATH="$TOP/tests/node_modules"
}
