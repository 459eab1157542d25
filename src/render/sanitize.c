/*
 * sanitize.c - untrusted post HTML rebuilt from an allow-list.
 *
 * The fragment is parsed with libxml2's HTML parser driven by SAX
 * callbacks: one parse, no tree, the output written as the events come.
 * Nothing of the input is copied through: every tag written is one this
 * file spells out, every text and attribute value goes out re-escaped, so
 * the output holds only allow-listed elements and attributes whatever the
 * parser made of broken markup. Choices where the issue left room:
 *
 * - Kept: p br a em strong b i u s del ins mark small sub sup code pre
 *   blockquote q ul ol li span img. Attributes: href (a), src and alt
 *   (img), class (a, span: only Mastodon's invisible, ellipsis, h-card,
 *   mention, hashtag, u-url), start (ol, digits only), and title, lang,
 *   dir (checked) everywhere.
 * - h1-h6 become <p><strong> (<strong> inside inline content) so a post
 *   cannot break the story's heading outline.
 * - Inline <img> is kept, as blog posts carry their pictures that way:
 *   http(s) src only, alt kept (empty when missing), loading="lazy".
 * - Links get rel="nofollow noopener ugc" and no target; a link without a
 *   usable href, or inside another link, keeps only its content.
 * - Scripts, styles, frames, forms, objects, embeds, media, svg, math,
 *   templates, noscript, head and its metadata go with their content;
 *   other unknown elements (div, section, table, font...) keep their
 *   content, with a line break where a block ended so words don't merge.
 * - Only structure a browser parses back as written: a block inside
 *   phrasing content (a list in a span, a paragraph in a paragraph) or a
 *   list item outside a list keeps only its content, and a list holds
 *   list items only.
 * - URLs: white space trimmed, tabs and newlines removed, relative ones
 *   resolved against the base (dropped without one), then controls,
 *   spaces and " < > ` percent-encoded; the scheme checked last.
 * - Void elements are written <br /> so the output is well-formed XML as
 *   well as HTML (the tests parse it both ways).
 *
 * Before parsing, the input is repaired to valid UTF-8 (libxml2 switches
 * to Latin-1 for the rest of the document at the first invalid byte), and
 * two of libxml2's quadratic paths are kept linear: start tags lose the
 * attributes past the hundredth, and end tags go when there are so many
 * start and end tags that matching them would take seconds.
 *
 * Not reentrant: one parser context and the scratch buffers are kept
 * between calls (file-static), as the render calls this once a post.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/uri.h>

#include "sanitize.h"
#include "xml_compat.h"

enum kind {
	K_UNWRAP = 0, /* unknown: drop the tag, keep the content */
	K_BLOCKWRAP,  /* unknown block: same, with a separation */
	K_DROP,       /* drop the element and everything in it */
	K_VOID,       /* void in HTML5 but not to libxml2, which nests what
	               * follows inside: drop the tag, keep the "content" */
	K_INLINE,     /* kept as is, phrasing content */
	K_BLOCK,      /* kept as is, block content */
	K_LIST,       /* ul, ol */
	K_LI,
	K_SPAN,
	K_A,
	K_IMG,
	K_BR,
	K_HEADING,
};

struct element {
	const char *name;
	enum kind kind;
	const char *close; /* for kept elements: the closing tag */
};

