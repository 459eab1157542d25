/*
 * incoming_text.c - the plain text of an HTML fragment: tags stripped, entities
 * decoded, white space folded; block elements (p, div, li, br, headings...)
 * end a line; script, style and template contents are dropped.
 *
 * libxml2's HTML parser, driven through SAX (no tree), does the job. But
 * it costs about as much per item as reading the item's XML, so the
 * fragments feeds carry most (paragraphs, links, spans, breaks, the common
 * entities) take a hand-written fast path first: a scan that only strips
 * tags and decodes entities (names through libxml2's htmlEntityLookup).
 * Anything that needs a real parser -- a comment, CDATA, a script or
 * style body, an unterminated tag -- goes to libxml2.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "feed_internal.h"

struct h2t {
	struct buf b;
	int space;   /* white space seen since the last text */
	int newline; /* a block boundary seen since the last text */
	int skip;    /* inside script/style */
};

static int
is_block(const char *name)
{
	/* By first letter, so the common inline tags cost one or two compares. */
	static const char *const blocks[26][8] = {
	    ['a' - 'a'] = {"address", "article", "aside"},
	    ['b' - 'a'] = {"blockquote", "br"},
	    ['d' - 'a'] = {"dd", "details", "div", "dl", "dt"},
	    ['f' - 'a'] = {"figcaption", "figure", "footer", "form"},
	    ['h' - 'a'] = {"h1", "h2", "h3", "h4", "h5", "h6", "header", "hr"},
	    ['l' - 'a'] = {"li"},
	    ['m' - 'a'] = {"main"},
	    ['n' - 'a'] = {"nav"},
	    ['o' - 'a'] = {"ol"},
	    ['p' - 'a'] = {"p", "pre"},
	    ['s' - 'a'] = {"section", "summary"},
	    ['t' - 'a'] = {"table", "td", "th", "tr"},
	    ['u' - 'a'] = {"ul"},
	};
	const char *const *list;

	if (name[0] < 'a' || name[0] > 'z')
		return 0;
	list = blocks[name[0] - 'a'];
	for (size_t i = 0; i < 8 && list[i]; i++)
		if (strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

static int
is_skipped(const char *name)
{
	if (name[0] != 's' && name[0] != 't' && name[0] != 'n')
		return 0;
	return strcmp(name, "script") == 0 || strcmp(name, "style") == 0 ||
	    strcmp(name, "template") == 0 || strcmp(name, "noscript") == 0;
}

static void
h2t_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	struct h2t *h = ctx;

	(void)atts;
	if (is_skipped((const char *)name))
		h->skip++;
	else if (is_block((const char *)name))
		h->newline = 1;
}

static void
h2t_end(void *ctx, const xmlChar *name)
{
	struct h2t *h = ctx;

	if (is_skipped((const char *)name)) {
		if (h->skip > 0)
			h->skip--;
	} else if (is_block((const char *)name)) {
		h->newline = 1;
	}
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The C0 controls that are not white space. */
static int
is_control(char c)
{
	return (unsigned char)c < 0x20 && !is_space(c);
}

static void
h2t_chars(void *ctx, const xmlChar *ch, int len)
{
	struct h2t *h = ctx;
	const char *s = (const char *)ch, *end = s + len;

	if (h->skip)
		return;
	while (s < end) {
		const char *run;

		if (is_space(*s)) {
			h->space = 1;
			s++;
			continue;
		}
		if (is_control(*s)) {
			s++; /* no character of HTML text, as libxml2 has it */
			continue;
		}
		if (h->b.len > 0 && (h->newline || h->space))
			buf_addc(&h->b, h->newline ? '\n' : ' ');
		h->newline = h->space = 0;
		/*
		 * Words apart by one plain space fold to themselves: copy the
		 * whole stretch at once rather than word by word.
		 */
		run = s;
		for (;;) {
			while (s < end && !is_space(*s) && !is_control(*s))
				s++;
			if (end - s < 2 || *s != ' ' || is_space(s[1]) || is_control(s[1]))
				break;
			s++;
		}
		buf_add(&h->b, run, (size_t)(s - run));
	}
}

/* Fold the white space of text that holds no markup at all. */
static char *
fold_plain(const char *s)
{
	struct h2t h;

	memset(&h, 0, sizeof h);
	buf_init(&h.b, BUF_NOLIMIT);
	h2t_chars(&h, (const xmlChar *)s, (int)strlen(s));
	return buf_detach(&h.b);
}

/* An entity at s ('&'): appends its text and returns its length, or 0. */
static size_t
entity(struct buf *b, const char *s)
{
	char name[33], out[4];
	size_t n = 1;
	int32_t cp = 0;

	if (s[1] == '#') {
		int hex = s[2] == 'x' || s[2] == 'X', digits = 0;

		for (n = hex ? 3 : 2; s[n] != ';'; n++, digits++) {
			int d;

			if (s[n] >= '0' && s[n] <= '9')
				d = s[n] - '0';
			else if (hex && ((s[n] | 0x20) >= 'a' && (s[n] | 0x20) <= 'f'))
				d = (s[n] | 0x20) - 'a' + 10;
			else
				return 0;
			if (digits > 7)
				return 0;
			cp = cp * (hex ? 16 : 10) + d;
		}
		if (digits == 0)
			return 0;
		/* What HTML does with the numbers that are no character. */
		if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			cp = 0xfffd;
	} else {
		const htmlEntityDesc *d;

		while (n < sizeof name &&
		    ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
		        (s[n] >= '0' && s[n] <= '9'))) {
			name[n - 1] = s[n];
			n++;
		}
		if (s[n] != ';' || n == 1 || n >= sizeof name)
			return 0;
		name[n - 1] = '\0';
		if ((d = htmlEntityLookup((const xmlChar *)name)) == NULL)
			return 0;
		cp = (int32_t)d->value;
	}
	buf_add(b, out, (size_t)utf8_encode(cp, out));
	return n + 1;
}

/* 1 when name is one of list[0..n): the first letters compared inline. */
static int
in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i][0] == name[0] && strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

