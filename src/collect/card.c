/*
 * card.c - link cards: the page a post links to, and the title,
 * description, site name and image that page gives for itself.
 *
 * Both the post's HTML and the linked page are untrusted: they are read
 * with libxml2's HTML parser (no network, no entities fetched), and only
 * text and http(s) URLs come out.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <libxml/HTMLparser.h>
#include <libxml/uri.h>
#include <string.h>
#include <strings.h>

#include "card.h"
#include "storied.h"

#define CARD_TEXT_MAX 1000 /* bytes of a title or description kept */

static int
is_web(const char *u)
{
	return u && (str_casestartswith(u, "http://") || str_casestartswith(u, "https://"));
}

/* 1 when the space-separated list v has word w. */
static int
has_word(const char *v, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = v; p && *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		size_t k = strcspn(p, " \t\n");
		if (k == n && strncasecmp(p, w, n) == 0)
			return 1;
		p += k;
	}
	return 0;
}

static int
looks_media(const char *url)
{
	static const char *const ext[] = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg",
	    ".mp4", ".webm", ".mov", ".mp3", ".ogg", ".m4a", ".wav", ".pdf"};
	size_t n = strcspn(url, "?#");

	for (size_t i = 0; i < ARRAY_LEN(ext); i++) {
		size_t k = strlen(ext[i]);
		if (n > k && strncasecmp(url + n - k, ext[i], k) == 0)
			return 1;
	}
	return 0;
}

static htmlDocPtr
parse_html(const char *s, size_t n, const char *url, const char *charset)
{
	if (n > INT32_MAX)
		return NULL;
	return htmlReadMemory(s, (int)n, url, charset,
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_NOBLANKS |
	        HTML_PARSE_RECOVER | HTML_PARSE_COMPACT);
}

static char *
attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *r;

	if (v == NULL)
		return NULL;
	r = xstrdup((const char *)v);
	xmlFree(v);
	return r;
}

static char *
find_link(xmlNodePtr n, const char *permalink)
{
	for (; n; n = n->next) {
		char *r;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcasecmp(n->name, (const xmlChar *)"a") == 0) {
			char *href = attr(n, "href"), *cls = attr(n, "class"),
			     *rel = attr(n, "rel");
			xmlChar *text = xmlNodeGetContent(n);
			int skip = !is_web(href) || has_word(cls, "mention") ||
			    has_word(cls, "hashtag") || has_word(cls, "u-url") ||
			    has_word(rel, "tag") || (text && (text[0] == '#' || text[0] == '@')) ||
			    (permalink && href && strcmp(href, permalink) == 0) ||
			    looks_media(href) || strstr(href, "/tags/") != NULL;

			xmlFree(text);
			free(cls);
			free(rel);
			if (!skip)
				return href;
			free(href);
			continue;
		}
		if ((r = find_link(n->children, permalink)) != NULL)
			return r;
	}
	return NULL;
}

static int
is_html_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/*
 * The attributes of the start tag after "<a" at p, as written: 0 and the
 * class, rel and href values (pointers into the text, with lengths), or
 * -1 when the tag is not plain enough to be read this way (an unquoted
 * or repeated attribute, an entity, no end).
 */
struct a_attrs {
	const char *v[3];
	size_t n[3];
};

static int
read_a_attrs(const char *p, struct a_attrs *a)
{
	static const char *const names[3] = {"class", "rel", "href"};

	memset(a, 0, sizeof *a);
	for (;;) {
		const char *name, *v;
		size_t k;
		char q;
		int i;

		while (is_html_space(*p))
			p++;
		if (*p == '>')
			return 0;
		name = p;
		while (*p && *p != '=' && *p != '>' && *p != '/' && !is_html_space(*p))
			p++;
		k = (size_t)(p - name);
		while (is_html_space(*p))
			p++;
		if (k == 0 || *p != '=')
			return -1; /* a bare attribute, "/>", or the end of the text */
		p++;
		while (is_html_space(*p))
			p++;
		if (*p != '"' && *p != '\'')
			return -1;
		q = *p++;
		v = p;
		while (*p && *p != q)
			p++;
		if (*p != q || memchr(v, '&', (size_t)(p - v)) != NULL)
			return -1;
		for (i = 0; i < 3; i++) {
			if (strlen(names[i]) != k || strncasecmp(name, names[i], k) != 0)
				continue;
			if (a->v[i] != NULL)
				return -1;
			a->v[i] = v;
			a->n[i] = (size_t)(p - v);
		}
		p++;
	}
}

