/*
 * links.c - finding the links in a post's HTML and the host each leads to
 * (see links.h for why this is a scan and not a parse).
 */
#include <string.h>
#include <strings.h>

#include "links.h"
#include "util.h"

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* 1 when the space-separated list [s, s+n) holds word (any case): each
 * word of the list compared once. */
static int
has_word(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);

	for (size_t i = 0; i < n;) {
		size_t start;

		while (i < n && is_space((unsigned char)s[i]))
			i++;
		start = i;
		while (i < n && !is_space((unsigned char)s[i]))
			i++;
		if (i - start == w && strncasecmp(s + start, word, w) == 0)
			return 1;
	}
	return 0;
}

int
link_host(const char *url, char *out, size_t n)
{
	const char *p, *end, *at;
	size_t len = 0;

	if (str_casestartswith(url, "https://"))
		p = url + 8;
	else if (str_casestartswith(url, "http://"))
		p = url + 7;
	else
		return -1;
	end = p + strcspn(p, "/?#\\");
	/* user:password@host */
	for (at = end; at > p && at[-1] != '@'; at--)
		;
	if (at > p)
		p = at;
	if (*p == '[') { /* [v6]: keep the brackets, drop the port */
		const char *close = memchr(p, ']', (size_t)(end - p));
		if (close != NULL)
			end = close + 1;
	} else {
		end = p + strcspn(p, ":/?#\\");
	}
	if (end - p >= 4 && strncasecmp(p, "www.", 4) == 0)
		p += 4;
	if (end <= p || (size_t)(end - p) >= n)
		return -1;
	while (p < end)
		out[len++] = (char)lower((unsigned char)*p++);
	while (len > 0 && out[len - 1] == '.')
		len--;
	out[len] = '\0';
	return len > 0 ? 0 : -1;
}

/* The path of an http(s) URL, or "" when it has none. */
static const char *
url_path(const char *url)
{
	const char *p = strstr(url, "://");

	if (p == NULL)
		return "";
	p += 3;
	p += strcspn(p, "/?#");
	return p;
}

/* Copy an attribute value, decoding &amp; (the one entity URLs carry). */
static void
copy_value(char *out, size_t n, const char *v, size_t len)
{
	size_t o = 0, i = 0;

	while (i < len && o + 1 < n) {
		/* The run up to the next '&' whole. */
		const char *amp = memchr(v + i, '&', len - i);
		size_t run = (amp ? (size_t)(amp - v) : len) - i;

		if (run > n - 1 - o)
			run = n - 1 - o;
		memcpy(out + o, v + i, run);
		o += run;
		i += run;
		if (i >= len || o + 1 >= n)
			break;
		out[o++] = '&';
		i += len - i >= 5 && strncasecmp(v + i, "&amp;", 5) == 0 ? 5 : 1;
	}
	out[o] = '\0';
}

int
html_link_next(const char **pos, struct html_link *l)
{
	const char *p = *pos;

	while ((p = strchr(p, '<')) != NULL) {
		const char *cls = NULL, *rel = NULL, *href = NULL;
		size_t ncls = 0, nrel = 0, nhref = 0;
		const char *path;

		p++;
		if (lower((unsigned char)*p) != 'a' || !is_space((unsigned char)p[1]))
			continue;
		p++;
		/* attributes up to '>' */
		while (*p && *p != '>') {
			const char *name, *val;
			size_t nname, nval;

			while (is_space((unsigned char)*p) || *p == '/')
				p++;
			name = p;
			p += strcspn(p, " \t\n\r\f=>");
			nname = (size_t)(p - name);
			while (is_space((unsigned char)*p))
				p++;
			if (*p != '=') {
				if (nname == 0 && *p && *p != '>')
					p++;
				continue;
			}
			p++;
			while (is_space((unsigned char)*p))
				p++;
			if (*p == '"' || *p == '\'') {
				const char *end;
				char q = *p++;

				val = p;
				end = strchr(p, q);
				p = end ? end : p + strlen(p);
				nval = (size_t)(p - val);
				if (*p)
					p++;
			} else {
				val = p;
				while (*p && !is_space((unsigned char)*p) && *p != '>')
					p++;
				nval = (size_t)(p - val);
			}
			if (nname == 4 && strncasecmp(name, "href", 4) == 0)
				href = val, nhref = nval;
			else if (nname == 5 && strncasecmp(name, "class", 5) == 0)
				cls = val, ncls = nval;
			else if (nname == 3 && strncasecmp(name, "rel", 3) == 0)
				rel = val, nrel = nval;
		}
		if (href == NULL)
			continue;
		copy_value(l->href, sizeof l->href, href, nhref);
		if (link_host(l->href, l->host, sizeof l->host) == -1)
			continue;
		path = url_path(l->href);
		if ((cls && has_word(cls, ncls, "hashtag")) ||
		    (rel && has_word(rel, nrel, "tag")) || str_casestartswith(path, "/tags/") ||
		    str_casestartswith(path, "/tag/") || str_casestartswith(path, "/hashtag/"))
			l->kind = LINK_TAG;
		else if ((cls && has_word(cls, ncls, "mention")) || str_startswith(path, "/@") ||
		    str_casestartswith(path, "/profile/") || str_casestartswith(path, "/users/"))
			l->kind = LINK_MENTION;
		else
			l->kind = LINK_WEB;
		*pos = p;
		return 1;
	}
	*pos = *pos + strlen(*pos);
	return 0;
}
