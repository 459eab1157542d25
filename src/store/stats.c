/*
 * stats.c - the posts in numbers (store_stats.h) and the story's counts
 * and credits (store_render.h), from one pass over the posts.
 *
 * The posts are read once, in id order, with their sources, media and
 * tags read beside them (statements in post id order, merged on the id),
 * and everything is counted here in maps: a post's row is wide (its
 * original item, its HTML), so each SQL query over the posts that
 * counted one figure read them all again. Hours and days belong to the
 * project's time zone: posts are counted per quarter hour of UTC (every
 * zone's offset is a whole number of quarter hours, so no quarter
 * straddles two hours), and each quarter lands in the zone's hour it
 * starts in (whole days of hours are laid out from the first post's
 * local midnight, an hour after another). Links are found by scanning
 * each post's HTML (links.h): a map of hosts counts each post once per
 * host.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datetime.h"
#include "internal.h"
#include "links.h"
#include "store_stats.h"

#define QUARTER 900

/* End a statement's rows: 0 when they all were read, else -1 with e filled. */
static int
stats_done(struct store *s, sqlite3_stmt *st, int rc, struct err *e, const char *what)
{
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, e, what);
	return 0;
}

/* Posts per quarter hour of UTC (see above), in order. */
struct quarters {
	struct quarter {
		int64_t quarter, posts, placed;
	} * v;
	size_t n;
};

/* Quarters by number while counting: slots hold an index into quarters + 1, 0 when free. */
struct quarter_map {
	size_t *slots;
	size_t cap;
};

static size_t
quarter_hash(int64_t quarter)
{
	return (size_t)(((uint64_t)quarter * 0x9E3779B97F4A7C15ULL) >> 32);
}

/* The local calendar day (days since the epoch) of instant t in zone. */
static int64_t
local_day(int64_t t, const char *zone)
{
	int64_t wall = t + time_zone_offset(t, zone);

	return wall >= 0 ? wall / 86400 : -((-wall + 86399) / 86400);
}

/* Lay out every day from the first post's to the last's, hour by hour. */
static void
stats_layout(struct stats *out, const char *zone)
{
	int64_t d0 = local_day(out->first, zone), d1 = local_day(out->last, zone);
	size_t cap = 0;

	out->ndays = (size_t)(d1 - d0 + 1);
	out->days = xcalloc(out->ndays, sizeof *out->days);
	for (size_t i = 0; i < out->ndays; i++) {
		struct stats_day *d = &out->days[i];
		int64_t wall = (d0 + (int64_t)i) * 86400;
		time_t tt = (time_t)wall;
		struct tm tm;

		gmtime_r(&tt, &tm);
		strftime(d->day, sizeof d->day, "%Y-%m-%d", &tm);
		d->start = time_from_local(wall, zone);
	}
	/* Hours: an hour after another from the first midnight, each in the
	 * day it starts in (23 or 25 of them on a day the clocks change). */
	for (size_t i = 0; i < out->ndays; i++) {
		struct stats_day *d = &out->days[i];
		int64_t end = i + 1 < out->ndays ? out->days[i + 1].start
		                                 : time_from_local((d1 + 1) * 86400, zone);
		int64_t h = out->nhours ? out->hours[out->nhours - 1].start + 3600 : d->start;

		d->first_hour = out->nhours;
		for (; h < end; h += 3600) {
			if (out->nhours == cap) {
				cap = cap ? cap * 2 : 64;
				out->hours = xreallocarray(out->hours, cap, sizeof *out->hours);
			}
			out->hours[out->nhours++] = (struct stats_hour){h, 0, 0};
		}
		d->nhours = out->nhours - d->first_hour;
	}
}

static size_t
hour_index(const struct stats *out, int64_t t)
{
	int64_t i = (t - out->hours[0].start) / 3600;

	if (t < out->hours[0].start || i < 0)
		return 0;
	return (size_t)i < out->nhours ? (size_t)i : out->nhours - 1;
}

static void
stats_hours(const struct project *p, const struct quarters *qs, struct stats *out)
{
	if (!out->has_span)
		return;
	stats_layout(out, p->timezone);
	if (out->nhours == 0)
		return;
	for (size_t i = 0; i < qs->n; i++) {
		struct stats_hour *h = &out->hours[hour_index(out, qs->v[i].quarter * QUARTER)];

		h->posts += qs->v[i].posts;
		h->placed += qs->v[i].placed;
	}
	out->first_hour = hour_index(out, out->first);
	out->last_hour = hour_index(out, out->last);
	for (size_t i = 0; i < out->nhours; i++)
		if (out->hours[i].posts > out->hours[out->peak_hour].posts)
			out->peak_hour = i;
	for (size_t i = 0; i < out->ndays; i++) {
		struct stats_day *d = &out->days[i];

		d->peak_hour = d->first_hour;
		for (size_t h = d->first_hour; h < d->first_hour + d->nhours; h++) {
			d->posts += out->hours[h].posts;
			d->placed += out->hours[h].placed;
			if (out->hours[h].posts > out->hours[d->peak_hour].posts)
				d->peak_hour = h;
		}
	}
}

