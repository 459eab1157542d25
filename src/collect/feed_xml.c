/*
 * feed_xml.c - RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 1.0/0.3 with libxml2's
 * streaming reader.
 *
 * The reader walks the document; each item (rss item, rdf item, atom
 * entry) is expanded into a small tree, read, handed on, and skipped, so
 * the reader frees it and memory stays flat whatever the feed's size.
 *
 * Hostile XML is inert: no XML_PARSE_NOENT (entities are never substituted
 * by the parser; this file reads internal ones itself, within a budget), no
 * DTD loading or attribute defaults, XML_PARSE_NONET, and no
 * XML_PARSE_HUGE, so libxml2 keeps its limits: 256 levels of nesting, 10 MB
 * text nodes, bounded entity amplification.
 *
 * Broken XML: the document is read with XML_PARSE_RECOVER. When its root is
 * a feed and at least one item could be read, the items read are handed on
 * and info->recovered is set (an item cut off by the end of the document is
 * dropped, never half-stored); otherwise the parse fails with "XML error at
 * line L, column C: message", the first error libxml2 reported.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "feed_internal.h"

enum ns {
	NS_OTHER,
	NS_NONE,    /* no namespace, or one of RSS's own */
	NS_ATOM,
	NS_DC,
	NS_DCTERMS,
	NS_CONTENT,
	NS_MEDIA,
	NS_RDF,
	NS_XHTML,
};

/* How many internal entity references one item may expand. */
#define ENTITY_BUDGET 4096

struct xp {
	struct feed_ctx *c;
	xmlTextReaderPtr rd;
	enum feed_format format;
	int root_seen;
	int nerrors;
	int err_line, err_col;
	char err_msg[256];
	int entity_budget;
	char *feed_author_name, *feed_author_url, *feed_author_avatar;
	xmlBufferPtr dump;
};

static enum ns
ns_of(const xmlNode *n)
{
	const char *u;

	if (n->ns == NULL || n->ns->href == NULL)
		return NS_NONE;
	u = (const char *)n->ns->href;
	if (strcmp(u, "http://www.w3.org/2005/Atom") == 0 || strcmp(u, "http://purl.org/atom/ns#") == 0)
		return NS_ATOM;
	if (strcmp(u, "http://purl.org/dc/elements/1.1/") == 0)
		return NS_DC;
	if (strcmp(u, "http://purl.org/dc/terms/") == 0)
		return NS_DCTERMS;
	if (strcmp(u, "http://purl.org/rss/1.0/modules/content/") == 0)
		return NS_CONTENT;
	if (str_startswith(u, "http://search.yahoo.com/mrss") ||
	    str_startswith(u, "http://tools.search.yahoo.com/mrss"))
		return NS_MEDIA;
	if (strcmp(u, "http://www.w3.org/1999/02/22-rdf-syntax-ns#") == 0)
		return NS_RDF;
	if (strcmp(u, "http://www.w3.org/1999/xhtml") == 0)
		return NS_XHTML;
	if (strcmp(u, "http://purl.org/rss/1.0/") == 0 ||
	    strcmp(u, "http://my.netscape.com/rdf/simple/0.9/") == 0 ||
	    strcmp(u, "http://backend.userland.com/rss2") == 0 ||
	    strcmp(u, "http://backend.userland.com/rss") == 0 ||
	    strcmp(u, "http://blogs.law.harvard.edu/tech/rss") == 0)
		return NS_NONE;
	return NS_OTHER;
}

static int
is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const char *
attr(const xmlNode *n, const char *name)
{
	/* Unprefixed attributes only: those are the feed formats' own. */
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (a->ns == NULL && strcmp((const char *)a->name, name) == 0 && a->children &&
		    a->children->type == XML_TEXT_NODE && a->children->next == NULL)
			return (const char *)a->children->content;
	return NULL;
}

/* rdf:about, the identity of an RSS 1.0 item. Caller frees. */
static char *
rdf_about(const xmlNode *n)
{
	xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"about",
	    (const xmlChar *)"http://www.w3.org/1999/02/22-rdf-syntax-ns#");
	char *r;

	if (v == NULL)
		return NULL;
	r = str_trim(xstrdup((const char *)v));
	xmlFree(v);
	return r;
}

static void text_of(struct xp *p, const xmlNode *n, struct buf *b, int edepth);

