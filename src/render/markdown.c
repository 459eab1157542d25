/*
 * markdown.c - CommonMark through cmark, made safe on the tree.
 *
 * cmark's own safe mode only covers its HTML output (it omits raw HTML and
 * javascript:/vbscript:/file:/data: URLs); the CommonMark renderer writes
 * both back as they came. So the tree itself is cleaned before either
 * renderer sees it, with one rule for both outputs: no raw HTML, and only
 * http, https and mailto URLs.
 */
#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "markdown.h"
#include "sanitize.h"

static int
url_ok(const char *url)
{
	return url != NULL && sanitize_url_ok(url);
}

/* Move node's children before it, then free it. */
static void
unwrap(cmark_node *node)
{
	cmark_node *child;

	while ((child = cmark_node_first_child(node)) != NULL)
		cmark_node_insert_before(node, child);
	cmark_node_free(node);
}

/*
 * cmark allows changing the tree only at the node an iterator stands on,
 * so the nodes to change are gathered first and changed after. Parents
 * come before their children: unwrapping a link moves its children out
 * before they are looked at themselves.
 */
static void
make_safe(cmark_node *root)
{
	cmark_node **todo = NULL, *node;
	size_t n = 0, cap = 0;
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		node = cmark_iter_get_node(it);
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
		case CMARK_NODE_CUSTOM_BLOCK:
		case CMARK_NODE_CUSTOM_INLINE:
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			if (url_ok(cmark_node_get_url(node)))
				continue;
			break;
		default:
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			todo = xreallocarray(todo, cap, sizeof *todo);
		}
		todo[n++] = node;
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < n; i++) {
		switch (cmark_node_get_type(todo[i])) {
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			unwrap(todo[i]);
			break;
		default:
			cmark_node_free(todo[i]);
			break;
		}
	}
	free(todo);
}

/* The closer of a shortcode comment of kind '<' (">}}") or '%' ("%}}"). */
static void
hugo_closer(char kind, char out[4])
{
	out[0] = kind == '<' ? '>' : '%';
	out[1] = out[2] = '}';
	out[3] = '\0';
}

/*
 * MARKDOWN_HUGO, on one code literal: each shortcode opener not inside a
 * comment opens one (after MARKDOWN_HUGO_COMMENT); inside one, the first
 * closer of its kind (">}}" for "{{<", "%}}" for "{{%") shuts it, "* /" written
 * before (which Hugo drops: the code shows its own bytes, even a "* /" of
 * its own before the closer). *open: the comment open across literals,
 * 0 when none. Returns the new literal (caller frees).
 */
static char *
hugo_code(const char *lit, char *open)
{
	struct buf b;
	const char *p = lit;

	buf_init(&b, BUF_NOLIMIT);
	while (*p) {
		const char *q;

		if (*open) {
			char closer[4];

			hugo_closer(*open, closer);
			if ((q = strstr(p, closer)) == NULL)
				break;
			buf_add(&b, p, (size_t)(q - p));
			buf_adds(&b, "*/");
			buf_add(&b, q, 3);
			p = q + 3;
			*open = 0;
			continue;
		}
		for (q = p; *q; q++)
			if (q[0] == '{' && q[1] == '{' && (q[2] == '<' || q[2] == '%'))
				break;
		if (*q == '\0')
			break;
		buf_add(&b, p, (size_t)(q - p));
		buf_addc(&b, MARKDOWN_HUGO_COMMENT);
		buf_add(&b, q, 3);
		buf_adds(&b, "/*");
		*open = q[2];
		p = q + 3;
	}
	buf_adds(&b, p);
	return buf_detach(&b);
}

/* MARKDOWN_HUGO over every code span and block of the tree, in order;
 * returns the kind of the comment left open, 0 for none. */
static char
hugo_tree(cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	char open = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);
		const char *lit;
		char *now;

		if (ev != CMARK_EVENT_ENTER ||
		    (type != CMARK_NODE_CODE && type != CMARK_NODE_CODE_BLOCK))
			continue;
		lit = cmark_node_get_literal(node);
		now = hugo_code(lit ? lit : "", &open);
		if (lit == NULL || strcmp(now, lit) != 0)
			if (!cmark_node_set_literal(node, now))
				fatal("cmark: out of memory");
		free(now);
	}
	cmark_iter_free(it);
	return open;
}

/* md for MARKDOWN_HUGO: its own MARKDOWN_HUGO_COMMENT bytes as U+FFFD. */
static const char *
hugo_source(const char *md, struct buf *b)
{
	const char *p;

	if (md == NULL || (p = strchr(md, MARKDOWN_HUGO_COMMENT)) == NULL)
		return md;
	buf_init(b, BUF_NOLIMIT);
	for (; p != NULL; p = strchr(md, MARKDOWN_HUGO_COMMENT)) {
		buf_add(b, md, (size_t)(p - md));
		buf_adds(b, "\xef\xbf\xbd");
		md = p + 1;
	}
	buf_adds(b, md);
	return b->data;
}

