/*
 * move.c - `storied move ITEM (--before ITEM | --after ITEM | --top |
 * --bottom)`: one new order key for the moved item, made between its new
 * neighbours, so the move writes that one row whatever the story's length.
 * An item cannot be its own anchor.
 */
#include "curate_args.h"

static int
cmd_move(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    CURATE_ANCHOR_OPTS,
	    {NULL, 0, NULL, 0},
	};
	struct curate_anchor at = {CURATE_BOTTOM, 0};
	struct buf said;
	int64_t id;
	int ch, given = 0, status;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1)
		if (curate_anchor_opt(ctx, ch, optarg, &at, &given) != 1)
			return ch == '?' || ctx->err.code == ERR_NONE ? EXIT_USAGE : cli_error(ctx);
	if (ctx->argc - optind != 1)
		return cli_usage(ctx, "give one item to move");
	if (given == 0)
		return cli_usage(ctx, "say where: --before ITEM, --after ITEM, --top or --bottom");
	if ((status = curate_parse_item(ctx, ctx->argv[optind], &id)) != EXIT_OK)
		return status;
	buf_init(&said, BUF_NOLIMIT);
	if (curate_move(ctx->store, id, &at, &said, &ctx->err) == -1)
		status = cli_error(ctx);
	else
		curate_say(ctx, &said);
	buf_release(&said);
	return status;
}

const struct cmd_entry cmd_move_entry = {"move",
    "ITEM (--before ITEM | --after ITEM | --top | --bottom)", "move an item in the story",
    "ITEM is an item id from 'storied show' (7) or the post it holds (post:14),\n"
    "for the anchor too: storied move post:14 --after post:9. Only the moved\n"
    "item changes, whatever the story's length. Says what moved on one line\n"
    "(-q, --quiet: nothing). Undoable.\n",
    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_move};
