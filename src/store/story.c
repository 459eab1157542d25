/*
 * story.c - SQL for the story's items and for finding posts: listing with
 * filters and FTS5 search, hiding, placing. Every statement is a cached,
 * bound one (store_stmt); order keys come from src/curate/orderkey.c and
 * are only stored and compared here.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "datetime.h"
#include "internal.h"
#include "search.h"
#include "store_story.h"

/* A post's brief columns, from posts p and (for the placed mark) story_items. */
#define POST_COLS                                                                                  \
	"p.id, p.permalink, p.author_name, p.author_handle, p.published, p.title,"                 \
	" p.content_text,"                                                                         \
	" coalesce((SELECT group_concat(tag, ' ') FROM (SELECT tag FROM post_tags"                 \
	"  WHERE post_id = p.id ORDER BY tag)), ''),"                                              \
	" p.hidden, (SELECT id FROM story_items WHERE post_id = p.id), p.source_id,"               \
	" (SELECT count(*) FROM media WHERE post_id = p.id),"                                      \
	" p.sensitive OR coalesce(p.content_warning, '') <> ''"
#define POST_NCOLS 13

const char *
story_kind_name(enum story_kind k)
{
	switch (k) {
	case STORY_POST:
		return "post";
	case STORY_NOTE:
		return "note";
	case STORY_HEADING:
		return "heading";
	}
	return "?";
}

static enum story_kind
kind_from_text(const unsigned char *t)
{
	if (t && strcmp((const char *)t, "note") == 0)
		return STORY_NOTE;
	if (t && strcmp((const char *)t, "heading") == 0)
		return STORY_HEADING;
	return STORY_POST;
}

const char *
post_brief_author(const struct post_brief *p)
{
	if (!str_empty(p->author_handle))
		return p->author_handle;
	if (!str_empty(p->author_name))
		return p->author_name;
	return "-";
}

int
post_brief_is_reply(const struct post_brief *p)
{
	const char *t = p->text ? p->text : "";

	while (*t == ' ' || *t == '\n' || *t == '\t')
		t++;
	return t[0] == '@' && t[1] != '\0' && t[1] != ' ';
}

void
post_brief_release(struct post_brief *p)
{
	free(p->url);
	free(p->author_name);
	free(p->author_handle);
	free(p->title);
	free(p->text);
	free(p->tags);
	memset(p, 0, sizeof *p);
}

static void
read_post(sqlite3_stmt *st, int c, struct post_brief *p)
{
	p->id = sqlite3_column_int64(st, c);
	p->url = store_column_text(st, c + 1);
	p->author_name = store_column_text(st, c + 2);
	p->author_handle = store_column_text(st, c + 3);
	p->has_published = sqlite3_column_type(st, c + 4) != SQLITE_NULL;
	p->published = sqlite3_column_int64(st, c + 4);
	p->title = store_column_text(st, c + 5);
	p->text = store_column_text(st, c + 6);
	p->tags = store_column_text(st, c + 7);
	p->hidden = sqlite3_column_int(st, c + 8) != 0;
	p->item_id = sqlite3_column_int64(st, c + 9);
	p->source_id = sqlite3_column_int64(st, c + 10);
	p->nmedia = sqlite3_column_int(st, c + 11);
	p->cw = sqlite3_column_int(st, c + 12) != 0;
	if (p->text == NULL)
		p->text = xstrdup("");
	if (p->tags == NULL)
		p->tags = xstrdup("");
}

#define ITEM_COLS "i.id, i.kind, i.post_id, i.body, i.level, i.position, i.created_at, i.updated_at"
#define ITEM_NCOLS 8

static void
read_item(sqlite3_stmt *st, struct story_item *it)
{
	memset(it, 0, sizeof *it);
	it->id = sqlite3_column_int64(st, 0);
	it->kind = kind_from_text(sqlite3_column_text(st, 1));
	it->post_id = sqlite3_column_int64(st, 2);
	it->body = store_column_text(st, 3);
	it->level = sqlite3_column_int(st, 4);
	it->position = store_column_text(st, 5);
	it->created_at = sqlite3_column_int64(st, 6);
	it->updated_at = sqlite3_column_int64(st, 7);
}

