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
	/* The current post's media and tags: copies, released on the next call. */
	struct story_media *media;
	size_t nmedia, media_cap;
	const char **tags;
	size_t ntags, tags_cap;
	struct buf strings; /* NUL-separated copies the two arrays point into */
	/* Read once at open, so the story's statement joins nothing but the
	 * posts (a lookup an item for each was a third of its cost): the
	 * sources by id, and which posts have media or a link card, by id. */
	struct cursor_source {
		int64_t id;
		char *name, *url;
	} * sources;
	size_t nsources;
	struct id_set {
		int64_t *v;
		size_t n;
	} with_media, with_card;
	/* The story posts' tags, read at open beside the story's post ids in
	 * post id order (cursor_load_posts; a lookup an item in story order
	 * was a twentieth of a render): each post's, sorted and joined with
	 * U+001F (which a tag never holds), at an offset of tag_text. */
	struct post_tag_list {
		int64_t post_id;
		size_t off;
	} * tag_lists;
	size_t ntag_lists;
	struct buf tag_text;
	/* The avatars looked up in images, by URL (an author's recurs), and
	 * their blobs by the URL's number (NULL: not archived). */
	struct str_index avatars;
	char **avatar_sha256;
	size_t avatars_cap;
};

static int
id_set_has(const struct id_set *set, int64_t id)
{
	size_t lo = store_id_lower_bound(set->v, set->n, sizeof *set->v, id);

	return lo < set->n && set->v[lo] == id;
}

static void
id_set_add(struct id_set *set, size_t *cap, int64_t id)
{
	if (set->n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		set->v = xreallocarray(set->v, *cap, sizeof *set->v);
	}
	set->v[set->n++] = id;
}

/*
 * A statement's rows in post id order (column 0), read beside the story's
 * post ids: stepped to the next story post while it is near, sought
 * again (?1: the first post id wanted) when it is far, so a small story
 * in a large project reads only its own posts' rows, and a large one
 * reads the table once.
 */
struct gallop {
	sqlite3_stmt *st;
	int rc; /* 0 before the first seek */
};

#define GALLOP_NEAR 32 /* post ids: further than this, seek */

/* 1 when the statement's current row is post id's. */
static int
gallop_to(struct gallop *g, int64_t id)
{
	while (g->rc == 0 || (g->rc == SQLITE_ROW && sqlite3_column_int64(g->st, 0) < id)) {
		if (g->rc == 0 || id - sqlite3_column_int64(g->st, 0) > GALLOP_NEAR) {
			sqlite3_reset(g->st);
			sqlite3_bind_int64(g->st, 1, id);
		}
		g->rc = sqlite3_step(g->st);
	}
	return g->rc == SQLITE_ROW && sqlite3_column_int64(g->st, 0) == id;
}

