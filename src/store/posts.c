/*
 * posts.c - storing collected posts once, and in step with the index.
 *
 * A post is known by its guid or its permalink (unique indexes on both):
 * reached again, from the same source or another, it is not stored twice.
 * While one source has reached it, it is that source's item, updated in
 * place only when really edited: a later `updated`, or changed content.
 * When a second source reaches it, every source's item is kept in
 * post_sources and the post becomes their union (merge.c), which depends
 * on the items alone, never on the order they came in; a post counts as
 * updated (or enriched, when the change came with another source) only
 * when something a reader sees changed.
 *
 * posts_fts is an external-content FTS5 table. New posts are indexed in
 * one INSERT ... SELECT at the end of the source's batch (or of a part of
 * it: store_posts_end may be called as it goes): new rowids are always
 * above the largest one before them, so what is not indexed yet is a
 * rowid range.
 * An edited post indexed before is told to the index ('delete' with its
 * old values, then its new ones) at once.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "merge.h"
#include "store_collect.h"

/* The page cache of a batch of posts, in KiB (store_posts_begin). */
#define STORE_BATCH_CACHE_KIB "16384"

store_html_fn store_html_sanitizer;

void
store_set_html_sanitizer(store_html_fn fn)
{
	store_html_sanitizer = fn;
}

/* The safe form of html (links against permalink) in b, or NULL when there
 * is no HTML, no sanitizer, or it failed: readers then sanitize it. */
static const char *
safe_html_make(struct buf *b, const char *html, const char *permalink)
{
	buf_reset(b);
	if (html == NULL || store_html_sanitizer == NULL ||
	    store_html_sanitizer(b, html, permalink) == -1)
		return NULL;
	return b->data;
}

const char *
store_html_safe(struct buf *b, const char *html, const char *permalink)
{
	return safe_html_make(b, html, permalink);
}

int
store_posts_fill_safe_html(struct store *s, struct err *e)
{
	static const char sql[] =
	    "SELECT id, content_html, permalink FROM posts WHERE content_html IS NOT NULL ORDER BY id";
	static const char set[] = "UPDATE posts SET safe_html = ?2 WHERE id = ?1";
	sqlite3_stmt *st, *up;
	struct buf b;
	int rc;

	if (store_html_sanitizer == NULL)
		return 0;
	if ((st = store_stmt(s, sql, e)) == NULL)
		return -1;
	buf_init(&b, BUF_NOLIMIT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *safe = safe_html_make(&b, (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2));
		/* Only safe_html changes, in rows the scan has passed. */
		if ((up = store_stmt(s, set, e)) == NULL)
			break;
		sqlite3_bind_int64(up, 1, sqlite3_column_int64(st, 0));
		store_bind_text(up, 2, safe);
		if (store_step_done(s, up, e, "storing a post's safe HTML") == -1)
			break;
	}
	sqlite3_reset(st);
	buf_release(&b);
	if (rc == SQLITE_ROW)
		return -1;
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "sanitizing the posts' HTML");
	return 0;
}

int
store_posts_begin(struct store *s, struct store_posts_batch *b, struct err *e)
{
	/* The fetch this batch ends with (store_source_fetched, in the same
	 * transaction) takes the next id of fetches: the items name it. */
	static const char sql[] = "SELECT (SELECT coalesce(max(id), 0) + 1 FROM posts),"
	                          " (SELECT coalesce(max(id), 0) + 1 FROM fetches)";
	sqlite3_stmt *st;

	/* A batch writes every page of its posts and their indexes: with
	 * SQLite's default 2 MB cache, a big one spills pages to the WAL and
	 * reads them back over and over (three times the writes and reads
	 * for 30,000 posts). The cache only grows as pages are used. */
	if (store_exec(s, "PRAGMA cache_size = -" STORE_BATCH_CACHE_KIB ";", e) == -1)
		return -1;
	if ((st = store_stmt(s, sql, e)) == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_fail(s, e, "reading posts");
	}
	b->unindexed_id = sqlite3_column_int64(st, 0);
	b->new_run = 1;
	b->sources_lo = b->sources_hi = 0;
	b->ntags_pending = b->tags_used = 0;
	b->fetch_id = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return 0;
}

static int post_tags_add(
    struct store *s, int64_t id, char *const *tags, size_t ntags, struct err *e);

/* STORE_TAGS_BATCH rows of post_tags' values. */
#define TAGS_2 "(?,?),(?,?)"
#define TAGS_8 TAGS_2 "," TAGS_2 "," TAGS_2 "," TAGS_2
#define TAGS_64 TAGS_8 "," TAGS_8 "," TAGS_8 "," TAGS_8 "," TAGS_8 "," TAGS_8 "," TAGS_8 "," TAGS_8
_Static_assert(STORE_TAGS_BATCH == 64, "TAGS_64 holds STORE_TAGS_BATCH rows");