/* Hosts, languages and tags with their counts: open addressing, grown at half full. */
struct host_map {
	struct stats_count *slots;
	size_t cap, used;
};

static uint32_t
host_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
host_count(struct host_map *m, const char *host)
{
	size_t i;

	if (m->used * 2 >= m->cap) {
		struct host_map bigger = {NULL, m->cap ? m->cap * 2 : 64, 0};

		bigger.slots = xcalloc(bigger.cap, sizeof *bigger.slots);
		for (i = 0; i < m->cap; i++) {
			if (m->slots[i].key == NULL)
				continue;
			size_t j = host_hash(m->slots[i].key) & (bigger.cap - 1);
			while (bigger.slots[j].key != NULL)
				j = (j + 1) & (bigger.cap - 1);
			bigger.slots[j] = m->slots[i];
			bigger.used++;
		}
		free(m->slots);
		*m = bigger;
	}
	i = host_hash(host) & (m->cap - 1);
	while (m->slots[i].key != NULL && strcmp(m->slots[i].key, host) != 0)
		i = (i + 1) & (m->cap - 1);
	if (m->slots[i].key == NULL) {
		m->slots[i].key = xstrdup(host);
		m->used++;
	}
	m->slots[i].posts++;
}

static void
host_map_free(struct host_map *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof *m);
}

static int
count_cmp(const void *a, const void *b)
{
	const struct stats_count *x = a, *y = b;

	if (x->posts != y->posts)
		return x->posts > y->posts ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* The first max counts of the map, most first (then by name), into *list
 * and *n; the map is used up. */
static void
host_map_top(struct host_map *m, size_t max, struct stats_count **list, size_t *n)
{
	size_t k = 0;

	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key != NULL)
			m->slots[k++] = m->slots[i];
	if (k > 0)
		qsort(m->slots, k, sizeof *m->slots, count_cmp);
	for (size_t i = max; i < k; i++)
		free(m->slots[i].key);
	*list = m->slots;
	*n = k < max ? k : max;
	memset(m, 0, sizeof *m);
}

/* The quarter's entry in qs (added when new): open addressing over qs's indices. */
static struct quarter *
quarter_at(struct quarters *qs, size_t *cap, struct quarter_map *m, int64_t quarter)
{
	size_t i;

	if (qs->n * 2 >= m->cap) {
		struct quarter_map bigger = {NULL, m->cap ? m->cap * 2 : 256};

		bigger.slots = xcalloc(bigger.cap, sizeof *bigger.slots);
		for (size_t k = 0; k < qs->n; k++) {
			i = quarter_hash(qs->v[k].quarter) & (bigger.cap - 1);
			while (bigger.slots[i] != 0)
				i = (i + 1) & (bigger.cap - 1);
			bigger.slots[i] = k + 1;
		}
		free(m->slots);
		*m = bigger;
	}
	i = quarter_hash(quarter) & (m->cap - 1);
	while (m->slots[i] != 0 && qs->v[m->slots[i] - 1].quarter != quarter)
		i = (i + 1) & (m->cap - 1);
	if (m->slots[i] == 0) {
		if (qs->n == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			qs->v = xreallocarray(qs->v, *cap, sizeof *qs->v);
		}
		qs->v[qs->n] = (struct quarter){quarter, 0, 0};
		m->slots[i] = ++qs->n;
	}
	return &qs->v[m->slots[i] - 1];
}

static int
quarter_cmp(const void *a, const void *b)
{
	const struct quarter *x = a, *y = b;

	return (x->quarter > y->quarter) - (x->quarter < y->quarter);
}

/* 1 when url is one of the post's media (a newline-separated list). */
static int
is_media(const char *media, const char *url)
{
	size_t n = strlen(url);

	for (const char *m = media; m && *m;) {
		size_t len = strcspn(m, "\n");
		if (len == n && memcmp(m, url, n) == 0)
			return 1;
		m += len;
		if (*m == '\n')
			m++;
	}
	return 0;
}

/* A source as the pass counts it: for the stats, and for the credits. */
struct pass_source {
	int64_t id;
	char *name, *url, *title;
	int known;           /* a row of sources (not a removed one's id) */
	int64_t stats_posts; /* selected posts that it reached */
	int64_t story_posts; /* story posts that it reached */
	struct str_index people;
	struct pass_credit {
		struct story_author a;
		const char *key; /* the people map's copy */
	} * credits;             /* by people's numbers */
	size_t credits_cap;
};

/* An author's posts in the selection, and which is the latest. */
struct pass_author {
	const char *key; /* the map's copy */
	int64_t posts;
	double latest; /* max(coalesce(published, 0) * 1e6 + id), as SQL had it */
	int64_t id;
};

