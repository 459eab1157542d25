/*
 * place.c - where new and moved items go in the story, and the one-line
 * summaries of posts that show, posts and the storyboard share.
 *
 * A place is found from the anchor's key and its one neighbour (two index
 * probes), never by reading the story: placing costs the same on a story
 * of ten items or of a hundred thousand.
 */
#include <stdlib.h>
#include <string.h>

#include "curate.h"
#include "orderkey.h"

int
curate_keys_at(struct store *s, const struct curate_anchor *at, int64_t moving, size_t n,
    char **keys, struct err *e)
{
	struct story_item anchor;
	char *lo = NULL, *hi = NULL;
	int r = -1;

	memset(&anchor, 0, sizeof anchor);
	if ((at->where == CURATE_AFTER || at->where == CURATE_BEFORE) && at->item == moving &&
	    moving != 0)
		return err_set(e, ERR_FAIL, "item %lld cannot be placed %s itself",
		    (long long)moving, at->where == CURATE_AFTER ? "after" : "before");
	switch (at->where) {
	case CURATE_BOTTOM:
		if (store_key_before(s, NULL, moving, &lo, e) == -1)
			goto out;
		break;
	case CURATE_TOP:
		if (store_key_after(s, NULL, moving, &hi, e) == -1)
			goto out;
		break;
	case CURATE_AFTER:
	case CURATE_BEFORE:
		if (store_item_get(s, at->item, &anchor, e) == -1)
			goto out;
		if (at->where == CURATE_AFTER) {
			lo = xstrdup(anchor.position);
			if (store_key_after(s, lo, moving, &hi, e) == -1)
				goto out;
		} else {
			hi = xstrdup(anchor.position);
			if (store_key_before(s, hi, moving, &lo, e) == -1)
				goto out;
		}
		break;
	}
	if (orderkey_n_between(lo, hi, n, keys) == -1) {
		err_set(e, ERR_FAIL,
		    "the story's order keys are damaged near %s (%s, %s); 'storied storyboard "
		    "export -o F' then 'storied storyboard apply F' repairs them",
		    at->item ? "the anchor" : "an end", lo ? lo : "start", hi ? hi : "end");
		goto out;
	}
	r = 0;
out:
	story_item_release(&anchor);
	free(lo);
	free(hi);
	return r;
}

int
curate_first_line(struct buf *out, const char *text, size_t cols)
{
	const char *p = text ? text : "", *end;
	char *line;
	int r;

	/* Skip blank lines and leading white space. */
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	end = p + strcspn(p, "\r\n");
	line = xstrndup(p, (size_t)(end - p));
	/* Tabs and control characters would break a table's columns. */
	for (char *c = line; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	str_trim(line);
	r = utf8_append_cols(out, line, cols);
	free(line);
	return r;
}

int
curate_post_headline(struct buf *out, const struct post_brief *p, size_t cols)
{
	if (!str_empty(p->title))
		return curate_first_line(out, p->title, cols);
	return curate_first_line(out, p->text, cols);
}
