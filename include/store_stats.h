/*
 * store_stats.h - the collected posts in numbers: totals, posts per day
 * and per hour of the project's time zone, who posted most, which tags
 * came along, where the links led, in which languages, from which
 * sources, and what was shared most. `storied stats` prints it and the
 * rendered story draws it; see docs/templates.md for the fields.
 *
 * Hidden posts never count. The posts are read in one pass, which can
 * count the story's header and credits (store_render.h) on the way.
 */
#ifndef STORIED_STORE_STATS_H
#define STORIED_STORE_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "store_render.h"

struct stats_query {
	int story; /* only posts placed in the story */
	int has_since, has_until;
	int64_t since, until; /* since <= published < until */
};

/* One hour of the zone; start is its first instant (UTC). */
struct stats_hour {
	int64_t start;
	int64_t posts;
	int64_t placed; /* of them, placed in the story */
};

/* One day of the zone, with the hours that make it up. */
struct stats_day {
	char day[11];  /* YYYY-MM-DD */
	int64_t start; /* its first instant (UTC) */
	int64_t posts, placed;
	size_t first_hour, nhours; /* its hours in stats.hours */
	size_t peak_hour;          /* the index of its busiest hour */
};

/* A name and how many posts: tags, domains, languages. */
struct stats_count {
	char *key;
	int64_t posts;
};

struct stats_author {
	char *author;                       /* the handle, else the name: the key */
	char *name, *handle, *url, *avatar; /* from the author's latest post */
	char *avatar_sha256;                /* the archived avatar's blob, or NULL */
	int64_t posts;
};

struct stats_source {
	int64_t id;
	char *name;  /* the source's name, NULL when it has none */
	char *title; /* the feed's own title, or NULL */
	char *url;
	int64_t posts;
};

struct stats_shared {
	int64_t id;
	char *url;
	int64_t shares, likes;
};

#define STATS_TOP_AUTHORS 10
#define STATS_TOP_TAGS 20
#define STATS_TOP_DOMAINS 10
#define STATS_MOST_SHARED 10

struct stats {
	int64_t posts, people, placed;
	int has_span;        /* 0 when no post has a date */
	int64_t first, last; /* the first and last post's time */
	/* Whole days from the first post's day to the last's, every hour of
	 * each (zeros too); first_hour..last_hour are the hours from the
	 * first post's to the last's. Empty without a span. */
	struct stats_day *days;
	size_t ndays;
	struct stats_hour *hours;
	size_t nhours, first_hour, last_hour;
	size_t peak_hour; /* the busiest hour (the first of equals) */
	struct stats_author *authors;
	size_t nauthors;
	struct stats_count *tags, *domains, *languages;
	size_t ntags, ndomains, nlanguages;
	struct stats_source *sources;
	size_t nsources;
	struct stats_shared *shared;
	size_t nshared;
};

/*
 * Fill out (the caller releases it with stats_release) with the numbers
 * of project p's posts that q selects, days and hours in p->timezone.
 * Returns 0, or -1 with e filled.
 */
int store_stats(struct store *s, const struct project *p, const struct stats_query *q,
    struct stats *out, struct err *e);
void stats_release(struct stats *st);

/*
 * The story's counts and credits into d (released with
 * story_digest_release), and when out is not NULL the stats of every
 * post (a zero stats_query) into it, from the same pass.
 */
int store_story_digest(struct store *s, const struct project *p, struct stats *out,
    struct story_digest *d, struct err *e);

#endif
