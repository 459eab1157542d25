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
 * 1 when ip (a numeric IPv4 or IPv6 address) is on the user's own
 * network: loopback, private, link-local or unique-local (127/8, 0/8,
 * 10/8, 172.16/12, 192.168/16, 169.254/16, ::1, ::, fc00::/7, fe80::/10,
 * and IPv4-mapped forms of these). 0 for a public address or anything
 * unreadable. The test build alone takes one local address as public
 * (test_hook_public_addr, testhook.h).
 */
int http_ip_is_local(const char *ip);

/*
 * 1 when a and b have the same origin (scheme, host and port, the
 * default port written or not); 0 otherwise or when either is no URL.
 */
int http_same_origin(const char *a, const char *b);

/*
 * Whether a redirect from `from` to `to` may be followed as hop number
 * hops + 1: only to http or https, never from https to http, at most 5
 * hops. 0, or -1 with e saying why ("redirect to URL refused (...)",
 * "too many redirects (more than 5)").
 */
int http_redirect_check(const char *from, const char *to, int hops, struct err *e);

#define HTTP_MAX_PAGE_SIZE (16 * 1024 * 1024)

/*
 * One HTTP exchange as it went over the wire, handed to the capture
 * (issue 11: every exchange of collect is kept). One a hop: each redirect,
 * each 429/503 retry, each 304 is its own. Strings and body are valid
 * during the capture call only. Secrets are already out: the values of
 * Authorization, Cookie, Proxy-Authorization and Set-Cookie headers and of
 * secret query parameters (redact.h) are REDACT_MARKER, and so are the
 * string values of the request's redact_keys in both bodies.
 */
struct http_exchange {
	int64_t started_ms;       /* wall clock when the request went out, ms since the epoch */
	const char *url;          /* this hop's URL, redacted */
	const char *method;       /* "GET" or "POST" */
	const char *request_head; /* request line and headers as sent, CRLF lines and
	                             the empty line that ends them */
	const char *request_body; /* a POST's body as sent (redacted), or NULL */
	size_t request_body_len;
	const char *remote_ip;     /* the address connected to, or "" */
	int status;                /* 0 when no response came */
	const char *response_head; /* status line and headers as received, or NULL; a
	                              Transfer-Encoding header is renamed
	                              X-Storied-Removed-Transfer-Encoding, as the body
	                              is kept without its chunks */
	FILE *body;                /* the body after transfer decoding, Content-Encoding
	                              kept (the bytes the server sent); rewound; NULL
	                              when there was none or it is in body_data */
	const char *body_data;     /* the same bytes when they are held in memory
	                              (http_options.mem_max), or NULL */
	int body_is_data;          /* body_data is the very buffer the transfer's
	                              done callback gets next as http_response.data */
	int64_t body_len;
	char body_sha1[33]; /* base32 SHA-1 of body, "" when none */
	int complete;       /* 0: the exchange broke off; error says why */
	const char *error;  /* NULL when complete */
};

/* index is the request's place in http_fetch_all's array. */
typedef void (*http_capture_fn)(void *arg, size_t index, const struct http_exchange *x);

struct http_options {
	int jobs;                /* transfers at once (default 8) */
	int per_host;            /* at once to one host (default 2) */
	int64_t max_size;        /* body bytes after decoding (default 50 MiB) */
	int64_t max_page_size;   /* one API page (Mastodon, Bluesky): its JSON is
	                            parsed whole (default HTTP_MAX_PAGE_SIZE) */
	int64_t mem_max;         /* a body up to this size is held in memory
	                            (http_response.data) rather than spooled to a
	                            temporary file; a larger one spills to the file
	                            as it streams. 0 (the default): always spooled */
	int give_data;           /* the done callback owns (frees) the data of a
	                            2xx body held in memory */
	long connect_timeout_ms; /* default 30 s */
	long timeout_ms;         /* the whole transfer, default 5 min */
	long stall_s;            /* no byte for this long fails (default 60 s) */
	int max_retries;         /* 429/503 with Retry-After (default 2) */
	long max_wait_s;         /* a longer Retry-After is not waited (default 60) */
	int keep_exchanges;      /* collect: record every exchange in the project
	                            (capture.h); default 0. Whoever fetches for
	                            collect (feeds, API pages, media, link cards)
	                            honours it: a capture_log, capture set to a
	                            callback that calls capture_log_add, and
	                            capture_log_flush when no source transaction
	                            would roll the exchanges back. */
	http_capture_fn capture; /* NULL: nothing is recorded (and nothing costs) */
	void *capture_arg;
};

