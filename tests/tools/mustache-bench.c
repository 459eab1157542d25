/*
 * mustache-bench.c - render a story of N posts through the Mustache engine
 * to stdout, the posts coming one at a time from a mustache_stream as the
 * render command supplies them. For bench/mustache.sh.
 *
 * usage: mustache-bench N
 */
#include <stdio.h>
#include <stdlib.h>

#include "mustache.h"
#include "util.h"

static const char story[] =
    "<!doctype html>\n<html lang=\"{{lang}}\">\n<head><title>{{title}}</title></head>\n<body>\n"
    "<h1>{{title}}</h1>\n"
    "{{#items}}\n"
    "  {{>post}}\n"
    "{{/items}}\n"
    "</body>\n</html>\n";

static const char post[] =
    "<article class=\"post\" id=\"item-{{id}}\">\n"
    "  <header>\n"
    "    <a class=\"author\" href=\"{{author_url}}\">{{author}}</a>\n"
    "    <a class=\"time\" href=\"{{url}}\"><time datetime=\"{{published}}\">{{local_time}}</time></a>\n"
    "  </header>\n"
    "  {{#cw}}<details><summary>{{cw}}</summary>{{/cw}}\n"
    "  <div class=\"content\">{{{html}}}</div>\n"
    "  {{#cw}}</details>{{/cw}}\n"
    "  {{#caption}}<p class=\"caption\">{{caption}}</p>{{/caption}}\n"
    "</article>\n";

static char *
partial(void *arg, const char *name, char **label)
{
	(void)arg;
	(void)label;
	return str_eq(name, "post") ? xstrdup(post) : NULL;
}

struct items {
	size_t n;
};

static int
next(void *arg, size_t i, struct mustache_item *item, struct err *e)
{
	const struct items *it = arg;
	char url[96], html[256];

	(void)e;
	if (i >= it->n)
		return 0;
	snprintf(url, sizeof url, "https://example.social/@alice/%zu", 100000 + i);
	snprintf(html, sizeof html,
	    "<p>Post number %zu about <a href=\"https://example.org/\" rel=\"nofollow noopener ugc\">"
	    "the talk</a> &amp; what came after it, with <em>emphasis</em>.</p>",
	    i);
	item->json = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?}", "id",
	    (json_int_t)i, "author", "Alice <Example>", "author_url",
	    "https://example.social/@alice", "url", url, "published", "2026-02-01T09:00:00Z",
	    "local_time", "1 Feb 2026, 10:00", "html", html, "cw", i % 10 == 0 ? "spoilers" : NULL,
	    "caption", i % 3 == 0 ? "A caption with \"quotes\" & ampersands" : NULL);
	return 1;
}

static int
write_out(void *arg, const char *s, size_t n)
{
	return fwrite(s, 1, n, arg) == n ? 0 : -1;
}

int
main(int argc, char **argv)
{
	struct items it = {argc > 1 ? strtoul(argv[1], NULL, 10) : 1000};
	struct mustache_stream st = {"items", next, &it};
	struct mustache_render_opts opts = {partial, NULL, &st, 1, 1};
	struct mustache_template *t;
	json_t *data = json_pack("{s:s, s:s}", "lang", "en", "title", "A story");
	struct err e;
	int rc;

	if (mustache_compile("story", story, &t, &e) == -1) {
		fprintf(stderr, "mustache-bench: %s\n", e.msg);
		return 1;
	}
	rc = mustache_render(t, data, &opts, write_out, stdout, &e);
	if (rc == -1)
		fprintf(stderr, "mustache-bench: %s\n", e.msg);
	mustache_free(t);
	json_decref(data);
	return rc == 0 && fflush(stdout) == 0 ? 0 : 1;
}
