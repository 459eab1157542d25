/*
 * merge.c - the union of what every source knows about one post (issue 12).
 *
 * When several sources reach the same post (a hashtag feed and the
 * Mastodon API, two servers' feeds, an import and a feed), each source's
 * item is kept (post_sources.item) and the post is made from all of them,
 * so that nothing one source knew is lost and the result never depends
 * on the order the sources are listed in or finish in.
 *
 * The items are ordered, best first, by:
 *   1. the later `updated` (`published` when an item has none): an edit
 *      wins over the text before it;
 *   2. an API item (Mastodon, Bluesky) over a feed's or an import's;
 *   3. an item from the server its permalink points to (the original)
 *      over a copy from another server;
 *   4. more fields filled, then the longer text;
 *   5. the items' own JSON text, byte by byte: ties are broken by what
 *      they say, never by where they came from.
 * Then:
 *   - author name, handle, URL and avatar, title, language, content
 *     warning and published each come from the first item that has one;
 *   - the content (HTML and text together) comes from the first item that
 *     has HTML (else text alone), unless another one's text is longer and
 *     begins with it (less a trailing ellipsis): a summary gives way to
 *     the whole post;
 *   - updated is the latest; the post is sensitive when any item says so;
 *   - the media are the first item's that has media, each medium's
 *     missing alt text, type, kind, preview and size filled from the
 *     other items' medium at the same URL, or at the same place when both
 *     have as many media;
 *   - the tags are every item's.
 * Engagement counts (posts.shares, likes, replies) are not part of the
 * union: the latest fetch that counts them wins (posts.c).
 */
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "util.h"

static const char *const merge_strings[] = {
    "author_name",
    "author_handle",
    "author_url",
    "author_avatar",
    "title",
    "language",
    "content_warning",
    NULL,
};
static const char *const media_fields[] = {
    "type",
    "medium",
    "alt",
    "preview_url",
    "width",
    "height",
    NULL,
};

static void
set_str(json_t *o, const char *key, const char *v)
{
	if (!str_empty(v))
		json_object_set_new(o, key, json_string(v));
}

static int
tag_cmp(const void *a, const void *b)
{
	return strcmp(
	    json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

/* The tags sorted, without repeats. */
static void
tags_sort(json_t *tags)
{
	size_t n = json_array_size(tags);
	json_t **v;

	if (n < 2)
		return;
	v = xcalloc(n, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		v[i] = json_array_get(tags, i);
		if (!json_is_string(v[i]))
			v[i] = json_string("");
		else
			json_incref(v[i]);
	}
	qsort(v, n, sizeof *v, tag_cmp);
	json_array_clear(tags);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && strcmp(json_string_value(v[i]), json_string_value(v[i - 1])) == 0)
			json_decref(v[i]);
		else
			json_array_append_new(tags, v[i]);
	}
	free(v);
}

static int
absent(const char *key, json_t *v)
{
	if (v == NULL || json_is_null(v) || json_is_false(v))
		return 1;
	if (json_is_string(v))
		return json_string_length(v) == 0;
	if (json_is_array(v))
		return json_array_size(v) == 0;
	if (json_is_integer(v) && json_integer_value(v) == 0)
		return strcmp(key, "sensitive") == 0 || strcmp(key, "width") == 0 ||
		    strcmp(key, "height") == 0;
	return 0;
}

static void
strip(json_t *o)
{
	const char *key;
	json_t *v;
	void *tmp;

	json_object_foreach_safe(o, tmp, key, v)
	{
		if (absent(key, v))
			json_object_del(o, key);
	}
}

void
merge_normalise(json_t *o)
{
	json_t *media, *tags, *v;
	size_t i;

	if (!json_is_object(o))
		return;
	strip(o);
	if ((v = json_object_get(o, "sensitive")) && json_is_true(v))
		json_object_set_new(o, "sensitive", json_integer(1));
	if ((media = json_object_get(o, "media")) != NULL) {
		json_array_foreach(media, i, v)
		{
			if (json_is_object(v))
				strip(v);
		}
	}
	if ((tags = json_object_get(o, "tags")) != NULL)
		tags_sort(tags);
	strip(o);
}

