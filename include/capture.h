/*
 * capture.h - the recorder of collect's HTTP exchanges (issue 11;
 * src/collect/capture.c): http.c hands each exchange over as it ends, the
 * recorder keeps it in memory (bodies zstd-compressed, and not at all when the
 * project has that body already), and flush stores what it holds.
 *
 * Kept apart from the source's own transaction on purpose: a source that
 * fails stores none of its posts, but what was fetched for it is still
 * recorded.
 */
#ifndef STORIED_CAPTURE_H
#define STORIED_CAPTURE_H

#include <stdint.h>

#include "http.h"
#include "store.h"

struct capture_log;

/* A recorder for s (borrowed; it must outlive the log). */
struct capture_log *capture_log_new(struct store *s);
void capture_log_free(struct capture_log *l);

/* Record x, fetched for source_id (0: none). Copies what it keeps. */
void capture_log_add(struct capture_log *l, int64_t source_id, const struct http_exchange *x);

/*
 * Store every exchange recorded since the last flush: inside the caller's
 * transaction when one is open, else in one of its own. The log is empty
 * afterwards, stored or not.
 */
int capture_log_flush(struct capture_log *l, struct err *e);

/* "on" unless the project's archive.capture setting is "off". */
int capture_enabled(struct store *s, struct err *e);

#endif