/* The post_tags rows of the new posts not written yet. */
static int
tags_flush(struct store *s, struct store_posts_batch *b, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO post_tags (post_id, tag) VALUES " TAGS_64 " ON CONFLICT DO NOTHING";
	sqlite3_stmt *st;
	size_t n = b->ntags_pending;

	b->ntags_pending = b->tags_used = 0;
	if (n < STORE_TAGS_BATCH) {
		/* A short run (the batch's last): a statement a row. */
		for (size_t i = 0; i < n; i++) {
			char *tag = b->tags_text + b->tags_off[i];

			if (post_tags_add(s, b->tags_post[i], &tag, 1, e) == -1)
				return -1;
		}
		return 0;
	}
	if ((st = store_stmt(s, sql, e)) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(st, (int)(2 * i + 1), b->tags_post[i]);
		sqlite3_bind_text(
		    st, (int)(2 * i + 2), b->tags_text + b->tags_off[i], -1, SQLITE_STATIC);
	}
	return store_step_done(s, st, e, "storing the posts' tags");
}

/* A new post's tags, written with the others of its run. */
static int
tags_add(struct store *s, struct store_posts_batch *b, int64_t id, char *const *tags, size_t ntags,
    struct err *e)
{
	for (size_t i = 0; i < ntags; i++) {
		size_t len = strlen(tags[i]) + 1;

		if (len > sizeof b->tags_text / 4) {
			if (post_tags_add(s, id, &tags[i], 1, e) == -1)
				return -1;
			continue;
		}
		if ((b->ntags_pending == STORE_TAGS_BATCH ||
		        b->tags_used + len > sizeof b->tags_text) &&
		    tags_flush(s, b, e) == -1)
			return -1;
		memcpy(b->tags_text + b->tags_used, tags[i], len);
		b->tags_post[b->ntags_pending] = id;
		b->tags_off[b->ntags_pending++] = (unsigned short)b->tags_used;
		b->tags_used += len;
	}
	return 0;
}

