/*
 * render.c - turning the story into output: the template formats (html,
 * embed, md) through the Mustache engine, json through json.c.
 *
 * Nothing is built whole: the template's `items`, `toc` and `sources`
 * sections are streams the engine pulls one element at a time from
 * cursors over the project file, and output goes straight to the FILE.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "internal.h"
#include "markdown.h"
#include "mustache.h"

int
render_format_parse(const char *name, enum render_format *out)
{
	static const struct {
		const char *name;
		enum render_format format;
	} formats[] = {
	    {"html", RENDER_HTML},
	    {"embed", RENDER_EMBED},
	    {"md", RENDER_MD},
	    {"markdown", RENDER_MD},
	    {"json", RENDER_JSON},
	};

	for (size_t i = 0; i < ARRAY_LEN(formats); i++) {
		if (strcmp(name, formats[i].name) == 0) {
			*out = formats[i].format;
			return 0;
		}
	}
	return -1;
}

int
render_write(struct render_ctx *c, const char *s, size_t n, struct err *e)
{
	if (n > 0 && fwrite(s, 1, n, c->out) != n)
		return err_set(e, ERR_FAIL, "writing the output: %s", strerror(errno));
	return 0;
}

/*
 * --for jekyll|hugo: the last word on what reaches the generator, after
 * every template (the user's own too), outside the front matter (YAML
 * data, which neither generator expands). Jekyll runs Liquid over the
 * page before Markdown: each "{{" or "{%" becomes a Liquid expression
 * that prints it, {{ "{{" }}, which reads right in code spans too. Hugo
 * expands shortcodes, "{{<" and "{{%": the second brace is
 * backslash-escaped, which Markdown reads as the brace. Braces are held
 * back across writes, so a split "{" "{" is seen whole. In code, where
 * Markdown has no escape, markdown.c writes Hugo's own, a shortcode
 * comment, marked by MARKDOWN_HUGO_COMMENT: that comment goes through as
 * it is, up to its closer, as Hugo reads it (nothing runs inside).
 */
static void sitegen_byte(struct render_ctx *c, char ch);

/* --for hugo, a byte in or at a shortcode comment: 1 when taken. */
static int
sitegen_comment(struct render_ctx *c, char ch)
{
	struct buf *o = &c->sg_out;
	char hold[sizeof c->sg_hold];
	size_t n;

	if (c->sg_comment) {
		if (ch == MARKDOWN_HUGO_COMMENT)
			return 1;
		buf_addc(o, ch);
		memmove(c->sg_close, c->sg_close + 1, sizeof c->sg_close - 1);
		c->sg_close[sizeof c->sg_close - 1] = ch;
		if (c->sg_nclose < sizeof c->sg_close)
			c->sg_nclose++;
		/* Hugo's closer: star, slash, the kind, "}}" (after the opener's own
		 * slash and star, which sg_close does not hold). */
		if (c->sg_nclose == sizeof c->sg_close && memcmp(c->sg_close, "*/", 2) == 0 &&
		    c->sg_close[2] == (c->sg_comment == '<' ? '>' : '%') &&
		    memcmp(c->sg_close + 3, "}}", 2) == 0)
			c->sg_comment = 0;
		return 1;
	}
	if (!c->sg_trust) {
		if (ch != MARKDOWN_HUGO_COMMENT)
			return 0;
		c->sg_trust = 1;
		c->sg_nhold = 0;
		return 1;
	}
	/* After the mark: "{{", '<' or '%', a slash and a star; else it was none. */
	if (c->sg_nhold == 2 ? ch == '<' || ch == '%' : ch == "{{?/*"[c->sg_nhold]) {
		c->sg_hold[c->sg_nhold++] = ch;
		if (c->sg_nhold == sizeof c->sg_hold) {
			/* Braces held before it go as they are: Hugo finds the
			 * opener after them ("{{{<" is a brace and an opener). */
			buf_add(o, "{{", (size_t)c->sg_pending);
			c->sg_pending = 0;
			buf_add(o, c->sg_hold, sizeof c->sg_hold);
			c->sg_trust = 0;
			c->sg_comment = c->sg_hold[2];
			c->sg_nclose = 0;
		}
		return 1;
	}
	n = c->sg_nhold;
	memcpy(hold, c->sg_hold, n);
	c->sg_trust = 0;
	for (size_t i = 0; i < n; i++)
		sitegen_byte(c, hold[i]);
	sitegen_byte(c, ch);
	return 1;
}