void http_options_default(struct http_options *o);

/*
 * Which addresses a request may connect to (include/http.h,
 * http_ip_is_local). The user's network is reachable only where the user
 * pointed storied at it: a public feed cannot make storied fetch from
 * the LAN, neither by a redirect nor by a media URL it carries.
 */
enum http_local {
	/* The user's own URL (a source): its first hop may go anywhere; the
	 * later hops (redirects) may reach a local address only when the
	 * first one did. */
	HTTP_LOCAL_SOURCE = 0,
	/* A URL found in fetched content (media, link cards) of a source on a
	 * public address: no hop may connect to a local address. */
	HTTP_LOCAL_DENY,
	/* The same, found in content of a source that is itself local. */
	HTTP_LOCAL_ALLOW,
};

struct http_request {
	const char *url;
	const char *etag; /* validators from the last fetch, or NULL */
	const char *last_modified;
	const char *const *headers; /* more "Name: value" lines, NULL-terminated; or NULL */
	const char *post;           /* a body to POST (with its Content-Type among
	                               headers); NULL for a GET */
	enum http_local local;      /* default HTTP_LOCAL_SOURCE */
	/* JSON keys whose string values are secrets (a login's password, the
	 * session token it answers): replaced by REDACT_MARKER in the captured
	 * bodies. Such a request asks for no compression, so its answer can be
	 * read. NULL-terminated, or NULL. */
	const char *const *redact_keys;
};

/* What a transfer ended with; strings are owned by the response. */
struct http_response {
	int ok;           /* 1: a 2xx body, or a 304 */
	const char *url;  /* the URL last fetched, after redirects */
	int status;       /* the last HTTP status; 0 when none came */
	int not_modified; /* 304 */
	char *etag, *last_modified, *content_type;
	char *charset;             /* from content_type, or NULL */
	char *link;                /* the Link header (API paging), or NULL */
	char *ratelimit_remaining; /* X-RateLimit-Remaining / -Reset, or NULL */
	char *ratelimit_reset;
	FILE *body;      /* when ok and not 304: the body, spooled to a
	                    temporary file and rewound; http's, valid
	                    during the callback only. Also set when an
	                    HTTP error status came with a body (an API's
	                    error message); ok is 0 then. NULL when the
	                    body is in data instead. */
	char *data;      /* the body held in memory (o->mem_max), bytes
	                    long and NUL-terminated; or NULL. http's, valid
	                    during the callback only; but a 2xx body's is
	                    the callback's to free when o->give_data. */
	int64_t bytes;   /* body bytes (after Content-Encoding is undone) */
	int first_local; /* the first hop connected to a local address
	                    (http_ip_is_local): content of this source
	                    may be fetched with HTTP_LOCAL_ALLOW */
	int retries;     /* 429/503 retries done */
	int too_large;   /* stopped at max_size (err says so too) */
	struct err err;  /* when !ok: "HTTP 404", "timeout: ..." */
};

/*
 * Called in the caller's thread as each transfer ends, while the others go
 * on; index is the request's place in the array. r is valid during the call.
 */
typedef void (*http_done_fn)(void *arg, size_t index, const struct http_response *r);

/*
 * Run the n requests with libcurl's multi interface, at most o->jobs at
 * once and o->per_host to one host, redirects (http_redirect_check), gzip
 * and deflate (undone here, so a truncated or corrupt body is an error),
 * the timeouts and the size cap of o, conditional requests from the
 * validators, and 429/503 Retry-After retried within o's bounds.
 *
 * Credentials stay with their origin: a redirect to another origin is
 * sent without Authorization and Cookie headers (for that hop and every
 * later one), and a POST redirected to another origin is not followed
 * (an error). Addresses are checked as each connection opens, by
 * req->local. Returns 0
 * when every request was run (each with its own outcome), -1 with e filled
 * when libcurl itself could not be set up.
 */
int http_fetch_all(const struct http_request *req, size_t n, const struct http_options *o,
    http_done_fn done, void *arg, struct err *e);

#endif
