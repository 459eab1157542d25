/*
 * feed.c - the feed parser's entry: reading the descriptor, telling the
 * format from the first bytes, the encoding to impose, and what every item
 * goes through before the caller sees it (derived Mastodon author, plain
 * text, the UTF-8 wall).
 *
 * Detection looks at content only: after a byte-order mark and white space,
 * '{' is JSON, '<' is XML (whose root element then says RSS, RDF or Atom),
 * anything else is not a feed. An HTML page is recognised early by its
 * doctype or <html> so the error says so.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <libxml/uri.h>
#include <libxml/xmlmemory.h>

#include "feed_internal.h"

const char *
feed_format_name(enum feed_format f)
{
	switch (f) {
	case FEED_RSS:
		return "rss";
	case FEED_RDF:
		return "rdf";
	case FEED_ATOM:
		return "atom";
	case FEED_JSONFEED:
		return "jsonfeed";
	default:
		return "unknown";
	}
}

void
feed_info_release(struct feed_info *info)
{
	if (info == NULL)
		return;
	free(info->title);
	free(info->link);
	free(info->language);
	info->title = info->link = info->language = NULL;
}

static long
raw_read(struct feed_input *in, void *buf, size_t n)
{
	ssize_t r;

	if (in->headpos < in->headlen) {
		size_t k = in->headlen - in->headpos;

		if (k > n)
			k = n;
		memcpy(buf, in->head + in->headpos, k);
		in->headpos += k;
		return (long)k;
	}
	do
		r = read(in->fd, buf, n);
	while (r == -1 && errno == EINTR);
	if (r == -1) {
		in->error = errno;
		return -1;
	}
	return (long)r;
}

/* Windows-1252 for U+0080..U+009F; 0 where windows-1252 has no character. */
static const uint16_t cp1252_c1[32] = {
    0x20ac,
    0,
    0x201a,
    0x0192,
    0x201e,
    0x2026,
    0x2020,
    0x2021,
    0x02c6,
    0x2030,
    0x0160,
    0x2039,
    0x0152,
    0,
    0x017d,
    0,
    0,
    0x2018,
    0x2019,
    0x201c,
    0x201d,
    0x2022,
    0x2013,
    0x2014,
    0x02dc,
    0x2122,
    0x0161,
    0x203a,
    0x0153,
    0,
    0x017e,
    0x0178,
};

/* The expected length of a UTF-8 sequence from its lead byte, or 0. */
static size_t
utf8_seqlen(unsigned char c)
{
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

long
feed_input_read(struct feed_input *in, void *buf, size_t n)
{
	unsigned char raw[4096 + sizeof in->carry], *out = buf;
	size_t want, total, i, o = 0;
	long r;

	if (!in->utf8_fix || n < 32)
		return raw_read(in, buf, n);
	do {
		/* Each raw byte becomes at most 3 bytes of output. */
		want = n / 3 - sizeof in->carry;
		if (want > sizeof raw - sizeof in->carry)
			want = sizeof raw - sizeof in->carry;
		memcpy(raw, in->carry, in->ncarry);
		if ((r = raw_read(in, raw + in->ncarry, want)) < 0)
			return -1;
		total = in->ncarry + (size_t)r;
		in->ncarry = 0;
		for (i = 0; i < total;) {
			unsigned char c = raw[i];
			size_t len;
			int32_t cp;

			if (c < 0x80) {
				size_t j = i + 1;

				while (total - j >= 8) {
					uint64_t w;

					memcpy(&w, raw + j, 8);
					if (w & 0x8080808080808080ull)
						break;
					j += 8;
				}
				while (j < total && raw[j] < 0x80)
					j++;
				memcpy(out + o, raw + i, j - i);
				o += j - i;
				i = j;
				continue;
			}
			len = utf8_seqlen(c);
			if (len && i + len > total && r > 0) {
				/* Maybe cut by this read: finish it with the next one. */
				int lead_ok = 1;

				for (size_t k = i + 1; k < total; k++)
					if ((raw[k] & 0xc0) != 0x80)
						lead_ok = 0;
				if (lead_ok) {
					in->ncarry = total - i;
					memcpy(in->carry, raw + i, in->ncarry);
					break;
				}
			}
			if (len && utf8_decode((const char *)raw + i, total - i, &cp) == (int)len) {
				memcpy(out + o, raw + i, len);
				o += len;
				i += len;
				continue;
			}
			cp = c >= 0xa0 ? c : cp1252_c1[c - 0x80] ? cp1252_c1[c - 0x80] : 0xfffd;
			o += (size_t)utf8_encode(cp, (char *)out + o);
			in->fixed++;
			i++;
		}
	} while (o == 0 && r > 0);
	return (long)o;
}

/* 1 when s needs feed_clean: invalid UTF-8 or a C1 control. One pass. */
static int
needs_clean(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		int32_t cp;
		int len;

		/* ASCII runs, eight bytes at a time. */
		while (end - p >= 8) {
			uint64_t w;

			memcpy(&w, p, 8);
			if (w & 0x8080808080808080ull)
				break;
			p += 8;
		}
		while (p < end && *p < 0x80)
			p++;
		if (p == end)
			return 0;
		if ((len = utf8_decode((const char *)p, (size_t)(end - p), &cp)) == -1 ||
		    (cp >= 0x80 && cp <= 0x9f))
			return 1;
		p += len;
	}
	return 0;
}

