/*
 * history.c - `storied history [--limit N] [--json]`: the curation
 * commands recorded for undo, newest first, with their time in the
 * project's zone, how many rows each changed, and which were undone.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "curate_args.h"
#include "datetime.h"

static int
cmd_history(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"limit", required_argument, NULL, 'n'},
	    {"json", no_argument, NULL, 'j'},
	    {NULL, 0, NULL, 0},
	};
	struct history_entry *h;
	int64_t limit = 0;
	size_t n;
	int ch, json = 0, status = EXIT_OK, cols = cli_columns(0);
	char when[32];

	optind = 0;
	while ((ch = cli_getopt(ctx, "n:", longopts)) != -1) {
		if (ch == 'j')
			json = 1;
		else if (ch == 'n') {
			if (str_to_int64(optarg, 1, INT64_MAX, &limit) == -1)
				return cli_usage(
				    ctx, "--limit: '%s' is not a positive number", optarg);
		} else
			return EXIT_USAGE;
	}
	if (optind < ctx->argc)
		return cli_usage(ctx, "unexpected argument '%s'", ctx->argv[optind]);
	if (store_history_list(ctx->store, limit, &h, &n, &ctx->err) == -1)
		return cli_error(ctx);
	if (json) {
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++) {
			time_format_utc(h[i].at, when, sizeof when);
			json_array_append_new(a,
			    json_pack("{s:I, s:s, s:s, s:I, s:b}", "id", (json_int_t)h[i].id, "at",
			        when, "command", h[i].command ? h[i].command : "", "changes",
			        (json_int_t)h[i].changes, "undone", h[i].undone));
		}
		status = cli_json_print(ctx, a);
		json_decref(a);
	} else {
		if (n == 0)
			cli_note(ctx, "no curation commands recorded yet");
		for (size_t i = 0; i < n; i++) {
			struct buf line;
			char *flat = xstrdup(h[i].command ? h[i].command : "");
			/* A note given on the command line may hold line breaks. */
			for (char *c = flat; *c; c++)
				if ((unsigned char)*c < 0x20)
					*c = ' ';
			curate_time(ctx, 1, h[i].at, when, sizeof when);
			buf_init(&line, BUF_NOLIMIT);
			buf_printf(&line, "%5lld  %s  %-8s ", (long long)h[i].id, when,
			    h[i].undone ? "(undone)" : "");
			utf8_append_cols(&line, flat,
			    cols == 0       ? SIZE_MAX
			        : cols > 45 ? (size_t)cols - 35
			                    : 10);
			puts(line.data);
			buf_release(&line);
			free(flat);
		}
	}
	for (size_t i = 0; i < n; i++)
		history_entry_release(&h[i]);
	free(h);
	return status;
}

const struct cmd_entry cmd_history_entry = {"history", "[--limit N] [--json]",
    "list the curation commands undo can reverse",
    "Newest first: entry id, time, (undone) when it was, and the command line.\n", CMD_PROJECT,
    cmd_history};