/* The most shared selected posts: shares + likes, most first, then by id. */
struct pass_shared {
	int64_t id, shares, likes, sum;
};

/*
 * One pass over the posts, in id order, with their sources, media and
 * tags read beside it (each statement in post id order, merged on the
 * id), for the stats of the posts q selects (out) and the story's counts
 * and credits (d); either may be NULL. Each post's wide row is read once;
 * everything is counted here, in maps, not by SQL grouping.
 */
struct pass {
	struct store *s;
	const struct stats_query *q;
	struct stats *out;
	struct story_digest *d;
	/* The sources by id, and the posts no source is left for (id 0). */
	struct pass_source *src;
	size_t nsrc, src_cap;
	struct pass_source orphans;
	/* The current post's sources (indices into src) and media, read
	 * from the streams. */
	size_t *post_src;
	size_t npost_src, post_src_cap;
	struct buf media; /* url "\n" preview "\n"..., as is_media reads */
	int64_t nmedia;
	/* The stats. */
	struct quarters qs;
	size_t qs_cap;
	struct quarter_map qmap;
	struct quarter *last_quarter;
	struct host_map langs, tags, hosts;
	struct str_index people;
	struct pass_author *authors;
	size_t authors_cap;
	struct pass_shared shared[STATS_MOST_SHARED];
	size_t nshared;
	struct html_link *link;
	char (*seen)[LINK_HOST_MAX];
	size_t seen_cap;
	struct buf lower;
	/* The story's people. */
	struct str_index story_people;
};

/* A statement read beside the posts: rows in post id order (column 0). */
struct pass_stream {
	sqlite3_stmt *st;
	int rc;
};

static int
stream_open(struct store *s, struct pass_stream *m, const char *sql, struct err *e)
{
	if ((m->st = store_stmt(s, sql, e)) == NULL)
		return -1;
	m->rc = sqlite3_step(m->st);
	return 0;
}

/* 1 when the stream's current row is post id's (rows of earlier posts passed). */
static int
stream_at(struct pass_stream *m, int64_t id)
{
	while (m->rc == SQLITE_ROW && sqlite3_column_int64(m->st, 0) < id)
		m->rc = sqlite3_step(m->st);
	return m->rc == SQLITE_ROW && sqlite3_column_int64(m->st, 0) == id;
}

/* Close a stream: 0 when it ended well (or was not read to its end). */
static int
stream_close(struct store *s, struct pass_stream *m, struct err *e, const char *what)
{
	int rc = m->rc;

	if (m->st == NULL)
		return 0;
	sqlite3_reset(m->st);
	m->st = NULL;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, e, what);
	return 0;
}

/* The source of id (added, as a removed source's, when sources has no such row). */
static size_t
pass_source_at(struct pass *ps, int64_t id)
{
	size_t lo = store_id_lower_bound(ps->src, ps->nsrc, sizeof *ps->src, id);

	if (lo < ps->nsrc && ps->src[lo].id == id)
		return lo;
	if (ps->nsrc == ps->src_cap) {
		ps->src_cap = ps->src_cap ? ps->src_cap * 2 : 8;
		ps->src = xreallocarray(ps->src, ps->src_cap, sizeof *ps->src);
	}
	memmove(&ps->src[lo + 1], &ps->src[lo], (ps->nsrc - lo) * sizeof *ps->src);
	memset(&ps->src[lo], 0, sizeof *ps->src);
	for (size_t i = 0; i < ps->npost_src; i++)
		if (ps->post_src[i] >= lo)
			ps->post_src[i]++;
	ps->src[lo].id = id;
	ps->nsrc++;
	return lo;
}

static int
pass_load_sources(struct pass *ps, struct err *e)
{
	static const char sql[] = "SELECT id, name, url, title FROM sources ORDER BY id";
	sqlite3_stmt *st = store_stmt(ps->s, sql, e);
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ps->nsrc == ps->src_cap) {
			ps->src_cap = ps->src_cap ? ps->src_cap * 2 : 8;
			ps->src = xreallocarray(ps->src, ps->src_cap, sizeof *ps->src);
		}
		struct pass_source *src = &ps->src[ps->nsrc++];

		memset(src, 0, sizeof *src);
		src->id = sqlite3_column_int64(st, 0);
		src->name = store_column_text(st, 1);
		src->url = store_column_text(st, 2);
		src->title = store_column_text(st, 3);
		src->known = 1;
	}
	return stats_done(ps->s, st, rc, e, "reading the sources");
}