/* Sorted by name for bsearch; libxml2 hands element names lower case. */
static const struct element elements[] = {
    {"a", K_A, NULL},
    {"address", K_BLOCKWRAP, NULL},
    {"applet", K_DROP, NULL},
    {"area", K_DROP, NULL},
    {"article", K_BLOCKWRAP, NULL},
    {"aside", K_BLOCKWRAP, NULL},
    {"audio", K_DROP, NULL},
    {"b", K_INLINE, "</b>"},
    {"base", K_DROP, NULL},
    {"basefont", K_DROP, NULL},
    {"bgsound", K_VOID, NULL},
    {"blockquote", K_BLOCK, "</blockquote>"},
    {"body", K_BLOCKWRAP, NULL},
    {"br", K_BR, NULL},
    {"button", K_DROP, NULL},
    {"canvas", K_DROP, NULL},
    {"caption", K_BLOCKWRAP, NULL},
    {"center", K_BLOCKWRAP, NULL},
    {"code", K_INLINE, "</code>"},
    {"datalist", K_DROP, NULL},
    {"dd", K_BLOCKWRAP, NULL},
    {"del", K_INLINE, "</del>"},
    {"details", K_BLOCKWRAP, NULL},
    {"dialog", K_BLOCKWRAP, NULL},
    {"dir", K_BLOCKWRAP, NULL},
    {"div", K_BLOCKWRAP, NULL},
    {"dl", K_BLOCKWRAP, NULL},
    {"dt", K_BLOCKWRAP, NULL},
    {"em", K_INLINE, "</em>"},
    {"embed", K_VOID, NULL},
    {"fieldset", K_BLOCKWRAP, NULL},
    {"figcaption", K_BLOCKWRAP, NULL},
    {"figure", K_BLOCKWRAP, NULL},
    {"footer", K_BLOCKWRAP, NULL},
    {"form", K_DROP, NULL},
    {"frame", K_DROP, NULL},
    {"frameset", K_DROP, NULL},
    {"h1", K_HEADING, NULL},
    {"h2", K_HEADING, NULL},
    {"h3", K_HEADING, NULL},
    {"h4", K_HEADING, NULL},
    {"h5", K_HEADING, NULL},
    {"h6", K_HEADING, NULL},
    {"head", K_DROP, NULL},
    {"header", K_BLOCKWRAP, NULL},
    {"hgroup", K_BLOCKWRAP, NULL},
    {"hr", K_BLOCKWRAP, NULL},
    {"html", K_BLOCKWRAP, NULL},
    {"i", K_INLINE, "</i>"},
    {"iframe", K_DROP, NULL},
    {"img", K_IMG, NULL},
    {"input", K_DROP, NULL},
    {"ins", K_INLINE, "</ins>"},
    {"isindex", K_DROP, NULL},
    {"keygen", K_VOID, NULL},
    {"legend", K_BLOCKWRAP, NULL},
    {"li", K_LI, "</li>"},
    {"link", K_DROP, NULL},
    {"listing", K_BLOCKWRAP, NULL},
    {"main", K_BLOCKWRAP, NULL},
    {"map", K_DROP, NULL},
    {"mark", K_INLINE, "</mark>"},
    {"math", K_DROP, NULL},
    {"menu", K_BLOCKWRAP, NULL},
    {"meta", K_DROP, NULL},
    {"nav", K_BLOCKWRAP, NULL},
    {"noembed", K_DROP, NULL},
    {"noframes", K_DROP, NULL},
    {"noscript", K_DROP, NULL},
    {"object", K_DROP, NULL},
    {"ol", K_LIST, "</ol>"},
    {"optgroup", K_DROP, NULL},
    {"option", K_DROP, NULL},
    {"p", K_BLOCK, "</p>"},
    {"param", K_DROP, NULL},
    {"plaintext", K_DROP, NULL},
    {"portal", K_DROP, NULL},
    {"pre", K_BLOCK, "</pre>"},
    {"q", K_INLINE, "</q>"},
    {"s", K_INLINE, "</s>"},
    {"script", K_DROP, NULL},
    {"section", K_BLOCKWRAP, NULL},
    {"select", K_DROP, NULL},
    {"slot", K_DROP, NULL},
    {"small", K_INLINE, "</small>"},
    {"source", K_VOID, NULL},
    {"span", K_SPAN, "</span>"},
    {"strong", K_INLINE, "</strong>"},
    {"style", K_DROP, NULL},
    {"sub", K_INLINE, "</sub>"},
    {"summary", K_BLOCKWRAP, NULL},
    {"sup", K_INLINE, "</sup>"},
    {"svg", K_DROP, NULL},
    {"table", K_BLOCKWRAP, NULL},
    {"tbody", K_BLOCKWRAP, NULL},
    {"td", K_BLOCKWRAP, NULL},
    {"template", K_DROP, NULL},
    {"textarea", K_DROP, NULL},
    {"tfoot", K_BLOCKWRAP, NULL},
    {"th", K_BLOCKWRAP, NULL},
    {"thead", K_BLOCKWRAP, NULL},
    {"title", K_DROP, NULL},
    {"tr", K_BLOCKWRAP, NULL},
    {"track", K_VOID, NULL},
    {"u", K_INLINE, "</u>"},
    {"ul", K_LIST, "</ul>"},
    {"video", K_DROP, NULL},
    {"wbr", K_VOID, NULL},
    {"xml", K_DROP, NULL},
    {"xmp", K_DROP, NULL},
};

static const char *const allowed_classes[] = {
    "invisible",
    "ellipsis",
    "h-card",
    "mention",
    "hashtag",
    "u-url",
};

/* What an open element wrote, so its end event can close it. */
struct frame {
	const char *close;       /* closing tags to write, or NULL */
	unsigned char in_a;      /* it is a kept link */
	unsigned char in_inline; /* it opened phrasing content */
	unsigned char block;     /* its end separates what follows */
	unsigned char in_list;   /* s->in_list before it opened */
};

struct sanitizer {
	htmlParserCtxtPtr ctxt;
	unsigned uses;    /* parses since ctxt was made */
	struct buf input; /* "<div>" + repaired input */
	struct buf tmp;   /* scratch for one text or value */
	struct buf url;   /* scratch for a URL */
	struct buf cls;   /* scratch for a class list */
	struct buf cut;   /* the input with attributes cut */
	struct buf fast;  /* fast_parse's attribute names and values */
	struct frame *frames;
	size_t nframes, capframes;

	/* Per call */
	const struct sanitize_walk *walk; /* sanitize_walk_html: events go there */
	struct buf *out;
	const char *base;
	int failed;
	size_t skip; /* depth inside a dropped element */
	int in_a, in_inline;
	int in_list;     /* the innermost element written is ul or ol */
	int pending_sep; /* a block ended: separate what comes next */
	int last_text;   /* the last thing written was inline content */
};

/* The parser context is reused (a new one per post costs a dictionary
 * and its tables); it is remade now and then so the dictionary of names
 * seen cannot grow without bound over a long render. */
#define SANITIZE_CTXT_USES 4096

/* Attributes a start tag keeps before parsing: see limit_attributes. */
#define SANITIZE_MAX_ATTRS 100

/* Start tags times end tags past which end tags go: see limit_end_tags. */
#define SANITIZE_MAX_TAG_WORK 50000000

static struct sanitizer san;

static int
element_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct element *)elem)->name);
}

static const struct element *
element_find(const char *name)
{
	static const struct element unknown = {"", K_UNWRAP, NULL};
	const struct element *e;

	e = bsearch(name, elements, ARRAY_LEN(elements), sizeof elements[0], element_cmp);
	return e ? e : &unknown;
}

static void
add(struct sanitizer *s, const char *str)
{
	if (!s->failed && buf_adds(s->out, str) == -1)
		s->failed = 1;
}

/*
 * Append p[0..n) escaped for text (attr 0) or a double-quoted attribute
 * value (attr 1): invalid UTF-8 repaired, control characters other than
 * tab and newline dropped (they are parse errors, and nothing shows them).
 */
