#!/bin/sh
# run.sh - run every test: unit binaries (tests/unit/*.c, built by make) and
# command-line scenarios (tests/cli/*.sh), each in a fresh temp directory.
# Every test prints "ok - ..." or "not ok - ..." lines; a script that exits
# non-zero without a "not ok" counts as one failure; a "# skipped: why"
# line (a suite, or part of one, that cannot run here) counts as one skip
# and is listed again at the end, so nothing is skipped silently. Ends with
# the line "N passed, N failed, N skipped".
#
# usage: STORIED=/path/to/storied UNIT_DIR=build/.../tests sh tests/run.sh [NAME...]
# NAME filters tests by substring (make test TESTS=collect).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
: "${STORIED:?set STORIED to the storied binary}"
: "${UNIT_DIR:=}"
export STORIED TOP="$top" LC_ALL=C TZ=Etc/GMT+5
# Unset what could leak from the caller's environment into the tests.
unset STORIED_PROJECT COLUMNS VISUAL EDITOR STORIED_NOW
passed=0 failed=0 skipped=0
log=$(mktemp)
skips=$(mktemp)
trap 'rm -f "$log" "$skips"' EXIT

wanted() {
	[ -z "$FILTER" ] && return 0
	for w in $FILTER; do
		case "$1" in *"$w"*) return 0 ;; esac
	done
	return 1
}
FILTER="$*"

run_one() { # name, command...
	name=$1
	shift
	"$@" >"$log" 2>&1
	rc=$?
	ok=$(grep -c '^ok ' "$log")
	bad=$(grep -c '^not ok ' "$log")
	skip=$(grep -c '^# skipped' "$log")
	grep '^# skipped' "$log" | sed "s|^# skipped:* *|$name: |" >>"$skips"
	if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		bad=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	if [ "$bad" -gt 0 ]; then
		echo "FAIL $name ($ok ok, $bad failed)"
		# Each failure with the lines that say why (fail() prints them
		# after it), not the tail of a long dump that hides it.
		sed 's/^/    /' "$log" | awk '/^    not ok /{n=12} n>0{print; n--}' | head -n 120
	else
		if [ "$skip" -gt 0 ]; then
			echo "ok   $name ($ok, $skip skipped)"
		else
			echo "ok   $name ($ok)"
		fi
		grep '^# ' "$log" | sed 's/^/    /'
	fi
	passed=$((passed + ok))
	failed=$((failed + bad))
	skipped=$((skipped + skip))
}

if [ -n "$UNIT_DIR" ] && [ -d "$UNIT_DIR" ]; then
	for t in "$UNIT_DIR"/*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		n=unit/$(basename "$t")
		wanted "$n" || continue
		run_one "$n" sh -c 'cd "$TOP" && exec "$0"' "$t"
	done
fi
for t in "$top"/tests/cli/*.sh; do
	[ -f "$t" ] || continue
	n=cli/$(basename "$t" .sh)
	wanted "$n" || continue
	run_one "$n" bash "$t"
done
if [ "$skipped" -gt 0 ]; then
	echo "skipped:"
	sed 's/^/    /' "$skips"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
