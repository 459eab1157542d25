/* redact.c - credentials and secret parameters taken out of URLs (include/redact.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "redact.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
redact_secret_param(const char *name, size_t n)
{
	static const char *const secrets[] = {
	    "token",
	    "access_token",
	    "api_key",
	    "key",
	    "password",
	    "sig",
	    "signature",
	};
	char dec[32];
	size_t k = 0;

	/* Undo percent-encoding ("%74oken" is "token"); '+' is a space. */
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)name[i];

		if (c == '%' && i + 2 < n && hexval(name[i + 1]) >= 0 && hexval(name[i + 2]) >= 0) {
			c = hexval(name[i + 1]) * 16 + hexval(name[i + 2]);
			i += 2;
		}
		if (k + 1 >= sizeof dec)
			return 0;
		dec[k++] = (char)c;
	}
	dec[k] = '\0';
	for (size_t i = 0; i < ARRAY_LEN(secrets); i++)
		if (strcasecmp(dec, secrets[i]) == 0)
			return 1;
	return 0;
}

/* The length of an RFC 3986 scheme followed by "://" at s, or 0. */
static size_t
scheme_len(const char *s)
{
	size_t i = 0;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
	    (s[i] >= '0' && s[i] <= '9') || s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	return strncmp(s + i, "://", 3) == 0 ? i + 3 : 0;
}

void
redact_url_buf(struct buf *b, const char *url)
{
	size_t sl = scheme_len(url), auth_end, at = 0;

	if (sl == 0) {
		buf_adds(b, url);
		return;
	}
	auth_end = sl + strcspn(url + sl, "/?#");
	/* The last '@' of the authority ends the userinfo (a password may hold '@'). */
	for (size_t i = sl; i < auth_end; i++)
		if (url[i] == '@')
			at = i + 1;
	buf_add(b, url, sl);
	if (at)
		buf_add(b, url + at, auth_end - at);
	else
		buf_add(b, url + sl, auth_end - sl);
	redact_target_buf(b, url + auth_end);
}

void
redact_target_buf(struct buf *b, const char *p)
{
	size_t q = strcspn(p, "?#"), frag;

	buf_add(b, p, q);
	p += q;
	if (*p != '?') {
		buf_adds(b, p);
		return;
	}
	buf_addc(b, '?');
	p++;
	frag = strcspn(p, "#");
	while (frag > 0) {
		size_t n = strcspn(p, "&#"), name;

		if (n > frag)
			n = frag;
		name = strcspn(p, "=&#");
		if (name < n && redact_secret_param(p, name)) {
			buf_add(b, p, name + 1);
			buf_adds(b, REDACT_MARKER);
		} else {
			buf_add(b, p, n);
		}
		p += n;
		frag -= n;
		if (frag > 0 && *p == '&') {
			buf_addc(b, '&');
			p++;
			frag--;
		}
	}
	buf_adds(b, p);
}

/* The header names whose values are credentials. */
static int
secret_header(const char *line, size_t n)
{
	static const char *const names[] = {
	    "authorization",
	    "proxy-authorization",
	    "cookie",
	    "set-cookie",
	};

	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		size_t k = strlen(names[i]);

		if (n > k && line[k] == ':' && strncasecmp(line, names[i], k) == 0)
			return (int)k;
	}
	return 0;
}

/* The header names whose values are URLs (a redirect's target, say). */
static size_t
url_header(const char *line, size_t n)
{
	static const char *const names[] = {"location", "content-location", "link"};

	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		size_t k = strlen(names[i]);

		if (n > k && line[k] == ':' && strncasecmp(line, names[i], k) == 0)
			return k;
	}
	return 0;
}

/* One URL, absolute or a reference ("/feed?token=..."), redacted to b. */
static void
redact_reference(struct buf *b, const char *url, size_t n)
{
	char *u = xstrndup(url, n);

	if (scheme_len(u))
		redact_url_buf(b, u);
	else
		redact_target_buf(b, u);
	free(u);
}

