/*
 * edit.c - `storied edit`: the storyboard in the user's editor, applied
 * when the editor exits.
 *
 * The editor is $VISUAL, else $EDITOR, else nano where installed, else
 * vi, run as git runs it:
 * sh -c '$EDITOR "$1"' so the variable may carry options. The project is
 * not locked while the editor is open (that could be hours); when the
 * editor exits, the edited storyboard is applied in one transaction,
 * recorded for undo - unless another command changed the story meanwhile,
 * which applying would silently revert: then nothing is applied. Nothing typed is ever lost: when
 * the editor fails or the text is invalid, the file is kept and its path
 * printed, ready for `storied storyboard apply FILE`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "curate_args.h"

static int
write_file(int fd, const struct buf *b)
{
	size_t off = 0;

	while (off < b->len) {
		ssize_t w = write(fd, b->data + off, b->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

static int
read_file(const char *path, struct buf *b)
{
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");
	int r = 0;

	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_add(b, chunk, n) == -1) {
			r = -1;
			break;
		}
	if (ferror(f))
		r = -1;
	fclose(f);
	return r;
}

/*
 * No $VISUAL or $EDITOR: nano where it is installed, since a newcomer can
 * leave it (its keys are on screen), else vi, as git does. $PATH is
 * searched here, not by the shell, to choose before running anything.
 */
static const char *
editor_default(void)
{
	const char *path = getenv("PATH");
	char *copy, *rest, *dir;
	int found = 0;

	if (path == NULL || *path == '\0')
		path = "/usr/bin:/bin";
	copy = xstrdup(path);
	rest = copy;
	while (!found && (dir = strsep(&rest, ":")) != NULL) {
		char *f = xasprintf("%s/nano", *dir ? dir : ".");
		found = access(f, X_OK) == 0;
		free(f);
	}
	free(copy);
	return found ? "nano" : "vi";
}

/* Run the editor on path; returns its exit status, or -1 when it could not run. */
static int
run_editor(const char *path)
{
	const char *editor = getenv("VISUAL");
	char *script;
	pid_t pid;
	int st;

	if (editor == NULL || *editor == '\0')
		editor = getenv("EDITOR");
	if (editor == NULL || *editor == '\0')
		editor = editor_default();
	script = xasprintf("%s \"$1\"", editor);
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1) {
		free(script);
		return -1;
	}
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", script, editor, path, (char *)NULL);
		_exit(127);
	}
	free(script);
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* EXIT_OK when the story still exports as `before`. */
static int
story_unchanged(struct cmd_ctx *ctx, const struct buf *before)
{
	struct story st;
	struct buf now;
	int same;

	if (store_story_load(ctx->store, 1, &st, &ctx->err) == -1)
		return cli_error(ctx);
	buf_init(&now, BUF_NOLIMIT);
	storyboard_write(&now, &st, ctx->project.title, ctx->project.timezone);
	story_release(&st);
	same = now.len == before->len && memcmp(now.data, before->data, now.len) == 0;
	buf_release(&now);
	if (!same)
		return cli_fail(ctx,
		    "the story changed while you were editing; nothing applied "
		    "('storied storyboard apply FILE' makes it exactly your file)");
	return EXIT_OK;
}

static int
cmd_edit(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"yes", no_argument, NULL, 'y'},
	    {NULL, 0, NULL, 0},
	};
	const char *tmpdir = getenv("TMPDIR");
	struct story st;
	struct buf before, after;
	char *path;
	int ch, fd, status = EXIT_OK, keep = 0, rc, changed, recorded, yes = 0;

	optind = 0;
	while ((ch = cli_getopt(ctx, "y", longopts)) != -1) {
		if (ch != 'y')
			return EXIT_USAGE;
		yes = 1;
	}
	if (optind < ctx->argc)
		return cli_usage(ctx, "unexpected argument '%s'", ctx->argv[optind]);
	if (store_story_load(ctx->store, 1, &st, &ctx->err) == -1)
		return cli_error(ctx);
	buf_init(&before, BUF_NOLIMIT);
	buf_init(&after, (size_t)1 << 30);
	storyboard_write(&before, &st, ctx->project.title, ctx->project.timezone);
	story_release(&st);

	path = xasprintf("%s/storied-edit-XXXXXX.txt", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if ((fd = mkstemps(path, 4)) == -1) {
		status =
		    cli_fail(ctx, "cannot create a temporary file %s: %s", path, strerror(errno));
		goto out_nofile;
	}
	if (write_file(fd, &before) == -1 || close(fd) == -1) {
		status = cli_fail(ctx, "writing %s: %s", path, strerror(errno));
		goto out;
	}
	if ((rc = run_editor(path)) != 0) {
		keep = 1;
		status = rc == -1
		    ? cli_fail(ctx, "cannot run the editor: %s", strerror(errno))
		    : cli_fail(ctx, "the editor exited with status %d; nothing applied", rc);
		goto out;
	}
	if (read_file(path, &after) == -1) {
		keep = 1;
		status = cli_fail(ctx, "reading %s back failed: %s", path, strerror(errno));
		goto out;
	}
	if (after.len == before.len && memcmp(after.data, before.data, before.len) == 0) {
		cli_note(ctx, "no changes");
		goto out;
	}
	if (store_begin(ctx->store, &ctx->err) == -1 ||
	    store_history_begin(ctx->store, &ctx->err) == -1) {
		keep = 1;
		status = cli_error(ctx);
		goto out;
	}
	/* Another command may have changed the story while the editor was open:
	 * applying would silently undo that, so stop and let the user choose. */
	if ((status = story_unchanged(ctx, &before)) != EXIT_OK) {
		store_rollback(ctx->store);
		keep = 1;
		goto out;
	}
	status = curate_apply_storyboard(ctx, after.data, after.len, yes, &changed);
	if (status == EXIT_OK && changed &&
	    store_history_record(ctx->store, ctx->command_line, &recorded, &ctx->err) == -1)
		status = cli_error(ctx);
	if (status == EXIT_OK && store_commit(ctx->store, &ctx->err) == -1)
		status = cli_error(ctx);
	if (status != EXIT_OK) {
		store_rollback(ctx->store);
		keep = 1;
	}
out:
	if (keep)
		cli_warn(ctx,
		    "your storyboard is kept in %s (fix it, then 'storied storyboard apply %s')",
		    path, path);
	else
		unlink(path);
out_nofile:
	free(path);
	buf_release(&before);
	buf_release(&after);
	return status;
}

const struct cmd_entry cmd_edit_entry = {"edit", "[--yes]",
    "edit the story as a storyboard in $VISUAL or $EDITOR",
    "Opens the storyboard (see 'storied storyboard export') in $VISUAL, else\n"
    "$EDITOR, else nano where installed, else vi (run as sh -c '$EDITOR \"$1\"',\n"
    "so the variable may hold options), and applies it when the editor exits:\n"
    "unchanged means \"no changes\"; an invalid file shows each problem and\n"
    "keeps your text in a file whose path is printed, to fix and pass to\n"
    "'storyboard apply'. Saving a storyboard with no items left applies\n"
    "nothing; one that takes more than half of the story out asks first\n"
    "(-y, --yes: no question). The project is not locked while you edit.\n"
    "Undoable.\n",
    CMD_PROJECT, cmd_edit};
