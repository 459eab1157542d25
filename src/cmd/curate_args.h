/*
 * curate_args.h - what the curation commands (src/cmd/) share: position
 * options, reading a text argument, and printing tables of posts.
 */
#ifndef STORIED_CMD_CURATE_ARGS_H
#define STORIED_CMD_CURATE_ARGS_H

#include <jansson.h>

#include "cli.h"
#include "curate.h"

/* Long options for a position: --after ITEM, --before ITEM, --top, --bottom. */
#define CURATE_ANCHOR_OPTS                                                                         \
	{"after", required_argument, NULL, CURATE_OPT_AFTER},                                      \
	    {"before", required_argument, NULL, CURATE_OPT_BEFORE},                                \
	    {"top", no_argument, NULL, CURATE_OPT_TOP},                                            \
	{                                                                                          \
		"bottom", no_argument, NULL, CURATE_OPT_BOTTOM                                     \
	}

enum {
	CURATE_OPT_AFTER = 0x100,
	CURATE_OPT_BEFORE,
	CURATE_OPT_TOP,
	CURATE_OPT_BOTTOM,
};

/*
 * Ids on the command line (curate_resolve_item, curate_resolve_post): an
 * ITEM is "7", "item:7" or the post it holds, "post:14"; a POST is "14" or
 * "post:14". Each returns an exit status (ctx->err filled when not
 * EXIT_OK); an item must exist.
 */
int curate_parse_item(struct cmd_ctx *ctx, const char *arg, int64_t *item);
int curate_parse_post(struct cmd_ctx *ctx, const char *arg, int64_t *post);

/* Print what a curation action said (its `said` lines) as notes; -q: nothing. */
void curate_say(struct cmd_ctx *ctx, const struct buf *said);

/* The id of a new story item, for standard output once it is committed. */
void curate_print_id(struct cmd_ctx *ctx, int64_t id);

/*
 * Four columns of marks for a post in a listing: '*' in the story, 'm'
 * media attached, '!' a content warning, 'r' a reply (its text opens with
 * a mention).
 */
void curate_post_marks(struct buf *line, const struct post_brief *p);
/*
 * A post's text for a listing line: cut to cols columns (its title, else
 * its first line), or with cols 0 all of it (title and text) on one line.
 */
void curate_post_text(struct buf *line, const struct post_brief *p, size_t cols);

/*
 * If ch is one of the position options, record it in *at and return 1;
 * return 0 for any other option, or -1 (ctx->err filled, a usage error)
 * when a position was already given or the item id is malformed.
 * *given counts positions seen.
 */
int curate_anchor_opt(
    struct cmd_ctx *ctx, int ch, const char *arg, struct curate_anchor *at, int *given);

/*
 * The text of a TEXT operand: "-" reads standard input (its final newlines
 * dropped). *out is the caller's. Fills ctx->err and returns -1 when it
 * is not valid UTF-8 or cannot be read.
 */
int curate_text_arg(struct cmd_ctx *ctx, const char *arg, char **out);

/* "2026-03-14 10:20" in the project's zone, or "-" when unknown. */
void curate_time(struct cmd_ctx *ctx, int has, int64_t t, char *out, size_t n);

/* Insert one note or heading at `at` and print its id (note, heading). */
int curate_insert_text(struct cmd_ctx *ctx, enum story_kind kind, int level, const char *text,
    const struct curate_anchor *at);

/*
 * A JSON array written one element at a time, formatted as jansson's
 * JSON_INDENT(2) formats a whole array, without building it in memory:
 * show --json on 100,000 items stays a stream. json_stream_item takes
 * (and frees) the element. Returns 0, or -1 when writing failed.
 */
struct json_stream {
	size_t n;
	int failed;
};
void json_stream_item(struct json_stream *js, json_t *item);
int json_stream_end(struct json_stream *js);

/*
 * Parse text as a storyboard and apply it in the current transaction,
 * printing each problem as "storied: COMMAND: line N: ..." and what
 * changed as a note. Returns an exit status; on failure nothing should be
 * committed. *changed (may be NULL) says whether anything changed.
 * A storyboard without items applies nothing and says so (exit 1), as
 * `git rebase -i` does with an empty list; one that takes more than half
 * of the story out asks first on a terminal, unless `yes`.
 */
int curate_apply_storyboard(
    struct cmd_ctx *ctx, const char *text, size_t len, int yes, int *changed);

#endif
