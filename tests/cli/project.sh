# project.sh - init, info, config, the project file and the command line.
. "$TOP/tests/lib.sh"

ok "version" storied --version
contains "version names storied" "$out" "storied "
ok "help" storied --help
contains "help lists init" "$out" "init"
ok "init help" storied init --help
contains "init help shows usage" "$out" "usage: storied init"

expect 2 "no command is a usage error" storied
expect 2 "unknown command exits 2" storied frobnicate
one_line "unknown command: one line" "$errout"
contains "unknown command says how to get help" "$errout" "storied --help"
expect 2 "unknown global option exits 2" storied --frob info
expect 2 "missing -p argument exits 2" storied -p

expect 1 "info without a project fails" storied info
contains "missing project is named" "$errout" "storied: info: no project file"

ok "init" storied init --title "FOSDEM 2026" --tag fosdem26 --tag '#FOSDEM' \
	--since 2026-01-31 --until 2026-02-02 --timezone Europe/Brussels
same "WAL mode" "$(sql 'PRAGMA journal_mode')" "wal"
same "integrity" "$(sql 'PRAGMA integrity_check')" "ok"
same "schema version" "$(sql 'PRAGMA user_version')" "$(sed -n 's/^#define STORE_SCHEMA_VERSION \([0-9]*\).*/\1/p' "$TOP/include/store.h")"
same "foreign keys hold" "$(sql 'PRAGMA foreign_key_check')" ""
before=$(sha256sum story.sqlite)
expect 1 "init refuses to overwrite" storied init --title Other
contains "overwrite refusal says so" "$errout" "already exists"
same "refused init left the file alone" "$(sha256sum story.sqlite)" "$before"

ok "info" storied info
contains "info title" "$out" "FOSDEM 2026"
contains "info tags" "$out" "#fosdem26 #FOSDEM"
contains "info window in the zone" "$out" "2026-01-31 00:00 CET"
contains "info counts" "$out" "story      0 items"
ok "info --json" storied info --json
contains "info json since is UTC" "$out" '"since": "2026-01-30T23:00:00Z"'

ok "config lists" storied config
contains "config lists the title" "$out" "FOSDEM 2026"
ok "config sets title" storied config title "FOSDEM 2026: the stream"
ok "config reads title" storied config title
same "title changed" "$out" "FOSDEM 2026: the stream"
ok "config tags add/remove" storied config tags "+rust -fosdem"
ok "config tags read" storied config tags
same "tags after edit" "$out" "#fosdem26 #rust"
ok "config tags replace" storied config tags "fosdem26 FOSDEM"
same "tags replaced" "$(storied config tags)" "#fosdem26 #FOSDEM"
expect 1 "removing a missing tag fails" storied config tags "-nothere"
expect 2 "config bad tag" storied config tags "+no/slash"
expect 2 "config bad zone" storied config timezone Mars/Olympus
contains "bad zone is named" "$errout" "Mars/Olympus"
expect 2 "config empty window" storied config since 2026-03-01
contains "empty window explained" "$errout" "not before until"
expect 2 "config since not a date" storied config since x
same "says so once" "$errout" "storied: config: since: 'x' is not a date: use ISO 8601, like 2026-02-01, 2026-02-01T09:00 or 2026-02-01T09:00+01:00"
expect 2 "config bad language" storied config language "english please"
expect 2 "config unknown key" storied config colour blue
ok "config unsets description" storied config description ""
ok "config language" storied config language pt-BR
same "language set" "$(storied config language)" "pt-BR"
ok "timezone change keeps the window valid" storied config timezone America/New_York
ok "info after zone change" storied info
contains "window shown in the new zone" "$out" "2026-01-31 00:00 EST"

expect 2 "init: bad date" storied -p other.sqlite init --since yesterday
expect 2 "init: bad zone" storied -p other.sqlite init --timezone Nowhere/Land
expect 2 "init: bad tag" storied -p other.sqlite init --tag "two words"
[ -e other.sqlite ] && fail "refused init created no file" || pass "refused init created no file"
expect 2 "init: empty window" storied -p other.sqlite init --since 2026-02-02 --until 2026-02-01
ok "init with defaults" storied -p other.sqlite init
ok "STORIED_PROJECT picks the file" env STORIED_PROJECT=other.sqlite "$STORIED" info
contains "default title" "$out" "Untitled story"
ok "-p beats STORIED_PROJECT" storied -p story.sqlite info
contains "-p project" "$out" "FOSDEM 2026"

# Files that are not projects are refused and left untouched.
printf 'hello\n' >notes.txt
h=$(sha256sum notes.txt)
expect 1 "text file refused" storied -p notes.txt info
contains "text file: clear error" "$errout" "not a storied project"
same "text file untouched" "$(sha256sum notes.txt)" "$h"
sqlite3 other.db 'CREATE TABLE t (x); INSERT INTO t VALUES (1);'
h=$(sha256sum other.db)
expect 1 "foreign SQLite database refused" storied -p other.db config title X
contains "foreign db: clear error" "$errout" "not a storied project"
same "foreign db untouched" "$(sha256sum other.db)" "$h"
[ -e other.db-wal ] && fail "no WAL made for a foreign db" || pass "no WAL made for a foreign db"
expect 1 "a directory is refused" storied -p . info

# A file from a newer storied is refused, untouched.
cp story.sqlite newer.sqlite
sqlite3 newer.sqlite 'PRAGMA user_version = 99'
h=$(sha256sum newer.sqlite)
expect 1 "newer schema refused" storied -p newer.sqlite info
contains "newer schema: clear error" "$errout" "newer storied"
same "newer file untouched" "$(sha256sum newer.sqlite)" "$h"

# The machine's time zone does not leak in.
a=$(TZ=Asia/Tokyo "$STORIED" info)
b=$(TZ=UTC "$STORIED" info)
same "output does not depend on TZ" "$a" "$b"

# Writing to a closed stdout is an error, not a silent success.
if [ -e /dev/full ]; then
	expect 1 "write error is reported" sh -c '"$STORIED" info >/dev/full'
	contains "write error named" "$errout" "writing output"
fi