/* Count the post's distinct link hosts (not its own, not its media). */
static void
pass_links(struct pass *ps, const char *permalink, const char *html)
{
	char own[LINK_HOST_MAX];
	size_t nseen = 0;

	if (permalink == NULL || link_host(permalink, own, sizeof own) == -1)
		own[0] = '\0';
	for (const char *at = html; html_link_next(&at, ps->link);) {
		size_t i;

		if (ps->link->kind != LINK_WEB || strcmp(ps->link->host, own) == 0 ||
		    is_media(ps->media.data, ps->link->href))
			continue;
		for (i = 0; i < nseen && strcmp(ps->seen[i], ps->link->host) != 0; i++)
			;
		if (i < nseen)
			continue; /* a post counts once for a host */
		if (nseen == ps->seen_cap) {
			ps->seen_cap = ps->seen_cap ? ps->seen_cap * 2 : 8;
			ps->seen = xreallocarray(ps->seen, ps->seen_cap, sizeof *ps->seen);
		}
		memcpy(ps->seen[nseen++], ps->link->host, sizeof ps->link->host);
		host_count(&ps->hosts, ps->link->host);
	}
}

/* The columns of the posts statement. */
enum {
	P_ID,
	P_PUBLISHED,
	P_HANDLE,
	P_NAME,
	P_URL,
	P_LANGUAGE,
	P_SHARES,
	P_LIKES,
	P_HIDDEN,
	P_PERMALINK,
	P_HTML,
};

static const char *
pass_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* STORE_AUTHOR_KEY of the row: the handle, else the name, else the URL; empty is none. */
static const char *
pass_author_key(sqlite3_stmt *st)
{
	static const int cols[] = {P_HANDLE, P_NAME, P_URL};

	for (size_t i = 0; i < ARRAY_LEN(cols); i++) {
		const char *v = pass_text(st, cols[i]);
		if (v != NULL && *v != '\0')
			return v;
	}
	return NULL;
}

/* Count a selected post for the stats. */
static void
pass_stats_row(struct pass *ps, sqlite3_stmt *st, int64_t placed, struct pass_stream *tags)
{
	struct stats *out = ps->out;
	int64_t id = sqlite3_column_int64(st, P_ID);
	int has_published = sqlite3_column_type(st, P_PUBLISHED) != SQLITE_NULL;
	int64_t t = sqlite3_column_int64(st, P_PUBLISHED);
	const char *lang = pass_text(st, P_LANGUAGE), *key = pass_author_key(st);
	const char *html = pass_text(st, P_HTML);
	int added;

	out->posts++;
	out->placed += placed;
	if (lang != NULL && *lang != '\0') {
		/* SQL's lower(): ASCII letters only. */
		buf_reset(&ps->lower);
		for (const char *c = lang; *c; c++)
			buf_addc(&ps->lower, *c >= 'A' && *c <= 'Z' ? (char)(*c - 'A' + 'a') : *c);
		buf_addc(&ps->lower, '\0');
		host_count(&ps->langs, ps->lower.data);
	}
	if (has_published) {
		int64_t quarter = t / QUARTER - (t % QUARTER < 0);

		if (!out->has_span || t < out->first)
			out->first = t;
		if (!out->has_span || t > out->last)
			out->last = t;
		out->has_span = 1;
		if (ps->last_quarter == NULL || ps->last_quarter->quarter != quarter)
			ps->last_quarter = quarter_at(&ps->qs, &ps->qs_cap, &ps->qmap, quarter);
		ps->last_quarter->posts++;
		ps->last_quarter->placed += placed;
	}
	if (key != NULL) {
		struct str_slot *slot = str_index_get(&ps->people, key, &added);
		double latest = (double)(has_published ? t : 0) * 1e6 + (double)id;
		struct pass_author *a;

		if (added) {
			if (slot->index == ps->authors_cap) {
				ps->authors_cap = ps->authors_cap ? ps->authors_cap * 2 : 64;
				ps->authors = xreallocarray(
				    ps->authors, ps->authors_cap, sizeof *ps->authors);
			}
			ps->authors[slot->index] = (struct pass_author){slot->key, 0, latest, id};
		}
		a = &ps->authors[slot->index];
		a->posts++;
		if (latest > a->latest) {
			a->latest = latest;
			a->id = id;
		}
	}
	{
		int64_t sh = sqlite3_column_int64(st, P_SHARES),
		        li = sqlite3_column_int64(st, P_LIKES);
		struct pass_shared x;
		size_t i;

		if (sh > 0 || li > 0) {
			x.id = id;
			x.shares = sh;
			x.likes = li;
			if (__builtin_add_overflow(sh, li, &x.sum))
				x.sum = INT64_MAX;
			for (i = ps->nshared; i > 0 && ps->shared[i - 1].sum < x.sum; i--)
				;
			if (i < STATS_MOST_SHARED) {
				size_t n = ps->nshared < STATS_MOST_SHARED ? ps->nshared
				                                           : STATS_MOST_SHARED - 1;

				memmove(&ps->shared[i + 1], &ps->shared[i], (n - i) * sizeof x);
				ps->shared[i] = x;
				if (ps->nshared < STATS_MOST_SHARED)
					ps->nshared++;
			}
		}
	}
	for (size_t i = 0; i < ps->npost_src; i++)
		ps->src[ps->post_src[i]].stats_posts++;
	if (tags->st != NULL && stream_at(tags, id)) {
		do {
			host_count(&ps->tags, pass_text(tags->st, 1));
			tags->rc = sqlite3_step(tags->st);
		} while (tags->rc == SQLITE_ROW && sqlite3_column_int64(tags->st, 0) == id);
	}
	if (html != NULL && strstr(html, "href") != NULL)
		pass_links(ps, pass_text(st, P_PERMALINK), html);
}

