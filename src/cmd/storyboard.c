/*
 * storyboard.c - `storied storyboard export [-o FILE]` and `storied
 * storyboard apply FILE`: the story as plain text to edit with any tool,
 * and back (format: src/curate/storyboard.c, and the comment lines the
 * export starts with). Apply checks the whole file before changing
 * anything and changes everything in one transaction.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "curate_args.h"
#include "fileout.h"

static size_t
line_number(const char *s)
{
	int64_t v = 0;

	if (strncmp(s, "line ", 5) == 0)
		for (s += 5; *s >= '0' && *s <= '9' && v < INT64_MAX / 10; s++)
			v = v * 10 + (*s - '0');
	return v > 0 ? (size_t)v : SIZE_MAX;
}

struct problem_line {
	size_t line, order;
	char *text;
};

static int
cmp_problem(const void *a, const void *b)
{
	const struct problem_line *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

/* Problems in line order, whichever check found them. */
static void
sort_lines(struct buf *b)
{
	struct problem_line *v = NULL;
	size_t n = 0, cap = 0;
	char *copy = xstrdup(b->data), *rest = copy, *line;

	while ((line = strsep(&rest, "\n")) != NULL) {
		if (*line == '\0')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[n].line = line_number(line);
		v[n].order = n;
		v[n].text = line;
		n++;
	}
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_problem);
	buf_reset(b);
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "%s\n", v[i].text);
	free(v);
	free(copy);
}

int
curate_apply_storyboard(struct cmd_ctx *ctx, const char *text, size_t len, int yes, int *changed)
{
	struct storyboard sb;
	struct sb_stats st;
	struct buf problems;
	size_t n;
	int status = EXIT_OK, failed;

	if (changed)
		*changed = 0;
	buf_init(&problems, BUF_NOLIMIT);
	n = storyboard_parse(text, len, &sb, &problems);
	/* Report unknown and repeated posts along with the syntax problems. */
	if (n > 0) {
		n += storyboard_check(ctx->store, &sb, &problems, &ctx->err, &failed);
		if (failed) {
			status = cli_error(ctx);
			goto out;
		}
		sort_lines(&problems);
	}
	if (n == 0 && sb.n == 0) {
		struct story now;

		if (store_story_load(ctx->store, 0, &now, &ctx->err) == -1) {
			status = cli_error(ctx);
			goto out;
		}
		n = now.n;
		story_release(&now);
		if (n == 0) {
			cli_note(ctx, "no changes");
		} else {
			status = cli_fail(ctx,
			    "the storyboard has no items left: nothing applied (to "
			    "take every item out, 'storied rm' them)");
		}
		goto out;
	}
	if (n == 0 && storyboard_apply(ctx->store, &sb, &st, &problems, &ctx->err) == 0) {
		/* The items kept are the blocks not added; with those removed, the
		 * story's size before. */
		size_t before = sb.n - st.added + st.removed;

		if (!yes && st.removed * 2 > before) {
			char *q =
			    xasprintf("this takes %zu of the story's %zu items out; apply it?",
			        st.removed, before);
			int r = cli_confirm(ctx, q);

			free(q);
			if (r != 1) {
				status = cli_fail(ctx, "nothing applied");
				goto out;
			}
		}
		if (st.added + st.removed + st.moved + st.changed == 0) {
			cli_note(ctx, "no changes");
		} else {
			cli_note(ctx,
			    "story changed: %zu added, %zu removed, %zu moved, %zu changed",
			    st.added, st.removed, st.moved, st.changed);
			if (changed)
				*changed = 1;
		}
		goto out;
	}
	for (char *line = problems.data, *nl; *line; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			nl = line + strlen(line) - 1;
		cli_warn(ctx, "%.*s", (int)(nl - line), line);
	}
	if (n > 0)
		cli_fail(
		    ctx, "%zu problem%s in the storyboard; nothing applied", n, n == 1 ? "" : "s");
	status = cli_error(ctx);
out:
	storyboard_release(&sb);
	buf_release(&problems);
	return status;
}

