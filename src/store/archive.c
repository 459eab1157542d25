/*
 * archive.c - blobs keyed by SHA-256 and the rows that point at them:
 * media, images (avatars, card images) and link cards; what a collect has
 * still to fetch; and the checks of `verify`.
 *
 * A blob is stored once however many rows use it. Fetch outcomes are
 * written by URL, so one download serves every media row naming it.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "sniff.h"
#include "store_archive.h"

/* What "still to fetch" means for a row with status/attempts columns. */
#define TODO "(status IS NULL OR (status = 'failed' AND attempts < 3))"

int
store_blob_put(struct store *s, const char *sha256, const void *data, size_t len, const char *type,
    const char *url, int64_t now, int *added, struct err *e)
{
	static const char sql[] = "INSERT INTO blobs (sha256, data, size, type, url, fetched_at)"
	                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	store_bind_text(st, 1, sha256);
	sqlite3_bind_blob64(st, 2, len ? data : "", (sqlite3_uint64)len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)len);
	store_bind_text(st, 4, type ? type : "application/octet-stream");
	store_bind_text(st, 5, url);
	sqlite3_bind_int64(st, 6, now);
	if (store_step_done(s, st, e, "storing a blob") == -1)
		return -1;
	if (added)
		*added = sqlite3_changes(s->db) > 0;
	return 0;
}

int
store_blob_get(
    struct store *s, const char *sha256, void **data, size_t *len, char **type, struct err *e)
{
	static const char sql[] = "SELECT data, type FROM blobs WHERE sha256 = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	*data = NULL;
	*len = 0;
	if (type)
		*type = NULL;
	if (st == NULL)
		return -1;
	store_bind_text(st, 1, sha256);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const void *p = sqlite3_column_blob(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0);

		*data = xmalloc(n + 1);
		if (n)
			memcpy(*data, p, n);
		*len = n;
		if (type)
			*type = store_column_text(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, e, "reading a blob");
	return 0;
}

int
store_blob_has(struct store *s, const char *sha256, int *has, struct err *e)
{
	static const char sql[] = "SELECT 1 FROM blobs WHERE sha256 = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	if (st == NULL)
		return -1;
	store_bind_text(st, 1, sha256);
	rc = sqlite3_step(st);
	*has = rc == SQLITE_ROW;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, e, "looking for a blob");
	return 0;
}

void
archive_jobs_free(struct archive_jobs *j)
{
	for (size_t i = 0; i < j->n; i++) {
		free(j->v[i].url);
		free(j->v[i].preview_url);
		free(j->v[i].local_dir);
	}
	free(j->v);
	memset(j, 0, sizeof *j);
}

static struct archive_job *
job_add(struct archive_jobs *j, enum archive_kind kind, const char *url)
{
	struct archive_job *x;

	if (j->n == j->cap) {
		j->cap = j->cap ? j->cap * 2 : 64;
		j->v = xreallocarray(j->v, j->cap, sizeof *j->v);
	}
	x = &j->v[j->n++];
	memset(x, 0, sizeof *x);
	x->kind = kind;
	x->url = xstrdup(url);
	return x;
}

/* The directory of a local source's path ("/a/b/feed.rss" -> "/a/b"). */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash == NULL ? NULL : xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
}

