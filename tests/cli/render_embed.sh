# render_embed.sh - two stories embedded in one page, inside a page that
# has its own id="item-1", never collide: every id a story writes starts
# with its prefix (the title's slug, or --id-prefix), and every #link in a
# story points into that story.
. "$TOP/tests/lib.sh"

# ids PAGE: every id="..." in PAGE that appears more than once; links to
# ids that are not there.
ids_check() {
	python3 - "$1" <<'PY'
import collections, html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = collections.Counter()
        self.links = []
    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "id":
                self.ids[v] += 1
            if k == "href" and v and v.startswith("#"):
                self.links.append(v[1:])
            if k in ("aria-labelledby", "aria-describedby") and v:
                self.links.extend(v.split())
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
bad = [i for i, n in p.ids.items() if n > 1] + ["#" + l for l in p.links if l not in p.ids]
print(" ".join(bad))
PY
}

export STORIED_PROJECT=one.sqlite
ok "init one" storied init --title "Nordic Open Source Days 2026"
sql <"$FIXTURES/posts.sql"
ok "story one" storied -q add --all
ok "a heading in one" storied -q heading "Day one" --top
export STORIED_PROJECT=two.sqlite
ok "init two" storied init --title "Café Talks"
sql <"$FIXTURES/posts.sql"
ok "story two: the same item ids" storied -q add --all
ok "a heading in two" storied -q heading "Day one" --top

STORIED_PROJECT=one.sqlite ok "embed one" storied render --format embed -o one.html
STORIED_PROJECT=two.sqlite ok "embed two" storied render --format embed -o two.html
contains "ids start with the title's slug" "$(cat one.html)" 'id="nordic-open-source-days-2026-item-'
contains "accents folded, punctuation one dash" "$(cat two.html)" 'id="cafe-talks-item-'
{
	printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>host</title></head><body>\n'
	printf '<h2 id="item-1">The blog'"'"'s own item-1</h2><p><a href="#item-1">up</a></p>\n'
	cat one.html two.html
	printf '</body></html>\n'
} >host.html
same "two embeds in one page: no id twice, no link lost" "$(ids_check host.html)" ""

STORIED_PROJECT=one.sqlite ok "page" storied render -o page.html
same "the page: every id once, every #link found (contents too)" "$(ids_check page.html)" ""
contains "the contents link into the prefixed ids" "$(cat page.html)" 'href="#nordic-open-source-days-2026-item-'

STORIED_PROJECT=one.sqlite ok "--id-prefix" storied render --format embed --id-prefix s1_
contains "--id-prefix: ids start with it" "$out" 'id="s1_item-'
lacks "--id-prefix: no other prefix" "$out" 'id="nordic'
STORIED_PROJECT=one.sqlite ok "--id-prefix ''" storied render --id-prefix ""
contains "an empty prefix: the bare ids" "$out" 'id="item-1"'
STORIED_PROJECT=one.sqlite expect 2 "--id-prefix with a space: usage error" storied render --id-prefix "a b"
contains "saying what a prefix may hold" "$errout" "letters, digits"
STORIED_PROJECT=one.sqlite expect 2 "--id-prefix that would break out of the attribute" storied render --id-prefix 'x"onclick'

export STORIED_PROJECT=three.sqlite
ok "init a title without Latin letters" storied init --title "日本語"
sql <"$FIXTURES/posts.sql"
ok "add" storied -q add 1
ok "render" storied render --format embed
contains "a title in another script keeps its letters" "$out" 'id="日本語-item-1"'

# Titles in other scripts: their letters and digits make the prefix, lower
# case; a title with none (emoji) gets a hash of itself, so two stories of
# such titles embedded in one page still never collide.
embed_titled() { # NAME TITLE
	STORIED_PROJECT="$1.sqlite" ok "init \"$2\"" storied init --title "$2"
	STORIED_PROJECT="$1.sqlite" sql <"$FIXTURES/posts.sql"
	STORIED_PROJECT="$1.sqlite" ok "story \"$2\"" storied -q add --all
	STORIED_PROJECT="$1.sqlite" ok "heading in \"$2\"" storied -q heading "Day one" --top
	STORIED_PROJECT="$1.sqlite" ok "embed \"$2\"" storied render --format embed -o "$1.html"
}
embed_titled ru "Конференция 2026"
contains "Cyrillic: its letters, lower case, and its digits" "$(cat ru.html)" 'id="конференция-2026-item-1"'
embed_titled ru2 "КОНФЕРЕНЦИЯ 2027"
contains "Cyrillic capitals lower-cased" "$(cat ru2.html)" 'id="конференция-2027-item-1"'
embed_titled ja "北欧会議"
contains "Japanese: its letters" "$(cat ja.html)" 'id="北欧会議-item-1"'
embed_titled hi "हिन्दी सम्मेलन"
contains "Devanagari: its letters with their vowel signs" "$(cat hi.html)" 'id="हिन्दी-सम्मेलन-item-1"'
embed_titled party "🎉🎉"
embed_titled party2 "🎊🎊"
p1=$(grep -o 'id="[^"]*item-1"' party.html | head -n 1)
p2=$(grep -o 'id="[^"]*item-1"' party2.html | head -n 1)
case "$p1" in
'id="story-'????????'-item-1"') pass "no letter at all: story- and a hash of the title" ;;
*) fail "no letter at all: story- and a hash of the title" "$p1" ;;
esac
[ "$p1" != "$p2" ] && pass "two such titles, two prefixes" || fail "two such titles, two prefixes" "$p1 $p2"
same "the hash is stable" "$(STORIED_PROJECT=party.sqlite storied render --format embed | grep -o 'id="[^"]*item-1"' | head -n 1)" "$p1"
{
	printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>host</title></head><body>\n'
	cat ru.html ru2.html ja.html hi.html party.html party2.html
	printf '</body></html>\n'
} >scripts.html
same "six such embeds in one page: no id twice, no link lost" "$(ids_check scripts.html)" ""