/* Count a story post for the header and the credits. */
static void
pass_story_row(struct pass *ps, sqlite3_stmt *st)
{
	struct story_counts *n = &ps->d->counts;
	int64_t t = sqlite3_column_int64(st, P_PUBLISHED);
	const char *key = pass_author_key(st);
	int added;

	if (sqlite3_column_type(st, P_PUBLISHED) != SQLITE_NULL) {
		if (!n->has_span || t < n->first)
			n->first = t;
		if (!n->has_span || t > n->last)
			n->last = t;
		n->has_span = 1;
	}
	n->media += ps->nmedia;
	if (key != NULL)
		str_index_get(&ps->story_people, key, &added);
	for (size_t i = 0; i < ps->npost_src || (i == 0 && ps->npost_src == 0); i++) {
		/* A post no source is left for counts for the removed sources. */
		struct pass_source *src = ps->npost_src ? &ps->src[ps->post_src[i]] : &ps->orphans;
		struct story_author *a;
		struct str_slot *slot;
		static const int cols[] = {P_NAME, P_HANDLE, P_URL};

		src->story_posts++;
		if (key == NULL)
			continue;
		slot = str_index_get(&src->people, key, &added);
		if (added) {
			if (slot->index == src->credits_cap) {
				src->credits_cap = src->credits_cap ? src->credits_cap * 2 : 16;
				src->credits = xreallocarray(
				    src->credits, src->credits_cap, sizeof *src->credits);
			}
			memset(&src->credits[slot->index], 0, sizeof *src->credits);
			src->credits[slot->index].key = slot->key;
		}
		a = &src->credits[slot->index].a;
		a->posts++;
		/* min() of each, as SQL has it: NULLs aside, by bytes. */
		for (size_t k = 0; k < ARRAY_LEN(cols); k++) {
			char **field = k == 0 ? &a->name : k == 1 ? &a->handle : &a->url;
			const char *v = pass_text(st, cols[k]);

			if (v != NULL && (*field == NULL || strcmp(v, *field) < 0)) {
				free(*field);
				*field = xstrdup(v);
			}
		}
	}
}

/* Read the current post's sources and media (and the media's addresses
 * when its links are counted) from their streams. */
static void
pass_attachments(
    struct pass *ps, int64_t id, struct pass_stream *sources, struct pass_stream *media, int links)
{
	ps->npost_src = 0;
	if (stream_at(sources, id)) {
		do {
			if (ps->npost_src == ps->post_src_cap) {
				ps->post_src_cap = ps->post_src_cap * 2 + 8;
				ps->post_src = xreallocarray(
				    ps->post_src, ps->post_src_cap, sizeof *ps->post_src);
			}
			ps->post_src[ps->npost_src++] =
			    pass_source_at(ps, sqlite3_column_int64(sources->st, 1));
			sources->rc = sqlite3_step(sources->st);
		} while (sources->rc == SQLITE_ROW && sqlite3_column_int64(sources->st, 0) == id);
	}
	ps->nmedia = 0;
	buf_reset(&ps->media);
	if (stream_at(media, id)) {
		do {
			const char *url = pass_text(media->st, 1),
			           *preview = pass_text(media->st, 2);

			ps->nmedia++;
			if (links && url != NULL) {
				if (ps->media.len > 0)
					buf_addc(&ps->media, '\n');
				buf_adds(&ps->media, url);
				buf_addc(&ps->media, '\n');
				buf_adds(&ps->media, preview ? preview : "");
			}
			media->rc = sqlite3_step(media->st);
		} while (media->rc == SQLITE_ROW && sqlite3_column_int64(media->st, 0) == id);
	}
	buf_addc(&ps->media, '\0');
}

/* Whether the post of the current row is one the stats select. */
static int
pass_selected(const struct pass *ps, sqlite3_stmt *st, int placed)
{
	const struct stats_query *q = ps->q;
	int has_published = sqlite3_column_type(st, P_PUBLISHED) != SQLITE_NULL;
	int64_t t = sqlite3_column_int64(st, P_PUBLISHED);

	return ps->out != NULL && sqlite3_column_int(st, P_HIDDEN) == 0 && (!q->story || placed) &&
	    (!q->has_since || (has_published && t >= q->since)) &&
	    (!q->has_until || (has_published && t < q->until));
}