static void
sitegen_byte(struct render_ctx *c, char ch)
{
	struct buf *o = &c->sg_out;
	int jekyll = c->opt->target == RENDER_FOR_JEKYLL;

	if (c->sg_front) {
		buf_addc(o, ch);
		memmove(c->sg_tail, c->sg_tail + 1, sizeof c->sg_tail - 1);
		c->sg_tail[sizeof c->sg_tail - 1] = ch;
		if (++c->sg_seen == 4 && memcmp(c->sg_tail + 1, "---\n", 4) != 0)
			c->sg_front = 0; /* a template without front matter */
		else if (c->sg_seen > 7 && memcmp(c->sg_tail, "\n---\n", 5) == 0)
			c->sg_front = 0;
		return;
	}
	if (!jekyll && sitegen_comment(c, ch))
		return;
	if (c->sg_pending == 0) {
		if (ch == '{')
			c->sg_pending = 1;
		else
			buf_addc(o, ch);
	} else if (jekyll) {
		c->sg_pending = 0;
		if (ch == '{')
			buf_adds(o, "{{ \"{{\" }}");
		else if (ch == '%')
			buf_adds(o, "{{ \"{%\" }}");
		else if (buf_addc(o, '{') == 0)
			sitegen_byte(c, ch);
	} else if (c->sg_pending == 1) {
		if (ch == '{') {
			c->sg_pending = 2;
		} else {
			c->sg_pending = 0;
			buf_addc(o, '{');
			buf_addc(o, ch);
		}
	} else if (ch == '<' || ch == '%') {
		c->sg_pending = 0;
		buf_adds(o, "{\\{");
		buf_addc(o, ch);
	} else if (ch == '{') {
		buf_addc(o, '{');
	} else {
		c->sg_pending = 0;
		buf_adds(o, "{{");
		buf_addc(o, ch);
	}
}

static int
sitegen_flush(struct render_ctx *c, int end)
{
	if (end && c->sg_trust) {
		/* A mark with no opener after it: the bytes are text. */
		size_t n = c->sg_nhold;

		c->sg_trust = 0;
		for (size_t i = 0; i < n; i++)
			sitegen_byte(c, c->sg_hold[i]);
	}
	if (end && c->sg_comment) {
		/* markdown.c shuts each comment it opens; should one stay open
		 * (a template cut it), shut it where nothing shows. */
		char closer[4] = {c->sg_comment == '<' ? '>' : '%', '}', '}', '\0'};

		buf_adds(&c->sg_out, "\n\n" MARKDOWN_HUGO_COMMENT_END);
		buf_adds(&c->sg_out, closer);
		buf_addc(&c->sg_out, '\n');
		c->sg_comment = 0;
	}
	if (end && c->sg_pending)
		buf_add(&c->sg_out, "{{", (size_t)c->sg_pending);
	if (end)
		c->sg_pending = 0;
	if (c->sg_out.len > 0 && fwrite(c->sg_out.data, 1, c->sg_out.len, c->out) != c->sg_out.len)
		return -1;
	buf_reset(&c->sg_out);
	return 0;
}

static int
template_write(void *arg, const char *s, size_t n)
{
	struct render_ctx *c = arg;

	if (c->opt->target != RENDER_FOR_NONE && c->opt->format == RENDER_MD) {
		for (size_t i = 0; i < n; i++)
			sitegen_byte(c, s[i]);
		return sitegen_flush(c, 0);
	}
	return n > 0 && fwrite(s, 1, n, c->out) != n ? -1 : 0;
}