static void
add_escaped(struct sanitizer *s, const char *p, size_t n, int attr)
{
	char *r, *w;

	if (s->failed)
		return;
	buf_reset(&s->tmp);
	if (utf8_sanitize(&s->tmp, p, n) == -1) {
		s->failed = 1;
		return;
	}
	for (r = w = s->tmp.data; *r; r++) {
		unsigned char c = (unsigned char)*r;

		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			continue;
		*w++ = *r;
	}
	*w = '\0';
	if ((attr ? esc_html_attr : esc_html_text)(s->out, s->tmp.data) == -1)
		s->failed = 1;
}

static void
add_attr(struct sanitizer *s, const char *name, const char *value)
{
	add(s, " ");
	add(s, name);
	add(s, "=\"");
	add_escaped(s, value, strlen(value), 1);
	add(s, "\"");
}

/* Before writing anything: the separation a closed block left owing. */
static void
flush_sep(struct sanitizer *s)
{
	if (s->pending_sep && s->last_text)
		add(s, "\n");
	s->pending_sep = 0;
}

/* ASCII white space as HTML means it. */
static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_scheme_char(int c)
{
	return is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

/*
 * Length of the scheme of url (before its ':'), or 0 when url has none,
 * by the URL grammar: a letter, then letters, digits, "+-.".
 */
static size_t
scheme_len(const char *url)
{
	size_t i;

	if (!is_alpha((unsigned char)url[0]))
		return 0;
	for (i = 1; is_scheme_char((unsigned char)url[i]); i++)
		;
	return url[i] == ':' ? i : 0;
}

static int
scheme_allowed(const char *scheme, size_t n, int image)
{
	if (n == 4 && strncasecmp(scheme, "http", 4) == 0)
		return 1;
	if (n == 5 && strncasecmp(scheme, "https", 5) == 0)
		return 1;
	if (n == 6 && strncasecmp(scheme, "mailto", 6) == 0)
		return !image;
	return 0;
}

/*
 * Decode the character reference at p ('&'): numeric (with or without its
 * ';'), or named (libxml2's HTML 4 table, plus the HTML5 names that make
 * a scheme's colon or white space). Sets *cp and returns the length
 * consumed, or 0 when p starts no reference.
 */
static size_t
decode_reference(const char *p, int32_t *cp)
{
	size_t i = 1;

	if (p[i] == '#') {
		int32_t v = 0;
		int hex = 0, digits = 0;

		i++;
		if (p[i] == 'x' || p[i] == 'X') {
			hex = 1;
			i++;
		}
		for (;; i++, digits++) {
			int c = (unsigned char)p[i], d;

			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				d = c - 'A' + 10;
			else
				break;
			v = v > 0x10ffff ? v : v * (hex ? 16 : 10) + d;
		}
		if (digits == 0)
			return 0;
		if (p[i] == ';')
			i++;
		*cp = v;
		return i;
	} else {
		char name[33];
		size_t n = 0;
		const htmlEntityDesc *ent;

		while (n < sizeof name - 1 &&
		    (is_alpha((unsigned char)p[i]) || (p[i] >= '0' && p[i] <= '9')))
			name[n++] = p[i++];
		name[n] = '\0';
		if (n == 0)
			return 0;
		if (p[i] == ';')
			i++;
		if (strcmp(name, "colon") == 0)
			*cp = ':';
		else if (strcmp(name, "Tab") == 0)
			*cp = '\t';
		else if (strcmp(name, "NewLine") == 0)
			*cp = '\n';
		else if ((ent = htmlEntityLookup((const xmlChar *)name)) != NULL)
			*cp = (int32_t)ent->value;
		else
			return 0;
		return i;
	}
}

/*
 * Stricter than a browser on purpose: references are decoded and every
 * control or white space character skipped before the scheme is read, so
 * whatever a browser could make of the string, its scheme is one of ours.
 */
int
sanitize_url_ok(const char *url)
{
	char scheme[8];
	size_t n = 0;
	const char *p = url, *end;

	if (url == NULL)
		return 0;
	end = url + strlen(url);
	while (*p) {
		int32_t cp;
		size_t len;
		int ulen;

		if (*p == '&' && (len = decode_reference(p, &cp)) > 0) {
			p += len;
		} else if ((ulen = utf8_decode(p, (size_t)(end - p), &cp)) > 0) {
			p += ulen;
		} else {
			return 0;
		}
		if (cp <= 0x20 || (cp >= 0x7f && cp <= 0x9f))
			continue;
		if (cp == ':')
			return scheme_allowed(scheme, n, 0);
		if (cp > 0x7f || !(n == 0 ? is_alpha(cp) : is_scheme_char(cp)) ||
		    n == sizeof scheme)
			return 0;
		scheme[n++] = (char)cp;
	}
	return 0;
}

/*
 * Append url to dst with what a browser would percent-encode anyway, and
 * what xmlBuildURI hands back raw in a host, encoded: controls, spaces and
 * " < > `. Idempotent, so sanitizing an output again leaves its URLs be.
 */
static int
url_normalize(struct buf *dst, const char *url)
{
	const char *p = url, *run = url;

	buf_reset(dst);
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c > 0x20 && c != 0x7f && c != '"' && c != '<' && c != '>' && c != '`')
			continue;
		if (buf_add(dst, run, (size_t)(p - run)) == -1 ||
		    buf_printf(dst, "%%%02X", c) == -1)
			return -1;
		run = p + 1;
	}
	return buf_add(dst, run, (size_t)(p - run));
}

/*
 * Clean an attribute's URL as a browser reads it (surrounding white space
 * and controls trimmed, tabs and newlines removed), resolve it against the
 * base when relative, normalize it and check its scheme. Returns the URL
 * to write (in san.url), or NULL to drop it.
 */
