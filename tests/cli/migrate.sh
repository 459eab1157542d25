# migrate.sh - every committed project file of an older schema opens with
# this storied and is upgraded with nothing lost; one of today's schema
# opens untouched.
#
# Fixtures: tests/fixtures/migrate/vN.sqlite, a project file of schema
# version N made by tests/fixtures/migrate/make.sh with the binary of that
# version. For each one this test checks, on a copy:
#   - `storied info` opens it; user_version is then STORE_SCHEMA_VERSION;
#     PRAGMA integrity_check, foreign_key_check and the FTS index's own
#     integrity-check pass;
#   - the upgraded schema is the one a new file gets (tables, columns with
#     type/NOT NULL/default/key, indexes), whatever order columns came in;
#   - every row of every table the fixture had, in every column it had,
#     is still there unchanged (settings, sources, posts with raw, media
#     bytes, story, history...), the story is shown in the same order, and
#     full-text search finds what it found;
#   - history and undo still work: undo reverses the fixture's last step,
#     a new step is recorded and undone; render still works;
#   - a fixture of today's version is not changed at all by opening it.
#
# Adding a migration N -> N+1 (see README, Developing):
#   1. before changing the schema, make the fixture with main's binary:
#        sh tests/fixtures/migrate/make.sh /path/to/main/storied tests/fixtures/migrate/vN.sqlite
#      (every version below STORE_SCHEMA_VERSION must have its fixture);
#   2. if your step rewrites, moves or drops data on purpose, or must fill
#      new columns, add tests/fixtures/migrate/vN.check (bash, sourced here)
#      which may set
#        ALTERED="table.column table ..."  old columns (or whole tables) not
#                                          compared as unchanged;
#      and define
#        after_upgrade() { ... }   your checks, using lib.sh's same/contains
#                                  and sqlite3 on "$OLD" (the untouched
#                                  fixture) and "$NEW" (the upgraded copy).
. "$TOP/tests/lib.sh"

current=$(sed -n 's/^#define STORE_SCHEMA_VERSION \([0-9][0-9]*\).*/\1/p' "$TOP/include/store.h")
dir="$TOP/tests/fixtures/migrate"
q() { sqlite3 -batch "$@"; }

# The schema as SQLite sees it, independent of column order and SQL text.
schema_of() {
	q "$1" "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk
		FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' ORDER BY 1, 2;
	    SELECT m.tbl_name, m.name, l.\"unique\", l.partial, i.seqno, i.name
		FROM sqlite_master m, pragma_index_list(m.tbl_name) l, pragma_index_info(m.name) i
		WHERE m.type = 'index' AND l.name = m.name ORDER BY 1, 2, 5;
	    SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY 2;"
}
altered() { case " $ALTERED " in *" $1 "*) return 0 ;; esac; return 1; }
ids_by_position() { q "$1" "SELECT id FROM story_items ORDER BY position" | tr '\n' ' '; }

"$STORIED" -p fresh.sqlite init >/dev/null 2>&1 || fail "a new project for the reference schema"
fresh_schema=$(schema_of fresh.sqlite)

# Which versions have a fixture.
versions=$(ls "$dir" | sed -n 's/^v\([0-9][0-9]*\)\.sqlite$/\1/p' | sort -n)
[ -n "$versions" ] && pass "fixtures present" || fail "fixtures present" "none in $dir"
v=1
while [ "$v" -lt "$current" ] || [ "$v" -eq 1 ]; do
	case " $(echo $versions) " in
	*" $v "*) pass "a fixture for schema version $v" ;;
	*) fail "a fixture for schema version $v" "make it: sh tests/fixtures/migrate/make.sh OLD-BINARY $dir/v$v.sqlite" ;;
	esac
	v=$((v + 1))
done