char *
feed_clean(const char *s, size_t n)
{
	struct buf b;

	if (!needs_clean(s, n))
		return xstrndup(s, n);
	buf_init(&b, BUF_NOLIMIT);
	while (n > 0) {
		int32_t cp;
		int len = utf8_decode(s, n, &cp);

		if (len == -1) {
			buf_adds(&b, "\xef\xbf\xbd");
			len = 1;
		} else if (cp >= 0x80 && cp <= 0x9f && cp1252_c1[cp - 0x80]) {
			char out[4];

			buf_add(&b, out, (size_t)utf8_encode(cp1252_c1[cp - 0x80], out));
		} else {
			buf_add(&b, s, (size_t)len);
		}
		s += len;
		n -= (size_t)len;
	}
	return buf_detach(&b);
}

/* The UTF-8 wall: every string the caller sees goes through here. */
static void
wall(char **p)
{
	size_t n;
	char *c;

	if (*p == NULL)
		return;
	n = strlen(*p);
	if (!needs_clean(*p, n))
		return;
	c = feed_clean(*p, n);
	free(*p);
	*p = c;
}

char *
feed_author_name(const char *s)
{
	const char *open, *close;

	/* "me@example.org (My Name)", or "My Name (me@example.org)" */
	if ((open = strchr(s, '(')) != NULL && (close = strrchr(s, ')')) != NULL &&
	    close > open + 1) {
		char *n;

		if (memchr(open, '@', (size_t)(close - open)) == NULL || open == s)
			return str_trim(xstrndup(open + 1, (size_t)(close - open - 1)));
		n = str_trim(xstrndup(s, (size_t)(open - s)));
		if (*n)
			return n;
		free(n);
	}
	/* "My Name <me@example.org>" */
	if ((open = strchr(s, '<')) != NULL && open > s && strchr(open, '>') != NULL) {
		char *n = str_trim(xstrndup(s, (size_t)(open - s)));

		if (*n)
			return n;
		free(n);
	}
	return str_trim(xstrdup(s));
}

char *
feed_resolve(const char *base, const char *href)
{
	xmlChar *u;
	char *r;

	if (href == NULL)
		return NULL;
	while (*href == ' ' || *href == '\t' || *href == '\n' || *href == '\r')
		href++;
	if (base == NULL || *base == '\0')
		return str_trim(xstrdup(href));
	u = xmlBuildURI((const xmlChar *)href, (const xmlChar *)base);
	if (u == NULL)
		return str_trim(xstrdup(href));
	r = str_trim(xstrdup((const char *)u));
	xmlFree(u);
	return r;
}

/*
 * A Mastodon status URL, https://SERVER/@user/ID (or /@user@remote/ID, a
 * remote account seen from SERVER): fills the handle and profile URL.
 */
