/*
 * hide.c - `storied hide POST...` and `storied unhide POST...`: keep spam
 * and off-topic posts out of the way without deleting anything. A hidden
 * post is left out of `posts` (unless --hidden or --all) and of `add
 * --all`; one already in the story stays there until `rm` takes it out,
 * which hide says. Both are recorded for undo; a missing post fails the
 * whole command, so nothing is half-done.
 */
#include "curate_args.h"

static int
set_hidden(struct cmd_ctx *ctx, int hidden)
{
	int64_t id;
	int changed, status;

	if (ctx->argc > 1 && ctx->argv[1][0] == '-' && ctx->argv[1][1] != '\0')
		return cli_usage(ctx, "unknown option '%s'", ctx->argv[1]);
	if (ctx->argc < 2)
		return cli_usage(ctx, "name at least one post id");
	for (int i = 1; i < ctx->argc; i++)
		if ((status = cli_parse_id(ctx, ctx->argv[i], "post", &id)) != EXIT_OK)
			return status;
	for (int i = 1; i < ctx->argc; i++) {
		struct post_brief p;
		str_to_int64(ctx->argv[i], 1, INT64_MAX, &id);
		if (store_post_set_hidden(ctx->store, id, hidden, &changed, &ctx->err) == -1)
			return cli_error(ctx);
		if (!changed) {
			cli_note(ctx, "post %lld was already %s", (long long)id,
			         hidden ? "hidden" : "shown");
			continue;
		}
		if (hidden && store_post_brief(ctx->store, id, &p, &ctx->err) == 0) {
			if (p.item_id)
				cli_note(ctx,
				         "post %lld is hidden but stays in the story as item %lld "
				         "(storied rm %lld takes it out)",
				         (long long)id, (long long)p.item_id, (long long)p.item_id);
			post_brief_release(&p);
		}
	}
	return EXIT_OK;
}

static int
cmd_hide(struct cmd_ctx *ctx)
{
	return set_hidden(ctx, 1);
}

static int
cmd_unhide(struct cmd_ctx *ctx)
{
	return set_hidden(ctx, 0);
}

const struct cmd_entry cmd_hide_entry = {
	"hide", "POST...", "keep posts out of listings and 'add --all' (nothing is deleted)",
	"Hidden posts stay in the project file: 'posts --hidden' lists them and\n"
	"'unhide' brings them back. A post already in the story stays there until\n"
	"'storied rm ITEM' takes it out. Undoable.\n",
	CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_hide
};

const struct cmd_entry cmd_unhide_entry = {
	"unhide", "POST...", "list hidden posts again", "Undoable.\n",
	CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_unhide
};
