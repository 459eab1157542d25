/*
 * redact.h - secrets kept out of what storied shows, publishes or stores:
 * credentials in URLs, secret-looking query parameters, absolute paths of
 * local sources (src/util/redact.c).
 *
 * Plain string work, no URL library: it must take any stored string
 * (a malformed URL is still redacted as far as it can be parsed) and
 * never fail. It can move into a URL module without changing callers.
 */
#ifndef STORIED_REDACT_H
#define STORIED_REDACT_H

#include "util.h"

/* What a secret is replaced by, everywhere (URLs, headers, bodies). */
#define REDACT_MARKER "REDACTED"

/*
 * 1 when a query parameter named name[0..n) holds a secret: token,
 * access_token, api_key, key, password, sig, signature (ASCII
 * case-insensitive, percent-encoding of the name undone first).
 */
int redact_secret_param(const char *name, size_t n);

/*
 * url with the user:password@ of its authority removed and the value of
 * every secret query parameter replaced by REDACT_MARKER. Anything that
 * is not an absolute URL (a local path) comes back unchanged. Appends to b.
 */
void redact_url_buf(struct buf *b, const char *url);
/* The same, as a new string (the caller's); NULL for NULL. */
char *redact_url(const char *url);
/*
 * What may be published of a source: redact_url for a URL, the file's
 * name (never the absolute path) for a local source. The caller's; NULL
 * for NULL.
 */
char *redact_published(const char *url);

#endif
