/*
 * stats.c - the posts in numbers (store_stats.h): one SQL query a figure,
 * all over the same selection of posts, in the caller's read transaction.
 *
 * Hours and days belong to the project's time zone, which SQLite does not
 * know: SQL counts posts per quarter hour of UTC, and each quarter lands
 * in the zone's hour it starts (whole days of hours are laid out from the
 * first post's local midnight, an hour after another). Every zone's
 * offset is a whole number of quarter hours, so no quarter straddles two
 * hours. Links are found by scanning each post's HTML (links.h) as the
 * posts are selected: a map of hosts counts each post once per host.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datetime.h"
#include "internal.h"
#include "links.h"
#include "store_stats.h"

/* The posts a query selects: ?1 story only, ?2/?3 since, ?4/?5 until. */
#define STATS_WHERE                                                                                \
	" p.hidden = 0"                                                                            \
	" AND (?1 = 0 OR EXISTS (SELECT 1 FROM story_items si WHERE si.post_id = p.id))"           \
	" AND (?2 = 0 OR p.published >= ?3) AND (?4 = 0 OR p.published < ?5)"
#define STATS_PLACED "EXISTS (SELECT 1 FROM story_items si WHERE si.post_id = p.id)"
#define STATS_AUTHOR STORE_AUTHOR_KEY

/*
 * The selected posts' narrow columns, copied once into a temporary table
 * (memory: temp_store), so each figure reads those and not the posts'
 * wide rows again (their flags sit after the original item, often on
 * overflow pages). Temporary tables are the connection's own: a read
 * transaction on the project may fill them. `scanned` is always NULL: its
 * value is the call that counts the post's links (stats_select).
 */
static const char stats_sel_create[] =
    "CREATE TEMP TABLE IF NOT EXISTS stats_sel (id INTEGER PRIMARY KEY, published INTEGER,"
    " author TEXT, language TEXT, placed INTEGER, shares INTEGER, likes INTEGER, scanned);"
    "DELETE FROM temp.stats_sel;";

#define QUARTER 900

static sqlite3_stmt *
stats_stmt(struct store *s, const char *sql, const struct stats_query *q, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return NULL;
	sqlite3_bind_int(st, 1, q->story != 0);
	sqlite3_bind_int(st, 2, q->has_since != 0);
	sqlite3_bind_int64(st, 3, q->since);
	sqlite3_bind_int(st, 4, q->has_until != 0);
	sqlite3_bind_int64(st, 5, q->until);
	return st;
}

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

static int
stats_authors(struct store *s, const struct stats_query *q, struct stats *out, struct err *e)
{
	/* Every author's group, to count them; SQLite fills the bare id from
	 * the row max() picks: the latest post, whose details are shown. */
	static const char sql[] =
	    "SELECT author, count(*) AS n, max(coalesce(published, 0) * 1e6 + id) AS k, id"
	    " FROM temp.stats_sel WHERE author IS NOT NULL AND ?1 = ?1"
	    " GROUP BY author ORDER BY n DESC, author";
	static const char one[] =
	    "SELECT p.author_name, p.author_handle, p.author_url, p.author_avatar,"
	    " (SELECT im.sha256 FROM images im WHERE im.url = p.author_avatar)"
	    " FROM posts p WHERE p.id = ?1";
	sqlite3_stmt *st = stats_stmt(s, sql, q, e), *pst;
	int rc, prc;

	if (st == NULL)
		return -1;
	out->authors = xcalloc(STATS_TOP_AUTHORS, sizeof *out->authors);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct stats_author *a;

		out->people++;
		if (out->nauthors == STATS_TOP_AUTHORS)
			continue;
		if ((pst = store_stmt(s, one, e)) == NULL) {
			sqlite3_reset(st);
			return -1;
		}
		sqlite3_bind_int64(pst, 1, sqlite3_column_int64(st, 3));
		if ((prc = sqlite3_step(pst)) != SQLITE_ROW) {
			sqlite3_reset(pst);
			continue; /* (a post of the selection: always there) */
		}
		a = &out->authors[out->nauthors++];
		a->author = store_column_text(st, 0);
		a->posts = sqlite3_column_int64(st, 1);
		a->name = store_column_text(pst, 0);
		a->handle = store_column_text(pst, 1);
		a->url = store_column_text(pst, 2);
		a->avatar = store_column_text(pst, 3);
		a->avatar_sha256 = store_column_text(pst, 4);
		sqlite3_reset(pst);
	}
	return stats_done(s, st, rc, e, "counting authors");
}

