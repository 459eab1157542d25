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
	struct buf said;
	int ch, status = EXIT_OK;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1)
		return EXIT_USAGE;
	if (optind == ctx->argc)
		return cli_usage(ctx, "name the items to take out (see 'storied show')");
	ids = xreallocarray(NULL, (size_t)(ctx->argc - optind), sizeof *ids);
	buf_init(&said, BUF_NOLIMIT);
	for (int i = optind; i < ctx->argc; i++) {
		if ((status = curate_parse_item(ctx, ctx->argv[i], &id)) != EXIT_OK)
			goto out;
		ids[n++] = id;
	}
	if (curate_remove(ctx->store, ids, n, &said, &ctx->err) == -1)
		status = ctx->err.code == ERR_USAGE ? cli_usage(ctx, "%s", ctx->err.msg)
		                                    : cli_error(ctx);
	else
		curate_say(ctx, &said);
out:
	buf_release(&said);
	free(ids);
	return status;
}

const struct cmd_entry cmd_rm_entry = {"rm", "ITEM... [--quiet]",
    "take items out of the story (posts stay collected)",
    "ITEM is an item id from 'storied show' (7) or the post it holds (post:14).\n"
    "A missing item fails the command and nothing is removed. Each removal is\n"
    "told on one line (removed item 7: post 14 by @hannah@... \"Train home\");\n"
    "-q, --quiet says nothing. Undoable.\n",
    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_rm};
