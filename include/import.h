/*
 * import.h - posts from the platforms' own APIs (Mastodon hashtag
 * timelines, Bluesky search) and from archives people already hold
 * (Storify exports, Mastodon account archives, twarc JSON lines, JSON Feed
 * or any feed file), all turned into the collector's struct incoming_post so
 * they are matched, deduplicated and stored exactly as feed items are.
 *
 * JSON is read with jansson. Every string handed out is valid UTF-8 (or
 * NULL). Items passed to callbacks are valid only during the call, as with
 * feed_parse_fd(). Functions return 0, or -1 with e filled.
 */
#ifndef STORIED_IMPORT_H
#define STORIED_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "feed.h"
#include "storied.h"

/* ---- Mastodon API: GET /api/v1/timelines/tag/NAME ---- */

/* What one page of statuses held, for paging and the stored cursor. */
struct mastodon_page {
	size_t statuses;   /* timeline entries on the page (boosts included) */
	char *newest_id;   /* highest entry id (the next collect's min_id), or NULL */
	char *oldest_id;   /* lowest entry id, or NULL */
	int has_oldest;    /* oldest_at is set */
	int64_t oldest_at; /* created_at of the oldest entry, UTC */
};
void mastodon_page_release(struct mastodon_page *p);

/*
 * Parse a page (a JSON array of statuses) and call fn for each status; a
 * boost is handed over as the status it boosts. host is the instance's
 * host name, used for the handles of local accounts ("@acct@host").
 * Errors: "JSON error at line L: ...", "not a list of statuses", or an
 * error object's message ("This method requires an authenticated user").
 */
int mastodon_parse_page(const char *json, size_t len, const char *host, feed_item_fn fn, void *arg,
    struct mastodon_page *page, struct err *e);

/* Compare two Mastodon ids (decimal strings of any length): <0, 0, >0. */
int mastodon_id_cmp(const char *a, const char *b);

/*
 * The URL of the Link header's entry with rel (e.g. "next"), or NULL.
 * Caller frees.
 */
char *mastodon_link(const char *header, const char *rel);

/*
 * Recognise a hashtag's web address: https://SERVER/tags/NAME (no
 * extension), or https://SERVER/tags/NAME.rss when rss_too. Fills *origin
 * ("https://SERVER", with its port) and *tag (percent-decoded); caller
 * frees both. Returns 1 when url is one, 0 when not.
 */
int mastodon_tag_url(const char *url, int rss_too, char **origin, char **tag);

/* ---- Bluesky: app.bsky.feed.searchPosts ---- */

struct bluesky_page {
	size_t posts;
	char *cursor; /* for the next page, or NULL at the end */
	int has_oldest;
	int64_t oldest_at; /* createdAt of the oldest post on the page */
};
void bluesky_page_release(struct bluesky_page *p);

/* Parse a searchPosts response and call fn for each postView. */
int bluesky_parse_search(const char *json, size_t len, feed_item_fn fn, void *arg,
    struct bluesky_page *page, struct err *e);

/* The accessJwt of a com.atproto.server.createSession response; caller frees. */
int bluesky_parse_session(const char *json, size_t len, char **access_jwt, struct err *e);

/*
 * The XRPC error message of a failed call ({"error":..., "message":...}),
 * or NULL when body is not one. Caller frees.
 */
char *bluesky_error_message(const char *json, size_t len);

/*
 * Recognise https://bsky.app/hashtag/NAME or bluesky:#NAME (or
 * bluesky:NAME). The tag, without '#', percent-decoded (caller frees), or
 * NULL when url is neither.
 */
char *bluesky_tag_url(const char *url);

/* ---- API sources (src/collect/api.c) ---- */

/*
 * What `source add` makes of an argument: a Mastodon hashtag address
 * (https://SERVER/tags/NAME; with as_api also .../tags/NAME.rss) is kind
 * "mastodon", stored as https://SERVER/tags/NAME; a Bluesky one
 * (https://bsky.app/hashtag/NAME, bluesky:#NAME) is kind "bluesky", stored
 * as https://bsky.app/hashtag/NAME. Returns 1 and fills *url (caller
 * frees) and *kind (static), or 0 when arg is neither (a feed).
 */
int api_source_classify(const char *arg, int as_api, char **url, const char **kind);

/*
 * The options of an API source as stored (sources.options): a compact
 * JSON object with the token's environment variable name (never the
 * token itself), the scope ("local" or "remote") and
 * max_pages of those given (NULL, NULL, 0: left out), keys sorted; NULL
 * when none is given. Caller frees. api.c reads them back.
 */
char *api_source_options(const char *token_env, const char *scope, int64_t max_pages);

/* ---- Archives ---- */

enum import_format {
	IMPORT_AUTO = 0,         /* detect from the content */
	IMPORT_STORIFY,          /* Storify JSON export or v1 API document */
	IMPORT_MASTODON_ARCHIVE, /* account archive .tar.gz, or its outbox.json */
	IMPORT_TWARC,            /* twarc JSON lines, v1.1 or v2 flattened */
	IMPORT_FEED,             /* JSON Feed, RSS, Atom: any feed file */
};

/* "auto", "storify", "mastodon-archive", "twarc", "jsonfeed". */
const char *import_format_name(enum import_format f);
/* Parse a --format name ("jsonfeed" and "feed" both mean IMPORT_FEED). */
int import_format_parse(const char *name, enum import_format *out);

/*
 * Where an import's content goes. item is called for each post, in the
 * archive's order (a Storify story's order); note for each text block
 * between them (Storify text elements, as Markdown); media for the bytes
 * of a media file kept inside the archive, named by the URL its item's
 * media entry carries. note and media may be NULL: those are dropped.
 */
struct import_sink {
	void *arg;
	feed_item_fn item;
	int (*note)(void *arg, const char *markdown, struct err *e);
	int (*media)(void *arg, const char *url, const void *data, size_t len,
	    const char *sha256_hex, struct err *e);
};

/* What an import read. */
struct import_info {
	enum import_format format; /* as detected; set before the first callback */
	const char *raw_format;    /* posts.raw_format of its items: "storify",
	                              "mastodon-archive", "twarc", or the feed's
	                              format; static; set before the first item */
	size_t items, notes, media;
	char *title; /* a Storify story's title, or NULL; freed
	                by import_info_release */
};
void import_info_release(struct import_info *info);

/* The format of the file at path, from its content (never its name). */
int import_detect(const char *path, enum import_format *out, struct err *e);

/*
 * Read the archive at path (format IMPORT_AUTO: detected) into sink. A bad
 * or truncated file fails with where reading stopped ("line 12: ...",
 * "element 4: ..."); the caller rolls back what the sink stored of it.
 */
int import_file(const char *path, enum import_format format, const struct import_sink *sink,
    struct import_info *info, struct err *e);

#endif
