/*
 * merge.h - one post from the items of every source that reached it: the
 * item as JSON, and the rule that folds several into the post (merge.c).
 * Used by posts.c only.
 */
#ifndef STORIED_STORE_MERGE_H
#define STORIED_STORE_MERGE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "incoming.h"

/* One source's item, read for the fold. */
struct merge_item {
	json_t *o;      /* owned: the fields (merge_item_json's keys) */
	char *text;     /* owned: o as compact sorted JSON, the last tie-break */
	int api;        /* from a Mastodon or Bluesky API */
	int original;   /* from the server its permalink points to */
	int64_t when;   /* updated, else published, else INT64_MIN */
	size_t filled;  /* how many fields it has */
	size_t textlen; /* bytes of content_text */
};

/*
 * An incoming item and its normalised tags as JSON text: compact, keys
 * sorted, absent and empty fields left out, so equal items give equal
 * text. Caller frees.
 */
char *merge_item_json(const struct incoming_post *it, char *const *tags, size_t ntags);

/*
 * Drop what counts as absent (null, "", false sensitive, zero sizes, empty
 * lists) and sort the tags, so that a post read from its columns compares
 * equal to the same post built from an item.
 */
void merge_normalise(json_t *o);

/*
 * Read one item (JSON text) for the fold; format is its raw_format and
 * source_url the address of the source it came from (may be NULL). 0, or
 * -1 when the text is not a JSON object (m is then empty).
 */
int merge_item_load(
    struct merge_item *m, const char *text, const char *format, const char *source_url);
void merge_item_release(struct merge_item *m);

/*
 * 1 when the same item text, loaded with this format and source URL,
 * would rank as m does (it is then m again: merge_fold gives the same
 * post with or without it, so it need not be loaded).
 */
int merge_item_same_rank(const struct merge_item *m, const char *format, const char *source_url);

/*
 * The post the items make together (merge.c's comment is the rule),
 * whatever their order in v (which is sorted). A new object, normalised:
 * the fields of merge_item_json but guid and permalink.
 */
json_t *merge_fold(struct merge_item *v, size_t n);

#endif
