/*
 * render.c - the queries `render` reads the story through.
 *
 * Items are streamed: a cursor steps one statement of its own over
 * story_items in position order, and only the current item's media and
 * tags are fetched and held, so memory stays flat whatever the length of
 * the story. Strings point into SQLite's row (valid until the next step)
 * or into the cursor's own copies; nothing is copied per item that need
 * not be.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "store_render.h"

#define AUTHOR_KEY STORE_AUTHOR_KEY

int
store_read_begin(struct store *s, struct err *e)
{
	if (store_exec(s, "BEGIN DEFERRED;", e) == -1)
		return err_prefix(e, "starting a read transaction: ");
	return 0;
}

/* A string column, or NULL. */
static const char *
col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* A string column, never NULL. */
static const char *
col_str(sqlite3_stmt *st, int i)
{
	const char *v = col(st, i);

	return v ? v : "";
}

struct story_cursor {
	struct store *s;
	sqlite3_stmt *st;
	/* The story's tags in story order, read beside st (a merge on the
	 * position), not a subquery an item: tags_row is SQLITE_ROW while
	 * the statement holds a row, 0 before its first step. */
	sqlite3_stmt *tags_st;
	int tags_row;
	struct buf tagbuf; /* the current post's, joined with U+001F */
	/* The current post's media and tags: copies, released on the next call. */
	struct story_media *media;
	size_t nmedia, media_cap;
	const char **tags;
	size_t ntags, tags_cap;
	struct buf strings; /* NUL-separated copies the two arrays point into */
};

int
store_story_open(
    struct store *s, enum story_filter filter, struct story_cursor **out, struct err *e)
{
	static const char sql_all[] =
	    "SELECT i.id, i.kind, i.position, i.body, i.level, p.id, p.guid, p.permalink,"
	    " p.author_name, p.author_handle, p.author_url, p.author_avatar, p.published, p.updated,"
	    " p.title, CASE WHEN p.safe_html IS NULL THEN p.content_html END, p.content_text, p.language, p.content_warning, p.sensitive,"
	    " p.source_id, src.name, src.url,"
	    /* column 24, once the tags, is NULL: they come from tags_st */
	    " EXISTS (SELECT 1 FROM media m WHERE m.post_id = p.id), NULL,"
	    /* the archive: the avatar's blob, the post's link card */
	    " (SELECT im.sha256 FROM images im WHERE im.url = p.author_avatar),"
	    " card.url, card.title, card.description, card.site_name, card.image_url,"
	    " (SELECT im.sha256 FROM images im WHERE im.url = card.image_url),"
	    /* the stored safe HTML; the untrusted one only when there is none */
	    " p.safe_html"
	    " FROM story_items i LEFT JOIN posts p ON p.id = i.post_id"
	    " LEFT JOIN sources src ON src.id = p.source_id"
	    " LEFT JOIN post_cards pc ON pc.post_id = p.id"
	    " LEFT JOIN cards card ON card.url = pc.url AND card.status = 'read'"
	    " ORDER BY i.position";
	static const char sql_tags[] =
	    "SELECT i.position, t.tag FROM story_items i JOIN post_tags t ON t.post_id = i.post_id"
	    " ORDER BY i.position, t.tag";
	static const char sql_headings[] =
	    "SELECT i.id, i.kind, i.position, i.body, i.level"
	    " FROM story_items i WHERE i.kind = 'heading' ORDER BY i.position";
	const char *sql = filter == STORY_HEADINGS ? sql_headings : sql_all;
	struct story_cursor *c = xcalloc(1, sizeof *c);

	c->s = s;
	buf_init(&c->strings, BUF_NOLIMIT);
	buf_init(&c->tagbuf, BUF_NOLIMIT);
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->st, NULL) !=
	        SQLITE_OK ||
	    (filter == STORY_ALL &&
	        sqlite3_prepare_v3(s->db, sql_tags, -1, SQLITE_PREPARE_PERSISTENT, &c->tags_st,
	            NULL) != SQLITE_OK)) {
		store_fail(s, e, "reading the story");
		store_story_close(c);
		return -1;
	}
	*out = c;
	return 0;
}

void
store_story_rewind(struct story_cursor *c)
{
	sqlite3_reset(c->st);
	if (c->tags_st)
		sqlite3_reset(c->tags_st);
	c->tags_row = 0;
}

void
store_story_close(struct story_cursor *c)
{
	if (c == NULL)
		return;
	sqlite3_finalize(c->st);
	sqlite3_finalize(c->tags_st);
	buf_release(&c->tagbuf);
	free(c->media);
	free(c->tags);
	buf_release(&c->strings);
	free(c);
}

