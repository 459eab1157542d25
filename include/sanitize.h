/*
 * sanitize.h - making untrusted post HTML safe to publish.
 *
 * The HTML is parsed with libxml2's HTML parser and rebuilt from an
 * allow-list of elements and attributes; everything else is dropped
 * (scripts, styles, frames, forms, objects, event handlers, style
 * attributes...). Text and attribute values are re-escaped on output.
 * Not reentrant: the parser context is kept between calls.
 */
#ifndef STORIED_SANITIZE_H
#define STORIED_SANITIZE_H

#include "storied.h"

/*
 * Append the sanitized form of `html` (a fragment, UTF-8) to out. Relative
 * URLs are resolved against base_url when given and dropped otherwise.
 * Links get rel="nofollow noopener ugc". Returns 0, or -1 when out is full.
 */
int sanitize_html(struct buf *out, const char *html, const char *base_url);

/*
 * A post's HTML as it is published, stored in posts.safe_html (store.h
 * store_set_html_sanitizer): sanitize_html with the permalink as the base
 * when it may be published (sanitize_url_ok), else no base. Render and the
 * editor sanitize a post whose stored form is missing with this too, so
 * the two are the same bytes.
 */
int sanitize_post_html(struct buf *out, const char *html, const char *permalink);

/*
 * For tests (tests/fuzz/sanitize_diff.c): sanitize_html through one path.
 * SANITIZE_FAST returns 1, out unchanged, when the fast path declines the
 * input; SANITIZE_LIBXML2 always parses with libxml2.
 */
enum sanitize_path { SANITIZE_ANY, SANITIZE_FAST, SANITIZE_LIBXML2 };
int sanitize_html_path(
    struct buf *out, const char *html, const char *base_url, enum sanitize_path path);

/*
 * The events of parsing sanitized HTML (the output of sanitize_html), for
 * a reader that writes it in another form: element starts with their
 * attributes (name, value pairs, NULL-terminated; atts may be NULL), ends,
 * and text, entities decoded, possibly in several pieces. restart: forget
 * every event so far, the parse starts over. Nothing is checked: the
 * reader must treat names, values and text as untrusted.
 */
struct sanitize_walk {
	void (*start)(void *arg, const char *name, const char *const *atts);
	void (*end)(void *arg, const char *name);
	void (*text)(void *arg, const char *s, size_t n);
	void (*restart)(void *arg);
	void *arg;
};
int sanitize_walk_html(const char *html, const struct sanitize_walk *w);

/*
 * 1 when url may be published: after decoding entities and removing white
 * space and control characters, its scheme is http, https or mailto.
 */
int sanitize_url_ok(const char *url);

#endif
