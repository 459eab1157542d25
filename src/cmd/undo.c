/*
 * undo.c - `storied undo`: reverse the newest curation command not yet
 * undone, restoring every row it changed; run it again to go further
 * back. Undo is not a history entry of its own: it marks the entry undone
 * and keeps what it changed there, for `redo`. When a
 * later change outside the history is in the way, nothing is changed.
 */
#include "curate_args.h"

static int
cmd_undo(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {{NULL, 0, NULL, 0}};
	struct history_entry h;
	int ch;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1)
		return EXIT_USAGE;
	if (optind < ctx->argc)
		return cli_usage(ctx, "unexpected argument '%s'", ctx->argv[optind]);
	if (store_history_undo(ctx->store, &h, &ctx->err) == -1) {
		history_entry_release(&h);
		return cli_error(ctx);
	}
	/* The command line may hold a note's line breaks: keep the note one line. */
	for (char *c = h.command; c && *c; c++)
		if ((unsigned char)*c < 0x20)
			*c = ' ';
	cli_note(ctx, "undid: %s", h.command ? h.command : "");
	history_entry_release(&h);
	return EXIT_OK;
}

const struct cmd_entry cmd_undo_entry = {"undo", "", "reverse the last curation command",
    "Restores what the newest curation command not yet undone changed (add,\n"
    "note, heading, annotate, move, rm, hide, unhide, storyboard apply, edit);\n"
    "run it again to go further back; 'storied redo' does it again. See\n"
    "'storied history'.\n",
    CMD_PROJECT | CMD_WRITE, cmd_undo};
