/*
 * keep.h - the keep policy (src/collect/keep.c): which incoming posts a
 * project keeps (its tags, its window, what to do with undated items and
 * items without an id), and storing the kept ones once through
 * store_post_upsert, counting what happened. The one policy for feeds
 * (collect.c), API sources (api.c) and archive imports (cmd/import.c).
 *
 * Used inside the caller's transaction, between keep_init and keep_end.
 * The policy, in order:
 *   - every item is seen; an item without a readable published date is
 *     undated;
 *   - an item with neither guid nor permalink is skipped (noid), even
 *     with all;
 *   - unless all: an item without one of the project's tags (a project
 *     without tags takes every item) is unmatched; a dated item outside
 *     the project's window is outside; an undated item is kept only when
 *     the project has no window;
 *   - the rest are stored (new, updated, or already there unchanged);
 *     undated_kept counts the undated among them.
 */
#ifndef STORIED_KEEP_H
#define STORIED_KEEP_H

#include <stdint.h>

#include "hashtag.h"
#include "incoming.h"
#include "storied.h"
#include "store.h"
#include "store_collect.h"

/* What the policy did with the items it saw. */
struct keep_counts {
	int64_t seen;          /* every item handed over */
	int64_t new_, updated; /* posts stored, posts edited in place */
	int64_t enriched;      /* posts another source stored first, to which
	                          this one's item added what a reader sees */
	int64_t unmatched;     /* without a project tag */
	int64_t outside;       /* dated, outside the window */
	int64_t after_until;   /* of those, within the day after until */
	int64_t before_since;  /* ... and within the day before since */
	int64_t undated;       /* whose date could not be read (kept or not) */
	int64_t undated_kept;  /* of those, kept (the project has no window, or all) */
	int64_t noid;          /* with neither an id nor a link: skipped */
	int64_t tags_dropped;  /* tags and categories past HASHTAG_LIST_MAX on one item */
};

struct keep {
	struct store *s;
	const struct project *p;
	char **ptags; /* the project's normalised tags */
	size_t nptags;
	int plain_tags; /* every one ASCII (hashtag_tags_plain): keep_reject can tell */
	int all;        /* keep every item, whatever its tags and date */
	int64_t source_id;
	const char *format; /* posts.raw_format; the caller may change it
	                       between items */
	int64_t now;        /* stored as fetched_at; keep_init sets the
	                       current time, the caller may change it */
	struct store_posts_batch batch;
	struct hashtag_list tags; /* the last item's, from keep_filter */
	struct keep_counts n;
	int has_newest;
	int64_t newest;       /* the newest published time among items seen */
	int want_post_id;     /* set by the caller: fill last_post_id */
	int64_t last_post_id; /* with want_post_id: the post the last item was
	                         stored as; 0 when it was not kept */
};

/* Begins the store's post batch (store_posts_begin). 0, or -1 with e. */
int keep_init(struct keep *k, struct store *s, const struct project *p, int64_t source_id,
    const char *format, int all, struct err *e);
/* Brings the full-text index up to date (store_posts_end): at the end,
 * or for the posts stored so far, the batch going on. */
int keep_end(struct keep *k, struct err *e);
void keep_release(struct keep *k);

/*
 * The policy alone, as a feed_keep_fn (feed.h) for the feed parser's
 * pre-filter: counts the item and returns 1 when it is to be stored, 0
 * when not. Reads only what a pre-filter may read (title, content_text,
 * categories, dates, whether guid and permalink are NULL). Leaves the
 * item's tags in k->tags for keep_store.
 */
int keep_filter(void *k, const struct incoming_post *it);

/*
 * The cheaper half of the policy, as the feed parser's earlier look
 * (feed_options.reject): 1 when the item surely carries none of the
 * project's tags (hashtag_item_surely_unmatched), counted as keep_filter
 * would count it; 0 when unsure (nothing counted: keep_filter decides).
 */
int keep_reject(void *k, const struct incoming_post *it);

/*
 * Store an item keep_filter just kept (a feed_item_fn): counts it new or
 * updated, fills last_post_id when asked. 0, or -1 with e.
 */
int keep_store(void *k, const struct incoming_post *it, struct err *e);

/*
 * keep_store with the tags keep_filter found for the item earlier (a
 * caller that held the item since), so the policy is not run twice.
 */
int keep_store_tags(
    struct keep *k, const struct incoming_post *it, char *const *tags, size_t ntags, struct err *e);

/* keep_filter then, when it keeps the item, keep_store (a feed_item_fn). */
int keep_item(void *k, const struct incoming_post *it, struct err *e);

#endif