/* A URL header's value: Link's <URL>s one by one, else the whole value. */
static void
redact_url_value(struct buf *b, const char *v, size_t n, int link)
{
	const char *end = v + n;

	if (!link) {
		redact_reference(b, v, n);
		return;
	}
	while (v < end) {
		const char *lt = memchr(v, '<', (size_t)(end - v)), *gt;

		if (lt == NULL || (gt = memchr(lt, '>', (size_t)(end - lt))) == NULL) {
			buf_add(b, v, (size_t)(end - v));
			return;
		}
		buf_add(b, v, (size_t)(lt - v) + 1);
		redact_reference(b, lt + 1, (size_t)(gt - lt - 1));
		v = gt;
	}
}

void
redact_header_line(struct buf *b, const char *line, size_t n)
{
	int k = secret_header(line, n);
	size_t end = n, u, start;

	while (end > 0 && (line[end - 1] == '\r' || line[end - 1] == '\n'))
		end--;
	if (k == 0 && (u = url_header(line, end)) != 0) {
		/* Its secret query values go as they do in the URLs themselves. */
		for (start = u + 1; start < end && (line[start] == ' ' || line[start] == '\t');)
			start++;
		buf_add(b, line, start);
		redact_url_value(b, line + start, end - start, strncasecmp(line, "link:", 5) == 0);
		buf_add(b, line + end, n - end);
		return;
	}
	if (k == 0) {
		buf_add(b, line, n);
		return;
	}
	buf_add(b, line, (size_t)k + 1);
	buf_adds(b, " " REDACT_MARKER);
	buf_add(b, line + end, n - end);
}

void
redact_json_keys(struct buf *b, const char *s, size_t n, const char *const *keys)
{
	size_t i = 0;

	while (i < n) {
		const char *q = memchr(s + i, '"', n - i);
		size_t start, end, j;
		int hit = 0;

		if (q == NULL)
			break;
		start = (size_t)(q - s) + 1;
		/* The string's end: the next quote not escaped by a backslash. */
		for (end = start; end < n && s[end] != '"'; end++)
			if (s[end] == '\\')
				end++;
		if (end >= n)
			break;
		for (const char *const *k = keys; k && *k; k++)
			if (strlen(*k) == end - start && memcmp(s + start, *k, end - start) == 0)
				hit = 1;
		j = end + 1;
		while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\n'))
			j++;
		if (!hit || j >= n || s[j] != ':') {
			buf_add(b, s + i, end + 1 - i);
			i = end + 1;
			continue;
		}
		j++;
		while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\n'))
			j++;
		if (j >= n || s[j] != '"') {
			buf_add(b, s + i, j - i);
			i = j;
			continue;
		}
		/* "key": "secret" -> "key": "REDACTED" */
		buf_add(b, s + i, j + 1 - i);
		buf_adds(b, REDACT_MARKER);
		for (end = j + 1; end < n && s[end] != '"'; end++)
			if (s[end] == '\\')
				end++;
		if (end >= n)
			return; /* an unterminated secret: nothing more of it */
		buf_addc(b, '"');
		i = end + 1;
	}
	if (i < n)
		buf_add(b, s + i, n - i);
}

char *
redact_url(const char *url)
{
	struct buf b;

	if (url == NULL)
		return NULL;
	buf_init(&b, BUF_NOLIMIT);
	redact_url_buf(&b, url);
	return buf_detach(&b);
}

char *
redact_published(const char *url)
{
	const char *slash;

	if (url == NULL)
		return NULL;
	if (scheme_len(url) == 0 && (slash = strrchr(url, '/')) != NULL)
		return xstrdup(slash[1] ? slash + 1 : url);
	return redact_url(url);
}

char *
source_label(const char *name, const char *title, const char *url, int published)
{
	if (!str_empty(name))
		return xstrdup(name);
	if (!str_empty(title))
		return xstrdup(title);
	return published ? redact_published(url) : redact_url(url);
}
