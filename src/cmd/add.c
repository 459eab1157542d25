/*
 * add.c - `storied add POST... [position]` and `storied add --all`: place
 * collected posts in the story, in the order given, at the end unless a
 * position says otherwise. Every post is checked before anything is
 * placed: a missing post, one given twice or one already placed fails the
 * whole command. --all places every post neither placed nor hidden,
 * oldest first, so running it twice places nothing twice. New item ids
 * are printed, one a line, for scripts. --in-order places each post by
 * its time among those placed. --all --by-day puts a ## heading
 * before each day's posts (days of the project's time zone, named in its
 * language where storied knows it: datetime.c), a first draft an
 * organizer can edit rather than a flat list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curate_args.h"
#include "datetime.h"

/*
 * --by-day: the heading each of the n posts needs before it (a day name,
 * or "Undated" for the first post without a date), or NULL when it
 * continues the day before it. Returns how many headings; *out is the
 * caller's to free with its strings.
 */
static int
day_headings(struct cmd_ctx *ctx, const int64_t *ids, size_t n, char ***out, size_t *nheadings)
{
	char **h = xcalloc(n ? n : 1, sizeof *h);
	char day[96], last[96] = "";
	struct post_brief p;

	*nheadings = 0;
	for (size_t i = 0; i < n; i++) {
		if (store_post_brief(ctx->store, ids[i], &p, &ctx->err) == -1) {
			for (size_t k = 0; k < i; k++)
				free(h[k]);
			free(h);
			return -1;
		}
		if (p.has_published)
			time_day_name(p.published, ctx->project.timezone, ctx->project.language,
			    day, sizeof day);
		else
			snprintf(day, sizeof day, "Undated");
		post_brief_release(&p);
		if (strcmp(day, last) != 0) {
			h[i] = xstrdup(day);
			(*nheadings)++;
			snprintf(last, sizeof last, "%s", day);
		}
	}
	*out = h;
	return 0;
}

static int
cmd_add(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"all", no_argument, NULL, 'a'},
	    {"in-order", no_argument, NULL, 'i'},
	    {"by-day", no_argument, NULL, 'd'},
	    CURATE_ANCHOR_OPTS,
	    {NULL, 0, NULL, 0},
	};
	struct curate_anchor at = {CURATE_BOTTOM, 0};
	int64_t *ids = NULL, *items = NULL, id;
	char **headings = NULL;
	struct buf said;
	size_t n = 0, i, nh = 0;
	int ch, all = 0, in_order = 0, by_day = 0, given = 0, status = EXIT_OK, r;

	buf_init(&said, BUF_NOLIMIT);
	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1) {
		if ((r = curate_anchor_opt(ctx, ch, optarg, &at, &given)) == -1) {
			status = cli_error(ctx);
			goto out;
		}
		if (r == 1)
			continue;
		if (ch == 'i') {
			in_order = 1;
		} else if (ch == 'd') {
			by_day = 1;
		} else if (ch == 'a') {
			all = 1;
		} else {
			status = EXIT_USAGE;
			goto out;
		}
	}
	if (in_order && given)
		status =
		    cli_usage(ctx, "--in-order places each post by its time: give no position");
	else if (by_day && !all)
		status = cli_usage(ctx, "--by-day goes with --all");
	else if (by_day && in_order)
		status = cli_usage(ctx,
		    "--by-day places the posts together under day headings: "
		    "not with --in-order");
	else if (all && optind < ctx->argc)
		status = cli_usage(ctx, "give post ids or --all, not both");
	else if (!all && optind == ctx->argc)
		status = cli_usage(ctx, "name the posts to place (see 'storied posts'), or --all");
	if (status != EXIT_OK)
		goto out;
	if (all) {
		if (store_posts_unplaced(ctx->store, &ids, &n, &ctx->err) == -1) {
			status = cli_error(ctx);
			goto out;
		}
	} else {
		ids = xreallocarray(NULL, (size_t)(ctx->argc - optind), sizeof *ids);
		for (int a = optind; a < ctx->argc; a++) {
			if ((status = curate_parse_post(ctx, ctx->argv[a], &id)) != EXIT_OK)
				goto out;
			ids[n++] = id;
		}
		if (curate_check_posts(ctx->store, ids, n, &ctx->err) == -1) {
			status = cli_error(ctx);
			goto out;
		}
	}
	if (n == 0) {
		cli_note(ctx, "every post is already placed or hidden; nothing to add");
		goto out;
	}
	if (by_day && day_headings(ctx, ids, n, &headings, &nh) == -1) {
		status = cli_error(ctx);
		goto out;
	}
	items = xreallocarray(NULL, n, sizeof *items);
	if ((in_order ? curate_add_in_order(ctx->store, ids, n, items, &said, &ctx->err)
	              : curate_add_posts_headed(
	                    ctx->store, ids, headings, n, &at, items, &said, &ctx->err)) == -1) {
		status = cli_error(ctx);
		goto out;
	}
	for (i = 0; i < n; i++)
		curate_print_id(ctx, items[i]);
	curate_say(ctx, &said);
out:
	if (headings)
		for (i = 0; i < n; i++)
			free(headings[i]);
	free(headings);
	buf_release(&said);
	free(items);
	free(ids);
	return status;
}

const struct cmd_entry cmd_add_entry = {"add",
    "POST... [--after ITEM | --before ITEM | --top | --bottom | --in-order] | add --all [--by-day]",
    "place posts in the story (at the end unless told where)",
    "POST is a post id from 'storied posts' (14 or post:14); ITEM an item id\n"
    "from 'storied show' (7) or the post it holds (post:14). Posts go in the\n"
    "order given; each new item's id is printed on standard output, and what\n"
    "was added on one line on standard error (-q, --quiet: nothing). A post\n"
    "is placed at most once: a post already placed, given twice or missing\n"
    "fails the command and nothing is placed.\n"
    "  --all        every post not placed and not hidden, oldest first (twice\n"
    "               is safe)\n"
    "  --in-order   each post by its time: after the latest placed post not\n"
    "               later than it (so before a heading or closing note that\n"
    "               follows that post), else before the earliest\n"
    "  --by-day     with --all: a ## heading before each day's posts, the day\n"
    "               named in the project's time zone and language (\"Saturday\n"
    "               14 March\"; English, French, German, Spanish, Italian,\n"
    "               Portuguese, Dutch, Norwegian, Swedish, Danish), \"Undated\"\n"
    "               before posts without a date\n"
    "Undoable.\n",
    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_add};
