/*
 * http.h - the one wrapper around libcurl (only src/collect/http.c
 * includes <curl/curl.h>).
 */
#ifndef STORIED_HTTP_H
#define STORIED_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "storied.h"

/* An HTTP/RFC 822 date through curl_getdate; 0 and *out filled, or -1. */
int http_parse_date(const char *s, int64_t *out);

/* The User-Agent sent: "storied/VERSION (+URL)". */
const char *http_user_agent(void);

/*
 * Whether a redirect from `from` to `to` may be followed as hop number
 * hops + 1: only to http or https, never from https to http, at most 5
 * hops. 0, or -1 with e saying why ("redirect to URL refused (...)",
 * "too many redirects (more than 5)").
 */
int http_redirect_check(const char *from, const char *to, int hops, struct err *e);

#define HTTP_MAX_PAGE_SIZE (16 * 1024 * 1024)

struct http_options {
	int jobs;                 /* transfers at once (default 8) */
	int per_host;             /* at once to one host (default 2) */
	int64_t max_size;         /* body bytes after decoding (default 50 MiB) */
	int64_t max_page_size;    /* one API page (Mastodon, Bluesky): its JSON is
	                             parsed whole (default HTTP_MAX_PAGE_SIZE) */
	long connect_timeout_ms;  /* default 30 s */
	long timeout_ms;          /* the whole transfer, default 5 min */
	long stall_s;             /* no byte for this long fails (default 60 s) */
	int max_retries;          /* 429/503 with Retry-After (default 2) */
	long max_wait_s;          /* a longer Retry-After is not waited (default 60) */
};

void http_options_default(struct http_options *o);

struct http_request {
	const char *url;
	const char *etag;          /* validators from the last fetch, or NULL */
	const char *last_modified;
	const char *const *headers; /* more "Name: value" lines, NULL-terminated; or NULL */
	const char *post;          /* a body to POST (with its Content-Type among
	                              headers); NULL for a GET */
};

/* What a transfer ended with; strings are owned by the response. */
struct http_response {
	int ok;                    /* 1: a 2xx body, or a 304 */
	const char *url;           /* the URL last fetched, after redirects */
	int status;                /* the last HTTP status; 0 when none came */
	int not_modified;          /* 304 */
	char *etag, *last_modified, *content_type;
	char *charset;             /* from content_type, or NULL */
	char *link;                /* the Link header (API paging), or NULL */
	char *ratelimit_remaining; /* X-RateLimit-Remaining / -Reset, or NULL */
	char *ratelimit_reset;
	FILE *body;                /* when ok and not 304: the body, spooled to a
	                              temporary file and rewound; http's, valid
	                              during the callback only. Also set when an
	                              HTTP error status came with a body (an API's
	                              error message); ok is 0 then. */
	int64_t bytes;             /* body bytes */
	int retries;               /* 429/503 retries done */
	struct err err;            /* when !ok: "HTTP 404", "timeout: ..." */
};

/*
 * Called in the caller's thread as each transfer ends, while the others go
 * on; index is the request's place in the array. r is valid during the call.
 */
typedef void (*http_done_fn)(void *arg, size_t index, const struct http_response *r);

/*
 * Run the n requests with libcurl's multi interface, at most o->jobs at
 * once and o->per_host to one host, redirects (http_redirect_check), every compression libcurl has, the
 * timeouts and the size cap of o, conditional requests from the
 * validators, and 429/503 Retry-After retried within o's bounds. Returns 0
 * when every request was run (each with its own outcome), -1 with e filled
 * when libcurl itself could not be set up.
 */
int http_fetch_all(const struct http_request *req, size_t n, const struct http_options *o,
    http_done_fn done, void *arg, struct err *e);

#endif
