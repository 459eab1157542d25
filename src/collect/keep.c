/*
 * keep.c - the keep policy (include/keep.h): which incoming posts a
 * project keeps, and storing them once, for feeds, API sources and
 * imports alike.
 */
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "keep.h"
#include "store_import.h"

int
keep_init(struct keep *k, struct store *s, const struct project *p, int64_t source_id,
    const char *format, int all, struct err *e)
{
	memset(k, 0, sizeof *k);
	k->s = s;
	k->p = p;
	k->ptags = xcalloc(p->ntags + 1, sizeof *k->ptags);
	for (size_t i = 0; i < p->ntags; i++)
		k->ptags[i] = p->tags[i].tag;
	k->nptags = p->ntags;
	k->plain_tags = hashtag_tags_plain(k->ptags, k->nptags);
	k->all = all;
	k->source_id = source_id;
	k->format = format;
	k->now = time_now();
	hashtag_list_init(&k->tags);
	return store_posts_begin(s, &k->batch, e);
}

int
keep_end(struct keep *k, struct err *e)
{
	return store_posts_end(k->s, &k->batch, e);
}

void
keep_release(struct keep *k)
{
	free(k->ptags);
	k->ptags = NULL;
	hashtag_list_release(&k->tags);
}

/* Counts an item seen: 0 when it has no id (counted noid), else 1. */
static int
keep_seen(struct keep *k, const struct incoming_post *it)
{
	k->n.seen++;
	k->last_post_id = 0;
	if (it->has_published && (!k->has_newest || it->published > k->newest)) {
		k->has_newest = 1;
		k->newest = it->published;
	}
	if (!it->has_published)
		k->n.undated++;
	if (it->guid == NULL && it->permalink == NULL) {
		k->n.noid++;
		return 0;
	}
	return 1;
}

int
keep_reject(void *arg, const struct incoming_post *it)
{
	struct keep *k = arg;

	if (k->all || !k->plain_tags || !hashtag_item_surely_unmatched(it, k->ptags, k->nptags))
		return 0;
	/* Counted as keep_filter counts an unmatched item (no tag dropped). */
	if (keep_seen(k, it)) {
		k->n.tags_dropped += (int64_t)it->categories_dropped;
		k->n.unmatched++;
	}
	return 1;
}

/*
 * The feed parser calls this before the costlier half of an item's
 * finishing, so the nine in ten a tag search feed carries without the
 * project's tags are never finished.
 */
int
keep_filter(void *arg, const struct incoming_post *it)
{
	struct keep *k = arg;

	if (!keep_seen(k, it))
		return 0;
	hashtag_list_reset(&k->tags);
	hashtag_item_tags(it, &k->tags);
	k->n.tags_dropped += (int64_t)(k->tags.dropped + it->categories_dropped);
	if (!k->all && !hashtag_match(&k->tags, k->ptags, k->nptags)) {
		k->n.unmatched++;
		return 0;
	}
	if (!k->all && !project_in_window(k->p, it->has_published, it->published)) {
		if (it->has_published) {
			int near = project_window_near(k->p, it->published);
			k->n.outside++;
			k->n.after_until += near > 0;
			k->n.before_since += near < 0;
		}
		return 0;
	}
	if (!it->has_published)
		k->n.undated_kept++;
	return 1;
}

int
keep_store(void *arg, const struct incoming_post *it, struct err *e)
{
	struct keep *k = arg;

	return keep_store_tags(k, it, k->tags.v, k->tags.n, e);
}

int
keep_store_tags(
    struct keep *k, const struct incoming_post *it, char *const *tags, size_t ntags, struct err *e)
{
	enum store_post_result res;

	if (store_post_upsert(
	        k->s, &k->batch, k->source_id, it, k->format, tags, ntags, k->now, &res, e) == -1)
		return -1;
	if (res == STORE_POST_NEW)
		k->n.new_++;
	else if (res == STORE_POST_UPDATED)
		k->n.updated++;
	else if (res == STORE_POST_ENRICHED)
		k->n.enriched++;
	if (!k->want_post_id)
		return 0;
	return store_post_find(k->s, it->guid, it->permalink, &k->last_post_id, e);
}

int
keep_item(void *arg, const struct incoming_post *it, struct err *e)
{
	return keep_filter(arg, it) ? keep_store(arg, it, e) : 0;
}
