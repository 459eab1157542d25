/*
 * history.c - the curation history and `undo`.
 *
 * A curation command records what it changes generically, without each
 * command knowing how to reverse itself: temporary triggers (they live in
 * this connection only) copy the before-image of every story item inserted,
 * updated or deleted, and of every post whose hidden flag changes, into a
 * temporary table. At the end of the command that log becomes one history
 * row whose `undo` column is a JSON document:
 *   {"v": 1, "changes": [["i", ID], ["d"|"u", ID, KIND, POST_ID, BODY, LEVEL,
 *    POSITION, CREATED, UPDATED], ["h", POST_ID, HIDDEN], ...]}
 * in the order the changes happened; undo replays it backwards, so each
 * step restores an earlier consistent state and no unique key collides.
 * `undo` itself is not recorded: it marks the row undone instead, and the
 * next undo takes the newest row not yet undone. What undo changed is kept
 * in the same document under "redo" (logged by the same triggers), so
 * `redo` replays it backwards the same way; a new recorded change forgets
 * every "redo", as editors do.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "internal.h"
#include "store_story.h"

static const char log_setup[] =
    "CREATE TEMP TABLE IF NOT EXISTS undo_log ("
    " seq INTEGER PRIMARY KEY, op TEXT NOT NULL, id INTEGER NOT NULL, kind TEXT,"
    " post_id INTEGER, body TEXT, level INTEGER, position TEXT, created_at INTEGER,"
    " updated_at INTEGER, hidden INTEGER);"
    "DELETE FROM temp.undo_log;"
    "CREATE TEMP TRIGGER IF NOT EXISTS undo_items_ins AFTER INSERT ON main.story_items BEGIN"
    " INSERT INTO undo_log (op, id) VALUES ('i', NEW.id); END;"
    "CREATE TEMP TRIGGER IF NOT EXISTS undo_items_del AFTER DELETE ON main.story_items BEGIN"
    " INSERT INTO undo_log (op, id, kind, post_id, body, level, position, created_at, updated_at)"
    " VALUES ('d', OLD.id, OLD.kind, OLD.post_id, OLD.body, OLD.level, OLD.position,"
    " OLD.created_at, OLD.updated_at); END;"
    "CREATE TEMP TRIGGER IF NOT EXISTS undo_items_upd AFTER UPDATE ON main.story_items BEGIN"
    " INSERT INTO undo_log (op, id, kind, post_id, body, level, position, created_at, updated_at)"
    " VALUES ('u', OLD.id, OLD.kind, OLD.post_id, OLD.body, OLD.level, OLD.position,"
    " OLD.created_at, OLD.updated_at); END;"
    "CREATE TEMP TRIGGER IF NOT EXISTS undo_posts_hidden AFTER UPDATE OF hidden ON main.posts"
    " WHEN OLD.hidden IS NOT NEW.hidden BEGIN"
    " INSERT INTO undo_log (op, id, hidden) VALUES ('h', OLD.id, OLD.hidden); END;";

static const char log_teardown[] = "DROP TRIGGER IF EXISTS temp.undo_items_ins;"
                                   "DROP TRIGGER IF EXISTS temp.undo_items_del;"
                                   "DROP TRIGGER IF EXISTS temp.undo_items_upd;"
                                   "DROP TRIGGER IF EXISTS temp.undo_posts_hidden;";

int
store_history_begin(struct store *s, struct err *e)
{
	if (store_exec(s, log_setup, e) == -1)
		return err_prefix(e, "recording history: ");
	return 0;
}

static json_t *
column_json(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return json_null();
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(st, i));
	default:
		return json_stringn(
		    (const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
	}
}

/* The changes logged since store_history_begin, in order; NULL with e filled on error. */
static json_t *
read_log(struct store *s, struct err *e)
{
	static const char sql[] =
	    "SELECT op, id, kind, post_id, body, level, position, created_at, updated_at, hidden"
	    " FROM temp.undo_log ORDER BY seq";
	sqlite3_stmt *st;
	json_t *changes;
	int rc;

	if ((st = store_stmt(s, sql, e)) == NULL)
		return NULL;
	changes = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *op = (const char *)sqlite3_column_text(st, 0);
		json_t *c = json_array();
		json_array_append_new(c, json_string(op));
		json_array_append_new(c, json_integer(sqlite3_column_int64(st, 1)));
		if (op[0] == 'd' || op[0] == 'u')
			for (int i = 2; i <= 8; i++)
				json_array_append_new(c, column_json(st, i));
		else if (op[0] == 'h')
			json_array_append_new(c, json_integer(sqlite3_column_int64(st, 9)));
		json_array_append_new(changes, c);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(changes);
		store_fail(s, e, "reading the change log");
		return NULL;
	}
	return changes;
}