static int
cmd_storyboard_export(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	const char *path = NULL;
	struct story st;
	struct buf b;
	int ch, status = EXIT_OK;

	optind = 0;
	while ((ch = cli_getopt(ctx, "o:", longopts)) != -1) {
		if (ch != 'o')
			return EXIT_USAGE;
		path = optarg;
	}
	if (optind < ctx->argc)
		return cli_usage(ctx, "unexpected argument '%s'", ctx->argv[optind]);
	if (store_story_load(ctx->store, 1, &st, &ctx->err) == -1)
		return cli_error(ctx);
	buf_init(&b, BUF_NOLIMIT);
	storyboard_write(&b, &st, ctx->project.title, ctx->project.timezone);
	story_release(&st);
	if (path && strcmp(path, "-") != 0) {
		if (file_write_atomic(path, b.data, b.len, &ctx->err) == -1)
			status = cli_error(ctx);
		goto out;
	}
	if (fwrite(b.data, 1, b.len, stdout) != b.len || fflush(stdout) != 0)
		status = cli_fail(ctx, "writing standard output: %s", strerror(errno));
out:
	buf_release(&b);
	return status;
}

/* The whole of a file ("-": standard input) into b. */
static int
read_all(struct cmd_ctx *ctx, const char *path, struct buf *b)
{
	char chunk[65536];
	FILE *f = stdin;
	size_t n;
	int status = EXIT_OK;

	if (strcmp(path, "-") != 0 && (f = fopen(path, "rb")) == NULL)
		return cli_fail(ctx, "cannot read %s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (buf_add(b, chunk, n) == -1) {
			status = cli_fail(
			    ctx, "%s: larger than %zu MiB; not a storyboard", path, b->max >> 20);
			break;
		}
	}
	if (status == EXIT_OK && ferror(f))
		status = cli_fail(ctx, "reading %s: %s", path, strerror(errno));
	if (f != stdin)
		fclose(f);
	return status;
}

static int
cmd_storyboard_apply(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"yes", no_argument, NULL, 'y'},
	    {NULL, 0, NULL, 0},
	};
	struct buf b;
	int ch, status, yes = 0;

	optind = 0;
	while ((ch = cli_getopt(ctx, "y", longopts)) != -1) {
		if (ch != 'y')
			return EXIT_USAGE;
		yes = 1;
	}
	if (ctx->argc - optind != 1)
		return cli_usage(ctx, "give one storyboard file (- for standard input)");
	buf_init(&b, (size_t)1 << 30);
	if ((status = read_all(ctx, ctx->argv[optind], &b)) == EXIT_OK)
		status = curate_apply_storyboard(ctx, b.data, b.len, yes, NULL);
	buf_release(&b);
	return status;
}

const struct cmd_entry cmd_storyboard_export_entry = {"storyboard export", "[-o FILE]",
    "write the story as an editable storyboard",
    "-o FILE writes to FILE (- or no -o: standard output). The format is\n"
    "explained in the comment lines at the top of what it writes.\n",
    CMD_PROJECT, cmd_storyboard_export};

const struct cmd_entry cmd_storyboard_apply_entry = {"storyboard apply", "FILE [--yes]",
    "make the story what an edited storyboard says",
    "FILE may be - for standard input. The whole file is checked first: any\n"
    "invalid line, unknown post or post given twice is reported with its line\n"
    "number and nothing is applied (exit 1). Otherwise every difference is\n"
    "applied in one transaction: moved blocks move their items, deleted\n"
    "blocks take items out, new heading and note blocks are added, changed\n"
    "captions change. An unchanged block keeps its item (and id), and so does a\n"
    "note or heading whose text is edited where it stands. A storyboard with no\n"
    "items left applies nothing (exit 1); one that takes more than half of the\n"
    "story out asks first on a terminal (-y, --yes: no question). Undoable.\n",
    CMD_PROJECT | CMD_WRITE | CMD_HISTORY, cmd_storyboard_apply};
