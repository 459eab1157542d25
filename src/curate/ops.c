/*
 * ops.c - the curation actions themselves (add, move, remove, note,
 * heading, caption, text), shared by the commands and the editor's API so
 * that both change the story the same way. Each checks everything it can
 * before the first write; the caller holds the transaction and records it
 * in the history.
 */
#include <stdlib.h>
#include <string.h>

#include "curate.h"

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* An id given twice in ids (the smallest such), or 0 when each is once. */
static int64_t
repeated(const int64_t *ids, size_t n)
{
	int64_t *sorted = xreallocarray(NULL, n ? n : 1, sizeof *sorted), twice = 0;

	memcpy(sorted, ids, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_id);
	for (size_t i = 1; i < n && twice == 0; i++)
		if (sorted[i] == sorted[i - 1])
			twice = sorted[i];
	free(sorted);
	return twice;
}

int
curate_check_posts(struct store *s, const int64_t *posts, size_t n, struct err *e)
{
	int64_t twice = repeated(posts, n);
	struct post_brief p;

	if (twice)
		return err_set(e, ERR_FAIL,
		    "post %lld is given twice: a post is placed at most once", (long long)twice);
	for (size_t i = 0; i < n; i++) {
		if (store_post_brief(s, posts[i], &p, e) == -1)
			return -1;
		if (p.item_id) {
			err_set(e, ERR_FAIL,
			    "post %lld is already in the story as item %lld "
			    "(move it with 'storied move post:%lld ...')",
			    (long long)posts[i], (long long)p.item_id, (long long)posts[i]);
			post_brief_release(&p);
			return -1;
		}
		post_brief_release(&p);
	}
	return 0;
}

/* 'added item 7: post 14 by … at the end'. */
static void
said_added(
    struct store *s, struct buf *said, int64_t item, int64_t post, const struct curate_anchor *at)
{
	struct story_item it = {.id = item, .kind = STORY_POST, .post_id = post};

	curate_said_line(said);
	buf_adds(said, "added ");
	curate_describe(s, said, &it);
	curate_describe_place(said, at);
}

int
curate_add_posts(struct store *s, const int64_t *posts, size_t n, const struct curate_anchor *at,
    int64_t *items, struct buf *said, struct err *e)
{
	return curate_add_posts_headed(s, posts, NULL, n, at, items, said, e);
}

int
curate_add_posts_headed(struct store *s, const int64_t *posts, char *const *headings, size_t n,
    const struct curate_anchor *at, int64_t *items, struct buf *said, struct err *e)
{
	char **keys;
	int64_t first = 0, id = 0, hid;
	size_t i, k, nkeys = n;
	int r = -1;

	if (n == 0)
		return 0;
	for (i = 0; headings && i < n; i++)
		if (headings[i])
			nkeys++;
	keys = xcalloc(nkeys, sizeof *keys);
	if (curate_keys_at(s, at, 0, nkeys, keys, e) == -1)
		goto out;
	for (i = 0, k = 0; i < n; i++) {
		if (headings && headings[i] &&
		    store_item_insert(s, STORY_HEADING, 0, headings[i], 2, keys[k++], &hid, e) ==
		        -1)
			goto out;
		if (store_item_insert(s, STORY_POST, posts[i], NULL, 0, keys[k++], &id, e) == -1)
			goto out;
		if (i == 0)
			first = id;
		if (items)
			items[i] = id;
	}
	if (said && n == 1 && nkeys == 1) {
		said_added(s, said, id, posts[0], at);
	} else if (said) {
		curate_said_line(said);
		buf_printf(said, "added %zu post%s as items %lld to %lld", n, n == 1 ? "" : "s",
		    (long long)first, (long long)id);
		if (nkeys > n)
			buf_printf(
			    said, " under %zu heading%s", nkeys - n, nkeys - n == 1 ? "" : "s");
		curate_describe_place(said, at);
	}
	r = 0;
out:
	for (i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
	return r;
}

/* A placed post's time, for in-order placing. */
struct placed {
	int64_t item;
	int64_t published;
};

struct placed_list {
	struct placed *v;
	size_t n, cap;
};

static void
placed_push(struct placed_list *o, int64_t item, int64_t published)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->v = xreallocarray(o->v, o->cap, sizeof *o->v);
	}
	o->v[o->n].item = item;
	o->v[o->n++].published = published;
}

/*
 * Where a post published at t goes: after the latest placed post not
 * later than it (the last in story order among equals), so it lands before
 * a heading or note that follows that post; else before the earliest
 * placed post; else at the end.
 */
