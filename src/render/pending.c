/*
 * pending.c - TEMPORARY stand-in for the sanitizer (branch sanitize), so
 * that this branch builds and its other parts can be tested before it is
 * merged. Removed by the merge. It escapes all post HTML.
 */
#include <string.h>

#include "sanitize.h"

int
sanitize_html(struct buf *out, const char *html, const char *base_url)
{
	(void)base_url;
	return esc_html_text(out, html);
}

int
sanitize_url_ok(const char *url)
{
	char scheme[8];
	size_t n = 0;

	for (; *url; url++) {
		unsigned char c = (unsigned char)*url;

		if (c <= ' ' || c == 0x7f)
			continue;
		if (c == ':')
			break;
		if (n == sizeof scheme - 1)
			return 0;
		scheme[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	if (*url != ':')
		return 0;
	scheme[n] = '\0';
	return strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0 ||
	    strcmp(scheme, "mailto") == 0;
}