for n in $versions; do
	ALTERED=""
	unset -f after_upgrade 2>/dev/null
	[ -f "$dir/v$n.check" ] && . "$dir/v$n.check"
	OLD="$WORK/v$n-old.sqlite" NEW="$WORK/v$n.sqlite"
	cp "$dir/v$n.sqlite" "$OLD" && cp "$dir/v$n.sqlite" "$NEW"
	chmod a-w "$OLD"
	same "v$n: the fixture is schema version $n" "$(q "$OLD" 'PRAGMA user_version')" "$n"
	if [ "$n" -gt "$current" ]; then
		fail "v$n: fixture newer than this storied ($current)"
		continue
	fi
	before=$(sha256sum <"$NEW")

	ok "v$n: storied info opens it" "$STORIED" -p "$NEW" info
	same "v$n: user_version is now $current" "$(q "$NEW" 'PRAGMA user_version')" "$current"
	same "v$n: integrity_check" "$(q "$NEW" 'PRAGMA integrity_check')" "ok"
	same "v$n: foreign_key_check" "$(q "$NEW" 'PRAGMA foreign_key_check')" ""
	run q "$NEW" "INSERT INTO posts_fts(posts_fts) VALUES ('integrity-check')"
	same "v$n: the full-text index matches the posts" "$status $errout" "0 "
	schema_of "$NEW" >"v$n.schema"
	if [ "$(cat "v$n.schema")" = "$fresh_schema" ]; then
		pass "v$n: the schema is a new file's schema"
	else
		fail "v$n: the schema is a new file's schema" "$(printf '%s\n' "$fresh_schema" |
			diff - "v$n.schema" | grep '^[<>]' | sed 's/^</new file:/; s/^>/upgraded:/' | head -n 10)"
	fi
	if [ "$n" -eq "$current" ]; then
		same "v$n: today's schema: opening changed nothing" "$(sha256sum <"$NEW")" "$before"
	fi

	# Every table and column the fixture had, row for row.
	for t in $(q "$OLD" "SELECT name FROM sqlite_master WHERE type = 'table'
			AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'posts_fts%' ORDER BY 1"); do
		altered "$t" && continue
		if [ -z "$(q "$NEW" "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '$t'")" ]; then
			fail "v$n: table $t kept" "it is gone (list it in ALTERED in v$n.check if on purpose)"
			continue
		fi
		cols=""
		for c in $(q "$OLD" "SELECT name FROM pragma_table_info('$t') ORDER BY cid"); do
			altered "$t.$c" && continue
			cols="$cols${cols:+, }\"$c\""
		done
		[ -n "$cols" ] || continue
		same "v$n: $t has its $(q "$OLD" "SELECT count(*) FROM \"$t\"") rows" \
			"$(q "$NEW" "SELECT count(*) FROM \"$t\"")" "$(q "$OLD" "SELECT count(*) FROM \"$t\"")"
		q -cmd '.mode quote' "$OLD" "SELECT $cols FROM \"$t\" ORDER BY $cols" >"old-$t"
		q -cmd '.mode quote' "$NEW" "SELECT $cols FROM \"$t\" ORDER BY $cols" >"new-$t" 2>&1
		if cmp -s "old-$t" "new-$t"; then
			pass "v$n: $t: every row and column unchanged"
		else
			fail "v$n: $t: every row and column unchanged" "$(diff "old-$t" "new-$t" | head -n 10)"
		fi
	done

	# The binary reads it as it was.
	run "$STORIED" -p "$NEW" show --json
	got=$(printf '%s\n' "$out" | sed -n 's/^    "id": \([0-9]*\),$/\1/p' | tr '\n' ' ')
	same "v$n: show lists the story in its order" "$got" "$(ids_by_position "$OLD")"
	match="SELECT rowid FROM posts_fts WHERE posts_fts MATCH 'keynote OR nosd26' ORDER BY rowid"
	same "v$n: search finds the same posts" "$(q "$NEW" "$match" | tr '\n' ' ')" \
		"$(q "$OLD" "$match" | tr '\n' ' ')"
	ok "v$n: render" "$STORIED" -p "$NEW" render -o "v$n.html"
	contains "v$n: the page has the title" "$(cat "v$n.html")" \
		"$(q "$OLD" "SELECT value FROM settings WHERE key = 'title'" | sed 's/&/\&amp;/g')"

	# History and undo.
	last=$(q "$OLD" "SELECT id FROM history WHERE undone = 0 ORDER BY id DESC LIMIT 1")
	ok "v$n: history" "$STORIED" -p "$NEW" history
	if [ -n "$last" ]; then
		ok "v$n: undo the fixture's last step" "$STORIED" -p "$NEW" undo
		same "v$n: that step is marked undone" "$(q "$NEW" "SELECT undone FROM history WHERE id = $last")" 1
	else
		fail "v$n: the fixture has a step to undo"
	fi
	items=$(q "$NEW" "SELECT count(*) FROM story_items")
	ok "v$n: a new step after the upgrade" "$STORIED" -p "$NEW" note "after the upgrade"
	same "v$n: it is placed" "$(q "$NEW" "SELECT count(*) FROM story_items")" $((items + 1))
	ok "v$n: and undone" "$STORIED" -p "$NEW" undo
	same "v$n: the story is back" "$(q "$NEW" "SELECT count(*) FROM story_items")" "$items"
	same "v$n: integrity_check after curating" "$(q "$NEW" 'PRAGMA integrity_check')" "ok"

	if command -v after_upgrade >/dev/null 2>&1; then
		after_upgrade
	fi
done