/* Rows of (text, count) into a list of at most max. */
static int
stats_counts(struct store *s, sqlite3_stmt *st, size_t max, struct stats_count **list, size_t *n,
    struct err *e, const char *what)
{
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*list = xreallocarray(*list, cap, sizeof **list);
		}
		(*list)[*n].key = store_column_text(st, 0);
		(*list)[*n].posts = sqlite3_column_int64(st, 1);
		if ((*list)[*n].key != NULL)
			(*n)++;
	}
	return stats_done(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, e, what);
}

static int
stats_tags(struct store *s, const struct stats_query *q, struct stats *out, struct err *e)
{
	static const char sql[] =
	    "SELECT t.tag, count(*) AS n FROM post_tags t JOIN temp.stats_sel p ON p.id = t.post_id"
	    " WHERE t.tag NOT IN (SELECT tag FROM project_tags) AND ?1 = ?1"
	    " GROUP BY t.tag ORDER BY n DESC, t.tag LIMIT 20";

	return stats_counts(s, stats_stmt(s, sql, q, e), STATS_TOP_TAGS, &out->tags, &out->ntags, e,
	    "counting tags");
}

static int
stats_sources(struct store *s, const struct stats_query *q, struct stats *out, struct err *e)
{
	static const char sql[] =
	    "SELECT src.id, nullif(src.name, ''), src.url, src.title,"
	    " (SELECT count(*) FROM post_sources ps JOIN temp.stats_sel p ON p.id = ps.post_id"
	    "  WHERE ps.source_id = src.id)"
	    " FROM sources src WHERE ?1 = ?1 ORDER BY src.id";
	sqlite3_stmt *st = stats_stmt(s, sql, q, e);
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct stats_source *src;

		if (out->nsources == cap) {
			cap = cap ? cap * 2 : 8;
			out->sources = xreallocarray(out->sources, cap, sizeof *out->sources);
		}
		src = &out->sources[out->nsources++];
		src->id = sqlite3_column_int64(st, 0);
		src->name = store_column_text(st, 1);
		src->url = store_column_text(st, 2);
		src->title = store_column_text(st, 3);
		src->posts = sqlite3_column_int64(st, 4);
	}
	return stats_done(s, st, rc, e, "counting posts per source");
}

/* Hosts and their counts: open addressing, grown at half full. */
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

