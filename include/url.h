/*
 * url.h - URLs, through libcurl's URL API (curl_url_*) in src/collect/url.c:
 * the one place storied takes URLs apart, puts them together or encodes
 * their parts. (XML's own base resolution, xml:base, stays with libxml2
 * in the feed parser; the sanitizer keeps its own stricter checks.)
 *
 * Every returned string is storied's own (free it with free(), never
 * curl_free); NULL means "not such a URL" and is never an allocation
 * failure (those abort, as xmalloc does).
 */
#ifndef STORIED_URL_H
#define STORIED_URL_H

#include <stddef.h>

#include "storied.h"

/*
 * Check that url is an absolute http:// or https:// URL with a host and
 * give it in one spelling (*out, caller frees): scheme and host lower
 * case, so the same source added twice is seen. Returns 0, or -1 with e
 * (ERR_USAGE): "'URL' is not a URL", "'URL': only http:// and https://
 * URLs and local paths are sources", "'URL' has no host".
 */
int url_check_http(const char *url, char **out, struct err *e);

/*
 * The host of an absolute http(s) URL, with its port when it names one
 * ("social.example", "social.example:8443", "[::1]"), as written (no case
 * change), without any userinfo. NULL when url is NULL, not http(s), or
 * not a URL.
 */
char *url_host(const char *url);

/* "scheme://host[:port]" of an absolute http(s) URL (scheme lower case), or NULL. */
char *url_origin(const char *url);

/*
 * The local path a file:// URL names (file:///PATH or
 * file://localhost/PATH), percent-decoded. NULL when it names another
 * host, is not a file:// URL, or decodes to a NUL byte.
 */
char *url_file_path(const char *url);

/*
 * Append s to b percent-encoded for a URL's path or query: every byte but
 * A-Z a-z 0-9 - . _ ~ as %XX (upper-case hex).
 */
void url_encode(struct buf *b, const char *s);

/*
 * Percent-decode s[0..n): %XX (either case) becomes the byte; a '%' not
 * followed by two hex digits is kept as written; '+' stays '+'. A decoded
 * NUL ends the result. Never NULL.
 */
char *url_decode(const char *s, size_t n);

#endif
