/*
 * hide.c - `storied hide (POST... | --author TEXT | --search QUERY)` and
 * `storied unhide` the same way: keep spam and off-topic posts out of the
 * way without deleting anything. A hidden post is left out of `posts`
 * (unless --hidden or --all) and of `add --all`; one already in the story
 * stays there (and on the rendered page) until `rm` takes it out, which
 * hide says on the post's own line, with the `rm` to run: an organizer
 * hiding spam that `add --all` placed must not believe it gone. --author and
 * --search pick posts as `posts` does (the same filter), say how many
 * and, on a terminal, ask before going on (--yes does not ask), so spam
 * goes in one command. Recorded for undo; a missing post fails the whole
 * command, so nothing is half-done.
 */
#include <stdlib.h>
#include <string.h>

#include "curate_args.h"

/* Placed posts that hide's summary names in the 'storied rm' it suggests:
   beyond this many, a command line to copy is no help, the listing is. */
#define RM_LISTED 10

struct picked {
	int64_t *ids;
	size_t n, cap;
	size_t placed;
};

static int
pick(const struct post_brief *p, void *arg)
{
	struct picked *pk = arg;

	if (pk->n == pk->cap) {
		pk->cap = pk->cap ? pk->cap * 2 : 64;
		pk->ids = xreallocarray(pk->ids, pk->cap, sizeof *pk->ids);
	}
	pk->ids[pk->n++] = p->id;
	pk->placed += p->item_id != 0;
	return 0;
}

static int
set_hidden(struct cmd_ctx *ctx, int hidden)
{
	static const struct option longopts[] = {
	    {"author", required_argument, NULL, 'a'},
	    {"search", required_argument, NULL, 's'},
	    {"yes", no_argument, NULL, 'y'},
	    {NULL, 0, NULL, 0},
	};
	const char *verb = hidden ? "hide" : "unhide", *done = hidden ? "hid" : "showed";
	struct picked pk = {NULL, 0, 0, 0};
	struct post_filter f;
	int64_t id;
	int ch, changed, yes = 0, status = EXIT_OK;
	size_t nchanged = 0, nplaced = 0;
	struct buf b, rm;

	memset(&f, 0, sizeof f);
	optind = 0;
	while ((ch = cli_getopt(ctx, "y", longopts)) != -1) {
		switch (ch) {
		case 'a':
			f.author = optarg;
			break;
		case 's':
			f.search = optarg;
			break;
		case 'y':
			yes = 1;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if ((f.author || f.search) && optind < ctx->argc)
		return cli_usage(ctx, "give post ids or --author/--search, not both");
	if (!f.author && !f.search && optind == ctx->argc)
		return cli_usage(ctx,
		    "name the posts (14 or post:14), or pick them with --author "
		    "TEXT or --search QUERY");
	if (f.search && *f.search == '\0')
		return cli_usage(ctx, "--search: the query is empty");
	if (f.author || f.search) {
		f.hidden = hidden ? POSTS_VISIBLE : POSTS_HIDDEN;
		if (store_posts_list(ctx->store, &f, pick, &pk, &ctx->err) == -1) {
			status = cli_error(ctx);
			goto out;
		}
		if (pk.n == 0) {
			cli_note(ctx, "no %s posts match; nothing to %s",
			    hidden ? "visible" : "hidden", verb);
			goto out;
		}
		if (!yes) {
			char *q = xasprintf("%s %zu post%s%s?", verb, pk.n, pk.n == 1 ? "" : "s",
			    hidden && pk.placed ? " (some are in the story)" : "");
			int r = cli_confirm(ctx, q);
			free(q);
			if (r != 1) {
				status = r == 0
				    ? cli_fail(ctx, "nothing %s", hidden ? "hidden" : "shown")
				    : EXIT_FAILURE_;
				goto out;
			}
		}
	} else {
		for (int i = optind; i < ctx->argc; i++) {
			if ((status = curate_parse_post(ctx, ctx->argv[i], &id)) != EXIT_OK)
				goto out;
			pick(&(struct post_brief){.id = id}, &pk);
		}
	}
	buf_init(&b, BUF_NOLIMIT);
	buf_init(&rm, BUF_NOLIMIT);
	for (size_t i = 0; i < pk.n && status == EXIT_OK; i++) {
		struct post_brief p;

		id = pk.ids[i];
		if (store_post_set_hidden(ctx->store, id, hidden, &changed, &ctx->err) == -1) {
			status = cli_error(ctx);
			break;
		}
		if (store_post_brief(ctx->store, id, &p, &ctx->err) == -1) {
			status = cli_error(ctx);
			break;
		}
		if (!changed) {
			/* Hidden before, and still placed: the reason to hide it again. */
			if (hidden && p.item_id)
				cli_note(ctx,
				    "post %lld was already hidden; it stays in the story as item "
				    "%lld until 'storied rm post:%lld' takes it out",
				    (long long)id, (long long)p.item_id, (long long)id);
			else
				cli_note(ctx, "post %lld was already %s", (long long)id,
				    hidden ? "hidden" : "shown");
			post_brief_release(&p);
			continue;
		}
		nchanged++;
		if (hidden && p.item_id) {
			if (nplaced < RM_LISTED)
				buf_printf(&rm, " post:%lld", (long long)id);
			nplaced++;
		}
		if (pk.n == 1 || !(f.author || f.search)) {
			buf_reset(&b);
			buf_printf(&b, "%s ", done);
			curate_describe_post(&b, &p);
			if (hidden && p.item_id)
				buf_printf(&b,
				    "; it stays in the story as item %lld until "
				    "'storied rm post:%lld' takes it out",
				    (long long)p.item_id, (long long)id);
			cli_note(ctx, "%s", b.data);
		}
		post_brief_release(&p);
	}
	buf_release(&b);
	if (status == EXIT_OK && pk.n > 1 && (f.author || f.search)) {
		if (nplaced == 0)
			cli_note(ctx, "%s %zu posts", done, nchanged);
		else if (nplaced <= RM_LISTED)
			cli_note(ctx,
			    "%s %zu posts; %zu of them stay in the story until 'storied rm%s' "
			    "takes them out",
			    done, nchanged, nplaced, rm.data);
		else
			cli_note(ctx,
			    "%s %zu posts; %zu of them stay in the story until 'storied rm' "
			    "takes them out ('storied posts --hidden' lists them, marked *)",
			    done, nchanged, nplaced);
	}
	buf_release(&rm);
out:
	free(pk.ids);
	return status;
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

const struct cmd_entry cmd_hide_entry = {"hide",
    "(POST... | --author TEXT | --search QUERY) [--yes] [--quiet]",
    "keep posts out of listings and 'add --all' (nothing is deleted)",
    "POST is a post id from 'storied posts' (14 or post:14). --author TEXT and\n"
    "--search QUERY pick posts as 'storied posts' does (see its help for the\n"
    "QUERY syntax); the count is shown and, on a terminal, confirmed first\n"
    "(-y, --yes: no question). Hidden posts stay in the project file: 'posts\n"
    "--hidden' lists them and 'unhide' brings them back. A post already in the\n"
    "story stays there, and on the rendered page, until 'storied rm post:ID'\n"
    "takes it out; its line says so. Says what changed (-q, --quiet: nothing).\n"
    "Undoable.\n",
    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_hide};

const struct cmd_entry cmd_unhide_entry = {"unhide",
    "(POST... | --author TEXT | --search QUERY) [--yes] [--quiet]", "list hidden posts again",
    "Picks posts as 'hide' does. Undoable.\n", CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_unhide};
