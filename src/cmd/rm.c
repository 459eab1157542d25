/*
 * rm.c - `storied rm ITEM...`: take items out of the story. A post stays
 * collected (and can be placed again); a note or heading is gone, except
 * through `undo`. A missing item fails the whole command.
 */
#include <stdlib.h>

#include "curate_args.h"

static int
cmd_rm(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {{NULL, 0, NULL, 0}};
	int64_t id, *ids;
	size_t n = 0;
	int ch, status;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1)
		return EXIT_USAGE;
	if (optind == ctx->argc)
		return cli_usage(ctx, "name the items to take out (see 'storied show')");
	for (int i = optind; i < ctx->argc; i++)
		if ((status = cli_parse_id(ctx, ctx->argv[i], "item", &id)) != EXIT_OK)
			return status;
	ids = xreallocarray(NULL, (size_t)(ctx->argc - optind), sizeof *ids);
	for (int i = optind; i < ctx->argc; i++)
		str_to_int64(ctx->argv[i], 1, INT64_MAX, &ids[n++]);
	status = curate_remove(ctx->store, ids, n, &ctx->err) == -1 ? cli_error(ctx) : EXIT_OK;
	free(ids);
	return status;
}

const struct cmd_entry cmd_rm_entry = {
	"rm", "ITEM...", "take items out of the story (posts stay collected)",
	"A missing item fails the command and nothing is removed. Undoable.\n",
	CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_rm
};
