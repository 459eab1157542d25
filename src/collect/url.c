/*
 * url.c - URLs on libcurl's URL API (include/url.h): checking a source's
 * URL, a URL's host and origin, file:// paths, percent-encoding.
 */
#include <curl/curl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "url.h"
#include "util.h"

/* A parsed URL, or NULL when curl does not take url as an absolute URL. */
static CURLU *
parse(const char *url, unsigned flags)
{
	CURLU *u;

	if (url == NULL)
		return NULL;
	if ((u = curl_url()) == NULL)
		fatal("out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, flags) != CURLUE_OK) {
		curl_url_cleanup(u);
		return NULL;
	}
	return u;
}

/* A part of u as our own string (NULL when absent). */
static char *
part(CURLU *u, CURLUPart what, unsigned flags)
{
	char *s = NULL, *out = NULL;

	if (curl_url_get(u, what, &s, flags) == CURLUE_OK && s)
		out = xstrdup(s);
	curl_free(s);
	return out;
}

static void
lower(char *s)
{
	for (; s && *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

int
url_check_http(const char *url, char **out, struct err *e)
{
	CURLU *u = parse(url, 0);
	char *scheme = NULL, *host = NULL, *full = NULL;
	int r = -1;

	if (u == NULL)
		return err_set(e, ERR_USAGE, "'%s' is not a URL", url);
	scheme = part(u, CURLUPART_SCHEME, 0);
	if (!str_eq(scheme, "http") && !str_eq(scheme, "https")) {
		err_set(e, ERR_USAGE,
		    "'%s': only http:// and https:// URLs and local paths are sources", url);
		goto out;
	}
	if ((host = part(u, CURLUPART_HOST, 0)) == NULL || *host == '\0') {
		err_set(e, ERR_USAGE, "'%s' has no host", url);
		goto out;
	}
	/* Host names are case-insensitive: one spelling, so duplicates are seen. */
	lower(host);
	if (curl_url_set(u, CURLUPART_HOST, host, 0) != CURLUE_OK) {
		err_set(e, ERR_USAGE, "'%s' has a bad host", url);
		goto out;
	}
	if ((full = part(u, CURLUPART_URL, 0)) == NULL) {
		err_set(e, ERR_USAGE, "'%s' is not a URL", url);
		goto out;
	}
	*out = full;
	r = 0;
out:
	free(scheme);
	free(host);
	curl_url_cleanup(u);
	return r;
}

/* The parsed http(s) URL with a host, and its lower-case scheme; else NULL. */
static CURLU *
parse_http(const char *url, char **scheme)
{
	CURLU *u;
	char *host;

	/* curl reads "https:///x" as the host x; a URL without a host is not one. */
	if (url == NULL ||
	    (!str_casestartswith(url, "http://") && !str_casestartswith(url, "https://")))
		return NULL;
	if (url[str_casestartswith(url, "https://") ? 8 : 7] == '/' || (u = parse(url, 0)) == NULL)
		return NULL;
	host = part(u, CURLUPART_HOST, 0);
	if (host == NULL || *host == '\0') {
		free(host);
		curl_url_cleanup(u);
		return NULL;
	}
	free(host);
	*scheme = part(u, CURLUPART_SCHEME, 0);
	return u;
}

char *
url_host(const char *url)
{
	char *scheme = NULL, *host, *port, *out;
	CURLU *u = parse_http(url, &scheme);

	if (u == NULL)
		return NULL;
	host = part(u, CURLUPART_HOST, 0);
	port = part(u, CURLUPART_PORT, 0);
	out = port ? xasprintf("%s:%s", host, port) : xstrdup(host);
	free(host);
	free(port);
	free(scheme);
	curl_url_cleanup(u);
	return out;
}

char *
url_origin(const char *url)
{
	char *scheme = NULL, *host, *out;
	CURLU *u = parse_http(url, &scheme);

	if (u == NULL)
		return NULL;
	host = url_host(url);
	out = xasprintf("%s://%s", scheme, host);
	free(host);
	free(scheme);
	curl_url_cleanup(u);
	return out;
}

char *
url_file_path(const char *url)
{
	CURLU *u;
	char *scheme, *path = NULL;

	if (url == NULL || !str_casestartswith(url, "file://"))
		return NULL;
	/* curl refuses a file:// URL naming another host than localhost. */
	if ((u = parse(url, 0)) == NULL)
		return NULL;
	scheme = part(u, CURLUPART_SCHEME, 0);
	if (str_eq(scheme, "file"))
		path = part(u, CURLUPART_PATH, CURLU_URLDECODE); /* NULL on a %00 */
	free(scheme);
	curl_url_cleanup(u);
	return path;
}

void
url_encode(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	char *enc;

	/* curl_easy_escape keeps exactly A-Z a-z 0-9 - . _ ~ (RFC 3986's
	 * unreserved set); the handle is not used (ignored since 7.82). */
	if (n > INT_MAX || (enc = curl_easy_escape(NULL, s, (int)n)) == NULL)
		fatal("out of memory");
	buf_adds(b, enc);
	curl_free(enc);
}

char *
url_decode(const char *s, size_t n)
{
	char *dec, *out;
	int len = 0;

	if (n == 0) /* curl would take a length of 0 as strlen(s) */
		return xstrdup("");
	if (n > INT_MAX || (dec = curl_easy_unescape(NULL, s, (int)n, &len)) == NULL)
		fatal("out of memory");
	out = xstrdup(dec); /* a decoded NUL ends the result */
	curl_free(dec);
	return out;
}
