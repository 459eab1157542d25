/*
 * items.c - the story one item at a time, each as the html format writes
 * it (the same model and the same post.html template), for the editor,
 * which shows the story as it will read; and the story's stylesheet.
 */
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "internal.h"
#include "markdown.h"
#include "mustache.h"

/* story.html.mustache's item section, without the list around it. */
static const char item_template[] =
    "{{#heading}}<h{{level}} class=\"st-heading\" id=\"{{anchor}}\">{{{html}}}</h{{level}}>"
    "{{/heading}}"
    "{{#note}}<div class=\"st-note\" id=\"{{anchor}}\">\n{{{html}}}</div>{{/note}}"
    "{{#post}}{{> post.html}}{{/post}}";

static int
buf_write(void *arg, const char *s, size_t n)
{
	return buf_add(arg, s, n);
}

static char *
builtin_partial(void *arg, const char *name, char **label)
{
	const struct embedded_file *f;
	char *file = xasprintf("%s.mustache", name);

	(void)arg;
	(void)label;
	f = embedded_find(file);
	free(file);
	return f ? xstrdup(f->data) : NULL;
}

int
render_items_html(
    struct store *s, const struct project *p, render_item_fn fn, void *arg, struct err *e)
{
	struct render_options opt = {.format = RENDER_HTML};
	struct mustache_render_opts mo = {builtin_partial, NULL, NULL, 0, 1};
	struct mustache_template *t = NULL;
	struct story_item it;
	struct render_ctx c;
	struct buf html;
	int r = -1, more, began = 0;

	memset(&c, 0, sizeof c);
	c.store = s;
	c.project = p;
	c.opt = &opt;
	render_ctx_ids(&c);
	buf_init(&c.scratch, BUF_NOLIMIT);
	buf_init(&html, BUF_NOLIMIT);
	if (mustache_compile("story item", item_template, &t, e) == -1)
		goto out;
	if (!store_in_transaction(s)) {
		if (store_read_begin(s, e) == -1)
			goto out;
		began = 1;
	}
	if (store_story_open(s, STORY_ALL, &c.items, e) == -1)
		goto out;
	while ((more = store_story_next(c.items, &it, e)) == 1) {
		json_t *data = render_item_data(&c, &it);
		int stop;

		buf_reset(&html);
		if (mustache_render(t, data, &mo, buf_write, &html, e) == -1) {
			json_decref(data);
			goto out;
		}
		stop = fn(arg, data, html.data, html.len);
		json_decref(data);
		if (stop) {
			r = 0;
			goto out;
		}
	}
	r = more == 0 ? 0 : -1;
out:
	store_story_close(c.items);
	if (began)
		store_rollback(s);
	mustache_free(t);
	buf_release(&c.scratch);
	buf_release(&html);
	return r;
}

int
render_stylesheet(struct buf *out, struct err *e)
{
	struct mustache_render_opts mo = {builtin_partial, NULL, NULL, 0, 1};
	const struct embedded_file *f = embedded_find("embed.css.mustache");
	json_t *data = json_object();
	int r;

	if (f == NULL) {
		json_decref(data);
		return err_set(e, ERR_FAIL, "no template embed.css.mustache");
	}
	r = mustache_render_string("embed.css.mustache", f->data, data, &mo, out, e);
	json_decref(data);
	return r;
}

int
render_markdown_preview(struct buf *out, const char *md, int inline_only)
{
	return inline_only ? markdown_inline_html(out, md) : markdown_html(out, md);
}
