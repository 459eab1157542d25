/*
 * stats.c - the posts in numbers as data: the JSON object of `stats
 * --json` and of the json format, and the template data of the "In
 * numbers" section with its chart, drawn here as inline SVG.
 */
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "internal.h"
#include "redact.h"
#include "store_stats.h"
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
stats_json(const struct stats *st, int published)
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
		const struct stats_source *src = &st->sources[i];
		char *name = source_label(src->name, src->title, src->url, published);
		json_object_set_new(x, "name", jtext(name));
		free(name);
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

/* ---- the "In numbers" section of the templates ---- */

/* The chart of a day: 24 slots (23 or 25 when the clocks change) across
 * CHART_W, bars up to CHART_BARS tall, standing on CHART_BASE. */
#define CHART_W 360.0
#define CHART_H 110
#define CHART_BASE 94.0
#define CHART_BARS 54.0

static void
svg_text(struct buf *b, const char *s)
{
	esc_html_text(b, s ? s : "");
}

static const char *
plural(int64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* The SVG of day d: bars of all posts, the placed ones in a second shade
 * over them, the peak labelled when it falls on this day. */
static void
day_svg(struct render_ctx *c, const struct stats *st, const struct stats_day *d, const char *label,
    int shade_placed, struct buf *b)
{
	const char *zone = c->project->timezone;
	const struct stats_hour *peak = &st->hours[st->peak_hour];
	double slot = CHART_W / (double)(d->nhours ? d->nhours : 24);
	double max = peak->posts > 0 ? (double)peak->posts : 1;
	char id[192], when[32], hour[16];

	snprintf(id, sizeof id, "%schart-%s", c->id_prefix, d->day);
	buf_printf(b,
	    "<svg class=\"st-chart%s\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-labelledby=\"%s-t %s-d\" data-day=\"%s\" data-max=\"%lld\">\n",
	    shade_placed ? "" : " st-chart-solid", (int)CHART_W, CHART_H, id, id, d->day,
	    (long long)peak->posts);
	buf_printf(b, "<title id=\"%s-t\">Posts per hour, ", id);
	svg_text(b, label);
	buf_printf(b, "</title>\n<desc id=\"%s-d\">%lld %s", id, (long long)d->posts,
	    plural(d->posts, "post", "posts"));
	if (d->posts > 0) {
		time_format_zone(st->hours[d->peak_hour].start, zone, "%H:%M", hour, sizeof hour);
		buf_printf(b, "; the busiest hour %s, with %lld", hour,
		    (long long)st->hours[d->peak_hour].posts);
	}
	if (shade_placed)
		buf_printf(
		    b, "; %lld of them in the story, in the darker shade", (long long)d->placed);
	buf_adds(b, ".</desc>\n<text class=\"st-chart-day\" x=\"0\" y=\"13\">");
	svg_text(b, label);
	buf_printf(b,
	    "</text>\n<text class=\"st-chart-total\" x=\"%d\" y=\"13\" "
	    "text-anchor=\"end\">%lld %s</text>\n",
	    (int)CHART_W, (long long)d->posts, plural(d->posts, "post", "posts"));
	buf_printf(b,
	    "<line class=\"st-chart-axis\" x1=\"0\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n",
	    CHART_BASE + .5, (int)CHART_W, CHART_BASE + .5);
	for (size_t i = 0; i < d->nhours; i++) {
		const struct stats_hour *h = &st->hours[d->first_hour + i];
		double x = (double)i * slot + slot * .1, w = slot * .8, height;

		if (i % 6 == 0) {
			time_format_zone(h->start, zone, "%H", hour, sizeof hour);
			buf_printf(b,
			    "<text class=\"st-chart-hour\" x=\"%.2f\" y=\"107\" "
			    "text-anchor=\"middle\">%s</text>\n",
			    (double)i * slot + slot / 2, hour);
		}
		if (h->posts == 0)
			continue;
		height = (double)h->posts * CHART_BARS / max;
		time_format_utc(h->start, when, sizeof when);
		time_format_zone(h->start, zone, "%H:%M", hour, sizeof hour);
		buf_printf(b,
		    "<rect class=\"st-chart-bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
		    "height=\"%.2f\" data-start=\"%s\" data-posts=\"%lld\"><title>%s: %lld %s",
		    x, CHART_BASE - height, w, height, when, (long long)h->posts, hour,
		    (long long)h->posts, plural(h->posts, "post", "posts"));
		if (shade_placed)
			buf_printf(b, ", %lld in the story", (long long)h->placed);
		buf_adds(b, "</title></rect>\n");
		if (shade_placed && h->placed > 0) {
			double ph = (double)h->placed * CHART_BARS / max;
			buf_printf(b,
			    "<rect class=\"st-chart-placed\" x=\"%.2f\" y=\"%.2f\" "
			    "width=\"%.2f\" height=\"%.2f\" data-placed=\"%lld\"/>\n",
			    x, CHART_BASE - ph, w, ph, (long long)h->placed);
		}
		if (d->first_hour + i == st->peak_hour) {
			double cx = x + w / 2;
			const char *anchor = cx < 60 ? "start"
			    : cx > CHART_W - 60      ? "end"
			                             : "middle";
			buf_printf(b,
			    "<text class=\"st-chart-peak\" x=\"%.2f\" y=\"%.2f\" "
			    "text-anchor=\"%s\">%lld at %s</text>\n",
			    cx < 60                 ? x
			        : cx > CHART_W - 60 ? x + w
			                            : cx,
			    CHART_BASE - height - 4, anchor, (long long)h->posts, hour);
		}
	}
	buf_adds(b, "</svg>");
}

static json_t *
md(const struct render_ctx *c, const char *s)
{
	struct buf b;
	json_t *v;

	buf_init(&b, BUF_NOLIMIT);
	esc_markdown_opts(&b, s ? s : "", render_md_flags(c));
	v = json_stringn(b.data, b.len);
	buf_release(&b);
	return v ? v : json_string("");
}

static json_t *
count_text(int64_t n, const char *one, const char *many)
{
	char v[64];

	snprintf(v, sizeof v, "%lld %s", (long long)n, plural(n, one, many));
	return json_string(v);
}

/* The template data: the stats object with what the section shows. */
static json_t *
stats_template_data(struct render_ctx *c, const struct stats *st)
{
	const char *zone = c->project->timezone, *lang = c->project->language;
	int is_md = c->opt->format == RENDER_MD;
	int shade = st->placed > 0 && st->placed < st->posts;
	json_t *o = stats_json(st, 1), *days = json_array(), *a;
	char label[96], hour[16];
	struct buf b;

	buf_init(&b, BUF_NOLIMIT);
	json_object_set_new(
	    o, "heading_level", json_integer(c->opt->format == RENDER_EMBED ? 3 : 2));
	json_object_set_new(o, "placed", json_integer(st->placed));
	json_object_set_new(o, "has_placed", json_boolean(shade));
	json_object_set_new(o, "has_chart", json_boolean(st->has_span && !is_md));
	json_object_set_new(o, "timezone", json_string(zone));
	buf_printf(&b, "%lld %s collected from %lld %s", (long long)st->posts,
	    plural(st->posts, "post", "posts"), (long long)st->people,
	    plural(st->people, "person", "people"));
	if (st->ndays > 1)
		buf_printf(&b, " over %zu days", st->ndays);
	if (shade)
		buf_printf(&b, "; %lld of them in this story", (long long)st->placed);
	buf_addc(&b, '.');
	json_object_set_new(o, "summary", json_string(b.data));
	buf_reset(&b);
	if (st->has_span && st->hours[st->peak_hour].posts > 0) {
		json_t *p = json_object();
		const struct stats_hour *h = &st->hours[st->peak_hour];

		time_day_name(h->start, zone, lang, label, sizeof label);
		time_format_zone(h->start, zone, "%H:%M", hour, sizeof hour);
		json_object_set_new(p, "day_label", json_string(label));
		json_object_set_new(p, "hour", json_string(hour));
		json_object_set_new(p, "posts", json_integer(h->posts));
		json_object_set_new(p, "posts_text", count_text(h->posts, "post", "posts"));
		json_object_set_new(o, "peak", p);
	} else {
		json_object_set_new(o, "peak", json_null());
	}
	for (size_t i = 0; i < st->ndays; i++) {
		const struct stats_day *d = &st->days[i];
		json_t *day = json_object(), *hours = json_array();

		time_day_name(d->start, zone, lang, label, sizeof label);
		json_object_set_new(day, "day", json_string(d->day));
		json_object_set_new(day, "day_label", json_string(label));
		json_object_set_new(day, "posts", json_integer(d->posts));
		json_object_set_new(day, "placed", json_integer(d->placed));
		time_format_zone(st->hours[d->peak_hour].start, zone, "%H:%M", hour, sizeof hour);
		json_object_set_new(day, "peak_hour", d->posts ? json_string(hour) : json_null());
		json_object_set_new(day, "peak_posts", json_integer(st->hours[d->peak_hour].posts));
		for (size_t h = d->first_hour; h < d->first_hour + d->nhours; h++) {
			json_t *ho;

			if (st->hours[h].posts == 0)
				continue;
			ho = json_object();
			time_format_zone(st->hours[h].start, zone, "%H:%M", hour, sizeof hour);
			json_object_set_new(ho, "hour", json_string(hour));
			json_object_set_new(ho, "posts", json_integer(st->hours[h].posts));
			json_object_set_new(ho, "placed", json_integer(st->hours[h].placed));
			json_array_append_new(hours, ho);
		}
		json_object_set_new(day, "hours", hours);
		if (!is_md) {
			buf_reset(&b);
			day_svg(c, st, d, label, shade, &b);
			json_object_set_new(day, "svg", json_stringn(b.data, b.len));
		}
		json_array_append_new(days, day);
	}
	json_object_set_new(o, "days", days);
	a = json_array();
	for (size_t i = 0; i < st->nauthors; i++) {
		const struct stats_author *au = &st->authors[i];
		json_t *v = json_object();

		json_object_set_new(v, "author",
		    render_author_data(
		        c, au->name, au->handle, au->url, au->avatar, au->avatar_sha256));
		json_object_set_new(v, "posts", json_integer(au->posts));
		json_object_set_new(v, "posts_text", count_text(au->posts, "post", "posts"));
		json_array_append_new(a, v);
	}
	json_object_set_new(o, "top_voices", a);
	json_object_set_new(o, "has_voices", json_boolean(st->nauthors > 0));
	a = json_array();
	for (size_t i = 0; i < st->ndomains; i++) {
		json_t *v = json_object();
		json_object_set_new(v, "domain", jtext(st->domains[i].key));
		json_object_set_new(v, "posts", json_integer(st->domains[i].posts));
		json_object_set_new(
		    v, "posts_text", count_text(st->domains[i].posts, "post", "posts"));
		if (is_md)
			json_object_set_new(v, "domain_md", md(c, st->domains[i].key));
		json_array_append_new(a, v);
	}
	json_object_set_new(o, "top_links", a);
	json_object_set_new(o, "has_links", json_boolean(st->ndomains > 0));
	a = json_array();
	for (size_t i = 0; i < st->ntags && i < 10; i++) {
		json_t *v = json_object();
		json_object_set_new(v, "tag", jtext(st->tags[i].key));
		json_object_set_new(v, "posts", json_integer(st->tags[i].posts));
		if (is_md)
			json_object_set_new(v, "tag_md", md(c, st->tags[i].key));
		json_array_append_new(a, v);
	}
	json_object_set_new(o, "co_tags", a);
	json_object_set_new(o, "has_tags", json_boolean(st->ntags > 0));
	buf_release(&b);
	return o;
}

int
render_stats_add(struct render_ctx *c, json_t *data, struct err *e)
{
	(void)e;
	if (!c->has_stats || c->stats.posts == 0)
		json_object_set_new(data, "stats", json_null());
	else if (c->opt->format == RENDER_JSON)
		json_object_set_new(data, "stats", stats_json(&c->stats, 1));
	else
		json_object_set_new(data, "stats", stats_template_data(c, &c->stats));
	return 0;
}