int
store_history_record(struct store *s, const char *command, int *recorded, struct err *e)
{
	static const char insert[] = "INSERT INTO history (at, command, undo) VALUES (?1, ?2, ?3)";
	/* A new change ends what could be redone, as in every editor. */
	static const char forget[] = "UPDATE history SET undo = json_remove(undo, '$.redo')"
	                             " WHERE undone AND json_type(undo, '$.redo') IS NOT NULL";
	sqlite3_stmt *st;
	json_t *doc, *changes;
	char *text = NULL;
	int r = -1;

	*recorded = 0;
	if ((changes = read_log(s, e)) == NULL)
		return -1;
	if (json_array_size(changes) == 0) {
		json_decref(changes);
		return store_exec(s, log_teardown, e);
	}
	doc = json_pack("{s:i, s:o}", "v", 1, "changes", changes);
	text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	if (text == NULL)
		fatal("history: out of memory");
	if ((st = store_stmt(s, insert, e)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, time_now());
	sqlite3_bind_text(st, 2, command ? command : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	if (store_step_done(s, st, e, "recording history") == -1)
		goto out;
	if ((st = store_stmt(s, forget, e)) == NULL ||
	    store_step_done(s, st, e, "recording history") == -1)
		goto out;
	if (store_exec(s, log_teardown, e) == -1)
		goto out;
	*recorded = 1;
	r = 0;
out:
	free(text);
	return r;
}

void
history_entry_release(struct history_entry *h)
{
	free(h->command);
	memset(h, 0, sizeof *h);
}

static int
bind_json(sqlite3_stmt *st, int i, json_t *v)
{
	if (json_is_integer(v))
		return sqlite3_bind_int64(st, i, json_integer_value(v));
	if (json_is_string(v))
		return sqlite3_bind_text(
		    st, i, json_string_value(v), (int)json_string_length(v), SQLITE_STATIC);
	return sqlite3_bind_null(st, i);
}

/* Reverse one recorded change. */
static int
undo_change(struct store *s, json_t *c, struct err *e)
{
	static const char del[] = "DELETE FROM story_items WHERE id = ?1";
	static const char ins[] = "INSERT INTO story_items (id, kind, post_id, body, level, "
	                          "position, created_at, updated_at)"
	                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	static const char upd[] =
	    "UPDATE story_items SET kind = ?2, post_id = ?3, body = ?4, level = ?5, position = ?6,"
	    " created_at = ?7, updated_at = ?8 WHERE id = ?1";
	static const char hid[] = "UPDATE posts SET hidden = ?2 WHERE id = ?1";
	const char *op = json_string_value(json_array_get(c, 0));
	sqlite3_stmt *st;
	size_t want;

	if (op == NULL || !json_is_integer(json_array_get(c, 1)))
		return err_set(e, ERR_FAIL, "history: unreadable undo record");
	switch (op[0]) {
	case 'i':
		st = store_stmt(s, del, e);
		want = 2;
		break;
	case 'd':
		st = store_stmt(s, ins, e);
		want = 9;
		break;
	case 'u':
		st = store_stmt(s, upd, e);
		want = 9;
		break;
	case 'h':
		st = store_stmt(s, hid, e);
		want = 3;
		break;
	default:
		return err_set(e, ERR_FAIL, "history: unknown undo record '%s'", op);
	}
	if (st == NULL)
		return -1;
	if (json_array_size(c) != want)
		return err_set(e, ERR_FAIL, "history: unreadable undo record");
	for (size_t i = 1; i < want; i++)
		bind_json(st, (int)i, json_array_get(c, i));
	if (store_step_done(s, st, e, "undoing") == -1)
		return err_prefix(e, "a later change is in the way: ");
	if (sqlite3_changes(s->db) != 1)
		return err_set(e, ERR_FAIL, "a later change is in the way: %s %lld is gone",
		    op[0] == 'h' ? "post" : "item",
		    (long long)json_integer_value(json_array_get(c, 1)));
	return 0;
}

/*
 * Replay the history row `sql` selects (one row: id, at, command, a JSON
 * document) backwards: its "changes" for undo, its "redo" for redo. What
 * the replay itself changes is logged, and `mark` (?1 the row's id, ?2
 * that log as JSON) records it, so that undo and redo mirror each other.
 */
static int
history_replay(struct store *s, const char *sql, const char *key, const char *mark,
    const char *none, struct history_entry *h, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	json_t *doc, *changes, *log = NULL;
	json_error_t jerr;
	char *text = NULL;
	size_t i;
	int rc, r = -1;

	memset(h, 0, sizeof *h);
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return err_set(e, ERR_NOTFOUND, "%s", none);
	}
	if (rc != SQLITE_ROW) {
		store_fail(s, e, "reading history");
		sqlite3_reset(st);
		return -1;
	}
	h->id = sqlite3_column_int64(st, 0);
	h->at = sqlite3_column_int64(st, 1);
	h->command = store_column_text(st, 2);
	doc = json_loads((const char *)sqlite3_column_text(st, 3), 0, &jerr);
	sqlite3_reset(st);
	changes = json_object_get(doc, key);
	if (!json_is_array(changes)) {
		json_decref(doc);
		return err_set(
		    e, ERR_FAIL, "history entry %lld: unreadable undo record", (long long)h->id);
	}
	h->changes = json_array_size(changes);
	if (store_history_begin(s, e) == -1)
		goto out;
	for (i = json_array_size(changes); i-- > 0;) {
		if (undo_change(s, json_array_get(changes, i), e) == -1) {
			err_prefix(
			    e, "cannot %s '%s': ", key[0] == 'r' ? "redo" : "undo", h->command);
			goto out;
		}
	}
	if ((log = read_log(s, e)) == NULL)
		goto out;
	if ((text = json_dumps(log, JSON_COMPACT)) == NULL)
		fatal("history: out of memory");
	if ((st = store_stmt(s, mark, e)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, h->id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	if (store_step_done(s, st, e, "marking history") == -1)
		goto out;
	r = store_exec(s, log_teardown, e);
out:
	free(text);
	json_decref(log);
	json_decref(doc);
	return r;
}

int
store_history_undo(struct store *s, struct history_entry *undone, struct err *e)
{
	static const char newest[] =
	    "SELECT id, at, command, undo FROM history WHERE NOT undone ORDER BY id DESC LIMIT 1";
	static const char mark[] =
	    "UPDATE history SET undone = 1, undo = json_set(undo, '$.redo', json(?2)) WHERE id = ?1";

	return history_replay(s, newest, "changes", mark, "nothing to undo", undone, e);
}

int
store_history_redo(struct store *s, struct history_entry *redone, struct err *e)
{
	static const char oldest[] =
	    "SELECT id, at, command, undo FROM history"
	    " WHERE undone AND json_type(undo, '$.redo') = 'array' ORDER BY id LIMIT 1";
	static const char mark[] =
	    "UPDATE history SET undone = 0, undo = json_remove(undo, '$.redo') WHERE id = ?1"
	    " AND ?2 IS NOT NULL";

	return history_replay(s, oldest, "redo", mark, "nothing to redo", redone, e);
}

int
store_history_list(
    struct store *s, int64_t limit, struct history_entry **out, size_t *n, struct err *e)
{
	static const char sql[] =
	    "SELECT id, at, command, undone, coalesce(json_array_length(undo, '$.changes'), 0)"
	    " FROM history ORDER BY id DESC LIMIT ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, limit > 0 ? limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct history_entry *h;
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		h = &(*out)[(*n)++];
		h->id = sqlite3_column_int64(st, 0);
		h->at = sqlite3_column_int64(st, 1);
		h->command = store_column_text(st, 2);
		h->undone = sqlite3_column_int(st, 3);
		h->changes = (size_t)sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < *n; i++)
			history_entry_release(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
		return store_fail(s, e, "reading history");
	}
	return 0;
}

int
store_history_can(struct store *s, int *undo, int *redo, struct err *e)
{
	static const char sql[] =
	    "SELECT EXISTS (SELECT 1 FROM history WHERE NOT undone),"
	    " EXISTS (SELECT 1 FROM history WHERE undone AND json_type(undo, '$.redo') = 'array')";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_fail(s, e, "reading history");
	}
	*undo = sqlite3_column_int(st, 0);
	*redo = sqlite3_column_int(st, 1);
	sqlite3_reset(st);
	return 0;
}
