/*
 * warc.h - the project's provenance as a WARC/1.1 file (ISO 28500), what
 * web archives (pywb, OpenWayback, Heritrix tooling) ingest
 * (src/export/warc.c).
 */
#ifndef STORIED_WARC_H
#define STORIED_WARC_H

#include <stdint.h>

#include "store.h"

struct warc_options {
	const char *path;  /* the file written (replaced whole, or left as it was) */
	int gzip;          /* 1: each record its own gzip member (.warc.gz) */
	int64_t since_ms;  /* captures from then (0: the first) */
	int64_t until_ms;  /* until before then (0: the last) */
	int64_t source_id; /* one source's captures (0: all) */
};

struct warc_report {
	int64_t exchanges; /* request + response (or revisit) pairs */
	int64_t revisits;  /* of those, 304s */
	int64_t truncated; /* of those, exchanges that broke off */
	int64_t items;     /* resource records of posts' original items
	                      (a project with no captures) */
	int64_t imports;   /* resource records of imported files */
};

/*
 * Write the WARC: a warcinfo record (software, format, the project's title
 * and sources, secrets redacted), then every captured exchange in time
 * order as a request and a response linked by WARC-Concurrent-To (a 304 as
 * a revisit with the server-not-modified profile). A project with no
 * captures (made before they existed) gets a resource record of each
 * post's original item under its permalink instead. Imported files, which
 * are not HTTP exchanges, follow in a warcinfo section of their own, each
 * a resource record of the file's name and digest. 0, or -1 with e filled
 * and nothing written.
 */
int warc_export(struct store *s, const struct project *p, const struct warc_options *o,
    struct warc_report *r, struct err *e);

#endif
