/*
 * storied.h - what every part of storied shares: the version, the error
 * record, and the exit statuses of the command-line contract.
 */
#ifndef STORIED_H
#define STORIED_H

#include "util.h"

#define STORIED_VERSION "0.1.0"
#define STORIED_NAME "storied"

/*
 * Exit statuses, the one place they are defined (DESIGN.md):
 * 0 success; 1 failure, nothing changed; 2 usage error; 3 partial success.
 */
enum exit_status {
	EXIT_OK = 0,
	EXIT_FAILURE_ = 1,
	EXIT_USAGE = 2,
	EXIT_PARTIAL = 3,
};

/* Error kinds a library function can report; err_exit_status() maps them. */
enum err_code {
	ERR_NONE = 0,
	ERR_FAIL,     /* an operation failed: I/O, database, bad data */
	ERR_USAGE,    /* the caller asked for something malformed */
	ERR_NOTFOUND, /* a named thing (item, post, source) does not exist */
	ERR_EXISTS,   /* refusing to overwrite or duplicate */
	ERR_PARTIAL,  /* some of a batch failed */
};

/*
 * A caller-owned error record: functions return 0 or -1 and, on -1, fill
 * it. Filling needs no allocation. The message is one line, without the
 * "storied: COMMAND: " prefix, which the command line adds.
 */
struct err {
	enum err_code code;
	char msg[1024];
};

void err_clear(struct err *e);
/* Sets e (when not NULL) and returns -1, so `return err_set(...)` works. */
int err_set(struct err *e, enum err_code code, const char *fmt, ...) PRINTFLIKE(3, 4);
/* Prefixes e->msg with a formatted context: "source 3: " + old message. */
int err_prefix(struct err *e, const char *fmt, ...) PRINTFLIKE(2, 3);
int err_exit_status(const struct err *e);

#endif
