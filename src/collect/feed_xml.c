/*
 * feed_xml.c - RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 1.0/0.3, streamed
 * through libxml2's push parser.
 *
 * libxml2's SAX2 handlers build the tree as the document comes; when an
 * item (rss item, rdf item, atom entry) ends, it is read, handed on and
 * freed at once, so the tree never holds more than one item and memory
 * stays flat whatever the feed's size. This is what xmlTextReaderExpand +
 * xmlTextReaderNext do, minus the reader's bookkeeping -- and unlike the
 * reader, which gives up at the first error whatever XML_PARSE_RECOVER
 * says, it lets libxml2's recovery go on past a stray &nbsp; or '&'.
 *
 * Hostile XML is inert: no XML_PARSE_NOENT (entities are never substituted
 * by the parser; this file reads internal ones itself, within a budget), no
 * DTD loading or attribute defaults, XML_PARSE_NONET, and no
 * XML_PARSE_HUGE, so libxml2 keeps its limits: 256 levels of nesting, 10 MB
 * text nodes, bounded entity amplification.
 *
 * Broken XML: the document is read with XML_PARSE_RECOVER. When its root is
 * a feed and either an item could be read or the document was read to its
 * end (an undeclared &nbsp; say), what was read is handed on and
 * info->recovered is set (an item cut off by the end of the document is
 * dropped, never half-stored); otherwise -- not even one item before the
 * parser gave up -- the parse fails with "XML error at line L, column C:
 * message", the first error libxml2 reported.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/entities.h>
#include <libxml/tree.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

#include "feed_internal.h"
#include "xml_compat.h"

enum ns {
	NS_OTHER,
	NS_NONE, /* no namespace, or one of RSS's own */
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
	enum feed_format format;
	int root_seen;
	int stopped;     /* by the callback or a root that is no feed */
	int root_closed; /* the document was read to its end */
	int nerrors;
	int html_entities; /* undeclared HTML entities read */
	int err_line, err_col;
	char err_msg[256];
	int entity_budget;
	struct buf raw; /* the raw item being written */
	/*
	 * The document's own bytes of the item being parsed: a window on
	 * what was fed to the parser (UTF-8 input only, where the parser's
	 * offsets are the input's).
	 */
	int window; /* 1 when offsets can be trusted */
	struct buf win;
	unsigned long winoff; /* offset of win.data[0] in the input */
	long item_start;      /* offset of the open item's '<', or -1 */
	const char *item_raw; /* its bytes, during item_read */
	size_t item_rawlen;
	char *feed_author_name, *feed_author_url, *feed_author_avatar;
};