static const char *
clean_url(struct sanitizer *s, const char *value, int image)
{
	const unsigned char *p = (const unsigned char *)value, *end;
	const char *url;
	xmlChar *abs = NULL;
	size_t n;
	int ok;

	while (*p && *p <= 0x20)
		p++;
	end = p + strlen((const char *)p);
	while (end > p && end[-1] <= 0x20)
		end--;
	buf_reset(&s->tmp);
	while (p < end) {
		const unsigned char *run = p;

		while (p < end && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
		if (buf_add(&s->tmp, run, (size_t)(p - run)) == -1)
			return NULL;
		if (p < end)
			p++;
	}
	url = s->tmp.data;
	if (scheme_len(url) == 0) {
		xmlChar *esc;

		if (s->base == NULL)
			return NULL;
		/* xmlBuildURI refuses what RFC 3986 does not allow: escape it. */
		esc =
		    xmlURIEscapeStr((const xmlChar *)url, (const xmlChar *)"%:/?#[]@!$&'()*+,;=~");
		if (esc == NULL)
			return NULL;
		abs = xmlBuildURI(esc, (const xmlChar *)s->base);
		xmlFree(esc);
		if (abs == NULL)
			return NULL;
		url = (const char *)abs;
	}
	ok = url_normalize(&s->url, url) == 0;
	xmlFree(abs);
	n = scheme_len(s->url.data);
	ok = ok && n > 0 && scheme_allowed(s->url.data, n, image) && sanitize_url_ok(s->url.data);
	return ok ? s->url.data : NULL;
}

/* lang: a BCP 47 tag's characters, bounded. */
static int
lang_ok(const char *v)
{
	size_t n = 0;

	for (; *v; v++, n++)
		if (!is_alpha((unsigned char)*v) && !(*v >= '0' && *v <= '9') && *v != '-')
			return 0;
	return n > 0 && n <= 35;
}

static int
dir_ok(const char *v)
{
	return strcmp(v, "ltr") == 0 || strcmp(v, "rtl") == 0 || strcmp(v, "auto") == 0;
}

static int
digits_ok(const char *v)
{
	size_t n = 0;

	for (; *v; v++, n++)
		if (*v < '0' || *v > '9')
			return 0;
	return n > 0 && n <= 9;
}

/* class="..." with the allow-listed names of value, in their order. */
static void
add_classes(struct sanitizer *s, const char *value)
{
	struct buf *kept = &s->cls;
	const char *p = value;

	buf_reset(kept);
	while (*p) {
		size_t n, i;

		while (is_space((unsigned char)*p))
			p++;
		for (n = 0; p[n] && !is_space((unsigned char)p[n]); n++)
			;
		for (i = 0; i < ARRAY_LEN(allowed_classes); i++) {
			if (strlen(allowed_classes[i]) == n &&
			    strncmp(allowed_classes[i], p, n) == 0) {
				if ((kept->len && buf_addc(kept, ' ') == -1) ||
				    buf_adds(kept, allowed_classes[i]) == -1)
					s->failed = 1;
				break;
			}
		}
		p += n;
	}
	if (kept->len)
		add_attr(s, "class", kept->data);
}

struct attrs {
	const char *href, *src, *alt, *title, *class, *lang, *dir, *start;
};

static void
collect_attrs(const xmlChar **atts, struct attrs *a)
{
	memset(a, 0, sizeof *a);
	for (; atts && atts[0]; atts += 2) {
		const char *name = (const char *)atts[0];
		const char *value = atts[1] ? (const char *)atts[1] : "";
		const char **slot = NULL;

		if (strcmp(name, "href") == 0)
			slot = &a->href;
		else if (strcmp(name, "src") == 0)
			slot = &a->src;
		else if (strcmp(name, "alt") == 0)
			slot = &a->alt;
		else if (strcmp(name, "title") == 0)
			slot = &a->title;
		else if (strcmp(name, "class") == 0)
			slot = &a->class;
		else if (strcmp(name, "lang") == 0)
			slot = &a->lang;
		else if (strcmp(name, "dir") == 0)
			slot = &a->dir;
		else if (strcmp(name, "start") == 0)
			slot = &a->start;
		if (slot && *slot == NULL)
			*slot = value;
	}
}

/* title, lang and dir, the attributes every kept element may carry. */
static void
add_global_attrs(struct sanitizer *s, const struct attrs *a)
{
	if (a->title)
		add_attr(s, "title", a->title);
	if (a->lang && lang_ok(a->lang))
		add_attr(s, "lang", a->lang);
	if (a->dir && dir_ok(a->dir))
		add_attr(s, "dir", a->dir);
}

static struct frame *
push_frame(struct sanitizer *s)
{
	struct frame *f;

	if (s->nframes == s->capframes) {
		s->capframes = s->capframes ? s->capframes * 2 : 32;
		s->frames = xreallocarray(s->frames, s->capframes, sizeof *s->frames);
	}
	f = &s->frames[s->nframes++];
	memset(f, 0, sizeof *f);
	return f;
}

static void
on_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
	struct sanitizer *s = ((htmlParserCtxtPtr)ctx)->_private;
	const char *name = (const char *)xname;
	const struct element *e;
	enum kind kind;
	struct attrs a;
	struct frame *f;
	const char *url;

	if (s->walk) {
		s->walk->start(s->walk->arg, name, (const char *const *)atts);
		return;
	}
	if (s->skip > 0) {
		s->skip++;
		return;
	}
	e = element_find(name);
	kind = e->kind;
	if (kind == K_DROP) {
		s->skip = 1;
		return;
	}
	/* A list holds list items only (HTML's content model; libxml2, for
	 * one, closes a <ul> that meets an <ol>). */
	if (s->in_list && kind != K_LI && kind != K_UNWRAP && kind != K_VOID && kind != K_BLOCKWRAP)
		kind =
		    kind == K_BLOCK || kind == K_LIST || kind == K_HEADING ? K_BLOCKWRAP : K_UNWRAP;
	if (kind == K_IMG || kind == K_BR) {
		/* Void: libxml2 still sends an end event, which finds this
		 * frame with nothing to close. */
		push_frame(s);
		if (kind == K_BR) {
			flush_sep(s);
			add(s, "<br />");
			s->last_text = 0;
			return;
		}
		collect_attrs(atts, &a);
		if (a.src == NULL || (url = clean_url(s, a.src, 1)) == NULL)
			return;
		flush_sep(s);
		add(s, "<img");
		add_attr(s, "src", url);
		add_attr(s, "alt", a.alt ? a.alt : "");
		add_global_attrs(s, &a);
		add(s, " loading=\"lazy\" />");
		s->last_text = 1;
		return;
	}
	/*
	 * Only a structure a browser parses back as written: a block in
	 * phrasing content (where the HTML parser would close the paragraph
	 * and move what follows), or a list item outside a list, keeps only
	 * its content.
	 */
	if ((kind == K_BLOCK || kind == K_LIST || kind == K_LI) && s->in_inline > 0)
		kind = K_BLOCKWRAP;
	else if (kind == K_LI && !s->in_list)
		kind = K_BLOCKWRAP;
	f = push_frame(s);
	f->in_list = (unsigned char)s->in_list;
	switch (kind) {
	case K_UNWRAP:
	case K_VOID:
		return;
	case K_BLOCKWRAP:
		s->pending_sep = 1;
		f->block = 1;
		return;
	case K_HEADING:
		flush_sep(s);
		if (s->in_inline) {
			add(s, "<strong>");
			f->close = "</strong>";
		} else {
			add(s, "<p><strong>");
			f->close = "</strong></p>";
			f->block = 1;
			s->last_text = 0;
		}
		f->in_inline = 1;
		s->in_inline++;
		s->in_list = 0;
		return;
	case K_A:
		collect_attrs(atts, &a);
		if (s->in_a || a.href == NULL || (url = clean_url(s, a.href, 0)) == NULL)
			return;
		flush_sep(s);
		add(s, "<a");
		add_attr(s, "href", url);
		if (a.class)
			add_classes(s, a.class);
		add_global_attrs(s, &a);
		add(s, " rel=\"nofollow noopener ugc\">");
		f->close = "</a>";
		f->in_a = 1;
		f->in_inline = 1;
		s->in_a++;
		s->in_inline++;
		s->in_list = 0;
		return;
	default:
		break;
	}
	collect_attrs(atts, &a);
	flush_sep(s);
	add(s, "<");
	add(s, e->name);
	if (kind == K_SPAN && a.class)
		add_classes(s, a.class);
	if (kind == K_LIST && a.start && strcmp(e->name, "ol") == 0 && digits_ok(a.start))
		add_attr(s, "start", a.start);
	add_global_attrs(s, &a);
	add(s, ">");
	f->close = e->close;
	s->in_list = kind == K_LIST;
	if (kind == K_BLOCK || kind == K_LIST || kind == K_LI) {
		/* p and pre hold phrasing content; li, blockquote and the
		 * lists hold blocks. */
		f->in_inline = strcmp(e->name, "p") == 0 || strcmp(e->name, "pre") == 0;
		s->in_inline += f->in_inline;
		s->last_text = 0;
	} else {
		f->in_inline = 1;
		s->in_inline++;
	}
}

