/* post_md.c - a post's sanitized HTML as Markdown: links, pictures, emphasis, lists kept. */
/*
 * The md format used to quote a post's plain text, so a link became its
 * words and an inline picture nothing. Here the sanitized HTML (what the
 * html format shows) is read back through the sanitizer's own parse
 * (sanitize_walk_html) and written as CommonMark that kramdown reads the
 * same way:
 *
 * - p, pre, blockquote, ul/ol/li as blocks (a paragraph a blank line
 *   apart, a quote "> ", a list "- " or "N. " with its lines indented);
 *   br as a hard line break ("  " before the newline: the one form cmark,
 *   kramdown and Goldmark all read), two or more as a new paragraph;
 * - em/i as "*", strong/b as "**", written only around some content and
 *   never with a blank inside the delimiter;
 * - a as [text](url), or as the autolink <url> when its text is its URL
 *   (a bare link, Mastodon's shortened ones): no [https://x](https://x);
 * - img as ![alt](src), src archived when the media mode archives;
 * - everything else (code, spans, q...) as its text, escaped like all
 *   text (esc_markdown_span), bare URLs outside links as autolinks.
 *
 * Nothing the walk hands over is trusted (a project file may have been
 * written by anything): text is only ever written escaped, URLs only when
 * sanitize_url_ok says they may be published, and markup only as this
 * file spells it. Braces are escaped text, so no "{{" or "{%" forms here;
 * --for jekyll|hugo then filters the whole output (render.c).
 */
#include <string.h>

#include "internal.h"
#include "sanitize.h"
#include "store_archive.h"

/* Nesting past this many quotes and list items is written flat. */
#define MD_MAX_CONTAINERS 8

enum md_el { MD_OTHER, MD_P, MD_PRE, MD_QUOTE, MD_UL, MD_OL, MD_LI, MD_EM, MD_STRONG, MD_A, MD_Q };

struct md_frame {
	enum md_el el;
	unsigned char active;  /* it wrote (or owes) markup its end must close */
	unsigned char pending; /* em/strong: its delimiter not written yet */
	size_t link_at;        /* a: where its '[' is in out, or SIZE_MAX */
	size_t plain_at;       /* a: where its text starts in plain */
	char *url;             /* a: its target */
	unsigned char rich;    /* a: holds a picture or emphasis */
};

struct md_container {
	char prefix[16]; /* "> ", "- ", "12. " */
	size_t width;    /* of prefix, for the indent of a list item's lines */
	int quote;
	int marker_pending; /* a list item whose first line is not written */
};

struct md_list {
	int ordered;
	long next;
};

struct md_writer {
	struct render_ctx *c;
	struct buf *out;
	size_t start;
	unsigned flags;
	struct buf text;  /* text not written yet, as the parse delivered it */
	struct buf plain; /* the open link's text, blanks collapsed */
	struct buf tmp;
	struct md_frame *frames;
	size_t nframes, capframes;
	struct md_container cont[MD_MAX_CONTAINERS];
	size_t ncont, deep; /* deep: containers past the maximum */
	struct md_list lists[MD_MAX_CONTAINERS];
	size_t nlists, deeplists;
	size_t sep_depth; /* containers on the blank line before the next block */
	int in_block;     /* the current block has content */
	int sep;          /* before the next block: 1 a newline, 2 a blank line */
	int line_start;   /* the next text starts a line */
	int space;        /* a blank is owed before the next content */
	int breaks;       /* <br>s owed */
	int pre, links, ems, strongs;
	char openers[8]; /* emphasis delimiters owed */
	size_t nopeners;
};

/* The line's start: each open container's prefix, a list item's marker
 * on its first line; blank: for an empty line, up to depth containers. */
static void
md_line_prefix(struct md_writer *w, int blank, size_t depth)
{
	size_t at = w->out->len;

	for (size_t i = 0; i < w->ncont && i < depth; i++) {
		struct md_container *k = &w->cont[i];

		if (k->marker_pending) {
			if (blank)
				break;
			buf_adds(w->out, k->prefix);
			k->marker_pending = 0;
		} else if (k->quote) {
			buf_adds(w->out, "> ");
		} else {
			for (size_t j = 0; j < k->width; j++)
				buf_addc(w->out, ' ');
		}
	}
	if (blank)
		while (w->out->len > at && w->out->data[w->out->len - 1] == ' ')
			buf_truncate(w->out, w->out->len - 1);
}

