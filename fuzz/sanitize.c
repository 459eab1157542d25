/* sanitize.c - libFuzzer target: any bytes through the HTML sanitizer. */
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t n);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	struct buf in, out;

	buf_init(&in, BUF_NOLIMIT);
	buf_init(&out, BUF_NOLIMIT);
	utf8_sanitize(&in, (const char *)data, n);
	sanitize_html(&out, in.data, "https://fuzz.example/post");
	/* Nothing executable may survive. */
	if (strstr(out.data, "<script") != NULL || strstr(out.data, "href=\"javascript") != NULL)
		abort();
	buf_release(&in);
	buf_release(&out);
	return 0;
}