static int
mastodon_author(const char *url, char **handle, char **profile)
{
	const char *p, *host, *hostend, *user, *userend, *id;

	if (str_startswith(url, "https://"))
		host = url + 8;
	else if (str_startswith(url, "http://"))
		host = url + 7;
	else
		return -1;
	if ((hostend = strchr(host, '/')) == NULL || hostend == host || hostend[1] != '@')
		return -1;
	user = hostend + 2;
	for (p = user; *p && *p != '/'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		        (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '-' ||
		        *p == '@'))
			return -1;
	userend = p;
	if (userend == user || *userend != '/' || *user == '@')
		return -1;
	id = userend + 1;
	for (p = id; *p && *p != '/' && *p != '?' && *p != '#'; p++)
		;
	if (p == id || *p == '/')
		return -1;
	{
		struct buf b;

		buf_init(&b, BUF_NOLIMIT);
		buf_addc(&b, '@');
		buf_add(&b, user, (size_t)(userend - user));
		if (memchr(user, '@', (size_t)(userend - user)) == NULL) {
			buf_addc(&b, '@');
			buf_add(&b, host, (size_t)(hostend - host));
		}
		*handle = buf_detach(&b);
	}
	*profile = xstrndup(url, (size_t)(userend - url));
	return 0;
}

/*
 * Mastodon's RSS puts a content warning before the post, as
 * <p><strong>LABEL</strong> TEXT</p><hr />, the label in the post's
 * language: take TEXT as the warning, and the rest as the content.
 */
static void
mastodon_cw(struct incoming_post *it)
{
	const char *h = it->content_html, *s, *e, *hr;
	char *cw;

	if (h == NULL || !str_startswith(h, "<p><strong>"))
		return;
	if ((s = strstr(h, "</strong>")) == NULL || (e = strstr(s, "</p>")) == NULL)
		return;
	hr = e + 4;
	while (*hr == ' ' || *hr == '\n')
		hr++;
	if (!str_startswith(hr, "<hr"))
		return;
	s += strlen("</strong>");
	cw = xstrndup(s, (size_t)(e - s));
	it->content_warning = html_to_text(cw);
	free(cw);
	if (*str_trim(it->content_warning) == '\0') {
		free(it->content_warning);
		it->content_warning = NULL;
		return;
	}
	it->sensitive = 1;
	/* The warning now has its own field: the post's content starts after
	 * the rule, so a reader does not see the warning twice. */
	if ((e = strchr(hr, '>')) != NULL) {
		e++;
		while (*e == ' ' || *e == '\n')
			e++;
		memmove(it->content_html, e, strlen(e) + 1);
	}
}

int
feed_keep(struct feed_ctx *c, struct incoming_post *it)
{
	if (c->opt->reject && c->opt->reject(c->arg, it)) {
		c->info->items++;
		incoming_post_release(it);
		return 0;
	}
	if (it->permalink && it->author_handle == NULL) {
		char *handle = NULL, *profile = NULL;

		if (mastodon_author(it->permalink, &handle, &profile) == 0) {
			it->author_handle = handle;
			if (it->author_url == NULL)
				it->author_url = profile;
			else
				free(profile);
			if (it->content_warning == NULL)
				mastodon_cw(it);
		}
	}
	if (it->content_text == NULL && it->content_html)
		it->content_text = html_to_text(it->content_html);
	if (it->language == NULL && c->info->language)
		it->language = xstrdup(c->info->language);
	wall(&it->title);
	wall(&it->content_text);
	for (size_t i = 0; i < it->ncategories; i++)
		wall(&it->categories[i]);
	if (c->opt->keep && !c->opt->keep(c->arg, it)) {
		c->info->items++;
		incoming_post_release(it);
		return 0;
	}
	return 1;
}

