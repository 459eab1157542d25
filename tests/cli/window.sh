# window.sh - changing the window or the tags never hides posts: the next
# collect reads every source in full (no 304, no API cursor), `collect
# --full` does it on demand, refused items are counted per reason with
# the `storied config until` hint, and a Mastodon hashtag feed added as a
# source is named for what it is.
. "$TOP/tests/lib.sh"

mkdir site
cp "$FIXTURES/window/nosd26.rss" site/
start_server "$WORK/site"
# The common mistake: the event's last day (15 March) given as --until.
storied init --title "NOSD" --tag nosd26 --since 2026-03-14 --until 2026-03-15 2>/dev/null
storied source add "$BASE/nosd26.rss" >/dev/null 2>&1
ok "first collect" storied collect -q
contains "3 posts kept" "$out" "3 new"
contains "refused per reason: tag" "$out" "1 without a project tag"
contains "refused per reason: window" "$out" "4 outside the window"
contains "the day after is named" "$out" "3 posts on 2026-03-15, the day after the window"
contains "the until hint" "$out" "storied config until 2026-03-16"
contains "the day before is named" "$out" "1 post on 2026-03-13, the day before the window"
contains "the since hint" "$out" "storied config since 2026-03-13"
ok "second collect" storied collect -q
contains "unchanged feed: a 304" "$out" "not modified"

expect 0 "config until" storied config until 2026-03-16
contains "config says the next collect reads in full" "$errout" "reads every source in full"
same "validators dropped" "$(sql 'SELECT count(*) FROM sources WHERE etag IS NOT NULL OR last_modified IS NOT NULL')" 0
: >"$WORK/.requests"
ok "collect after the window changed" storied collect -q
lacks "no conditional request" "$(cat "$WORK/.requests")" "if-none-match"
contains "the day that was outside comes in" "$out" "3 new"
same "six posts" "$(sql 'SELECT count(*) FROM posts')" 6
lacks "no hint when nothing is near the window's end" "$out" "storied config until"

ok "collect again" storied collect -q
contains "a 304 again" "$out" "not modified"
: >"$WORK/.requests"
ok "collect --full" storied collect --full -q
lacks "--full: no conditional request" "$(cat "$WORK/.requests")" "if-none-match"
contains "--full: read in full" "$out" "8 items"

expect 0 "config until, unchanged" storied config until 2026-03-16
lacks "an unchanged value says nothing" "$errout" "in full"
ok "collect before the tag change" storied collect -q
expect 0 "config tags +nosd2026" storied config tags +nosd2026
contains "a new tag: read in full" "$errout" "reads every source in full"
ok "collect after the tag change" storied collect -q
contains "the other tag's post comes in" "$out" "1 new"
expect 0 "config tags -nosd2026" storied config tags -nosd2026
lacks "removing a tag needs no full read" "$errout" "in full"
sql "UPDATE sources SET kind = 'mastodon', cursor = '110000'" 
expect 0 "config timezone" storied config timezone Europe/Oslo
same "API cursor dropped" "$(sql 'SELECT count(*) FROM sources WHERE cursor IS NOT NULL')" 0
sql "UPDATE sources SET kind = 'feed'"

# A Mastodon hashtag feed holds only its newest posts: say so, with the API form.
expect 0 "source add of a tags .rss feed" storied source add https://fedi.example/tags/nosd26.rss
contains "the feed is named for what it is" "$errout" "holds only the newest posts"
contains "the API form is printed" "$errout" "add https://fedi.example/tags/nosd26 instead"
expect 0 "source add of a tags .atom feed" storied source add https://fedi.example/tags/nosd2026.atom
contains "the .atom form too" "$errout" "add https://fedi.example/tags/nosd2026 instead"
expect 0 "source add of another feed" storied source add https://blog.example/feed.rss
lacks "no note for other feeds" "$errout" "newest posts"