void
story_item_release(struct story_item *it)
{
	free(it->body);
	free(it->position);
	post_brief_release(&it->post);
	memset(it, 0, sizeof *it);
}

void
story_release(struct story *st)
{
	for (size_t i = 0; i < st->n; i++)
		story_item_release(&st->items[i]);
	free(st->items);
	st->items = NULL;
	st->n = 0;
}

int
store_story_load(struct store *s, int with_posts, struct story *out, struct err *e)
{
	static const char plain[] = "SELECT " ITEM_COLS " FROM story_items i ORDER BY i.position";
	static const char joined[] = "SELECT " ITEM_COLS ", " POST_COLS
	                             " FROM story_items i LEFT JOIN posts p ON p.id = i.post_id"
	                             " ORDER BY i.position";
	sqlite3_stmt *st = store_stmt(s, with_posts ? joined : plain, e);
	size_t cap = 0;
	int rc;

	out->items = NULL;
	out->n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct story_item *it;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->items = xreallocarray(out->items, cap, sizeof *out->items);
		}
		it = &out->items[out->n++];
		read_item(st, it);
		if (with_posts && it->kind == STORY_POST)
			read_post(st, ITEM_NCOLS, &it->post);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		story_release(out);
		return store_fail(s, e, "reading the story");
	}
	return 0;
}

int
store_item_get(struct store *s, int64_t id, struct story_item *out, struct err *e)
{
	static const char sql[] = "SELECT " ITEM_COLS " FROM story_items i WHERE i.id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_item(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "item %lld does not exist (see 'storied show')",
		    (long long)id);
	if (rc != SQLITE_ROW)
		return store_fail(s, e, "reading an item");
	return 0;
}

static int
one_key(struct store *s, sqlite3_stmt *st, char **out, struct err *e)
{
	int rc = sqlite3_step(st);

	*out = rc == SQLITE_ROW ? store_column_text(st, 0) : NULL;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, e, "reading the story order");
	return 0;
}

/* max()/min() over the unique index are one index probe each. */
int
store_key_before(struct store *s, const char *key, int64_t except, char **out, struct err *e)
{
	static const char below[] = "SELECT max(position) FROM story_items"
	                            " WHERE position < ?1 AND id IS NOT ?2";
	static const char last[] = "SELECT max(position) FROM story_items WHERE id IS NOT ?2";
	sqlite3_stmt *st = store_stmt(s, key ? below : last, e);

	if (st == NULL)
		return -1;
	if (key)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (except)
		sqlite3_bind_int64(st, 2, except);
	return one_key(s, st, out, e);
}

int
store_key_after(struct store *s, const char *key, int64_t except, char **out, struct err *e)
{
	static const char above[] = "SELECT min(position) FROM story_items"
	                            " WHERE position > ?1 AND id IS NOT ?2";
	static const char first[] = "SELECT min(position) FROM story_items WHERE id IS NOT ?2";
	sqlite3_stmt *st = store_stmt(s, key ? above : first, e);

	if (st == NULL)
		return -1;
	if (key)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (except)
		sqlite3_bind_int64(st, 2, except);
	return one_key(s, st, out, e);
}

