/*
 * api.h - collecting the sources that are platform APIs rather than feeds
 * (src/collect/api.c), called by the collect pipeline (collect.c), and
 * what the two share.
 */
#ifndef STORIED_COLLECT_API_H
#define STORIED_COLLECT_API_H

#include "capture.h"
#include "collect.h"
#include "keep.h"
#include "store_collect.h"

/* 1 when the source's kind is collected through an API (mastodon, bluesky). */
int api_source_kind(const char *kind);

/*
 * Collect one API source into s, in one transaction of its own (the
 * caller has none open): page through the API, match and store as feed
 * items are, keep the cursor for the next collect, log the fetch. Fills
 * rep (ok, counts, note, err); on failure nothing of the source is stored.
 * Every exchange is recorded in log (NULL: none) and stored after the
 * source's transaction, whether it worked or not.
 */
void api_collect_source(struct store *s, const struct project *p, const struct http_options *o,
    struct capture_log *log, const struct source *src, struct collect_report *rep);

/*
 * Fill rep's counts from the keep policy's (collect.c); new and updated
 * only when the source was stored (else 0: its transaction rolled back).
 */
void collect_report_counts(struct collect_report *rep, const struct keep_counts *n, int stored);

#endif
