/*
 * fileout.h - writing a file the user named (render -o, storyboard export
 * -o, and every later command that writes a file: use this, not fopen).
 *
 * What is at the path decides how it is written:
 *   - nothing, or a regular file: the data goes to a temporary made with
 *     mkstemp beside it (".NAME.XXXXXX"), which is flushed, synced and
 *     renamed over the path only when everything was written. A failed
 *     write leaves the old file whole; two writers at once each finish
 *     with a whole file (the last rename wins). A replaced file keeps its
 *     permission bits; a new one gets 0666 less the umask.
 *   - a symbolic link: followed. The file it points to is written as
 *     above (the link stays a link); a link to nothing is refused.
 *   - a FIFO, a character or block device (/dev/null, /dev/stdout, a
 *     terminal): written in place, never replaced.
 *   - a directory, a socket or anything else: refused.
 * Errors are one line naming the path ("cannot write PATH: why").
 *
 * Usage:
 *	struct fileout o;
 *	if (fileout_open(&o, path, &e) == -1) return -1;
 *	... fwrite/fprintf to o.fp ...
 *	if (failed) { fileout_abort(&o); return -1; }
 *	return fileout_commit(&o, &e);   (always releases o)
 * or, for data already in memory, file_write_atomic(path, data, len, &e).
 */
#ifndef STORIED_FILEOUT_H
#define STORIED_FILEOUT_H

#include <stddef.h>
#include <stdio.h>

#include "storied.h"

struct fileout {
	FILE *fp;   /* write here */
	char *name; /* the path as given, for messages */
	char *path; /* the file written: the path, or the link's target */
	char *tmp;  /* the temporary renamed over path, or NULL when in place */
};

int fileout_open(struct fileout *o, const char *path, struct err *e);
/* Flush, sync and put the file in place; releases o whatever happens. */
int fileout_commit(struct fileout *o, struct err *e);
/* Give up: the temporary goes, the path is left as it was. */
void fileout_abort(struct fileout *o);

int file_write_atomic(const char *path, const void *data, size_t len, struct err *e);

#endif
