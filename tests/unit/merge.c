/* merge.c - unit tests: one post from several sources' items (src/store/merge.c). */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "store/merge.h"
#include "unit.h"
#include "util.h"

struct fixture {
	const char *json, *format, *source;
};

/* The fold of items taken in the order order[0..n), as sorted JSON text. */
static char *
fold(const struct fixture *f, const size_t *order, size_t n)
{
	struct merge_item v[8];
	size_t k = 0;
	json_t *u;
	char *out;

	for (size_t i = 0; i < n; i++)
		if (merge_item_load(
		        &v[k], f[order[i]].json, f[order[i]].format, f[order[i]].source) == 0)
			k++;
	u = merge_fold(v, k);
	out = json_dumps(u, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(u);
	for (size_t i = 0; i < k; i++)
		merge_item_release(&v[i]);
	return out;
}

/* Every order of n (at most 4) items folds to the same post; that post. */
static char *
fold_all_orders(const struct fixture *f, size_t n, int *same)
{
	size_t order[4];
	char *first = NULL;

	*same = 1;
	/* Heap's algorithm, iteratively. */
	size_t c[4] = {0, 0, 0, 0}, i = 1;
	for (size_t j = 0; j < n; j++)
		order[j] = j;
	first = fold(f, order, n);
	while (i < n) {
		if (c[i] < i) {
			size_t a = i % 2 == 0 ? 0 : c[i], t = order[a];
			char *got;

			order[a] = order[i];
			order[i] = t;
			got = fold(f, order, n);
			if (strcmp(got, first) != 0)
				*same = 0;
			free(got);
			c[i]++;
			i = 1;
		} else {
			c[i] = 0;
			i++;
		}
	}
	return first;
}

static const char *
field(const char *json, const char *key, char *buf, size_t size)
{
	json_t *o = json_loads(json, 0, NULL), *v = json_object_get(o, key);
	char *d = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS) : NULL;

	snprintf(buf, size, "%s", d ? d : "(none)");
	free(d);
	json_decref(o);
	return buf;
}

#define FIELD(json, key, want, ...)                                                                \
	do {                                                                                       \
		char b_[1024];                                                                     \
		CHECK_STR(field(json, key, b_, sizeof b_), want, __VA_ARGS__);                     \
	} while (0)