static void
on_end(void *ctx, const xmlChar *name)
{
	struct sanitizer *s = ((htmlParserCtxtPtr)ctx)->_private;
	struct frame *f;

	if (s->walk) {
		s->walk->end(s->walk->arg, (const char *)name);
		return;
	}
	if (s->skip > 0) {
		s->skip--;
		return;
	}
	if (s->nframes == 0)
		return;
	f = &s->frames[--s->nframes];
	if (f->close) {
		add(s, f->close);
		if (f->block)
			s->last_text = 0;
	}
	if (f->block)
		s->pending_sep = 1;
	s->in_a -= f->in_a;
	s->in_inline -= f->in_inline;
	if (f->close)
		s->in_list = f->in_list;
}

static void
on_text(void *ctx, const xmlChar *ch, int len)
{
	struct sanitizer *s = ((htmlParserCtxtPtr)ctx)->_private;
	int i, blank = 1;

	if (s->walk) {
		if (len > 0)
			s->walk->text(s->walk->arg, (const char *)ch, (size_t)len);
		return;
	}
	if (s->skip > 0 || len <= 0)
		return;
	for (i = 0; i < len && blank; i++)
		blank = is_space(ch[i]);
	if (is_space(ch[0]))
		s->pending_sep = 0; /* the text separates by itself */
	else if (!blank)
		flush_sep(s);
	add_escaped(s, (const char *)ch, (size_t)len, 0);
	s->last_text = !is_space(ch[len - 1]);
}

/* Comments, processing instructions, doctypes and script or style text
 * have no handler: they never reach the output. */
static void
on_ignore(void *ctx, const xmlChar *ch, int len)
{
	(void)ctx;
	(void)ch;
	(void)len;
}

static htmlParserCtxtPtr
parser_new(void)
{
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();

	if (ctxt == NULL)
		fatal("sanitize: out of memory");
	memset(ctxt->sax, 0, sizeof *ctxt->sax);
	ctxt->sax->startElement = on_start;
	ctxt->sax->endElement = on_end;
	ctxt->sax->characters = on_text;
	ctxt->sax->ignorableWhitespace = on_text;
	ctxt->sax->cdataBlock = on_ignore;
	ctxt->sax->initialized = 1;
	return ctxt;
}

