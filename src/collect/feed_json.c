/*
 * feed_json.c - JSON Feed 1.0 and 1.1 with jansson.
 *
 * jansson reads whole documents only, so the feed is streamed by a small
 * scanner that finds where each top-level member -- and each element of
 * "items" -- begins and ends (strings and nesting respected), and jansson
 * reads that one value: memory holds one item at a time, whatever the
 * feed's size. The scanner decides nothing about validity; jansson does,
 * on every value. Items that come before "version" in the document wait
 * until the end (the feed must be known to be a JSON Feed first); one
 * value is capped at JSON_MAX_VALUE. Item fields: id, url (external_url as a
 * fallback), title, content_html / content_text, summary, date_published /
 * date_modified, author (1.0) / authors (1.1, the first), tags, language
 * (1.1; the feed's as a fallback), attachments (url, mime_type, title as
 * alt text), image. The raw item is the item's JSON dumped compactly.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "feed_internal.h"

#define JSON_MAX_VALUE (64u << 20)

/* A window on the input: bytes [pos, len) of buf are unread. */
struct jstream {
	struct feed_input *in;
	char *buf;
	size_t pos, len, cap;
	int eof;
	int line; /* line of buf[pos] */
};

/* Makes at least n bytes available from pos, or as many as remain. */
static int
js_need(struct jstream *js, size_t n)
{
	while (js->len - js->pos < n && !js->eof) {
		long r;

		if (js->pos > 0 && js->pos >= js->len / 2) {
			memmove(js->buf, js->buf + js->pos, js->len - js->pos);
			js->len -= js->pos;
			js->pos = 0;
		}
		if (js->cap - js->len < 65536) {
			js->cap = js->cap ? js->cap * 2 : 131072;
			js->buf = xrealloc(js->buf, js->cap);
		}
		if ((r = feed_input_read(js->in, js->buf + js->len, js->cap - js->len)) < 0)
			return -1;
		if (r == 0)
			js->eof = 1;
		js->len += (size_t)r;
	}
	return 0;
}

static void
js_advance(struct jstream *js, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (js->buf[js->pos + i] == '\n')
			js->line++;
	js->pos += n;
}

/* The next significant character (not consumed), or -1 at the end. */
static int
js_peek(struct jstream *js)
{
	for (;;) {
		if (js_need(js, 1) == -1 || js->pos == js->len)
			return -1;
		switch (js->buf[js->pos]) {
		case ' ':
		case '\t':
		case '\r':
		case '\n':
			js_advance(js, 1);
			break;
		default:
			return (unsigned char)js->buf[js->pos];
		}
	}
}

/*
 * The length of the value at pos: a string, an object or array (nesting
 * and strings followed), or a scalar. 0 when it does not end before the
 * input does or exceeds JSON_MAX_VALUE.
 */
static size_t
js_extent(struct jstream *js)
{
	size_t i = 0;
	int depth = 0, instr = 0;

	for (;;) {
		char ch;

		if (i >= JSON_MAX_VALUE || js_need(js, i + 1) == -1 || js->pos + i >= js->len)
			return 0;
		ch = js->buf[js->pos + i];
		if (instr) {
			if (ch == '\\')
				i++;
			else if (ch == '"' && --instr == 0 && depth == 0)
				return i + 1;
			i++;
			continue;
		}
		switch (ch) {
		case '"':
			instr = 1;
			break;
		case '{':
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			if (depth == 0)
				return i; /* a scalar ends here */
			if (--depth == 0)
				return i + 1;
			break;
		case ',':
		case ' ':
		case '\t':
		case '\r':
		case '\n':
			if (depth == 0)
				return i;
			break;
		default:
			break;
		}
		i++;
	}
}

/* Reads the value at pos with jansson. Returns it (caller decrefs) or NULL. */
static json_t *
js_value(struct jstream *js, struct feed_ctx *c)
{
	size_t n;
	json_error_t je;
	json_t *v;

	js_peek(js);
	n = js_extent(js);
	if (n == 0) {
		if (js->in->error)
			err_set(
			    c->e, ERR_FAIL, "cannot read the feed: %s", strerror(js->in->error));
		else if (js->len - js->pos >= JSON_MAX_VALUE)
			err_set(c->e, ERR_FAIL, "JSON error at line %d: value over %u MiB",
			    js->line, JSON_MAX_VALUE >> 20);
		else if (js->pos < js->len)
			err_set(c->e, ERR_FAIL, "JSON error at line %d: value expected near '%c'",
			    js->line, js->buf[js->pos]);
		else
			err_set(c->e, ERR_FAIL, "JSON error at line %d: unexpected end of input",
			    js->line);
		return NULL;
	}
	v = json_loadb(js->buf + js->pos, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	if (v == NULL) {
		err_set(
		    c->e, ERR_FAIL, "JSON error at line %d: %s", js->line + je.line - 1, je.text);
		return NULL;
	}
	js_advance(js, n);
	return v;
}

static int
js_expect(struct jstream *js, struct feed_ctx *c, int ch)
{
	int got = js_peek(js);

	if (got == ch) {
		js_advance(js, 1);
		return 0;
	}
	if (js->in->error)
		return err_set(c->e, ERR_FAIL, "cannot read the feed: %s", strerror(js->in->error));
	if (got == -1)
		return err_set(
		    c->e, ERR_FAIL, "JSON error at line %d: unexpected end of input", js->line);
	return err_set(
	    c->e, ERR_FAIL, "JSON error at line %d: '%c' expected near '%c'", js->line, ch, got);
}

static const char *
str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);

	return s && *s ? s : NULL;
}

