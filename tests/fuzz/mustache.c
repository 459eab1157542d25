/* mustache.c - libFuzzer target: any template compiled and rendered. */
#include <stdlib.h>

#include "mustache.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t n);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	json_t *ctx = json_pack(
	    "{s:s,s:[{s:i},{s:i}],s:b}", "name", "<b>&", "items", "n", 1, "n", 2, "flag", 1);
	struct buf text, out;
	struct err e;

	buf_init(&text, BUF_NOLIMIT);
	buf_init(&out, 1 << 20);
	buf_add(&text, data, n);
	mustache_render_string("fuzz", text.data, ctx, NULL, &out, &e);
	buf_release(&text);
	buf_release(&out);
	json_decref(ctx);
	return 0;
}
