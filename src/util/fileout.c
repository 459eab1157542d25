/* fileout.c - writing a user-named file through a temporary, never replacing what is not a regular
 * file. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileout.h"

/* The directory part of path ("." when it has none). */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static mode_t
umask_now(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

/* Open a temporary beside target; keep mode when the target exists. */
static int
open_tmp(struct fileout *o, const char *target, int exists, mode_t mode, struct err *e)
{
	const char *slash = strrchr(target, '/');
	const char *base = slash ? slash + 1 : target;
	char *dir = dir_of(target);
	int fd;

	o->tmp = slash ? xasprintf("%s/.%s.XXXXXX", dir, base) : xasprintf(".%s.XXXXXX", base);
	if ((fd = mkstemp(o->tmp)) == -1) {
		int saved = errno;

		err_set(e, ERR_FAIL, "cannot write %s: %s (making a temporary file in %s)", target,
		    strerror(saved), dir);
		free(dir);
		return -1;
	}
	free(dir);
	if (fchmod(fd, exists ? (mode & 07777) : (0666 & ~umask_now())) == -1 ||
	    (o->fp = fdopen(fd, "w")) == NULL) {
		err_set(e, ERR_FAIL, "cannot write %s: %s", target, strerror(errno));
		close(fd);
		unlink(o->tmp);
		return -1;
	}
	return 0;
}

/* Open a FIFO or device where it is, for writing in place. */
static int
open_in_place(struct fileout *o, const char *target, struct err *e)
{
	struct stat st;
	int fd = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC);

	if (fd == -1)
		return err_set(e, ERR_FAIL, "cannot write %s: %s", target, strerror(errno));
	if (fstat(fd, &st) == -1 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) {
		close(fd);
		return err_set(
		    e, ERR_FAIL, "cannot write %s: it changed while being opened", target);
	}
	if ((o->fp = fdopen(fd, "w")) == NULL) {
		err_set(e, ERR_FAIL, "cannot write %s: %s", target, strerror(errno));
		close(fd);
		return -1;
	}
	return 0;
}

int
fileout_open(struct fileout *o, const char *path, struct err *e)
{
	char resolved[PATH_MAX];
	const char *target = path;
	struct stat st;
	int exists = 1;

	memset(o, 0, sizeof *o);
	if (*path == '\0')
		return err_set(e, ERR_FAIL, "cannot write an empty file name");
	if (lstat(path, &st) == -1) {
		if (errno != ENOENT)
			return err_set(e, ERR_FAIL, "cannot write %s: %s", path, strerror(errno));
		exists = 0;
	} else if (S_ISLNK(st.st_mode)) {
		if (realpath(path, resolved) == NULL || stat(resolved, &st) == -1)
			return err_set(e, ERR_FAIL, "cannot write %s: a symbolic link to %s", path,
			    errno == ENOENT ? "nothing" : strerror(errno));
		target = resolved;
	}
	if (exists && S_ISDIR(st.st_mode))
		return err_set(e, ERR_FAIL, "cannot write %s: it is a directory", path);
	if (exists && !S_ISREG(st.st_mode)) {
		if (!S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
			return err_set(e, ERR_FAIL,
			    "cannot write %s: not a regular file, FIFO or device", path);
		if (open_in_place(o, target, e) == -1)
			return -1;
		o->name = xstrdup(path);
		o->path = xstrdup(target);
		return 0;
	}
	if (open_tmp(o, target, exists, st.st_mode, e) == -1) {
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	o->name = xstrdup(path);
	o->path = xstrdup(target);
	return 0;
}

static void
fileout_release(struct fileout *o)
{
	free(o->name);
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
}

void
fileout_abort(struct fileout *o)
{
	if (o->fp != NULL)
		fclose(o->fp);
	if (o->tmp != NULL)
		unlink(o->tmp);
	fileout_release(o);
}

int
fileout_commit(struct fileout *o, struct err *e)
{
	int failed = fflush(o->fp) == EOF || ferror(o->fp);
	int saved = errno;

	/* Only a file we will rename needs syncing (a FIFO cannot be). */
	if (!failed && o->tmp != NULL && fsync(fileno(o->fp)) == -1) {
		failed = 1;
		saved = errno;
	}
	if (fclose(o->fp) == EOF && !failed) {
		failed = 1;
		saved = errno;
	}
	o->fp = NULL;
	if (!failed && o->tmp != NULL && rename(o->tmp, o->path) == -1) {
		failed = 1;
		saved = errno;
	}
	if (failed) {
		err_set(e, ERR_FAIL, "writing %s: %s", o->name, strerror(saved ? saved : EIO));
		if (o->tmp != NULL)
			unlink(o->tmp);
		fileout_release(o);
		return -1;
	}
	fileout_release(o);
	return 0;
}

int
file_write_atomic(const char *path, const void *data, size_t len, struct err *e)
{
	struct fileout o;

	if (fileout_open(&o, path, e) == -1)
		return -1;
	if (len > 0 && fwrite(data, 1, len, o.fp) != len) {
		err_set(e, ERR_FAIL, "writing %s: %s", o.name, strerror(errno));
		fileout_abort(&o);
		return -1;
	}
	return fileout_commit(&o, e);
}
