/*
 * render.h - the story as the thing that gets published: a standalone HTML
 * page, an embeddable HTML fragment, CommonMark, or JSON.
 *
 * HTML and Markdown come from Mustache templates (templates/, compiled in,
 * each overridable by a file of the same name in a directory); JSON is
 * written directly. The data handed to templates and the JSON document are
 * documented in docs/templates.md. Items are streamed from the project
 * file and written as they come, so memory stays flat.
 */
#ifndef STORIED_RENDER_H
#define STORIED_RENDER_H

#include <jansson.h>
#include <stdio.h>

#include "storied.h"
#include "store.h"

enum render_format {
	RENDER_HTML,
	RENDER_EMBED,
	RENDER_MD,
	RENDER_JSON,
};

/* --for: the static-site generator that reads the Markdown. */
enum render_target {
	RENDER_FOR_NONE,
	RENDER_FOR_JEKYLL, /* Liquid runs first: no {{ or {% may reach it */
	RENDER_FOR_HUGO,   /* shortcodes: no {{< or {{% may reach it */
};

/* Where archived media come from in the output. */
enum render_media {
	RENDER_MEDIA_AUTO,   /* data for html, remote for embed and md */
	RENDER_MEDIA_DATA,   /* data: URIs: the page alone is the record */
	RENDER_MEDIA_REMOTE, /* the originals' URLs, as the posts named them */
	RENDER_MEDIA_DIR,    /* files written into media_dir, linked as media_href/NAME */
};

struct render_options {
	enum render_format format;
	const char *templates_dir; /* NULL: the built-in templates only */
	int front_matter;          /* md: YAML front matter for Hugo and Jekyll */
	int generated_at;          /* add the time of the render (time_now()) */
	enum render_target target; /* md: made safe for this generator */
	enum render_media media;
	const char *media_dir;  /* RENDER_MEDIA_DIR: where files go (exists) */
	const char *media_href; /* RENDER_MEDIA_DIR: the same, relative to the page */
	int no_stats;           /* leave the "In numbers" section out */
	/*
	 * What every id in the HTML starts with, so two stories on one page
	 * (or a story in a page that has its own "item-1") never collide:
	 * NULL for the title's slug and a '-' ("fosdem-2026-"), "" for none.
	 */
	const char *id_prefix;
	/*
	 * When not NULL, set to how many archived files were left out because
	 * they have no web address to link (read beside a local feed) and the
	 * media are linked, not put in (RENDER_MEDIA_REMOTE).
	 */
	size_t *left_out;
};

/* 1 when s may start HTML ids: ASCII letters, digits, '-' and '_', at most 40. */
int render_id_prefix_ok(const char *s);

/* "html", "embed", "md" (or "markdown"), "json"; 0, or -1 when unknown. */
int render_format_parse(const char *name, enum render_format *out);

/*
 * Render the story of project p (loaded from s) to out. Returns 0, or -1
 * with e filled: a template error names the file and line
 * ("story.html.mustache:12: unclosed section 'items'"), a write error
 * says so. Reads everything in one snapshot (a read transaction it opens
 * when none is; the caller ends it with store_rollback).
 */
int render_story(struct store *s, const struct project *p, const struct render_options *opt,
    FILE *out, struct err *e);

/*
 * Called for each story item in order with the item's data (the model
 * templates see, docs/templates.md; borrowed) and its HTML exactly as the
 * html format writes it with the built-in templates. Non-zero stops.
 */
typedef int (*render_item_fn)(void *arg, json_t *item, const char *html, size_t len);

/* Every item through fn, in one read snapshot (opened when none is). */
int render_items_html(
    struct store *s, const struct project *p, render_item_fn fn, void *arg, struct err *e);

/*
 * A note's or caption's Markdown as the html format shows it (inline: a
 * heading's one line), for the editor's preview. 0, or -1 when out is full.
 */
int render_markdown_preview(struct buf *out, const char *md, int inline_only);

/* The story's stylesheet, scoped to .storied-story (the embed's), appended to out. */
int render_stylesheet(struct buf *out, struct err *e);

#endif
