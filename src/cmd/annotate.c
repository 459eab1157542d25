/*
 * annotate.c - `storied annotate ITEM TEXT`: a Markdown caption under a
 * placed post; "" (or only white space) removes it, "-" reads it from
 * standard input. Only posts have captions: a note or heading is its own
 * text, changed through `storied edit`, and naming one is an error.
 */
#include <stdlib.h>

#include "curate_args.h"

static int
cmd_annotate(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {{NULL, 0, NULL, 0}};
	struct buf said;
	char *text = NULL;
	int64_t id;
	int ch, status, changed;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1)
		return EXIT_USAGE;
	if (ctx->argc - optind != 2)
		return cli_usage(ctx, "give an item and its caption (\"\" removes it)");
	if ((status = curate_parse_item(ctx, ctx->argv[optind], &id)) != EXIT_OK)
		return status;
	if (curate_text_arg(ctx, ctx->argv[optind + 1], &text) == -1)
		return cli_error(ctx);
	buf_init(&said, BUF_NOLIMIT);
	if (curate_set_caption(ctx->store, id, text, &changed, &said, &ctx->err) == -1)
		status = cli_error(ctx);
	else
		curate_say(ctx, &said);
	buf_release(&said);
	free(text);
	return status;
}

const struct cmd_entry cmd_annotate_entry = {"annotate", "ITEM TEXT",
    "set a placed post's caption (\"\" removes it)",
    "TEXT is CommonMark shown under the post; \"-\" reads it from standard input.\n"
    "ITEM is an item id from 'storied show' (7) or the post it holds (post:14).\n"
    "Only posts have captions. A TEXT starting with '-' goes after '--':\n"
    "storied annotate 3 -- \"- a list\". Says what changed on one line (-q,\n"
    "--quiet: nothing). Undoable.\n",
    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_annotate};