static int
count_cmp(const void *a, const void *b)
{
	const struct stats_count *x = a, *y = b;

	if (x->posts != y->posts)
		return x->posts > y->posts ? -1 : 1;
	return strcmp(x->key, y->key);
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

/*
 * One pass over the selection, counted here, for the totals, the hours
 * and the languages: posts per quarter hour (undated posts only in the
 * totals), the first and last time, posts per language (most first, then
 * by name). The distinct authors are counted by stats_authors, which
 * groups them anyway.
 */
static int
stats_totals(struct store *s, const struct stats_query *q, struct stats *out, struct quarters *qs,
    struct err *e)
{
	static const char sql[] =
	    "SELECT published, placed, language FROM temp.stats_sel WHERE ?1 = ?1";
	sqlite3_stmt *st = stats_stmt(s, sql, q, e);
	struct quarter_map m = {NULL, 0};
	struct host_map langs = {NULL, 0, 0};
	struct quarter *last = NULL;
	size_t cap = 0, n = 0;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t t = sqlite3_column_int64(st, 0), placed = sqlite3_column_int64(st, 1);
		const char *lang = (const char *)sqlite3_column_text(st, 2);
		int64_t quarter = t / QUARTER - (t % QUARTER < 0);

		out->posts++;
		out->placed += placed;
		if (lang != NULL)
			host_count(&langs, lang);
		if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			continue;
		if (!out->has_span || t < out->first)
			out->first = t;
		if (!out->has_span || t > out->last)
			out->last = t;
		out->has_span = 1;
		if (last == NULL || last->quarter != quarter)
			last = quarter_at(qs, &cap, &m, quarter);
		last->posts++;
		last->placed += placed;
	}
	free(m.slots);
	if (qs->n > 0)
		qsort(qs->v, qs->n, sizeof *qs->v, quarter_cmp);
	for (size_t i = 0; i < langs.cap; i++)
		if (langs.slots[i].key != NULL)
			langs.slots[n++] = langs.slots[i];
	if (n > 0)
		qsort(langs.slots, n, sizeof *langs.slots, count_cmp);
	out->languages = langs.slots;
	out->nlanguages = n;
	return stats_done(s, st, rc, e, "counting posts");
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

/*
 * The link hosts of the selected posts, counted while they are selected:
 * storied_link_hosts(permalink, html, media) is called by the selection
 * for each post with a link, so the posts' wide rows are read once.
 */
struct link_scan {
	struct host_map map;
	struct html_link *link;
	char (*seen)[LINK_HOST_MAX];
	size_t cap;
};

static void
link_hosts_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct link_scan *ls = sqlite3_user_data(cx);
	const char *permalink = (const char *)sqlite3_value_text(argv[0]);
	const char *html = (const char *)sqlite3_value_text(argv[1]);
	const char *media = argc > 2 ? (const char *)sqlite3_value_text(argv[2]) : NULL;
	char own[LINK_HOST_MAX];
	size_t nseen = 0;

	if (permalink == NULL || link_host(permalink, own, sizeof own) == -1)
		own[0] = '\0';
	for (const char *at = html ? html : ""; html_link_next(&at, ls->link);) {
		size_t i;

		if (ls->link->kind != LINK_WEB || strcmp(ls->link->host, own) == 0 ||
		    is_media(media, ls->link->href))
			continue;
		for (i = 0; i < nseen && strcmp(ls->seen[i], ls->link->host) != 0; i++)
			;
		if (i < nseen)
			continue; /* a post counts once for a host */
		if (nseen == ls->cap) {
			ls->cap = ls->cap ? ls->cap * 2 : 8;
			ls->seen = xreallocarray(ls->seen, ls->cap, sizeof *ls->seen);
		}
		memcpy(ls->seen[nseen++], ls->link->host, sizeof ls->link->host);
		host_count(&ls->map, ls->link->host);
	}
	sqlite3_result_null(cx);
}

/*
 * storied_contains(text, word): 1 when word is in text, as instr(text,
 * word) > 0 says, found by strstr (instr compares at every character:
 * over every post's HTML that was a tenth of a render).
 */
static void
contains_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	const char *word = (const char *)sqlite3_value_text(argv[1]);

	(void)argc;
	if (text == NULL || word == NULL)
		sqlite3_result_null(cx);
	else
		sqlite3_result_int(cx, strstr(text, word) != NULL);
}

static void
link_scan_free(struct link_scan *ls)
{
	for (size_t i = 0; i < ls->map.cap; i++)
		free(ls->map.slots[i].key);
	free(ls->map.slots);
	free(ls->link);
	free(ls->seen);
}

/* The ten most linked hosts of the scan into out (the scan's map is used up). */
static void
stats_domains(struct link_scan *ls, struct stats *out)
{
	struct host_map *map = &ls->map;
	size_t n = 0;

	for (size_t i = 0; i < map->cap; i++)
		if (map->slots[i].key != NULL)
			map->slots[n++] = map->slots[i];
	if (n > 0)
		qsort(map->slots, n, sizeof *map->slots, count_cmp);
	for (size_t i = STATS_TOP_DOMAINS; i < n; i++)
		free(map->slots[i].key);
	out->domains = map->slots;
	out->ndomains = n < STATS_TOP_DOMAINS ? n : STATS_TOP_DOMAINS;
	map->slots = NULL;
	map->cap = map->used = 0;
}