/* Every post (every story post when only the digest is wanted), in id order. */
static int
pass_posts(struct pass *ps, struct err *e)
{
	static const char sql_all[] =
	    "SELECT p.id, p.published, p.author_handle, p.author_name, p.author_url, p.language,"
	    " p.shares, p.likes, p.hidden, p.permalink, p.content_html FROM posts p ORDER BY p.id";
	static const char sql_story[] =
	    "SELECT p.id, p.published, p.author_handle, p.author_name, p.author_url, NULL,"
	    " NULL, NULL, p.hidden, NULL, NULL"
	    " FROM story_items i JOIN posts p ON p.id = i.post_id ORDER BY i.post_id";
	static const char sources_all[] =
	    "SELECT post_id, source_id FROM post_sources ORDER BY post_id, source_id";
	static const char sources_story[] =
	    "SELECT ps.post_id, ps.source_id FROM story_items i"
	    " JOIN post_sources ps ON ps.post_id = i.post_id ORDER BY ps.post_id, ps.source_id";
	static const char media_all[] =
	    "SELECT post_id, url, preview_url FROM media ORDER BY post_id, position";
	static const char media_story[] =
	    "SELECT m.post_id, NULL, NULL FROM story_items i JOIN media m ON m.post_id = i.post_id"
	    " ORDER BY m.post_id";
	/* Which posts are placed: a merge, not a lookup a post. */
	static const char placed_all[] =
	    "SELECT post_id FROM story_items WHERE post_id IS NOT NULL ORDER BY post_id";
	static const char tags_sql[] =
	    "SELECT post_id, tag FROM post_tags WHERE tag NOT IN (SELECT tag FROM project_tags)"
	    " ORDER BY post_id";
	int all = ps->out != NULL;
	struct pass_stream sources = {NULL, 0}, media = {NULL, 0}, tags = {NULL, 0};
	struct pass_stream placed_ids = {NULL, 0};
	sqlite3_stmt *st;
	int rc, r = -1;

	if ((st = store_stmt(ps->s, all ? sql_all : sql_story, e)) == NULL ||
	    stream_open(ps->s, &sources, all ? sources_all : sources_story, e) == -1 ||
	    stream_open(ps->s, &media, all ? media_all : media_story, e) == -1 ||
	    (all && stream_open(ps->s, &tags, tags_sql, e) == -1) ||
	    (all && stream_open(ps->s, &placed_ids, placed_all, e) == -1))
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, P_ID);
		int placed = all ? stream_at(&placed_ids, id) : 1;
		int selected = pass_selected(ps, st, placed);

		if (!selected && !(placed && ps->d != NULL))
			continue;
		pass_attachments(ps, id, &sources, &media, selected);
		if (selected)
			pass_stats_row(ps, st, placed, &tags);
		if (placed && ps->d != NULL)
			pass_story_row(ps, st);
	}
	if (rc != SQLITE_DONE) {
		store_fail(ps->s, e, "reading the posts");
		goto out;
	}
	r = 0;
out:
	if (st != NULL)
		sqlite3_reset(st);
	if (stream_close(ps->s, &sources, e, "reading the posts' sources") == -1 ||
	    stream_close(ps->s, &media, e, "reading the posts' media") == -1 ||
	    stream_close(ps->s, &tags, e, "reading the posts' tags") == -1 ||
	    stream_close(ps->s, &placed_ids, e, "reading the story") == -1)
		r = -1;
	return r;
}

static int
author_cmp(const void *a, const void *b)
{
	const struct pass_author *x = a, *y = b;

	if (x->posts != y->posts)
		return x->posts > y->posts ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* The authors who posted most, each as their latest post shows them. */
static int
pass_stats_authors(struct pass *ps, struct err *e)
{
	static const char one[] =
	    "SELECT p.author_name, p.author_handle, p.author_url, p.author_avatar,"
	    " (SELECT im.sha256 FROM images im WHERE im.url = p.author_avatar)"
	    " FROM posts p WHERE p.id = ?1";
	struct stats *out = ps->out;
	size_t n = ps->people.n;

	out->people = (int64_t)n;
	if (n > 0)
		qsort(ps->authors, n, sizeof *ps->authors, author_cmp);
	out->authors = xcalloc(STATS_TOP_AUTHORS, sizeof *out->authors);
	for (size_t i = 0; i < n && out->nauthors < STATS_TOP_AUTHORS; i++) {
		sqlite3_stmt *st = store_stmt(ps->s, one, e);
		struct stats_author *a;
		int rc;

		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, ps->authors[i].id);
		if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				return store_fail(ps->s, e, "counting authors");
			continue; /* (a post of the selection: always there) */
		}
		a = &out->authors[out->nauthors++];
		a->author = xstrdup(ps->authors[i].key);
		a->posts = ps->authors[i].posts;
		a->name = store_column_text(st, 0);
		a->handle = store_column_text(st, 1);
		a->url = store_column_text(st, 2);
		a->avatar = store_column_text(st, 3);
		a->avatar_sha256 = store_column_text(st, 4);
		sqlite3_reset(st);
	}
	return 0;
}

