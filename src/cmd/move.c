/*
 * move.c - `storied move ITEM (--before ITEM | --after ITEM | --top |
 * --bottom)`: one new order key for the moved item, made between its new
 * neighbours, so the move writes that one row whatever the story's length.
 * An item cannot be its own anchor.
 */
#include <stdlib.h>

#include "curate_args.h"

static int
cmd_move(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    CURATE_ANCHOR_OPTS,
	    {NULL, 0, NULL, 0},
	};
	struct curate_anchor at = {CURATE_BOTTOM, 0};
	struct story_item it;
	char *key = NULL;
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
	if (store_item_get(ctx->store, id, &it, &ctx->err) == -1)
		return cli_error(ctx);
	if (curate_keys_at(ctx->store, &at, id, 1, &key, &ctx->err) == -1) {
		story_item_release(&it);
		return cli_error(ctx);
	}
	if (store_item_set_position(ctx->store, id, key, &ctx->err) == -1) {
		status = cli_error(ctx);
	} else {
		struct buf b;

		buf_init(&b, BUF_NOLIMIT);
		buf_adds(&b, "moved ");
		curate_describe(ctx, &b, &it);
		curate_describe_place(ctx, &b, &at);
		cli_note(ctx, "%s", b.data);
		buf_release(&b);
	}
	story_item_release(&it);
	free(key);
	return status;
}

const struct cmd_entry cmd_move_entry = {
	"move", "ITEM (--before ITEM | --after ITEM | --top | --bottom)",
	"move an item in the story",
	"ITEM is an item id from 'storied show' (7) or the post it holds (post:14),\n"
	"for the anchor too: storied move post:14 --after post:9. Only the moved\n"
	"item changes, whatever the story's length. Says what moved on one line\n"
	"(-q, --quiet: nothing). Undoable.\n",
	CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_move
};
