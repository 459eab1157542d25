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
			             "(move it with 'storied move %lld ...')",
			             (long long)ids[i], (long long)p.item_id, (long long)p.item_id);
		post_brief_release(&p);
		if (status != EXIT_OK)
			goto out;
	}
out:
	free(sorted);
	return status;
}

static int
cmd_add(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"all", no_argument, NULL, 'a'},
	    CURATE_ANCHOR_OPTS,
	    {NULL, 0, NULL, 0},
	};
	struct curate_anchor at = {CURATE_BOTTOM, 0};
	int64_t *ids = NULL, id;
	char **keys = NULL;
	size_t n = 0, i;
	int ch, all = 0, given = 0, status = EXIT_OK, r;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1) {
		if ((r = curate_anchor_opt(ctx, ch, optarg, &at, &given)) == -1)
			return EXIT_USAGE;
		if (r == 1)
			continue;
		if (ch != 'a')
			return EXIT_USAGE;
		all = 1;
	}
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
			if ((status = cli_parse_id(ctx, ctx->argv[a], "post", &id)) != EXIT_OK)
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
	}
	cli_note(ctx, "placed %zu post%s", n, n == 1 ? "" : "s");
out:
	if (keys)
		for (i = 0; i < n; i++)
			free(keys[i]);
	free(keys);
	free(ids);
	return status;
}

const struct cmd_entry cmd_add_entry = {
	"add", "POST... [--after ITEM | --before ITEM | --top | --bottom] | add --all",
	"place posts in the story (at the end unless told where)",
	"Posts go in the order given; each new item's id is printed. A post is\n"
	"placed at most once: a post already placed, given twice or missing fails\n"
	"the command and nothing is placed.\n"
	"  --all   every post not placed and not hidden, oldest first (twice is safe)\n"
	"Undoable.\n",
	CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_add
};
