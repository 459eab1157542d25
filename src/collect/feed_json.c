/*
 * feed_json.c - JSON Feed 1.0 and 1.1 with jansson.
 *
 * jansson reads a whole document, so a JSON feed is capped at
 * JSON_MAX_BYTES (JSON feeds are small in practice; the streaming
 * guarantee is the XML formats'). Item fields: id, url (external_url as a
 * fallback), title, content_html / content_text, summary, date_published /
 * date_modified, author (1.0) / authors (1.1, the first), tags, language
 * (1.1; the feed's as a fallback), attachments (url, mime_type, title as
 * alt text), image. The raw item is the item's JSON dumped compactly.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "feed_internal.h"

#define JSON_MAX_BYTES (64u << 20)

struct jsrc {
	struct feed_input *in;
	size_t total;
	int too_big;
};

static size_t
json_read(void *buf, size_t n, void *arg)
{
	struct jsrc *s = arg;
	long r;

	if (s->total >= JSON_MAX_BYTES) {
		s->too_big = 1;
		return (size_t)-1;
	}
	if (n > JSON_MAX_BYTES - s->total)
		n = JSON_MAX_BYTES - s->total;
	r = feed_input_read(s->in, buf, n);
	if (r < 0)
		return (size_t)-1;
	s->total += (size_t)r;
	return (size_t)r;
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
person(const json_t *a, const char *base, struct feed_item *it)
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
	struct feed_item it;
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

		it.content_html = feed_text_to_html(t);
		free(t);
	}
	if (it.content_html == NULL && str(o, "summary"))
		it.content_html = feed_text_to_html(str(o, "summary"));
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
	json_array_foreach(tags, i, v)
		if (json_is_string(v))
			feed_item_add_category(&it, json_string_value(v));
	att = json_object_get(o, "attachments");
	json_array_foreach(att, i, v) {
		struct feed_media *m;
		char *url;

		if (!json_is_object(v) || str(v, "url") == NULL)
			continue;
		url = feed_resolve(base, str(v, "url"));
		m = feed_item_add_media(&it, url);
		free(url);
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
		struct feed_media *m = feed_item_add_media(&it, url);

		free(url);
		if (m->medium == NULL)
			m->medium = xstrdup("image");
	}
	raw = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (raw) {
		it.raw = xstrdup(raw);
		free(raw);
	}
	return feed_emit(c, &it);
}

int
feed_parse_json(struct feed_ctx *c, struct feed_input *in)
{
	struct jsrc src = {.in = in};
	json_error_t je;
	json_t *doc, *items, *v;
	const char *version, *base;
	char *home = NULL;
	size_t i;
	int r = -1;

	doc = json_load_callback(json_read, &src, JSON_REJECT_DUPLICATES, &je);
	if (doc == NULL) {
		if (src.too_big)
			return err_set(c->e, ERR_FAIL, "JSON feed too large (over %u MiB)",
			    JSON_MAX_BYTES >> 20);
		if (in->error)
			return err_set(c->e, ERR_FAIL, "cannot read the feed: %s", strerror(in->error));
		return err_set(c->e, ERR_FAIL, "JSON error at line %d: %s", je.line, je.text);
	}
	version = json_is_object(doc) ? str(doc, "version") : NULL;
	items = json_is_object(doc) ? json_object_get(doc, "items") : NULL;
	if (version == NULL || !str_startswith(version, "https://jsonfeed.org/version/") ||
	    !json_is_array(items)) {
		err_set(c->e, ERR_FAIL, "not a feed (JSON, but not a JSON Feed)");
		goto out;
	}
	if (str(doc, "title"))
		c->info->title = feed_clean(str(doc, "title"), strlen(str(doc, "title")));
	if (str(doc, "home_page_url")) {
		home = feed_resolve(c->opt->base_url, str(doc, "home_page_url"));
		c->info->link = feed_clean(home, strlen(home));
	}
	if (str(doc, "language"))
		c->info->language = feed_clean(str(doc, "language"), strlen(str(doc, "language")));
	/* Relative URLs resolve against the feed's own URL. */
	base = c->opt->base_url ? c->opt->base_url : home;
	json_array_foreach(items, i, v) {
		if (!json_is_object(v))
			continue;
		if (json_item(c, v, doc, base) == -1)
			goto out;
	}
	r = 0;
out:
	free(home);
	json_decref(doc);
	return r;
}