static struct curate_anchor
placed_anchor(const struct placed_list *o, int has, int64_t t)
{
	struct curate_anchor at = {CURATE_BOTTOM, 0};
	const struct placed *best = NULL, *first = NULL;

	if (!has)
		return at;
	for (size_t i = 0; i < o->n; i++) {
		const struct placed *p = &o->v[i];
		if (p->published <= t && (best == NULL || p->published >= best->published))
			best = p;
		if (first == NULL || p->published < first->published)
			first = p;
	}
	if (best) {
		at.where = CURATE_AFTER;
		at.item = best->item;
	} else if (first) {
		at.where = CURATE_BEFORE;
		at.item = first->item;
	}
	return at;
}

int
curate_add_in_order(struct store *s, const int64_t *posts, size_t n, int64_t *items,
    struct buf *said, struct err *e)
{
	struct placed_list o = {NULL, 0, 0};
	struct post_brief *p = xreallocarray(NULL, n ? n : 1, sizeof *p);
	size_t *order = xreallocarray(NULL, n ? n : 1, sizeof *order);
	struct story st;
	size_t i, loaded = 0;
	int r = -1;

	if (store_story_load(s, 1, &st, e) == -1)
		goto out;
	for (i = 0; i < st.n; i++)
		if (st.items[i].kind == STORY_POST && st.items[i].post.has_published)
			placed_push(&o, st.items[i].id, st.items[i].post.published);
	story_release(&st);
	for (i = 0; i < n; i++, loaded++) {
		if (store_post_brief(s, posts[i], &p[i], e) == -1)
			goto out;
		order[i] = i;
	}
	/* Oldest first (undated last, as given), so each finds the ones before it placed. */
	for (i = 0; i < n; i++) {
		size_t k = i, tmp;
		for (size_t j = i + 1; j < n; j++) {
			const struct post_brief *a = &p[order[j]], *b = &p[order[k]];
			if (a->has_published && (!b->has_published || a->published < b->published))
				k = j;
		}
		tmp = order[i];
		order[i] = order[k];
		order[k] = tmp;
	}
	for (i = 0; i < n; i++) {
		const struct post_brief *q = &p[order[i]];
		struct curate_anchor at = placed_anchor(&o, q->has_published, q->published);
		char *key = NULL;
		int64_t id;

		if (curate_keys_at(s, &at, 0, 1, &key, e) == -1 ||
		    store_item_insert(s, STORY_POST, q->id, NULL, 0, key, &id, e) == -1) {
			free(key);
			goto out;
		}
		free(key);
		if (items)
			items[order[i]] = id;
		if (q->has_published)
			placed_push(&o, id, q->published);
		if (said && n == 1)
			said_added(s, said, id, q->id, &at);
	}
	if (said && n > 1) {
		curate_said_line(said);
		buf_printf(said, "added %zu posts, each by its time among the placed posts", n);
	}
	r = 0;
out:
	for (i = 0; i < loaded; i++)
		post_brief_release(&p[i]);
	free(p);
	free(order);
	free(o.v);
	return r;
}

int
curate_move(
    struct store *s, int64_t item, const struct curate_anchor *at, struct buf *said, struct err *e)
{
	struct story_item it;
	char *key = NULL;
	int r = -1;

	if (store_item_get(s, item, &it, e) == -1)
		return -1;
	if (curate_keys_at(s, at, item, 1, &key, e) == -1)
		goto out;
	if ((r = store_item_set_position(s, item, key, e)) == 0 && said) {
		curate_said_line(said);
		buf_adds(said, "moved ");
		curate_describe(s, said, &it);
		curate_describe_place(said, at);
	}
out:
	free(key);
	story_item_release(&it);
	return r;
}

int
curate_remove(struct store *s, const int64_t *items, size_t n, struct buf *said, struct err *e)
{
	struct story_item it;
	int64_t twice = repeated(items, n);

	/* Named twice would fail as "not found" on the second: say what is wrong. */
	if (twice)
		return err_set(e, ERR_USAGE, "item %lld is named twice", (long long)twice);
	for (size_t i = 0; i < n; i++) {
		if (store_item_get(s, items[i], &it, e) == 0) {
			if (said) {
				curate_said_line(said);
				buf_adds(said, "removed ");
				curate_describe(s, said, &it);
			}
			story_item_release(&it);
			if (store_item_delete(s, items[i], e) == 0)
				continue;
		}
		if (e->code == ERR_NOTFOUND && i > 0)
			err_prefix(e, "nothing removed: ");
		return -1;
	}
	return 0;
}

