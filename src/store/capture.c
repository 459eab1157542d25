/* capture.c - HTTP exchanges of collect in the project file (include/store_capture.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "digest.h"
#include "internal.h"
#include "store_capture.h"

int
store_capture_body_known(struct store *s, const char *sha1, int *known, struct err *e)
{
	static const char sql[] = "SELECT 1 FROM capture_bodies WHERE sha1 = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	if (st == NULL)
		return -1;
	store_bind_text(st, 1, sha1);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, e, "reading the captured bodies");
	*known = rc == SQLITE_ROW;
	return 0;
}

int
store_capture_body_add(struct store *s, const char *sha1, int64_t size, const char *codec,
    const void *data, size_t len, struct err *e)
{
	static const char sql[] = "INSERT INTO capture_bodies (sha1, size, codec, data)"
	                          " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (sha1) DO NOTHING";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	store_bind_text(st, 1, sha1);
	sqlite3_bind_int64(st, 2, size);
	store_bind_text(st, 3, codec);
	sqlite3_bind_blob64(st, 4, data ? data : "", len, SQLITE_STATIC);
	return store_step_done(s, st, e, "storing a captured body");
}

int
store_capture_add(struct store *s, const struct capture_row *r, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO captures (source_id, started_at, url, method, request_head, request_body,"
	    " remote_ip, status, response_head, response_body, complete, error)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	if (r->source_id)
		sqlite3_bind_int64(st, 1, r->source_id);
	sqlite3_bind_int64(st, 2, r->started_ms);
	store_bind_text(st, 3, r->url);
	store_bind_text(st, 4, r->method);
	store_bind_text(st, 5, r->request_head);
	store_bind_text(st, 6, r->request_body);
	store_bind_text(st, 7, r->remote_ip);
	if (r->status)
		sqlite3_bind_int(st, 8, r->status);
	store_bind_text(st, 9, r->response_head);
	store_bind_text(st, 10, r->response_body);
	sqlite3_bind_int(st, 11, r->complete != 0);
	store_bind_text(st, 12, r->error);
	return store_step_done(s, st, e, "storing an HTTP exchange");
}

struct capture_cursor {
	struct store *s;
	sqlite3_stmt *st;
};

int
store_captures_open(struct store *s, int64_t since_ms, int64_t until_ms, int64_t source_id,
    struct capture_cursor **out, struct err *e)
{
	static const char sql[] =
	    "SELECT id, coalesce(source_id, 0), started_at, url, method, request_head, request_body,"
	    " remote_ip, coalesce(status, 0), response_head, response_body, complete, error"
	    " FROM captures"
	    " WHERE (?1 = 0 OR started_at >= ?1) AND (?2 = 0 OR started_at < ?2)"
	    "  AND (?3 = 0 OR source_id = ?3)"
	    " ORDER BY started_at, id";
	struct capture_cursor *c = xcalloc(1, sizeof *c);

	c->s = s;
	if (sqlite3_prepare_v2(s->db, sql, -1, &c->st, NULL) != SQLITE_OK) {
		store_fail(s, e, "reading the captures");
		free(c);
		return -1;
	}
	sqlite3_bind_int64(c->st, 1, since_ms);
	sqlite3_bind_int64(c->st, 2, until_ms);
	sqlite3_bind_int64(c->st, 3, source_id);
	*out = c;
	return 0;
}

static const char *
text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int
store_captures_next(struct capture_cursor *c, struct capture_row *r, struct err *e)
{
	int rc = sqlite3_step(c->st);

	memset(r, 0, sizeof *r);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_fail(c->s, e, "reading the captures");
	r->id = sqlite3_column_int64(c->st, 0);
	r->source_id = sqlite3_column_int64(c->st, 1);
	r->started_ms = sqlite3_column_int64(c->st, 2);
	r->url = text(c->st, 3);
	r->method = text(c->st, 4);
	r->request_head = text(c->st, 5);
	r->request_body = text(c->st, 6);
	r->remote_ip = text(c->st, 7);
	r->status = sqlite3_column_int(c->st, 8);
	r->response_head = text(c->st, 9);
	r->response_body = text(c->st, 10);
	r->complete = sqlite3_column_int(c->st, 11);
	r->error = text(c->st, 12);
	return 1;
}

void
store_captures_close(struct capture_cursor *c)
{
	if (c == NULL)
		return;
	sqlite3_finalize(c->st);
	free(c);
}

int
store_capture_body_get(
    struct store *s, const char *sha1, char codec[8], int64_t *size, struct buf *out, struct err *e)
{
	static const char sql[] = "SELECT codec, size, data FROM capture_bodies WHERE sha1 = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	if (st == NULL)
		return -1;
	store_bind_text(st, 1, sha1);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(codec, 8, "%s", text(st, 0) ? text(st, 0) : "");
		*size = sqlite3_column_int64(st, 1);
		if (buf_add(out, sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2)) ==
		    -1)
			rc = SQLITE_NOMEM;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "no captured body %s", sha1);
	if (rc != SQLITE_ROW)
		return store_fail(s, e, "reading a captured body");
	return 0;
}

int
store_captures_count(struct store *s, int64_t *n, struct err *e)
{
	static const char sql[] = "SELECT count(*) FROM captures";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_fail(s, e, "counting the captures");
	return 0;
}

struct item_cursor {
	struct store *s;
	sqlite3_stmt *st;
};

int
store_items_open(struct store *s, int64_t since, int64_t until, int64_t source_id,
    struct item_cursor **out, struct err *e)
{
	static const char sql[] =
	    "SELECT id, coalesce(source_id, 0), fetched_at, coalesce(permalink, guid), raw, raw_format"
	    " FROM posts WHERE raw IS NOT NULL AND coalesce(permalink, guid) IS NOT NULL"
	    "  AND (?1 = 0 OR fetched_at >= ?1) AND (?2 = 0 OR fetched_at < ?2)"
	    "  AND (?3 = 0 OR source_id = ?3)"
	    " ORDER BY fetched_at, id";
	struct item_cursor *c = xcalloc(1, sizeof *c);

	c->s = s;
	if (sqlite3_prepare_v2(s->db, sql, -1, &c->st, NULL) != SQLITE_OK) {
		store_fail(s, e, "reading the posts");
		free(c);
		return -1;
	}
	sqlite3_bind_int64(c->st, 1, since);
	sqlite3_bind_int64(c->st, 2, until);
	sqlite3_bind_int64(c->st, 3, source_id);
	*out = c;
	return 0;
}

int
store_items_next(struct item_cursor *c, struct item_row *r, struct err *e)
{
	int rc = sqlite3_step(c->st);

	memset(r, 0, sizeof *r);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_fail(c->s, e, "reading the posts");
	r->id = sqlite3_column_int64(c->st, 0);
	r->source_id = sqlite3_column_int64(c->st, 1);
	r->fetched_at = sqlite3_column_int64(c->st, 2);
	r->uri = text(c->st, 3);
	r->raw = text(c->st, 4);
	r->raw_len = (size_t)sqlite3_column_bytes(c->st, 4);
	r->raw_format = text(c->st, 5);
	return 1;
}

void
store_items_close(struct item_cursor *c)
{
	if (c == NULL)
		return;
	sqlite3_finalize(c->st);
	free(c);
}

/*
 * One stored body against the SHA-1 and size it is kept under, read and
 * decoded in pieces: memory stays bounded however large it is, and a
 * damaged zstd body that would decode to more than its size is stopped
 * there. *line: the problem (the caller frees it), or NULL when it holds.
 */