int
store_item_insert(struct store *s, enum story_kind kind, int64_t post_id, const char *body,
    int level, const char *position, int64_t *id, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO story_items (kind, post_id, body, level, position, created_at, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, story_kind_name(kind), -1, SQLITE_STATIC);
	if (kind == STORY_POST)
		sqlite3_bind_int64(st, 2, post_id);
	store_bind_text(st, 3, body);
	if (kind == STORY_HEADING)
		sqlite3_bind_int(st, 4, level);
	sqlite3_bind_text(st, 5, position, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, time_now());
	if (store_step_done(s, st, e, "adding to the story") == -1)
		return -1;
	if (id)
		*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int
changed_one(struct store *s, int64_t id, struct err *e)
{
	if (sqlite3_changes(s->db) == 0)
		return err_set(e, ERR_NOTFOUND, "item %lld does not exist (see 'storied show')",
		    (long long)id);
	return 0;
}

int
store_item_set_position(struct store *s, int64_t id, const char *position, struct err *e)
{
	static const char sql[] =
	    "UPDATE story_items SET position = ?2, updated_at = ?3 WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, position, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, time_now());
	if (store_step_done(s, st, e, "moving an item") == -1)
		return -1;
	return changed_one(s, id, e);
}

int
store_item_set_body(struct store *s, int64_t id, const char *body, struct err *e)
{
	static const char sql[] = "UPDATE story_items SET body = ?2, updated_at = ?3 WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, body);
	sqlite3_bind_int64(st, 3, time_now());
	if (store_step_done(s, st, e, "changing an item") == -1)
		return -1;
	return changed_one(s, id, e);
}

int
store_item_set_level(struct store *s, int64_t id, int level, struct err *e)
{
	static const char sql[] =
	    "UPDATE story_items SET level = ?2, updated_at = ?3 WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, level);
	sqlite3_bind_int64(st, 3, time_now());
	if (store_step_done(s, st, e, "changing a heading") == -1)
		return -1;
	return changed_one(s, id, e);
}

int
store_item_delete(struct store *s, int64_t id, struct err *e)
{
	static const char sql[] = "DELETE FROM story_items WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (store_step_done(s, st, e, "removing an item") == -1)
		return -1;
	return changed_one(s, id, e);
}

int
store_post_brief(struct store *s, int64_t id, struct post_brief *out, struct err *e)
{
	static const char sql[] = "SELECT " POST_COLS " FROM posts p WHERE p.id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_post(st, 0, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "post %lld does not exist (see 'storied posts')",
		    (long long)id);
	if (rc != SQLITE_ROW)
		return store_fail(s, e, "reading a post");
	return 0;
}

static void
push2(char ***a, char ***b, size_t *n, char *x, char *y)
{
	*a = xreallocarray(*a, *n + 1, sizeof **a);
	*b = xreallocarray(*b, *n + 1, sizeof **b);
	(*a)[*n] = x;
	(*b)[(*n)++] = y;
}