/* The whole of a file, or NULL when it cannot be read (errno set). */
static char *
read_file(const char *path)
{
	struct buf b;
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return NULL;
	buf_init(&b, BUF_NOLIMIT);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		fclose(f);
		buf_release(&b);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	return buf_detach(&b);
}

/*
 * The text of template `file` ("story.html.mustache"): the file of that
 * name in the templates directory when there is one, else the built-in.
 * *label names it in errors (the path, or the built-in's name); the caller
 * frees both. NULL when neither exists.
 */
static char *
template_text(const struct render_options *opt, const char *file, char **label)
{
	const struct embedded_file *builtin;

	*label = NULL;
	if (opt->templates_dir != NULL && strchr(file, '/') == NULL) {
		char *path = xasprintf("%s/%s", opt->templates_dir, file);
		char *text = read_file(path);

		if (text != NULL) {
			*label = path;
			return text;
		}
		free(path);
	}
	/* Only templates: schema.sql is compiled in too. */
	if (strstr(file, ".mustache") == NULL || (builtin = embedded_find(file)) == NULL)
		return NULL;
	*label = xstrdup(file);
	return xstrdup(builtin->data);
}

/* {{> NAME}} is the file NAME.mustache, overridable like the others. */
static char *
template_partial(void *arg, const char *name, char **label)
{
	struct render_ctx *c = arg;
	char *file = xasprintf("%s.mustache", name), *text;

	text = template_text(c->opt, file, label);
	free(file);
	return text;
}

static void
name_add(void *arg, const char *name)
{
	int added;

	str_index_get(arg, name, &added);
}

/* c->skip: the fields template t and its partials never name. */
static void
render_skips_of(struct render_ctx *c, const struct mustache_template *t)
{
	static const char *const published[] = {
	    "published", "published_local", "published_date", "published_time", "published_zone"};
	static const char *const updated[] = {
	    "updated", "updated_local", "updated_date", "updated_time", "updated_zone"};
	struct str_index w = {NULL, 0, 0};

	if (mustache_names(t, template_partial, c, name_add, &w) == 0) {
		c->skip.guid = str_index_find(&w, "guid") == NULL;
		c->skip.text = str_index_find(&w, "text") == NULL;
		c->skip.tags = str_index_find(&w, "tags") == NULL;
		c->skip.source = str_index_find(&w, "source") == NULL;
		c->skip.caption = str_index_find(&w, "caption") == NULL;
		for (size_t i = 0; i < 5; i++) {
			c->skip.published[i] = str_index_find(&w, published[i]) == NULL;
			c->skip.updated[i] = str_index_find(&w, updated[i]) == NULL;
		}
	} /* else (a partial that does not compile) every field */
	str_index_free(&w);
}

static int
stream_items(void *arg, size_t i, struct mustache_item *item, struct err *e)
{
	struct render_ctx *c = arg;
	struct story_item it;
	int r;

	if (i == 0)
		store_story_rewind(c->items);
	if ((r = store_story_next(c->items, &it, e)) != 1)
		return r;
	mt_reset(&c->items_tree);
	item->tree = &c->items_tree;
	item->node = render_item_tree(c, &c->items_tree, &it);
	return 1;
}

static int
stream_toc(void *arg, size_t i, struct mustache_item *item, struct err *e)
{
	struct render_ctx *c = arg;
	struct story_item it;
	int r;

	if (i == 0)
		store_story_rewind(c->toc);
	if ((r = store_story_next(c->toc, &it, e)) != 1)
		return r;
	mt_reset(&c->toc_tree);
	item->tree = &c->toc_tree;
	item->node = render_item_tree(c, &c->toc_tree, &it);
	return 1;
}