int
feed_hand_on(struct feed_ctx *c, struct incoming_post *it)
{
	int r;

	wall(&it->guid);
	wall(&it->permalink);
	wall(&it->author_name);
	wall(&it->author_handle);
	wall(&it->author_url);
	wall(&it->author_avatar);
	wall(&it->date_text);
	wall(&it->content_html);
	wall(&it->language);
	wall(&it->content_warning);
	wall(&it->raw);
	for (size_t i = 0; i < it->nmedia; i++) {
		wall(&it->media[i].url);
		wall(&it->media[i].type);
		wall(&it->media[i].medium);
		wall(&it->media[i].alt);
		wall(&it->media[i].preview_url);
	}
	err_clear(c->e);
	r = c->opt->take ? c->opt->take(c->arg, it, c->e) : c->fn(c->arg, it, c->e);
	if (r != 0 && c->e->msg[0] == '\0')
		err_set(c->e, ERR_FAIL, "stopped by the item callback");
	c->info->items++;
	incoming_post_release(it);
	return r == 0 ? 0 : -1;
}

int
feed_emit(struct feed_ctx *c, struct incoming_post *it)
{
	return feed_keep(c, it) ? feed_hand_on(c, it) : 0;
}

/* Case-insensitive prefix test over bytes, ignoring NULs (UTF-16). */
static size_t
ascii_copy(const unsigned char *p, size_t n, char *out, size_t outn)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k + 1 < outn; i++) {
		unsigned char ch = p[i];

		if (ch == 0)
			continue;
		out[k++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
	}
	out[k] = '\0';
	return k;
}

/* The encoding an XML declaration names, lower case, into out; or "". */
static void
declared_encoding(const char *low, char *out, size_t n)
{
	const char *end, *p;
	size_t k = 0;

	out[0] = '\0';
	while (*low == ' ' || *low == '\t' || *low == '\r' || *low == '\n')
		low++;
	if (!str_startswith(low, "<?xml") || (end = strstr(low, "?>")) == NULL)
		return;
	if ((p = strstr(low, "encoding")) == NULL || p > end)
		return;
	p += strlen("encoding");
	while (*p == ' ' || *p == '=')
		p++;
	if (*p != '"' && *p != '\'')
		return;
	for (p++; *p && *p != '"' && *p != '\'' && k + 1 < n; p++)
		out[k++] = *p;
	out[k] = '\0';
}

static int
xml_encoding_known(const char *name)
{
	xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(name);

	if (h == NULL)
		return 0;
	xmlCharEncCloseFunc(h);
	return 1;
}

static int
is_utf8_name(const char *s)
{
	return strcasecmp(s, "utf-8") == 0 || strcasecmp(s, "utf8") == 0;
}

/* 1 when the XML-looking text s (lower case) is an HTML page. */
static int
looks_like_html(const char *s)
{
	int doctype_html = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		if (str_startswith(s, "<?")) {
			const char *e = strstr(s, "?>");

			if (e == NULL)
				return 0;
			s = e + 2;
		} else if (str_startswith(s, "<!--")) {
			const char *e = strstr(s, "-->");

			if (e == NULL)
				return 0;
			s = e + 3;
		} else if (str_startswith(s, "<!doctype")) {
			/* An XHTML doctype before an <rss> happens: the root decides. */
			const char *e = strchr(s, '>');

			doctype_html = str_startswith(s, "<!doctype html");
			if (e == NULL)
				return doctype_html;
			s = e + 1;
		} else {
			break;
		}
	}
	return str_startswith(s, "<html") || (doctype_html && *s == '\0');
}

void
feed_xml_init(void)
{
	xmlInitParser();
}

int
feed_parse_fd(int fd, const struct feed_options *opt, feed_item_fn fn, void *arg,
    struct feed_info *info, struct err *e)
{
	static const struct feed_options noopt;
	struct feed_input *in;
	struct feed_ctx c;
	size_t skip = 0;
	int bom = 0, r;
	char low[sizeof in->head + 1];
	const unsigned char *p;