/*
 * The fast path. Most posts (Mastodon's, above all) are a few paragraphs
 * of text with links, spans, emphasis and line breaks, well-formed. For
 * those, this reader sends the very events libxml2 would, without its
 * parse (half the render's time). It reads only a narrow grammar where
 * libxml2's HTML rules provably do nothing more than a plain reader:
 * lower-case names of a few elements, each closed by its own end tag in
 * order; <p> only directly inside the wrapper and <a> never inside <a>
 * (libxml2's only implied closings among these elements); attribute
 * values double-quoted; text and values free of controls, noncharacters
 * and of references other than &amp; &lt; &gt; &quot; and printable
 * ASCII numeric ones; no comments, declarations or stray '<'. Anything
 * else returns 1 and the caller parses with libxml2 (libxml2 delivers
 * text in chunks of its own, which on_text does not care about).
 */
#define FAST_MAX_DEPTH 32
#define FAST_MAX_ATTRS 8

/* p first: fast_parse tells it from the inline ones by its index. */
static const char *const fast_elements[] = {
    "p",
    "a",
    "span",
    "em",
    "strong",
    "b",
    "i",
    "code",
    "br",
};

static const char *
fast_element(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(fast_elements); i++)
		if (strlen(fast_elements[i]) == n && memcmp(fast_elements[i], p, n) == 0)
			return fast_elements[i];
	return NULL;
}

/* The character of the reference at p ('&'), its length in *len, or -1. */
static int
fast_reference(const char *p, const char *end, size_t *len)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {
	    {"&amp;", '&'},
	    {"&lt;", '<'},
	    {"&gt;", '>'},
	    {"&quot;", '"'},
	};
	size_t i, n = (size_t)(end - p);
	int v = 0;

	for (i = 0; i < ARRAY_LEN(named); i++) {
		size_t k = strlen(named[i].name);

		if (n >= k && memcmp(p, named[i].name, k) == 0) {
			*len = k;
			return named[i].c;
		}
	}
	if (n < 4 || p[1] != '#')
		return -1;
	for (i = 2; i < n && i < 5 && p[i] >= '0' && p[i] <= '9'; i++)
		v = v * 10 + (p[i] - '0');
	if (i == 2 || i >= n || p[i] != ';' || v < 0x20 || v > 0x7e)
		return -1;
	*len = i + 1;
	return v;
}

/* Length of the text run at p that fast_parse can pass on as is, up to
 * '<', '&' or end; *ok cleared at a byte it cannot. */
static size_t
fast_text(const char *p, const char *end, int value, int *ok)
{
	const unsigned char *q = (const unsigned char *)p;

	for (; q < (const unsigned char *)end; q++) {
		unsigned char c = *q;

		if (c == '<' || c == '&')
			break;
		if (c >= 0x20 && c < 0x7f && !(value && (c == '"' || c == '>')))
			continue;
		if (c == '"' || c == '>' || c == 0x7f ||
		    (c < 0x20 && (value || (c != '\t' && c != '\n'))))
			break;
		/* Non-ASCII (valid UTF-8 here): U+FFFE and U+FFFF are not XML
		 * characters, which libxml2 drops. */
		if (c == 0xef && end - (const char *)q >= 3 && q[1] == 0xbf &&
		    (q[2] == 0xbe || q[2] == 0xbf))
			break;
	}
	*ok = q == (const unsigned char *)end || *q == '<' || *q == '&' || (value && *q == '"');
	return (size_t)((const char *)q - p);
}

static int
is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

static int
fast_parse(struct sanitizer *s, const char *p, size_t n)
{
	const char *end = p + n, *stack[FAST_MAX_DEPTH];
	htmlParserCtxtPtr ctxt = s->ctxt;
	size_t depth = 0, in_a = 0;
	int ok;

	on_start(ctxt, (const xmlChar *)"div", NULL);
	while (p < end) {
		const char *name, *q;
		size_t len;
		int c;

		if (*p == '&') {
			char ch;

			if ((c = fast_reference(p, end, &len)) == -1)
				return 1;
			ch = (char)c;
			on_text(ctxt, (const xmlChar *)&ch, 1);
			p += len;
		} else if (*p != '<') {
			len = fast_text(p, end, 0, &ok);
			if (!ok)
				return 1;
			on_text(ctxt, (const xmlChar *)p, (int)len);
			p += len;
		} else if (p + 1 < end && p[1] == '/') {
			for (q = p + 2; q < end && (is_lower(*q) || (*q >= '0' && *q <= '9')); q++)
				;
			if (depth == 0 || q >= end || *q != '>' ||
			    (name = fast_element(p + 2, (size_t)(q - p - 2))) != stack[depth - 1])
				return 1;
			depth--;
			in_a -= name == fast_elements[1];
			on_end(ctxt, (const xmlChar *)name);
			p = q + 1;
		} else {
			size_t offs[2 * FAST_MAX_ATTRS], nattrs = 0, i;
			const xmlChar *atts[2 * FAST_MAX_ATTRS + 2];

			for (q = p + 1; q < end && (is_lower(*q) || (*q >= '0' && *q <= '9')); q++)
				;
			if (q == p + 1 || !is_lower(p[1]) ||
			    (name = fast_element(p + 1, (size_t)(q - p - 1))) == NULL)
				return 1;
			if ((name == fast_elements[0] && depth > 0) ||
			    (name == fast_elements[1] && in_a > 0) || depth == FAST_MAX_DEPTH)
				return 1;
			buf_reset(&s->fast);
			for (;;) {
				const char *an;

				if (q < end && *q == '>') {
					q++;
					break;
				}
				if (end - q >= 2 && q[0] == '/' && q[1] == '>' &&
				    name == fast_elements[ARRAY_LEN(fast_elements) - 1]) {
					q += 2;
					break;
				}
				if (q >= end || !is_space((unsigned char)*q) || *q == '\r' ||
				    *q == '\f')
					return 1;
				while (q < end && (*q == ' ' || *q == '\t' || *q == '\n'))
					q++;
				if (q < end && (*q == '>' || *q == '/'))
					continue;
				if (nattrs == FAST_MAX_ATTRS || q >= end || !is_lower(*q))
					return 1;
				for (an = q; q < end && (is_lower(*q) || *q == '-'); q++)
					;
				if (end - q < 2 || q[0] != '=' || q[1] != '"')
					return 1;
				offs[2 * nattrs] = s->fast.len;
				buf_add(&s->fast, an, (size_t)(q - an));
				buf_addc(&s->fast, '\0');
				offs[2 * nattrs + 1] = s->fast.len;
				for (q += 2; q < end && *q != '"';) {
					if (*q == '&') {
						if ((c = fast_reference(q, end, &len)) == -1)
							return 1;
						buf_addc(&s->fast, (char)c);
						q += len;
					} else {
						len = fast_text(q, end, 1, &ok);
						if (!ok || (q + len < end && q[len] == '<'))
							return 1;
						buf_add(&s->fast, q, len);
						q += len;
					}
				}
				if (q >= end)
					return 1;
				q++;
				buf_addc(&s->fast, '\0');
				nattrs++;
			}
			for (i = 0; i < 2 * nattrs; i++)
				atts[i] = (const xmlChar *)s->fast.data + offs[i];
			atts[i] = atts[i + 1] = NULL;
			on_start(ctxt, (const xmlChar *)name, nattrs ? atts : NULL);
			if (name == fast_elements[ARRAY_LEN(fast_elements) - 1]) {
				on_end(ctxt, (const xmlChar *)name);
			} else {
				stack[depth++] = name;
				in_a += name == fast_elements[1];
			}
			p = q;
		}
	}
	if (depth > 0)
		return 1;
	on_end(ctxt, (const xmlChar *)"div");
	return 0;
}