char *
merge_item_json(const struct incoming_post *it, char *const *tags, size_t ntags)
{
	json_t *o = json_object(), *media, *t;
	char *out;

	set_str(o, "guid", it->guid);
	set_str(o, "permalink", it->permalink);
	for (const char *const *k = merge_strings; *k; k++) {
		const char *v = strcmp(*k, "author_name") == 0 ? it->author_name
		    : strcmp(*k, "author_handle") == 0         ? it->author_handle
		    : strcmp(*k, "author_url") == 0            ? it->author_url
		    : strcmp(*k, "author_avatar") == 0         ? it->author_avatar
		    : strcmp(*k, "title") == 0                 ? it->title
		    : strcmp(*k, "language") == 0              ? it->language
		                                               : it->content_warning;
		set_str(o, *k, v);
	}
	if (it->has_published)
		json_object_set_new(o, "published", json_integer(it->published));
	if (it->has_updated)
		json_object_set_new(o, "updated", json_integer(it->updated));
	set_str(o, "content_html", it->content_html);
	set_str(o, "content_text", it->content_text);
	if (it->sensitive)
		json_object_set_new(o, "sensitive", json_integer(1));
	media = json_array();
	for (size_t i = 0; i < it->nmedia; i++) {
		const struct incoming_media *m = &it->media[i];
		json_t *mo;

		if (str_empty(m->url))
			continue;
		mo = json_object();
		set_str(mo, "url", m->url);
		set_str(mo, "type", m->type);
		set_str(mo, "medium", m->medium);
		set_str(mo, "alt", m->alt);
		set_str(mo, "preview_url", m->preview_url);
		if (m->width > 0)
			json_object_set_new(mo, "width", json_integer(m->width));
		if (m->height > 0)
			json_object_set_new(mo, "height", json_integer(m->height));
		json_array_append_new(media, mo);
	}
	json_object_set_new(o, "media", media);
	t = json_array();
	for (size_t i = 0; i < ntags; i++)
		json_array_append_new(t, json_string(tags[i]));
	json_object_set_new(o, "tags", t);
	merge_normalise(o);
	if ((out = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		fatal("out of memory");
	json_decref(o);
	return out;
}

/* The host of an http(s) URL, lowercased, without user or port. */
static size_t
url_host(const char *url, char *host, size_t size)
{
	const char *p, *end, *at;
	size_t n = 0;

	if (url == NULL || (p = strstr(url, "://")) == NULL)
		return 0;
	p += 3;
	end = p + strcspn(p, "/?#");
	if ((at = memchr(p, '@', (size_t)(end - p))) != NULL)
		p = at + 1;
	for (; p < end && *p != ':' && n + 1 < size; p++)
		host[n++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	host[n] = '\0';
	return n;
}

static const char *
get_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

int
merge_item_load(struct merge_item *m, const char *text, const char *format, const char *source_url)
{
	char a[256], b[256];
	json_t *v;

	memset(m, 0, sizeof *m);
	m->o = text ? json_loads(text, 0, NULL) : NULL;
	if (!json_is_object(m->o)) {
		json_decref(m->o);
		m->o = NULL;
		return -1;
	}
	merge_normalise(m->o);
	if ((m->text = json_dumps(m->o, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		fatal("out of memory");
	m->api = str_eq(format, "mastodon") || str_eq(format, "bluesky");
	m->original = url_host(source_url, a, sizeof a) > 0 &&
	    url_host(get_str(m->o, "permalink"), b, sizeof b) > 0 && strcmp(a, b) == 0;
	m->when = INT64_MIN;
	if ((v = json_object_get(m->o, "updated")) != NULL ||
	    (v = json_object_get(m->o, "published")))
		m->when = json_integer_value(v);
	m->filled = json_object_size(m->o);
	m->textlen = strlen(get_str(m->o, "content_text") ? get_str(m->o, "content_text") : "");
	return 0;
}

int
merge_item_same_rank(const struct merge_item *m, const char *format, const char *source_url)
{
	char a[256], b[256];
	int api = str_eq(format, "mastodon") || str_eq(format, "bluesky");
	int original = url_host(source_url, a, sizeof a) > 0 &&
	    url_host(get_str(m->o, "permalink"), b, sizeof b) > 0 && strcmp(a, b) == 0;

	return api == m->api && original == m->original;
}

void
merge_item_release(struct merge_item *m)
{
	json_decref(m->o);
	free(m->text);
	memset(m, 0, sizeof *m);
}

/* Best first: the rule in the file's comment. */
static int
item_cmp(const void *pa, const void *pb)
{
	const struct merge_item *a = pa, *b = pb;

	if (a->when != b->when)
		return a->when > b->when ? -1 : 1;
	if (a->api != b->api)
		return b->api - a->api;
	if (a->original != b->original)
		return b->original - a->original;
	if (a->filled != b->filled)
		return a->filled > b->filled ? -1 : 1;
	if (a->textlen != b->textlen)
		return a->textlen > b->textlen ? -1 : 1;
	return strcmp(a->text, b->text);
}

/* Text without trailing white space and an ellipsis ("..." or U+2026). */
static size_t
stem_len(const char *s)
{
	size_t n = strlen(s);

	for (;;) {
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t'))
			n--;
		if (n >= 3 && memcmp(s + n - 3, "\xe2\x80\xa6", 3) == 0)
			n -= 3;
		else if (n >= 3 && memcmp(s + n - 3, "...", 3) == 0)
			n -= 3;
		else
			return n;
	}
}

/* Index of the item whose content the post takes, or n when none has any. */
static size_t
pick_content(const struct merge_item *v, size_t n)
{
	size_t best = n;

	/* HTML is what a page shows: an item with text alone comes after. */
	for (size_t i = 0; i < n && best == n; i++)
		if (get_str(v[i].o, "content_html"))
			best = i;
	for (size_t i = 0; i < n && best == n; i++)
		if (get_str(v[i].o, "content_text"))
			best = i;
	if (best == n)
		return n;
	for (size_t i = 0; i < n; i++) {
		const char *t = get_str(v[best].o, "content_text"),
		           *u = get_str(v[i].o, "content_text");
		size_t k;

		if (i == best || t == NULL || u == NULL || strlen(u) <= strlen(t) ||
		    (get_str(v[best].o, "content_html") && !get_str(v[i].o, "content_html")))
			continue;
		k = stem_len(t);
		if (k > 0 && strncmp(t, u, k) == 0)
			best = i; /* longer and begins with it: the whole of it */
	}
	return best;
}

/* The medium in items[i] matching m (by URL, else at place pos). */
static json_t *
medium_match(const json_t *media, const json_t *m, size_t pos, size_t count)
{
	const char *url = get_str(m, "url");
	json_t *x;
	size_t i;

	json_array_foreach(media, i, x)
	{
		if (str_eq(get_str(x, "url"), url))
			return x;
	}
	return json_array_size(media) == count ? json_array_get(media, pos) : NULL;
}

json_t *
merge_fold(struct merge_item *v, size_t n)
{
	json_t *out = json_object(), *x, *tags = json_array();
	size_t c, i, j;
	int sensitive = 0, has_updated = 0;
	json_int_t updated = 0;

	qsort(v, n, sizeof *v, item_cmp);
	for (const char *const *k = merge_strings; *k; k++) {
		for (i = 0; i < n; i++) {
			if ((x = json_object_get(v[i].o, *k)) != NULL) {
				json_object_set(out, *k, x);
				break;
			}
		}
	}
	for (i = 0; i < n; i++) {
		if ((x = json_object_get(v[i].o, "published")) != NULL) {
			json_object_set(out, "published", x);
			break;
		}
	}
	for (i = 0; i < n; i++) {
		if ((x = json_object_get(v[i].o, "updated")) != NULL &&
		    (!has_updated || json_integer_value(x) > updated)) {
			has_updated = 1;
			updated = json_integer_value(x);
		}
		sensitive |= json_object_get(v[i].o, "sensitive") != NULL;
		json_array_foreach(json_object_get(v[i].o, "tags"), j, x)
		    json_array_append(tags, x);
	}
	if (has_updated)
		json_object_set_new(out, "updated", json_integer(updated));
	if (sensitive)
		json_object_set_new(out, "sensitive", json_integer(1));
	json_object_set_new(out, "tags", tags);
	if ((c = pick_content(v, n)) < n) {
		if ((x = json_object_get(v[c].o, "content_html")) != NULL)
			json_object_set(out, "content_html", x);
		if ((x = json_object_get(v[c].o, "content_text")) != NULL)
			json_object_set(out, "content_text", x);
	}
	for (i = 0; i < n; i++) {
		json_t *media = json_object_get(v[i].o, "media"), *copy, *m;
		size_t count = json_array_size(media);

		if (count == 0)
			continue;
		copy = json_deep_copy(media);
		json_array_foreach(copy, c, m)
		{
			for (j = 0; j < n; j++) {
				json_t *other = j == i
				    ? NULL
				    : medium_match(json_object_get(v[j].o, "media"), m, c, count);

				if (other == NULL)
					continue;
				for (const char *const *f = media_fields; *f; f++)
					if (json_object_get(m, *f) == NULL &&
					    json_object_get(other, *f))
						json_object_set(m, *f, json_object_get(other, *f));
			}
		}
		json_object_set_new(out, "media", copy);
		break;
	}
	merge_normalise(out);
	return out;
}
