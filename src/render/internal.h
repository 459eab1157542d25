/*
 * internal.h - what the files of src/render/ share: the render's context
 * and the data model (one JSON value per item, the same for templates and
 * the json format). Not for use outside src/render/.
 */
#ifndef STORIED_RENDER_INTERNAL_H
#define STORIED_RENDER_INTERNAL_H

#include <jansson.h>
#include <stdio.h>

#include "render.h"
#include "store_render.h"

struct render_ctx {
	struct store *store;
	const struct project *project;
	const struct render_options *opt;
	FILE *out;
	struct buf scratch;   /* reused for every escaped or sanitized field */
	/* Open while rendering: one cursor a stream. */
	struct story_cursor *items, *toc;
	struct credits_cursor *credits;
	/* --for: the output filter's state (render.c) */
	int sg_front;  /* 1 while inside the front matter */
	size_t sg_seen; /* bytes of front matter seen */
	char sg_tail[5]; /* its last bytes, to find the closing "\n---\n" */
	int sg_pending; /* '{' held back: 1 or 2 of them */
	struct buf sg_out;
};

/* The story's own data: title, description, tags, window, counts... */
json_t *render_story_data(struct render_ctx *c, struct err *e);
/* One item (new reference). */
json_t *render_item_data(struct render_ctx *c, const struct story_item *it);
/* The index-th source of the credits with its authors (new reference). */
json_t *render_source_data(struct render_ctx *c, const struct story_source *src, size_t index);

/* An author as post and credits data show one (new reference). */
json_t *render_author_data(struct render_ctx *c, const char *name, const char *handle,
    const char *url, const char *avatar);
/* Set data's "stats": the posts in numbers (stats.c), null with --no-stats
 * or when nothing was collected. */
int render_stats_add(struct render_ctx *c, json_t *data, struct err *e);

/* The json format (json.c). */
int render_json(struct render_ctx *c, struct err *e);

/* Write n bytes to the output; -1 with e filled when writing failed. */
int render_write(struct render_ctx *c, const char *s, size_t n, struct err *e);

#endif