static int
body_check(struct store *s, int64_t id, const char *sha1, int64_t size, const char *codec,
    char **line, struct err *e)
{
	enum { IN = 64 * 1024, OUT = 128 * 1024 };
	char *in = xmalloc(IN), *out = xmalloc(OUT), digest[33];
	int zstd = str_eq(codec, "zstd");
	ZSTD_DCtx *z = NULL;
	sqlite3_blob *b = NULL;
	struct digest_sha1 *d = digest_sha1_new();
	int64_t stored, off = 0, got = 0;
	size_t left = zstd; /* a zstd body must hold at least one whole frame */
	char why[160] = "";
	int rc = 0;

	*line = NULL;
	if (zstd && (z = ZSTD_createDCtx()) == NULL)
		fatal("out of memory");
	if (sqlite3_blob_open(s->db, "main", "capture_bodies", "data", id, 0, &b) != SQLITE_OK) {
		rc = store_fail(s, e, "checking the captured bodies");
		goto out;
	}
	stored = sqlite3_blob_bytes(b);
	while (why[0] == '\0' && off < stored) {
		int n = stored - off < IN ? (int)(stored - off) : IN;
		ZSTD_inBuffer ib = {in, (size_t)n, 0};
		int full = 0;

		if (sqlite3_blob_read(b, in, n, (int)off) != SQLITE_OK) {
			rc = store_fail(s, e, "checking the captured bodies");
			goto out;
		}
		off += n;
		if (!zstd) {
			digest_sha1_add(d, in, (size_t)n);
			got += n;
			continue;
		}
		/* Until this piece is used up and nothing decoded waits. */
		while (why[0] == '\0' && (ib.pos < ib.size || full)) {
			ZSTD_outBuffer ob = {out, OUT, 0};

			left = ZSTD_decompressStream(z, &ob, &ib);
			if (ZSTD_isError(left)) {
				snprintf(why, sizeof why, "cannot be decompressed: %s",
				    ZSTD_getErrorName(left));
				break;
			}
			digest_sha1_add(d, out, ob.pos);
			got += (int64_t)ob.pos;
			full = ob.pos == ob.size;
			if (got > size)
				snprintf(why, sizeof why,
				    "decodes to more than the %lld bytes stored", (long long)size);
		}
	}
	if (why[0] == '\0' && left != 0)
		snprintf(why, sizeof why, "cut short in the middle of its zstd frame");
	digest_sha1_end(d, digest);
	d = NULL;
	if (why[0])
		*line = xasprintf("captured body %s: %s (altered or damaged)", sha1, why);
	else if (got != size)
		*line = xasprintf("captured body %s: %lld bytes where %lld were stored", sha1,
		    (long long)got, (long long)size);
	else if (strcmp(digest, sha1) != 0)
		*line = xasprintf(
		    "captured body %s: its bytes hash to %s (altered or damaged)", sha1, digest);
out:
	if (d)
		digest_sha1_end(d, digest); /* frees it */
	sqlite3_blob_close(b);
	ZSTD_freeDCtx(z);
	free(in);
	free(out);
	return rc;
}

int
store_verify_capture_bodies(struct store *s, void (*fn)(void *arg, const char *problem), void *arg,
    int64_t *problems, struct err *e)
{
	static const char sql[] = "SELECT id, sha1, size, codec FROM capture_bodies ORDER BY id";
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, e, "checking the captured bodies");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *sha1 = (const char *)sqlite3_column_text(st, 1);
		const char *codec = (const char *)sqlite3_column_text(st, 3);
		char *line;

		if (body_check(s, sqlite3_column_int64(st, 0), sha1 ? sha1 : "(none)",
		        sqlite3_column_int64(st, 2), codec ? codec : "", &line, e) == -1) {
			sqlite3_finalize(st);
			return -1;
		}
		if (line) {
			fn(arg, line);
			(*problems)++;
			free(line);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "checking the captured bodies");
	return 0;
}