/* A copy of text without leading and trailing white space. */
static char *
trimmed(const char *text)
{
	return str_trim(xstrdup(text ? text : ""));
}

int
curate_add_text(struct store *s, enum story_kind kind, int level, const char *text,
    const struct curate_anchor *at, int64_t *id, struct buf *said, struct err *e)
{
	char *key = NULL, *t = trimmed(text);
	int r = -1;

	if (kind == STORY_HEADING) {
		if (*t == '\0') {
			err_set(e, ERR_USAGE, "the heading is empty");
			goto out;
		}
		if (strpbrk(t, "\r\n") != NULL) {
			err_set(e, ERR_USAGE, "a heading is one line (use a note for more)");
			goto out;
		}
		if (level < 2 || level > 6) {
			err_set(e, ERR_USAGE, "a heading's level is 2 to 6 (the title is level 1)");
			goto out;
		}
		text = t;
	} else if (*t == '\0') {
		err_set(e, ERR_USAGE, "the note is empty");
		goto out;
	}
	if (curate_keys_at(s, at, 0, 1, &key, e) == -1)
		goto out;
	r = store_item_insert(s, kind, 0, text, kind == STORY_HEADING ? level : 0, key, id, e);
	if (r == 0 && said) {
		struct story_item it = {.id = *id, .kind = kind, .body = (char *)text};

		curate_said_line(said);
		buf_adds(said, "added ");
		curate_describe(s, said, &it);
		curate_describe_place(said, at);
	}
out:
	free(key);
	free(t);
	return r;
}

int
curate_set_caption(
    struct store *s, int64_t item, const char *text, int *changed, struct buf *said, struct err *e)
{
	struct story_item it;
	char *t = trimmed(text);
	int r = -1;

	*changed = 0;
	if (store_item_get(s, item, &it, e) == -1) {
		free(t);
		return -1;
	}
	if (it.kind != STORY_POST) {
		err_set(e, ERR_FAIL,
		    "item %lld is a %s: only posts have captions (change a %s's text with "
		    "'storied edit')",
		    (long long)item, story_kind_name(it.kind), story_kind_name(it.kind));
		goto out;
	}
	if (*t == '\0')
		text = NULL;
	if (str_eq(text, it.body)) {
		if (said) {
			curate_said_line(said);
			buf_printf(said, "item %lld: caption unchanged", (long long)item);
		}
		r = 0;
		goto out;
	}
	if ((r = store_item_set_body(s, item, text, e)) == 0) {
		*changed = 1;
		if (said) {
			curate_said_line(said);
			buf_adds(said,
			    text ? (it.body ? "changed the caption of " : "captioned ")
			         : "removed the caption of ");
			curate_describe(s, said, &it);
		}
	}
out:
	free(t);
	story_item_release(&it);
	return r;
}

int
curate_set_text(struct store *s, int64_t item, const char *text, int level, int *changed,
    struct buf *said, struct err *e)
{
	struct story_item it;
	char *t = trimmed(text);
	int r = -1;

	*changed = 0;
	if (store_item_get(s, item, &it, e) == -1) {
		free(t);
		return -1;
	}
	if (it.kind == STORY_POST) {
		free(t);
		story_item_release(&it);
		return curate_set_caption(s, item, text, changed, said, e);
	}
	if (*t == '\0') {
		err_set(
		    e, ERR_USAGE, "the %s is empty (remove it instead)", story_kind_name(it.kind));
		goto out;
	}
	if (it.kind == STORY_HEADING) {
		if (strpbrk(t, "\r\n") != NULL) {
			err_set(e, ERR_USAGE, "a heading is one line (use a note for more)");
			goto out;
		}
		text = t;
		if (level != 0 && level != it.level) {
			if (level < 2 || level > 6) {
				err_set(e, ERR_USAGE, "a heading's level is 2 to 6");
				goto out;
			}
			if (store_item_set_level(s, item, level, e) == -1)
				goto out;
			*changed = 1;
		}
	}
	if (!str_eq(text, it.body)) {
		if (store_item_set_body(s, item, text, e) == -1)
			goto out;
		*changed = 1;
	}
	if (said) {
		struct story_item now = it;

		now.body = (char *)text;
		now.level = level ? level : it.level;
		curate_said_line(said);
		if (*changed)
			buf_adds(said, "changed ");
		curate_describe(s, said, &now);
		if (!*changed)
			buf_adds(said, " unchanged");
	}
	r = 0;
out:
	free(t);
	story_item_release(&it);
	return r;
}
