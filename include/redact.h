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
/* The same for a request target ("/path?query"), as in a request line. */
void redact_target_buf(struct buf *b, const char *target);
/*
 * One header line (n bytes, its CRLF included or not) to b, with the value
 * of Authorization, Proxy-Authorization, Cookie and Set-Cookie replaced by
 * REDACT_MARKER, the URLs of Location, Content-Location and Link (each
 * <URL> of it) redacted as redact_url_buf does (a relative one as
 * redact_target_buf); any other line unchanged.
 */
void redact_header_line(struct buf *b, const char *line, size_t n);
/*
 * JSON text s[0..n) to b with the string value of every member named one
 * of keys (NULL-terminated) replaced by REDACT_MARKER, anywhere in the
 * document; everything else byte for byte.
 */
void redact_json_keys(struct buf *b, const char *s, size_t n, const char *const *keys);
/* The same, as a new string (the caller's); NULL for NULL. */
char *redact_url(const char *url);
/*
 * What may be published of a source: redact_url for a URL, the file's
 * name (never the absolute path) for a local source. The caller's; NULL
 * for NULL.
 */
char *redact_published(const char *url);
/*
 * What a source is called where it is shown: the name the user gave it,
 * else the feed's own title, else its address (redact_published when
 * published, redact_url otherwise). The caller's; NULL when none.
 */
char *source_label(const char *name, const char *title, const char *url, int published);

#endif
