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

# A stored XML item is well-formed on its own: it declares the namespaces it
# uses but inherits from the feed (media:, dc:, content:, atom:, Atom's and
# RSS 1.0's default one), and only those.
rm -f "$STORIED_PROJECT"
storied init --title "Namespaces" 2>/dev/null
for f in "$FIXTURES/kept/namespaces.rss" "$FIXTURES/feeds/mastodon-tag.rss" \
    "$FIXTURES/feeds/blog.atom" "$FIXTURES/feeds/news.rdf"; do
	storied source add "$f" >/dev/null 2>&1
done
ok "collect feeds that use namespaces" storied collect -q
n=0 bad=""
for id in $(sql "SELECT id FROM posts WHERE raw_format IN ('rss', 'atom', 'rdf') ORDER BY id"); do
	sql "SELECT raw FROM posts WHERE id = $id" > "$WORK/item.xml"
	n=$((n + 1))
	xmllint --noout "$WORK/item.xml" 2>"$WORK/xmllint.err" || bad="$bad $id: $(head -n 1 "$WORK/xmllint.err")"
done
same "every stored XML item reads alone in xmllint ($n items)" "$bad" ""
[ "$n" -ge 8 ] && pass "items of RSS, Atom and RDF checked" || fail "items of RSS, Atom and RDF checked" "$n"
raw1=$(sql "SELECT raw FROM posts WHERE guid = 'ns-1'")
for ns in media dc content atom; do
	contains "item 1 declares $ns:" "$raw1" "xmlns:$ns="
done
lacks "nor a namespace it does not use" "$raw1" "xmlns:unused"
raw2=$(sql "SELECT raw FROM posts WHERE permalink = 'https://ns.example/2'")
contains "item 2 keeps its own declaration" "$raw2" 'xmlns:own="urn:example:own">'
contains "and declares the inherited dc:" "$raw2" 'xmlns:dc='
contains "an Atom entry declares Atom's namespace" \
	"$(sql "SELECT raw FROM posts WHERE raw_format = 'atom' LIMIT 1")" '<entry xmlns="http://www.w3.org/2005/Atom"'