static enum ns
ns_kind(const char *u)
{
	if (strcmp(u, "http://www.w3.org/2005/Atom") == 0 ||
	    strcmp(u, "http://purl.org/atom/ns#") == 0)
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

/*
 * The namespace of an element. Elements share the xmlNs of the declaration
 * in scope, so the last few answers are kept by pointer (and checked
 * against the URI: a freed declaration's address may come back).
 */
static enum ns
ns_of(const xmlNode *n)
{
	static _Thread_local struct {
		const xmlNs *ns;
		char href[96];
		enum ns kind;
	} cache[4];
	static _Thread_local unsigned next;
	const xmlNs *ns = n->ns;
	enum ns kind;
	size_t len;

	if (ns == NULL || ns->href == NULL)
		return NS_NONE;
	for (unsigned i = 0; i < ARRAY_LEN(cache); i++)
		if (cache[i].ns == ns && strcmp(cache[i].href, (const char *)ns->href) == 0)
			return cache[i].kind;
	kind = ns_kind((const char *)ns->href);
	if ((len = strlen((const char *)ns->href)) < sizeof cache[0].href) {
		cache[next].ns = ns;
		memcpy(cache[next].href, ns->href, len + 1);
		cache[next].kind = kind;
		next = (next + 1) % ARRAY_LEN(cache);
	}
	return kind;
}

/* strcmp(name, lit) == 0, most names told apart by their first letter. */
static int
name_is(const char *name, const char *lit)
{
	return name[0] == lit[0] && strcmp(name, lit) == 0;
}

static int
is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && name_is((const char *)n->name, name);
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

	/* The common case, one text node, trimmed as it is copied. */
	if (k && k->next == NULL &&
	    (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && k->content) {
		size_t len = strlen((const char *)k->content);

		return str_trimmed_dup(
		    (const char *)k->content, len > p->c->max_text ? p->c->max_text : len);
	}
	buf_init(&b, p->c->max_text);
	text_of(p, n, &b, 0);
	s = buf_detach(&b);
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

static void raw_node(struct buf *b, const xmlNode *n, int cdata);

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
		raw_node(&b, k, 0);
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

	if (t == NULL || *t == '\0' || strcasecmp(t, "text") == 0 ||
	    strcasecmp(t, "text/plain") == 0)
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
			h = incoming_text_to_html(s);
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
		/* RFC 4287 4.1.3.3: any other media type but XML and text is base64. */
		if (!str_casestartswith(attr(n, "type"), "text/") &&
		    !strstr(attr(n, "type"), "xml")) {
			char *t = text(p, n);

			if (t == NULL)
				return NULL;
			s = base64_decode(t);
			free(t);
			return s;
		}
		/* FALLTHROUGH */
	case TT_TEXT:
	default:
		if ((s = text(p, n)) == NULL)
			return NULL;
		h = incoming_text_to_html(s);
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
media_content(struct xp *p, struct incoming_post *it, const xmlNode *n, const xmlNode *group)
{
	struct incoming_media *m;
	char *url = url_at(n, attr(n, "url"));
	const char *type = attr(n, "type"), *medium = attr(n, "medium");

	if (url == NULL)
		return;
	m = incoming_add_media(it, url);
	free(url);
	if (m == NULL)
		return;
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
enclosure(struct incoming_post *it, const xmlNode *n, const char *urlattr, const char *alt)
{
	struct incoming_media *m;
	char *url = url_at(n, attr(n, urlattr));
	const char *type = attr(n, "type");

	if (url == NULL)
		return;
	m = incoming_add_media(it, url);
	free(url);
	if (m == NULL)
		return;
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
		else if (is(k, "uri") || is(k, "url") || is(k, "homepage")) {
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
	char *desc, *dcdesc, *encoded, *atom_content, *atom_summary, *xhtml_body;
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
	free(x->dcdesc);
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
item_child(struct xp *p, struct incoming_post *it, struct item_parts *x, const xmlNode *k)
{
	enum ns ns = ns_of(k);
	const char *name = (const char *)k->name;
	int atom = ns == NS_ATOM || (p->format == FEED_ATOM && ns == NS_NONE);

	if (atom) {
		if (name_is(name, "title")) {
			set(&it->title, atom_plain(p, k));
		} else if (name_is(name, "id")) {
			set(&x->atom_id, text(p, k));
		} else if (name_is(name, "link")) {
			const char *rel = attr(k, "rel");

			if (rel == NULL || strcmp(rel, "alternate") == 0 ||
			    strcmp(rel, "http://www.iana.org/assignments/relation/alternate") == 0)
				set(&x->atom_link, url_at(k, attr(k, "href")));
			else if (strcmp(rel, "enclosure") == 0)
				enclosure(it, k, "href", attr(k, "title"));
		} else if (name_is(name, "published")) {
			date_field(p, k, &x->pub);
		} else if (name_is(name, "issued")) {
			date_field(p, k, &x->issued);
		} else if (name_is(name, "created")) {
			date_field(p, k, &x->created);
		} else if (name_is(name, "updated") || name_is(name, "modified")) {
			date_field(p, k, &x->updated);
		} else if (name_is(name, "author")) {
			atom_person(p, k, &it->author_name, &it->author_url, &it->author_avatar);
		} else if (name_is(name, "content")) {
			if (x->atom_content == NULL && attr(k, "src") == NULL)
				x->atom_content = atom_html(p, k);
		} else if (name_is(name, "summary")) {
			set(&x->atom_summary, atom_html(p, k));
		} else if (name_is(name, "category")) {
			const char *term = attr(k, "term");

			if (term)
				incoming_add_category(it, term);
			else if (p->format != FEED_ATOM) {
				char *t = text(p, k);

				if (t)
					incoming_add_category(it, t);
				free(t);
			}
		}
		return;
	}
	switch (ns) {
	case NS_NONE:
		if (name_is(name, "title")) {
			set(&it->title, rss_plain(p, k));
		} else if (name_is(name, "link")) {
			char *t = text(p, k);

			set(&x->link, url_at(k, t));
			free(t);
		} else if (name_is(name, "guid")) {
			const char *pl = attr(k, "isPermaLink");

			if (x->guid == NULL) {
				x->guid = text(p, k);
				x->guid_is_permalink = pl == NULL || strcasecmp(pl, "true") == 0;
			}
		} else if (name_is(name, "pubDate")) {
			date_field(p, k, &x->pub);
		} else if (name_is(name, "description")) {
			set(&x->desc, inner_html(p, k));
		} else if (name_is(name, "author")) {
			set(&x->rss_author, text(p, k));
		} else if (name_is(name, "category")) {
			char *t = text(p, k);

			if (t)
				incoming_add_category(it, t);
			free(t);
		} else if (name_is(name, "enclosure")) {
			enclosure(it, k, "url", NULL);
		} else if (name_is(name, "language")) {
			set(&x->lang, text(p, k));
		} else if (name_is(name, "body")) {
			set(&x->xhtml_body, children_markup(p, k));
		} else if (name_is(name, "fullitem")) {
			set(&x->encoded, inner_html(p, k));
		}
		break;
	case NS_DC:
		if (name_is(name, "creator") || name_is(name, "author"))
			set(&x->dc_creator, fold(text(p, k)));
		else if (name_is(name, "date"))
			date_field(p, k, &x->dcdate);
		else if (name_is(name, "subject")) {
			char *t = text(p, k);

			if (t)
				incoming_add_category(it, t);
			free(t);
		} else if (name_is(name, "language"))
			set(&x->lang, text(p, k));
		else if (name_is(name, "title"))
			set(&it->title, rss_plain(p, k));
		else if (name_is(name, "identifier"))
			set(&x->guid, text(p, k));
		else if (name_is(name, "description"))
			set(&x->dcdesc, inner_html(p, k));
		break;
	case NS_DCTERMS:
		if (name_is(name, "issued") || name_is(name, "created"))
			date_field(p, k, &x->issued);
		else if (name_is(name, "modified"))
			date_field(p, k, &x->updated);
		break;
	case NS_CONTENT:
		if (name_is(name, "encoded"))
			set(&x->encoded, inner_html(p, k));
		break;
	case NS_XHTML:
		if (name_is(name, "body") || name_is(name, "div"))
			set(&x->xhtml_body, children_markup(p, k));
		break;
	case NS_MEDIA:
		if (name_is(name, "content")) {
			media_content(p, it, k, NULL);
		} else if (name_is(name, "group")) {
			for (const xmlNode *g = k->children; g; g = g->next)
				if (is(g, "content") && ns_of(g) == NS_MEDIA)
					media_content(p, it, g, k);
			for (const xmlNode *g = k->children; g; g = g->next)
				if (is(g, "thumbnail") && ns_of(g) == NS_MEDIA && x->thumb == NULL)
					x->thumb = g;
		} else if (name_is(name, "thumbnail")) {
			if (x->thumb == NULL)
				x->thumb = k;
		} else if (name_is(name, "description")) {
			if (x->mdesc == NULL)
				x->mdesc = k;
		} else if (name_is(name, "rating")) {
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
item_dates(struct incoming_post *it, struct item_parts *x)
{
	const char *pub = x->pub ? x->pub
	    : x->dcdate          ? x->dcdate
	    : x->issued          ? x->issued
	                         : x->created;

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

/*
 * The raw item, serialised by hand: xmlNodeDump does the same through its
 * generic output layer at twice the cost, and this one also declares the
 * namespaces the item uses but inherits (media:, dc:...), so the text
 * stands on its own as XML.
 */
static void
raw_escape(struct buf *b, const char *s, int attr)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep;

		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '\r':
			rep = "&#13;";
			break;
		case '"':
			if (!attr)
				continue;
			rep = "&quot;";
			break;
		case '\n':
			if (!attr)
				continue;
			rep = "&#10;";
			break;
		case '\t':
			if (!attr)
				continue;
			rep = "&#9;";
			break;
		default:
			continue;
		}
		buf_add(b, run, (size_t)(s - run));
		buf_adds(b, rep);
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
}

static void
raw_qname(struct buf *b, const xmlNs *ns, const xmlChar *name)
{
	if (ns && ns->prefix) {
		buf_adds(b, (const char *)ns->prefix);
		buf_addc(b, ':');
	}
	buf_adds(b, (const char *)name);
}

static void
raw_nsdecl(struct buf *b, const xmlNs *ns)
{
	buf_adds(b, " xmlns");
	if (ns->prefix) {
		buf_addc(b, ':');
		buf_adds(b, (const char *)ns->prefix);
	}
	buf_adds(b, "=\"");
	raw_escape(b, ns->href ? (const char *)ns->href : "", 1);
	buf_addc(b, '"');
}

#define RAW_MAXNS 16

static void
raw_use(const xmlNs *ns, const xmlNs **used, size_t *nused)
{
	size_t i;

	if (ns == NULL || ns->href == NULL ||
	    (ns->prefix && strcmp((const char *)ns->prefix, "xml") == 0))
		return;
	for (i = 0; i < *nused && used[i] != ns; i++)
		;
	if (i == *nused && *nused < RAW_MAXNS)
		used[(*nused)++] = ns;
}

/* Namespaces used in n's subtree: inherited ones need declaring. */
static void
raw_used(const xmlNode *n, const xmlNs **used, size_t *nused)
{
	if (n->type != XML_ELEMENT_NODE)
		return;
	raw_use(n->ns, used, nused);
	for (const xmlAttr *a = n->properties; a; a = a->next)
		raw_use(a->ns, used, nused);
	for (const xmlNode *k = n->children; k; k = k->next)
		raw_used(k, used, nused);
}

static void
raw_node(struct buf *b, const xmlNode *n, int cdata)
{
	switch (n->type) {
	case XML_ELEMENT_NODE:
		buf_addc(b, '<');
		raw_qname(b, n->ns, n->name);
		for (const xmlNs *ns = n->nsDef; ns; ns = ns->next)
			raw_nsdecl(b, ns);
		for (const xmlAttr *a = n->properties; a; a = a->next) {
			buf_addc(b, ' ');
			raw_qname(b, a->ns, a->name);
			buf_adds(b, "=\"");
			for (const xmlNode *k = a->children; k; k = k->next) {
				if (k->type == XML_TEXT_NODE && k->content)
					raw_escape(b, (const char *)k->content, 1);
				else if (k->type == XML_ENTITY_REF_NODE)
					buf_printf(b, "&%s;", (const char *)k->name);
			}
			buf_addc(b, '"');
		}
		if (n->children == NULL) {
			buf_adds(b, "/>");
			break;
		}
		buf_addc(b, '>');
		for (const xmlNode *k = n->children; k; k = k->next)
			raw_node(b, k, cdata);
		buf_adds(b, "</");
		raw_qname(b, n->ns, n->name);
		buf_addc(b, '>');
		break;
	case XML_TEXT_NODE:
		/*
		 * Escaped markup (an RSS description) is written as CDATA: the
		 * same text to any XML reader, and copied rather than escaped
		 * character by character.
		 */
		if (cdata && n->content && strchr((const char *)n->content, '<') &&
		    !strstr((const char *)n->content, "]]>") &&
		    !strchr((const char *)n->content, '\r')) {
			buf_adds(b, "<![CDATA[");
			buf_adds(b, (const char *)n->content);
			buf_adds(b, "]]>");
		} else if (n->content) {
			raw_escape(b, (const char *)n->content, 0);
		}
		break;
	case XML_CDATA_SECTION_NODE:
		buf_adds(b, "<![CDATA[");
		if (n->content)
			buf_adds(b, (const char *)n->content);
		buf_adds(b, "]]>");
		break;
	case XML_ENTITY_REF_NODE:
		buf_printf(b, "&%s;", (const char *)n->name);
		break;
	case XML_COMMENT_NODE:
		buf_printf(b, "<!--%s-->", n->content ? (const char *)n->content : "");
		break;
	case XML_PI_NODE:
		buf_printf(b, "<?%s%s%s?>", (const char *)n->name, n->content ? " " : "",
		    n->content ? (const char *)n->content : "");
		break;
	default:
		break;
	}
}

/*
 * The item's XML text (len bytes from text, beginning with the item's start
 * tag), with the declarations of the namespaces it uses but inherits from
 * an ancestor (media:, dc:, content:, Atom's default one) written into
 * that start tag, so the text is well-formed XML on its own. Caller frees.
 */
static char *
raw_standalone(const xmlNode *item, const char *text, size_t len)
{
	const xmlNs *used[RAW_MAXNS];
	size_t nused = 0, cut;
	struct buf decl;
	char *r;

	buf_init(&decl, BUF_NOLIMIT);
	raw_used(item, used, &nused);
	for (size_t i = 0; i < nused; i++) {
		/* Declared on an ancestor (not inside the item): declare it again. */
		for (const xmlNode *a = item->parent; a && a->type == XML_ELEMENT_NODE;
		     a = a->parent) {
			const xmlNs *d;

			for (d = a->nsDef; d && d != used[i]; d = d->next)
				;
			if (d) {
				raw_nsdecl(&decl, used[i]);
				break;
			}
		}
	}
	/* After "<name" (or "<prefix:name"), as the node's own name is written. */
	cut = 1 + (item->ns && item->ns->prefix ? strlen((const char *)item->ns->prefix) + 1 : 0) +
	    strlen((const char *)item->name);
	if (decl.len == 0 || cut > len) {
		buf_release(&decl);
		return xstrndup(text, len);
	}
	r = xmalloc(len + decl.len + 1);
	memcpy(r, text, cut);
	memcpy(r + cut, decl.data, decl.len);
	memcpy(r + cut + decl.len, text + cut, len - cut);
	r[len + decl.len] = '\0';
	buf_release(&decl);
	return r;
}

/* The item's XML serialised from the tree, standing alone. Caller frees. */
static char *
raw_item(struct xp *p, const xmlNode *item)
{
	struct buf *b = &p->raw;

	/* One buffer for every item: it grows once, not for each item. */
	buf_reset(b);
	raw_node(b, item, 1);
	return raw_standalone(item, b->data, b->len);
}

/* Reads one expanded item and hands it on. */
static int
item_read(struct xp *p, xmlNode *n)
{
	struct incoming_post it;
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
	else if (x.dcdesc)
		it.content_html = x.dcdesc, x.dcdesc = NULL;

	if (it.author_name == NULL && x.rss_author)
		it.author_name = feed_author_name(x.rss_author);
	if (it.author_name == NULL && x.dc_creator)
		it.author_name = feed_author_name(x.dc_creator);
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
			struct incoming_media *m = incoming_add_media(&it, u);

			if (m)
				m->medium = xstrdup("image");
		} else if (u && it.media[0].preview_url == NULL) {
			it.media[0].preview_url = xstrdup(u);
		}
		free(u);
	}
	if (x.mdesc && it.nmedia == 1 && it.media[0].alt == NULL)
		it.media[0].alt = text(p, x.mdesc);

	parts_free(&x);
	if (!feed_keep(p->c, &it))
		return 0;
	/* The bytes as sent when the parser still holds them, else re-serialised. */
	it.raw = p->item_raw ? raw_standalone(n, p->item_raw, p->item_rawlen) : raw_item(p, n);
	return feed_hand_on(p->c, &it);
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
		if (name_is(name, "title")) {
			set(&info->title, atom_plain(p, n));
		} else if (name_is(name, "link")) {
			const char *rel = attr(n, "rel");

			if (rel == NULL || strcmp(rel, "alternate") == 0)
				set(&info->link, url_at(n, attr(n, "href")));
		} else if (name_is(name, "author") && p->format == FEED_ATOM) {
			atom_person(p, n, &p->feed_author_name, &p->feed_author_url,
			    &p->feed_author_avatar);
		}
	} else if (ns == NS_NONE && name_is(name, "title")) {
		set(&info->title, rss_plain(p, n));
	} else if (ns == NS_NONE && name_is(name, "link")) {
		char *t = text(p, n);

		set(&info->link, url_at(n, t));
		free(t);
	} else if (ns == NS_DC && name_is(name, "title")) {
		set(&info->title, rss_plain(p, n));
	} else if ((ns == NS_NONE || ns == NS_DC) && name_is(name, "language")) {
		set(&info->language, text(p, n));
	}
}

/*
 * For the slips feeds make all the time -- an entity nobody declared, a
 * bare '&' -- put back what a browser (and feedparser's loose parser)
 * would read: the text as written. (HTML's entities never get here: see
 * sax_entity.) The parser's own recovery goes on from there.
 */
static void
xml_recover(xmlParserCtxtPtr ctxt, const xmlError *err)
{
	const htmlEntityDesc *h;
	const xmlChar *base, *cur;

	if (err->domain != XML_FROM_PARSER || !xml_compat_in_content(ctxt) || ctxt->sax == NULL ||
	    ctxt->sax->characters == NULL || xml_compat_node(ctxt) == NULL)
		return;
	if (err->code == XML_ERR_UNDECLARED_ENTITY && err->str1) {
		if ((h = htmlEntityLookup((const xmlChar *)err->str1)) != NULL) {
			char out[4];
			int n = utf8_encode((int32_t)h->value, out);

			ctxt->sax->characters(ctxt, (const xmlChar *)out, n);
		} else {
			/* No such entity anywhere: keep it as written. */
			ctxt->sax->characters(ctxt, (const xmlChar *)"&", 1);
			ctxt->sax->characters(
			    ctxt, (const xmlChar *)err->str1, (int)strlen(err->str1));
			ctxt->sax->characters(ctxt, (const xmlChar *)";", 1);
		}
	} else if (err->code == XML_ERR_NAME_REQUIRED) {
		ctxt->sax->characters(ctxt, (const xmlChar *)"&", 1);
	} else if (err->code == XML_ERR_ENTITYREF_SEMICOL_MISSING &&
	    xml_compat_cursor(ctxt, &base, &cur)) {
		/* "?a=1&b=2": the parser read "&b" and dropped it; it is still
		 * just behind the cursor. */
		const xmlChar *q = cur;

		while (q > base && cur - q < 64 && q[-1] != '&')
			q--;
		if (q > base && q[-1] == '&')
			ctxt->sax->characters(ctxt, q - 1, (int)(cur - q + 1));
	}
}

static void
xml_error(void *ctx, XML_COMPAT_ERROR err)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct xp *p = ctxt->_private;
	size_t n;

	if (err == NULL || err->level < XML_ERR_ERROR)
		return;
	if (p->nerrors++ == 0) {
		p->err_line = err->line;
		p->err_col = err->int2;
		snprintf(p->err_msg, sizeof p->err_msg, "%s",
		    err->message ? err->message : "unknown error");
		n = strlen(p->err_msg);
		while (n > 0 && (p->err_msg[n - 1] == '\n' || p->err_msg[n - 1] == ' '))
			p->err_msg[--n] = '\0';
	}
	xml_recover(ctxt, err);
}

static int
root(struct xp *p, const xmlNode *n)
{
	const char *name = (const char *)n->name;
	xmlChar *lang;

	p->root_seen = 1;
	if (name_is(name, "rss") || (name_is(name, "channel") && ns_of(n) == NS_NONE))
		p->format = FEED_RSS;
	else if (name_is(name, "RDF"))
		p->format = FEED_RDF;
	else if (name_is(name, "feed") && (ns_of(n) == NS_ATOM || ns_of(n) == NS_NONE))
		p->format = FEED_ATOM;
	else if (strcasecmp(name, "html") == 0)
		return err_set(p->c->e, ERR_FAIL, "not a feed (looks like HTML)");
	else
		return err_set(p->c->e, ERR_FAIL, "not a feed (the root element is <%.64s>)", name);
	p->c->info->format = p->format;
	lang = xmlNodeGetLang(n);
	if (lang && *lang)
		p->c->info->language = xstrdup((const char *)lang);
	xmlFree(lang);
	return 0;
}

static int
is_item(const struct xp *p, const xmlNode *n, int depth)
{
	const char *name = (const char *)n->name;
	enum ns ns = ns_of(n);

	if (p->format == FEED_ATOM)
		return depth == 1 && name_is(name, "entry") && (ns == NS_ATOM || ns == NS_NONE);
	return (depth == 1 || depth == 2) && name_is(name, "item") && ns == NS_NONE;
}

static int
is_meta(const struct xp *p, const xmlNode *n, int depth)
{
	if (p->format == FEED_ATOM)
		return depth == 1;
	return depth == 2 && n->parent && n->parent->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->parent->name, "channel") == 0;
}

/* Items and metadata live at depth 1 (Atom, RDF) or in RSS's <channel>. */
static int
item_place(const struct xp *p, const xmlNode *n, int depth)
{
	if (depth == 1)
		return 1;
	return depth == 2 && p->format != FEED_ATOM && n->parent &&
	    strcmp((const char *)n->parent->name, "channel") == 0;
}

/* Where the parser stands, as an offset in the bytes it was fed. */
static unsigned long
input_offset(xmlParserCtxtPtr ctxt)
{
	return xml_compat_offset(ctxt);
}

/*
 * libxml2 2.9 drops every entity reference, &amp; included, once the
 * document is not well-formed (xmlParseReference), and marks it so after
 * the error callback returns. So each event after an error marks it
 * well-formed again (info->recovered still says it was not); recovery is
 * libxml2's own (XML_PARSE_RECOVER).
 */
static void
sax_mend(xmlParserCtxtPtr ctxt)
{
	if (!ctxt->wellFormed && !xml_compat_stopped(ctxt))
		ctxt->wellFormed = 1;
}

static void
sax_chars(void *ctx, const xmlChar *ch, int len)
{
	sax_mend(ctx);
	xmlSAX2Characters(ctx, ch, len);
}

/*
 * An entity the document does not declare but HTML knows (&nbsp;, &eacute;)
 * is declared on the spot as the character it names, so the parser reads
 * it as feeds mean it, without an error.
 */
static xmlEntityPtr
sax_entity(void *ctx, const xmlChar *name)
{
	xmlParserCtxtPtr ctxt = ctx;
	xmlEntityPtr ent = xmlSAX2GetEntity(ctx, name);
	const htmlEntityDesc *h;
	xmlChar out[5];
	int n;

	if (ent != NULL || ctxt->myDoc == NULL || ctxt->inSubset ||
	    (h = htmlEntityLookup(name)) == NULL)
		return ent;
	if (ctxt->myDoc->intSubset == NULL &&
	    xmlCreateIntSubset(ctxt->myDoc, (const xmlChar *)"feed", NULL, NULL) == NULL)
		return NULL;
	n = utf8_encode((int32_t)h->value, (char *)out);
	out[n] = '\0';
	((struct xp *)ctxt->_private)->html_entities++; /* still not well-formed XML */
	return xmlAddDocEntity(ctxt->myDoc, name, XML_INTERNAL_GENERAL_ENTITY, NULL, NULL, out);
}

static void
sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
    int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
    const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct xp *p = ctxt->_private;

	sax_mend(ctxt);
	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
	    nb_defaulted, attributes);
	xmlNode *node = xml_compat_node(ctxt);
	int nodes = xml_compat_depth(ctxt);

	if (nodes == 1 && node && !p->root_seen && root(p, node) == -1) {
		p->stopped = 1;
		xmlStopParser(ctxt);
		return;
	}
	if (p->window && node && nodes <= 3 && p->format != FEED_UNKNOWN &&
	    is_item(p, node, nodes - 1) && item_place(p, node, nodes - 1)) {
		p->item_start = -1;
		/* The parser stands on the start tag's '>': its '<' is just before. */
		unsigned long pos = input_offset(ctxt);

		if (pos > p->winoff && pos - p->winoff <= p->win.len) {
			const char *w = p->win.data, *q = w + (pos - p->winoff);

			const xmlNode *n = node;
			size_t plen =
			    n->ns && n->ns->prefix ? strlen((const char *)n->ns->prefix) : 0;

			while (q > w && *q != '<')
				q--;
			/* It must read "<name" (or "<prefix:name"), or the bytes are not trusted.
			 */
			if (*q == '<' &&
			    (plen == 0 ||
			        (strncmp(q + 1, (const char *)n->ns->prefix, plen) == 0 &&
			            q[1 + plen] == ':')) &&
			    strncmp(q + 1 + (plen ? plen + 1 : 0), (const char *)n->name,
			        strlen((const char *)n->name)) == 0)
				p->item_start = (long)(p->winoff + (unsigned long)(q - w));
		}
	}
}