/* Copy s (or NULL) into the cursor's strings; returns its offset + 1, 0 for NULL. */
static size_t
keep(struct story_cursor *c, const char *s)
{
	size_t off = c->strings.len;

	if (s == NULL)
		return 0;
	buf_add(&c->strings, s, strlen(s) + 1);
	return off + 1;
}

static const char *
kept(struct story_cursor *c, size_t ref)
{
	return ref ? c->strings.data + ref - 1 : NULL;
}

/*
 * The post's media (only queried when it has some) and tags (one column
 * of the main query, joined with U+001F, which a tag never holds). The
 * strings are copied: offsets are kept while the buffer may still move,
 * and turned into pointers at the end.
 */
static int
load_attachments(
    struct story_cursor *c, struct story_post *p, int has_media, const char *tags, struct err *e)
{
	static const char sql_media[] =
	    "SELECT url, type, medium, alt, preview_url, width, height, sha256, preview_sha256"
	    " FROM media WHERE post_id = ?1 ORDER BY position";
	struct {
		size_t url, type, medium, alt, preview, sha256, preview_sha256;
	} *refs = NULL;
	size_t *tag_refs = NULL, refs_cap = 0, tag_refs_cap = 0;
	sqlite3_stmt *st;
	int rc;

	buf_reset(&c->strings);
	c->nmedia = c->ntags = 0;
	if (has_media) {
		if ((st = store_stmt(c->s, sql_media, e)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, p->id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (c->nmedia == c->media_cap) {
				c->media_cap = c->media_cap ? c->media_cap * 2 : 4;
				c->media = xreallocarray(c->media, c->media_cap, sizeof *c->media);
			}
			if (c->nmedia == refs_cap) {
				refs_cap = c->media_cap;
				refs = xreallocarray(refs, refs_cap, sizeof *refs);
			}
			refs[c->nmedia].url = keep(c, col_str(st, 0));
			refs[c->nmedia].type = keep(c, col(st, 1));
			refs[c->nmedia].medium = keep(c, col(st, 2));
			refs[c->nmedia].alt = keep(c, col(st, 3));
			refs[c->nmedia].preview = keep(c, col(st, 4));
			refs[c->nmedia].sha256 = keep(c, col(st, 7));
			refs[c->nmedia].preview_sha256 = keep(c, col(st, 8));
			c->media[c->nmedia].width = sqlite3_column_int64(st, 5);
			c->media[c->nmedia].height = sqlite3_column_int64(st, 6);
			c->nmedia++;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			free(refs);
			return store_fail(c->s, e, "reading a post's media");
		}
	}
	for (const char *t = tags; t && *t;) {
		size_t n = strcspn(t, "\x1f");

		if (c->ntags == tag_refs_cap) {
			tag_refs_cap = tag_refs_cap ? tag_refs_cap * 2 : 8;
			tag_refs = xreallocarray(tag_refs, tag_refs_cap, sizeof *tag_refs);
		}
		tag_refs[c->ntags++] = c->strings.len + 1;
		buf_add(&c->strings, t, n);
		buf_addc(&c->strings, '\0');
		t += n;
		if (*t)
			t++;
	}
	for (size_t i = 0; i < c->nmedia; i++) {
		c->media[i].url = kept(c, refs[i].url);
		c->media[i].type = kept(c, refs[i].type);
		c->media[i].medium = kept(c, refs[i].medium);
		c->media[i].alt = kept(c, refs[i].alt);
		c->media[i].preview_url = kept(c, refs[i].preview);
		c->media[i].sha256 = kept(c, refs[i].sha256);
		c->media[i].preview_sha256 = kept(c, refs[i].preview_sha256);
	}
	if (c->ntags > c->tags_cap) {
		c->tags_cap = tag_refs_cap;
		c->tags = xreallocarray(c->tags, c->tags_cap, sizeof *c->tags);
	}
	for (size_t i = 0; i < c->ntags; i++)
		c->tags[i] = kept(c, tag_refs[i]);
	p->media = c->media;
	p->nmedia = c->nmedia;
	p->tags = c->tags;
	p->ntags = c->ntags;
	free(refs);
	free(tag_refs);
	return 0;
}

/*
 * The tags of the item at position pos, joined with U+001F (as
 * group_concat would), into *out (NULL when it has none): the tag
 * statement's rows before pos are passed, those at pos taken. Both
 * statements go in position order (BINARY: strcmp's order).
 */
static int
item_tags(struct story_cursor *c, const char *pos, const char **out, struct err *e)
{
	size_t n = 0;
	int cmp;

	*out = NULL;
	buf_reset(&c->tagbuf);
	if (c->tags_row == 0)
		c->tags_row = sqlite3_step(c->tags_st);
	while (c->tags_row == SQLITE_ROW && (cmp = strcmp(col_str(c->tags_st, 0), pos)) <= 0) {
		if (cmp == 0) {
			if (n++ > 0)
				buf_addc(&c->tagbuf, '\x1f');
			buf_adds(&c->tagbuf, col_str(c->tags_st, 1));
		}
		c->tags_row = sqlite3_step(c->tags_st);
	}
	if (c->tags_row != SQLITE_ROW && c->tags_row != SQLITE_DONE)
		return store_fail(c->s, e, "reading the story's tags");
	if (n > 0)
		*out = c->tagbuf.data;
	return 0;
}

int
store_story_next(struct story_cursor *c, struct story_item *it, struct err *e)
{
	sqlite3_stmt *st = c->st;
	const char *kind, *tags;
	int rc;

	memset(it, 0, sizeof *it);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_fail(c->s, e, "reading the story");
	it->id = sqlite3_column_int64(st, 0);
	kind = col_str(st, 1);
	it->kind = strcmp(kind, "post") == 0 ? STORY_POST
	    : strcmp(kind, "heading") == 0   ? STORY_HEADING
	                                     : STORY_NOTE;
	it->position = col_str(st, 2);
	it->body = col(st, 3);
	if (it->kind == STORY_HEADING) {
		int level = sqlite3_column_int(st, 4);
		it->level = level < 2 ? 2 : level > 6 ? 6 : level;
	}
	if (it->kind != STORY_POST) {
		if (it->body == NULL)
			it->body = "";
		return 1;
	}
	struct story_post *p = &it->post;
	p->id = sqlite3_column_int64(st, 5);
	p->guid = col(st, 6);
	p->permalink = col(st, 7);
	p->author_name = col(st, 8);
	p->author_handle = col(st, 9);
	p->author_url = col(st, 10);
	p->author_avatar = col(st, 11);
	p->has_published = sqlite3_column_type(st, 12) != SQLITE_NULL;
	p->published = sqlite3_column_int64(st, 12);
	p->has_updated = sqlite3_column_type(st, 13) != SQLITE_NULL;
	p->updated = sqlite3_column_int64(st, 13);
	p->title = col(st, 14);
	p->content_html = col(st, 15);
	p->content_text = col(st, 16);
	p->language = col(st, 17);
	p->content_warning = col(st, 18);
	p->sensitive = sqlite3_column_int(st, 19) != 0;
	p->source_id = sqlite3_column_int64(st, 20);
	p->source_name = col(st, 21);
	p->source_url = col(st, 22);
	p->avatar_sha256 = col(st, 25);
	p->card.url = col(st, 26);
	p->card.title = col(st, 27);
	p->card.description = col(st, 28);
	p->card.site_name = col(st, 29);
	p->card.image_url = col(st, 30);
	p->card.image_sha256 = col(st, 31);
	p->safe_html = col(st, 32);
	if (item_tags(c, it->position, &tags, e) == -1 ||
	    load_attachments(c, p, sqlite3_column_int(st, 23), tags, e) == -1)
		return -1;
	return 1;
}

struct credits_cursor {
	struct store *s;
	sqlite3_stmt *st;
	struct story_author *authors;
	size_t nauthors, cap;
	struct buf strings;
};

int
store_credits_open(struct store *s, struct credits_cursor **out, struct err *e)
{
	/* A post counts for every source that reached it (post_sources);
	 * the posts no source is left for (removed sources) come last. */
	static const char sql[] =
	    "SELECT coalesce(g.sid, 0), src.name, src.url, g.n, src.title FROM"
	    " (SELECT ps.source_id AS sid, count(*) AS n FROM story_items i"
	    "  JOIN post_sources ps ON ps.post_id = i.post_id GROUP BY ps.source_id"
	    "  UNION ALL SELECT * FROM (SELECT NULL AS sid, count(*) AS n FROM story_items i"
	    "   WHERE i.post_id IS NOT NULL AND NOT EXISTS"
	    "   (SELECT 1 FROM post_sources ps WHERE ps.post_id = i.post_id)) WHERE n > 0) g"
	    " LEFT JOIN sources src ON src.id = g.sid"
	    " ORDER BY g.sid IS NULL, g.sid";
	struct credits_cursor *c = xcalloc(1, sizeof *c);

	c->s = s;
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->st, NULL) !=
	    SQLITE_OK) {
		store_fail(s, e, "reading the sources");
		free(c);
		return -1;
	}
	buf_init(&c->strings, BUF_NOLIMIT);
	*out = c;
	return 0;
}