/* Select the posts into temp.stats_sel, counting their links on the way. */
static int
stats_select(struct store *s, const struct stats_query *q, struct stats *out, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO temp.stats_sel SELECT p.id, p.published, " STATS_AUTHOR ","
	    " lower(nullif(p.language, '')), " STATS_PLACED ", p.shares, p.likes,"
	    " CASE WHEN storied_contains(p.content_html, 'href') THEN storied_link_hosts(p.permalink,"
	    "  p.content_html, (SELECT group_concat(m.url || char(10) || coalesce(m.preview_url, ''),"
	    "  char(10)) FROM media m WHERE m.post_id = p.id)) END"
	    " FROM posts p WHERE" STATS_WHERE;
	struct link_scan ls = {{NULL, 0, 0}, xmalloc(sizeof *ls.link), NULL, 0};
	sqlite3_stmt *st = NULL;
	int r = -1;

	/* The function knows this call's map: made for this statement and
	 * dropped after it (so the statement is not cached). */
	if (store_exec(s, stats_sel_create, e) == -1)
		goto out;
	if (sqlite3_create_function(s->db, "storied_link_hosts", 3, SQLITE_UTF8 | SQLITE_DIRECTONLY,
	        &ls, link_hosts_fn, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(s->db, "storied_contains", 2,
	        SQLITE_UTF8 | SQLITE_DIRECTONLY | SQLITE_DETERMINISTIC, NULL, contains_fn, NULL,
	        NULL) != SQLITE_OK) {
		store_fail(s, e, "counting links");
		goto out;
	}
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, e, "selecting posts");
		goto out;
	}
	sqlite3_bind_int(st, 1, q->story != 0);
	sqlite3_bind_int(st, 2, q->has_since != 0);
	sqlite3_bind_int64(st, 3, q->since);
	sqlite3_bind_int(st, 4, q->has_until != 0);
	sqlite3_bind_int64(st, 5, q->until);
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_fail(s, e, "selecting posts");
		goto out;
	}
	stats_domains(&ls, out);
	r = 0;
out:
	sqlite3_finalize(st);
	sqlite3_create_function(
	    s->db, "storied_link_hosts", 3, SQLITE_UTF8, NULL, NULL, NULL, NULL);
	sqlite3_create_function(s->db, "storied_contains", 2, SQLITE_UTF8, NULL, NULL, NULL, NULL);
	link_scan_free(&ls);
	return r;
}

static int
stats_shared(struct store *s, const struct stats_query *q, struct stats *out, struct err *e)
{
	static const char sql[] =
	    "SELECT t.id, p.permalink, t.sh, t.li FROM"
	    " (SELECT id, coalesce(shares, 0) AS sh, coalesce(likes, 0) AS li FROM temp.stats_sel"
	    "  WHERE (shares > 0 OR likes > 0) AND ?1 = ?1 ORDER BY sh + li DESC, id LIMIT 10) t"
	    " JOIN posts p ON p.id = t.id ORDER BY t.sh + t.li DESC, t.id";
	sqlite3_stmt *st = stats_stmt(s, sql, q, e);
	int rc;

	if (st == NULL)
		return -1;
	out->shared = xcalloc(STATS_MOST_SHARED, sizeof *out->shared);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->nshared < STATS_MOST_SHARED) {
		struct stats_shared *x = &out->shared[out->nshared++];

		x->id = sqlite3_column_int64(st, 0);
		x->url = store_column_text(st, 1);
		x->shares = sqlite3_column_int64(st, 2);
		x->likes = sqlite3_column_int64(st, 3);
	}
	return stats_done(s, st, rc == SQLITE_ROW ? SQLITE_DONE : rc, e, "counting shares");
}

int
store_stats(struct store *s, const struct project *p, const struct stats_query *q,
    struct stats *out, struct err *e)
{
	struct quarters qs = {NULL, 0};
	int r;

	memset(out, 0, sizeof *out);
	r = stats_select(s, q, out, e) == -1 || stats_totals(s, q, out, &qs, e) == -1 ||
	        stats_authors(s, q, out, e) == -1 || stats_tags(s, q, out, e) == -1 ||
	        stats_sources(s, q, out, e) == -1 || stats_shared(s, q, out, e) == -1
	    ? -1
	    : 0;
	if (r == 0)
		stats_hours(p, &qs, out);
	free(qs.v);
	if (r == -1)
		stats_release(out);
	return r;
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
