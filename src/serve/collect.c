/*
 * collect.c - running storied itself from the editor: `collect` in the
 * background (its progress lines kept for the page to show), and short
 * commands (`init`, `config`, `source add`, `source rm`) run to the end,
 * so the Project page does exactly what those commands do. A child is
 * this same program (/proc/self/exe) on the same project file; SQLite's
 * locking lets it write while the editor reads.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "datetime.h"
#include "internal.h"

extern char **environ;

/* Spawn storied -p PROJECT ARGS... with stderr (and stdout when both) on a pipe. */
static pid_t
spawn_storied(struct serve *sv, const char *const *args, int both, int *fd, struct err *e)
{
	posix_spawn_file_actions_t fa;
	const char *argv[16];
	size_t n = 0;
	int p[2], rc;
	pid_t pid;

	argv[n++] = "storied";
	argv[n++] = "-p";
	argv[n++] = sv->project_path;
	for (size_t i = 0; args[i] && n < ARRAY_LEN(argv) - 1; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if (pipe(p) == -1)
		return err_set(e, ERR_FAIL, "cannot run storied: %s", strerror(errno));
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (both)
		posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	else
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 2);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	posix_spawn_file_actions_addclose(&fa, p[1]);
	rc = posix_spawn(&pid, sv->self_exe, &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc != 0) {
		close(p[0]);
		return err_set(e, ERR_FAIL, "cannot run storied: %s", strerror(rc));
	}
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	*fd = p[0];
	return pid;
}

int
serve_run_storied(struct serve *sv, const char *const *args, struct buf *out, struct err *e)
{
	char chunk[4096];
	ssize_t n;
	pid_t pid;
	int fd, status;

	if ((pid = spawn_storied(sv, args, 1, &fd, e)) == -1)
		return -1;
	while ((n = read(fd, chunk, sizeof chunk)) > 0 || (n == -1 && errno == EINTR))
		if (n > 0)
			buf_add(out, chunk, (size_t)n);
	close(fd);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return err_set(e, ERR_FAIL, "waiting for storied: %s", strerror(errno));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static void
keep_line(struct serve_collect *c, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (c->nlines == ARRAY_LEN(c->lines)) {
		free(c->lines[0]);
		memmove(c->lines, c->lines + 1, (c->nlines - 1) * sizeof c->lines[0]);
		c->nlines--;
	}
	c->lines[c->nlines++] = xstrndup(s, n);
}

int
serve_collect_start(struct serve *sv, struct err *e)
{
	static const char *const args[] = {"collect", NULL};
	struct serve_collect *c = &sv->collect;
	pid_t pid;
	int fd;

	serve_collect_poll(sv);
	if (c->pid != 0)
		return err_set(e, ERR_EXISTS, "collect is already running");
	if ((pid = spawn_storied(sv, args, 0, &fd, e)) == -1)
		return -1;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	for (size_t i = 0; i < c->nlines; i++)
		free(c->lines[i]);
	c->nlines = 0;
	buf_reset(&c->partial);
	c->pid = pid;
	c->fd = fd;
	c->status = -1;
	c->started = time_now();
	c->finished = 0;
	return 0;
}

void
serve_collect_poll(struct serve *sv)
{
	struct serve_collect *c = &sv->collect;
	char chunk[4096];
	ssize_t n;
	int status;

	while (c->fd != -1 && ((n = read(c->fd, chunk, sizeof chunk)) > 0 || n == 0)) {
		if (n == 0) {
			close(c->fd);
			c->fd = -1;
			break;
		}
		for (ssize_t i = 0; i < n; i++) {
			if (chunk[i] == '\n' || chunk[i] == '\r') {
				keep_line(c, c->partial.data, c->partial.len);
				buf_reset(&c->partial);
			} else if (buf_addc(&c->partial, chunk[i]) == -1) {
				keep_line(c, c->partial.data, c->partial.len);
				buf_reset(&c->partial);
			}
		}
	}
	if (c->pid != 0 && waitpid(c->pid, &status, WNOHANG) == c->pid) {
		if (c->fd != -1) {
			while ((n = read(c->fd, chunk, sizeof chunk)) > 0)
				for (ssize_t i = 0; i < n; i++)
					if (chunk[i] == '\n') {
						keep_line(c, c->partial.data, c->partial.len);
						buf_reset(&c->partial);
					} else {
						buf_addc(&c->partial, chunk[i]);
					}
			close(c->fd);
			c->fd = -1;
		}
		keep_line(c, c->partial.data, c->partial.len);
		buf_reset(&c->partial);
		c->pid = 0;
		c->status = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
		c->finished = time_now();
	}
}

json_t *
serve_collect_json(struct serve *sv)
{
	struct serve_collect *c = &sv->collect;
	json_t *lines = json_array();
	char when[32];

	for (size_t i = 0; i < c->nlines; i++) {
		json_t *s = json_string(c->lines[i]);
		json_array_append_new(lines, s ? s : json_string("(unreadable line)"));
	}
	json_t *o = json_pack("{s:b, s:o}", "running", c->pid != 0, "lines", lines);
	json_object_set_new(o, "status", c->status >= 0 ? json_integer(c->status) : json_null());
	if (c->finished) {
		time_format_utc(c->finished, when, sizeof when);
		json_object_set_new(o, "finished", json_string(when));
	} else {
		json_object_set_new(o, "finished", json_null());
	}
	return o;
}

void
serve_collect_stop(struct serve *sv)
{
	struct serve_collect *c = &sv->collect;
	int status;

	if (c->pid != 0) {
		/* collect stops between sources on SIGTERM like any command: one transaction each.
		 */
		kill(c->pid, SIGTERM);
		while (waitpid(c->pid, &status, 0) == -1 && errno == EINTR)
			;
		c->pid = 0;
	}
	if (c->fd != -1) {
		close(c->fd);
		c->fd = -1;
	}
}