int
store_archive_media_todo(struct store *s, struct archive_jobs *j, struct err *e)
{
	/* One job a URL that some row still has to fetch, with the ids of all
	 * the rows naming it without an original (its outcome is written to
	 * each); a relative path may be read only beside a local feed that
	 * reached the post (a source whose url is a path). */
	static const char media[] =
	    "SELECT m.url, max(m.preview_url), max(m.attempts),"
	    " (SELECT src.url FROM post_sources ps JOIN sources src ON src.id = ps.source_id"
	    "  WHERE ps.post_id = m.post_id AND substr(src.url, 1, 1) = '/'"
	    "  AND src.kind = 'feed' ORDER BY src.id LIMIT 1),"
	    " min(m.id), max(m.id)"
	    " FROM media m WHERE m.sha256 IS NULL GROUP BY m.url"
	    " HAVING max(m.status IS NULL OR (m.status = 'failed' AND m.attempts < 3))"
	    " ORDER BY min(m.id)";
	/* Avatars, and the images (inline pictures) wanted but not archived. */
	static const char avatars[] =
	    "SELECT DISTINCT p.author_avatar FROM posts p"
	    " LEFT JOIN images i ON i.url = p.author_avatar"
	    " WHERE p.author_avatar IS NOT NULL AND p.author_avatar <> ''"
	    " AND (i.url IS NULL OR (i.sha256 IS NULL AND i.attempts < 3))"
	    " UNION SELECT url FROM images WHERE sha256 IS NULL AND " TODO;
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, media, e)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *url = (const char *)sqlite3_column_text(st, 0);
		const char *local = (const char *)sqlite3_column_text(st, 3);
		struct archive_job *x;

		if (url == NULL)
			continue;
		x = job_add(j, ARCHIVE_MEDIA, url);
		x->preview_url = store_column_text(st, 1);
		x->first_id = sqlite3_column_int64(st, 4);
		x->last_id = sqlite3_column_int64(st, 5);
		if (local)
			x->local_dir = dir_of(local);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "listing media to archive");
	if ((st = store_stmt(s, avatars, e)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		job_add(j, ARCHIVE_IMAGE, (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "listing avatars to archive");
	return 0;
}

int
store_archive_cards_todo(
    struct store *s, int pages_too, int images_too, struct archive_jobs *j, struct err *e)
{
	static const char pages[] =
	    "SELECT url FROM cards WHERE origin IS NULL AND " TODO " ORDER BY url";
	static const char images[] =
	    "SELECT DISTINCT c.image_url FROM cards c LEFT JOIN images i ON i.url = c.image_url"
	    " WHERE c.image_url IS NOT NULL AND c.image_url <> ''"
	    " AND (i.url IS NULL OR (i.sha256 IS NULL AND i.attempts < 3))";
	sqlite3_stmt *st;
	int rc;

	if (pages_too) {
		if ((st = store_stmt(s, pages, e)) == NULL)
			return -1;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			job_add(j, ARCHIVE_CARD, (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_fail(s, e, "listing link cards to read");
	}
	if (!images_too)
		return 0;
	if ((st = store_stmt(s, images, e)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		job_add(j, ARCHIVE_IMAGE, (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "listing card images to archive");
	return 0;
}

/*
 * The run of posts that link to no page: every post of lo..hi is one the
 * scan gave (consecutive ids, none between), none has a row yet (the
 * scan's NOT EXISTS).
 */
static int
cardless_flush(struct store *s, struct err *e)
{
	static const char sql[] = "INSERT INTO post_cards (post_id, url)"
	                          " SELECT id, NULL FROM posts WHERE id BETWEEN ?1 AND ?2";
	sqlite3_stmt *st;

	if (s->cardless.lo == 0)
		return 0;
	if ((st = store_stmt(s, sql, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, s->cardless.lo);
	sqlite3_bind_int64(st, 2, s->cardless.hi);
	s->cardless.lo = s->cardless.hi = 0;
	return store_step_done(s, st, e, "storing the posts' link cards");
}

static int
id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int
store_card_posts(struct store *s, int (*fn)(void *arg, const struct card_post *p, struct err *e),
    void *arg, struct err *e)
{
	/* The ids first, from a covering index (no ORDER BY, or SQLite scans
	 * the table): a project's posts were all read back, every collect,
	 * to find the few new ones. */
	static const char ids_sql[] =
	    "SELECT p.id FROM posts p"
	    " WHERE NOT EXISTS (SELECT 1 FROM post_cards c WHERE c.post_id = p.id)";
	static const char sql[] =
	    "SELECT id, content_html, raw, raw_format, permalink FROM posts WHERE id = ?1";
	sqlite3_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc, r = 0;

	if ((st = store_stmt(s, ids_sql, e)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			ids = xreallocarray(ids, cap, sizeof *ids);
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return store_fail(s, e, "listing posts for link cards");
	}
	if (n == 0)
		return 0;
	qsort(ids, n, sizeof *ids, id_cmp);
	/* Not the statement cache: fn writes through cached statements meanwhile. */
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		free(ids);
		return store_fail(s, e, "listing posts for link cards");
	}
	s->cardless.on = 1;
	s->cardless.lo = s->cardless.hi = 0;
	for (size_t i = 0; r == 0 && i < n; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct card_post p = {
			    sqlite3_column_int64(st, 0),
			    (char *)sqlite3_column_text(st, 1),
			    (char *)sqlite3_column_text(st, 2),
			    (char *)sqlite3_column_text(st, 3),
			    (char *)sqlite3_column_text(st, 4),
			};
			r = fn(arg, &p, e);
		} else if (rc != SQLITE_DONE) {
			r = store_fail(s, e, "listing posts for link cards");
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	free(ids);
	s->cardless.on = 0;
	if (r == 0)
		r = cardless_flush(s, e);
	s->cardless.lo = s->cardless.hi = 0;
	return r;
}

int
store_post_card_set(struct store *s, int64_t post_id, const char *url, struct err *e)
{
	static const char sql[] = "INSERT INTO post_cards (post_id, url) VALUES (?1, ?2)"
	                          " ON CONFLICT (post_id) DO UPDATE SET url = excluded.url";
	sqlite3_stmt *st;

	/* Most posts link to no page: a run of them, one after the other in
	 * the scan, is one statement (a row a statement was a third of the
	 * card look-up's cost). */
	if (s->cardless.on && url == NULL) {
		if (s->cardless.lo != 0 && post_id == s->cardless.hi + 1) {
			s->cardless.hi = post_id;
			return 0;
		}
		if (cardless_flush(s, e) == -1)
			return -1;
		s->cardless.lo = s->cardless.hi = post_id;
		return 0;
	}
	if (s->cardless.on && cardless_flush(s, e) == -1)
		return -1;
	if ((st = store_stmt(s, sql, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	store_bind_text(st, 2, url);
	return store_step_done(s, st, e, "storing a post's link card");
}

int
store_card_put(struct store *s, const struct card *c, int64_t now, struct err *e)
{
	static const char pending[] = "INSERT INTO cards (url) VALUES (?1) ON CONFLICT DO NOTHING";
	static const char read[] =
	    "INSERT INTO cards (url, title, description, site_name, image_url, origin, status,"
	    " fetched_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'read', ?7)"
	    " ON CONFLICT (url) DO UPDATE SET title = excluded.title,"
	    " description = excluded.description, site_name = excluded.site_name,"
	    " image_url = excluded.image_url, origin = excluded.origin, status = 'read',"
	    " error = NULL, fetched_at = excluded.fetched_at";
	sqlite3_stmt *st = store_stmt(s, c->origin ? read : pending, e);

	if (st == NULL)
		return -1;
	store_bind_text(st, 1, c->url);
	if (c->origin) {
		store_bind_text(st, 2, c->title);
		store_bind_text(st, 3, c->description);
		store_bind_text(st, 4, c->site_name);
		store_bind_text(st, 5, c->image_url);
		store_bind_text(st, 6, c->origin);
		sqlite3_bind_int64(st, 7, now);
	}
	return store_step_done(s, st, e, "storing a link card");
}

int
store_card_failed(struct store *s, const char *url, const char *error, int64_t now, struct err *e)
{
	static const char sql[] = "UPDATE cards SET status = 'failed', error = ?2,"
	                          " attempts = attempts + 1, fetched_at = ?3 WHERE url = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	store_bind_text(st, 1, url);
	store_bind_text(st, 2, error);
	sqlite3_bind_int64(st, 3, now);
	return store_step_done(s, st, e, "storing a link card's failure");
}

/* The rows a media job's outcome goes to: by id range, not a scan (no index by url). */
#define MEDIA_OF_JOB "id BETWEEN ?5 AND ?6 AND url = ?1 AND sha256 IS NULL"

int
store_media_archived(struct store *s, const struct archive_job *j, const char *sha256, int preview,
    const char *error, int64_t now, struct err *e)
{
	static const char orig[] =
	    "UPDATE media SET sha256 = ?2, archived_at = ?3, status = 'archived', error = NULL,"
	    " attempts = attempts + 1 WHERE " MEDIA_OF_JOB;
	static const char prev[] =
	    "UPDATE media SET preview_sha256 = ?2, archived_at = ?3, status = 'preview',"
	    " error = ?4, attempts = attempts + 1 WHERE " MEDIA_OF_JOB;
	sqlite3_stmt *st = store_stmt(s, preview ? prev : orig, e);

	if (st == NULL)
		return -1;
	store_bind_text(st, 1, j->url);
	sqlite3_bind_int64(st, 5, j->first_id);
	sqlite3_bind_int64(st, 6, j->last_id);
	store_bind_text(st, 2, sha256);
	sqlite3_bind_int64(st, 3, now);
	if (preview)
		store_bind_text(st, 4, error);
	return store_step_done(s, st, e, "storing an archived medium");
}

int
store_media_failed(
    struct store *s, const struct archive_job *j, const char *error, int64_t now, struct err *e)
{
	static const char sql[] = "UPDATE media SET status = 'failed', error = ?2,"
	                          " attempts = attempts + 1 WHERE " MEDIA_OF_JOB;
	sqlite3_stmt *st = store_stmt(s, sql, e);

	(void)now;
	if (st == NULL)
		return -1;
	store_bind_text(st, 1, j->url);
	sqlite3_bind_int64(st, 5, j->first_id);
	sqlite3_bind_int64(st, 6, j->last_id);
	store_bind_text(st, 2, error);
	return store_step_done(s, st, e, "storing a medium's failure");
}

int
store_image_archived(
    struct store *s, const char *url, const char *sha256, int64_t now, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO images (url, sha256, status, attempts, archived_at)"
	    " VALUES (?1, ?2, 'archived', 1, ?3) ON CONFLICT (url) DO UPDATE SET"
	    " sha256 = excluded.sha256, status = 'archived', error = NULL,"
	    " attempts = attempts + 1, archived_at = excluded.archived_at";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	store_bind_text(st, 1, url);
	store_bind_text(st, 2, sha256);
	sqlite3_bind_int64(st, 3, now);
	return store_step_done(s, st, e, "storing an archived image");
}

int
store_image_failed(struct store *s, const char *url, const char *error, int64_t now, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO images (url, status, error, attempts) VALUES (?1, 'failed', ?2, 1)"
	    " ON CONFLICT (url) DO UPDATE SET status = 'failed', error = excluded.error,"
	    " attempts = attempts + 1";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	(void)now;
	if (st == NULL)
		return -1;
	store_bind_text(st, 1, url);
	store_bind_text(st, 2, error);
	return store_step_done(s, st, e, "storing an image's failure");
}

int
store_image_want(struct store *s, const char *url, struct err *e)
{
	static const char sql[] = "INSERT INTO images (url) VALUES (?1) ON CONFLICT DO NOTHING";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	store_bind_text(st, 1, url);
	return store_step_done(s, st, e, "storing an image to archive");
}

int
store_image_blob(struct store *s, const char *url, char **sha256, struct err *e)
{
	static const char sql[] = "SELECT sha256 FROM images WHERE url = ?1 AND sha256 IS NOT NULL";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	*sha256 = NULL;
	if (st == NULL)
		return -1;
	store_bind_text(st, 1, url);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*sha256 = store_column_text(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, e, "looking up an image");
	return 0;
}

int
store_archive_counts(struct store *s, struct archive_counts *c, struct err *e)
{
	static const char sql[] =
	    "SELECT (SELECT count(*) FROM media),"
	    " (SELECT count(*) FROM media WHERE sha256 IS NOT NULL),"
	    " (SELECT count(*) FROM media WHERE sha256 IS NULL AND status IS NOT NULL),"
	    " (SELECT count(*) FROM media WHERE status IS NULL),"
	    " (SELECT count(*) FROM images),"
	    " (SELECT count(*) FROM images WHERE sha256 IS NOT NULL),"
	    " (SELECT count(*) FROM cards),"
	    " (SELECT count(*) FROM cards WHERE status = 'read'),"
	    " (SELECT count(*) FROM blobs),"
	    " (SELECT coalesce(sum(size), 0) FROM blobs),"
	    " (SELECT count(*) FROM capture_bodies)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int64_t *out[] = {&c->media, &c->media_archived, &c->media_failed, &c->media_pending,
	    &c->images, &c->images_archived, &c->cards, &c->cards_read, &c->blobs, &c->blob_bytes,
	    &c->capture_bodies};
	int rc;

	memset(c, 0, sizeof *c);
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		for (int i = 0; i < (int)ARRAY_LEN(out); i++)
			*out[i] = sqlite3_column_int64(st, i);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_fail(s, e, "counting the archive");
	return 0;
}

/* Run sql (no parameters); each row's columns joined by fmt go to fn. */
static int
verify_rows(struct store *s, const char *sql, const char *what, void (*fn)(void *, const char *),
    void *arg, int64_t *problems, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, e, what);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);

		if (line == NULL || strcmp(line, "ok") == 0)
			continue;
		fn(arg, line);
		(*problems)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, what);
	return 0;
}

int
store_verify(struct store *s, void (*fn)(void *arg, const char *problem), void *arg,
    int64_t *problems, struct err *e)
{
	static const char *const checks[][2] = {
	    {"SELECT 'integrity: ' || integrity_check FROM pragma_integrity_check"
	     " WHERE integrity_check <> 'ok'",
	        "SQLite's integrity check"},
	    {"SELECT 'foreign key: ' || \"table\" || ' row ' || coalesce(rowid, '?') || ' points at a"
	     " missing ' || parent FROM pragma_foreign_key_check",
	        "the foreign key check"},
	    {"SELECT 'media ' || id || ' (post ' || post_id || ', ' || url || '): blob ' || sha256"
	     " || ' is missing' FROM media m WHERE sha256 IS NOT NULL"
	     " AND NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = m.sha256) ORDER BY id",
	        "checking media"},
	    {"SELECT 'media ' || id || ' (post ' || post_id || ', ' || url || '): preview blob ' ||"
	     " preview_sha256 || ' is missing' FROM media m WHERE preview_sha256 IS NOT NULL"
	     " AND NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = m.preview_sha256) ORDER BY id",
	        "checking media"},
	    {"SELECT 'image ' || url || ': blob ' || sha256 || ' is missing' FROM images i"
	     " WHERE sha256 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM blobs b"
	     " WHERE b.sha256 = i.sha256) ORDER BY url",
	        "checking images"},
	    {"SELECT 'story item ' || id || ': post ' || post_id || ' is missing' FROM story_items i"
	     " WHERE post_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = i.post_id)"
	     " ORDER BY id",
	        "checking story items"},
	};
	static const char blobs[] = "SELECT sha256, data, size FROM blobs ORDER BY sha256";
	sqlite3_stmt *st;
	int rc;

	*problems = 0;
	for (size_t i = 0; i < ARRAY_LEN(checks); i++)
		if (verify_rows(s, checks[i][0], checks[i][1], fn, arg, problems, e) == -1)
			return -1;
	if (sqlite3_prepare_v2(s->db, blobs, -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, e, "checking blobs");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		const void *data = sqlite3_column_blob(st, 1);
		size_t n = (size_t)sqlite3_column_bytes(st, 1);
		int64_t size = sqlite3_column_int64(st, 2);
		char hex[65], *line = NULL;

		sha256_hex(data ? data : "", n, hex);
		if (key == NULL || strcmp(key, hex) != 0)
			line = xasprintf("blob %s: its bytes hash to %s (altered or damaged)",
			    key ? key : "(no key)", hex);
		else if (size != (int64_t)n)
			line = xasprintf(
			    "blob %s: %zu bytes where %lld were stored", key, n, (long long)size);
		if (line) {
			fn(arg, line);
			(*problems)++;
			free(line);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "checking blobs");
	return store_verify_capture_bodies(s, fn, arg, problems, e);
}
