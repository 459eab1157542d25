/*
 * mustache.h - Mustache templates (the spec's variables, sections, inverted
 * sections, comments, partials and set delimiters; no lambdas).
 *
 * Written by hand: Debian packages no maintained C Mustache library (only
 * C++, Perl, Haskell and Erlang ones).
 *
 * The data is a jansson value (objects, arrays, strings, numbers, booleans,
 * null), looked up through the context stack as the spec says. A large
 * list need not be built in memory: a `struct mustache_stream` supplies the
 * elements of one named section one at a time, so a 100,000-item story
 * renders with flat memory. A stream's element may be a node of a light
 * tree (mtree.h) instead, which renders exactly as the same jansson value
 * would and costs no allocation per value to build.
 *
 * Where the spec leaves a choice: {{x}} escapes & < > " and ' (safe in
 * text and in quoted attributes) and '{' ("&#123;": no "{{" or "{%" of
 * the data reaches a template language the output is pasted into); numbers print in their shortest
 * exact form (85, 1.21), true/false as "true"/"false", null, objects and lists as nothing. Falsey
 * (a section skips, an inverted one renders): missing, null, false, [], "" and 0. Sections and
 * partials nest at most 256 deep at render time (a partial including itself without end is an
 * error).
 */
#ifndef STORIED_MUSTACHE_H
#define STORIED_MUSTACHE_H

#include <jansson.h>
#include <stddef.h>

#include "mtree.h"
#include "storied.h"

struct mustache_template;

/*
 * Compile `text`. `name` (a file name) is used in error messages, which
 * name it and the line: "story.html.mustache:12: unclosed section 'items'".
 * On success *out is the caller's, to free with mustache_free.
 */
int mustache_compile(
    const char *name, const char *text, struct mustache_template **out, struct err *e);
void mustache_free(struct mustache_template *t);

/* Output sink: return 0, or -1 to stop rendering (e.g. a write error). */
typedef int (*mustache_write_fn)(void *arg, const char *s, size_t n);

/*
 * Partial loader: the text of partial `name` as a fresh string (caller of
 * the loader frees it), or NULL when there is none (renders as empty, or
 * fails the render: partials_required). *label, when the loader sets it
 * (a fresh string), names the text in errors instead of `name`: the file
 * it was read from.
 */
typedef char *(*mustache_partial_fn)(void *arg, const char *name, char **label);

/*
 * An element of a stream: a jansson value (json, a new reference the
 * engine releases), or a node of a light tree (tree and node, borrowed:
 * valid until the stream's next call). Neither: skipped.
 */
struct mustache_item {
	json_t *json;
	const struct mt_tree *tree;
	uint32_t node;
};

/*
 * A lazily produced list. When a section's name equals `name` and is not
 * found in the data, the engine iterates the stream: next(arg, i, &item)
 * is called with i = 0, 1, 2, ... and returns 1 with *item set, 0 at the
 * end, -1 on error (e filled). i = 0 always starts again from the first
 * element, so a template may iterate the stream more than once.
 */
struct mustache_stream {
	const char *name;
	int (*next)(void *arg, size_t i, struct mustache_item *item, struct err *e);
	void *arg;
};

struct mustache_render_opts {
	mustache_partial_fn partial; /* may be NULL: partials render empty */
	void *partial_arg;
	const struct mustache_stream *streams; /* may be NULL */
	size_t nstreams;
	/* A partial the loader does not have stops the render with an error
	 * naming the tag ("story.html:12: partial 'typo' not found") instead
	 * of rendering empty, as the spec has it: for templates a person
	 * wrote, where it is a typo. */
	int partials_required;
};

/* Render t with data (borrowed) to write(warg, ...). 0, or -1 with e filled. */
int mustache_render(const struct mustache_template *t, json_t *data,
    const struct mustache_render_opts *opts, mustache_write_fn write, void *warg, struct err *e);

/*
 * Every part of every name that t and the partials it includes (loaded
 * with partial(arg, name) as a render loads them, each once) look up,
 * reported to name(narg, part): "author.url" reports "author" and "url".
 * A caller may leave out of its data what no template reads. 0, or -1
 * when a partial does not compile: then any name may be read (the render
 * reports the error if it reaches that partial).
 */
int mustache_names(const struct mustache_template *t, mustache_partial_fn partial, void *arg,
    void (*name)(void *narg, const char *part), void *narg);

/* Convenience: compile and render text into a buf (for tests). */
int mustache_render_string(const char *name, const char *text, json_t *data,
    const struct mustache_render_opts *opts, struct buf *out, struct err *e);

#endif
