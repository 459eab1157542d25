/*
 * internal.h - what the files of src/render/ share: the render's context
 * and the data model (one value per item, the same for templates and the
 * json format: built in a light tree, mtree.h, and turned into jansson for
 * the json format and the editor). Not for use outside src/render/.
 */
#ifndef STORIED_RENDER_INTERNAL_H
#define STORIED_RENDER_INTERNAL_H

#include <jansson.h>
#include <stdio.h>

#include "mtree.h"
#include "render.h"
#include "store_render.h"
#include "store_stats.h"

struct render_ctx {
	struct store *store;
	const struct project *project;
	const struct render_options *opt;
	FILE *out;
	struct buf scratch;  /* reused for every escaped or sanitized field */
	char id_prefix[136]; /* every id and #link starts with it (render_ctx_ids) */
	/* Open while rendering: one cursor a stream. */
	struct story_cursor *items, *toc;
	struct mt_tree items_tree, toc_tree; /* the current element of each */
	/* The story's counts and credits, and the stats unless --no-stats
	 * (has_stats): one pass over the posts before the template. */
	struct story_digest digest;
	struct stats stats;
	int has_stats;
	enum render_media media; /* resolved: never AUTO */
	/* The post fields no template names (mustache_names), left out of
	 * the model: all 0 (every field built) for the json format and the
	 * editor. The times' five forms in the order tset_time takes keys. */
	struct render_skips {
		unsigned char guid, text, tags, source, caption;
		unsigned char published[5], updated[5];
	} skip;
	/* The last archived files made into URLs (an avatar recurs on every
	 * post of its author): sha256 -> URL string, a small ring. */
	struct {
		char sha256[65];
		json_t *src;
	} srcs[16];
	unsigned nsrc;
	struct err media_err; /* a media file that could not be written */
	/* The project zone's offset over the quarter hour [lo, lo + 900)
	 * (model.c set_time). */
	struct zone_cache {
		int valid;
		int64_t lo, off;
		char abbr[16];
	} zone;
	/* --for: the output filter's state (render.c) */
	int sg_front;    /* 1 while inside the front matter */
	size_t sg_seen;  /* bytes of front matter seen */
	char sg_tail[5]; /* its last bytes, to find the closing "\n---\n" */
	int sg_pending;  /* '{' held back: 1 or 2 of them */
	/* hugo: a shortcode comment markdown.c opened (MARKDOWN_HUGO), let
	 * through up to its closer: its kind ('<' or '%', 0 outside one), the
	 * last bytes in it; and after MARKDOWN_HUGO_COMMENT, the opener so far */
	char sg_comment;
	char sg_close[5];
	size_t sg_nclose;
	int sg_trust;
	char sg_hold[5];
	size_t sg_nhold;
	struct buf sg_out;
};

/* Fill c->id_prefix from c->opt and the project's title. */
void render_ctx_ids(struct render_ctx *c);

/*
 * The URL an archived blob is shown from (a data: URI, or a file of the
 * media directory, written on first use), as a new reference; NULL when
 * the blob is missing or cannot be written (c->media_err says why).
 * *type gets the blob's type (static or c's), may be NULL.
 */
json_t *render_blob_src(struct render_ctx *c, const char *sha256);

/*
 * In sanitized post HTML (b), show each inline <img> from its archived
 * file, or, when it has none, as its alt text in a placeholder: a page
 * with archived media loads nothing from the network.
 */
void render_inline_images(struct render_ctx *c, struct buf *b);

/*
 * How text is Markdown-escaped for this render (esc_markdown_opts flags).
 * For Hugo, '<' as "&lt;", since Hugo splits a page at "<!--more-->" even
 * written "\<!--more-->". For Hugo and Jekyll, what their typographers
 * (Goldmark's, kramdown's) would rewrite: escaped text shows the
 * characters it holds, "--full" never "–full". Plain CommonMark has no
 * typographer: nothing more.
 */
unsigned render_md_flags(const struct render_ctx *c);

/*
 * A post's sanitized HTML (sanitize.h) as Markdown blocks, appended to out
 * (post_md.c): paragraphs a blank line apart, links, pictures, emphasis,
 * line breaks and lists as Markdown, all text escaped. Returns 0, or -1
 * when the HTML could not be read (out then holds what was written).
 */
int render_post_md(struct render_ctx *c, struct buf *out, const char *html);

/* The story's own data: title, description, tags, window, counts... */
json_t *render_story_data(struct render_ctx *c, struct err *e);
/* One item (new reference). */
json_t *render_item_data(struct render_ctx *c, const struct story_item *it);
/* One item, built in t (model.c); returns its node. */
uint32_t render_item_tree(struct render_ctx *c, struct mt_tree *t, const struct story_item *it);
/* The index-th source of the credits with its authors (new reference). */
json_t *render_source_data(struct render_ctx *c, const struct story_source *src, size_t index);

/* An author as post and credits data show one (new reference); avatar_sha256
 * is the archived avatar's blob or NULL. */
json_t *render_author_data(struct render_ctx *c, const char *name, const char *handle,
    const char *url, const char *avatar, const char *avatar_sha256);
/* Set data's "stats": the posts in numbers (stats.c), null with --no-stats
 * or when nothing was collected. */
int render_stats_add(struct render_ctx *c, json_t *data, struct err *e);

/* The json format (json.c). */
int render_json(struct render_ctx *c, struct err *e);

/* Write n bytes to the output; -1 with e filled when writing failed. */
int render_write(struct render_ctx *c, const char *s, size_t n, struct err *e);

#endif
