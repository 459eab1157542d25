/*
 * incoming.c - building incoming posts (struct incoming_post) whose strings
 * the reader owns, and the tolerant jansson accessors the JSON readers
 * share (platform JSON leaves fields out, sets them to null or to ""
 * interchangeably).
 */
#include <stdlib.h>
#include <string.h>

#include "hashtag.h"
#include "incoming_internal.h"
#include "datetime.h"

void
incoming_post_release(struct incoming_post *it)
{
	char **s[] = {&it->guid, &it->permalink, &it->title, &it->author_name, &it->author_handle,
	    &it->author_url, &it->author_avatar, &it->date_text, &it->content_html,
	    &it->content_text, &it->language, &it->content_warning, &it->raw, &it->safe_html};

	for (size_t i = 0; i < ARRAY_LEN(s); i++)
		free(*s[i]);
	for (size_t i = 0; i < it->ncategories; i++)
		free(it->categories[i]);
	free(it->categories);
	for (size_t i = 0; i < it->nmedia; i++) {
		free(it->media[i].url);
		free(it->media[i].type);
		free(it->media[i].medium);
		free(it->media[i].alt);
		free(it->media[i].preview_url);
	}
	free(it->media);
	memset(it, 0, sizeof *it);
}

static size_t
str_bytes(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

size_t
incoming_post_bytes(const struct incoming_post *it)
{
	const char *s[] = {it->guid, it->permalink, it->title, it->author_name, it->author_handle,
	    it->author_url, it->author_avatar, it->date_text, it->content_html, it->content_text,
	    it->language, it->content_warning, it->raw, it->safe_html};
	size_t bytes = sizeof *it;

	for (size_t i = 0; i < ARRAY_LEN(s); i++)
		bytes += str_bytes(s[i]);
	for (size_t i = 0; i < it->ncategories; i++)
		bytes += str_bytes(it->categories[i]);
	for (size_t i = 0; i < it->nmedia; i++) {
		const struct incoming_media *m = &it->media[i];

		bytes += sizeof *m + str_bytes(m->url) + str_bytes(m->type) + str_bytes(m->medium) +
		    str_bytes(m->alt) + str_bytes(m->preview_url);
	}
	return bytes;
}

void
incoming_add_category(struct incoming_post *it, const char *s)
{
	char *c = NULL;

	if (s == NULL)
		return;
	/* A hostile item may carry 100,000 categories: past the cap they are
	 * counted, not kept (nor compared with the kept ones). */
	if (it->ncategories == HASHTAG_LIST_MAX) {
		it->categories_dropped++;
		return;
	}
	conv_set(&c, s);
	if (c && *str_trim(c) == '#')
		memmove(c, c + 1, strlen(c));
	if (c == NULL || *c == '\0') {
		free(c);
		return;
	}
	for (size_t i = 0; i < it->ncategories; i++)
		if (strcmp(it->categories[i], c) == 0) {
			free(c);
			return;
		}
	it->categories = xreallocarray(it->categories, it->ncategories + 1, sizeof *it->categories);
	it->categories[it->ncategories++] = c;
}

struct incoming_media *
incoming_add_media(struct incoming_post *it, const char *url)
{
	struct incoming_media *m;

	if (str_empty(url))
		return NULL;
	for (size_t i = 0; i < it->nmedia; i++)
		if (strcmp(it->media[i].url, url) == 0)
			return &it->media[i];
	it->media = xreallocarray(it->media, it->nmedia + 1, sizeof *it->media);
	m = &it->media[it->nmedia++];
	memset(m, 0, sizeof *m);
	conv_set(&m->url, url);
	return m;
}

void
incoming_html_text(struct buf *b, const char *s, size_t n)
{
	const char *run = s;

	for (size_t i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '\n':
			rep = "<br>\n";
			break;
		default:
			continue;
		}
		buf_add(b, run, (size_t)(s + i - run));
		buf_adds(b, rep);
		run = s + i + 1;
	}
	buf_add(b, run, (size_t)(s + n - run));
}

char *
incoming_text_to_html(const char *text)
{
	struct buf b;

	buf_init(&b, BUF_NOLIMIT);
	if (text)
		incoming_html_text(&b, text, strlen(text));
	return buf_detach(&b);
}

void
incoming_html_attr(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		default:
			buf_addc(b, *s);
			break;
		}
	}
}

void
conv_set(char **field, const char *s)
{
	struct buf b;

	free(*field);
	*field = NULL;
	if (str_empty(s))
		return;
	if (utf8_valid(s, strlen(s))) {
		*field = xstrdup(s);
		return;
	}
	buf_init(&b, BUF_NOLIMIT);
	utf8_sanitize(&b, s, strlen(s));
	*field = buf_detach(&b);
}

void
conv_take(char **field, char *s)
{
	free(*field);
	*field = s;
}

void
conv_raw(struct incoming_post *it, json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);

	/* jansson allocates with malloc; keep our own copy as conv_set does. */
	conv_set(&it->raw, s);
	free(s);
}

void
conv_published(struct incoming_post *it, const char *iso)
{
	int64_t t;

	if (str_empty(iso))
		return;
	if (date_parse_iso8601(iso, &t) == 0) {
		it->has_published = 1;
		it->published = t;
	} else {
		conv_set(&it->date_text, iso);
	}
}

const char *
conv_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return str_empty(s) ? NULL : s;
}

json_t *
conv_obj(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_object(v) ? v : NULL;
}

json_t *
conv_arr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_array(v) ? v : NULL;
}

void
incoming_set_counts(struct incoming_post *it, int64_t shares, int64_t likes, int64_t replies)
{
	it->shares = shares < 0 ? -1 : shares;
	it->likes = likes < 0 ? -1 : likes;
	it->replies = replies < 0 ? -1 : replies;
	it->has_counts = it->shares >= 0 || it->likes >= 0 || it->replies >= 0;
}

int64_t
conv_int(json_t *o, const char *key, int64_t def)
{
	json_t *v = json_object_get(o, key);
	int64_t n;

	if (json_is_integer(v))
		return (int64_t)json_integer_value(v);
	if (json_is_string(v) && str_to_int64(json_string_value(v), INT64_MIN, INT64_MAX, &n) == 0)
		return n;
	return def;
}

int
conv_true(json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

int
conv_json_error(struct err *e, const json_error_t *je)
{
	return err_set(e, ERR_FAIL, "JSON error at line %d: %s", je->line, je->text);
}
