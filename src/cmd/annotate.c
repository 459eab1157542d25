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
	struct story_item it;
	char *text = NULL, *copy;
	int64_t id;
	int ch, status;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1)
		return EXIT_USAGE;
	if (ctx->argc - optind != 2)
		return cli_usage(ctx, "give an item and its caption (\"\" removes it)");
	if ((status = curate_parse_item(ctx, ctx->argv[optind], &id)) != EXIT_OK)
		return status;
	if (store_item_get(ctx->store, id, &it, &ctx->err) == -1)
		return cli_error(ctx);
	if (it.kind != STORY_POST) {
		status =
		    cli_fail(ctx,
		             "item %lld is a %s: only posts have captions (change a %s's "
		             "text with 'storied edit')",
		             (long long)id, story_kind_name(it.kind), story_kind_name(it.kind));
		goto out;
	}
	if (curate_text_arg(ctx, ctx->argv[optind + 1], &text) == -1) {
		status = cli_error(ctx);
		goto out;
	}
	copy = str_trim(xstrdup(text));
	if (*copy == '\0') {
		free(text);
		text = NULL;
	}
	free(copy);
	if (str_eq(text, it.body)) {
		cli_note(ctx, "item %lld: caption unchanged", (long long)id);
		goto out;
	}
	if (store_item_set_body(ctx->store, id, text, &ctx->err) == -1) {
		status = cli_error(ctx);
	} else {
		struct buf b;

		buf_init(&b, BUF_NOLIMIT);
		buf_adds(&b, text ? (it.body ? "changed the caption of " : "captioned ")
		                  : "removed the caption of ");
		curate_describe(ctx, &b, &it);
		cli_note(ctx, "%s", b.data);
		buf_release(&b);
	}
out:
	free(text);
	story_item_release(&it);
	return status;
}

const struct cmd_entry cmd_annotate_entry = {
	"annotate", "ITEM TEXT", "set a placed post's caption (\"\" removes it)",
	"TEXT is CommonMark shown under the post; \"-\" reads it from standard input.\n"
	"ITEM is an item id from 'storied show' (7) or the post it holds (post:14).\n"
	"Only posts have captions. A TEXT starting with '-' goes after '--':\n"
	"storied annotate 3 -- \"- a list\". Says what changed on one line (-q,\n"
	"--quiet: nothing). Undoable.\n",
	CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_annotate
};
