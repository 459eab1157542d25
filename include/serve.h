/*
 * serve.h - `storied serve`: the local web editor. A small HTTP server
 * (libmicrohttpd, only src/serve/ includes it) that serves the page
 * compiled in from editor/ and a JSON API (docs/api.md) over the project
 * file, calling the same curation code as the commands, one transaction
 * and one history entry a change.
 *
 * Safe by default: it listens on loopback, every request needs the token
 * made at start (then kept in an HttpOnly, SameSite=Strict cookie), the
 * Host header must name the server (no DNS rebinding), every change is a
 * POST from the same Origin with a JSON body under a size cap, and every
 * page carries a strict Content-Security-Policy.
 */
#ifndef STORIED_SERVE_H
#define STORIED_SERVE_H

#include "storied.h"

struct serve_options {
	const char *project_path; /* opened now when it exists, else created on the first save */
	const char *listen;       /* NULL: 127.0.0.1 */
	int port;                 /* 0: any free port */
	const char *self_exe;     /* this program, to run `collect` in the background */
};

struct serve;

/*
 * Start serving in a thread of its own; *out is the caller's, to
 * serve_stop. ERR_USAGE for an address that cannot be parsed, ERR_FAIL
 * when the port cannot be bound (the message says why).
 */
int serve_start(const struct serve_options *o, struct serve **out, struct err *e);
/* "http://127.0.0.1:PORT/?token=..." (borrowed). */
const char *serve_url(const struct serve *sv);
/* 1 when listening on a loopback address. */
int serve_is_loopback(const struct serve *sv);
/* Finish the request in flight, stop a background collect, close everything. */
void serve_stop(struct serve *sv);

#endif
