/*
 * sources.c - sources and the log of their fetches.
 *
 * A source row carries what its last fetch did (so `source list` is one
 * query) and the HTTP validators of the next one; the fetches table keeps
 * every fetch for the archive's record.
 */
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "internal.h"
#include "redact.h"
#include "store_collect.h"

int
store_source_add(struct store *s, const char *url, const char *name, int64_t *id, struct err *e)
{
	static const char sql[] = "INSERT INTO sources (url, name, kind, added_at) "
	                          "VALUES (?1, ?2, 'feed', ?3) ON CONFLICT (url) DO NOTHING";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	store_bind_text(st, 1, url);
	store_bind_text(st, 2, name);
	sqlite3_bind_int64(st, 3, time_now());
	if (store_step_done(s, st, e, "adding a source") == -1)
		return -1;
	if (sqlite3_changes(s->db) == 0) {
		char *shown = redact_url(url);

		err_set(e, ERR_EXISTS, "%s is already a source", shown);
		free(shown);
		return -1;
	}
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

void
source_release(struct source *src)
{
	free(src->url);
	free(src->name);
	free(src->title);
	free(src->etag);
	free(src->last_modified);
	free(src->last_error);
	free(src->last_format);
	free(src->kind);
	memset(src, 0, sizeof *src);
}

void
store_sources_free(struct source *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		source_release(&v[i]);
	free(v);
}

int
store_source_list(struct store *s, struct source **out, size_t *nout, struct err *e)
{
	static const char sql[] =
	    "SELECT id, url, name, added_at, etag, last_modified, last_fetch_at, last_status,"
	    " last_error, last_format, last_seen, last_new, last_updated, kind,"
	    " (SELECT count(*) FROM post_sources ps WHERE ps.source_id = sources.id), title"
	    " FROM sources ORDER BY id";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	struct source *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*nout = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct source *src;

		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof *v);
		}
		src = &v[n++];
		memset(src, 0, sizeof *src);
		src->id = sqlite3_column_int64(st, 0);
		src->url = store_column_text(st, 1);
		src->name = store_column_text(st, 2);
		src->added_at = sqlite3_column_int64(st, 3);
		src->etag = store_column_text(st, 4);
		src->last_modified = store_column_text(st, 5);
		src->has_fetch = sqlite3_column_type(st, 6) != SQLITE_NULL;
		src->last_fetch_at = sqlite3_column_int64(st, 6);
		src->last_status = sqlite3_column_int(st, 7);
		src->last_error = store_column_text(st, 8);
		src->last_format = store_column_text(st, 9);
		src->last_seen = sqlite3_column_int64(st, 10);
		src->last_new = sqlite3_column_int64(st, 11);
		src->last_updated = sqlite3_column_int64(st, 12);
		src->kind = store_column_text(st, 13);
		src->posts = sqlite3_column_int64(st, 14);
		src->title = store_column_text(st, 15);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_sources_free(v, n);
		return store_fail(s, e, "listing sources");
	}
	*out = v;
	*nout = n;
	return 0;
}

