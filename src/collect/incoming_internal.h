/*
 * incoming_internal.h - building a struct incoming_post (include/incoming.h),
 * the one set of functions every reader of posts uses (the feed parser,
 * api_*.c, import_*.c), and the jansson accessors the JSON readers share
 * (conv_*: reading JSON values without a NULL check at every step). Used
 * inside src/collect only (src/collect/incoming.c).
 */
#ifndef STORIED_COLLECT_INCOMING_INTERNAL_H
#define STORIED_COLLECT_INCOMING_INTERNAL_H

#include <jansson.h>

#include "feed.h"
#include "storied.h"

/* ---- The incoming post ---- */

/* Free every string, category and media entry of it, and zero it. */
void incoming_post_release(struct incoming_post *it);

/* About how many bytes it holds, for callers that bound what they keep
 * in memory. */
size_t incoming_post_bytes(const struct incoming_post *it);

/*
 * Add a category: a copy of s, white space and one leading '#' trimmed
 * (a category names a tag; the '#' is how some write it), made valid
 * UTF-8. An empty one or a repeat is dropped.
 */
void incoming_add_category(struct incoming_post *it, const char *s);

/*
 * The media entry for url (copied, made valid UTF-8): a new zeroed one,
 * or the one already there with that URL (one medium a URL: Mastodon's
 * RSS sends audio both as enclosure and media:content). NULL when url is
 * NULL or empty.
 */
struct incoming_media *incoming_add_media(struct incoming_post *it, const char *url);

/*
 * Plain text as the stored HTML of a post, the same whatever the source:
 * '&', '<' and '>' escaped, each line break as "<br>\n", nothing else
 * added. incoming_html_text appends s[0..n) so to b (for text runs between
 * a post's links); incoming_text_to_html returns the whole of text
 * converted (caller frees).
 */
void incoming_html_text(struct buf *b, const char *s, size_t n);
char *incoming_text_to_html(const char *text);

/* Append s to b escaped for a double-quoted HTML attribute value (& < > "). */
void incoming_html_attr(struct buf *b, const char *s);

/* ---- Fields, and the JSON readers' accessors ---- */

/* Replace *field with a valid-UTF-8 copy of s; NULL or "" leaves NULL. */
void conv_set(char **field, const char *s);
/* Take ownership of s (already valid UTF-8, or NULL) into *field. */
void conv_take(char **field, char *s);

/*
 * Engagement counts as the source gave them: each -1 when not given; the
 * post has counts when any is given. Quotes count as shares.
 */
void incoming_set_counts(struct incoming_post *it, int64_t shares, int64_t likes, int64_t replies);

/* The compact JSON text of v as the item's raw original. */
void conv_raw(struct incoming_post *it, json_t *v);
/* Published from an ISO 8601 string; an unreadable one is kept in date_text. */
void conv_published(struct incoming_post *it, const char *iso);

/* o[key] as a string, or NULL (absent, null, not a string, or ""). */
const char *conv_str(json_t *o, const char *key);
/* o[key] when an object, else NULL. */
json_t *conv_obj(json_t *o, const char *key);
/* o[key] when an array, else NULL. */
json_t *conv_arr(json_t *o, const char *key);
/* o[key] as an integer (JSON integer or decimal string), or def. */
int64_t conv_int(json_t *o, const char *key, int64_t def);
/* o[key] is JSON true. */
int conv_true(json_t *o, const char *key);

/* "JSON error at line L: text" into e. */
int conv_json_error(struct err *e, const json_error_t *je);

#endif
