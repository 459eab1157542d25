# search.sh - `posts --search` takes what people type: the table in
# tests/fixtures/search/queries.tsv (query, the posts it finds) run against
# tests/fixtures/search/posts.sql; no query is ever an error.
. "$TOP/tests/lib.sh"

storied init --title "Search" 2>/dev/null
sql <"$FIXTURES/search/posts.sql"

n=0
while IFS='	' read -r query want; do
	case "$query" in '# '*|'') continue ;; esac
	n=$((n + 1))
	run storied posts --json --search "$query"
	if [ "$status" -ne 0 ] || [ -n "$errout" ]; then
		fail "search [$query] runs" "status $status" "stderr: $errout"
		continue
	fi
	got=$(printf '%s' "$out" | python3 -c 'import json,sys; print(" ".join(str(p["id"]) for p in json.load(sys.stdin)))')
	same "search [$query]" "$got" "$want"
done <"$FIXTURES/search/queries.tsv"
[ "$n" -ge 40 ] && pass "at least 40 queries in the table ($n)" || fail "at least 40 queries" "$n"

same "nothing was dropped by a query" "$(sql 'SELECT count(*) FROM posts')" 12
# The table view takes the same queries.
ok "table view: an unbalanced quote" storied posts --search '"full room'
contains "table view lists the match" "$out" "@dag@social"
ok "a query with every kind of term" storied posts --search '#nosd26 @sara "Q&A" -spam 10:40 OR room'
contains "posts --help documents #tag" "$(storied posts --help)" "#tag"
contains "posts --help documents @user" "$(storied posts --help)" "@user"
contains "the man page documents the search syntax" "$(cat "$TOP/man/storied.1")" "searched as literal text"
