/*
 * json.c - the json format: the story's data, then its items, then its
 * sources, written as they are read so memory stays flat.
 *
 * jansson writes whole values, so the document is assembled from pieces:
 * the story object without its closing brace, then each item as one
 * compact line of the "items" array, then the sources.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define JSON_FLAGS (JSON_PRESERVE_ORDER | JSON_COMPACT)

static int
put(struct render_ctx *c, const char *s, struct err *e)
{
	return render_write(c, s, strlen(s), e);
}

static int
dump(struct render_ctx *c, json_t *v, struct err *e)
{
	char *s = json_dumps(v, JSON_FLAGS);
	int r;

	if (s == NULL)
		return err_set(e, ERR_FAIL, "writing JSON: out of memory");
	r = render_write(c, s, strlen(s), e);
	free(s);
	return r;
}

int
render_json(struct render_ctx *c, struct err *e)
{
	struct story_item it;
	json_t *head, *v;
	char *s;
	size_t n;
	int r, first;

	if ((v = render_story_data(c, e)) == NULL)
		return -1;
	if (render_stats_add(c, v, e) == -1) {
		json_decref(v);
		return -1;
	}
	/* "format" first, so a reader knows what it holds from the first line. */
	head = json_object();
	json_object_set_new(head, "format", json_string("storied-story"));
	json_object_update(head, v);
	json_decref(v);
	s = json_dumps(head, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	json_decref(head);
	if (s == NULL)
		return err_set(e, ERR_FAIL, "writing JSON: out of memory");
	/* "{\n  ...\n}": keep all but the closing brace (only that one: the
	 * last field may be an object ending in its own). */
	n = strlen(s);
	while (n > 0 && s[n - 1] == '\n')
		n--;
	if (n > 0 && s[n - 1] == '}')
		n--;
	while (n > 0 && s[n - 1] == '\n')
		n--;
	r = render_write(c, s, n, e);
	free(s);
	if (r == -1 || put(c, ",\n  \"items\": [", e) == -1)
		return -1;
	first = 1;
	while ((r = store_story_next(c->items, &it, e)) == 1) {
		v = render_item_data(c, &it);
		r = put(c, first ? "\n    " : ",\n    ", e) == -1 ? -1 : dump(c, v, e);
		json_decref(v);
		if (r == -1)
			return -1;
		first = 0;
	}
	if (r == -1)
		return -1;
	if (put(c, first ? "],\n  \"sources\": [" : "\n  ],\n  \"sources\": [", e) == -1)
		return -1;
	first = 1;
	for (size_t i = 0; i < c->digest.nsources; i++) {
		v = render_source_data(c, &c->digest.sources[i], i);
		r = put(c, first ? "\n    " : ",\n    ", e) == -1 ? -1 : dump(c, v, e);
		json_decref(v);
		if (r == -1)
			return -1;
		first = 0;
	}
	return put(c, first ? "]\n}\n" : "\n  ]\n}\n", e);
}