/* Before anything visible: the block's start, owed breaks, blank and delimiters. */
static void
md_content(struct md_writer *w)
{
	if (!w->in_block) {
		if (w->out->len > w->start) {
			buf_addc(w->out, '\n');
			if (w->sep >= 2) {
				md_line_prefix(w, 1, w->sep_depth);
				buf_addc(w->out, '\n');
			}
		}
		md_line_prefix(w, 0, SIZE_MAX);
		w->sep_depth = SIZE_MAX;
		w->in_block = 1;
		w->line_start = 1;
		w->sep = w->breaks = w->space = 0;
	} else if (w->breaks > 0) {
		if (w->breaks >= 2) {
			buf_addc(w->out, '\n');
			md_line_prefix(w, 1, SIZE_MAX);
			buf_addc(w->out, '\n');
		} else {
			buf_adds(w->out, "  \n");
		}
		md_line_prefix(w, 0, SIZE_MAX);
		w->line_start = 1;
		w->breaks = w->space = 0;
	} else if (w->space && !w->line_start) {
		buf_addc(w->out, ' ');
	}
	w->space = 0;
	if (w->nopeners > 0) {
		buf_add(w->out, w->openers, w->nopeners);
		w->nopeners = 0;
		w->line_start = 0;
		for (size_t i = w->nframes; i-- > 0;)
			w->frames[i].pending = 0;
	}
}

