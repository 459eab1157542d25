/* escape.c - one escaping function per output context. */
#include <string.h>

#include "util.h"

/*
 * The length of a control character at s that no output may carry raw (a
 * C0 control but tab, newline and carriage return; DEL; a C1 control,
 * U+0080..U+009F), or 0. Remote text may hold them; every escaping
 * function writes U+FFFD instead, so they never reach HTML, Markdown or
 * (through jansson's own escaping) JSON raw.
 */
static size_t
control_at(const char *s)
{
	unsigned char c = (unsigned char)s[0], d = (unsigned char)s[1];

	if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
		return 1;
	if (c == 0xc2 && d >= 0x80 && d <= 0x9f)
		return 2;
	return 0;
}

#define REPLACEMENT_CHARACTER "\xef\xbf\xbd"

/*
 * The bytes esc_html must look at, by value: 1 for & < > {, 2 for " and '
 * (attributes only), 3 where a control character may start (C0 but tab,
 * newline and return; DEL; 0xC2, which may start a C1: control_at
 * decides). Everything else (0) is copied in runs.
 */
static const unsigned char html_special[256] = {0, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 3, 3, 0, 3, 3, 3,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 2, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

static int
esc_html(struct buf *b, const char *s, int attr)
{
	const char *run = s;

	for (;; s++) {
		const char *rep = NULL;
		unsigned char k;
		size_t ctl;

		while ((k = html_special[(unsigned char)*s]) == 0 && *s)
			s++;
		if (*s == '\0')
			break;
		if (k == 3) {
			if ((ctl = control_at(s)) == 0)
				continue;
			if (buf_add(b, run, (size_t)(s - run)) == -1 ||
			    buf_adds(b, REPLACEMENT_CHARACTER) == -1)
				return -1;
			s += ctl - 1;
			run = s + 1;
			continue;
		}
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
		case '{':
			/* Never "{{", "{%" or "{#" as written: a page pasted into
			 * Jekyll (Liquid), Hugo (shortcodes) or another template
			 * language must not run the text it shows. */
			rep = "&#123;";
			break;
		case '"':
			rep = attr ? "&quot;" : NULL;
			break;
		case '\'':
			rep = attr ? "&#39;" : NULL;
			break;
		}
		if (rep == NULL)
			continue;
		if (buf_add(b, run, (size_t)(s - run)) == -1 || buf_adds(b, rep) == -1)
			return -1;
		run = s + 1;
	}
	return buf_add(b, run, (size_t)(s - run));
}

int
esc_html_text(struct buf *b, const char *s)
{
	return esc_html(b, s, 0);
}

int
esc_html_attr(struct buf *b, const char *s)
{
	return esc_html(b, s, 1);
}

int
esc_html_braces(struct buf *b, const char *p, size_t n)
{
	const char *brace;

	while ((brace = memchr(p, '{', n)) != NULL) {
		size_t k = (size_t)(brace - p);

		if (buf_add(b, p, k) == -1 || buf_adds(b, "&#123;") == -1)
			return -1;
		p += k + 1;
		n -= k + 1;
	}
	return buf_add(b, p, n);
}

/* "&name;", "&#123;" or "&#x1F;" starts at s: a character reference Markdown would decode. */
static int
md_entity_at(const char *s)
{
	size_t n = 1;

	if (s[n] == '#') {
		n++;
		if (s[n] == 'x' || s[n] == 'X')
			n++;
	}
	if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'z') ||
	        (s[n] >= 'A' && s[n] <= 'Z')))
		return 0;
	while ((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'z') ||
	    (s[n] >= 'A' && s[n] <= 'Z'))
		n++;
	return s[n] == ';';
}

