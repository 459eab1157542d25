/*
 * sanitize.c - libFuzzer target for the HTML sanitizer (make fuzz).
 *
 * Any input, any base: the output must be valid UTF-8, well-formed XML
 * (every element closed, only XML's five escapes), free of comments and
 * processing instructions, and sanitize to itself. Seed it with the
 * fixture inputs: build/fuzz/sanitize CORPUS_DIR tests/fixtures/sanitize
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out, again, wrapped;
	char *html;
	const char *base = NULL;
	xmlDocPtr doc;

	xmlSetGenericErrorFunc(NULL, quiet);
	/* A first byte of 'B' fuzzes with a base URL. */
	if (size > 0 && data[0] == 'B')
		base = "https://example.com/dir/page";
	html = xstrndup((const char *)data, size);
	buf_init(&out, BUF_NOLIMIT);
	buf_init(&again, BUF_NOLIMIT);
	buf_init(&wrapped, BUF_NOLIMIT);
	if (sanitize_html(&out, html, base) == -1)
		abort();
	if (!utf8_valid(out.data, out.len))
		abort();
	buf_printf(&wrapped, "<r>%s</r>", out.data);
	doc = xmlReadMemory(wrapped.data, (int)wrapped.len, NULL, "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
	if (doc == NULL)
		abort();
	xmlFreeDoc(doc);
	if (strstr(out.data, "<!") || strstr(out.data, "<?"))
		abort();
	if (sanitize_html(&again, out.data, base) == -1 || strcmp(again.data, out.data) != 0)
		abort();
	buf_release(&out);
	buf_release(&again);
	buf_release(&wrapped);
	free(html);
	return 0;
}
