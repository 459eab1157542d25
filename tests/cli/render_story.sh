# render_story.sh - the rendered story reads right: the header gives the
# event's days in the project's language (until is exclusive), each post
# carries dir="auto" and a lang (its own, else the project's), and a
# source without a name is credited by its address, a local file only by
# its file name, never a path on the curator's disk.
. "$TOP/tests/lib.sh"

ok "init" storied init --title "Days" --timezone Europe/Oslo --since 2026-05-20 --until 2026-05-22
sql <"$FIXTURES/posts.sql"
sql "UPDATE posts SET published = published + 5702400; UPDATE posts SET language = NULL WHERE id = 2;
     UPDATE sources SET name = NULL, url = '/home/curator/private/feeds/blog.atom' WHERE id = 2"
ok "add --all" storied -q add --all
ok "render" storied render
contains "header: the event's days, until exclusive" "$out" '>20–21 May 2026</time>'
contains "every post: dir=auto" "$out" 'dir="auto" lang="en"'
contains "a post without a language takes the project's" "$out" "id=\"days-item-2\" dir=\"auto\" lang=\"en\""
contains "a local source is credited by its file name" "$out" "blog.atom"
lacks "never by its path" "$out" "/home/curator"
ok "render md" storied render --format md
contains "md: the event's days" "$out" "20–21 May 2026 (Europe/Oslo)"
lacks "md: never a local path" "$out" "/home/curator"
ok "config language fr" storied config language fr
ok "render in French" storied render
contains "days in the project's language" "$out" ">20–21 mai 2026</time>"
ok "one day" storied config until 2026-05-21
ok "render one day" storied render --format md
contains "a one-day event" "$out" "20 mai 2026 (Europe/Oslo)"
ok "across months" storied config until 2026-06-02
ok "config language en" storied config language en
ok "render across months" storied render --format md
contains "across months" "$out" "20 May – 1 June 2026"

# --- Credits name a source by the feed's own title when the user gave it
# no name; the user's name wins; a feed without a title falls back to its
# file name. Header, "In numbers" and stats count people one way. ---
export STORIED_PROJECT="$WORK/titles.sqlite"
ok "init (titles)" storied init --title "Titles" --tag nosd26 --tag nosd2026
mkdir -p "$WORK/private/feeds"
cp "$SAMPLES/blog.example.atom" "$SAMPLES/radio.example.json" "$SAMPLES/planet.example.rdf" \
	"$SAMPLES/fedi.example-nosd2026.rss" "$WORK/private/feeds/"
sed '0,/<title>[^<]*<\/title>/s///' "$SAMPLES/social.example-nosd26.rss" \
	>"$WORK/private/feeds/untitled.rss"
ok "sources" storied source add "$WORK/private/feeds/blog.example.atom" \
	"$WORK/private/feeds/radio.example.json" "$WORK/private/feeds/planet.example.rdf" \
	"$WORK/private/feeds/untitled.rss"
ok "a named source" storied source add --name "Fedi desk" "$WORK/private/feeds/fedi.example-nosd2026.rss"
ok "collect" storied -q collect
same "collect keeps each feed's own title" \
	"$(sql "SELECT id, coalesce(title, '-') FROM sources ORDER BY id")" \
	"$(printf '%s\n' "1|Ingrid Solberg's notebook" "2|Bergen Tech Radio" "3|Planet Nordic FOSS" "4|-" "5|#nosd2026")"
ok "source list (titles)" storied source list
contains "source list shows the feed's title" "$out" "blog.example.atom  (Ingrid Solberg's notebook)"
contains "and the user's name over it" "$out" "fedi.example-nosd2026.rss  (Fedi desk)"
ok "source list --json (titles)" storied source list --json
contains "source list --json: the title" "$out" '"title": "Bergen Tech Radio"'
ok "add --all" storied -q add --all
ok "render (titles)" storied render
contains "an Atom feed is credited by its title" "$out" "<p class=\"st-source\">Ingrid Solberg&#39;s notebook <"
contains "a JSON Feed by its title" "$out" "<p class=\"st-source\">Bergen Tech Radio <"
contains "an RDF feed by its title" "$out" "<p class=\"st-source\">Planet Nordic FOSS <"
contains "a feed without a title by its file name" "$out" "<p class=\"st-source\">untitled.rss <"
contains "the user's name wins over the title" "$out" "<p class=\"st-source\">Fedi desk <"
lacks "never a path on the curator's disk" "$out" "$WORK/private"
header=$(printf '%s\n' "$out" | sed -n 's/.*class="st-counts">[0-9]* posts\{0,1\} by \([0-9]*\) pe.*/\1/p')
numbers=$(printf '%s\n' "$out" | sed -n 's/.*class="st-stats-summary">.* from \([0-9]*\) pe.*/\1/p')
ok "stats --json --story" storied stats --json --story
people=$(printf '%s\n' "$out" | sed -n 's/^  "people": \([0-9]*\),$/\1/p')
[ -n "$header" ] && [ "$header" = "$numbers" ] && [ "$header" = "$people" ] &&
	pass "header, In numbers and stats count the same people ($header)" ||
	fail "header, In numbers and stats count the same people" "header $header, In numbers $numbers, stats $people"
ok "render md (titles)" storied render --format md
contains "md credits: the title" "$out" "Bergen Tech Radio"
ok "render json (titles)" storied render --format json
contains "json credits: the title" "$out" '"name": "Planet Nordic FOSS"'
ok "stats (titles)" storied stats
contains "stats on the terminal: the title" "$out" "Ingrid Solberg's notebook"
# A feed whose title changes is credited by its new one; a later read
# without a title keeps the last one known.
sed 's/Bergen Tech Radio/Bergen Tech Radio (archive)/' "$SAMPLES/radio.example.json" \
	>"$WORK/private/feeds/radio.example.json"
ok "collect again" storied -q collect
same "a changed title is kept" "$(sql "SELECT title FROM sources WHERE id = 2")" "Bergen Tech Radio (archive)"
