/*
 * heading.c - `storied heading TEXT [--level N] [position]`: a section
 * heading. Level 2 by default (the story's title is level 1), up to 6.
 * A heading is one line: text with a line break is refused rather than
 * silently joined. Prints the new item's id.
 */
#include <stdlib.h>
#include <string.h>

#include "curate_args.h"

static int
cmd_heading(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"level", required_argument, NULL, 'l'},
	    CURATE_ANCHOR_OPTS,
	    {NULL, 0, NULL, 0},
	};
	struct curate_anchor at = {CURATE_BOTTOM, 0};
	char *text = NULL;
	int64_t level = 2;
	int ch, given = 0, status, r;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1) {
		if ((r = curate_anchor_opt(ctx, ch, optarg, &at, &given)) == -1)
			return cli_error(ctx);
		if (r == 1)
			continue;
		if (ch != 'l')
			return EXIT_USAGE;
		if (str_to_int64(optarg, 2, 6, &level) == -1)
			return cli_usage(
			    ctx, "--level: '%s' is not 2 to 6 (the title is level 1)", optarg);
	}
	if (optind == ctx->argc)
		return cli_usage(ctx, "give the heading's text");
	if (ctx->argc - optind > 1)
		return cli_usage(ctx, "give the heading as one argument (quote it)");
	if (curate_text_arg(ctx, ctx->argv[optind], &text) == -1)
		return cli_error(ctx);
	str_trim(text);
	if (*text == '\0')
		status = cli_usage(ctx, "the heading is empty");
	else if (strpbrk(text, "\r\n") != NULL)
		status = cli_usage(ctx, "a heading is one line (use a note for more)");
	else
		status = curate_insert_text(ctx, STORY_HEADING, (int)level, text, &at);
	free(text);
	return status;
}

const struct cmd_entry cmd_heading_entry = {"heading",
    "TEXT [--level N] [--after ITEM | --before ITEM | --top | --bottom]",
    "add a section heading to the story",
    "One line of text. --level 2 to 6 (default 2; the story's title is level 1).\n"
    "\"-\" reads the text from standard input. ITEM is an item id from 'storied\n"
    "show' (7) or the post it holds (post:14). The new item's id is printed on\n"
    "standard output, what was added on one line on standard error (-q, --quiet:\n"
    "nothing). Undoable.\n",
    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_heading};
