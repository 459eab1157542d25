/*
 * incoming_internal.h - what the JSON converters of src/collect/ share (api_mastodon.c,
 * api_bluesky.c, import_*.c): building a struct incoming_post whose strings they
 * own, and reading jansson values without a NULL check at every step.
 */
#ifndef STORIED_COLLECT_INCOMING_INTERNAL_H
#define STORIED_COLLECT_INCOMING_INTERNAL_H

#include <jansson.h>

#include "feed.h"
#include "storied.h"

/* Free every string, category and media entry of it, and zero it. */
void conv_item_release(struct incoming_post *it);

/* Replace *field with a valid-UTF-8 copy of s; NULL or "" leaves NULL. */
void conv_set(char **field, const char *s);
/* Take ownership of s (already valid UTF-8, or NULL) into *field. */
void conv_take(char **field, char *s);

/* Add a category (a leading '#' dropped), once. */
void conv_category(struct incoming_post *it, const char *tag);
/* A new media entry for url (copied), zeroed otherwise; NULL when url is empty. */
struct incoming_media *conv_media(struct incoming_post *it, const char *url);

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

/* Append s to b HTML-escaped, newlines as <br>. */
void conv_html_text(struct buf *b, const char *s, size_t n);

/* The host of an absolute http(s) URL (with its port), or NULL; caller frees. */
char *conv_url_host(const char *url);
/* "scheme://host[:port]" of an absolute URL, or NULL; caller frees. */
char *conv_url_origin(const char *url);

/* Append s to b percent-encoded for a URL's query or path (all but A-Z a-z 0-9 - . _ ~). */
void conv_percent_encode(struct buf *b, const char *s);

/* Percent-decode s[0..n) (invalid escapes kept as written); caller frees. */
char *conv_percent_decode(const char *s, size_t n);

#endif
