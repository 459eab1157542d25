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

int
curate_check_posts(struct store *s, const int64_t *posts, size_t n, struct err *e)
{
	int64_t *sorted = xreallocarray(NULL, n ? n : 1, sizeof *sorted);
	struct post_brief p;
	int r = -1;

	memcpy(sorted, posts, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_id);
	for (size_t i = 1; i < n; i++) {
		if (sorted[i] == sorted[i - 1]) {
			err_set(e, ERR_FAIL, "post %lld is given twice: a post is placed at most once",
			        (long long)sorted[i]);
			goto out;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (store_post_brief(s, posts[i], &p, e) == -1)
			goto out;
		if (p.item_id) {
			err_set(e, ERR_FAIL,
			        "post %lld is already in the story as item %lld "
			        "(move it with 'storied move %lld ...')",
			        (long long)posts[i], (long long)p.item_id, (long long)p.item_id);
			post_brief_release(&p);
			goto out;
		}
		post_brief_release(&p);
	}
	r = 0;
out:
	free(sorted);
	return r;
}

int
curate_add_posts(struct store *s, const int64_t *posts, size_t n, const struct curate_anchor *at,
                 int64_t *items, struct err *e)
{
	return curate_add_posts_headed(s, posts, NULL, n, at, items, e);
}

int
curate_add_posts_headed(struct store *s, const int64_t *posts, char *const *headings, size_t n,
                        const struct curate_anchor *at, int64_t *items, struct err *e)
{
	char **keys;
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
		int64_t id;
		if (headings && headings[i] &&
		    store_item_insert(s, STORY_HEADING, 0, headings[i], 2, keys[k++], &id, e) == -1)
			goto out;
		if (store_item_insert(s, STORY_POST, posts[i], NULL, 0, keys[k++], &id, e) == -1)
			goto out;
		if (items)
			items[i] = id;
	}
	r = 0;
out:
	for (i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
	return r;
}

int
curate_move(struct store *s, int64_t item, const struct curate_anchor *at, struct err *e)
{
	struct story_item it;
	char *key = NULL;
	int r;

	if (store_item_get(s, item, &it, e) == -1)
		return -1;
	story_item_release(&it);
	if (curate_keys_at(s, at, item, 1, &key, e) == -1)
		return -1;
	r = store_item_set_position(s, item, key, e);
	free(key);
	return r;
}

int
curate_remove(struct store *s, const int64_t *items, size_t n, struct err *e)
{
	for (size_t i = 0; i < n; i++) {
		if (store_item_delete(s, items[i], e) == -1) {
			if (e->code == ERR_NOTFOUND && i > 0)
				err_prefix(e, "nothing removed: ");
			return -1;
		}
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
                const struct curate_anchor *at, int64_t *id, struct err *e)
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
out:
	free(key);
	free(t);
	return r;
}

int
curate_set_caption(struct store *s, int64_t item, const char *text, int *changed, struct err *e)
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
		r = 0;
		goto out;
	}
	if ((r = store_item_set_body(s, item, text, e)) == 0)
		*changed = 1;
out:
	free(t);
	story_item_release(&it);
	return r;
}

int
curate_set_text(struct store *s, int64_t item, const char *text, int level, int *changed,
                struct err *e)
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
		return curate_set_caption(s, item, text, changed, e);
	}
	if (*t == '\0') {
		err_set(e, ERR_USAGE, "the %s is empty (remove it instead)", story_kind_name(it.kind));
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
	r = 0;
out:
	free(t);
	story_item_release(&it);
	return r;
}