int
main(void)
{
	char *u;
	int same;

	/* A copy on another server's tag feed, the author's own server's feed
	 * and the API of a third: each knows something the others do not. */
	static const struct fixture three[] = {
	    {"{\"permalink\":\"https://orig.example/@ana/1\",\"published\":100,"
	     "\"content_html\":\"<p>Keynote #ev26</p>\",\"content_text\":\"Keynote #ev26\","
	     "\"tags\":[\"ev26\"],\"media\":[{\"url\":\"https://copy.example/cache/1.jpg\"}]}",
	        "rss", "https://copy.example/tags/ev26.rss"},
	    {"{\"permalink\":\"https://orig.example/@ana/1\",\"published\":100,"
	     "\"author_name\":\"Ana Original\",\"author_avatar\":\"https://orig.example/a.png\","
	     "\"language\":\"en\",\"content_text\":\"Keynote #ev26\","
	     "\"content_html\":\"<p>Keynote <a>#ev26</a></p>\",\"tags\":[\"keynote\",\"ev26\"],"
	     "\"media\":[{\"url\":\"https://orig.example/m/1.jpg\",\"alt\":\"The hall, full\"}]}",
	        "atom", "https://orig.example/@ana.atom"},
	    {"{\"permalink\":\"https://orig.example/@ana/1\",\"published\":100,"
	     "\"author_name\":\"Ana (API)\",\"author_handle\":\"@ana@orig.example\","
	     "\"content_warning\":\"crowds\",\"sensitive\":1,\"content_text\":\"Keynote #ev26\"}",
	        "mastodon", "https://third.example/api/v1/timelines/tag/ev26"},
	};
	u = fold_all_orders(three, 3, &same);
	CHECK(same, "three sources: every order gives the same post");
	FIELD(u, "author_name", "\"Ana (API)\"", "API over feed where both have a value");
	FIELD(u, "author_handle", "\"@ana@orig.example\"", "a handle only the API has");
	FIELD(u, "author_avatar", "\"https://orig.example/a.png\"",
	    "an avatar only the original has");
	FIELD(u, "language", "\"en\"", "a language only the original has");
	FIELD(u, "content_warning", "\"crowds\"", "a content warning only the API has");
	FIELD(u, "sensitive", "1", "sensitive when any says so");
	FIELD(u, "content_html", "\"<p>Keynote <a>#ev26</a></p>\"",
	    "content: the original server over a copy (the API item has text only)");
	FIELD(u, "media", "[{\"alt\":\"The hall, full\",\"url\":\"https://orig.example/m/1.jpg\"}]",
	    "media: the original's, with its alt text");
	FIELD(u, "tags", "[\"ev26\",\"keynote\"]", "the tags of every item");
	FIELD(u, "permalink", "(none)", "the post's identity is not the fold's");
	free(u);

	/* Two feeds: the original server's wins over a copy. */
	static const struct fixture copy[] = {
	    {"{\"permalink\":\"https://orig.example/@bo/2\",\"author_name\":\"bo at copy\","
	     "\"published\":200,\"content_text\":\"x\"}",
	        "rss", "https://copy.example/tags/a.rss"},
	    {"{\"permalink\":\"https://orig.example/@bo/2\",\"author_name\":\"Bo\","
	     "\"published\":200,\"content_text\":\"x\"}",
	        "rss", "https://orig.example/tags/a.rss"},
	};
	u = fold_all_orders(copy, 2, &same);
	CHECK(same, "original and copy: either order");
	FIELD(u, "author_name", "\"Bo\"", "the original server over a copy");
	free(u);

	/* A later `updated` wins, even from a feed over the API. */
	static const struct fixture edit[] = {
	    {"{\"permalink\":\"https://o.example/3\",\"published\":300,\"content_text\":\"Old\","
	     "\"title\":\"Old title\"}",
	        "mastodon", "https://o.example/api"},
	    {"{\"permalink\":\"https://o.example/3\",\"published\":300,\"updated\":400,"
	     "\"content_text\":\"Edited\",\"title\":\"New title\"}",
	        "atom", "https://c.example/f"},
	};
	u = fold_all_orders(edit, 2, &same);
	CHECK(same, "an edit: either order");
	FIELD(u, "content_text", "\"Edited\"", "the later updated wins");
	FIELD(u, "title", "\"New title\"", "... for every field");
	FIELD(u, "updated", "400", "updated: the latest");
	FIELD(u, "published", "300", "published kept");
	free(u);

	/* A summary gives way to the whole text it begins. */
	static const struct fixture whole[] = {
	    {"{\"permalink\":\"https://o.example/4\",\"published\":1,\"author_name\":\"A\","
	     "\"content_text\":\"The first day was \\u2026\"}",
	        "mastodon", "https://o.example/api"},
	    {"{\"permalink\":\"https://o.example/4\",\"published\":1,"
	     "\"content_text\":\"The first day was long and good.\"}",
	        "rss", "https://c.example/f"},
	    {"{\"permalink\":\"https://o.example/4\",\"published\":1,"
	     "\"content_text\":\"Something else, much longer than the others are\"}",
	        "rss", "https://d.example/f"},
	};
	u = fold_all_orders(whole, 3, &same);
	CHECK(same, "summary and whole: every order");
	FIELD(u, "content_text", "\"The first day was long and good.\"",
	    "the longer text that begins with the chosen one, not another longer one");
	FIELD(u, "author_name", "\"A\"", "the other fields still by rank");
	free(u);

	/* Media: missing alt text filled at the same URL, or the same place. */
	static const struct fixture media[] = {
	    {"{\"permalink\":\"https://o.example/5\",\"published\":1,\"media\":["
	     "{\"url\":\"https://o.example/1.jpg\"},{\"url\":\"https://o.example/2.jpg\"}]}",
	        "mastodon", "https://o.example/api"},
	    {"{\"permalink\":\"https://o.example/5\",\"published\":1,\"media\":["
	     "{\"url\":\"https://c.example/cache/9.jpg\",\"alt\":\"first\"},"
	     "{\"url\":\"https://o.example/2.jpg\",\"alt\":\"second\",\"width\":640}]}",
	        "rss", "https://c.example/f"},
	};
	u = fold_all_orders(media, 2, &same);
	CHECK(same, "media: either order");
	FIELD(u, "media",
	    "[{\"alt\":\"first\",\"url\":\"https://o.example/1.jpg\"},"
	    "{\"alt\":\"second\",\"url\":\"https://o.example/2.jpg\",\"width\":640}]",
	    "the API's media, alt text filled by place and by URL");
	free(u);

	/* Ties are broken by content: equal rank, different names. */
	static const struct fixture tie[] = {
	    {"{\"permalink\":\"https://o.example/6\",\"author_name\":\"Zed\"}", "rss",
	        "https://a.example/f"},
	    {"{\"permalink\":\"https://o.example/6\",\"author_name\":\"Amy\"}", "rss",
	        "https://b.example/f"},
	};
	u = fold_all_orders(tie, 2, &same);
	CHECK(same, "a tie: either order gives the same post");
	free(u);

	/*
	 * The same item again from another source that ranks it alike (a
	 * copy of a feed) folds to the same post: posts.c loads it once.
	 * From the original server, or through an API, it ranks otherwise.
	 */
	{
		struct fixture again[4] = {three[0], three[1], three[2], three[0]};
		struct merge_item m;
		char *with;

		again[3].source = "https://mirror.example/tags/ev26.rss";
		u = fold_all_orders(three, 3, &same);
		with = fold_all_orders(again, 4, &same);
		CHECK_STR(with, u, "an item sent alike by a fourth source changes nothing");
		free(with);
		free(u);
		merge_item_load(&m, three[0].json, three[0].format, three[0].source);
		CHECK(merge_item_same_rank(&m, "rss", "https://mirror.example/tags/ev26.rss"),
		    "a copy from another copy ranks alike");
		CHECK(!merge_item_same_rank(&m, "rss", "https://orig.example/tags/ev26.rss"),
		    "from the original server it ranks higher");
		CHECK(!merge_item_same_rank(&m, "mastodon", "https://mirror.example/api"),
		    "through an API it ranks higher");
		merge_item_release(&m);
	}

	/* merge_item_json: absent and empty fields left out, tags sorted. */
	{
		struct incoming_post it;
		char *tags[] = {"b", "a", "b"};
		char *j;

		memset(&it, 0, sizeof it);
		it.permalink = "https://o.example/7";
		it.title = "";
		it.author_name = "N";
		it.has_published = 1;
		it.published = 5;
		j = merge_item_json(&it, tags, 3);
		CHECK_STR(j,
		    "{\"author_name\":\"N\",\"permalink\":\"https://o.example/7\",\"published\":5,"
		    "\"tags\":[\"a\",\"b\"]}",
		    "an item as JSON");
		free(j);
	}
	UNIT_DONE();
}
