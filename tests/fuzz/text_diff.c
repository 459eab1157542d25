/*
 * text_diff.c - libFuzzer target: html_to_text's hand-written scan against
 * its libxml2 path. For any UTF-8 fragment the scan either declines it or
 * gives exactly the text libxml2's parse gives.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "feed.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/*
 * 1 when s holds a character reference to no character (&#0;, a surrogate,
 * beyond U+10FFFF). There the two paths differ on purpose: the scan gives
 * U+FFFD, as HTML does, where libxml2 2.9 drops the rest of the text.
 */
static int
has_bad_reference(const char *s)
{
	while ((s = strstr(s, "&#")) != NULL) {
		int hex = s[2] == 'x' || s[2] == 'X';
		unsigned long cp = 0;
		const char *p = s + 2 + hex;
		int digits = 0;

		for (; digits < 9; p++, digits++) {
			int d = *p >= '0' && *p <= '9' ? *p - '0'
			    : hex && (*p | 0x20) >= 'a' && (*p | 0x20) <= 'f'
			    ? (*p | 0x20) - 'a' + 10
			    : -1;
			if (d < 0)
				break;
			cp = cp * (hex ? 16u : 10u) + (unsigned long)d;
		}
		if (digits > 0 && (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)))
			return 1;
		s += 2;
	}
	return 0;
}

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/*
 * 1 when s opens with an end tag (after white space or controls): libxml2 2.9 then
 * drops the whole fragment, where the scan keeps its text.
 */
static int
libxml2_drops(const char *s)
{
	while (*s && (unsigned char)*s <= ' ')
		s++; /* white space and the controls dropped as text */
	return s[0] == '<' && s[1] == '/';
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *html, *fast, *slow;

	/* Post HTML reaches html_to_text from an XML or JSON parser: UTF-8, no NUL. */
	if (memchr(data, '\0', size) || !utf8_valid((const char *)data, size))
		return 0;
	xmlSetGenericErrorFunc(NULL, quiet);
	html = xmalloc(size + 1);
	memcpy(html, data, size);
	html[size] = '\0';
	if (has_bad_reference(html) || libxml2_drops(html)) {
		free(html);
		return 0;
	}
	fast = html_to_text_path(html, HTML_TEXT_FAST);
	if (fast) {
		slow = html_to_text_path(html, HTML_TEXT_LIBXML2);
		if (slow == NULL || strcmp(fast, slow) != 0)
			abort();
		free(slow);
	}
	free(fast);
	free(html);
	return 0;
}
