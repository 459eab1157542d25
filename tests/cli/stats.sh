# stats.sh - storied stats: exact numbers on fixture feeds made for it
# (tests/fixtures/stats): a +05:30 project, posts on both sides of
# midnight, a day without posts, a hidden post, a post in both feeds,
# links with and without www., a post without a date.
. "$TOP/tests/lib.sh"

# jq-less JSON: one compact line, per_hour reduced to its non-zero hours
# plus its length, first and last entries.
summary() {
	python3 -c '
import json, sys
d = json.load(sys.stdin)
ph = d["per_hour"]
d["per_hour"] = {"n": len(ph), "first": ph[0] if ph else None, "last": ph[-1] if ph else None,
                 "busy": [h for h in ph if h["posts"]]}
print(json.dumps(d, sort_keys=False, separators=(",", ":")))'
}

ok "init in a half-hour zone" storied init --title Stats --tag evt --timezone Asia/Kolkata
ok "two sources" storied source add "$FIXTURES/stats/social.rss" --name social
ok "second source" storied source add "$FIXTURES/stats/fedi.rss" --name fedi
ok "collect" storied collect
hidden=$(sql "SELECT id FROM posts WHERE permalink = 'https://social.example/@eve/4'")
ok "hide a post" storied hide "$hidden"

ok "stats --json" storied stats --json
got=$(printf '%s\n' "$out" | summary)
same "stats --json: exact numbers" "$got" \
'{"posts":7,"people":4,"first":"2026-05-01T18:00:00Z","last":"2026-05-04T04:29:59Z","per_day":[{"day":"2026-05-01","posts":1},{"day":"2026-05-02","posts":4},{"day":"2026-05-03","posts":0},{"day":"2026-05-04","posts":1}],"per_hour":{"n":59,"first":{"start":"2026-05-01T17:30:00Z","posts":1},"last":{"start":"2026-05-04T03:30:00Z","posts":1},"busy":[{"start":"2026-05-01T17:30:00Z","posts":1},{"start":"2026-05-01T18:30:00Z","posts":2},{"start":"2026-05-02T05:30:00Z","posts":2},{"start":"2026-05-04T03:30:00Z","posts":1}]},"top_authors":[{"author":"@ana@social.example","posts":3},{"author":"@dee@fedi.example","posts":2},{"author":"@bo@social.example","posts":1},{"author":"@cy@social.example","posts":1}],"top_tags":[{"tag":"extra","posts":3},{"tag":"more","posts":1}],"top_domains":[{"domain":"example.org","posts":4},{"domain":"news.example","posts":2},{"domain":"nodate.example","posts":1}],"languages":[],"by_source":[{"id":1,"name":"social","posts":6},{"id":2,"name":"fedi","posts":2}],"most_shared":[]}'
keys=$(printf '%s\n' "$out" | python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)))')
same "stats --json: exactly the contract's fields, in order" "$keys" \
	"posts people first last per_day per_hour top_authors top_tags top_domains languages by_source most_shared"