/* Which story posts have media or a card, and their tags (see tag_lists). */
static int
cursor_load_posts(struct story_cursor *c, struct err *e)
{
	static const char sql_placed[] =
	    "SELECT post_id FROM story_items WHERE post_id IS NOT NULL ORDER BY post_id";
	static const char sql_media[] =
	    "SELECT DISTINCT post_id FROM media WHERE post_id >= ?1 ORDER BY post_id";
	static const char sql_cards[] =
	    "SELECT post_id FROM post_cards WHERE post_id >= ?1 ORDER BY post_id";
	static const char sql_tags[] =
	    "SELECT post_id, tag FROM post_tags WHERE post_id >= ?1 ORDER BY post_id, tag";
	struct gallop media = {NULL, 0}, cards = {NULL, 0}, tags = {NULL, 0};
	size_t media_cap = 0, cards_cap = 0, tags_cap = 0;
	sqlite3_stmt *placed;
	int rc, r = -1;

	if ((placed = store_stmt(c->s, sql_placed, e)) == NULL ||
	    (media.st = store_stmt(c->s, sql_media, e)) == NULL ||
	    (cards.st = store_stmt(c->s, sql_cards, e)) == NULL ||
	    (tags.st = store_stmt(c->s, sql_tags, e)) == NULL)
		goto out;
	while ((rc = sqlite3_step(placed)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(placed, 0);

		if (gallop_to(&media, id))
			id_set_add(&c->with_media, &media_cap, id);
		if (gallop_to(&cards, id))
			id_set_add(&c->with_card, &cards_cap, id);
		if (!gallop_to(&tags, id))
			continue;
		if (c->ntag_lists == tags_cap) {
			tags_cap = tags_cap ? tags_cap * 2 : 256;
			c->tag_lists = xreallocarray(c->tag_lists, tags_cap, sizeof *c->tag_lists);
		}
		c->tag_lists[c->ntag_lists].post_id = id;
		c->tag_lists[c->ntag_lists++].off = c->tag_text.len;
		do {
			if (c->tag_text.len > c->tag_lists[c->ntag_lists - 1].off)
				buf_addc(&c->tag_text, '\x1f');
			buf_adds(&c->tag_text, col_str(tags.st, 1));
			tags.rc = sqlite3_step(tags.st);
		} while (tags.rc == SQLITE_ROW && sqlite3_column_int64(tags.st, 0) == id);
		buf_addc(&c->tag_text, '\0');
	}
	if (rc != SQLITE_DONE ||
	    (media.rc != 0 && media.rc != SQLITE_ROW && media.rc != SQLITE_DONE) ||
	    (cards.rc != 0 && cards.rc != SQLITE_ROW && cards.rc != SQLITE_DONE) ||
	    (tags.rc != 0 && tags.rc != SQLITE_ROW && tags.rc != SQLITE_DONE)) {
		store_fail(c->s, e, "reading the story's posts");
		goto out;
	}
	r = 0;
out:
	/* (store_stmt hands out each statement once: four here, all reset.) */
	if (placed != NULL)
		sqlite3_reset(placed);
	if (media.st != NULL)
		sqlite3_reset(media.st);
	if (cards.st != NULL)
		sqlite3_reset(cards.st);
	if (tags.st != NULL)
		sqlite3_reset(tags.st);
	return r;
}

/* The sources, and which posts have media or a card. */
static int
cursor_load(struct story_cursor *c, struct err *e)
{
	static const char sql_sources[] = "SELECT id, name, url FROM sources ORDER BY id";
	sqlite3_stmt *st = store_stmt(c->s, sql_sources, e);
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (c->nsources == cap) {
			cap = cap ? cap * 2 : 8;
			c->sources = xreallocarray(c->sources, cap, sizeof *c->sources);
		}
		c->sources[c->nsources].id = sqlite3_column_int64(st, 0);
		c->sources[c->nsources].name = store_column_text(st, 1);
		c->sources[c->nsources].url = store_column_text(st, 2);
		c->nsources++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(c->s, e, "reading the sources");
	return cursor_load_posts(c, e);
}

static const struct cursor_source *
cursor_source(const struct story_cursor *c, int64_t id)
{
	size_t lo = store_id_lower_bound(c->sources, c->nsources, sizeof *c->sources, id);

	return lo < c->nsources && c->sources[lo].id == id ? &c->sources[lo] : NULL;
}

/* The archived blob of the avatar at url, or NULL (*out). */
static int
avatar_sha256(struct story_cursor *c, const char *url, const char **out, struct err *e)
{
	static const char sql[] = "SELECT sha256 FROM images WHERE url = ?1";
	const struct str_slot *known;
	struct str_slot *slot;
	sqlite3_stmt *st;
	int rc, added;

	*out = NULL;
	if (url == NULL)
		return 0;
	if ((known = str_index_find(&c->avatars, url)) != NULL) {
		*out = c->avatar_sha256[known->index];
		return 0;
	}
	if ((st = store_stmt(c->s, sql, e)) == NULL)
		return -1;
	store_bind_static(st, 1, url);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_reset(st);
		return store_fail(c->s, e, "reading the archived avatars");
	}
	slot = str_index_get(&c->avatars, url, &added);
	if (slot->index == c->avatars_cap) {
		c->avatars_cap = c->avatars_cap ? c->avatars_cap * 2 : 64;
		c->avatar_sha256 =
		    xreallocarray(c->avatar_sha256, c->avatars_cap, sizeof *c->avatar_sha256);
	}
	c->avatar_sha256[slot->index] = rc == SQLITE_ROW ? store_column_text(st, 0) : NULL;
	sqlite3_reset(st);
	*out = c->avatar_sha256[slot->index];
	return 0;
}

/* The post's link card, when it has one that was read: its strings are
 * the statement's until the next call. */