static char *
dup_capped(const char *s, size_t max)
{
	size_t n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	return xstrndup(s, n > max ? max : n);
}

static void
person(const json_t *a, const char *base, struct incoming_post *it)
{
	if (!json_is_object(a))
		return;
	if (it->author_name == NULL && str(a, "name"))
		it->author_name = xstrdup(str(a, "name"));
	if (it->author_url == NULL && str(a, "url"))
		it->author_url = feed_resolve(base, str(a, "url"));
	if (it->author_avatar == NULL && str(a, "avatar"))
		it->author_avatar = feed_resolve(base, str(a, "avatar"));
}

static void
json_date(const json_t *o, const char *key, int *has, int64_t *t, char **text)
{
	const char *s = str(o, key);

	if (s == NULL)
		return;
	if (feed_date_parse(s, t) == 0)
		*has = 1;
	else if (text && *text == NULL)
		*text = xstrdup(s);
}

static int
json_item(struct feed_ctx *c, const json_t *o, const json_t *feed, const char *base)
{
	struct incoming_post it;
	const json_t *v, *tags, *att;
	size_t i;
	char *raw;

	memset(&it, 0, sizeof it);
	v = json_object_get(o, "id");
	if (json_is_string(v) && *json_string_value(v))
		it.guid = xstrdup(json_string_value(v));
	else if (json_is_integer(v))
		it.guid = xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	if (str(o, "url"))
		it.permalink = feed_resolve(base, str(o, "url"));
	else if (str(o, "external_url"))
		it.permalink = feed_resolve(base, str(o, "external_url"));
	if (str(o, "title")) {
		it.title = str_trim(xstrdup(str(o, "title")));
		if (*it.title == '\0') {
			free(it.title);
			it.title = NULL;
		}
	}
	if (str(o, "content_html"))
		it.content_html = dup_capped(str(o, "content_html"), c->max_text);
	/* The plain text comes from the HTML (feed_emit), folded like any other. */
	if (it.content_html == NULL && str(o, "content_text")) {
		char *t = dup_capped(str(o, "content_text"), c->max_text);

		it.content_html = incoming_text_to_html(t);
		free(t);
	}
	if (it.content_html == NULL && str(o, "summary"))
		it.content_html = incoming_text_to_html(str(o, "summary"));
	json_date(o, "date_published", &it.has_published, &it.published, &it.date_text);
	json_date(o, "date_modified", &it.has_updated, &it.updated, NULL);
	if (!it.has_published && it.date_text == NULL && it.has_updated) {
		it.has_published = 1;
		it.published = it.updated;
	}
	person(json_object_get(o, "author"), base, &it);
	v = json_object_get(o, "authors");
	if (json_is_array(v))
		person(json_array_get(v, 0), base, &it);
	if (it.author_name == NULL && it.author_url == NULL) {
		person(json_object_get(feed, "author"), base, &it);
		v = json_object_get(feed, "authors");
		if (json_is_array(v))
			person(json_array_get(v, 0), base, &it);
	}
	if (str(o, "language"))
		it.language = xstrdup(str(o, "language"));
	tags = json_object_get(o, "tags");
	json_array_foreach(tags, i, v) if (json_is_string(v))
	    incoming_add_category(&it, json_string_value(v));
	att = json_object_get(o, "attachments");
	json_array_foreach(att, i, v)
	{
		struct incoming_media *m;
		char *url;

		if (!json_is_object(v) || str(v, "url") == NULL)
			continue;
		url = feed_resolve(base, str(v, "url"));
		m = incoming_add_media(&it, url);
		free(url);
		if (m == NULL)
			continue;
		if (m->type == NULL && str(v, "mime_type")) {
			m->type = xstrdup(str(v, "mime_type"));
			free(m->medium);
			m->medium = NULL;
			if (str_casestartswith(m->type, "image/"))
				m->medium = xstrdup("image");
			else if (str_casestartswith(m->type, "video/"))
				m->medium = xstrdup("video");
			else if (str_casestartswith(m->type, "audio/"))
				m->medium = xstrdup("audio");
		}
		if (m->alt == NULL && str(v, "title"))
			m->alt = xstrdup(str(v, "title"));
	}
	if (str(o, "image")) {
		char *url = feed_resolve(base, str(o, "image"));
		struct incoming_media *m = incoming_add_media(&it, url);

		free(url);
		if (m && m->medium == NULL)
			m->medium = xstrdup("image");
	}
	raw = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (raw) {
		it.raw = xstrdup(raw);
		free(raw);
	}
	return feed_emit(c, &it);
}