/*
 * libxml2 (2.9) checks each attribute of a start tag against all those
 * before it: a tag with 40,000 attributes takes ten seconds to parse. So
 * the attributes of a tag past SANITIZE_MAX_ATTRS are cut before parsing;
 * no allow-listed element needs more than a handful. The scan reads a
 * start tag as the parser does (name, then attributes with quoted or
 * unquoted values, up to '>'); it does not know comments or script text,
 * but those are dropped whole, so where it misreads only dropped content
 * can change. With dst NULL it only counts the tags it would cut; with
 * dst it writes p[0..n) with the cuts made.
 */
static size_t
limit_attributes(struct buf *dst, const char *p, size_t n)
{
	size_t i = 0, from = 0, cuts = 0;

	while (i < n) {
		size_t j, count = 0, cut = 0;

		if (p[i] != '<' || i + 1 >= n || !is_alpha((unsigned char)p[i + 1])) {
			i++;
			continue;
		}
		for (j = i + 1; j < n && !is_space((unsigned char)p[j]) && p[j] != '>'; j++)
			;
		for (;;) {
			size_t name;

			while (j < n && is_space((unsigned char)p[j]))
				j++;
			if (j >= n || p[j] == '>')
				break;
			for (name = j;
			     j < n && !is_space((unsigned char)p[j]) && p[j] != '=' && p[j] != '>';
			     j++)
				;
			while (j < n && is_space((unsigned char)p[j]))
				j++;
			if (j < n && p[j] == '=') {
				j++;
				while (j < n && is_space((unsigned char)p[j]))
					j++;
				if (j < n && (p[j] == '"' || p[j] == '\'')) {
					const char *q = memchr(p + j + 1, p[j], n - j - 1);

					j = q ? (size_t)(q - p) + 1 : n;
				} else {
					while (
					    j < n && !is_space((unsigned char)p[j]) && p[j] != '>')
						j++;
				}
			} else if (j == name) {
				j++; /* a lone '=' or '/': the parser skips it too */
			}
			if (++count == SANITIZE_MAX_ATTRS)
				cut = j;
		}
		if (count > SANITIZE_MAX_ATTRS) {
			cuts++;
			if (dst && (buf_add(dst, p + from, cut - from) == -1))
				return cuts;
			from = j;
		}
		i = j;
	}
	if (dst && cuts)
		buf_add(dst, p + from, n - from);
	return cuts;
}

/*
 * libxml2 (2.9) looks for the element of each end tag down its stack of
 * open elements: S start tags and E end tags can cost S x E (20,000 of
 * each took eight seconds). Counted on the bytes, S and E bound what the
 * parser can see, since all its tags start so. When the product passes
 * SANITIZE_MAX_TAG_WORK (about a second), the end tags are taken out
 * before parsing: the parser then nests what follows, and the output,
 * still safe and well-formed, loses only structure. Posts of up to some
 * 7,000 tags of each kind never get there. Returns 1 when it wrote dst.
 */
static int
limit_end_tags(struct buf *dst, const char *p, size_t n)
{
	size_t i, starts = 0, ends = 0, from = 0;
	const char *lt;

	for (i = 0; (lt = memchr(p + i, '<', n - i)) != NULL; i = (size_t)(lt - p) + 1) {
		size_t at = (size_t)(lt - p);

		if (at + 1 < n && p[at + 1] == '/')
			ends++;
		else if (at + 1 < n && is_alpha((unsigned char)p[at + 1]))
			starts++;
	}
	if (ends == 0 || starts <= SANITIZE_MAX_TAG_WORK / ends)
		return 0;
	buf_reset(dst);
	for (i = 0; (lt = memchr(p + i, '<', n - i)) != NULL;) {
		size_t at = (size_t)(lt - p);
		const char *gt;

		if (at + 1 >= n || p[at + 1] != '/') {
			i = at + 1;
			continue;
		}
		gt = memchr(lt, '>', n - at);
		buf_add(dst, p + from, at - from);
		from = i = gt ? (size_t)(gt - p) + 1 : n;
	}
	buf_add(dst, p + from, n - from);
	return 1;
}

