/*
 * store_capture.h - the HTTP exchanges of collect kept in the project
 * (tables captures and capture_bodies; src/store/capture.c), and what
 * `export warc` reads back.
 *
 * Functions return 0, or -1 with e filled. Strings passed in are borrowed.
 * None opens a transaction.
 */
#ifndef STORIED_STORE_CAPTURE_H
#define STORIED_STORE_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* One exchange as stored; secrets already out (http.h, struct http_exchange). */
struct capture_row {
	int64_t id;        /* set when read back */
	int64_t source_id; /* 0: none (or the source was removed) */
	int64_t started_ms;
	const char *url, *method, *request_head;
	const char *request_body;  /* sha1 of the body in capture_bodies, or NULL */
	const char *remote_ip;     /* or NULL */
	int status;                /* 0: no response */
	const char *response_head; /* or NULL */
	const char *response_body; /* sha1, or NULL */
	int complete;
	const char *error; /* or NULL */
};

/* *known is 1 when a body with this digest is stored already. */
int store_capture_body_known(struct store *s, const char *sha1, int *known, struct err *e);
/* Keep a body (nothing happens when its digest is there already). */
int store_capture_body_add(struct store *s, const char *sha1, int64_t size, const char *codec,
    const void *data, size_t len, struct err *e);
/* Keep one exchange; its bodies must be stored first. */
int store_capture_add(struct store *s, const struct capture_row *r, struct err *e);

/*
 * The stored exchanges in time order, narrowed to [since_ms, until_ms)
 * (0: open) and to one source (0: every one). A row's strings belong to
 * the cursor and are valid until the next call.
 */
struct capture_cursor;
int store_captures_open(struct store *s, int64_t since_ms, int64_t until_ms, int64_t source_id,
    struct capture_cursor **out, struct err *e);
int store_captures_next(
    struct capture_cursor *c, struct capture_row *r, struct err *e); /* 1, 0 at the end */
void store_captures_close(struct capture_cursor *c);

/*
 * A stored body: *codec ("zstd" or "none"), *size its length once
 * decoded, and the stored bytes appended to out. ERR_NOTFOUND when there
 * is none with that digest.
 */
int store_capture_body_get(struct store *s, const char *sha1, char codec[8], int64_t *size,
    struct buf *out, struct err *e);

/*
 * Every post's original item (raw XML or JSON), for a project without
 * captures: narrowed like the captures (by fetched_at, in seconds, and
 * source). Strings belong to the cursor until the next call.
 */
struct item_row {
	int64_t id, source_id, fetched_at;
	const char *uri; /* permalink, else guid */
	const char *raw, *raw_format;
	size_t raw_len;
};
struct item_cursor;
int store_items_open(struct store *s, int64_t since, int64_t until, int64_t source_id,
    struct item_cursor **out, struct err *e);
int store_items_next(
    struct item_cursor *c, struct item_row *r, struct err *e); /* 1, 0 at the end */
void store_items_close(struct item_cursor *c);

/* How many exchanges are stored (0 for a project made before captures). */
int store_captures_count(struct store *s, int64_t *n, struct err *e);

#endif