/* The elements that have no end tag. */
static int
is_void(const char *name)
{
	static const char *const voids[] = {"area", "base", "br", "col", "embed", "hr", "img",
	    "input", "link", "meta", "param", "source", "track", "wbr"};

	return in_list(name, voids, ARRAY_LEN(voids));
}

/* 1 when opening name would make HTML close one of the open elements. */
static int
closes_open(const char *name, char open[][16], int depth)
{
	static const char *const selfclosing[] = {
	    "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot", "a"};
	int block = is_block(name), same = in_list(name, selfclosing, ARRAY_LEN(selfclosing));

	for (int i = 0; i < depth; i++)
		if ((block && strcmp(open[i], "p") == 0) || (same && strcmp(open[i], name) == 0))
			return 1;
	return 0;
}

/*
 * The '>' that ends a tag whose attributes start at p, or NULL when they
 * are not plain `name`, `name=value`, `name="value"` or `name='value'`
 * pairs apart by white space (then how they read is libxml2's to say).
 */
static const char *
tag_end(const char *p)
{
	for (;;) {
		const char *name;

		while (is_space(*p))
			p++;
		if (*p == '>')
			return p;
		if (*p == '/' && p[1] == '>')
			return p + 1;
		for (name = p; (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		     (p > name &&
		         ((*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'));
		     p++)
			;
		if (p == name)
			return NULL;
		if (*p != '=') {
			if (!is_space(*p) && *p != '>' && *p != '/')
				return NULL;
			continue;
		}
		p++;
		if (*p == '"' || *p == '\'') {
			const char *e = strchr(p + 1, *p), *lt = strchr(p + 1, '<');

			if (e == NULL || (lt && lt < e))
				return NULL;
			p = e + 1;
			if (!is_space(*p) && *p != '>' && *p != '/')
				return NULL;
		} else {
			const char *v = p;

			while (*p && !is_space(*p) && !strchr(">\"'<=`", *p))
				p++;
			if (p == v || (*p != '>' && !is_space(*p)))
				return NULL;
		}
	}
}

/*
 * Elements the HTML parser treats with rules of their own (the document's
 * frame, raw text, tables and forms with their implied parts): the scan
 * leaves them to libxml2.
 */
static int
is_special(const char *name)
{
	static const char *const special[] = {"applet", "body", "button", "caption", "col",
	    "colgroup", "form", "frame", "frameset", "head", "html", "iframe", "input", "isindex",
	    "noembed", "noframes", "object", "optgroup", "option", "plaintext", "select", "table",
	    "tbody", "td", "textarea", "tfoot", "th", "thead", "title", "tr", "xmp"};

	return in_list(name, special, ARRAY_LEN(special));
}

/* Elements nested deeper than this go to libxml2. */
#define FAST_MAXDEPTH 32

/*
 * The fast path: 0 and h filled, or -1 when the fragment needs the parser.
 * Text goes through h2t_chars, tags through h2t_start/h2t_end, exactly as
 * the parser would call them.
 */
static int
fast_text(struct h2t *h, const char *s)
{
	struct buf ent;
	const char *run = s;
	char open[FAST_MAXDEPTH][16]; /* the elements open, innermost last */
	int depth = 0, started = 0;

	buf_init(&ent, 16);
	while (*s) {
		if (*s == '&') {
			size_t n;

			h2t_chars(h, (const xmlChar *)run, (int)(s - run));
			buf_reset(&ent);
			if ((n = entity(&ent, s)) == 0) {
				/* What a broken &#...; or a last '&' gives is libxml2's. */
				if (s[1] == '#' || s[1] == '\0')
					goto hard;
				h2t_chars(h, (const xmlChar *)"&", 1);
				n = 1;
			} else {
				h2t_chars(h, (const xmlChar *)ent.data, (int)ent.len);
			}
			s += n;
			run = s;
			continue;
		}
		if (*s == '<') {
			char name[16];
			size_t k = 0;
			int end = s[1] == '/';
			const char *p = s + 1 + end, *q;

			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))) {
				/*
				 * Comments, CDATA, odd end tags, and a lone '<': that
				 * is text, but where libxml2 opens its implied
				 * paragraph around it is the parser's to say.
				 */
				goto hard;
			}
			while (((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			           (*p >= '0' && *p <= '9')) &&
			    k + 1 < sizeof name) {
				name[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
				p++;
			}
			name[k] = '\0';
			/* A name goes on with '.', '-', ':'... as libxml2 reads it. */
			if (k + 1 == sizeof name || is_skipped(name) || is_special(name) ||
			    !(*p == '>' || *p == '/' || is_space(*p)))
				goto hard;
			if ((q = tag_end(p)) == NULL)
				goto hard;
			if (*q != '>')
				goto hard;
			/*
			 * Where an end tag that closes no open element (or not
			 * the innermost) leaves the text is libxml2's to say:
			 * the scan follows only nesting that holds. A stray end
			 * tag before anything else is dropped.
			 */
			h2t_chars(h, (const xmlChar *)run, (int)(s - run));
			if (end) {
				if (depth > 0 && strcmp(open[depth - 1], name) == 0)
					depth--;
				else if (depth > 0 || started || h->b.len > 0)
					goto hard;
			} else if (!is_void(name)) {
				/*
				 * An element that closes an open one by itself (a
				 * block in a paragraph, a list item in a list item)
				 * is libxml2's too.
				 */
				if (depth == FAST_MAXDEPTH || closes_open(name, open, depth))
					goto hard;
				memcpy(open[depth++], name, k + 1);
			}
			if (!end)
				started = 1;
			if (end)
				h2t_end(h, (const xmlChar *)name);
			else
				h2t_start(h, (const xmlChar *)name, NULL);
			s = q + 1;
			run = s;
			continue;
		}
		s++;
	}
	h2t_chars(h, (const xmlChar *)run, (int)(s - run));
	buf_release(&ent);
	return 0;
hard:
	buf_release(&ent);
	return -1;
}

char *
html_to_text(const char *html)
{
	return html_to_text_path(html, HTML_TEXT_ANY);
}

char *
html_to_text_path(const char *html, enum html_text_path path)
{
	htmlSAXHandler sax;
	htmlParserCtxtPtr ctxt;
	struct h2t h;
	size_t n;

	if (html == NULL)
		return NULL;
	if (path != HTML_TEXT_LIBXML2) {
		if (strchr(html, '<') == NULL && strchr(html, '&') == NULL)
			return fold_plain(html);
		memset(&h, 0, sizeof h);
		buf_init(&h.b, BUF_NOLIMIT);
		/* Room for most fragments at once, rather than doubling from 64. */
		buf_add(&h.b, html, strlen(html) < 4096 ? strlen(html) : 4096);
		buf_reset(&h.b);
		if (fast_text(&h, html) == 0)
			return buf_detach(&h.b);
		buf_release(&h.b);
		if (path == HTML_TEXT_FAST)
			return NULL;
	}
	memset(&sax, 0, sizeof sax);
	sax.startElement = h2t_start;
	sax.endElement = h2t_end;
	sax.characters = h2t_chars;
	sax.ignorableWhitespace = h2t_chars;
	sax.cdataBlock = NULL; /* script and style bodies */
	memset(&h, 0, sizeof h);
	buf_init(&h.b, BUF_NOLIMIT);
	ctxt = htmlCreatePushParserCtxt(&sax, &h, NULL, 0, NULL, XML_CHAR_ENCODING_UTF8);
	if (ctxt == NULL)
		return fold_plain(html);
	htmlCtxtUseOptions(ctxt,
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	n = strlen(html);
	/* htmlParseChunk takes an int: feed very long text in slices. */
	while (n > 0) {
		int k = n > (1u << 30) ? 1 << 30 : (int)n;

		htmlParseChunk(ctxt, html, k, 0);
		html += k;
		n -= (size_t)k;
	}
	htmlParseChunk(ctxt, NULL, 0, 1);
	htmlFreeParserCtxt(ctxt);
	return buf_detach(&h.b);
}
