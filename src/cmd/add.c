/*
 * add.c - `storied add POST... [position]` and `storied add --all`: place
 * collected posts in the story, in the order given, at the end unless a
 * position says otherwise. Every post is checked before anything is
 * placed: a missing post, one given twice or one already placed fails the
 * whole command. --all places every post neither placed nor hidden,
 * oldest first, so running it twice places nothing twice. New item ids
 * are printed, one a line, for scripts.
 */
#include <stdio.h>
#include <stdlib.h>

#include "curate_args.h"

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int
check_posts(struct cmd_ctx *ctx, const int64_t *ids, size_t n)
{
	int64_t *sorted = xreallocarray(NULL, n ? n : 1, sizeof *sorted);
	struct post_brief p;
	int status = EXIT_OK;

	for (size_t i = 0; i < n; i++)
		sorted[i] = ids[i];
	qsort(sorted, n, sizeof *sorted, cmp_id);
	for (size_t i = 1; i < n; i++) {
		if (sorted[i] == sorted[i - 1]) {
			status =
			    cli_fail(ctx, "post %lld is given twice: a post is placed at most once",
			             (long long)sorted[i]);
			goto out;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (store_post_brief(ctx->store, ids[i], &p, &ctx->err) == -1) {
			status = cli_error(ctx);
			goto out;
		}
		if (p.item_id)
			status =
			    cli_fail(ctx,
			             "post %lld is already in the story as item %lld "
			             "(move it with 'storied move post:%lld ...')",
			             (long long)ids[i], (long long)p.item_id, (long long)ids[i]);
		post_brief_release(&p);
		if (status != EXIT_OK)
			goto out;
	}
out:
	free(sorted);
	return status;
}

/* A placed post's time, for --in-order. */
struct placed {
	int64_t item;
	int64_t published;
};

struct in_order {
	struct placed *v;
	size_t n, cap;
};

static void
in_order_push(struct in_order *o, int64_t item, int64_t published)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->v = xreallocarray(o->v, o->cap, sizeof *o->v);
	}
	o->v[o->n].item = item;
	o->v[o->n++].published = published;
}

static int
in_order_load(struct cmd_ctx *ctx, struct in_order *o)
{
	struct story st;

	if (store_story_load(ctx->store, 1, &st, &ctx->err) == -1)
		return -1;
	for (size_t i = 0; i < st.n; i++)
		if (st.items[i].kind == STORY_POST && st.items[i].post.has_published)
			in_order_push(o, st.items[i].id, st.items[i].post.published);
	story_release(&st);
	return 0;
}

/*
 * Where a post published at t goes: after the latest placed post not
 * later than it (the last in story order among equals), so it lands before
 * a heading or note that follows that post; else before the earliest
 * placed post; else at the end.
 */
static struct curate_anchor
in_order_anchor(const struct in_order *o, int has, int64_t t)
{
	struct curate_anchor at = {CURATE_BOTTOM, 0};
	const struct placed *best = NULL, *first = NULL;

	if (!has)
		return at;
	for (size_t i = 0; i < o->n; i++) {
		const struct placed *p = &o->v[i];
		if (p->published <= t && (best == NULL || p->published >= best->published))
			best = p;
		if (first == NULL || p->published < first->published)
			first = p;
	}
	if (best) {
		at.where = CURATE_AFTER;
		at.item = best->item;
	} else if (first) {
		at.where = CURATE_BEFORE;
		at.item = first->item;
	}
	return at;
}

/* --in-order: each post by its time, oldest first, one insert each. */
static int
add_in_order(struct cmd_ctx *ctx, int64_t *ids, size_t n)
{
	struct in_order o = {NULL, 0, 0};
	struct post_brief *p = xreallocarray(NULL, n ? n : 1, sizeof *p);
	size_t i, loaded = 0;
	int status = EXIT_OK;

	if (in_order_load(ctx, &o) == -1) {
		status = cli_error(ctx);
		goto out;
	}
	for (i = 0; i < n; i++, loaded++)
		if (store_post_brief(ctx->store, ids[i], &p[i], &ctx->err) == -1) {
			status = cli_error(ctx);
			goto out;
		}
	for (i = 0; i < n; i++) {
		/* Oldest first, so each finds the ones before it placed. */
		size_t k = i;
		for (size_t j = i + 1; j < n; j++)
			if (p[j].has_published &&
			    (!p[k].has_published || p[j].published < p[k].published))
				k = j;
		struct post_brief tmp = p[i];
		p[i] = p[k];
		p[k] = tmp;
	}
	for (i = 0; i < n; i++) {
		struct curate_anchor at = in_order_anchor(&o, p[i].has_published, p[i].published);
		char *key = NULL;
		int64_t id;

		if (curate_keys_at(ctx->store, &at, 0, 1, &key, &ctx->err) == -1 ||
		    store_item_insert(ctx->store, STORY_POST, p[i].id, NULL, 0, key, &id,
		                      &ctx->err) == -1) {
			free(key);
			status = cli_error(ctx);
			goto out;
		}
		free(key);
		printf("%lld\n", (long long)id);
		if (p[i].has_published)
			in_order_push(&o, id, p[i].published);
		if (n == 1) {
			struct buf b;
			struct story_item it = {.id = id, .kind = STORY_POST, .post_id = p[i].id};

			buf_init(&b, BUF_NOLIMIT);
			buf_adds(&b, "added ");
			it.post = p[i];
			curate_describe(ctx, &b, &it);
			curate_describe_place(ctx, &b, &at);
			cli_note(ctx, "%s", b.data);
			buf_release(&b);
		}
	}
	if (n > 1)
		cli_note(ctx, "added %zu posts, each by its time among the placed posts", n);
out:
	for (i = 0; i < loaded; i++)
		post_brief_release(&p[i]);
	free(p);
	free(o.v);
	return status;
}