	memset(info, 0, sizeof *info);
	err_clear(e);
	if (opt == NULL)
		opt = &noopt;
	in = xcalloc(1, sizeof *in);
	in->fd = fd;
	while (in->headlen < sizeof in->head) {
		ssize_t n = read(fd, in->head + in->headlen, sizeof in->head - in->headlen);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			r = err_set(e, ERR_FAIL, "cannot read the feed: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		in->headlen += (size_t)n;
	}
	p = in->head;
	if (in->headlen >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		bom = 1, skip = 3;
	else if (in->headlen >= 4 &&
	    (memcmp(p, "\0\0\xfe\xff", 4) == 0 || memcmp(p, "\xff\xfe\0\0", 4) == 0))
		bom = 1, skip = 4;
	else if (in->headlen >= 2 &&
	    (memcmp(p, "\xfe\xff", 2) == 0 || memcmp(p, "\xff\xfe", 2) == 0))
		bom = 1, skip = 2;
	ascii_copy(p + skip, in->headlen - skip, low, sizeof low);
	{
		const char *s = low;

		while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		if (*s == '\0') {
			r = err_set(e, ERR_FAIL, "not a feed (empty document)");
			goto out;
		}
		memset(&c, 0, sizeof c);
		c.opt = opt;
		c.fn = fn;
		c.arg = arg;
		c.info = info;
		c.e = e;
		c.max_text = opt->max_text ? opt->max_text : FEED_MAX_TEXT_DEFAULT;
		if (*s == '{') {
			info->format = FEED_JSONFEED;
			in->headpos = bom == 1 && skip == 3 ? 3 : 0;
			in->utf8_fix = !bom || skip == 3;
			r = feed_parse_json(&c, in);
			if (r == 0 && in->fixed)
				info->recovered = 1;
			goto out;
		}
		if (*s == '[') {
			r = err_set(e, ERR_FAIL, "not a feed (JSON, but not a JSON Feed)");
			goto out;
		}
		if (*s != '<') {
			r = err_set(e, ERR_FAIL, "not a feed (neither XML nor JSON)");
			goto out;
		}
		if (looks_like_html(s)) {
			r = err_set(e, ERR_FAIL, "not a feed (looks like HTML)");
			goto out;
		}
	}
	/*
	 * The charset from HTTP overrides the document's declaration (RFC
	 * 7303), but not a byte-order mark, nor UTF-16/32 seen in the first
	 * bytes; "us-ascii" is read as its superset UTF-8.
	 */
	if (!bom && !str_empty(opt->http_charset) &&
	    memchr(in->head, 0, in->headlen < 4 ? in->headlen : 4) == NULL &&
	    strcasecmp(opt->http_charset, "us-ascii") != 0 &&
	    strcasecmp(opt->http_charset, "ascii") != 0) {
		if (xml_encoding_known(opt->http_charset))
			c.encoding = opt->http_charset;
	}
	/* Text meant to be UTF-8 is repaired as it is read (feed_input_read). */
	{
		char declared[64];

		declared_encoding(low, declared, sizeof declared);
		/* UTF-32, which libxml2 only reads when told. */
		if (in->headlen >= 4 && c.encoding == NULL) {
			const char *u32 = NULL;

			if (memcmp(p, "\0\0\xfe\xff", 4) == 0 || memcmp(p, "\0\0\0<", 4) == 0)
				u32 = "UTF-32BE";
			else if (memcmp(p, "\xff\xfe\0\0", 4) == 0 || memcmp(p, "<\0\0\0", 4) == 0)
				u32 = "UTF-32LE";
			if (u32 && xml_encoding_known(u32)) {
				c.encoding = u32;
				if (bom)
					in->headpos = 4;
			}
		}
		/* A declared encoding nobody knows: read as UTF-8 (or what the
		 * first bytes say), not refused. */
		if (c.encoding == NULL && declared[0] && !xml_encoding_known(declared)) {
			c.ignore_enc = 1;
			if (!bom && memchr(in->head, 0, in->headlen < 4 ? in->headlen : 4) == NULL)
				c.encoding = "UTF-8";
		}
		if (c.encoding ? is_utf8_name(c.encoding)
		               : (bom ? skip == 3 : declared[0] == '\0' || is_utf8_name(declared)))
			in->utf8_fix = 1;
	}
	r = feed_parse_xml(&c, in);
	if (r == 0 && (in->fixed || c.ignore_enc))
		info->recovered = 1;
out:
	free(in);
	return r;
}