static int
is_ascii_punct(char c)
{
	return c > ' ' && c < 0x7f &&
	    !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/*
 * The bytes esc_markdown copies as they are once past a line's start, by
 * value (1): not a control's start, a line end, nor a character it may
 * escape. Runs of them are copied whole.
 */
static const unsigned char md_plain[256] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

/* c may be copied in a run: plain, and not what ESC_MD_TYPOGRAPHY looks at. */
static inline int
md_run_char(char c, int typography)
{
	return md_plain[(unsigned char)c] && !(typography && (c == '-' || c == '.' || c == '>'));
}

/* b->data[i] is c, written bare: after an even run of backslashes. */
static int
md_bare_at(const struct buf *b, size_t i, char c)
{
	size_t n = 0;

	if (i >= b->len || b->data[i] != c)
		return 0;
	while (n < i && b->data[i - 1 - n] == '\\')
		n++;
	return n % 2 == 0;
}

/*
 * ESC_MD_TYPOGRAPHY: c, written next, would make a typographer's input
 * with what is already in b (text before it may come from an earlier
 * call: "a-" then "-b"). The least that keeps each run apart: "--full"
 * is "-\-full", "...." is "..\..", "e-learning" stays as it is.
 */
static int
md_typographic(const struct buf *b, char c)
{
	switch (c) {
	case '-':
	case '>':
		return b->len > 0 && md_bare_at(b, b->len - 1, c);
	case '.':
		return b->len > 1 && md_bare_at(b, b->len - 1, '.') &&
		    md_bare_at(b, b->len - 2, '.');
	default:
		return 0;
	}
}

/*
 * esc_markdown's work on s[0..end): *line_start says whether s starts a
 * line, and is left saying whether end does. Look-ahead past end reads
 * what follows in the input (a bare URL's first letter), never past its NUL.
 */
static int
md_span(struct buf *b, const char *s, const char *end, int *line_start, unsigned flags)
{
	/*
	 * The least that keeps text text, in CommonMark (cmark, goldmark) and
	 * in kramdown (Jekyll) alike: every escape written here is one both
	 * read as an escape, so neither shows a stray backslash. Inline:
	 * what can open markup anywhere in a line (emphasis, code, links,
	 * autolinks and raw HTML, GFM strikethrough and tables), and braces,
	 * so Hugo shortcodes and Liquid tags ({{ }}, {% %}) never form. '&'
	 * is left alone ("L&D") unless it starts a character reference, which
	 * becomes "&amp;" ("&copy;" stays those six characters): kramdown
	 * has no "\&". A backslash is doubled only before punctuation, where
	 * it would escape it; "C:\Users" stays as written.
	 */
	static const char inline_special[] = "`*_[]<~|{}";
	const int typography = (flags & ESC_MD_TYPOGRAPHY) != 0;

	for (; s < end; s++) {
		char c = *s;
		size_t ctl;

		if (!*line_start && md_run_char(c, typography)) {
			const char *run = s;

			while (s + 1 < end && md_run_char(s[1], typography))
				s++;
			if (buf_add(b, run, (size_t)(s - run) + 1) == -1)
				return -1;
			continue;
		}
		if ((ctl = control_at(s)) != 0) {
			if (buf_adds(b, REPLACEMENT_CHARACTER) == -1)
				return -1;
			s += ctl - 1;
			*line_start = 0;
			continue;
		}
		if (c == '\r')
			continue;
		if (c == '\n') {
			*line_start = 1;
			if (buf_addc(b, c) == -1)
				return -1;
			continue;
		}
		if (*line_start) {
			if (c == ' ' || c == '\t') {
				/* Leading blanks would make an indented code block. */
				if (buf_adds(b, "&#32;") == -1)
					return -1;
				continue;
			}
			*line_start = 0;
			/* Block starts: headings, quotes, list markers, thematic
			 * breaks and setext underlines, kramdown's definitions
			 * (": "), ordered-list numbers. */
			if (strchr("#>-+=:", c) != NULL) {
				if (buf_addc(b, '\\') == -1 || buf_addc(b, c) == -1)
					return -1;
				continue;
			}
			if (c >= '0' && c <= '9') {
				size_t n = strspn(s, "0123456789");

				if (n > (size_t)(end - s))
					n = (size_t)(end - s);
				if (buf_add(b, s, n) == -1)
					return -1;
				s += n;
				if (s < end && (*s == '.' || *s == ')')) {
					if (buf_addc(b, '\\') == -1 || buf_addc(b, *s) == -1)
						return -1;
				} else {
					s--;
				}
				continue;
			}
		}
		if (c == '&' && md_entity_at(s)) {
			if (buf_adds(b, "&amp;") == -1)
				return -1;
			continue;
		}
		/* Hugo finds its summary marker "<!--more-->" even after a backslash. */
		if (c == '<' && (flags & ESC_MD_LT_ENTITY)) {
			if (buf_adds(b, "&lt;") == -1)
				return -1;
			continue;
		}
		/* kramdown's math: "$$" opens it. */
		if ((c == '$' && s[1] == '$') || (c == '\\' && is_ascii_punct(s[1])) ||
		    strchr(inline_special, c) != NULL ||
		    ((flags & ESC_MD_TYPOGRAPHY) && md_typographic(b, c))) {
			if (buf_addc(b, '\\') == -1)
				return -1;
		}
		if (buf_addc(b, c) == -1)
			return -1;
	}
	return 0;
}

static int
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * The length of the bare URL at s (http://, https:// or www., after the
 * start of the text or a byte that is not a letter or digit),
 * 0 when there is none; *www set when it has no scheme. It runs to white
 * space, a control, '<' or '>' (what an autolink cannot hold), less the
 * punctuation that ends a sentence rather than the URL (as GFM's
 * autolinks: "? ! . , : * _ ~", and "; ' \"") and a ')' or ']' it does
 * not open.
 */
static size_t
bare_url(const char *text, const char *s, int *www)
{
	static const char *const starts[] = {"https://", "http://", "www."};
	size_t n = 0, min = 0;

	if (s > text && is_alnum((unsigned char)s[-1]))
		return 0;
	for (size_t i = 0; i < 3 && min == 0; i++) {
		if (str_casestartswith(s, starts[i]))
			min = strlen(starts[i]);
	}
	if (min == 0)
		return 0;
	*www = s[0] == 'w' || s[0] == 'W';
	for (;;) {
		unsigned char c = (unsigned char)s[n];

		if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || control_at(s + n) ||
		    (c == 0xc2 && (unsigned char)s[n + 1] == 0xa0)) /* no-break space */
			break;
		n++;
	}
	while (n > min) {
		char last = s[n - 1];

		if (strchr("?!.,:*_~;'\"", last) != NULL) {
			n--;
			continue;
		}
		if (last == ')' || last == ']') {
			char open = last == ')' ? '(' : '[';
			int depth = 0;

			for (size_t i = 0; i < n; i++)
				depth += s[i] == open ? 1 : s[i] == last ? -1 : 0;
			if (depth < 0) {
				n--;
				continue;
			}
		}
		break;
	}
	if (n == min || !is_alnum((unsigned char)s[min]))
		return 0;
	return n;
}