static int
cmd_add(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"all", no_argument, NULL, 'a'},
	    {"in-order", no_argument, NULL, 'i'},
	    CURATE_ANCHOR_OPTS,
	    {NULL, 0, NULL, 0},
	};
	struct curate_anchor at = {CURATE_BOTTOM, 0};
	int64_t *ids = NULL, id;
	char **keys = NULL;
	size_t n = 0, i;
	int ch, all = 0, in_order = 0, given = 0, status = EXIT_OK, r;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1) {
		if ((r = curate_anchor_opt(ctx, ch, optarg, &at, &given)) == -1)
			return cli_error(ctx);
		if (r == 1)
			continue;
		if (ch == 'i')
			in_order = 1;
		else if (ch == 'a')
			all = 1;
		else
			return EXIT_USAGE;
	}
	if (in_order && given)
		return cli_usage(ctx, "--in-order places each post by its time: give no position");
	if (all && optind < ctx->argc)
		return cli_usage(ctx, "give post ids or --all, not both");
	if (!all && optind == ctx->argc)
		return cli_usage(ctx, "name the posts to place (see 'storied posts'), or --all");
	if (all) {
		if (store_posts_unplaced(ctx->store, &ids, &n, &ctx->err) == -1)
			return cli_error(ctx);
	} else {
		ids = xreallocarray(NULL, (size_t)(ctx->argc - optind), sizeof *ids);
		for (int a = optind; a < ctx->argc; a++) {
			if ((status = curate_parse_post(ctx, ctx->argv[a], &id)) != EXIT_OK)
				goto out;
			ids[n++] = id;
		}
		if ((status = check_posts(ctx, ids, n)) != EXIT_OK)
			goto out;
	}
	if (n == 0) {
		cli_note(ctx, "every post is already placed or hidden; nothing to add");
		goto out;
	}
	if (in_order) {
		status = add_in_order(ctx, ids, n);
		goto out;
	}
	keys = xreallocarray(NULL, n, sizeof *keys);
	if (curate_keys_at(ctx->store, &at, 0, n, keys, &ctx->err) == -1) {
		free(keys);
		keys = NULL;
		status = cli_error(ctx);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (store_item_insert(ctx->store, STORY_POST, ids[i], NULL, 0, keys[i], &id,
		                      &ctx->err) == -1) {
			status = cli_error(ctx);
			goto out;
		}
		printf("%lld\n", (long long)id);
		if (n == 1) {
			struct story_item it = {.id = id, .kind = STORY_POST, .post_id = ids[i]};
			struct buf b;

			buf_init(&b, BUF_NOLIMIT);
			buf_adds(&b, "added ");
			curate_describe(ctx, &b, &it);
			curate_describe_place(ctx, &b, &at);
			cli_note(ctx, "%s", b.data);
			buf_release(&b);
		}
	}
	if (n > 1) {
		struct buf b;

		buf_init(&b, BUF_NOLIMIT);
		buf_printf(&b, "added %zu posts as items %lld to %lld", n, (long long)(id - (int64_t)n + 1),
		           (long long)id);
		curate_describe_place(ctx, &b, &at);
		cli_note(ctx, "%s", b.data);
		buf_release(&b);
	}
out:
	if (keys)
		for (i = 0; i < n; i++)
			free(keys[i]);
	free(keys);
	free(ids);
	return status;
}

const struct cmd_entry cmd_add_entry = {
	"add", "POST... [--after ITEM | --before ITEM | --top | --bottom | --in-order] | add --all",
	"place posts in the story (at the end unless told where)",
	"POST is a post id from 'storied posts' (14 or post:14); ITEM an item id\n"
	"from 'storied show' (7) or the post it holds (post:14). Posts go in the\n"
	"order given; each new item's id is printed on standard output, and what\n"
	"was added on one line on standard error (-q, --quiet: nothing). A post\n"
	"is placed at most once: a post already placed, given twice or missing\n"
	"fails the command and nothing is placed.\n"
	"  --all        every post not placed and not hidden, oldest first (twice\n"
	"               is safe)\n"
	"  --in-order   each post by its time: after the latest placed post not\n"
	"               later than it (so before a heading or closing note that\n"
	"               follows that post), else before the earliest\n"
	"Undoable.\n",
	CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_add
};
