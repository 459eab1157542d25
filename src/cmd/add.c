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
cmd_add(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"all", no_argument, NULL, 'a'},
	    CURATE_ANCHOR_OPTS,
	    {NULL, 0, NULL, 0},
	};
	struct curate_anchor at = {CURATE_BOTTOM, 0};
	int64_t *ids = NULL, *items = NULL, id;
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
		if (curate_check_posts(ctx->store, ids, n, &ctx->err) == -1) {
			status = cli_error(ctx);
			goto out;
		}
	}
	if (n == 0) {
		cli_note(ctx, "every post is already placed or hidden; nothing to add");
		goto out;
	}
	items = xreallocarray(NULL, n, sizeof *items);
	if (curate_add_posts(ctx->store, ids, n, &at, items, &ctx->err) == -1) {
		status = cli_error(ctx);
		goto out;
	}
	for (i = 0; i < n; i++)
		printf("%lld\n", (long long)items[i]);
	cli_note(ctx, "placed %zu post%s", n, n == 1 ? "" : "s");
out:
	free(items);
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
