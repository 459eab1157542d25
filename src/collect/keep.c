/*
 * keep.c - matching and storing items as the collect pipeline does
 * (collect.c), for API pages and archive imports: the project's tags and
 * window decide, store_post_upsert stores each post once.
 */
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "import.h"
#include "store_import.h"

int
import_keep_init(struct import_keep *k, struct store *s, const struct project *p,
    int64_t source_id, const char *format, int all, struct err *e)
{
	memset(k, 0, sizeof *k);
	k->s = s;
	k->p = p;
	k->ptags = xcalloc(p->ntags + 1, sizeof *k->ptags);
	for (size_t i = 0; i < p->ntags; i++)
		k->ptags[i] = p->tags[i].tag;
	k->nptags = p->ntags;
	k->all = all;
	k->source_id = source_id;
	k->format = format;
	k->now = time_now();
	hashtag_list_init(&k->tags);
	return store_posts_begin(s, &k->batch, e);
}

int
import_keep_end(struct import_keep *k, struct err *e)
{
	return store_posts_end(k->s, &k->batch, e);
}

void
import_keep_release(struct import_keep *k)
{
	free(k->ptags);
	k->ptags = NULL;
	hashtag_list_release(&k->tags);
}

int
import_keep_item(void *arg, const struct incoming_post *it, struct err *e)
{
	struct import_keep *k = arg;
	enum store_post_result res;

	k->seen++;
	k->last_post_id = 0;
	if (it->has_published && (!k->has_newest || it->published > k->newest)) {
		k->has_newest = 1;
		k->newest = it->published;
	}
	if (!it->has_published)
		k->undated++;
	if (it->guid == NULL && it->permalink == NULL) {
		k->noid++;
		return 0;
	}
	hashtag_list_reset(&k->tags);
	hashtag_item_tags(it, &k->tags);
	if (!k->all && !hashtag_match(&k->tags, k->ptags, k->nptags)) {
		k->unmatched++;
		return 0;
	}
	if (!k->all && !project_in_window(k->p, it->has_published, it->published)) {
		if (it->has_published) {
			int near = project_window_near(k->p, it->published);
			k->outside++;
			k->after_until += near > 0;
			k->before_since += near < 0;
		}
		return 0;
	}
	if (store_post_upsert(k->s, &k->batch, k->source_id, it, k->format, k->tags.v, k->tags.n,
	        k->now, &res, e) == -1)
		return -1;
	if (res == STORE_POST_NEW)
		k->new_++;
	else if (res == STORE_POST_UPDATED)
		k->updated++;
	if (!k->want_post_id)
		return 0;
	return store_post_find(k->s, it->guid, it->permalink, &k->last_post_id, e);
}