/*
 * 1 when, read as written, every link in html is one card_link passes
 * over for what its attributes say (a mention, a hashtag, the post
 * itself, a picture...), so the HTML parser need not build the fragment
 * (most posts of a hashtag feed link only their hashtags). 0 when only
 * the parser can tell. Every "<a" in the text is looked at, even one the
 * parser would not take for a link: it can only send the post to the
 * parser.
 */
static int
no_link_plainly(const char *html, const char *permalink)
{
	for (const char *p = html; (p = strchr(p, '<')) != NULL; p++) {
		struct a_attrs a;
		char *href, *cls, *rel;
		int skip;

		if ((p[1] != 'a' && p[1] != 'A') || (!is_html_space(p[2]) && p[2] != '>'))
			continue;
		if (read_a_attrs(p + 2, &a) == -1)
			return 0;
		href = a.v[2] ? xstrndup(a.v[2], a.n[2]) : NULL;
		cls = a.v[0] ? xstrndup(a.v[0], a.n[0]) : NULL;
		rel = a.v[1] ? xstrndup(a.v[1], a.n[1]) : NULL;
		/* find_link's reasons, but the link's text: that one needs the parser. */
		skip = !is_web(href) || has_word(cls, "mention") || has_word(cls, "hashtag") ||
		    has_word(cls, "u-url") || has_word(rel, "tag") ||
		    (permalink && href && strcmp(href, permalink) == 0) || looks_media(href) ||
		    strstr(href, "/tags/") != NULL;
		free(href);
		free(cls);
		free(rel);
		if (!skip)
			return 0;
	}
	return 1;
}

/* 1 when html has "href" in any case (HTML's attribute names are not
 * case-sensitive: <A HREF=...> is a link too). */
static int
has_href(const char *html)
{
	for (const char *p = html; (p = strpbrk(p, "hH")) != NULL; p++)
		if (strncasecmp(p, "href", 4) == 0)
			return 1;
	return 0;
}

char *
card_link(const char *html, const char *permalink)
{
	htmlDocPtr doc;
	char *r = NULL;

	if (html == NULL || *html == '\0' || !has_href(html))
		return NULL;
	if (no_link_plainly(html, permalink))
		return NULL;
	if ((doc = parse_html(html, strlen(html), NULL, "UTF-8")) == NULL)
		return NULL;
	r = find_link(xmlDocGetRootElement(doc), permalink);
	xmlFreeDoc(doc);
	return r;
}

static int
walk_images(xmlNodePtr n, int (*fn)(void *, const char *), void *arg)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcasecmp(n->name, (const xmlChar *)"img") == 0) {
			char *src = attr(n, "src");
			int r = is_web(src) ? fn(arg, src) : 0;

			free(src);
			if (r == -1)
				return -1;
		}
		if (walk_images(n->children, fn, arg) == -1)
			return -1;
	}
	return 0;
}

int
card_inline_images(const char *html, int (*fn)(void *arg, const char *url), void *arg)
{
	htmlDocPtr doc;
	int r;

	if (html == NULL || strstr(html, "<img") == NULL)
		return 0;
	if ((doc = parse_html(html, strlen(html), NULL, "UTF-8")) == NULL)
		return 0;
	r = walk_images(xmlDocGetRootElement(doc), fn, arg);
	xmlFreeDoc(doc);
	return r;
}

/* Keep a text: white space folded, at most CARD_TEXT_MAX bytes (on a UTF-8 boundary). */
static void
keep_text(char **field, const char *v)
{
	struct buf b;
	int space = 0;

	if (*field != NULL || v == NULL)
		return;
	buf_init(&b, BUF_NOLIMIT);
	for (const char *p = v; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_addc(&b, ' ');
		space = 0;
		buf_addc(&b, *p);
	}
	if (b.len > CARD_TEXT_MAX) {
		size_t n = CARD_TEXT_MAX;
		while (n > 0 && ((unsigned char)b.data[n] & 0xc0) == 0x80)
			n--;
		buf_truncate(&b, n);
		buf_adds(&b, "…");
	}
	if (b.len == 0) {
		buf_release(&b);
		return;
	}
	*field = buf_detach(&b);
}

struct meta {
	char *og_title, *og_desc, *og_site, *og_image;
	char *tw_title, *tw_desc, *tw_image;
	char *desc, *title;
};

