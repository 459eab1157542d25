# readme_archive.sh - the README's archive commands, run as written on a
# project fed by the media fixture over loopback.
. "$TOP/tests/lib.sh"

mkdir site
cp "$FIXTURES/media"/* site/
start_server "$WORK/site"
sed "s|@BASE@|$BASE|g" "$FIXTURES/media/feed.rss" >site/feed.rss
ok "init" storied init --title "Archive" --tag nosd26
ok "add the feeds" storied source add "$BASE/feed.rss" "$BASE/feed.json"
ok "a first collect, and the posts placed" sh -c '"$STORIED" collect --no-media --no-cards && "$STORIED" add --all'
sed -n '/^## The archive/,/^## [^T]/p' "$TOP/README.md" |
	awk '/^    storied / { sub(/ *#.*/, ""); print substr($0, 5) }' >cmds.sh
same "the section shows its commands" "$(grep -c "^storied " cmds.sh)" 8

n=0
while IFS= read -r line; do
	n=$((n + 1))
	expect 0 "archive step $n: $line" sh -c "\"\$STORIED\"${line#storied}"
done <cmds.sh
[ -s story.html ] && [ -s page.html ] && [ -s embed.html ] &&
	pass "the renders are written" || fail "the renders are written"
contains "archived files as data: URIs" "$(cat story.html)" 'src="data:image/png;base64,'
contains "files beside the page" "$(cat page.html)" 'src="media/'
