/*
 * stats.c - the posts in numbers as data: the JSON object of `stats
 * --json` and of the json format, and the template data of the "In
 * numbers" section with its chart, drawn here as inline SVG.
 */
#include <string.h>

#include "datetime.h"
#include "internal.h"
#include "render_stats.h"

static json_t *
jtime(int has, int64_t t)
{
	char v[32];

	if (!has)
		return json_null();
	time_format_utc(t, v, sizeof v);
	return json_string(v);
}

static json_t *
jtext(const char *s)
{
	json_t *v;

	if (s == NULL)
		return json_null();
	v = json_string(s);
	return v ? v : json_string("");
}

static json_t *
counts_json(const struct stats_count *c, size_t n, const char *key)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, key, jtext(c[i].key));
		json_object_set_new(o, "posts", json_integer(c[i].posts));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *
stats_json(const struct stats *st)
{
	json_t *o = json_object(), *a;

	json_object_set_new(o, "posts", json_integer(st->posts));
	json_object_set_new(o, "people", json_integer(st->people));
	json_object_set_new(o, "first", jtime(st->has_span, st->first));
	json_object_set_new(o, "last", jtime(st->has_span, st->last));
	a = json_array();
	for (size_t i = 0; i < st->ndays; i++) {
		json_t *d = json_object();
		json_object_set_new(d, "day", json_string(st->days[i].day));
		json_object_set_new(d, "posts", json_integer(st->days[i].posts));
		json_array_append_new(a, d);
	}
	json_object_set_new(o, "per_day", a);
	a = json_array();
	for (size_t i = st->first_hour; st->nhours > 0 && i <= st->last_hour; i++) {
		json_t *h = json_object();
		json_object_set_new(h, "start", jtime(1, st->hours[i].start));
		json_object_set_new(h, "posts", json_integer(st->hours[i].posts));
		json_array_append_new(a, h);
	}
	json_object_set_new(o, "per_hour", a);
	a = json_array();
	for (size_t i = 0; i < st->nauthors; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "author", jtext(st->authors[i].author));
		json_object_set_new(x, "posts", json_integer(st->authors[i].posts));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "top_authors", a);
	json_object_set_new(o, "top_tags", counts_json(st->tags, st->ntags, "tag"));
	json_object_set_new(o, "top_domains", counts_json(st->domains, st->ndomains, "domain"));
	json_object_set_new(o, "languages", counts_json(st->languages, st->nlanguages, "language"));
	a = json_array();
	for (size_t i = 0; i < st->nsources; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "id", json_integer(st->sources[i].id));
		json_object_set_new(x, "name", jtext(st->sources[i].name));
		json_object_set_new(x, "posts", json_integer(st->sources[i].posts));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "by_source", a);
	a = json_array();
	for (size_t i = 0; i < st->nshared; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "id", json_integer(st->shared[i].id));
		json_object_set_new(x, "url", jtext(st->shared[i].url));
		json_object_set_new(x, "shares", json_integer(st->shared[i].shares));
		json_object_set_new(x, "likes", json_integer(st->shared[i].likes));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "most_shared", a);
	return o;
}
