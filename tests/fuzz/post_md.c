/*
 * post_md.c - libFuzzer target for a post's HTML written as Markdown (make fuzz).
 *
 * Any input, read as stored sanitized HTML (a project file may hold
 * anything) and as the sanitizer makes it: the Markdown must be valid
 * UTF-8 and hold no raw HTML, every '<' in it escaped ("\<", or "&lt;" for
 * Hugo) or opening an http(s) autolink. A first byte of 'H' writes it for
 * Hugo. Seed it with the sanitizer's fixtures:
 * build/fuzz/post_md CORPUS_DIR tests/fixtures/sanitize
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "render/internal.h"
#include "sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void
check(struct render_ctx *c, const char *html)
{
	struct buf md;

	buf_init(&md, BUF_NOLIMIT);
	render_post_md(c, &md, html);
	if (md.len > 0 && !utf8_valid(md.data, md.len))
		abort();
	for (const char *p = md.data ? strchr(md.data, '<') : NULL; p; p = strchr(p + 1, '<')) {
		if (p > md.data && p[-1] == '\\')
			continue;
		if (!str_casestartswith(p, "<http://") && !str_casestartswith(p, "<https://"))
			abort();
		/* An autolink holds no blank, '<' or '>' before its '>'. */
		p += strcspn(p + 1, " \t\n<>") + 1;
		if (*p != '>')
			abort();
	}
	buf_release(&md);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct render_options opt;
	struct render_ctx c;
	struct buf safe;
	char *html;

	xmlSetGenericErrorFunc(NULL, quiet);
	memset(&opt, 0, sizeof opt);
	memset(&c, 0, sizeof c);
	opt.format = RENDER_MD;
	opt.target = size > 0 && data[0] == 'H' ? RENDER_FOR_HUGO : RENDER_FOR_NONE;
	c.opt = &opt;
	c.media = RENDER_MEDIA_REMOTE;
	buf_init(&c.scratch, BUF_NOLIMIT);
	html = xstrndup((const char *)data, size);
	buf_init(&safe, BUF_NOLIMIT);
	check(&c, html);
	if (sanitize_html(&safe, html, "https://example.com/dir/page") == 0)
		check(&c, safe.data ? safe.data : "");
	buf_release(&safe);
	buf_release(&c.scratch);
	free(html);
	return 0;
}