/* The most shared posts, with their addresses. */
static int
pass_stats_shared(struct pass *ps, struct err *e)
{
	static const char sql[] = "SELECT permalink FROM posts WHERE id = ?1";
	struct stats *out = ps->out;

	out->shared = xcalloc(STATS_MOST_SHARED, sizeof *out->shared);
	for (size_t i = 0; i < ps->nshared; i++) {
		sqlite3_stmt *st = store_stmt(ps->s, sql, e);
		struct stats_shared *x;
		int rc;

		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, ps->shared[i].id);
		if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
			sqlite3_reset(st);
			if (rc != SQLITE_DONE)
				return store_fail(ps->s, e, "counting shares");
			continue;
		}
		x = &out->shared[out->nshared++];
		x->id = ps->shared[i].id;
		x->url = store_column_text(st, 0);
		x->shares = ps->shared[i].shares;
		x->likes = ps->shared[i].likes;
		sqlite3_reset(st);
	}
	return 0;
}

static void
pass_stats_finish(struct pass *ps)
{
	struct stats *out = ps->out;
	size_t cap = 0;

	if (ps->qs.n > 0)
		qsort(ps->qs.v, ps->qs.n, sizeof *ps->qs.v, quarter_cmp);
	host_map_top(&ps->langs, SIZE_MAX, &out->languages, &out->nlanguages);
	host_map_top(&ps->tags, STATS_TOP_TAGS, &out->tags, &out->ntags);
	host_map_top(&ps->hosts, STATS_TOP_DOMAINS, &out->domains, &out->ndomains);
	for (size_t i = 0; i < ps->nsrc; i++) {
		const struct pass_source *p = &ps->src[i];
		struct stats_source *src;

		if (!p->known)
			continue;
		if (out->nsources == cap) {
			cap = cap ? cap * 2 : 8;
			out->sources = xreallocarray(out->sources, cap, sizeof *out->sources);
		}
		src = &out->sources[out->nsources++];
		src->id = p->id;
		src->name = p->name != NULL && *p->name != '\0' ? xstrdup(p->name) : NULL;
		src->url = p->url ? xstrdup(p->url) : NULL;
		src->title = p->title ? xstrdup(p->title) : NULL;
		src->posts = p->stats_posts;
	}
}

/* SQL's lower() of s and t compared: ASCII letters only, then by bytes. */
static int
lower_cmp(const char *s, const char *t)
{
	for (;; s++, t++) {
		int a = (unsigned char)*s, b = (unsigned char)*t;

		a = a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a;
		b = b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b;
		if (a != b || a == 0)
			return a - b;
	}
}

/* By name (people without one last), without case, then by the people key. */
static int
credit_cmp(const void *pa, const void *pb)
{
	const struct pass_credit *x = pa, *y = pb;
	int c;

	if ((x->a.name == NULL) != (y->a.name == NULL))
		return x->a.name == NULL ? 1 : -1;
	if (x->a.name != NULL &&
	    ((c = lower_cmp(x->a.name, y->a.name)) != 0 || (c = strcmp(x->a.name, y->a.name)) != 0))
		return c;
	if ((c = lower_cmp(x->key, y->key)) != 0)
		return c;
	return strcmp(x->key, y->key);
}

/* One source of the credits into d (its strings and authors move there). */
static void
digest_add_source(struct story_digest *d, size_t *cap, struct pass_source *p)
{
	struct story_source *src;

	if (d->nsources == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		d->sources = xreallocarray(d->sources, *cap, sizeof *d->sources);
	}
	src = &d->sources[d->nsources++];
	memset(src, 0, sizeof *src);
	src->id = p->id;
	src->name = p->name ? xstrdup(p->name) : NULL;
	src->url = p->url ? xstrdup(p->url) : NULL;
	src->title = p->title ? xstrdup(p->title) : NULL;
	src->posts = p->story_posts;
	src->nauthors = p->people.n;
	if (src->nauthors == 0)
		return;
	qsort(p->credits, p->people.n, sizeof *p->credits, credit_cmp);
	src->authors = xcalloc(src->nauthors, sizeof *src->authors);
	for (size_t i = 0; i < src->nauthors; i++) {
		src->authors[i] = p->credits[i].a;
		memset(&p->credits[i].a, 0, sizeof p->credits[i].a);
	}
}