int
store_post_more(struct store *s, int64_t id, struct post_more *out, struct err *e)
{
	static const char q1[] =
	    "SELECT author_url, language, content_warning FROM posts WHERE id = ?1";
	static const char q2[] =
	    "SELECT url, coalesce(alt, '') FROM media WHERE post_id = ?1 ORDER BY position";
	static const char q3[] =
	    "SELECT s.name, s.url FROM post_sources ps JOIN sources s ON s.id = ps.source_id"
	    " WHERE ps.post_id = ?1 ORDER BY s.id";
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if ((st = store_stmt(s, q1, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->author_url = store_column_text(st, 0);
		out->language = store_column_text(st, 1);
		out->content_warning = store_column_text(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, e, "reading a post");
	if ((st = store_stmt(s, q2, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		push2(&out->media_url, &out->media_alt, &out->nmedia, store_column_text(st, 0),
		    store_column_text(st, 1));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "reading a post's media");
	if ((st = store_stmt(s, q3, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		push2(&out->source_name, &out->source_url, &out->nsources, store_column_text(st, 0),
		    store_column_text(st, 1));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, "reading a post's sources");
	return 0;
}

void
post_more_release(struct post_more *m)
{
	free(m->author_url);
	free(m->language);
	free(m->content_warning);
	for (size_t i = 0; i < m->nmedia; i++) {
		free(m->media_url[i]);
		free(m->media_alt[i]);
	}
	for (size_t i = 0; i < m->nsources; i++) {
		free(m->source_name[i]);
		free(m->source_url[i]);
	}
	free(m->media_url);
	free(m->media_alt);
	free(m->source_name);
	free(m->source_url);
	memset(m, 0, sizeof *m);
}

int
store_post_exists(struct store *s, int64_t id, int *exists, struct err *e)
{
	static const char sql[] = "SELECT 1 FROM posts WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, e, "reading a post");
	*exists = rc == SQLITE_ROW;
	return 0;
}

int
store_post_set_hidden(struct store *s, int64_t id, int hidden, int *changed, struct err *e)
{
	static const char sql[] = "UPDATE posts SET hidden = ?2 WHERE id = ?1 AND hidden IS NOT ?2";
	sqlite3_stmt *st;
	int exists;

	if (store_post_exists(s, id, &exists, e) == -1)
		return -1;
	if (!exists)
		return err_set(e, ERR_NOTFOUND,
		    "post %lld does not exist (see 'storied posts --all')", (long long)id);
	if ((st = store_stmt(s, sql, e)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, hidden ? 1 : 0);
	if (store_step_done(s, st, e, "hiding a post") == -1)
		return -1;
	*changed = sqlite3_changes(s->db) > 0;
	return 0;
}

/* The post ids sql reads (one column), in *ids (*n of them; caller frees). */
static int
post_ids(
    struct store *s, const char *sql, const char *what, int64_t **ids, size_t *n, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			*ids = xreallocarray(*ids, cap, sizeof **ids);
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return store_fail(s, e, what);
	}
	return 0;
}

int
store_posts_unplaced(struct store *s, int64_t **ids, size_t *n, struct err *e)
{
	return post_ids(s,
	    "SELECT p.id FROM posts p WHERE NOT p.hidden"
	    " AND NOT EXISTS (SELECT 1 FROM story_items i WHERE i.post_id = p.id)"
	    " ORDER BY p.published IS NULL, p.published, p.id",
	    "listing unplaced posts", ids, n, e);
}

int
store_story_hidden(struct store *s, int64_t **ids, size_t *n, struct err *e)
{
	return post_ids(s,
	    "SELECT p.id FROM posts p WHERE p.hidden"
	    " AND EXISTS (SELECT 1 FROM story_items i WHERE i.post_id = p.id)"
	    " ORDER BY p.id",
	    "listing the hidden posts in the story", ids, n, e);
}

/*
 * @user (j.value: lowercased, no '@') is the author when the handle is
 * @user, @user@server or @user.domain (Bluesky), or when the author's
 * name holds the word.
 */
#define AUTHOR_IS                                                                                  \
	"(ltrim(lower(coalesce(p.author_handle, '')), '@') = j.value"                              \
	" OR substr(ltrim(lower(coalesce(p.author_handle, '')), '@'), 1, length(j.value) + 1)"     \
	"    IN (j.value || '@', j.value || '.')"                                                  \
	" OR instr(' ' || lower(coalesce(p.author_name, '')) || ' ', ' ' || j.value || ' ') > 0)"

/* A search list as a JSON array for json_each(), or NULL when empty. */
static char *
list_json(const struct search_list *l)
{
	json_t *a;
	char *out;

	if (l->n == 0)
		return NULL;
	a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	if ((out = json_dumps(a, JSON_COMPACT)) == NULL)
		fatal("out of memory");
	json_decref(a);
	return out;
}

/*
 * The listing is built from the filters given, so that SQLite plans each
 * combination on its own: a condition that is off is not in the text at
 * all (an "?N IS NULL OR ..." term would hide the indexes from the
 * planner). Two statements give the order "dated posts by (published, id),
 * then undated ones by id": each walks the index posts_published (whose
 * entries are (published, rowid)) in order and stops at the page's end,
 * where one ORDER BY over "published IS NULL" would sort every post.
 */
#define MATCH_SQL "(SELECT rowid FROM posts_fts WHERE posts_fts MATCH :match)"

/* A search matching at least this many posts is walked in time order. */
#define DENSE_MATCHES 2000

struct list_sql {
	struct buf where; /* " AND cond" ... */
	int dense;        /* a common search: walk the time index, test each post */
};

static void
cond(struct list_sql *l, const char *sql)
{
	buf_adds(&l->where, " AND ");
	buf_adds(&l->where, sql);
}

static void
bind_named_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		store_bind_text(st, i, v);
}

static void
bind_named_int64(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_int64(st, i, v);
}

struct list_binds {
	const struct post_filter *f;
	const struct search_query *q;
	char *json[4]; /* tags, not_tags, authors, not_authors */
};

static void
bind_filters(sqlite3_stmt *st, const struct list_binds *b)
{
	static const char *const lists[4] = {":tags", ":not_tags", ":authors", ":not_authors"};
	const struct post_filter *f = b->f;

	bind_named_text(st, ":match", b->q->match);
	bind_named_text(st, ":exclude", b->q->exclude);
	for (int i = 0; i < 4; i++)
		bind_named_text(st, lists[i], b->json[i]);
	bind_named_text(st, ":literal", b->q->literal);
	bind_named_text(st, ":author", f->author);
	bind_named_int64(st, ":since", f->since);
	bind_named_int64(st, ":until", f->until);
	bind_named_text(st, ":tag", f->tag);
	bind_named_int64(st, ":hidden", f->hidden == POSTS_HIDDEN);
	bind_named_int64(st, ":source", f->source);
	bind_named_int64(st, ":after_published", f->after.published);
	bind_named_int64(st, ":after_id", f->after.id);
}

void
store_matched_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct store *s = sqlite3_user_data(ctx);
	int64_t id = sqlite3_value_int64(argv[0]);
	size_t lo = 0, hi = s->matched.n;

	(void)argc;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->matched.v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	sqlite3_result_int(ctx, lo < s->matched.n && s->matched.v[lo] == id);
}

/*
 * Read the search's matches, in id order, into s->matched when there are
 * at least DENSE_MATCHES of them (*dense = 1): a listing then walks the
 * time index and keeps the posts storied_matched() finds, stopping at the
 * page's end. Fewer matches are left to SQL, which sorts them by time.
 * SQLite's own "IN (SELECT ...)" would build a B-tree of every match, a
 * tenfold cost for a word most posts hold.
 */
static int
search_matches(struct store *s, const char *match, int *dense, struct err *e)
{
	static const char sql[] = "SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?1"
	                          " ORDER BY rowid";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	size_t cap = 0;
	int rc;

	*dense = 0;
	s->matched.n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (s->matched.n == cap) {
			cap = cap ? cap * 2 : DENSE_MATCHES;
			s->matched.v = xreallocarray(s->matched.v, cap, sizeof *s->matched.v);
		}
		s->matched.v[s->matched.n++] = sqlite3_column_int64(st, 0);
		if (s->matched.n == DENSE_MATCHES)
			*dense = 1;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st); /* match is the caller's */
	if (rc != SQLITE_DONE) {
		s->matched.n = 0;
		return store_fail(s, e, "searching posts");
	}
	if (!*dense)
		s->matched.n = 0;
	return 0;
}

static void
list_where(struct list_sql *l, const struct post_filter *f, const struct list_binds *b)
{
	const struct search_query *q = b->q;

	buf_init(&l->where, BUF_NOLIMIT);
	if (q->match)
		/* Dense: the time index drives the walk, each post looked up in
		 * s->matched. Sparse: the few matches drive and are sorted. */
		cond(l, l->dense ? "storied_matched(p.id)" : "p.id IN " MATCH_SQL);
	if (q->exclude)
		cond(l, "p.id NOT IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH :exclude)");
	if (b->json[0])
		cond(l,
		    "NOT EXISTS (SELECT 1 FROM json_each(:tags) j WHERE NOT EXISTS"
		    " (SELECT 1 FROM post_tags t WHERE t.post_id = p.id AND t.tag = j.value))");
	if (b->json[1])
		cond(l,
		    "NOT EXISTS (SELECT 1 FROM post_tags t WHERE t.post_id = p.id"
		    " AND t.tag IN (SELECT value FROM json_each(:not_tags)))");
	if (b->json[2])
		cond(l, "NOT EXISTS (SELECT 1 FROM json_each(:authors) j WHERE NOT " AUTHOR_IS ")");
	if (b->json[3])
		cond(l, "NOT EXISTS (SELECT 1 FROM json_each(:not_authors) j WHERE " AUTHOR_IS ")");
	if (q->literal)
		cond(l,
		    "instr(lower(coalesce(p.title, '') || ' ' || coalesce(p.content_text, '')"
		    " || ' ' || coalesce(p.author_name, '') || ' ' || coalesce(p.author_handle, '')),"
		    " :literal) > 0");
	if (f->unplaced)
		cond(l, "NOT EXISTS (SELECT 1 FROM story_items i WHERE i.post_id = p.id)");
	if (f->author)
		cond(l,
		    "instr(lower(coalesce(p.author_handle, '') || ' ' ||"
		    " coalesce(p.author_name, '')), lower(:author)) > 0");
	if (f->has_since)
		cond(l, "p.published >= :since");
	if (f->has_until)
		cond(l, "p.published < :until");
	if (f->tag)
		cond(l,
		    "EXISTS (SELECT 1 FROM post_tags t WHERE t.post_id = p.id AND t.tag = :tag)");
	if (f->hidden != POSTS_ALL)
		cond(l, "p.hidden = :hidden");
	if (f->source)
		cond(l,
		    "(p.source_id = :source OR EXISTS (SELECT 1 FROM post_sources ps"
		    " WHERE ps.post_id = p.id AND ps.source_id = :source))");
	if (f->with_media)
		cond(l, "EXISTS (SELECT 1 FROM media m WHERE m.post_id = p.id)");
}

/*
 * Run one of the two parts: dated (1) or undated (0) posts. *rows counts
 * the rows read, *stop is set when fn asked to stop.
 */
static int
list_part(struct store *s, const struct list_sql *l, const struct list_binds *b, int dated,
    int64_t limit, int64_t offset, post_visit_fn fn, void *arg, int64_t *rows, int *stop,
    struct err *e)
{
	const struct post_filter *f = b->f;
	const char *dir = f->reverse ? " DESC" : "";
	struct buf sql;
	sqlite3_stmt *st = NULL;
	int rc = SQLITE_DONE;

	buf_init(&sql, BUF_NOLIMIT);
	buf_adds(&sql, "SELECT " POST_COLS " FROM posts p");
	if (l->dense)
		buf_adds(&sql, " INDEXED BY posts_published");
	buf_adds(&sql, dated ? " WHERE p.published IS NOT NULL" : " WHERE p.published IS NULL");
	buf_add(&sql, l->where.data, l->where.len);
	if (f->has_after && dated)
		buf_printf(&sql, " AND (p.published, p.id) %s (:after_published, :after_id)",
		    f->reverse ? "<" : ">");
	else if (f->has_after && !f->after.dated)
		buf_printf(&sql, " AND p.id %s :after_id", f->reverse ? "<" : ">");
	if (dated)
		buf_printf(&sql, " ORDER BY p.published%s, p.id%s", dir, dir);
	else
		buf_printf(&sql, " ORDER BY p.id%s", dir);
	buf_adds(&sql, " LIMIT :limit OFFSET :offset");
	*rows = 0;
	if (sqlite3_prepare_v2(s->db, sql.data, -1, &st, NULL) != SQLITE_OK) {
		buf_release(&sql);
		return store_fail(s, e, "preparing the post listing");
	}
	buf_release(&sql);
	bind_filters(st, b);
	bind_named_int64(st, ":limit", limit);
	bind_named_int64(st, ":offset", offset);
	while (!*stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct post_brief p;
		read_post(st, 0, &p);
		(*rows)++;
		*stop = fn(&p, arg);
		post_brief_release(&p);
	}
	if (!*stop && rc != SQLITE_DONE) {
		store_fail(s, e, "listing posts");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

/* How many dated posts pass the filters (to carry an offset past them). */
static int
list_count_dated(struct store *s, const struct list_sql *l, const struct list_binds *b, int64_t *n,
    struct err *e)
{
	struct buf sql;
	sqlite3_stmt *st = NULL;
	int rc;

	buf_init(&sql, BUF_NOLIMIT);
	buf_adds(&sql, "SELECT count(*) FROM posts p WHERE p.published IS NOT NULL");
	buf_add(&sql, l->where.data, l->where.len);
	rc = sqlite3_prepare_v2(s->db, sql.data, -1, &st, NULL);
	buf_release(&sql);
	if (rc != SQLITE_OK)
		return store_fail(s, e, "preparing the post listing");
	bind_filters(st, b);
	rc = sqlite3_step(st);
	*n = sqlite3_column_int64(st, 0);
	if (rc != SQLITE_ROW) {
		store_fail(s, e, "counting posts");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

int
store_posts_list(
    struct store *s, const struct post_filter *f, post_visit_fn fn, void *arg, struct err *e)
{
	struct list_binds b = {f, NULL, {NULL, NULL, NULL, NULL}};
	struct list_sql l = {{0}, 0};
	struct search_query q;
	int64_t limit = f->limit > 0 ? f->limit : -1, offset = f->offset > 0 ? f->offset : 0;
	int64_t rows = 0, dated_rows = 0;
	int stop = 0, ret = -1;

	search_parse(f->search, &q);
	b.q = &q;
	if (f->search) {
		b.json[0] = list_json(&q.tags);
		b.json[1] = list_json(&q.not_tags);
		b.json[2] = list_json(&q.authors);
		b.json[3] = list_json(&q.not_authors);
	}
	if (q.match && search_matches(s, q.match, &l.dense, e) == -1)
		goto out_noclean;
	list_where(&l, f, &b);
	/* Oldest first: the dated posts, then the undated; newest first too. */
	if (!(f->has_after && !f->after.dated)) {
		if (list_part(s, &l, &b, 1, limit, offset, fn, arg, &dated_rows, &stop, e) == -1)
			goto out;
		if (limit > 0)
			limit -= dated_rows;
		if (dated_rows > 0)
			offset = 0;
		else if (offset > 0) {
			int64_t n = 0;
			if (list_count_dated(s, &l, &b, &n, e) == -1)
				goto out;
			offset = offset > n ? offset - n : 0;
		}
	}
	if (!stop && limit != 0 &&
	    list_part(s, &l, &b, 0, limit, offset, fn, arg, &rows, &stop, e) == -1)
		goto out;
	ret = 0;
out:
	buf_release(&l.where);
out_noclean:
	free(s->matched.v);
	s->matched.v = NULL;
	s->matched.n = 0;
	for (int i = 0; i < 4; i++)
		free(b.json[i]);
	search_query_release(&q);
	return ret;
}

int
store_post_content(
    struct store *s, int64_t id, char **safe, char **html, char **base, struct err *e)
{
	static const char sql[] =
	    "SELECT safe_html, CASE WHEN safe_html IS NULL THEN content_html END,"
	    " CASE WHEN safe_html IS NULL THEN permalink END"
	    " FROM posts WHERE id = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	*safe = *html = *base = NULL;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*safe = store_column_text(st, 0);
		*html = store_column_text(st, 1);
		*base = store_column_text(st, 2);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND, "post %lld does not exist", (long long)id);
	if (rc != SQLITE_ROW)
		return store_fail(s, e, "reading a post");
	return 0;
}

int
store_data_version(struct store *s, int64_t *version, struct err *e)
{
	static const char sql[] = "PRAGMA data_version";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_fail(s, e, "reading the data version");
	}
	*version = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}
