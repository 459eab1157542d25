/*
 * rm.c - `storied rm ITEM...`: take items out of the story. A post stays
 * collected (and can be placed again); a note or heading is gone, except
 * through `undo`. A missing item fails the whole command. ITEM is an
 * item id or post:ID, the item holding that post (curate_parse_item).
 */
#include <stdlib.h>

#include "curate_args.h"

static int
cmd_rm(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {{NULL, 0, NULL, 0}};
	int64_t id, *ids;
	size_t n = 0;
	struct buf b;
	int ch, status = EXIT_OK;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1)
		return EXIT_USAGE;
	if (optind == ctx->argc)
		return cli_usage(ctx, "name the items to take out (see 'storied show')");
	ids = xreallocarray(NULL, (size_t)(ctx->argc - optind), sizeof *ids);
	for (int i = optind; i < ctx->argc; i++) {
		if ((status = curate_parse_item(ctx, ctx->argv[i], &id)) != EXIT_OK)
			goto out;
		for (size_t j = 0; j < n; j++)
			if (ids[j] == id) {
				status = cli_usage(ctx, "item %lld is named twice", (long long)id);
				goto out;
			}
		ids[n++] = id;
	}
	buf_init(&b, BUF_NOLIMIT);
	for (size_t j = 0; j < n && status == EXIT_OK; j++) {
		struct story_item it;

		buf_reset(&b);
		if (store_item_get(ctx->store, ids[j], &it, &ctx->err) == 0) {
			buf_adds(&b, "removed ");
			curate_describe(ctx, &b, &it);
			story_item_release(&it);
		}
		if (store_item_delete(ctx->store, ids[j], &ctx->err) == -1)
			status = cli_error(ctx);
		else
			cli_note(ctx, "%s", b.data);
	}
	buf_release(&b);
out:
	free(ids);
	return status;
}

const struct cmd_entry cmd_rm_entry = {
	"rm", "ITEM... [--quiet]", "take items out of the story (posts stay collected)",
	"ITEM is an item id from 'storied show' (7) or the post it holds (post:14).\n"
	"A missing item fails the command and nothing is removed. Each removal is\n"
	"told on one line (removed item 7: post 14 by @hannah@... \"Train home\");\n"
	"-q, --quiet says nothing. Undoable.\n",
	CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_rm
};