/*
 * htmlCtxtReadMemory's steps, but for the encoding: the input, repaired
 * beforehand, is declared UTF-8 to the parser itself, which then reads
 * it in place. Named, the encoding would go through a UTF-8 to UTF-8
 * converter (a third of the time); unnamed, it would be read as Latin-1.
 */
static int
parse(htmlParserCtxtPtr ctxt, const char *p, size_t n, int options)
{
	xmlParserInputBufferPtr ib;
	xmlParserInputPtr in;

	htmlCtxtReset(ctxt);
	ib = xmlParserInputBufferCreateMem(p, (int)n, XML_CHAR_ENCODING_NONE);
	if (ib == NULL)
		return -1;
	if ((in = xmlNewIOInputStream(ctxt, ib, XML_CHAR_ENCODING_NONE)) == NULL) {
		xmlFreeParserInputBuffer(ib);
		return -1;
	}
	/* On failure 2.9 frees in, later versions do not: an out-of-memory
	 * leak at worst, never a double free. */
	if (xml_compat_push_input(ctxt, in) == -1)
		return -1;
	xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
	htmlCtxtUseOptions(ctxt, options);
	htmlParseDocument(ctxt);
	if (ctxt->myDoc) {
		xmlFreeDoc(ctxt->myDoc);
		ctxt->myDoc = NULL;
	}
	return 0;
}

/* The per-call state, as before the first event. */
static void
sanitizer_reset(struct sanitizer *s)
{
	s->failed = 0;
	s->skip = 0;
	s->nframes = 0;
	s->in_a = s->in_inline = s->in_list = 0;
	s->pending_sep = s->last_text = 0;
}

int
sanitize_post_html(struct buf *out, const char *html, const char *permalink)
{
	return sanitize_html(
	    out, html, permalink != NULL && sanitize_url_ok(permalink) ? permalink : NULL);
}

int
sanitize_html(struct buf *out, const char *html, const char *base_url)
{
	return sanitize_html_path(out, html, base_url, SANITIZE_ANY);
}

/*
 * Reading sanitized HTML back (a post's Markdown is made from it): the
 * same parse, fast path first, with the events handed to w. When the fast
 * path gives up half way, w->restart is called before libxml2 starts
 * over. The wrapper <div> arrives as an element like any other.
 */
int
sanitize_walk_html(const char *html, const struct sanitize_walk *w)
{
	struct sanitizer *s = &san;
	struct buf none;
	int rc;

	buf_init(&none, BUF_NOLIMIT);
	s->walk = w;
	rc = sanitize_html_path(&none, html, NULL, SANITIZE_ANY);
	s->walk = NULL;
	buf_release(&none);
	return rc;
}

int
sanitize_html_path(struct buf *out, const char *html, const char *base_url, enum sanitize_path path)
{
	struct sanitizer *s = &san;
	size_t start = out->len;
	const int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NOIMPLIED | HTML_PARSE_NODEFDTD | HTML_PARSE_IGNORE_ENC;

	if (s->input.max == 0) {
		buf_init(&s->input, BUF_NOLIMIT);
		buf_init(&s->tmp, BUF_NOLIMIT);
		buf_init(&s->url, BUF_NOLIMIT);
		buf_init(&s->cls, BUF_NOLIMIT);
		buf_init(&s->cut, BUF_NOLIMIT);
		buf_init(&s->fast, BUF_NOLIMIT);
	}
	if (html == NULL || *html == '\0')
		return 0;
	if (strlen(html) > INT_MAX / 2)
		return -1;
	if (s->ctxt == NULL || s->uses >= SANITIZE_CTXT_USES) {
		if (s->ctxt)
			htmlFreeParserCtxt(s->ctxt);
		s->ctxt = parser_new();
		s->uses = 0;
	}
	s->uses++;

	/*
	 * Inside a <div> the parser reads a fragment as body content: text
	 * first does not open an implied <p>. The wrapper is dropped like any
	 * div, and whatever follows a stray </div> is still read.
	 */
	buf_reset(&s->input);
	buf_adds(&s->input, "<div>");
	utf8_sanitize(&s->input, html, strlen(html));
	if (limit_attributes(NULL, s->input.data, s->input.len) > 0) {
		buf_reset(&s->cut);
		limit_attributes(&s->cut, s->input.data, s->input.len);
		buf_reset(&s->input);
		buf_add(&s->input, s->cut.data, s->cut.len);
	}
	if (limit_end_tags(&s->cut, s->input.data, s->input.len)) {
		buf_reset(&s->input);
		buf_add(&s->input, s->cut.data, s->cut.len);
	}

	s->out = out;
	s->base = str_empty(base_url) ? NULL : base_url;
	s->ctxt->_private = s;
	sanitizer_reset(s);
	if (path == SANITIZE_LIBXML2 || fast_parse(s, s->input.data + 5, s->input.len - 5) != 0) {
		buf_truncate(out, start);
		if (s->walk)
			s->walk->restart(s->walk->arg);
		if (path == SANITIZE_FAST) {
			sanitizer_reset(s);
			return 1;
		}
		sanitizer_reset(s);
		if (parse(s->ctxt, s->input.data, s->input.len, options) == -1)
			s->failed = 1;
	}
	/* The parser closes what it opened; this is the guarantee anyway. */
	s->skip = 0;
	while (s->nframes > 0)
		on_end(s->ctxt, NULL);
	if (s->failed) {
		buf_truncate(out, start);
		htmlFreeParserCtxt(s->ctxt);
		s->ctxt = NULL;
		return -1;
	}
	return 0;
}
