/*
 * internal.h - what the files of src/serve/ share: the server's state, a
 * request as the API handlers see it and the reply they fill. Only
 * server.c talks to libmicrohttpd; handlers never see it.
 */
#ifndef STORIED_SERVE_INTERNAL_H
#define STORIED_SERVE_INTERNAL_H

#include <jansson.h>
#include <stdint.h>
#include <sys/types.h>

#include "serve.h"
#include "store.h"

#define SERVE_MAX_BODY (1024 * 1024) /* a request body; more is refused with 413 */

struct serve_collect {
	pid_t pid;  /* 0: not running */
	int fd;     /* its stderr, read without blocking; -1 when closed */
	int status; /* the last run's exit status; -1 before any */
	int64_t started, finished;
	struct buf partial; /* an unfinished line */
	char *lines[8];     /* the last lines it printed, oldest first */
	size_t nlines;
};

struct serve {
	struct MHD_Daemon *daemon;
	char *project_path;
	char *self_exe;
	struct store *store; /* NULL until the project exists */
	char token[65];
	char cookie[32]; /* the cookie's name: one a port */
	char *url;
	char *hosts[4]; /* Host values accepted: "127.0.0.1:PORT", ... */
	size_t nhosts;
	int loopback;
	int port;
	int64_t changes; /* bumped by every change made here */
	struct serve_collect collect;
};

struct request {
	const char *method; /* "GET", "POST" */
	const char *path;   /* "/api/posts" */
	void *conn;         /* for serve_arg */
	json_t *body;       /* POST: the parsed JSON object (borrowed) */
};

/* A query-string argument, or NULL. */
const char *serve_arg(const struct request *rq, const char *name);

struct reply {
	int status;
	const char *type; /* Content-Type */
	struct buf body;
	char *disposition; /* Content-Disposition, or NULL */
};

/* Set the reply to JSON v (taken). */
void reply_json(struct reply *rp, int status, json_t *v);
/* {"error": msg} with the status err's code maps to. */
void reply_error(struct reply *rp, const struct err *e);
void reply_message(struct reply *rp, int status, const char *fmt, ...) PRINTFLIKE(3, 4);

/* Handle /api/...; 0 when handled (rp filled), -1 when the path is unknown. */
int api_handle(struct serve *sv, const struct request *rq, struct reply *rp);

/* The background collect (collect.c). */
int serve_collect_start(struct serve *sv, struct err *e);
/* Read what it printed, reap it when done. */
void serve_collect_poll(struct serve *sv);
json_t *serve_collect_json(struct serve *sv);
void serve_collect_stop(struct serve *sv);
/*
 * Run `storied -p PROJECT ARGS...` (NULL-terminated) to the end, its output
 * (stdout and stderr) appended to out; returns its exit status, or -1 with
 * e filled when it could not be run.
 */
int serve_run_storied(struct serve *sv, const char *const *args, struct buf *out, struct err *e);

/* The Project page's API (project.c). */
void api_project(struct serve *sv, const struct request *rq, struct reply *rp);
/* POST /api/import: `storied import PATH` on a file the page uploaded. */
void api_import(struct serve *sv, const char *path, struct reply *rp);

#endif