/*
 * The URL s[0..n) as a CommonMark autolink, which every reader links
 * whole and reads no escape in: a URL without a scheme gets http://
 * (an autolink needs one), and '{' '}' are percent-encoded, so no "{{"
 * or "{%" forms in it for a site generator to read.
 */
static int
md_autolink(struct buf *b, const char *s, size_t n, int www)
{
	if (buf_addc(b, '<') == -1 || (www && buf_adds(b, "http://") == -1))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '{' || s[i] == '}') {
			if (buf_adds(b, s[i] == '{' ? "%7B" : "%7D") == -1)
				return -1;
		} else if (buf_addc(b, s[i]) == -1) {
			return -1;
		}
	}
	return buf_addc(b, '>');
}

int
esc_markdown_autolink(struct buf *b, const char *url)
{
	return md_autolink(b, url, strlen(url), 0);
}

int
esc_markdown_url(struct buf *b, const char *url)
{
	int depth = 0, paired = 1;

	for (const char *p = url; *p && paired; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth < 0)
			paired = 0;
	}
	paired = paired && depth == 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		const unsigned char *run = p;
		char hex[3] = {'%', 0, 0};

		/* What needs nothing is copied in runs. */
		while (*p > ' ' && *p != 0x7f && *p != '<' && *p != '>' && *p != '\\' &&
		    (paired || (*p != '(' && *p != ')')))
			p++;
		if (buf_add(b, run, (size_t)(p - run)) == -1)
			return -1;
		if (*p == '\0')
			break;
		hex[1] = "0123456789ABCDEF"[*p >> 4];
		hex[2] = "0123456789ABCDEF"[*p & 15];
		if (buf_add(b, hex, 3) == -1)
			return -1;
	}
	return 0;
}

int
esc_markdown_opts(struct buf *b, const char *s, unsigned flags)
{
	int line_start = 1;

	return esc_markdown_span(b, s, &line_start, flags);
}

int
esc_markdown_span(struct buf *b, const char *s, int *line_start_io, unsigned flags)
{
	const char *text = s, *span = s;
	int line_start = *line_start_io;

	if (flags & ESC_MD_AUTOLINK) {
		for (; *s; s++) {
			size_t n;
			int www;

			if ((*s != 'h' && *s != 'H' && *s != 'w' && *s != 'W') ||
			    (n = bare_url(text, s, &www)) == 0)
				continue;
			/* A backslash before the URL is one of the text: written
			 * before '<', it would escape it. */
			if (s > span && s[-1] == '\\') {
				if (md_span(b, span, s - 1, &line_start, flags) == -1 ||
				    buf_adds(b, "\\\\") == -1)
					return -1;
			} else if (md_span(b, span, s, &line_start, flags) == -1) {
				return -1;
			}
			if (md_autolink(b, s, n, www) == -1)
				return -1;
			line_start = 0;
			s += n - 1;
			span = s + 1;
		}
	}
	if (md_span(b, span, span + strlen(span), &line_start, flags) == -1)
		return -1;
	*line_start_io = line_start;
	return 0;
}

int
esc_markdown(struct buf *b, const char *s)
{
	return esc_markdown_opts(b, s, 0);
}
