/*
 * capture.h - the recorder of collect's HTTP exchanges (issue 11;
 * src/collect/capture.c): http.c hands each exchange over as it ends, the
 * recorder keeps it in memory (bodies zstd-compressed, and not at all when the
 * project has that body already), and flush stores what it holds.
 *
 * What an exchange brought (a post, an archived file) is never kept
 * without its record: the record is stored first, or in the same
 * transaction. A source that fails stores none of its posts, but what was
 * fetched for it is still recorded, in a transaction of its own.
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
 * Store every exchange recorded and not stored yet. With no transaction
 * open, in one of its own: the log is empty afterwards, or on -1 holds all
 * it held. Inside the caller's transaction, which is how what an exchange
 * brought is kept with its record: the exchanges stay held until
 * capture_log_settle() says how that transaction ended; on -1 the caller
 * rolls it back (and settles with 0). A failed flush never loses an exchange.
 */
int capture_log_flush(struct capture_log *l, struct err *e);

/*
 * The caller's transaction that a flush wrote into has ended: committed
 * (what it wrote is dropped from the log) or rolled back (all of it is
 * written again by the next flush). Call it after every such transaction,
 * before any flush with no transaction open. l may be NULL.
 */
void capture_log_settle(struct capture_log *l, int committed);

/* "on" unless the project's archive.capture setting is "off". */
int capture_enabled(struct store *s, struct err *e);

#endif
