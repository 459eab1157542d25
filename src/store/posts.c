/*
 * posts.c - storing collected posts once, and in step with the index.
 *
 * A post is known by its guid or its permalink (unique indexes on both):
 * reached again, from the same source or another, it is not stored twice.
 * It is updated in place only when it really was edited: a later
 * `updated`, or, from the source that first stored it, changed content.
 * Two servers render one post's HTML a little differently, so a copy from
 * another source without a newer timestamp is not an edit; that keeps a
 * post from flip-flopping between its copies on every collect.
 *
 * posts_fts is an external-content FTS5 table. New posts are indexed in
 * one INSERT ... SELECT at the end of the source's batch: new rowids are
 * always above the largest one before it, so the batch is a rowid range.
 * An edited post indexed before is told to the index ('delete' with its
 * old values, then its new ones) at once.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "store_collect.h"

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
	static const char sql[] = "SELECT coalesce(max(id), 0) + 1 FROM posts";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_fail(s, e, "reading posts");
	}
	b->first_new_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

int
store_posts_end(struct store *s, struct store_posts_batch *b, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO posts_fts (rowid, title, author_name, author_handle, content_text)"
	    " SELECT id, title, author_name, author_handle, content_text FROM posts WHERE id >= ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, b->first_new_id);
	return store_step_done(s, st, e, "indexing new posts");
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

/* Bind the item's fields from index i on, in the order of POST_COLUMNS. */
#define POST_COLUMNS                                                                               \
	"author_name, author_handle, author_url, author_avatar, published, updated, title,"        \
	" content_html, content_text, language, content_warning, sensitive, raw, raw_format,"      \
	" fetched_at, safe_html"
static void
post_bind(sqlite3_stmt *st, int i, const struct incoming_post *it, const char *format, int64_t now,
    const char *safe_html)
{
	store_bind_text(st, i++, it->author_name);
	store_bind_text(st, i++, it->author_handle);
	store_bind_text(st, i++, it->author_url);
	store_bind_text(st, i++, it->author_avatar);
	if (it->has_published)
		sqlite3_bind_int64(st, i, it->published);
	i++;
	if (it->has_updated)
		sqlite3_bind_int64(st, i, it->updated);
	i++;
	store_bind_text(st, i++, it->title);
	store_bind_text(st, i++, it->content_html);
	store_bind_text(st, i++, it->content_text);
	store_bind_text(st, i++, it->language);
	store_bind_text(st, i++, it->content_warning);
	sqlite3_bind_int(st, i++, it->sensitive != 0);
	store_bind_text(st, i++, it->raw);
	store_bind_text(st, i++, format);
	sqlite3_bind_int64(st, i++, now);
	store_bind_text(st, i, safe_html);
}

static int
post_insert(struct store *s, int64_t source_id, const struct incoming_post *it, const char *format,
    int64_t now, int64_t *id, struct err *e)
{
	static const char sql[] = "INSERT INTO posts (source_id, guid, permalink, " POST_COLUMNS ")"
	                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	                          " ?14, ?15, ?16, ?17, ?18, ?19)";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	struct buf safe;
	int r;

	if (st == NULL)
		return -1;
	buf_init(&safe, BUF_NOLIMIT);
	sqlite3_bind_int64(st, 1, source_id);
	store_bind_text(st, 2, it->guid);
	store_bind_text(st, 3, it->permalink);
	post_bind(st, 4, it, format, now, safe_html_make(&safe, it->content_html, it->permalink));
	r = store_step_done(s, st, e, "storing a post");
	buf_release(&safe);
	if (r == -1)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
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
	static const char link[] = "SELECT permalink FROM posts WHERE id = ?1";
	static const char untag[] = "DELETE FROM post_tags WHERE post_id = ?1";
	int indexed = id < b->first_new_id, r;
	sqlite3_stmt *st;
	char *permalink = NULL;
	struct buf safe;

	if (indexed && post_reindex(s, id, 1, e) == -1)
		return -1;
	/* The links resolve against the permalink the post keeps. */
	if ((st = store_stmt(s, link, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		permalink = store_column_text(st, 0);
	sqlite3_reset(st);
	if ((st = store_stmt(s, sql, e)) == NULL) {
		free(permalink);
		return -1;
	}
	buf_init(&safe, BUF_NOLIMIT);
	sqlite3_bind_int64(st, 1, id);
	post_bind(st, 2, it, format, now, safe_html_make(&safe, it->content_html, permalink));
	r = store_step_done(s, st, e, "updating a post");
	buf_release(&safe);
	free(permalink);
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
post_source_add(struct store *s, int64_t id, int64_t source_id, int64_t now, struct err *e)
{
	static const char sql[] = "INSERT INTO post_sources (post_id, source_id, first_seen)"
	                          " VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, source_id);
	sqlite3_bind_int64(st, 3, now);
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
	int64_t id;
	int found;

	*result = STORE_POST_SAME;
	if (it->guid == NULL && it->permalink == NULL)
		return err_set(e, ERR_FAIL, "an item has neither an id nor a link");
	memset(&old, 0, sizeof old);
	if ((found = post_find(s, by_guid, it->guid, it, &old, e)) == 0)
		found = post_find(s, by_link, it->permalink, it, &old, e);
	if (found == -1)
		return -1;
	if (!found) {
		if (post_insert(s, source_id, it, format, now, &id, e) == -1)
			return -1;
		*result = STORE_POST_NEW;
	} else {
		id = old.id;
		if (post_edited(&old, it, source_id)) {
			if (post_update(s, b, id, it, format, now, e) == -1)
				return -1;
			*result = STORE_POST_UPDATED;
		}
	}
	if (*result != STORE_POST_SAME &&
	    (post_tags_add(s, id, tags, ntags, e) == -1 ||
	        post_media_set(s, id, it, *result == STORE_POST_UPDATED, e) == -1))
		return -1;
	if (post_counts_set(s, id, it, e) == -1)
		return -1;
	return post_source_add(s, id, source_id, now, e);
}
