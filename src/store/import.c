/*
 * import.c - storage for API sources and archive imports: source kinds
 * and cursors, archived media bytes, story items appended in order.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "sniff.h"
#include "store_archive.h"
#include "store_import.h"

int
store_source_set_kind(
    struct store *s, int64_t id, const char *kind, const char *options, struct err *e)
{
	static const char sql[] = "UPDATE sources SET kind = ?2, options = ?3 WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, kind);
	store_bind_text(st, 3, options);
	return store_step_done(s, st, e, "setting a source's kind");
}

int
store_source_api(
    struct store *s, int64_t id, char **kind, char **options, char **cursor, struct err *e)
{
	static const char sql[] = "SELECT kind, options, cursor FROM sources WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	*kind = *options = *cursor = NULL;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "source %lld does not exist", (long long)id);
	if (rc != SQLITE_ROW)
		return store_fail(s, e, "reading a source");
	*kind = store_column_text(st, 0);
	*options = store_column_text(st, 1);
	*cursor = store_column_text(st, 2);
	sqlite3_reset(st);
	return 0;
}

int
store_source_set_cursor(struct store *s, int64_t id, const char *cursor, struct err *e)
{
	static const char sql[] = "UPDATE sources SET cursor = ?2 WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, cursor);
	return store_step_done(s, st, e, "storing a source's cursor");
}

int
store_source_find(struct store *s, const char *url, int64_t *id, struct err *e)
{
	static const char sql[] = "SELECT id FROM sources WHERE url = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	if (st == NULL)
		return -1;
	store_bind_text(st, 1, url);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 0;
	}
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "finding a source");
	return err_set(e, ERR_NOTFOUND, "%s is not a source", url);
}

int
store_post_find(
    struct store *s, const char *guid, const char *permalink, int64_t *id, struct err *e)
{
	static const char sql[] = "SELECT id FROM posts WHERE guid = ?1 OR permalink = ?2"
	                          " ORDER BY guid = ?1 DESC LIMIT 1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	*id = 0;
	if (st == NULL)
		return -1;
	store_bind_text(st, 1, guid);
	store_bind_text(st, 2, permalink);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		return store_fail(s, e, "finding a post");
	sqlite3_reset(st);
	return 0;
}

int
store_media_archive(struct store *s, const char *url, const void *data, size_t len,
    const char *sha256_hex, int64_t now, int64_t *n, struct err *e)
{
	static const char sql[] = "UPDATE media SET sha256 = ?2, archived_at = ?3,"
	                          " status = 'archived', error = NULL"
	                          " WHERE url = ?1 AND sha256 IS NULL";
	const char *type = sniff_type(data, len < SNIFF_HEAD ? len : SNIFF_HEAD);
	sqlite3_stmt *st;

	if (n)
		*n = 0;
	/* An archive's file that is not an image, video or audio is not media. */
	if (!sniff_is_media(type))
		return 0;
	if (store_blob_put(s, sha256_hex, data, len, type, url, now, NULL, e) == -1)
		return -1;
	if ((st = store_stmt(s, sql, e)) == NULL)
		return -1;
	store_bind_text(st, 1, url);
	store_bind_text(st, 2, sha256_hex);
	sqlite3_bind_int64(st, 3, now);
	if (store_step_done(s, st, e, "storing media bytes") == -1)
		return -1;
	if (n)
		*n = sqlite3_changes(s->db);
	return 0;
}

/*
 * A story imported again adds nothing twice, yet one story may hold the
 * same text block twice (two "* * *" separators): a note is skipped only
 * while the story already had more notes of its text than this import has
 * met so far. The counts live in a temporary table keyed by the text, so
 * the import stays linear however many notes the story holds.
 */
int
store_story_import_begin(struct store *s, struct err *e)
{
	return store_exec(s,
	    "DROP TABLE IF EXISTS temp.import_notes;"
	    "CREATE TEMP TABLE import_notes (body TEXT PRIMARY KEY, n INTEGER NOT NULL)"
	    " WITHOUT ROWID;"
	    "INSERT INTO temp.import_notes SELECT body, count(*) FROM story_items"
	    " WHERE kind = 'note' GROUP BY body;",
	    e);
}

int
store_story_append(struct store *s, int64_t post_id, const char *note, const char *position,
    int64_t now, int *placed, struct err *e)
{
	static const char seen_sql[] = "UPDATE temp.import_notes SET n = n - 1"
	                               " WHERE body = ?1 AND n > 0";
	static const char sql[] =
	    "INSERT INTO story_items (kind, post_id, body, position, created_at,"
	    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
	    " ON CONFLICT (post_id) DO NOTHING";
	sqlite3_stmt *st;

	*placed = 0;
	if (post_id == 0) {
		if ((st = store_stmt(s, seen_sql, e)) == NULL)
			return -1;
		store_bind_text(st, 1, note);
		if (store_step_done(s, st, e, "matching a note already in the story") == -1)
			return -1;
		if (sqlite3_changes(s->db) > 0)
			return 0;
	}
	if ((st = store_stmt(s, sql, e)) == NULL)
		return -1;
	store_bind_text(st, 1, post_id ? "post" : "note");
	if (post_id)
		sqlite3_bind_int64(st, 2, post_id);
	store_bind_text(st, 3, post_id ? NULL : note);
	store_bind_text(st, 4, position);
	sqlite3_bind_int64(st, 5, now);
	if (store_step_done(s, st, e, "adding a story item") == -1)
		return -1;
	*placed = sqlite3_changes(s->db) > 0;
	return 0;
}