static void
entity_text(struct xp *p, const xmlNode *ref, struct buf *b, int edepth)
{
	const xmlEntity *ent = (const xmlEntity *)ref->children;
	const htmlEntityDesc *h;

	if (ent != NULL && ent->type == XML_ENTITY_DECL) {
		/* Internal entities only (external ones are never loaded), nested
		 * at most 8 deep and ENTITY_BUDGET times an item: a billion
		 * laughs gives a short text, not a billion. */
		if (ent->etype != XML_INTERNAL_GENERAL_ENTITY &&
		    ent->etype != XML_INTERNAL_PREDEFINED_ENTITY)
			return;
		if (edepth >= 8 || p->entity_budget <= 0)
			return;
		p->entity_budget--;
		if (ent->children)
			text_of(p, (const xmlNode *)ent, b, edepth + 1);
		else if (ent->content && strchr((const char *)ent->content, '&') == NULL &&
		    strchr((const char *)ent->content, '<') == NULL)
			buf_adds(b, (const char *)ent->content);
		return;
	}
	/* An undeclared entity (read in recovery): the HTML one of that name. */
	if ((h = htmlEntityLookup(ref->name)) != NULL) {
		char out[4];
		int n = utf8_encode((int32_t)h->value, out);

		buf_add(b, out, (size_t)n);
	}
}

/* The text of n's descendants; b's maximum truncates it. */
static void
text_of(struct xp *p, const xmlNode *n, struct buf *b, int edepth)
{
	for (const xmlNode *k = n->children; k; k = k->next) {
		switch (k->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (k->content && buf_adds(b, (const char *)k->content) == -1)
				return;
			break;
		case XML_ELEMENT_NODE:
			text_of(p, k, b, edepth);
			break;
		case XML_ENTITY_REF_NODE:
			entity_text(p, k, b, edepth);
			break;
		default:
			break;
		}
	}
}