void
store_credits_rewind(struct credits_cursor *c)
{
	sqlite3_reset(c->st);
}

void
store_credits_close(struct credits_cursor *c)
{
	if (c == NULL)
		return;
	sqlite3_finalize(c->st);
	free(c->authors);
	buf_release(&c->strings);
	free(c);
}

static size_t
credits_keep(struct credits_cursor *c, const char *s)
{
	size_t off = c->strings.len;

	if (s == NULL)
		return 0;
	buf_add(&c->strings, s, strlen(s) + 1);
	return off + 1;
}

int
store_credits_next(struct credits_cursor *c, struct story_source *src, struct err *e)
{
	/* min() over a group keeps the choice deterministic when an author's
	 * name changed between posts. A source's posts are every post it
	 * reached (post_sources), whichever source stored them first. */
#define CREDITS_AUTHORS(FROM, COND)                                                                \
	"SELECT min(p.author_name), min(p.author_handle), min(p.author_url), count(*)"             \
	" FROM " FROM " WHERE " COND AUTHOR_KEY " IS NOT NULL"                                     \
	"  AND EXISTS (SELECT 1 FROM story_items i WHERE i.post_id = p.id)"                        \
	" GROUP BY " AUTHOR_KEY                                                                    \
	" ORDER BY min(p.author_name) IS NULL, lower(min(p.author_name)), min(p.author_name),"     \
	"  lower(" AUTHOR_KEY "), " AUTHOR_KEY
	static const char sql_authors[] = CREDITS_AUTHORS(
	    "post_sources ps JOIN posts p ON p.id = ps.post_id", "ps.source_id = ?1 AND ");
	static const char sql_orphans[] = CREDITS_AUTHORS(
	    "posts p", "NOT EXISTS (SELECT 1 FROM post_sources ps WHERE ps.post_id = p.id) AND ");
	struct {
		size_t name, handle, url;
	} *refs = NULL;
	sqlite3_stmt *st;
	int rc;

	memset(src, 0, sizeof *src);
	rc = sqlite3_step(c->st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_fail(c->s, e, "reading the sources");
	src->id = sqlite3_column_int64(c->st, 0);
	src->name = col(c->st, 1);
	src->url = col(c->st, 2);
	src->posts = sqlite3_column_int64(c->st, 3);
	src->title = col(c->st, 4);

	buf_reset(&c->strings);
	c->nauthors = 0;
	/* Source 0: the posts whose sources were all removed. */
	if ((st = store_stmt(c->s, src->id ? sql_authors : sql_orphans, e)) == NULL)
		return -1;
	if (src->id != 0)
		sqlite3_bind_int64(st, 1, src->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (c->nauthors == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 16;
			c->authors = xreallocarray(c->authors, c->cap, sizeof *c->authors);
		}
		refs = xreallocarray(refs, c->cap, sizeof *refs);
		refs[c->nauthors].name = credits_keep(c, col(st, 0));
		refs[c->nauthors].handle = credits_keep(c, col(st, 1));
		refs[c->nauthors].url = credits_keep(c, col(st, 2));
		c->authors[c->nauthors].posts = sqlite3_column_int64(st, 3);
		c->nauthors++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(refs);
		return store_fail(c->s, e, "reading the authors");
	}
	for (size_t i = 0; i < c->nauthors; i++) {
		c->authors[i].name = refs[i].name ? c->strings.data + refs[i].name - 1 : NULL;
		c->authors[i].handle = refs[i].handle ? c->strings.data + refs[i].handle - 1 : NULL;
		c->authors[i].url = refs[i].url ? c->strings.data + refs[i].url - 1 : NULL;
	}
	free(refs);
	src->authors = c->authors;
	src->nauthors = c->nauthors;
	return 1;
}

int
store_story_counts(struct store *s, struct story_counts *c, struct err *e)
{
	static const char sql[] =
	    "SELECT count(*),"
	    " count(*) FILTER (WHERE i.kind = 'post'),"
	    " count(*) FILTER (WHERE i.kind = 'note'),"
	    " count(*) FILTER (WHERE i.kind = 'heading'),"
	    " count(DISTINCT " AUTHOR_KEY "),"
	    " (SELECT count(DISTINCT ps.source_id) FROM story_items j"
	    "  JOIN post_sources ps ON ps.post_id = j.post_id),"
	    " (SELECT count(*) FROM media m JOIN story_items j ON j.post_id = m.post_id),"
	    " min(p.published), max(p.published)"
	    " FROM story_items i LEFT JOIN posts p ON p.id = i.post_id";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	memset(c, 0, sizeof *c);
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_fail(s, e, "counting the story");
	}
	c->items = sqlite3_column_int64(st, 0);
	c->posts = sqlite3_column_int64(st, 1);
	c->notes = sqlite3_column_int64(st, 2);
	c->headings = sqlite3_column_int64(st, 3);
	c->authors = sqlite3_column_int64(st, 4);
	c->sources = sqlite3_column_int64(st, 5);
	c->media = sqlite3_column_int64(st, 6);
	c->has_span = sqlite3_column_type(st, 7) != SQLITE_NULL;
	c->first = sqlite3_column_int64(st, 7);
	c->last = sqlite3_column_int64(st, 8);
	sqlite3_reset(st);
	return 0;
}