/* Frees what the document no longer needs before n: text, comments. */
static void
drop_before(xmlParserCtxtPtr ctxt, xmlNode *n)
{
	while (n->prev && n->prev->type != XML_ELEMENT_NODE) {
		xmlNode *k = n->prev;

		xmlUnlinkNode(k);
		xml_compat_free_tree(ctxt, k);
	}
}

/*
 * An element ends: an item (or channel metadata) is whole, read it, hand
 * it on, and free it, with the white space before it, so the tree never
 * holds more than one item.
 */
static void
sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct xp *p = ctxt->_private;
	xmlNode *n = xml_compat_node(ctxt);
	int depth = xml_compat_depth(ctxt) - 1;

	sax_mend(ctxt);
	xmlSAX2EndElementNs(ctx, localname, prefix, uri);
	if (n == NULL || p->stopped || p->format == FEED_UNKNOWN)
		return;
	if (depth == 0) {
		p->root_closed = 1;
		return;
	}
	if (!item_place(p, n, depth))
		return;
	if (is_item(p, n, depth)) {
		p->item_raw = NULL;
		if (p->item_start >= 0) {
			/* The parser stands after the end tag's '>'. */
			unsigned long end = input_offset(ctxt),
			              start = (unsigned long)p->item_start;

			if (start >= p->winoff && end > start && end - p->winoff <= p->win.len &&
			    p->win.data[end - p->winoff - 1] == '>') {
				p->item_raw = p->win.data + (start - p->winoff);
				p->item_rawlen = end - start;
			}
		}
		p->item_start = -1;
		if (item_read(p, n) == -1) {
			p->stopped = 1;
			xmlStopParser(ctxt);
		}
	} else if (is_meta(p, n, depth)) {
		p->entity_budget = ENTITY_BUDGET;
		feed_meta(p, n);
	} else if (depth == 1 && p->format != FEED_ATOM) {
		return; /* RSS's <channel>: the items' parent stays */
	}
	drop_before(ctxt, n);
	xmlUnlinkNode(n);
	xml_compat_free_tree(ctxt, n);
}

