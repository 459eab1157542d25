# kept.sh - what is stored is kept exactly: every text a Storify element
# carries (a photo tweet's words are in data.quote.text), dates written
# with four-digit years and a date past 9999 unreadable.
. "$TOP/tests/lib.sh"

storied init --title "Kept" 2>/dev/null
ok "import a Storify story of photo tweets" storied import --all "$FIXTURES/import/storify-photo.json"
text_of() { sql "SELECT content_text FROM posts WHERE permalink = '$1'"; }
same "an image element keeps data.quote.text" "$(text_of https://twitter.example/ingrid/status/101)" \
	"The keynote room, full at nine #nosd14"
same "an image element keeps its quote and its caption" \
	"$(text_of https://twitter.example/bjorn/status/102)" "Best slide of the day #nosd14

Slides, page 3"
same "the caption is still the image's alt text" \
	"$(sql "SELECT alt FROM media WHERE url = 'https://pbs.example/media/102.jpg'")" "Slides, page 3"
same "a video element keeps data.quote.text" "$(text_of https://twitter.example/dag/status/103)" \
	"The demo, live #nosd14"
contains "a link element keeps data.quote.text" "$(text_of https://blog.example/notes)" \
	"Notes from day one #nosd14"
same "a date past 9999 is unreadable, not stored" \
	"$(sql "SELECT coalesce(published, 'null') FROM posts WHERE permalink = 'https://blog.example/notes'")" "null"
ok "posts --json" storied posts --json
python3 - "$out" <<'PY' && pass "published: four-digit years or null" || fail "published: four-digit years or null" "$out"
import json, re, sys
a = json.loads(sys.argv[1])
assert len(a) == 4, len(a)
for p in a:
    assert p["published"] is None or re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", p["published"]), p
PY