int
store_source_remove(struct store *s, int64_t id, int purge, int64_t *purged, struct err *e)
{
	/* The posts only this source reached. */
#define ONLY_HERE                                                                                  \
	"SELECT ps.post_id FROM post_sources ps WHERE ps.source_id = ?1 AND NOT EXISTS"            \
	" (SELECT 1 FROM post_sources o WHERE o.post_id = ps.post_id AND o.source_id <> ?1)"
	/* posts_fts is an external-content index: it must be told the old
	 * values of the rows leaving, before they leave. */
	static const char unindex[] =
	    "INSERT INTO posts_fts (posts_fts, rowid, title, author_name, author_handle, content_text)"
	    " SELECT 'delete', id, title, author_name, author_handle, content_text FROM posts"
	    " WHERE id IN (" ONLY_HERE ")";
	static const char del_posts[] = "DELETE FROM posts WHERE id IN (" ONLY_HERE ")";
	static const char del_source[] = "DELETE FROM sources WHERE id = ?1";
#undef ONLY_HERE
	sqlite3_stmt *st;

	if (purged)
		*purged = 0;
	if (purge) {
		if ((st = store_stmt(s, unindex, e)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		if (store_step_done(s, st, e, "removing posts from the search index") == -1)
			return -1;
		if ((st = store_stmt(s, del_posts, e)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		if (store_step_done(s, st, e, "removing posts") == -1)
			return -1;
		if (purged)
			*purged = sqlite3_changes(s->db);
	}
	if ((st = store_stmt(s, del_source, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (store_step_done(s, st, e, "removing a source") == -1)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return err_set(e, ERR_NOTFOUND, "no source %lld", (long long)id);
	return 0;
}

int
store_sources_refetch(struct store *s, int64_t source_id, int64_t *n, struct err *e)
{
	static const char sql[] =
	    "UPDATE sources SET etag = NULL, last_modified = NULL, cursor = NULL"
	    " WHERE (?1 = 0 OR id = ?1)"
	    " AND (etag IS NOT NULL OR last_modified IS NOT NULL OR cursor IS NOT NULL)";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, source_id);
	if (store_step_done(s, st, e, "forgetting the sources' validators") == -1)
		return -1;
	if (n)
		*n = sqlite3_changes(s->db);
	return 0;
}

int
store_source_fetched(struct store *s, int64_t source_id, const char *url,
    const struct fetch_record *r, struct err *e)
{
	static const char log[] =
	    "INSERT INTO fetches (source_id, url, started_at, finished_at, http_status, bytes,"
	    " format, items_seen, items_new, items_updated, error)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
	/* A 304 or a failure keeps the format the source had. */
	static const char update[] =
	    "UPDATE sources SET last_fetch_at = ?2, last_status = ?3, last_error = ?4,"
	    " last_format = coalesce(?5, last_format), last_seen = ?6, last_new = ?7,"
	    " last_updated = ?8,"
	    " etag = CASE WHEN ?9 THEN ?10 ELSE etag END,"
	    " last_modified = CASE WHEN ?9 THEN ?11 ELSE last_modified END,"
	    " title = coalesce(nullif(trim(?12), ''), title)"
	    " WHERE id = ?1";
	sqlite3_stmt *st;
	/* The log is the archive's record, not what to fetch next: no secrets
	 * (sources.url keeps them, to be fetched with). */
	char *logged;

	if ((st = store_stmt(s, log, e)) == NULL)
		return -1;
	logged = redact_url(url);
	sqlite3_bind_int64(st, 1, source_id);
	store_bind_text(st, 2, logged);
	free(logged);
	sqlite3_bind_int64(st, 3, r->started_at);
	sqlite3_bind_int64(st, 4, r->finished_at);
	if (r->http_status)
		sqlite3_bind_int(st, 5, r->http_status);
	sqlite3_bind_int64(st, 6, r->bytes);
	store_bind_text(st, 7, r->format);
	sqlite3_bind_int64(st, 8, r->seen);
	sqlite3_bind_int64(st, 9, r->new_);
	sqlite3_bind_int64(st, 10, r->updated);
	store_bind_text(st, 11, r->error);
	if (store_step_done(s, st, e, "logging a fetch") == -1)
		return -1;

	if ((st = store_stmt(s, update, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, source_id);
	sqlite3_bind_int64(st, 2, r->finished_at);
	if (r->http_status)
		sqlite3_bind_int(st, 3, r->http_status);
	store_bind_text(st, 4, r->error);
	store_bind_text(st, 5, r->format);
	sqlite3_bind_int64(st, 6, r->seen);
	sqlite3_bind_int64(st, 7, r->new_);
	sqlite3_bind_int64(st, 8, r->updated);
	sqlite3_bind_int(st, 9, r->set_validators);
	store_bind_text(st, 10, r->etag);
	store_bind_text(st, 11, r->last_modified);
	store_bind_text(st, 12, r->title);
	return store_step_done(s, st, e, "updating a source");
}