static void
walk_head(xmlNodePtr n, struct meta *m)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcasecmp(n->name, (const xmlChar *)"meta") == 0) {
			char *key = attr(n, "property"), *content = attr(n, "content");

			if (key == NULL)
				key = attr(n, "name");
			if (key && content) {
				static const struct {
					const char *key;
					size_t off;
				} map[] = {
				    {"og:title", offsetof(struct meta, og_title)},
				    {"og:description", offsetof(struct meta, og_desc)},
				    {"og:site_name", offsetof(struct meta, og_site)},
				    {"og:image", offsetof(struct meta, og_image)},
				    {"og:image:url", offsetof(struct meta, og_image)},
				    {"og:image:secure_url", offsetof(struct meta, og_image)},
				    {"twitter:title", offsetof(struct meta, tw_title)},
				    {"twitter:description", offsetof(struct meta, tw_desc)},
				    {"twitter:image", offsetof(struct meta, tw_image)},
				    {"twitter:image:src", offsetof(struct meta, tw_image)},
				    {"description", offsetof(struct meta, desc)},
				};
				for (size_t i = 0; i < ARRAY_LEN(map); i++)
					if (strcasecmp(key, map[i].key) == 0)
						keep_text(
						    (char **)((char *)m + map[i].off), content);
			}
			free(key);
			free(content);
		} else if (xmlStrcasecmp(n->name, (const xmlChar *)"title") == 0 &&
		    m->title == NULL) {
			xmlChar *t = xmlNodeGetContent(n);
			keep_text(&m->title, (const char *)t);
			xmlFree(t);
		} else if (xmlStrcasecmp(n->name, (const xmlChar *)"body") == 0) {
			continue; /* the head says it all; a body's <title> (in SVG) is not the
			             page's */
		}
		walk_head(n->children, m);
	}
}

static char *
resolve(const char *base, const char *href)
{
	xmlChar *u;
	char *r;

	if (href == NULL)
		return NULL;
	if ((u = xmlBuildURI((const xmlChar *)href, (const xmlChar *)base)) == NULL)
		return NULL;
	r = is_web((const char *)u) ? xstrdup((const char *)u) : NULL;
	xmlFree(u);
	return r;
}

static char *
pick(char **a, char **b)
{
	char *r = *a ? *a : *b;

	if (r == *a)
		*a = NULL;
	else
		*b = NULL;
	return r;
}

int
card_page_read(
    const char *html, size_t n, const char *url, const char *charset, struct card_page *out)
{
	htmlDocPtr doc = parse_html(html, n, url, charset);
	struct meta m;

	memset(out, 0, sizeof *out);
	if (doc == NULL)
		return -1;
	memset(&m, 0, sizeof m);
	walk_head(xmlDocGetRootElement(doc), &m);
	xmlFreeDoc(doc);
	out->title = m.og_title ? pick(&m.og_title, &m.tw_title) : pick(&m.tw_title, &m.title);
	out->description = m.og_desc ? pick(&m.og_desc, &m.tw_desc) : pick(&m.tw_desc, &m.desc);
	out->site_name = pick(&m.og_site, &m.og_site);
	{
		char *img = m.og_image ? m.og_image : m.tw_image;
		out->image_url = resolve(url, img);
	}
	free(m.og_title), free(m.og_desc), free(m.og_site), free(m.og_image);
	free(m.tw_title), free(m.tw_desc), free(m.tw_image), free(m.desc), free(m.title);
	if (out->title == NULL) {
		card_page_release(out);
		return -1;
	}
	return 0;
}

void
card_page_release(struct card_page *c)
{
	free(c->title);
	free(c->description);
	free(c->site_name);
	free(c->image_url);
	memset(c, 0, sizeof *c);
}

int
card_mastodon(const char *json, char **url, struct card_page *out)
{
	json_t *root, *card;
	const char *u;
	int r = -1;

	memset(out, 0, sizeof *out);
	*url = NULL;
	if (json == NULL || (root = json_loads(json, 0, NULL)) == NULL)
		return -1;
	card = json_object_get(root, "card");
	u = json_string_value(json_object_get(card, "url"));
	if (json_is_object(card) && is_web(u)) {
		*url = xstrdup(u);
		keep_text(&out->title, json_string_value(json_object_get(card, "title")));
		keep_text(
		    &out->description, json_string_value(json_object_get(card, "description")));
		keep_text(
		    &out->site_name, json_string_value(json_object_get(card, "provider_name")));
		u = json_string_value(json_object_get(card, "image"));
		out->image_url = is_web(u) ? xstrdup(u) : NULL;
		if (out->title == NULL)
			out->title = xstrdup(*url);
		r = 0;
	}
	json_decref(root);
	return r;
}
