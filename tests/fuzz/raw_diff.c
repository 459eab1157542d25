/*
 * raw_diff.c - libFuzzer target: any bytes as a feed; each item's raw
 * text, read alone, must be the same XML as the item libxml2's tree parser
 * reads in the whole document (tests/unit/raw_diff.h).
 */
#include <stdlib.h>
#include <string.h>

#include "../unit/raw_diff.h"

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
	struct raw_diff d;
	char declared[32];

	xmlSetGenericErrorFunc(NULL, quiet);
	if (size > (1u << 20))
		return 0;
	/* UTF-8 only: how other encodings are guessed is not the serializer's affair. */
	raw_diff_declared((const char *)data, size, declared, sizeof declared);
	if (!utf8_valid((const char *)data, size) ||
	    (declared[0] && strcmp(declared, "utf-8") != 0))
		return 0;
	if (raw_diff_check(&d, (const char *)data, size) < 0)
		abort();
	return 0;
}