hours=$(printf '%s\n' "$out" | python3 -c '
import json, sys
ph = json.load(sys.stdin)["per_hour"]
print(all(h["start"].endswith(":30:00Z") for h in ph),
      all(int(ph[i + 1]["start"][11:13]) * 60 + int(ph[i + 1]["start"][14:16]) -
          int(ph[i]["start"][11:13]) * 60 - int(ph[i]["start"][14:16]) in (60, -1380)
          for i in range(len(ph) - 1)))')
same "stats --json: +05:30 hours start at :30 UTC, one after another" "$hours" "True True"

ok "stats --story" storied add 1 8
ok "stats --story --json" storied stats --story --json
got=$(printf '%s\n' "$out" | summary)
same "stats --story: only placed posts" "$got" \
'{"posts":2,"people":2,"first":"2026-05-01T18:00:00Z","last":"2026-05-02T06:20:00Z","per_day":[{"day":"2026-05-01","posts":1},{"day":"2026-05-02","posts":1}],"per_hour":{"n":13,"first":{"start":"2026-05-01T17:30:00Z","posts":1},"last":{"start":"2026-05-02T05:30:00Z","posts":1},"busy":[{"start":"2026-05-01T17:30:00Z","posts":1},{"start":"2026-05-02T05:30:00Z","posts":1}]},"top_authors":[{"author":"@ana@social.example","posts":1},{"author":"@dee@fedi.example","posts":1}],"top_tags":[{"tag":"extra","posts":1}],"top_domains":[{"domain":"example.org","posts":2}],"languages":[],"by_source":[{"id":1,"name":"social","posts":1},{"id":2,"name":"fedi","posts":1}],"most_shared":[]}'

ok "stats --since --until (project zone)" storied stats --json --since 2026-05-02 --until 2026-05-03
got=$(printf '%s\n' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["posts"], d["first"], d["last"], d["per_day"], len(d["per_hour"]))')
same "stats --since/--until: the local day, undated posts left out" "$got" \
	"4 2026-05-01T18:40:00Z 2026-05-02T06:20:00Z [{'day': '2026-05-02', 'posts': 4}] 12"

ok "stats on the terminal" storied stats
contains "text: totals" "$out" "7 posts by 4 people, 2 in the story"
contains "text: span in the zone" "$out" "from 2026-05-01 23:30 to 2026-05-04 09:59 (Asia/Kolkata)"
contains "text: the day after midnight, its peak" "$out" "Sat 2026-05-02     4  █          █              00:00"
contains "text: a day without posts" "$out" "Sun 2026-05-03     0"
contains "text: peak hour" "$out" "Peak hours Sat 2026-05-02 00:00 (2 posts)"
contains "text: top lists" "$out" "   3 @ana@social.example      3 #extra                   4 example.org"
wide=$(printf '%s\n' "$out" | python3 -c '
import sys, unicodedata
print(max(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l) for l in sys.stdin.read().splitlines()))')
[ "$wide" -le 80 ] && pass "text: fits 80 columns" || fail "text: fits 80 columns" "widest line: $wide"

# An empty project: zeros and nulls, not an error.
PROJECT=empty.sqlite
ok "init empty" storied -p empty.sqlite init --title Empty
ok "stats on an empty project" storied -p empty.sqlite stats --json
got=$(printf '%s\n' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["posts"], d["first"], d["per_day"], d["per_hour"])')
same "empty: zeros and nulls" "$got" "0 None [] []"
ok "stats text on an empty project" storied -p empty.sqlite stats
contains "empty: says so" "$out" "0 posts by 0 people"

expect 2 "stats: unknown option" storied stats --bogus
expect 2 "stats: bad --since" storied stats --since yesterday
expect 2 "stats: operand" storied stats 3

# --- the "In numbers" section of the rendered story ---
unset PROJECT
ok "render html" storied render -o page.html
page=$(cat page.html)
contains "html: the section, after the header" "$(sed -n '/<\/header>/,/st-items/p' page.html)" \
	'<section class="st-stats" aria-labelledby="stats-numbers">'
contains "html: summary" "$page" "7 posts collected from 4 people over 4 days; 2 of them in this story."
contains "html: the peak" "$page" "The busiest hour: Saturday 2 May at 00:00, 2 posts."
same "html: a chart a day, each with title and desc" \
	"$(grep -c '<svg class="st-chart" viewBox="0 0 360 110" role="img"' page.html) $(grep -c '<title id="stats-chart-2026-05-0[1-4]-t">' page.html) $(grep -c '<desc id="stats-chart-2026-05-0[1-4]-d">' page.html)" \
	"4 4 4"
contains "html: a bar knows its hour and count" "$page" 'data-start="2026-05-01T18:30:00Z" data-posts="2"'
contains "html: placed posts in a second shade" "$page" 'class="st-chart-placed"'
contains "html: the peak labelled" "$page" '<text class="st-chart-peak"'
contains "html: the table for screen readers" "$page" '<details class="st-stats-table">'
contains "html: a table row" "$page" "<tr><td>Saturday 2 May</td><td>11:00</td><td>2</td><td>1</td></tr>"
contains "html: top voices with avatars as in posts" "$page" '<span class="st-avatar st-hue-'
contains "html: top links" "$page" "<li>example.org <span class=\"st-muted\">4 posts</span></li>"
contains "html: co-tags" "$page" '<span class="st-tag">#extra <span class="st-muted">3</span></span>'
lacks "html: no script" "$page" "<script"
ok "render twice" storied render -o page2.html
same "html: the same bytes every time" "$(cmp page.html page2.html && echo same)" "same"
ok "render --no-stats" storied render --no-stats
lacks "--no-stats: no section" "$out" "st-stats"
mkdir -p tpl && : >tpl/stats.html.mustache
ok "render with an empty stats.html partial" storied render --templates tpl
lacks "--templates: an empty stats.html drops the section" "$out" '<section class="st-stats"'
ok "render embed" storied render --format embed
contains "embed: the section, scoped" "$out" '<h3 class="st-stats-title" id="stats-numbers">In numbers</h3>'
contains "embed: its CSS scoped to the story" "$out" ".storied-story .st-chart-bar {"
ok "render md" storied render --format md
contains "md: a Markdown table of the days" "$out" "| Saturday 2 May | 4 | 00:00 (2) |"
contains "md: the empty day" "$out" "| Sunday 3 May | 0 |  |"
contains "md: top links" "$out" "| example.org | 4 |"
contains "md: tags escaped" "$out" '| \#extra | 3 |'
ok "render json" storied render --format json
a=$(printf '%s\n' "$out" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["stats"], sort_keys=True))')
ok "stats --json again" storied stats --json
b=$(printf '%s\n' "$out" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), sort_keys=True))')
same "json: stats is the stats --json object" "$a" "$b"
ok "render json --no-stats" storied render --format json --no-stats
contains "json --no-stats: null" "$out" '"stats": null'

# --- add --all --by-day: a first draft, a heading a day ---
export STORIED_PROJECT="$WORK/days.sqlite"
ok "by-day project" storied init --title Days --tag evt --timezone Asia/Kolkata
ok "by-day sources" storied source add "$FIXTURES/stats/social.rss" "$FIXTURES/stats/fedi.rss"
ok "by-day collect" storied collect
ok "hide one" storied hide 4
ok "add --all --by-day" storied add --all --by-day
contains "by-day: says what it did" "$errout" "under 4 headings"
got=$(sql "SELECT group_concat(CASE kind WHEN 'heading' THEN level || ':' || body ELSE post_id END, '|')
	FROM (SELECT * FROM story_items ORDER BY position)")
same "by-day: a ## heading before each day's posts, in the zone, undated last" "$got" \
	"2:Friday 1 May|1|2:Saturday 2 May|2|3|7|8|2:Monday 4 May|5|2:Undated|6"
ok "undo it" storied undo
same "by-day: one undo step" "$(sql "SELECT count(*) FROM story_items")" 0
ok "language" storied config language de
ok "add --all --by-day in German" storied add --all --by-day
same "by-day: day names in the project's language" \
	"$(sql "SELECT group_concat(body, '|') FROM (SELECT body FROM story_items WHERE kind = 'heading' ORDER BY position)")" \
	"Freitag, 1. Mai|Samstag, 2. Mai|Montag, 4. Mai|Undated"
expect 2 "--by-day needs --all" storied add 1 --by-day
