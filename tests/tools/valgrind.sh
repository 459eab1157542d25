#!/bin/sh
# valgrind.sh - storied under valgrind's memcheck, for `make valgrind`:
# tests/run.sh runs this as $STORIED, so every storied a CLI test starts is
# checked. An error or a definitely lost block exits 99 (a failed test).
# usage: STORIED_REAL=/path/to/storied [VALGRIND=/path/to/valgrind] valgrind.sh ARGS...
# (make valgrind gives valgrind's own path: a test may narrow PATH.)
exec "${VALGRIND:-valgrind}" --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	--show-leak-kinds=definite --trace-children=no "${STORIED_REAL:?}" "$@"
