/*
 * sanitize_diff.c - libFuzzer target: the sanitizer's fast path against
 * its libxml2 path. For any input the fast path either declines it or
 * gives exactly the bytes libxml2's parse gives.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "sanitize.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct buf fast, slow;
	char *html;
	int r;

	xmlSetGenericErrorFunc(NULL, quiet);
	html = xmalloc(size + 1);
	memcpy(html, data, size);
	html[size] = '\0';
	buf_init(&fast, BUF_NOLIMIT);
	buf_init(&slow, BUF_NOLIMIT);
	r = sanitize_html_path(&fast, html, "https://fuzz.example/a/", SANITIZE_FAST);
	if (r == 0) {
		if (sanitize_html_path(&slow, html, "https://fuzz.example/a/", SANITIZE_LIBXML2) !=
		    0)
			abort();
		if (fast.len != slow.len || memcmp(fast.data, slow.data, fast.len) != 0)
			abort();
	} else if (r != 1 || fast.len != 0) {
		abort();
	}
	buf_release(&fast);
	buf_release(&slow);
	free(html);
	return 0;
}
