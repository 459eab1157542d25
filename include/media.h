/*
 * media.h - archiving what posts show into the project file: their media,
 * their authors' avatars and the link cards of the pages they link to
 * (src/collect/media.c). Runs after collect's sources, through the same
 * HTTP engine (http.c) and its rules.
 */
#ifndef STORIED_MEDIA_H
#define STORIED_MEDIA_H

#include <stdint.h>

#include "http.h"
#include "store.h"

#define MEDIA_MAX_SIZE_DEFAULT ((int64_t)25 << 20)
#define CARD_PAGE_MAX_SIZE ((int64_t)1 << 20)

struct media_options {
	int media;        /* archive media and avatars */
	int cards;        /* read link cards */
	int64_t max_size; /* a medium's bytes at most (--media-max-size) */
	/* URLs of sources fetched from the user's own network this run
	 * (collect_report.first_local), NULL-terminated, or NULL. A file on
	 * one of their origins may be fetched from that network; every other
	 * media or card fetch is refused an address there (HTTP_LOCAL_DENY),
	 * so a public feed cannot lead storied into the LAN. */
	const char *const *local_sources;
};

/* What one run did. */
struct media_report {
	int64_t archived; /* media and avatars fetched and kept now */
	int64_t already;  /* media that were archived before this run */
	int64_t failed;   /* fetches that failed now (each also on its row) */
	int64_t previews; /* of the failed media: over the cap, preview kept */
	int64_t cards;    /* link cards read now */
	int64_t cards_failed;
	char *first_error; /* "URL: reason" of the first failure, or NULL; owned */
};
void media_report_release(struct media_report *r);

/*
 * Fetch and keep, in transactions of its own (the caller has none open),
 * everything still to archive: each failure is recorded on its row and
 * counted, never returned. -1 with e filled only when the project file
 * itself fails.
 */
int media_collect(struct store *s, const struct http_options *o, const struct media_options *mo,
    struct media_report *r, struct err *e);

#endif
