#!/bin/bash
# feed-conformance.sh - the feedparser corpus (tests/corpus/feedparser,
# see FORMAT.md there) through storied's feed parser: prints the pass rate
# per folder ("# folder: N/M") and fails when one falls below the minimum
# committed in tests/tools/conformance.py.
. "$TOP/tests/lib.sh"

corpus="$TOP/tests/corpus/feedparser"

# The test tool sits beside the unit tests of the same build.
if [ -n "${UNIT_DIR:-}" ]; then
	feedcheck="$UNIT_DIR/tools/feedcheck"
elif [ "$(dirname "$STORIED")" = "$TOP" ]; then
	feedcheck="$TOP/build/release/tests/tools/feedcheck"
else
	feedcheck="$(dirname "$STORIED")/tests/tools/feedcheck"
fi
if [ ! -x "$feedcheck" ]; then
	fail "feedcheck built" "not found: $feedcheck"
	exit 1
fi
python3 "$TOP/tests/tools/conformance.py" "$feedcheck" "$corpus"