static int
is_punct(char c)
{
	return c > ' ' && c < 0x7f &&
	    !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

static int
is_blank_or_punct(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || is_punct(c);
}

static struct md_frame *
md_link(struct md_writer *w)
{
	for (size_t i = w->nframes; i-- > 0;)
		if (w->frames[i].el == MD_A && w->frames[i].active)
			return &w->frames[i];
	return NULL;
}

/* Inside an open link, before its first content: its '['. */
static void
md_link_open(struct md_writer *w)
{
	struct md_frame *a = md_link(w);

	if (a != NULL && a->link_at == SIZE_MAX) {
		md_content(w);
		a->link_at = w->out->len;
		buf_addc(w->out, '[');
		w->line_start = 0;
	}
}

static void
md_words(struct md_writer *w, const char *s)
{
	md_link_open(w);
	/*
	 * A delimiter between a letter and punctuation ("a*"b"*") opens no
	 * emphasis in CommonMark and would show as an asterisk: the
	 * emphasis goes, its text stays.
	 */
	if (w->nopeners > 0 && w->in_block && !w->space && w->breaks == 0 &&
	    w->out->len > w->start && is_punct(s[0]) &&
	    !is_blank_or_punct(w->out->data[w->out->len - 1])) {
		w->nopeners = 0;
		for (size_t i = 0; i < w->nframes; i++)
			if (w->frames[i].pending)
				w->frames[i].active = w->frames[i].pending = 0;
	}
	md_content(w);
	esc_markdown_span(w->out, s, &w->line_start, w->flags | (md_link(w) ? 0 : ESC_MD_AUTOLINK));
}

/* The text delivered since the last element, written: outside pre, every
 * run of blanks one blank, owed (md_content writes it before what follows
 * on the line); in pre, every newline a line break. */
static void
md_flush(struct md_writer *w)
{
	const char *p = w->text.data, *end = p + w->text.len;
	static const char blanks[] = " \t\n\r\f";
	int in_link = md_link(w) != NULL;

	if (w->text.len == 0)
		return;
	buf_reset(&w->tmp);
	while (p < end) {
		size_t n;

		if (w->pre) {
			n = strcspn(p, "\n");
			if (n > 0) {
				buf_reset(&w->tmp);
				buf_add(&w->tmp, p, n);
				md_words(w, w->tmp.data);
			}
			if (in_link)
				buf_add(&w->plain, p, n);
			p += n;
			if (p < end) {
				if (w->in_block)
					w->breaks++;
				p++;
			}
			continue;
		}
		n = strspn(p, blanks);
		if (n > 0) {
			if (w->tmp.len > 0)
				buf_addc(&w->tmp, ' ');
			else
				w->space = 1;
			p += n;
			continue;
		}
		n = strcspn(p, blanks);
		buf_add(&w->tmp, p, n);
		p += n;
	}
	if (!w->pre && w->tmp.len > 0) {
		int trailing = w->tmp.data[w->tmp.len - 1] == ' ';

		if (trailing)
			buf_truncate(&w->tmp, w->tmp.len - 1);
		if (in_link) {
			if (w->space)
				buf_addc(&w->plain, ' ');
			buf_add(&w->plain, w->tmp.data, w->tmp.len);
			if (trailing)
				buf_addc(&w->plain, ' ');
		}
		md_words(w, w->tmp.data);
		w->space = trailing;
	} else if (!w->pre && in_link && w->space) {
		buf_addc(&w->plain, ' ');
	}
	buf_reset(&w->text);
}

/* The current block ends; sep: what the next one needs before it. The
 * blank line is written with the containers open now (a quote or list
 * starting after it is not on it). Emphasis does not cross blocks. */
static void
md_block(struct md_writer *w, int sep)
{
	w->in_block = 0;
	w->breaks = w->space = 0;
	w->nopeners = 0;
	for (size_t i = 0; i < w->nframes; i++)
		if (w->frames[i].el == MD_EM || w->frames[i].el == MD_STRONG)
			w->frames[i].active = w->frames[i].pending = 0;
	if (w->sep < sep)
		w->sep = sep;
	if (w->ncont < w->sep_depth)
		w->sep_depth = w->ncont;
}

static const char *
md_att(const char *const *atts, const char *name)
{
	for (; atts && atts[0]; atts += 2)
		if (strcmp(atts[0], name) == 0)
			return atts[1] ? atts[1] : "";
	return NULL;
}

static enum md_el
md_element(const char *name)
{
	static const struct {
		const char *name;
		enum md_el el;
	} els[] = {
	    {"p", MD_P},
	    {"pre", MD_PRE},
	    {"blockquote", MD_QUOTE},
	    {"ul", MD_UL},
	    {"ol", MD_OL},
	    {"li", MD_LI},
	    {"em", MD_EM},
	    {"i", MD_EM},
	    {"strong", MD_STRONG},
	    {"b", MD_STRONG},
	    {"a", MD_A},
	    {"q", MD_Q},
	};

	for (size_t i = 0; i < ARRAY_LEN(els); i++)
		if (strcmp(name, els[i].name) == 0)
			return els[i].el;
	return MD_OTHER;
}

static void
md_container_push(struct md_writer *w, int quote, const char *prefix)
{
	struct md_container *k;

	if (w->ncont == MD_MAX_CONTAINERS) {
		w->deep++;
		return;
	}
	k = &w->cont[w->ncont++];
	snprintf(k->prefix, sizeof k->prefix, "%s", prefix);
	k->width = strlen(k->prefix);
	k->quote = quote;
	k->marker_pending = !quote;
}

static void
md_container_pop(struct md_writer *w)
{
	if (w->deep > 0)
		w->deep--;
	else if (w->ncont > 0)
		w->ncont--;
}

/* An inline picture, from its archived copy when the media mode archives. */
static void
md_image(struct md_writer *w, const char *src, const char *alt)
{
	struct render_ctx *c = w->c;
	json_t *blob = NULL;
	int line_start = 0;

	if (src == NULL || !sanitize_url_ok(src) ||
	    !(str_casestartswith(src, "http://") || str_casestartswith(src, "https://")))
		return;
	if (c->media != RENDER_MEDIA_REMOTE && c->store != NULL) {
		char *sha = NULL;
		struct err e;

		err_clear(&e);
		if (store_image_blob(c->store, src, &sha, &e) == -1)
			c->media_err = e;
		else if (sha)
			blob = render_blob_src(c, sha);
		free(sha);
	}
	md_link_open(w);
	md_content(w);
	buf_adds(w->out, "![");
	esc_markdown_span(w->out, alt ? alt : "", &line_start, w->flags);
	buf_adds(w->out, "](");
	esc_markdown_url(w->out, blob ? json_string_value(blob) : src);
	buf_addc(w->out, ')');
	json_decref(blob);
	w->line_start = 0;
	if (md_link(w))
		md_link(w)->rich = 1;
}

/* The text a link shows is its URL: "https://x.example/a", "x.example/a". */
static int
md_text_is_url(const char *text, const char *url)
{
	size_t n = strlen(text);

	if (n == 0)
		return 0;
	if (strcmp(text, url) == 0)
		return 1;
	for (const char *scheme = strstr(url, "://"); scheme != NULL; scheme = NULL) {
		const char *rest = scheme + 3;
		size_t k = strlen(rest);

		if (str_casestartswith(text, "www.") == 0 && str_casestartswith(rest, "www."))
			rest += 4, k -= 4;
		if (strcmp(text, rest) == 0 ||
		    (k == n + 1 && rest[n] == '/' && strncmp(text, rest, n) == 0))
			return 1;
	}
	return 0;
}

static int
md_autolink_ok(const char *url)
{
	if (!(str_casestartswith(url, "http://") || str_casestartswith(url, "https://")))
		return 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>')
			return 0;
	return 1;
}

static void
md_link_close(struct md_writer *w, struct md_frame *f)
{
	char *text;
	size_t n;

	w->links--;
	if (f->link_at == SIZE_MAX)
		goto out; /* a link to nothing shown */
	text = w->plain.data + f->plain_at;
	n = w->plain.len - f->plain_at;
	while (n > 0 && text[n - 1] == ' ')
		n--;
	while (n > 0 && text[0] == ' ')
		text++, n--;
	text[n] = '\0';
	if (!f->rich && md_text_is_url(text, f->url) && md_autolink_ok(f->url)) {
		buf_truncate(w->out, f->link_at);
		esc_markdown_autolink(w->out, f->url);
	} else {
		buf_adds(w->out, "](");
		esc_markdown_url(w->out, f->url);
		buf_addc(w->out, ')');
	}
	w->line_start = 0;
out:
	buf_truncate(&w->plain, f->plain_at);
	free(f->url);
	f->url = NULL;
}

static void
md_start(void *arg, const char *name, const char *const *atts)
{
	struct md_writer *w = arg;
	struct md_frame *f;
	const char *v;
	char marker[16];

	md_flush(w);
	if (strcmp(name, "br") == 0 || strcmp(name, "img") == 0) {
		/* Void: the parse still ends them; a frame to match. */
		if (name[0] == 'b') {
			if (w->links || !w->in_block)
				w->space = w->in_block;
			else
				w->breaks++;
		} else {
			md_image(w, md_att(atts, "src"), md_att(atts, "alt"));
		}
	}
	if (w->nframes == w->capframes) {
		w->capframes = w->capframes ? w->capframes * 2 : 16;
		w->frames = xreallocarray(w->frames, w->capframes, sizeof *w->frames);
	}
	f = &w->frames[w->nframes++];
	memset(f, 0, sizeof *f);
	f->el = md_element(name);
	f->link_at = SIZE_MAX;
	switch (f->el) {
	case MD_P:
		md_block(w, 2);
		break;
	case MD_PRE:
		md_block(w, 2);
		w->pre++;
		f->active = 1;
		break;
	case MD_QUOTE:
		md_block(w, 2);
		md_container_push(w, 1, "> ");
		f->active = 1;
		break;
	case MD_UL:
	case MD_OL: {
		long start = 1;

		v = md_att(atts, "start");
		if (f->el == MD_OL && v && *v && strspn(v, "0123456789") == strlen(v) &&
		    strlen(v) < 10)
			start = strtol(v, NULL, 10);
		/* A list in a list item starts on the next line, tight; but
		 * only "1." or a bullet may interrupt the item's text. */
		md_block(w, w->ncont > 0 && !w->cont[w->ncont - 1].quote && start == 1 ? 1 : 2);
		if (w->nlists == MD_MAX_CONTAINERS) {
			w->deeplists++;
		} else {
			w->lists[w->nlists].ordered = f->el == MD_OL;
			w->lists[w->nlists].next = start;
			w->nlists++;
		}
		f->active = 1;
		break;
	}
	case MD_LI:
		md_block(w, 1);
		if (w->nlists > 0 && w->deeplists == 0 && w->lists[w->nlists - 1].ordered)
			snprintf(marker, sizeof marker, "%ld. ", w->lists[w->nlists - 1].next++);
		else
			snprintf(marker, sizeof marker, "- ");
		md_container_push(w, 0, marker);
		f->active = 1;
		break;
	case MD_EM:
	case MD_STRONG: {
		int *depth = f->el == MD_EM ? &w->ems : &w->strongs;
		size_t k = f->el == MD_EM ? 1 : 2;

		if ((*depth)++ == 0 && w->nopeners + k <= sizeof w->openers) {
			memcpy(w->openers + w->nopeners, "**", k);
			w->nopeners += k;
			f->active = f->pending = 1;
			if (md_link(w))
				md_link(w)->rich = 1;
		}
		break;
	}
	case MD_A:
		v = md_att(atts, "href");
		w->links++;
		if (w->links == 1 && v && sanitize_url_ok(v)) {
			f->active = 1;
			f->url = xstrdup(v);
			f->plain_at = w->plain.len;
		}
		break;
	case MD_Q:
		buf_adds(&w->text, "\u201c");
		break;
	case MD_OTHER:
		break;
	}
}

static void
md_end(void *arg, const char *name)
{
	struct md_writer *w = arg;
	struct md_frame *f;

	(void)name;
	md_flush(w);
	if (w->nframes == 0)
		return;
	f = &w->frames[--w->nframes];
	switch (f->el) {
	case MD_P:
		md_block(w, 2);
		break;
	case MD_PRE:
		md_block(w, 2);
		w->pre--;
		break;
	case MD_QUOTE:
		md_block(w, 2);
		md_container_pop(w);
		break;
	case MD_UL:
	case MD_OL:
		md_block(w, 2);
		if (w->deeplists > 0)
			w->deeplists--;
		else if (w->nlists > 0)
			w->nlists--;
		break;
	case MD_LI:
		md_block(w, 1);
		md_container_pop(w);
		break;
	case MD_EM:
	case MD_STRONG:
		*(f->el == MD_EM ? &w->ems : &w->strongs) -= 1;
		if (!f->active)
			break;
		if (f->pending) {
			/* Nothing inside: its delimiter goes unwritten. */
			size_t k = f->el == MD_EM ? 1 : 2;

			w->nopeners -= w->nopeners >= k ? k : w->nopeners;
		} else if (w->in_block) {
			buf_adds(w->out, f->el == MD_EM ? "*" : "**");
		}
		break;
	case MD_A:
		if (f->active)
			md_link_close(w, f);
		else
			w->links--;
		break;
	case MD_Q:
		buf_adds(&w->text, "\u201d");
		md_flush(w);
		break;
	case MD_OTHER:
		break;
	}
}

static void
md_text(void *arg, const char *s, size_t n)
{
	struct md_writer *w = arg;

	buf_add(&w->text, s, n);
}

static void
md_restart(void *arg)
{
	struct md_writer *w = arg;

	for (size_t i = 0; i < w->nframes; i++)
		free(w->frames[i].url);
	buf_truncate(w->out, w->start);
	buf_reset(&w->text);
	buf_reset(&w->plain);
	w->nframes = w->ncont = w->deep = w->nlists = w->deeplists = 0;
	w->in_block = w->sep = w->space = w->breaks = 0;
	w->pre = w->links = w->ems = w->strongs = 0;
	w->nopeners = 0;
	w->line_start = 1;
	w->sep_depth = SIZE_MAX;
}

int
render_post_md(struct render_ctx *c, struct buf *out, const char *html)
{
	struct md_writer w;
	struct sanitize_walk walk = {md_start, md_end, md_text, md_restart, &w};
	int rc;

	memset(&w, 0, sizeof w);
	w.c = c;
	w.out = out;
	w.start = out->len;
	w.flags = render_md_flags(c);
	buf_init(&w.text, BUF_NOLIMIT);
	buf_init(&w.plain, BUF_NOLIMIT);
	buf_init(&w.tmp, BUF_NOLIMIT);
	md_restart(&w);
	rc = sanitize_walk_html(html, &walk);
	md_flush(&w);
	while (w.nframes > 0)
		md_end(&w, "");
	for (size_t i = 0; i < w.nframes; i++)
		free(w.frames[i].url);
	free(w.frames);
	buf_release(&w.text);
	buf_release(&w.plain);
	buf_release(&w.tmp);
	return rc;
}
