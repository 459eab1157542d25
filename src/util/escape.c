/* escape.c - one escaping function per output context. */
#include <string.h>

#include "util.h"

static int
esc_html(struct buf *b, const char *s, int attr)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep = NULL;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = attr ? "&quot;" : NULL; break;
		case '\'': rep = attr ? "&#39;" : NULL; break;
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
esc_markdown(struct buf *b, const char *s)
{
	/*
	 * Inline: backslash-escape what can open markup anywhere in a line
	 * (emphasis, code, links, autolinks and raw HTML, entities, GFM
	 * strikethrough and tables), and braces, so Hugo shortcodes and
	 * Liquid tags ({{ }}, {% %}) never form. Other punctuation (. : - #
	 * in mid-line) is left as written: escaping it is correct but noisy.
	 */
	static const char inline_special[] = "\\`*_[]<>&~|{}";
	int line_start = 1;

	for (; *s; s++) {
		char c = *s;

		if (c == '\r')
			continue;
		if (c == '\n') {
			line_start = 1;
			if (buf_addc(b, c) == -1)
				return -1;
			continue;
		}
		if (line_start) {
			if (c == ' ' || c == '\t') {
				/* Leading blanks would make an indented code block. */
				if (buf_adds(b, "&#32;") == -1)
					return -1;
				continue;
			}
			line_start = 0;
			/* Block starts: headings, quotes, list markers, thematic
			 * breaks and setext underlines, ordered-list numbers. */
			if (strchr("#>-+=", c) != NULL) {
				if (buf_addc(b, '\\') == -1 || buf_addc(b, c) == -1)
					return -1;
				continue;
			}
			if (c >= '0' && c <= '9') {
				size_t n = strspn(s, "0123456789");
				if (buf_add(b, s, n) == -1)
					return -1;
				s += n;
				if (*s == '.' || *s == ')') {
					if (buf_addc(b, '\\') == -1 || buf_addc(b, *s) == -1)
						return -1;
				} else {
					s--;
				}
				continue;
			}
		}
		if (strchr(inline_special, c) != NULL && buf_addc(b, '\\') == -1)
			return -1;
		if (buf_addc(b, c) == -1)
			return -1;
	}
	return 0;
}