/* The post_sources rows of the new posts not written yet (the batch's). */
static int
sources_flush(struct store *s, struct store_posts_batch *b, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO post_sources (post_id, source_id, first_seen, fetch_id)"
	    " SELECT id, ?3, ?4, ?5 FROM posts WHERE id BETWEEN ?1 AND ?2 ORDER BY id"
	    " ON CONFLICT DO NOTHING";
	sqlite3_stmt *st;

	if (tags_flush(s, b, e) == -1)
		return -1;
	if (b->sources_lo == 0)
		return 0;
	if ((st = store_stmt(s, sql, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, b->sources_lo);
	sqlite3_bind_int64(st, 2, b->sources_hi);
	sqlite3_bind_int64(st, 3, b->sources_source_id);
	sqlite3_bind_int64(st, 4, b->sources_now);
	sqlite3_bind_int64(st, 5, b->fetch_id);
	b->sources_lo = b->sources_hi = 0;
	return store_step_done(s, st, e, "storing the posts' source");
}

/* A new post's post_sources row, written with the others of its run. */
static int
sources_add(struct store *s, struct store_posts_batch *b, int64_t id, int64_t source_id,
    int64_t now, struct err *e)
{
	if (b->sources_lo != 0 &&
	    (id != b->sources_hi + 1 || source_id != b->sources_source_id ||
	        now != b->sources_now) &&
	    sources_flush(s, b, e) == -1)
		return -1;
	if (b->sources_lo == 0) {
		b->sources_lo = id;
		b->sources_source_id = source_id;
		b->sources_now = now;
	}
	b->sources_hi = id;
	return 0;
}

int
store_posts_end(struct store *s, struct store_posts_batch *b, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO posts_fts (rowid, title, author_name, author_handle, content_text)"
	    " SELECT id, title, author_name, author_handle, content_text FROM posts WHERE id >= ?1";
	static const char next[] = "SELECT coalesce(max(id), 0) + 1 FROM posts";
	sqlite3_stmt *st;

	if (sources_flush(s, b, e) == -1 || (st = store_stmt(s, sql, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, b->unindexed_id);
	if (store_step_done(s, st, e, "indexing new posts") == -1 ||
	    (st = store_stmt(s, next, e)) == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_fail(s, e, "reading posts");
	}
	b->unindexed_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	store_wal_writeback(s);
	return 0;
}

/* What is compared to tell an edit. */
struct stored_post {
	int64_t id;
	int64_t source_id;
	int has_updated;
	int64_t updated;
	int same_content;
};

/* 1 and *old filled when a post with key (guid or permalink) is stored. */
static int
post_find(struct store *s, const char *sql, const char *key, const struct incoming_post *it,
    struct stored_post *old, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (key == NULL)
		return 0;
	if ((st = store_stmt(s, sql, e)) == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		old->id = sqlite3_column_int64(st, 0);
		old->source_id = sqlite3_column_int64(st, 1);
		old->has_updated = sqlite3_column_type(st, 2) != SQLITE_NULL;
		old->updated = sqlite3_column_int64(st, 2);
		old->same_content =
		    str_eq((const char *)sqlite3_column_text(st, 3), it->content_html) &&
		    str_eq((const char *)sqlite3_column_text(st, 4), it->title) &&
		    str_eq((const char *)sqlite3_column_text(st, 5), it->content_warning);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, e, "looking a post up");
	return rc == SQLITE_ROW;
}

static int
post_edited(const struct stored_post *old, const struct incoming_post *it, int64_t source_id)
{
	int dated = it->has_updated && old->has_updated;

	if (dated && it->updated > old->updated)
		return 1;
	if (dated && it->updated < old->updated)
		return 0; /* an older copy */
	return old->source_id == source_id && !old->same_content;
}

/* Bind the item's fields from index i on, in the order of POST_COLUMNS,
 * uncopied: the caller steps the statement at once. */
#define POST_COLUMNS                                                                               \
	"author_name, author_handle, author_url, author_avatar, published, updated, title,"        \
	" content_html, content_text, language, content_warning, sensitive, raw, raw_format,"      \
	" fetched_at, safe_html"
static void
post_bind(sqlite3_stmt *st, int i, const struct incoming_post *it, const char *format, int64_t now,
    const char *safe_html)
{
	store_bind_static(st, i++, it->author_name);
	store_bind_static(st, i++, it->author_handle);
	store_bind_static(st, i++, it->author_url);
	store_bind_static(st, i++, it->author_avatar);
	if (it->has_published)
		sqlite3_bind_int64(st, i, it->published);
	i++;
	if (it->has_updated)
		sqlite3_bind_int64(st, i, it->updated);
	i++;
	store_bind_static(st, i++, it->title);
	store_bind_static(st, i++, it->content_html);
	store_bind_static(st, i++, it->content_text);
	store_bind_static(st, i++, it->language);
	store_bind_static(st, i++, it->content_warning);
	sqlite3_bind_int(st, i++, it->sensitive != 0);
	store_bind_static(st, i++, it->raw);
	store_bind_static(st, i++, format);
	sqlite3_bind_int64(st, i++, now);
	store_bind_static(st, i, safe_html);
}

/*
 * Insert the item as a new post. With try, a post already stored under
 * its guid or permalink is left alone and *id set to 0: the unique
 * indexes are probed once, by the insert, instead of by two look-ups
 * first.
 */
static int
post_insert(struct store *s, int64_t source_id, const struct incoming_post *it, const char *format,
    int64_t now, int try, int64_t *id, struct err *e)
{
	static const char sql[] = "INSERT INTO posts (source_id, guid, permalink, " POST_COLUMNS ")"
	                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	                          " ?14, ?15, ?16, ?17, ?18, ?19)";
	static const char sql_try[] = "INSERT INTO posts (source_id, guid, permalink, " POST_COLUMNS
	                              ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
	                              " ?13, ?14, ?15, ?16, ?17, ?18, ?19) ON CONFLICT DO NOTHING";
	sqlite3_stmt *st = store_stmt(s, try ? sql_try : sql, e);
	struct buf safe;
	int r;

	if (st == NULL)
		return -1;
	buf_init(&safe, BUF_NOLIMIT);
	sqlite3_bind_int64(st, 1, source_id);
	store_bind_static(st, 2, it->guid);
	store_bind_static(st, 3, it->permalink);
	post_bind(st, 4, it, format, now,
	    it->has_safe_html ? it->safe_html
	                      : safe_html_make(&safe, it->content_html, it->permalink));
	r = store_step_done(s, st, e, "storing a post");
	buf_release(&safe);
	if (r == -1)
		return -1;
	*id = try && sqlite3_changes(s->db) == 0 ? 0 : sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int
post_reindex(struct store *s, int64_t id, int drop, struct err *e)
{
	static const char del[] =
	    "INSERT INTO posts_fts (posts_fts, rowid, title, author_name, author_handle, content_text)"
	    " SELECT 'delete', id, title, author_name, author_handle, content_text FROM posts"
	    " WHERE id = ?1";
	static const char add[] =
	    "INSERT INTO posts_fts (rowid, title, author_name, author_handle, content_text)"
	    " SELECT id, title, author_name, author_handle, content_text FROM posts WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, drop ? del : add, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_step_done(s, st, e, "updating the search index");
}

/* The safe form of a stored post's new html into b (*safe NULL when none):
 * its links resolve against the permalink the post keeps. */
static int
post_safe_html(
    struct store *s, int64_t id, const char *html, struct buf *b, const char **safe, struct err *e)
{
	static const char sql[] = "SELECT permalink FROM posts WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	*safe = NULL;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*safe = safe_html_make(b, html, (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, e, "reading a post");
	return 0;
}

static int
post_update(struct store *s, const struct store_posts_batch *b, int64_t id,
    const struct incoming_post *it, const char *format, int64_t now, struct err *e)
{
	/* The guid and permalink the post is known by stay as they are. A post
	 * whose published date can no longer be read keeps the old one. */
	static const char sql[] =
	    "UPDATE posts SET author_name = ?2, author_handle = ?3, author_url = ?4,"
	    " author_avatar = ?5, published = coalesce(?6, published), updated = ?7, title = ?8,"
	    " content_html = ?9, content_text = ?10, language = ?11, content_warning = ?12,"
	    " sensitive = ?13, raw = ?14, raw_format = ?15, fetched_at = ?16, changed_at = ?16,"
	    " safe_html = ?17 WHERE id = ?1";
	static const char untag[] = "DELETE FROM post_tags WHERE post_id = ?1";
	int indexed = id < b->unindexed_id, r;
	sqlite3_stmt *st;
	const char *safe_html;
	struct buf safe;

	if (indexed && post_reindex(s, id, 1, e) == -1)
		return -1;
	buf_init(&safe, BUF_NOLIMIT);
	if (post_safe_html(s, id, it->content_html, &safe, &safe_html, e) == -1 ||
	    (st = store_stmt(s, sql, e)) == NULL) {
		buf_release(&safe);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	post_bind(st, 2, it, format, now, safe_html);
	r = store_step_done(s, st, e, "updating a post");
	buf_release(&safe);
	if (r == -1)
		return -1;
	if (indexed && post_reindex(s, id, 0, e) == -1)
		return -1;
	if ((st = store_stmt(s, untag, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return store_step_done(s, st, e, "updating a post's tags");
}

static int
post_tags_add(struct store *s, int64_t id, char *const *tags, size_t ntags, struct err *e)
{
	static const char sql[] = "INSERT INTO post_tags (post_id, tag) VALUES (?1, ?2)"
	                          " ON CONFLICT DO NOTHING";
	sqlite3_stmt *st;

	for (size_t i = 0; i < ntags; i++) {
		if ((st = store_stmt(s, sql, e)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, tags[i], -1, SQLITE_STATIC);
		if (store_step_done(s, st, e, "storing a post's tags") == -1)
			return -1;
	}
	return 0;
}

/*
 * Media rows by position: an edit updates them in place (keeping what an
 * archive run stored, its blob and fetch status, when the URL is the same) and drops
 * the ones past the new count.
 */
static int
post_media_set(struct store *s, int64_t id, const struct incoming_post *it, int edit, struct err *e)
{
	static const char add[] =
	    "INSERT INTO media (post_id, position, url, type, medium, alt, preview_url, width, height)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	    " ON CONFLICT (post_id, position) DO UPDATE SET"
	    " sha256 = CASE WHEN url = excluded.url THEN sha256 END,"
	    " archived_at = CASE WHEN url = excluded.url THEN archived_at END,"
	    " status = CASE WHEN url = excluded.url THEN status END,"
	    " error = CASE WHEN url = excluded.url THEN error END,"
	    " attempts = CASE WHEN url = excluded.url THEN attempts ELSE 0 END,"
	    " preview_sha256 = CASE WHEN url = excluded.url THEN preview_sha256 END,"
	    " url = excluded.url, type = excluded.type, medium = excluded.medium,"
	    " alt = excluded.alt, preview_url = excluded.preview_url, width = excluded.width,"
	    " height = excluded.height";
	static const char trim[] = "DELETE FROM media WHERE post_id = ?1 AND position >= ?2";
	sqlite3_stmt *st;
	int pos = 0;

	for (size_t i = 0; i < it->nmedia; i++) {
		const struct incoming_media *m = &it->media[i];

		if (str_empty(m->url))
			continue;
		if ((st = store_stmt(s, add, e)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, pos++);
		store_bind_text(st, 3, m->url);
		store_bind_text(st, 4, m->type);
		store_bind_text(st, 5, m->medium);
		store_bind_text(st, 6, m->alt);
		store_bind_text(st, 7, m->preview_url);
		if (m->width > 0)
			sqlite3_bind_int(st, 8, m->width);
		if (m->height > 0)
			sqlite3_bind_int(st, 9, m->height);
		if (store_step_done(s, st, e, "storing media") == -1)
			return -1;
	}
	if (!edit)
		return 0;
	if ((st = store_stmt(s, trim, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, pos);
	return store_step_done(s, st, e, "storing media");
}

static int
post_source_add(
    struct store *s, int64_t id, int64_t source_id, int64_t now, int64_t fetch_id, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO post_sources (post_id, source_id, first_seen, fetch_id)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, source_id);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, fetch_id);
	return store_step_done(s, st, e, "storing a post's source");
}

/* Counts change after a post is written: the latest fetch's are kept. */
static int
post_counts_set(struct store *s, int64_t id, const struct incoming_post *it, struct err *e)
{
	static const char sql[] = "UPDATE posts SET shares = ?2, likes = ?3, replies = ?4"
	                          " WHERE id = ?1 AND (shares IS NOT ?2 OR likes IS NOT ?3"
	                          " OR replies IS NOT ?4)";
	const int64_t v[3] = {it->shares, it->likes, it->replies};
	sqlite3_stmt *st;

	if (!it->has_counts)
		return 0;
	if ((st = store_stmt(s, sql, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	for (int i = 0; i < 3; i++)
		if (v[i] >= 0)
			sqlite3_bind_int64(st, i + 2, v[i]);
	return store_step_done(s, st, e, "storing a post's counts");
}

/* The fetch an unchanged row's item now comes from (an edit it sent). */
static int
post_source_fetched(struct store *s, int64_t id, int64_t source_id, int64_t fetch_id, struct err *e)
{
	static const char sql[] =
	    "UPDATE post_sources SET fetch_id = ?3 WHERE post_id = ?1 AND source_id = ?2";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, source_id);
	sqlite3_bind_int64(st, 3, fetch_id);
	return store_step_done(s, st, e, "storing a post's source");
}

/* The post's own columns as an item (merge.h), normalised. */
#define POST_AS_ITEM                                                                               \
	"json_object('guid', p.guid, 'permalink', p.permalink, 'author_name', p.author_name,"      \
	" 'author_handle', p.author_handle, 'author_url', p.author_url,"                           \
	" 'author_avatar', p.author_avatar, 'published', p.published, 'updated', p.updated,"       \
	" 'title', p.title, 'content_html', p.content_html, 'content_text', p.content_text,"       \
	" 'language', p.language, 'content_warning', p.content_warning, 'sensitive', p.sensitive," \
	" 'media', json((SELECT json_group_array(json_object('url', m.url, 'type', m.type,"        \
	"   'medium', m.medium, 'alt', m.alt, 'preview_url', m.preview_url, 'width', m.width,"     \
	"   'height', m.height)) FROM (SELECT * FROM media WHERE post_id = p.id"                   \
	"   ORDER BY position) m)),"                                                               \
	" 'tags', json((SELECT json_group_array(t.tag) FROM post_tags t WHERE t.post_id = p.id)))"

/* What is known of a stored post and its sources, for the merge. */
struct post_state {
	json_t *self; /* the post's columns as an item */
	char *self_text;
	char *raw_format;
	int64_t first_source; /* posts.source_id, 0 when gone */
	int first_has_row;    /* the first source still has its post_sources row */
	int others;           /* items other than this source's to merge with */
	int mine;             /* this source reached the post before */
	int mine_kept;        /* ... and its item is kept (not NULL) */
	char *mine_item, *mine_raw;
};

static void
post_state_release(struct post_state *ps)
{
	json_decref(ps->self);
	free(ps->self_text);
	free(ps->raw_format);
	free(ps->mine_item);
	free(ps->mine_raw);
}

/*
 * What the merge needs: which sources reached the post and whether their
 * items are kept; the post's own columns as an item only when there is
 * something to merge (a post one source has costs two index probes).
 */
static int
post_state_read(struct store *s, int64_t id, int64_t first_source, int64_t source_id,
    struct post_state *ps, struct err *e)
{
	static const char post[] = "SELECT " POST_AS_ITEM ", p.raw_format FROM posts p"
	                           " WHERE p.id = ?1";
	static const char rows[] = "SELECT source_id, item IS NOT NULL, item, raw FROM post_sources"
	                           " WHERE post_id = ?1";
	sqlite3_stmt *st;
	int rc;

	memset(ps, 0, sizeof *ps);
	ps->first_source = first_source;
	if ((st = store_stmt(s, rows, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t src = sqlite3_column_int64(st, 0);
		int kept = sqlite3_column_int(st, 1);

		if (src == ps->first_source)
			ps->first_has_row = 1;
		if (src == source_id) {
			ps->mine = 1;
			ps->mine_kept = kept;
			ps->mine_item = store_column_text(st, 2);
			ps->mine_raw = store_column_text(st, 3);
		} else if (kept || src == ps->first_source) {
			ps->others = 1;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "reading a post's sources");
	/* The first source is gone: the post's columns stand for its item. */
	if (!ps->first_has_row && ps->first_source != source_id)
		ps->others = 1;
	if (!ps->others && !ps->mine_kept)
		return 0;
	if ((st = store_stmt(s, post, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ps->self = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
		ps->raw_format = store_column_text(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW || !json_is_object(ps->self))
		return store_fail(s, e, "reading a post");
	merge_normalise(ps->self);
	if ((ps->self_text = json_dumps(ps->self, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		fatal("out of memory");
	return 0;
}

/* The first source's item, until now the post's own columns, kept in its row. */
static int
post_keep_first(struct store *s, int64_t id, const struct post_state *ps, struct err *e)
{
	static const char sql[] =
	    "UPDATE post_sources SET item = ?3, raw = (SELECT raw FROM posts WHERE id = ?1),"
	    " raw_format = (SELECT raw_format FROM posts WHERE id = ?1)"
	    " WHERE post_id = ?1 AND source_id = ?2 AND item IS NULL";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, ps->first_source);
	sqlite3_bind_text(st, 3, ps->self_text, -1, SQLITE_STATIC);
	return store_step_done(s, st, e, "keeping a post's first item");
}

static int
post_keep_item(struct store *s, int64_t id, int64_t source_id, const char *item,
    const struct incoming_post *it, const char *format, int64_t now, int64_t fetch_id,
    struct err *e)
{
	static const char sql[] =
	    "INSERT INTO post_sources (post_id, source_id, first_seen, item, raw, raw_format, fetch_id)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (post_id, source_id) DO UPDATE SET"
	    " item = excluded.item, raw = excluded.raw, raw_format = excluded.raw_format,"
	    " fetch_id = excluded.fetch_id";
	static const char first[] =
	    "UPDATE posts SET raw = ?2, raw_format = ?3 WHERE id = ?1 AND source_id = ?4";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, source_id);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_text(st, 4, item, -1, SQLITE_STATIC);
	store_bind_text(st, 5, it->raw);
	store_bind_text(st, 6, format);
	sqlite3_bind_int64(st, 7, fetch_id);
	if (store_step_done(s, st, e, "keeping a post's item") == -1)
		return -1;
	/* posts.raw stays the first source's item, as posts.source_id says. */
	if ((st = store_stmt(s, first, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, it->raw);
	store_bind_text(st, 3, format);
	sqlite3_bind_int64(st, 4, source_id);
	return store_step_done(s, st, e, "keeping a post's item");
}

static const char *
jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Write the union u into the post: columns, index, media, tags. */
static int
post_apply(struct store *s, const struct store_posts_batch *b, int64_t id, const json_t *u,
    int64_t now, struct err *e)
{
	static const char sql[] =
	    "UPDATE posts SET author_name = ?2, author_handle = ?3, author_url = ?4,"
	    " author_avatar = ?5, published = coalesce(?6, published), updated = ?7, title = ?8,"
	    " content_html = ?9, content_text = ?10, language = ?11, content_warning = ?12,"
	    " sensitive = ?13, fetched_at = ?14, changed_at = ?14, safe_html = ?15 WHERE id = ?1";
	static const char untag[] = "DELETE FROM post_tags WHERE post_id = ?1";
	struct incoming_post media;
	const char *safe_html;
	struct buf safe;
	json_t *v, *tags = json_object_get(u, "tags"), *list = json_object_get(u, "media");
	char **tagv;
	size_t i, ntags = json_array_size(tags);
	int indexed = id < b->unindexed_id, rc;
	sqlite3_stmt *st;

	if (indexed && post_reindex(s, id, 1, e) == -1)
		return -1;
	buf_init(&safe, BUF_NOLIMIT);
	if (post_safe_html(s, id, jstr(u, "content_html"), &safe, &safe_html, e) == -1 ||
	    (st = store_stmt(s, sql, e)) == NULL) {
		buf_release(&safe);
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, jstr(u, "author_name"));
	store_bind_text(st, 3, jstr(u, "author_handle"));
	store_bind_text(st, 4, jstr(u, "author_url"));
	store_bind_text(st, 5, jstr(u, "author_avatar"));
	if ((v = json_object_get(u, "published")) != NULL)
		sqlite3_bind_int64(st, 6, json_integer_value(v));
	if ((v = json_object_get(u, "updated")) != NULL)
		sqlite3_bind_int64(st, 7, json_integer_value(v));
	store_bind_text(st, 8, jstr(u, "title"));
	store_bind_text(st, 9, jstr(u, "content_html"));
	store_bind_text(st, 10, jstr(u, "content_text"));
	store_bind_text(st, 11, jstr(u, "language"));
	store_bind_text(st, 12, jstr(u, "content_warning"));
	sqlite3_bind_int(st, 13, json_object_get(u, "sensitive") != NULL);
	sqlite3_bind_int64(st, 14, now);
	store_bind_text(st, 15, safe_html);
	rc = store_step_done(s, st, e, "updating a post");
	buf_release(&safe);
	if (rc == -1)
		return -1;
	if (indexed && post_reindex(s, id, 0, e) == -1)
		return -1;
	if ((st = store_stmt(s, untag, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (store_step_done(s, st, e, "updating a post's tags") == -1)
		return -1;
	tagv = xcalloc(ntags + 1, sizeof *tagv);
	json_array_foreach(tags, i, v) tagv[i] = (char *)json_string_value(v);
	rc = post_tags_add(s, id, tagv, ntags, e);
	free(tagv);
	if (rc == -1)
		return -1;
	/* The media through the one writer, as borrowed strings. */
	memset(&media, 0, sizeof media);
	media.nmedia = json_array_size(list);
	media.media = xcalloc(media.nmedia + 1, sizeof *media.media);
	json_array_foreach(list, i, v)
	{
		struct incoming_media *m = &media.media[i];

		m->url = (char *)jstr(v, "url");
		m->type = (char *)jstr(v, "type");
		m->medium = (char *)jstr(v, "medium");
		m->alt = (char *)jstr(v, "alt");
		m->preview_url = (char *)jstr(v, "preview_url");
		m->width = (int)json_integer_value(json_object_get(v, "width"));
		m->height = (int)json_integer_value(json_object_get(v, "height"));
	}
	rc = post_media_set(s, id, &media, 1, e);
	free(media.media);
	return rc;
}

/*
 * A post another source reached too: keep this source's item, fold every
 * item kept, and write the union when a reader would see a difference.
 */
static int
post_merge(struct store *s, struct store_posts_batch *b, int64_t id, int64_t source_id,
    const struct incoming_post *it, const char *format, char *const *tags, size_t ntags,
    int64_t now, struct post_state *ps, enum store_post_result *result, struct err *e)
{
	static const char rows[] = "SELECT ps.item, ps.raw_format, src.url FROM post_sources ps"
	                           " LEFT JOIN sources src ON src.id = ps.source_id"
	                           " WHERE ps.post_id = ?1 AND ps.item IS NOT NULL";
	static const char first_url[] = "SELECT url FROM sources WHERE id = ?1";
	struct merge_item *v = NULL;
	char **texts = NULL; /* the text each of v was loaded from */
	size_t n = 0, cap = 0;
	char *item = merge_item_json(it, tags, ntags), *url = NULL;
	json_t *u = NULL;
	sqlite3_stmt *st;
	int rc = -1, step;

	*result = STORE_POST_SAME;
	if (ps->mine_kept && str_eq(ps->mine_item, item) && str_eq(ps->mine_raw, it->raw)) {
		rc = 0; /* the same item again */
		goto out;
	}
	if (ps->first_has_row && ps->first_source != source_id &&
	    post_keep_first(s, id, ps, e) == -1)
		goto out;
	if (post_keep_item(s, id, source_id, item, it, format, now, b->fetch_id, e) == -1)
		goto out;
	if ((st = store_stmt(s, rows, e)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 0),
		           *fmt = (const char *)sqlite3_column_text(st, 1),
		           *src = (const char *)sqlite3_column_text(st, 2);
		size_t i;

		/*
		 * An item another source sent alike and that ranks alike adds
		 * nothing to the fold: many sources of the same posts (copies
		 * of one feed) then cost one parse each, not one per source.
		 */
		for (i = 0; i < n; i++)
			if (strcmp(texts[i], text) == 0 && merge_item_same_rank(&v[i], fmt, src))
				break;
		if (i < n)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 4;
			v = xreallocarray(v, cap + 1, sizeof *v);
			texts = xreallocarray(texts, cap + 1, sizeof *texts);
		}
		if (merge_item_load(&v[n], text, fmt, src) == 0)
			texts[n++] = xstrdup(text);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		store_fail(s, e, "reading a post's items");
		goto out;
	}
	if (!ps->first_has_row && ps->first_source != source_id) {
		/* The first source was removed: its item lives on in the post. */
		if (ps->first_source && (st = store_stmt(s, first_url, e)) != NULL) {
			sqlite3_bind_int64(st, 1, ps->first_source);
			if (sqlite3_step(st) == SQLITE_ROW)
				url = store_column_text(st, 0);
			sqlite3_reset(st);
		}
		if (n == cap) {
			v = xreallocarray(v, ++cap + 1, sizeof *v);
			texts = xreallocarray(texts, cap + 1, sizeof *texts);
		}
		if (merge_item_load(&v[n], ps->self_text, ps->raw_format, url) == 0)
			texts[n++] = xstrdup(ps->self_text);
	}
	u = merge_fold(v, n);
	json_object_del(ps->self, "guid");
	json_object_del(ps->self, "permalink");
	if (!json_equal(u, ps->self)) {
		if (post_apply(s, b, id, u, now, e) == -1)
			goto out;
		*result = ps->mine ? STORE_POST_UPDATED : STORE_POST_ENRICHED;
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++) {
		merge_item_release(&v[i]);
		free(texts[i]);
	}
	free(v);
	free(texts);
	free(item);
	free(url);
	json_decref(u);
	return rc;
}

int
store_post_upsert(struct store *s, struct store_posts_batch *b, int64_t source_id,
    const struct incoming_post *it, const char *format, char *const *tags, size_t ntags,
    int64_t now, enum store_post_result *result, struct err *e)
{
	static const char by_guid[] = "SELECT id, source_id, updated, content_html, title,"
	                              " content_warning FROM posts WHERE guid = ?1";
	static const char by_link[] = "SELECT id, source_id, updated, content_html, title,"
	                              " content_warning FROM posts WHERE permalink = ?1";
	struct stored_post old;
	struct post_state ps;
	int64_t id;
	int found, rc;

	*result = STORE_POST_SAME;
	if (it->guid == NULL && it->permalink == NULL)
		return err_set(e, ERR_FAIL, "an item has neither an id nor a link");
	memset(&old, 0, sizeof old);
	id = 0;
	/* While the posts keep being new (a first collect), try the insert
	 * first; a post already there ends the run, the next new one starts
	 * another. */
	if (b->new_run && post_insert(s, source_id, it, format, now, 1, &id, e) == -1)
		return -1;
	b->new_run = id != 0;
	/* A post looked up may be one of the batch's: its sources written first. */
	if (id == 0 && sources_flush(s, b, e) == -1)
		return -1;
	found = 0;
	if (id == 0 && (found = post_find(s, by_guid, it->guid, it, &old, e)) == 0)
		found = post_find(s, by_link, it->permalink, it, &old, e);
	if (found == -1)
		return -1;
	if (!found) {
		if ((id == 0 && post_insert(s, source_id, it, format, now, 0, &id, e) == -1) ||
		    tags_add(s, b, id, tags, ntags, e) == -1 ||
		    post_media_set(s, id, it, 0, e) == -1)
			return -1;
		*result = STORE_POST_NEW;
		b->new_run = 1;
		if (post_counts_set(s, id, it, e) == -1)
			return -1;
		return sources_add(s, b, id, source_id, now, e);
	}
	/* Engagement counts are not part of the union (merge.c): the latest
	 * fetch that counts them wins, whichever source it is. */
	if (post_counts_set(s, old.id, it, e) == -1)
		return -1;
	id = old.id;
	if (post_state_read(s, id, old.source_id, source_id, &ps, e) == -1) {
		post_state_release(&ps);
		return -1;
	}
	if (ps.others || ps.mine_kept) {
		rc = post_merge(s, b, id, source_id, it, format, tags, ntags, now, &ps, result, e);
		post_state_release(&ps);
		return rc;
	}
	post_state_release(&ps);
	/* Only this source knows the post: its item is the post. */
	if (post_edited(&old, it, source_id)) {
		if (post_update(s, b, id, it, format, now, e) == -1 ||
		    post_tags_add(s, id, tags, ntags, e) == -1 ||
		    post_media_set(s, id, it, 1, e) == -1 ||
		    post_source_fetched(s, id, source_id, b->fetch_id, e) == -1)
			return -1;
		*result = STORE_POST_UPDATED;
	}
	return post_source_add(s, id, source_id, now, b->fetch_id, e);
}