static int
pass_digest_finish(struct pass *ps, struct err *e)
{
	static const char sql[] =
	    "SELECT count(*), count(*) FILTER (WHERE kind = 'post'),"
	    " count(*) FILTER (WHERE kind = 'note'), count(*) FILTER (WHERE kind = 'heading')"
	    " FROM story_items";
	struct story_digest *d = ps->d;
	sqlite3_stmt *st = store_stmt(ps->s, sql, e);
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		d->counts.items = sqlite3_column_int64(st, 0);
		d->counts.posts = sqlite3_column_int64(st, 1);
		d->counts.notes = sqlite3_column_int64(st, 2);
		d->counts.headings = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_fail(ps->s, e, "counting the story");
	d->counts.authors = (int64_t)ps->story_people.n;
	for (size_t i = 0; i < ps->nsrc; i++) {
		if (ps->src[i].story_posts == 0)
			continue;
		d->counts.sources++;
		digest_add_source(d, &cap, &ps->src[i]);
	}
	if (ps->orphans.story_posts > 0)
		digest_add_source(d, &cap, &ps->orphans);
	return 0;
}

static void
pass_source_free(struct pass_source *p)
{
	free(p->name);
	free(p->url);
	free(p->title);
	for (size_t i = 0; i < p->people.n; i++) {
		free(p->credits[i].a.name);
		free(p->credits[i].a.handle);
		free(p->credits[i].a.url);
	}
	free(p->credits);
	str_index_free(&p->people);
}

static void
pass_free(struct pass *ps)
{
	for (size_t i = 0; i < ps->nsrc; i++)
		pass_source_free(&ps->src[i]);
	pass_source_free(&ps->orphans);
	free(ps->src);
	free(ps->post_src);
	buf_release(&ps->media);
	buf_release(&ps->lower);
	free(ps->qs.v);
	free(ps->qmap.slots);
	host_map_free(&ps->langs);
	host_map_free(&ps->tags);
	host_map_free(&ps->hosts);
	str_index_free(&ps->people);
	free(ps->authors);
	free(ps->link);
	free(ps->seen);
	str_index_free(&ps->story_people);
}

/* The pass for out (stats of the posts q selects) and d (the story's digest). */
static int
stats_pass(struct store *s, const struct project *p, const struct stats_query *q, struct stats *out,
    struct story_digest *d, struct err *e)
{
	struct pass ps;
	int r = -1;

	memset(&ps, 0, sizeof ps);
	ps.s = s;
	ps.q = q;
	ps.out = out;
	ps.d = d;
	buf_init(&ps.media, BUF_NOLIMIT);
	buf_init(&ps.lower, BUF_NOLIMIT);
	ps.link = xmalloc(sizeof *ps.link);
	if (out != NULL)
		memset(out, 0, sizeof *out);
	if (d != NULL)
		memset(d, 0, sizeof *d);
	if (pass_load_sources(&ps, e) == -1 || pass_posts(&ps, e) == -1)
		goto out;
	if (out != NULL) {
		pass_stats_finish(&ps);
		if (pass_stats_authors(&ps, e) == -1 || pass_stats_shared(&ps, e) == -1)
			goto out;
		stats_hours(p, &ps.qs, out);
	}
	if (d != NULL && pass_digest_finish(&ps, e) == -1)
		goto out;
	r = 0;
out:
	pass_free(&ps);
	if (r == -1) {
		if (out != NULL)
			stats_release(out);
		if (d != NULL)
			story_digest_release(d);
	}
	return r;
}

int
store_stats(struct store *s, const struct project *p, const struct stats_query *q,
    struct stats *out, struct err *e)
{
	return stats_pass(s, p, q, out, NULL, e);
}

int
store_story_digest(struct store *s, const struct project *p, struct stats *out,
    struct story_digest *d, struct err *e)
{
	static const struct stats_query all;

	return stats_pass(s, p, &all, out, d, e);
}

void
story_digest_release(struct story_digest *d)
{
	for (size_t i = 0; i < d->nsources; i++) {
		struct story_source *src = &d->sources[i];

		free(src->name);
		free(src->url);
		free(src->title);
		for (size_t k = 0; k < src->nauthors; k++) {
			free(src->authors[k].name);
			free(src->authors[k].handle);
			free(src->authors[k].url);
		}
		free(src->authors);
	}
	free(d->sources);
	memset(d, 0, sizeof *d);
}

static void
counts_free(struct stats_count *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].key);
	free(c);
}

void
stats_release(struct stats *st)
{
	free(st->days);
	free(st->hours);
	for (size_t i = 0; i < st->nauthors; i++) {
		free(st->authors[i].author);
		free(st->authors[i].name);
		free(st->authors[i].handle);
		free(st->authors[i].url);
		free(st->authors[i].avatar);
		free(st->authors[i].avatar_sha256);
	}
	free(st->authors);
	counts_free(st->tags, st->ntags);
	counts_free(st->domains, st->ndomains);
	counts_free(st->languages, st->nlanguages);
	for (size_t i = 0; i < st->nsources; i++) {
		free(st->sources[i].name);
		free(st->sources[i].url);
		free(st->sources[i].title);
	}
	free(st->sources);
	for (size_t i = 0; i < st->nshared; i++)
		free(st->shared[i].url);
	free(st->shared);
	memset(st, 0, sizeof *st);
}
