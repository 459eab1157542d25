/*
 * store_archive.h - the archive in the project file: blobs keyed by their
 * SHA-256, the media, avatars and link cards that point at them, what is
 * still to fetch, and the checks of `verify`.
 *
 * Functions return 0, or -1 with e filled. Strings passed in are borrowed;
 * strings handed back are the caller's (freed by the _free functions).
 * None opens a transaction unless said so.
 */
#ifndef STORIED_STORE_ARCHIVE_H
#define STORIED_STORE_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* A failed fetch is tried again on later collects while attempts < this. */
#define ARCHIVE_MAX_ATTEMPTS 3

/*
 * Keep n bytes of type under their SHA-256 (lower-case hex): stored once,
 * a second put of the same bytes changes nothing. *added (may be NULL) is
 * 1 when the blob is new.
 */
int store_blob_put(struct store *s, const char *sha256, const void *data, size_t len,
    const char *type, const char *url, int64_t now, int *added, struct err *e);

/*
 * A blob's bytes (a copy in *data, the caller's to free) and type (*type,
 * the caller's); *data NULL when there is no such blob.
 */
int store_blob_get(
    struct store *s, const char *sha256, void **data, size_t *len, char **type, struct err *e);
/* 1 in *has when the blob is there. */
int store_blob_has(struct store *s, const char *sha256, int *has, struct err *e);

/* What a collect has still to fetch. */
enum archive_kind {
	ARCHIVE_MEDIA, /* the media rows naming url */
	ARCHIVE_IMAGE, /* an avatar or a card's image */
	ARCHIVE_CARD,  /* a linked page, read for its card */
};

struct archive_job {
	enum archive_kind kind;
	char *url;         /* what to fetch (as stored) */
	char *preview_url; /* ARCHIVE_MEDIA: the fallback over the cap, or NULL */
	char *local_dir;   /* a relative media path's directory: the local feed
	                      that named it, or NULL (then never read locally) */
	int64_t first_id;  /* ARCHIVE_MEDIA: the rows naming url without an */
	int64_t last_id;   /* original have ids between these */
};

struct archive_jobs {
	struct archive_job *v;
	size_t n, cap;
};
void archive_jobs_free(struct archive_jobs *j);

/*
 * Media rows and avatars not archived yet (never tried, or failed fewer
 * than ARCHIVE_MAX_ATTEMPTS times), appended to *j.
 */
int store_archive_media_todo(struct store *s, struct archive_jobs *j, struct err *e);
/* Cards' pages (pages) and cards' images (images) still to fetch, appended to *j. */
int store_archive_cards_todo(
    struct store *s, int pages, int images, struct archive_jobs *j, struct err *e);

/* Posts not looked at yet for a link card and inline images. */
struct card_post {
	int64_t id;
	char *content_html; /* may be NULL */
	char *raw;          /* the original item, or NULL */
	char *raw_format;
	char *permalink;
};
/* Calls fn for each; fn returning -1 stops with its error. */
int store_card_posts(struct store *s,
    int (*fn)(void *arg, const struct card_post *p, struct err *e), void *arg, struct err *e);

/* A card as read from a page or given by an API. */
struct card {
	const char *url;
	const char *title, *description, *site_name, *image_url; /* each may be NULL */
	const char *origin;                                      /* "page" or "mastodon" */
};
/* The card a post shows (url NULL: it links to no page). Called from
 * store_card_posts' fn, a NULL url may be written when that scan ends. */
int store_post_card_set(struct store *s, int64_t post_id, const char *url, struct err *e);
/* Record a card for url (pending to fetch when only url is known: c->origin NULL). */
int store_card_put(struct store *s, const struct card *c, int64_t now, struct err *e);
int store_card_failed(
    struct store *s, const char *url, const char *error, int64_t now, struct err *e);

/*
 * Outcomes of a fetch, written to every media row naming j->url that has no
 * original yet (found between j->first_id and j->last_id: media have no
 * index by URL). preview: sha256 is the preview's (the original was over
 * the size cap; error says so).
 */
int store_media_archived(struct store *s, const struct archive_job *j, const char *sha256,
    int preview, const char *error, int64_t now, struct err *e);
int store_media_failed(
    struct store *s, const struct archive_job *j, const char *error, int64_t now, struct err *e);
int store_image_archived(
    struct store *s, const char *url, const char *sha256, int64_t now, struct err *e);
int store_image_failed(
    struct store *s, const char *url, const char *error, int64_t now, struct err *e);

/* Archive the image at url on this and later collects (a post's inline picture). */
int store_image_want(struct store *s, const char *url, struct err *e);

/* An image archived for url (an avatar, a card's image): *sha256 the caller's, NULL when not. */
int store_image_blob(struct store *s, const char *url, char **sha256, struct err *e);

struct archive_counts {
	int64_t media, media_archived, media_failed, media_pending;
	int64_t images, images_archived;
	int64_t cards, cards_read;
	int64_t blobs, blob_bytes;
	int64_t capture_bodies; /* of collect's HTTP exchanges (store_capture.h) */
};
int store_archive_counts(struct store *s, struct archive_counts *c, struct err *e);

/*
 * Check the archive: SQLite's integrity check, every blob's SHA-256 against
 * its key and size, every media row's and image's blob present, every story
 * item's post present, every captured HTTP body (decoded) against its SHA-1
 * and size. fn gets one line for each problem. *problems counts them.
 */
int store_verify(struct store *s, void (*fn)(void *arg, const char *problem), void *arg,
    int64_t *problems, struct err *e);

#endif
