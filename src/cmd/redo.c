/*
 * redo.c - `storied redo`: do again what `undo` reversed, oldest first,
 * as an editor's Redo does. A new curation command after an undo ends
 * what can be redone. When a later change outside the history is in the
 * way, nothing is changed.
 */
#include "curate_args.h"

static int
cmd_redo(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {{NULL, 0, NULL, 0}};
	struct history_entry h;
	int ch;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1)
		return EXIT_USAGE;
	if (optind < ctx->argc)
		return cli_usage(ctx, "unexpected argument '%s'", ctx->argv[optind]);
	if (store_history_redo(ctx->store, &h, &ctx->err) == -1) {
		history_entry_release(&h);
		return cli_error(ctx);
	}
	for (char *c = h.command; c && *c; c++)
		if ((unsigned char)*c < 0x20)
			*c = ' ';
	cli_note(ctx, "redid: %s", h.command ? h.command : "");
	history_entry_release(&h);
	return EXIT_OK;
}

const struct cmd_entry cmd_redo_entry = {"redo", "", "do again what 'undo' reversed",
    "Replays the oldest command that 'undo' reversed; run it again to go\n"
    "further. A new curation command after an undo ends what can be redone.\n",
    CMD_PROJECT | CMD_WRITE, cmd_redo};