static int
post_card(struct story_cursor *c, struct story_post *p, struct err *e)
{
	static const char sql[] =
	    "SELECT card.url, card.title, card.description, card.site_name, card.image_url,"
	    " (SELECT im.sha256 FROM images im WHERE im.url = card.image_url)"
	    " FROM post_cards pc JOIN cards card ON card.url = pc.url AND card.status = 'read'"
	    " WHERE pc.post_id = ?1";
	sqlite3_stmt *st;
	int rc;

	if (!id_set_has(&c->with_card, p->id))
		return 0;
	if ((st = store_stmt(c->s, sql, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, p->id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		p->card.url = col(st, 0);
		p->card.title = col(st, 1);
		p->card.description = col(st, 2);
		p->card.site_name = col(st, 3);
		p->card.image_url = col(st, 4);
		p->card.image_sha256 = col(st, 5);
		return 0; /* the row stays until the statement is next used */
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(c->s, e, "reading a post's link card");
	return 0;
}

int
store_story_open(
    struct store *s, enum story_filter filter, struct story_cursor **out, struct err *e)
{
	static const char sql_all[] =
	    "SELECT i.id, i.kind, i.position, i.body, i.level, p.id, p.guid, p.permalink,"
	    " p.author_name, p.author_handle, p.author_url, p.author_avatar, p.published, p.updated,"
	    " p.title, CASE WHEN p.safe_html IS NULL THEN p.content_html END, p.content_text,"
	    " p.language, p.content_warning, p.sensitive, p.source_id,"
	    /* the stored safe HTML; the untrusted one only when there is none */
	    " p.safe_html"
	    " FROM story_items i LEFT JOIN posts p ON p.id = i.post_id ORDER BY i.position";
	/* The table's rows read in a scan and the headings sorted (+: not
	 * through the position index, which visits every item's row). */
	static const char sql_headings[] =
	    "SELECT i.id, i.kind, i.position, i.body, i.level"
	    " FROM story_items i WHERE i.kind = 'heading' ORDER BY +i.position";
	const char *sql = filter == STORY_HEADINGS ? sql_headings : sql_all;
	struct story_cursor *c = xcalloc(1, sizeof *c);

	c->s = s;
	buf_init(&c->strings, BUF_NOLIMIT);
	buf_init(&c->tag_text, BUF_NOLIMIT);
	if (filter == STORY_ALL && cursor_load(c, e) == -1) {
		store_story_close(c);
		return -1;
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &c->st, NULL) !=
	    SQLITE_OK) {
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
}

void
store_story_close(struct story_cursor *c)
{
	if (c == NULL)
		return;
	sqlite3_finalize(c->st);
	free(c->tag_lists);
	buf_release(&c->tag_text);
	free(c->media);
	free(c->tags);
	buf_release(&c->strings);
	for (size_t i = 0; i < c->nsources; i++) {
		free(c->sources[i].name);
		free(c->sources[i].url);
	}
	free(c->sources);
	free(c->with_media.v);
	free(c->with_card.v);
	for (size_t i = 0; i < c->avatars.n; i++)
		free(c->avatar_sha256[i]);
	free(c->avatar_sha256);
	str_index_free(&c->avatars);
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

/* The tags of post id, joined with U+001F, or NULL when it has none. */
static const char *
item_tags(const struct story_cursor *c, int64_t id)
{
	size_t lo = store_id_lower_bound(c->tag_lists, c->ntag_lists, sizeof *c->tag_lists, id);

	if (lo < c->ntag_lists && c->tag_lists[lo].post_id == id)
		return c->tag_text.data + c->tag_lists[lo].off;
	return NULL;
}

int
store_story_next(struct story_cursor *c, struct story_item *it, struct err *e)
{
	sqlite3_stmt *st = c->st;
	const struct cursor_source *src;
	const char *kind;
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
	p->safe_html = col(st, 21);
	if ((src = cursor_source(c, p->source_id)) != NULL) {
		p->source_name = src->name;
		p->source_url = src->url;
	}
	if (avatar_sha256(c, p->author_avatar, &p->avatar_sha256, e) == -1 ||
	    post_card(c, p, e) == -1 ||
	    load_attachments(c, p, id_set_has(&c->with_media, p->id), item_tags(c, p->id), e) == -1)
		return -1;
	return 1;
}