static int
stream_sources(void *arg, size_t i, struct mustache_item *item, struct err *e)
{
	struct render_ctx *c = arg;

	(void)e;
	if (i >= c->digest.nsources)
		return 0;
	item->json = render_source_data(c, &c->digest.sources[i], i);
	return 1;
}

static int
render_template(struct render_ctx *c, struct err *e)
{
	static const char *const mains[] = {
	    [RENDER_HTML] = "story.html.mustache",
	    [RENDER_EMBED] = "story.embed.mustache",
	    [RENDER_MD] = "story.md.mustache",
	};
	const struct mustache_stream streams[] = {
	    {"items", stream_items, c},
	    {"toc", stream_toc, c},
	    {"sources", stream_sources, c},
	};
	struct mustache_render_opts mo = {template_partial, c, streams, ARRAY_LEN(streams), 1};
	struct mustache_template *t = NULL;
	char *label = NULL, *text;
	json_t *data = NULL;
	int status = -1;

	if ((text = template_text(c->opt, mains[c->opt->format], &label)) == NULL)
		return err_set(e, ERR_FAIL, "no template %s", mains[c->opt->format]);
	if (mustache_compile(label, text, &t, e) == -1)
		goto out;
	render_skips_of(c, t);
	if ((data = render_story_data(c, e)) == NULL || render_stats_add(c, data, e) == -1)
		goto out;
	c->sg_front = c->opt->front_matter;
	if (mustache_render(t, data, &mo, template_write, c, e) == -1 ||
	    sitegen_flush(c, 1) == -1) {
		if (ferror(c->out))
			err_set(e, ERR_FAIL, "writing the output: %s", strerror(errno));
		goto out;
	}
	status = 0;
out:
	json_decref(data);
	mustache_free(t);
	free(text);
	free(label);
	return status;
}

int
render_story(struct store *s, const struct project *p, const struct render_options *opt, FILE *out,
    struct err *e)
{
	struct render_ctx c;
	int status = -1;

	memset(&c, 0, sizeof c);
	c.store = s;
	c.project = p;
	c.opt = opt;
	c.out = out;
	render_ctx_ids(&c);
	buf_init(&c.scratch, BUF_NOLIMIT);
	mt_init(&c.items_tree);
	mt_init(&c.toc_tree);
	err_clear(&c.media_err);
	c.media = opt->media != RENDER_MEDIA_AUTO ? opt->media
	    : opt->format == RENDER_HTML          ? RENDER_MEDIA_DATA
	                                          : RENDER_MEDIA_REMOTE;
	if (c.media == RENDER_MEDIA_DIR && (opt->media_dir == NULL || opt->media_href == NULL))
		c.media = RENDER_MEDIA_DATA;
	buf_init(&c.sg_out, BUF_NOLIMIT);
	if (!store_in_transaction(s) && store_read_begin(s, e) == -1)
		goto out;
	if (store_story_open(s, STORY_ALL, &c.items, e) == -1 ||
	    store_story_open(s, STORY_HEADINGS, &c.toc, e) == -1 ||
	    store_story_digest(s, p, opt->no_stats ? NULL : &c.stats, &c.digest, e) == -1)
		goto out;
	c.has_stats = !opt->no_stats;
	if (opt->format == RENDER_JSON)
		status = render_json(&c, e);
	else
		status = render_template(&c, e);
	if (status == 0 && c.media_err.code != ERR_NONE) {
		*e = c.media_err;
		status = -1;
	}
	if (status == 0 && fflush(out) == EOF)
		status = err_set(e, ERR_FAIL, "writing the output: %s", strerror(errno));
out:
	for (size_t i = 0; i < ARRAY_LEN(c.srcs); i++)
		json_decref(c.srcs[i].src);
	store_story_close(c.items);
	store_story_close(c.toc);
	story_digest_release(&c.digest);
	if (c.has_stats)
		stats_release(&c.stats);
	buf_release(&c.scratch);
	buf_release(&c.sg_out);
	mt_release(&c.items_tree);
	mt_release(&c.toc_tree);
	return status;
}