static int
is_jsonfeed(const json_t *feed)
{
	const char *v = str(feed, "version");

	return v && str_startswith(v, "https://jsonfeed.org/version/");
}

/* Feed-level fields, once the members before "items" are known. */
static void
feed_fields(struct feed_ctx *c, const json_t *feed, char **home)
{
	if (c->info->title == NULL && str(feed, "title"))
		c->info->title = feed_clean(str(feed, "title"), strlen(str(feed, "title")));
	if (*home == NULL && str(feed, "home_page_url")) {
		*home = feed_resolve(c->opt->base_url, str(feed, "home_page_url"));
		c->info->link = feed_clean(*home, strlen(*home));
	}
	if (c->info->language == NULL && str(feed, "language"))
		c->info->language =
		    feed_clean(str(feed, "language"), strlen(str(feed, "language")));
}

int
feed_parse_json(struct feed_ctx *c, struct feed_input *in)
{
	struct jstream js = {.in = in, .line = 1};
	json_t *feed = json_object(), *deferred = NULL, *v;
	char *home = NULL;
	const char *base;
	int r = -1, seen_items = 0, ch;
	size_t i;

	if (js_expect(&js, c, '{') == -1)
		goto out;
	if (js_peek(&js) == '}') {
		js_advance(&js, 1);
		goto end;
	}
	for (;;) {
		json_t *key;

		if (js_peek(&js) != '"') {
			js_expect(&js, c, '"');
			goto out;
		}
		if ((key = js_value(&js, c)) == NULL)
			goto out;
		if (js_expect(&js, c, ':') == -1) {
			json_decref(key);
			goto out;
		}
		if (strcmp(json_string_value(key), "items") == 0 && js_peek(&js) == '[' &&
		    is_jsonfeed(feed) && !seen_items) {
			/* The stream proper: one item in memory at a time. */
			seen_items = 1;
			json_decref(key);
			feed_fields(c, feed, &home);
			base = c->opt->base_url ? c->opt->base_url : home;
			js_advance(&js, 1);
			if (js_peek(&js) == ']') {
				js_advance(&js, 1);
			} else {
				for (;;) {
					if ((v = js_value(&js, c)) == NULL)
						goto out;
					if (json_is_object(v) &&
					    json_item(c, v, feed, base) == -1) {
						json_decref(v);
						goto out;
					}
					json_decref(v);
					if ((ch = js_peek(&js)) == ',') {
						js_advance(&js, 1);
						continue;
					}
					if (js_expect(&js, c, ']') == -1)
						goto out;
					break;
				}
			}
		} else {
			if ((v = js_value(&js, c)) == NULL) {
				json_decref(key);
				goto out;
			}
			if (strcmp(json_string_value(key), "items") == 0) {
				seen_items = 1;
				json_decref(deferred);
				deferred = v; /* before "version": read at the end */
			} else if (json_object_set_new(feed, json_string_value(key), v) == -1) {
				json_decref(key);
				goto out;
			}
			json_decref(key);
		}
		if ((ch = js_peek(&js)) == ',') {
			js_advance(&js, 1);
			continue;
		}
		if (js_expect(&js, c, '}') == -1)
			goto out;
		break;
	}
end:
	if ((ch = js_peek(&js)) != -1) {
		err_set(c->e, ERR_FAIL, "JSON error at line %d: end of file expected near '%c'",
		    js.line, ch);
		goto out;
	}
	if (in->error) {
		err_set(c->e, ERR_FAIL, "cannot read the feed: %s", strerror(in->error));
		goto out;
	}
	if (!is_jsonfeed(feed) || !seen_items || (deferred && !json_is_array(deferred))) {
		err_set(c->e, ERR_FAIL, "not a feed (JSON, but not a JSON Feed)");
		goto out;
	}
	feed_fields(c, feed, &home);
	base = c->opt->base_url ? c->opt->base_url : home;
	json_array_foreach(deferred, i, v)
	{
		if (json_is_object(v) && json_item(c, v, feed, base) == -1)
			goto out;
	}
	r = 0;
out:
	free(home);
	free(js.buf);
	json_decref(deferred);
	json_decref(feed);
	return r;
}