/* Some libxml2 errors (encoding ones) bypass the context: keep them quiet. */
static void
xml_quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int
feed_parse_xml(struct feed_ctx *c, struct feed_input *in)
{
	xmlGenericErrorFunc old_error = xmlGenericError;
	void *old_error_ctx = xmlGenericErrorContext;
	xmlSAXHandler sax;
	xmlParserCtxtPtr ctxt = NULL;
	struct xp p;
	char *chunk = NULL;
	long n;
	int ret = -1;
	int opts = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_COMPACT;

	memset(&p, 0, sizeof p);
	p.c = c;
	buf_init(&p.raw, c->max_text * 2);
	xmlSetGenericErrorFunc(NULL, xml_quiet);
	memset(&sax, 0, sizeof sax);
	xmlSAXVersion(&sax, 2);
	sax.startElementNs = sax_start;
	sax.endElementNs = sax_end;
	sax.serror = xml_error;
	sax.characters = sax_chars;
	sax.getEntity = sax_entity;
	sax.error = NULL;
	sax.warning = NULL;
	/* No DTD is ever fetched, with or without XML_PARSE_NONET. */
	sax.externalSubset = NULL;
	sax.resolveEntity = NULL;
	ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, c->opt->base_url);
	if (ctxt == NULL) {
		err_set(c->e, ERR_FAIL, "cannot start the XML parser");
		goto out;
	}
	ctxt->_private = &p;
	/* An imposed encoding (HTTP's) wins over the document's declaration. */
	if (c->encoding) {
		xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(c->encoding);

		if (h != NULL) {
			xmlSwitchToEncoding(ctxt, h);
			opts |= XML_PARSE_IGNORE_ENC;
		}
	}
	if (c->ignore_enc)
		opts |= XML_PARSE_IGNORE_ENC;
	xmlCtxtUseOptions(ctxt, opts);

	chunk = xmalloc(1 << 16);
	p.item_start = -1;
	p.window = c->encoding == NULL && in->utf8_fix;
	buf_init(&p.win, BUF_NOLIMIT);
	while (!p.stopped && (n = feed_input_read(in, chunk, 1 << 16)) > 0) {
		if (p.window && p.item_start >= 0 && p.win.len > (64u << 20))
			p.item_start = -1; /* a monster item: serialised instead */
		if (p.window) {
			/* Keep the open item's bytes, or else the last chunk's. */
			unsigned long keep = p.item_start >= 0
			    ? (unsigned long)p.item_start
			    : p.winoff + (p.win.len > (1u << 16) ? p.win.len - (1u << 16) : 0);

			if (keep > p.winoff) {
				size_t drop = keep - p.winoff;

				if (drop > p.win.len)
					drop = p.win.len;
				memmove(p.win.data, p.win.data + drop, p.win.len - drop);
				buf_truncate(&p.win, p.win.len - drop);
				p.winoff += drop;
			}
			buf_add(&p.win, chunk, (size_t)n);
		}
		xmlParseChunk(ctxt, chunk, (int)n, 0);
		if (xml_compat_stopped(ctxt))
			break;
	}
	if (in->error) {
		err_set(c->e, ERR_FAIL, "cannot read the feed: %s", strerror(in->error));
		goto out;
	}
	if (!p.stopped && !xml_compat_stopped(ctxt))
		xmlParseChunk(ctxt, NULL, 0, 1);
	if (p.stopped)
		goto out; /* the callback's error or not a feed, in c->e */
	if (p.nerrors > 0 && (!p.root_seen || (c->info->items == 0 && !p.root_closed))) {
		err_set(c->e, ERR_FAIL, "XML error at line %d, column %d: %s", p.err_line,
		    p.err_col, p.err_msg);
		goto out;
	}
	if (!p.root_seen) {
		err_set(c->e, ERR_FAIL, "not a feed (no root element)");
		goto out;
	}
	if (p.nerrors > 0 || p.html_entities > 0)
		c->info->recovered = 1;
	ret = 0;
out:
	free(chunk);
	if (ctxt) {
		if (ctxt->myDoc)
			xmlFreeDoc(ctxt->myDoc);
		ctxt->myDoc = NULL;
		xmlFreeParserCtxt(ctxt);
	}
	xmlSetGenericErrorFunc(old_error_ctx, old_error);
	buf_release(&p.raw);
	buf_release(&p.win);
	free(p.feed_author_name);
	free(p.feed_author_url);
	free(p.feed_author_avatar);
	return ret;
}