/* The text of n, trimmed; NULL when empty. Caller frees. */
static char *
text(struct xp *p, const xmlNode *n)
{
	struct buf b;
	const xmlNode *k = n->children;
	char *s;

	/* The common case, one text node, without a copy through a buffer. */
	if (k && k->next == NULL && (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) &&
	    k->content) {
		size_t len = strlen((const char *)k->content);

		s = xstrndup((const char *)k->content, len > p->c->max_text ? p->c->max_text : len);
	} else {
		buf_init(&b, p->c->max_text);
		text_of(p, n, &b, 0);
		s = buf_detach(&b);
	}
	str_trim(s);
	if (*s == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

/* Folds white space runs into one space (titles are one line). */
static char *
fold(char *s)
{
	char *w = s;
	int space = 0;

	if (s == NULL)
		return NULL;
	for (char *r = s; *r; r++) {
		if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
			space = 1;
			continue;
		}
		if (space && w != s)
			*w++ = ' ';
		space = 0;
		*w++ = *r;
	}
	*w = '\0';
	return s;
}

static int
has_element_child(const xmlNode *n)
{
	for (const xmlNode *k = n->children; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/* The markup of n's children, as written (inline XHTML). Caller frees. */
static char *
children_markup(struct xp *p, const xmlNode *n)
{
	struct buf b;

	buf_init(&b, p->c->max_text);
	for (xmlNode *k = n->children; k; k = k->next) {
		if (k->type == XML_ENTITY_REF_NODE) {
			/* As text: an undeclared HTML entity is read as HTML would. */
			struct buf t;

			buf_init(&t, p->c->max_text);
			entity_text(p, k, &t, 0);
			esc_html_text(&b, t.data);
			buf_release(&t);
			continue;
		}
		xmlBufferEmpty(p->dump);
		xmlNodeDump(p->dump, k->doc, k, 0, 0);
		if (buf_add(&b, xmlBufferContent(p->dump), (size_t)xmlBufferLength(p->dump)) == -1)
			break;
	}
	str_trim(b.data);
	b.len = strlen(b.data);
	if (b.len == 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* HTML held by an element: escaped text, or inline markup. Caller frees. */
static char *
inner_html(struct xp *p, const xmlNode *n)
{
	return has_element_child(n) ? children_markup(p, n) : text(p, n);
}

/* Base64 (Atom 0.3 mode="base64"); libxml2 has no public decoder. */
static char *
base64_decode(const char *s)
{
	struct buf b;
	uint32_t acc = 0;
	int bits = 0;

	buf_init(&b, BUF_NOLIMIT);
	for (; *s; s++) {
		int v;

		if (*s >= 'A' && *s <= 'Z')
			v = *s - 'A';
		else if (*s >= 'a' && *s <= 'z')
			v = *s - 'a' + 26;
		else if (*s >= '0' && *s <= '9')
			v = *s - '0' + 52;
		else if (*s == '+' || *s == '-')
			v = 62;
		else if (*s == '/' || *s == '_')
			v = 63;
		else
			continue;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(&b, (char)((acc >> bits) & 0xff));
		}
	}
	return buf_detach(&b);
}

enum text_type { TT_TEXT, TT_HTML, TT_XHTML, TT_OTHER };

static enum text_type
atom_type(const xmlNode *n)
{
	const char *t = attr(n, "type"), *mode = attr(n, "mode");

	if (t == NULL || strcasecmp(t, "text") == 0 || strcasecmp(t, "text/plain") == 0)
		return mode && strcasecmp(mode, "escaped") == 0 && t ? TT_HTML : TT_TEXT;
	if (strcasecmp(t, "html") == 0 || strcasecmp(t, "text/html") == 0)
		return TT_HTML;
	if (strcasecmp(t, "xhtml") == 0 || strcasecmp(t, "application/xhtml+xml") == 0)
		return TT_XHTML;
	return TT_OTHER;
}

/* The element whose children an xhtml text construct holds: its div. */
static const xmlNode *
xhtml_div(const xmlNode *n)
{
	const xmlNode *div = NULL;

	for (const xmlNode *k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (div != NULL || !is(k, "div") || ns_of(k) != NS_XHTML)
			return n;
		div = k;
	}
	return div ? div : n;
}

/* An Atom text construct (title, summary, content) as HTML. Caller frees. */
static char *
atom_html(struct xp *p, const xmlNode *n)
{
	const char *mode = attr(n, "mode");
	enum text_type tt = atom_type(n);
	char *s, *h;

	if (mode && strcasecmp(mode, "base64") == 0) {
		char *t = text(p, n);

		if (t == NULL)
			return NULL;
		s = base64_decode(t);
		free(t);
		if (tt == TT_TEXT) {
			h = feed_text_to_html(s);
			free(s);
			return h;
		}
		return s;
	}
	switch (tt) {
	case TT_XHTML:
		return children_markup(p, xhtml_div(n));
	case TT_HTML:
		return inner_html(p, n);
	case TT_OTHER:
		if (has_element_child(n))
			return children_markup(p, n);
		/* FALLTHROUGH */
	case TT_TEXT:
	default:
		if ((s = text(p, n)) == NULL)
			return NULL;
		h = feed_text_to_html(s);
		free(s);
		return h;
	}
}

/* An Atom text construct as plain text (titles). Caller frees. */
static char *
atom_plain(struct xp *p, const xmlNode *n)
{
	enum text_type tt = atom_type(n);
	char *s, *t;

	if (tt == TT_TEXT && !attr(n, "mode"))
		return fold(text(p, n));
	if (tt == TT_XHTML)
		return fold(text(p, xhtml_div(n)));
	if ((s = atom_html(p, n)) == NULL)
		return NULL;
	t = html_to_text(s);
	free(s);
	return fold(t);
}

/* An RSS title: plain text, though some feeds put escaped markup in it. */
static char *
rss_plain(struct xp *p, const xmlNode *n)
{
	char *s = has_element_child(n) ? children_markup(p, n) : text(p, n), *t;

	if (s == NULL || (strchr(s, '<') == NULL && strchr(s, '&') == NULL))
		return fold(s);
	t = html_to_text(s);
	free(s);
	return fold(t);
}

/* The absolute form of the URL href found on node n. Caller frees. */
static char *
url_at(const xmlNode *n, const char *href)
{
	xmlChar *base;
	char *r;

	if (href == NULL)
		return NULL;
	base = xmlNodeGetBase(n->doc, n);
	r = feed_resolve((const char *)base, href);
	xmlFree(base);
	if (*r == '\0') {
		free(r);
		return NULL;
	}
	return r;
}

static void
set(char **field, char *value)
{
	if (*field == NULL)
		*field = value;
	else
		free(value);
}

static char *
medium_of(const char *type)
{
	if (type == NULL)
		return NULL;
	if (str_casestartswith(type, "image/"))
		return xstrdup("image");
	if (str_casestartswith(type, "video/"))
		return xstrdup("video");
	if (str_casestartswith(type, "audio/"))
		return xstrdup("audio");
	return NULL;
}

static int
dimension(const char *s)
{
	int64_t v;

	if (s == NULL || str_to_int64(s, 0, 100000, &v) == -1)
		return 0;
	return (int)v;
}

/* media:content (inside or outside a media:group). */
static void
media_content(struct xp *p, struct feed_item *it, const xmlNode *n, const xmlNode *group)
{
	struct feed_media *m;
	char *url = url_at(n, attr(n, "url"));
	const char *type = attr(n, "type"), *medium = attr(n, "medium");

	if (url == NULL)
		return;
	m = feed_item_add_media(it, url);
	free(url);
	if (m->type == NULL && type)
		m->type = xstrdup(type);
	if (m->medium == NULL)
		m->medium = medium ? xstrdup(medium) : medium_of(type);
	if (m->width == 0)
		m->width = dimension(attr(n, "width"));
	if (m->height == 0)
		m->height = dimension(attr(n, "height"));
	for (int pass = 0; pass < 2; pass++) {
		const xmlNode *parent = pass == 0 ? n : group;

		if (parent == NULL)
			continue;
		for (const xmlNode *k = parent->children; k; k = k->next) {
			if (k->type != XML_ELEMENT_NODE || ns_of(k) != NS_MEDIA)
				continue;
			if (is(k, "description") && m->alt == NULL) {
				const char *t = attr(k, "type");

				m->alt = text(p, k);
				if (m->alt && t && strcasecmp(t, "html") == 0) {
					char *plain = html_to_text(m->alt);

					free(m->alt);
					m->alt = plain;
				}
			} else if (is(k, "thumbnail") && m->preview_url == NULL) {
				m->preview_url = url_at(k, attr(k, "url"));
			} else if (is(k, "rating") && pass == 0) {
				char *r = text(p, k);

				if (r && strcasecmp(r, "adult") == 0)
					it->sensitive = 1;
				free(r);
			}
		}
	}
}

static void
enclosure(struct feed_item *it, const xmlNode *n, const char *urlattr, const char *alt)
{
	struct feed_media *m;
	char *url = url_at(n, attr(n, urlattr));
	const char *type = attr(n, "type");

	if (url == NULL)
		return;
	m = feed_item_add_media(it, url);
	free(url);
	if (m->type == NULL && type && *type)
		m->type = xstrdup(type);
	if (m->medium == NULL)
		m->medium = medium_of(type);
	if (m->alt == NULL && alt && *alt)
		m->alt = xstrdup(alt);
}

/* Atom person construct: name, uri (url in 0.3), and an avatar link. */
static void
atom_person(struct xp *p, const xmlNode *n, char **name, char **url, char **avatar)
{
	for (const xmlNode *k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (is(k, "name"))
			set(name, fold(text(p, k)));
		else if (is(k, "uri") || is(k, "url")) {
			char *u = text(p, k);

			set(url, url_at(k, u));
			free(u);
		} else if (is(k, "link") && str_eq(attr(k, "rel"), "avatar"))
			set(avatar, url_at(k, attr(k, "href")));
		else if (is(k, "email") && *name == NULL)
			set(name, text(p, k));
	}
}

static void
date_field(struct xp *p, const xmlNode *n, char **slot)
{
	if (*slot == NULL)
		*slot = text(p, n);
}

/* Everything one item holds, whatever its format. */
struct item_parts {
	char *pub, *dcdate, *updated, *issued, *created;
	char *desc, *encoded, *atom_content, *atom_summary, *xhtml_body;
	char *rss_author, *dc_creator;
	char *link, *atom_link, *guid, *atom_id;
	int guid_is_permalink;
	char *lang;
	const xmlNode *thumb, *mdesc;
};

static void
parts_free(struct item_parts *x)
{
	free(x->pub);
	free(x->dcdate);
	free(x->updated);
	free(x->issued);
	free(x->created);
	free(x->desc);
	free(x->encoded);
	free(x->atom_content);
	free(x->atom_summary);
	free(x->xhtml_body);
	free(x->rss_author);
	free(x->dc_creator);
	free(x->link);
	free(x->atom_link);
	free(x->guid);
	free(x->atom_id);
	free(x->lang);
}

static void
item_child(struct xp *p, struct feed_item *it, struct item_parts *x, const xmlNode *k)
{
	enum ns ns = ns_of(k);
	const char *name = (const char *)k->name;
	int atom = ns == NS_ATOM || (p->format == FEED_ATOM && ns == NS_NONE);

	if (atom) {
		if (strcmp(name, "title") == 0) {
			set(&it->title, atom_plain(p, k));
		} else if (strcmp(name, "id") == 0) {
			set(&x->atom_id, text(p, k));
		} else if (strcmp(name, "link") == 0) {
			const char *rel = attr(k, "rel");

			if (rel == NULL || strcmp(rel, "alternate") == 0 ||
			    strcmp(rel, "http://www.iana.org/assignments/relation/alternate") == 0)
				set(&x->atom_link, url_at(k, attr(k, "href")));
			else if (strcmp(rel, "enclosure") == 0)
				enclosure(it, k, "href", attr(k, "title"));
		} else if (strcmp(name, "published") == 0) {
			date_field(p, k, &x->pub);
		} else if (strcmp(name, "issued") == 0) {
			date_field(p, k, &x->issued);
		} else if (strcmp(name, "created") == 0) {
			date_field(p, k, &x->created);
		} else if (strcmp(name, "updated") == 0 || strcmp(name, "modified") == 0) {
			date_field(p, k, &x->updated);
		} else if (strcmp(name, "author") == 0) {
			atom_person(p, k, &it->author_name, &it->author_url, &it->author_avatar);
		} else if (strcmp(name, "content") == 0) {
			if (x->atom_content == NULL && attr(k, "src") == NULL)
				x->atom_content = atom_html(p, k);
		} else if (strcmp(name, "summary") == 0) {
			set(&x->atom_summary, atom_html(p, k));
		} else if (strcmp(name, "category") == 0) {
			const char *term = attr(k, "term");

			if (term)
				feed_item_add_category(it, term);
			else if (p->format != FEED_ATOM) {
				char *t = text(p, k);

				if (t)
					feed_item_add_category(it, t);
				free(t);
			}
		}
		return;
	}
	switch (ns) {
	case NS_NONE:
		if (strcmp(name, "title") == 0) {
			set(&it->title, rss_plain(p, k));
		} else if (strcmp(name, "link") == 0) {
			char *t = text(p, k);

			set(&x->link, url_at(k, t));
			free(t);
		} else if (strcmp(name, "guid") == 0) {
			const char *pl = attr(k, "isPermaLink");

			if (x->guid == NULL) {
				x->guid = text(p, k);
				x->guid_is_permalink = pl == NULL || strcasecmp(pl, "true") == 0;
			}
		} else if (strcmp(name, "pubDate") == 0) {
			date_field(p, k, &x->pub);
		} else if (strcmp(name, "description") == 0) {
			set(&x->desc, inner_html(p, k));
		} else if (strcmp(name, "author") == 0) {
			set(&x->rss_author, text(p, k));
		} else if (strcmp(name, "category") == 0) {
			char *t = text(p, k);

			if (t)
				feed_item_add_category(it, t);
			free(t);
		} else if (strcmp(name, "enclosure") == 0) {
			enclosure(it, k, "url", NULL);
		} else if (strcmp(name, "language") == 0) {
			set(&x->lang, text(p, k));
		}
		break;
	case NS_DC:
		if (strcmp(name, "creator") == 0 || strcmp(name, "author") == 0)
			set(&x->dc_creator, fold(text(p, k)));
		else if (strcmp(name, "date") == 0)
			date_field(p, k, &x->dcdate);
		else if (strcmp(name, "subject") == 0) {
			char *t = text(p, k);

			if (t)
				feed_item_add_category(it, t);
			free(t);
		} else if (strcmp(name, "language") == 0)
			set(&x->lang, text(p, k));
		else if (strcmp(name, "title") == 0)
			set(&it->title, rss_plain(p, k));
		else if (strcmp(name, "identifier") == 0)
			set(&x->guid, text(p, k));
		break;
	case NS_DCTERMS:
		if (strcmp(name, "issued") == 0 || strcmp(name, "created") == 0)
			date_field(p, k, &x->issued);
		else if (strcmp(name, "modified") == 0)
			date_field(p, k, &x->updated);
		break;
	case NS_CONTENT:
		if (strcmp(name, "encoded") == 0)
			set(&x->encoded, inner_html(p, k));
		break;
	case NS_XHTML:
		if (strcmp(name, "body") == 0 || strcmp(name, "div") == 0)
			set(&x->xhtml_body, children_markup(p, k));
		break;
	case NS_MEDIA:
		if (strcmp(name, "content") == 0) {
			media_content(p, it, k, NULL);
		} else if (strcmp(name, "group") == 0) {
			for (const xmlNode *g = k->children; g; g = g->next)
				if (is(g, "content") && ns_of(g) == NS_MEDIA)
					media_content(p, it, g, k);
			for (const xmlNode *g = k->children; g; g = g->next)
				if (is(g, "thumbnail") && ns_of(g) == NS_MEDIA && x->thumb == NULL)
					x->thumb = g;
		} else if (strcmp(name, "thumbnail") == 0) {
			if (x->thumb == NULL)
				x->thumb = k;
		} else if (strcmp(name, "description") == 0) {
			if (x->mdesc == NULL)
				x->mdesc = k;
		} else if (strcmp(name, "rating") == 0) {
			char *r = text(p, k);

			if (r && strcasecmp(r, "adult") == 0)
				it->sensitive = 1;
			free(r);
		}
		break;
	default:
		break;
	}
}

static int
looks_like_url(const char *s)
{
	return str_casestartswith(s, "http://") || str_casestartswith(s, "https://");
}

static void
item_dates(struct feed_item *it, struct item_parts *x)
{
	const char *pub = x->pub ? x->pub : x->dcdate ? x->dcdate : x->issued ? x->issued : x->created;

	if (x->updated && feed_date_parse(x->updated, &it->updated) == 0)
		it->has_updated = 1;
	if (pub == NULL) {
		/* Atom needs only <updated>: it is then the publication time. */
		if (it->has_updated) {
			it->has_published = 1;
			it->published = it->updated;
		} else if (x->updated) {
			it->date_text = xstrdup(x->updated);
		}
		return;
	}
	if (feed_date_parse(pub, &it->published) == 0)
		it->has_published = 1;
	else
		it->date_text = xstrdup(pub);
}

/* Reads one expanded item and hands it on. */
static int
item_read(struct xp *p, xmlNode *n)
{
	struct feed_item it;
	struct item_parts x;
	xmlChar *lang;

	memset(&it, 0, sizeof it);
	memset(&x, 0, sizeof x);
	p->entity_budget = ENTITY_BUDGET;
	for (const xmlNode *k = n->children; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE)
			item_child(p, &it, &x, k);

	/* Identity and permalink. */
	it.guid = x.atom_id ? x.atom_id : x.guid;
	if (x.atom_id)
		free(x.guid);
	x.atom_id = x.guid = NULL;
	if (it.guid == NULL && p->format == FEED_RDF)
		it.guid = rdf_about(n);
	it.permalink = x.link ? x.link : x.atom_link;
	if (x.link)
		free(x.atom_link);
	x.link = x.atom_link = NULL;
	if (it.permalink == NULL && it.guid && x.guid_is_permalink && p->format == FEED_RSS &&
	    looks_like_url(it.guid))
		it.permalink = url_at(n, it.guid);

	/* Content: the fullest HTML there is; a summary stands in for it. */
	if (x.encoded)
		it.content_html = x.encoded, x.encoded = NULL;
	else if (x.atom_content)
		it.content_html = x.atom_content, x.atom_content = NULL;
	else if (x.xhtml_body)
		it.content_html = x.xhtml_body, x.xhtml_body = NULL;
	else if (x.desc)
		it.content_html = x.desc, x.desc = NULL;
	else if (x.atom_summary)
		it.content_html = x.atom_summary, x.atom_summary = NULL;

	if (it.author_name == NULL && x.rss_author)
		it.author_name = feed_author_name(x.rss_author);
	if (it.author_name == NULL && x.dc_creator)
		it.author_name = x.dc_creator, x.dc_creator = NULL;
	if (it.author_name == NULL && it.author_url == NULL && p->feed_author_name) {
		it.author_name = xstrdup(p->feed_author_name);
		if (p->feed_author_url)
			it.author_url = xstrdup(p->feed_author_url);
		if (p->feed_author_avatar && it.author_avatar == NULL)
			it.author_avatar = xstrdup(p->feed_author_avatar);
	}
	item_dates(&it, &x);

	lang = xmlNodeGetLang(n);
	if (lang && *lang)
		it.language = xstrdup((const char *)lang);
	else if (x.lang)
		it.language = x.lang, x.lang = NULL;
	xmlFree(lang);

	if (x.thumb) {
		char *u = url_at(x.thumb, attr(x.thumb, "url"));

		if (u && it.nmedia == 0) {
			struct feed_media *m = feed_item_add_media(&it, u);

			m->medium = xstrdup("image");
		} else if (u && it.media[0].preview_url == NULL) {
			it.media[0].preview_url = xstrdup(u);
		}
		free(u);
	}
	if (x.mdesc && it.nmedia == 1 && it.media[0].alt == NULL)
		it.media[0].alt = text(p, x.mdesc);

	xmlBufferEmpty(p->dump);
	xmlNodeDump(p->dump, n->doc, n, 0, 0);
	it.raw = xstrndup((const char *)xmlBufferContent(p->dump), (size_t)xmlBufferLength(p->dump));
	parts_free(&x);
	return feed_emit(p->c, &it);
}

/* Channel or feed metadata: title, link, language, Atom author. */
static void
feed_meta(struct xp *p, const xmlNode *n)
{
	struct feed_info *info = p->c->info;
	enum ns ns = ns_of(n);
	const char *name = (const char *)n->name;
	int atom = ns == NS_ATOM || (p->format == FEED_ATOM && ns == NS_NONE);

	if (atom) {
		if (strcmp(name, "title") == 0) {
			set(&info->title, atom_plain(p, n));
		} else if (strcmp(name, "link") == 0) {
			const char *rel = attr(n, "rel");

			if (rel == NULL || strcmp(rel, "alternate") == 0)
				set(&info->link, url_at(n, attr(n, "href")));
		} else if (strcmp(name, "author") == 0 && p->format == FEED_ATOM) {
			atom_person(p, n, &p->feed_author_name, &p->feed_author_url,
			    &p->feed_author_avatar);
		}
	} else if (ns == NS_NONE && strcmp(name, "title") == 0) {
		set(&info->title, rss_plain(p, n));
	} else if (ns == NS_NONE && strcmp(name, "link") == 0) {
		char *t = text(p, n);

		set(&info->link, url_at(n, t));
		free(t);
	} else if ((ns == NS_NONE || ns == NS_DC) && strcmp(name, "language") == 0) {
		set(&info->language, text(p, n));
	}
}

static void
xml_error(void *arg, xmlErrorPtr err)
{
	struct xp *p = arg;
	size_t n;

	if (err == NULL || err->level < XML_ERR_ERROR)
		return;
	if (p->nerrors++ > 0)
		return;
	p->err_line = err->line;
	p->err_col = err->int2;
	snprintf(p->err_msg, sizeof p->err_msg, "%s", err->message ? err->message : "unknown error");
	n = strlen(p->err_msg);
	while (n > 0 && (p->err_msg[n - 1] == '\n' || p->err_msg[n - 1] == ' '))
		p->err_msg[--n] = '\0';
}

static int
xml_read(void *ctx, char *buf, int len)
{
	long r = feed_input_read(ctx, buf, (size_t)len);

	return (int)r;
}

static int
xml_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static int
root(struct xp *p, const xmlNode *n)
{
	const char *name = (const char *)n->name;
	const xmlChar *lang;

	p->root_seen = 1;
	if (strcmp(name, "rss") == 0 || (strcmp(name, "channel") == 0 && ns_of(n) == NS_NONE))
		p->format = FEED_RSS;
	else if (strcmp(name, "RDF") == 0)
		p->format = FEED_RDF;
	else if (strcmp(name, "feed") == 0 && (ns_of(n) == NS_ATOM || ns_of(n) == NS_NONE))
		p->format = FEED_ATOM;
	else if (strcasecmp(name, "html") == 0)
		return err_set(p->c->e, ERR_FAIL, "not a feed (looks like HTML)");
	else
		return err_set(p->c->e, ERR_FAIL, "not a feed (the root element is <%.64s>)", name);
	p->c->info->format = p->format;
	lang = xmlTextReaderConstXmlLang(p->rd);
	if (lang && *lang)
		p->c->info->language = xstrdup((const char *)lang);
	return 0;
}

static int
is_item(const struct xp *p, const xmlNode *n, int depth)
{
	const char *name = (const char *)n->name;
	enum ns ns = ns_of(n);

	if (p->format == FEED_ATOM)
		return depth == 1 && strcmp(name, "entry") == 0 && (ns == NS_ATOM || ns == NS_NONE);
	return (depth == 1 || depth == 2) && strcmp(name, "item") == 0 && ns == NS_NONE;
}

static int
is_meta(const struct xp *p, const xmlNode *n, int depth)
{
	if (p->format == FEED_ATOM)
		return depth == 1;
	return depth == 2 && n->parent && n->parent->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->parent->name, "channel") == 0;
}

int
feed_parse_xml(struct feed_ctx *c, struct feed_input *in)
{
	struct xp p;
	int r, ret = -1, stopped = 0;
	int opts = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_COMPACT;

	/* An imposed encoding (HTTP's) wins over the document's declaration. */
	if (c->encoding)
		opts |= XML_PARSE_IGNORE_ENC;
	memset(&p, 0, sizeof p);
	p.c = c;
	p.dump = xmlBufferCreate();
	p.rd = xmlReaderForIO(xml_read, xml_close, in, c->opt->base_url, c->encoding, opts);
	if (p.rd == NULL || p.dump == NULL) {
		err_set(c->e, ERR_FAIL, "cannot start the XML reader");
		goto out;
	}
	xmlTextReaderSetStructuredErrorHandler(p.rd, xml_error, &p);

	r = xmlTextReaderRead(p.rd);
	while (r == 1) {
		xmlNode *n;
		int depth;

		if (xmlTextReaderNodeType(p.rd) != XML_READER_TYPE_ELEMENT) {
			r = xmlTextReaderRead(p.rd);
			continue;
		}
		depth = xmlTextReaderDepth(p.rd);
		n = xmlTextReaderCurrentNode(p.rd);
		if (n == NULL)
			break;
		if (depth == 0) {
			if (root(&p, n) == -1) {
				stopped = 1;
				break;
			}
			r = xmlTextReaderRead(p.rd);
			continue;
		}
		if (is_item(&p, n, depth)) {
			int before = p.nerrors;
			xmlNode *x = xmlTextReaderExpand(p.rd);

			/* An item the document's end cut off is not an item. */
			if (x == NULL || (p.nerrors > before &&
			    xmlTextReaderReadState(p.rd) == XML_TEXTREADER_MODE_EOF))
				break;
			if (item_read(&p, x) == -1) {
				stopped = 1;
				goto out;
			}
			r = xmlTextReaderNext(p.rd);
			continue;
		}
		if (is_meta(&p, n, depth)) {
			xmlNode *x = xmlTextReaderExpand(p.rd);

			if (x)
				feed_meta(&p, x);
			r = xmlTextReaderNext(p.rd);
			continue;
		}
		r = xmlTextReaderRead(p.rd);
	}
	if (stopped)
		goto out;
	if (in->error) {
		err_set(c->e, ERR_FAIL, "cannot read the feed: %s", strerror(in->error));
		goto out;
	}
	if (p.nerrors > 0 && (!p.root_seen || c->info->items == 0)) {
		err_set(c->e, ERR_FAIL, "XML error at line %d, column %d: %s", p.err_line, p.err_col,
		    p.err_msg);
		goto out;
	}
	if (!p.root_seen) {
		err_set(c->e, ERR_FAIL, "not a feed (no root element)");
		goto out;
	}
	if (p.nerrors > 0)
		c->info->recovered = 1;
	ret = 0;
out:
	if (p.rd)
		xmlFreeTextReader(p.rd);
	if (p.dump)
		xmlBufferFree(p.dump);
	free(p.feed_author_name);
	free(p.feed_author_url);
	free(p.feed_author_avatar);
	return ret;
}
