/*
 * collect.h - the collect pipeline: fetch every source, parse, keep the
 * posts under the project's tags and window, store each source in its own
 * transaction (src/collect/collect.c).
 */
#ifndef STORIED_COLLECT_H
#define STORIED_COLLECT_H

#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "store.h"

/* What one source's collect did. Strings are owned by the report. */
struct collect_report {
	int64_t source_id;
	char *url;
	char *name; /* NULL when the source has none */
	int ok;
	int not_modified;      /* a 304: nothing parsed */
	int http_status;       /* 0 for a local file */
	const char *format;    /* "rss", ... (static), or NULL */
	int64_t seen;          /* items in the feed */
	int64_t new_, updated; /* posts stored, posts edited in place */
	int64_t enriched;      /* posts another source stored first, which this
	                          one's item added to (keep.h) */
	int64_t unmatched;     /* items without a project tag */
	int64_t outside;       /* dated items outside the window */
	int64_t after_until;   /* of those, within the day after until */
	int64_t before_since;  /* ... and within the day before since */
	int64_t undated;       /* items whose date could not be read */
	int64_t undated_kept;  /* of those, kept (the project has no window) */
	int64_t noid;          /* items with neither an id nor a link: skipped */
	int64_t tags_dropped;  /* tags past the limit of one item (HASHTAG_LIST_MAX) */
	int recovered;         /* broken XML, read as far as it went */
	int first_local;       /* fetched over HTTP from an address on the user's
	                          network (http.h first_local): its origin may
	                          serve the project's media there too */
	struct err err;        /* when !ok: the reason, one line */
	char *note;            /* more to say (API sources: rate-limit waits,
	                          an RSS fallback), or NULL; owned */
};

/* Called after each source with the sources done so far and new posts. */
typedef void (*collect_progress_fn)(void *arg, size_t done, size_t total, int64_t posts_new);

/*
 * Collect every source of s into s, each in its own transaction (the
 * caller has none open). Reports come back in source order, one a source,
 * in *reports (the caller's; collect_reports_free). Returns 0 when the run
 * happened, however many sources failed; -1 with e filled when it could
 * not start (no sources is not an error: *n is 0).
 */
int collect_run(struct store *s, const struct project *p, const struct http_options *o,
    collect_progress_fn progress, void *arg, struct collect_report **reports, size_t *n,
    struct err *e);
void collect_reports_free(struct collect_report *v, size_t n);

/* 1 when a source's url is a local path rather than an http(s) URL. */
int collect_is_local(const char *url);

#endif