/* The comment hugo_tree left open, shut: "\n" then the definition. */
static int
hugo_close(struct buf *out, char open)
{
	char closer[4];

	if (open == 0)
		return 0;
	hugo_closer(open, closer);
	return buf_adds(out, "\n" MARKDOWN_HUGO_COMMENT_END) == -1 ? -1 : buf_adds(out, closer);
}

static cmark_node *
parse_block(const char *md)
{
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);

	if (doc == NULL)
		fatal("cmark: out of memory");
	make_safe(doc);
	return doc;
}

/*
 * Append a string cmark allocated, and free it. HTML (html 1) has its '{'
 * written as esc_html writes them: cmark's HTML holds '{' only in text and
 * attribute values, which must not reach a template language as "{{".
 */
static int
take(struct buf *out, char *s, size_t skip_head, size_t skip_tail, int html)
{
	size_t n;
	int r;

	if (s == NULL)
		fatal("cmark: out of memory");
	n = strlen(s);
	if (n < skip_head + skip_tail)
		skip_head = skip_tail = 0;
	if (html)
		r = esc_html_braces(out, s + skip_head, n - skip_head - skip_tail);
	else
		r = buf_add(out, s + skip_head, n - skip_head - skip_tail);
	free(s);
	return r;
}

int
markdown_html(struct buf *out, const char *md)
{
	cmark_node *doc = parse_block(md ? md : "");
	int r = take(out, cmark_render_html(doc, CMARK_OPT_DEFAULT), 0, 0, 1);

	cmark_node_free(doc);
	return r;
}

int
markdown_commonmark(struct buf *out, const char *md)
{
	return markdown_commonmark_opts(out, md, 0);
}

int
markdown_commonmark_opts(struct buf *out, const char *md, unsigned opts)
{
	struct buf src = {NULL, 0, 0, 0};
	cmark_node *doc;
	char open = 0;
	int r = 0;

	if (opts & MARKDOWN_HUGO)
		md = hugo_source(md, &src);
	doc = parse_block(md ? md : "");
	if (opts & MARKDOWN_HUGO)
		open = hugo_tree(doc);
	if (cmark_node_first_child(doc) != NULL)
		r = take(out, cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0), 0, 0, 0);
	/* After the last block (which ends with a newline), a blank line. */
	if (r == 0 && open)
		r = hugo_close(out, open) == -1 || buf_addc(out, '\n') == -1 ? -1 : 0;

	cmark_node_free(doc);
	buf_release(&src);
	return r;
}

/*
 * Inline Markdown is parsed as the text of an ATX heading ("# " + text on
 * one line), which cmark reads as inlines only: "1. x" or "> x" stay text.
 * Returns the document; *heading is its heading node, or NULL when empty.
 */
static cmark_node *
parse_inline(const char *md, cmark_node **heading)
{
	struct buf line;
	cmark_node *doc, *first;

	buf_init(&line, BUF_NOLIMIT);
	buf_adds(&line, "# ");
	for (const char *p = md ? md : ""; *p; p++)
		buf_addc(&line, *p == '\n' || *p == '\r' ? ' ' : *p);
	/* A trailing run of '#' after a space would close the heading: keep it. */
	if (line.len > 2 && line.data[line.len - 1] == '#')
		buf_adds(&line, " #");
	doc = parse_block(line.data);
	buf_release(&line);
	first = cmark_node_first_child(doc);
	*heading = first && cmark_node_get_type(first) == CMARK_NODE_HEADING &&
	        cmark_node_first_child(first)
	    ? first
	    : NULL;
	return doc;
}

int
markdown_inline_html(struct buf *out, const char *md)
{
	cmark_node *h, *doc = parse_inline(md, &h);
	int r = 0;

	/* "<h1>" ... "</h1>\n" */
	if (h)
		r = take(out, cmark_render_html(h, CMARK_OPT_DEFAULT), 4, 6, 1);
	cmark_node_free(doc);
	return r;
}

int
markdown_inline_commonmark(struct buf *out, const char *md)
{
	return markdown_inline_commonmark_opts(out, md, 0);
}

int
markdown_inline_commonmark_opts(struct buf *out, const char *md, unsigned opts)
{
	struct buf src = {NULL, 0, 0, 0};
	cmark_node *h, *doc;
	char open = 0;
	int r = 0;

	if (opts & MARKDOWN_HUGO)
		md = hugo_source(md, &src);
	doc = parse_inline(md, &h);
	if (h && (opts & MARKDOWN_HUGO))
		open = hugo_tree(h);
	/* "# " ... "\n"; a comment left open is shut on the next line. */
	if (h)
		r = take(out, cmark_render_commonmark(h, CMARK_OPT_DEFAULT, 0), 2, 1, 0);
	if (r == 0 && open)
		r = hugo_close(out, open);
	cmark_node_free(doc);
	buf_release(&src);
	return r;
}

int
markdown_inline_text(struct buf *out, const char *md)
{
	cmark_node *h, *doc = parse_inline(md, &h);
	cmark_iter *it;
	cmark_event_type ev;
	int r = 0;

	if (h == NULL) {
		cmark_node_free(doc);
		return 0;
	}
	it = cmark_iter_new(h);
	while (r == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(node)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			r = buf_adds(out, cmark_node_get_literal(node));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			r = buf_addc(out, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	return r;
}
