/*
 * ids.c - one kind of id for people (an item is "7", "item:7" or the post it
 * holds, "post:14"; a post is "14" or "post:14"), and the one line that says
 * what a change did ('removed item 7: post 14 by @hannah@… "Train home…"'),
 * shared by the commands and the editor so both name things the same way.
 */
#include <string.h>

#include "curate.h"

int
curate_id_parse(const char *arg, enum curate_id *kind, int64_t *id)
{
	*kind = CURATE_ID_BARE;
	if (strncmp(arg, "post:", 5) == 0) {
		*kind = CURATE_ID_POST;
		arg += 5;
	} else if (strncmp(arg, "item:", 5) == 0) {
		*kind = CURATE_ID_ITEM;
		arg += 5;
	}
	return str_to_int64(arg, 1, INT64_MAX, id);
}

int
curate_resolve_item(struct store *s, const char *arg, int64_t *item, struct err *e)
{
	enum curate_id kind;
	struct story_item it;
	struct post_brief p;
	int64_t id;

	if (curate_id_parse(arg, &kind, &id) == -1)
		return err_set(e, ERR_USAGE,
		    "'%s' is not an item: write its id (7) or the post it holds (post:14)", arg);
	if (kind == CURATE_ID_POST) {
		if (store_post_brief(s, id, &p, e) == -1)
			return -1;
		*item = p.item_id;
		post_brief_release(&p);
		if (*item == 0)
			return err_set(e, ERR_NOTFOUND,
			    "post %lld is not in the story (place it with 'storied add "
			    "post:%lld')",
			    (long long)id, (long long)id);
		return 0;
	}
	if (store_item_get(s, id, &it, e) == 0) {
		story_item_release(&it);
		*item = id;
		return 0;
	}
	if (e->code != ERR_NOTFOUND || kind == CURATE_ID_ITEM)
		return -1;
	/* A bare number that is no item: maybe a post id from 'storied posts'. */
	if (store_post_brief(s, id, &p, e) == 0) {
		if (p.item_id)
			err_set(e, ERR_NOTFOUND,
			    "item %lld does not exist; post %lld is item %lld (name it post:%lld)",
			    (long long)id, (long long)id, (long long)p.item_id, (long long)id);
		else
			err_set(e, ERR_NOTFOUND,
			    "item %lld does not exist, and post %lld is not in the story "
			    "(item ids: 'storied show')",
			    (long long)id, (long long)id);
		post_brief_release(&p);
	} else if (e->code == ERR_NOTFOUND) {
		err_set(e, ERR_NOTFOUND, "item %lld does not exist (see 'storied show')",
		    (long long)id);
	}
	return -1;
}

int
curate_resolve_post(const char *arg, int64_t *post, struct err *e)
{
	enum curate_id kind;

	if (curate_id_parse(arg, &kind, post) == -1)
		return err_set(e, ERR_USAGE, "'%s' is not a post id (14 or post:14)", arg);
	if (kind == CURATE_ID_ITEM)
		return err_set(e, ERR_USAGE,
		    "'%s' is a story item; name a post: 14 or post:14 (see 'storied posts')", arg);
	return 0;
}

void
curate_describe_place(struct buf *out, const struct curate_anchor *at)
{
	switch (at->where) {
	case CURATE_TOP:
		buf_adds(out, " at the top");
		break;
	case CURATE_BOTTOM:
		buf_adds(out, " at the end");
		break;
	case CURATE_AFTER:
		buf_printf(out, " after item %lld", (long long)at->item);
		break;
	case CURATE_BEFORE:
		buf_printf(out, " before item %lld", (long long)at->item);
		break;
	}
}

void
curate_describe_post(struct buf *out, const struct post_brief *p)
{
	buf_printf(out, "post %lld by ", (long long)p->id);
	utf8_append_cols(out, post_brief_author(p), 24);
	buf_adds(out, " \"");
	curate_post_headline(out, p, 32);
	buf_addc(out, '"');
}

void
curate_describe(struct store *s, struct buf *out, const struct story_item *it)
{
	struct post_brief p;
	struct err ignored;

	buf_printf(out, "item %lld: ", (long long)it->id);
	if (it->kind != STORY_POST) {
		buf_printf(out, "%s \"", story_kind_name(it->kind));
		curate_first_line(out, it->body, 40);
		buf_addc(out, '"');
	} else if (it->post.id != 0) {
		curate_describe_post(out, &it->post);
	} else if (store_post_brief(s, it->post_id, &p, &ignored) == 0) {
		curate_describe_post(out, &p);
		post_brief_release(&p);
	} else {
		buf_printf(out, "post %lld", (long long)it->post_id);
	}
}

/* Start a new line of `said` (lines are joined with '\n'). */
void
curate_said_line(struct buf *said)
{
	if (said->len > 0)
		buf_addc(said, '\n');
}
