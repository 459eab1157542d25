/*
 * pending.c - TEMPORARY stand-ins for the Mustache engine (branch
 * mustache) and the sanitizer (branch sanitize), so that this branch
 * builds and its other parts can be tested before they are merged.
 * Removed by the merges. The sanitizer stand-in escapes everything; the
 * engine stand-in refuses every template.
 */
#include <string.h>

#include "mustache.h"
#include "sanitize.h"

int
mustache_compile(const char *name, const char *text, struct mustache_template **out,
    struct err *e)
{
	(void)text;
	*out = NULL;
	return err_set(e, ERR_FAIL, "%s: the Mustache engine is not merged yet", name);
}

void
mustache_free(struct mustache_template *t)
{
	(void)t;
}

int
mustache_render(const struct mustache_template *t, json_t *data,
    const struct mustache_render_opts *opts, mustache_write_fn write, void *warg, struct err *e)
{
	(void)t, (void)data, (void)opts, (void)write, (void)warg;
	return err_set(e, ERR_FAIL, "the Mustache engine is not merged yet");
}

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
