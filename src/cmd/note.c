/*
 * note.c - `storied note TEXT [position]`: a Markdown text block between
 * posts. "-" reads the text from standard input (its final newlines
 * dropped), so a note can hold several paragraphs. An empty note is
 * refused. Prints the new item's id.
 */
#include <stdlib.h>

#include "curate_args.h"

static int
cmd_note(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    CURATE_ANCHOR_OPTS,
	    {NULL, 0, NULL, 0},
	};
	struct curate_anchor at = {CURATE_BOTTOM, 0};
	char *text = NULL, *copy;
	int ch, given = 0, status;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1)
		if (curate_anchor_opt(ctx, ch, optarg, &at, &given) != 1)
			return ch == '?' || ctx->err.code == ERR_NONE ? EXIT_USAGE : cli_error(ctx);
	if (optind == ctx->argc)
		return cli_usage(ctx, "give the note's text (\"-\" reads it from standard input)");
	if (ctx->argc - optind > 1)
		return cli_usage(ctx, "give the note as one argument (quote it)");
	if (curate_text_arg(ctx, ctx->argv[optind], &text) == -1)
		return cli_error(ctx);
	copy = str_trim(xstrdup(text));
	if (*copy == '\0')
		status = cli_usage(ctx, "the note is empty");
	else
		status = curate_insert_text(ctx, STORY_NOTE, 0, text, &at);
	free(copy);
	free(text);
	return status;
}

const struct cmd_entry cmd_note_entry = {"note",
    "TEXT [--after ITEM | --before ITEM | --top | --bottom]", "add a Markdown note to the story",
    "TEXT is CommonMark; \"-\" reads it from standard input (several paragraphs\n"
    "welcome). A TEXT starting with '-' goes after '--': storied note -- \"- item\".\n"
    "ITEM is an item id from 'storied show' (7) or the post it holds (post:14).\n"
    "The new item's id is printed on standard output, what was added on one line\n"
    "on standard error (-q, --quiet: nothing). Undoable.\n",
    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_note};
