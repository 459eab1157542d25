/*
 * stats.c - `storied stats`: the collected posts in numbers, the way
 * TAGS opens a hashtag archive: totals, a sparkline of posts per hour for
 * each day of the project's time zone, the peak hours, and who posted,
 * which tags came along and where the links led. Hidden posts never
 * count; --story counts the story's posts only; --since/--until narrow
 * the window. The layout fits 80 columns. --json gives the same numbers
 * as one object whose fields other tools rely on (DESIGN.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "datetime.h"
#include "redact.h"
#include "render_stats.h"
#include "store_render.h"
#include "store_stats.h"

/* Eight heights of a bar, lowest first; an hour without posts is blank. */
static const char *const spark[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

#define COL 26 /* a column of the top lists */

static const char *
spark_of(int64_t n, int64_t max)
{
	int64_t level;

	if (n <= 0 || max <= 0)
		return " ";
	level = (n * 8 + max - 1) / max; /* 1..8 */
	return spark[level < 1 ? 0 : level > 8 ? 7 : level - 1];
}

static void
print_hour(const struct cmd_ctx *ctx, const struct stats *st, size_t h, struct buf *b)
{
	char when[48];

	time_format_zone(
	    st->hours[h].start, ctx->project.timezone, "%a %Y-%m-%d %H:%M", when, sizeof when);
	buf_printf(b, "%s (%lld %s)", when, (long long)st->hours[h].posts,
	    st->hours[h].posts == 1 ? "post" : "posts");
}

/* One cell of a top list: "  12 text", cut to the column. */
static void
cell(struct buf *line, int64_t n, const char *prefix, const char *text, size_t width)
{
	size_t start = line->len;

	if (text == NULL) {
		for (size_t i = 0; i < width; i++)
			buf_addc(line, ' ');
		return;
	}
	buf_printf(line, "%4lld %s", (long long)n, prefix);
	utf8_append_cols(line, text, width - 5 - strlen(prefix));
	for (size_t w = utf8_width(line->data + start); w < width; w++)
		buf_addc(line, ' ');
}

static void
print_tops(const struct stats *st)
{
	size_t rows = st->nauthors, ntags = st->ntags < 10 ? st->ntags : 10;
	struct buf line;

	if (ntags > rows)
		rows = ntags;
	if (st->ndomains > rows)
		rows = st->ndomains;
	if (rows == 0)
		return;
	printf("\n%-*s%-*s%s\n", COL + 1, "Top authors", COL + 1, "Top tags", "Top links");
	buf_init(&line, BUF_NOLIMIT);
	for (size_t i = 0; i < rows; i++) {
		buf_reset(&line);
		cell(&line, i < st->nauthors ? st->authors[i].posts : 0, "",
		    i < st->nauthors ? st->authors[i].author : NULL, COL);
		buf_addc(&line, ' ');
		cell(&line, i < ntags ? st->tags[i].posts : 0, "#",
		    i < ntags ? st->tags[i].key : NULL, COL);
		buf_addc(&line, ' ');
		cell(&line, i < st->ndomains ? st->domains[i].posts : 0, "",
		    i < st->ndomains ? st->domains[i].key : NULL, COL);
		while (line.len > 0 && line.data[line.len - 1] == ' ')
			buf_truncate(&line, line.len - 1);
		puts(line.data);
	}
	buf_release(&line);
}

/* "Languages  en 80, de 20": a labelled list wrapped at 80 columns. */
static void
print_list(const char *label, const struct stats_count *c, size_t n)
{
	size_t col;

	if (n == 0)
		return;
	col = (size_t)printf("%-11s", label);
	for (size_t i = 0; i < n; i++) {
		char item[320];
		int len = snprintf(item, sizeof item, "%s %lld%s", c[i].key, (long long)c[i].posts,
		    i + 1 < n ? "," : "");

		if (col + 1 + (size_t)len > 80 && col > 11)
			col = (size_t)printf("\n%-11s", "") - 1;
		col += (size_t)printf(" %s", item);
	}
	putchar('\n');
}

static void
print_text(struct cmd_ctx *ctx, const struct stats *st, int story)
{
	const char *zone = ctx->project.timezone;
	char a[48], b[48];
	struct buf line;
	int64_t max;

	printf("%lld %s by %lld %s", (long long)st->posts, st->posts == 1 ? "post" : "posts",
	    (long long)st->people, st->people == 1 ? "person" : "people");
	if (!story)
		printf(", %lld in the story", (long long)st->placed);
	putchar('\n');
	if (!st->has_span) {
		if (st->posts > 0)
			puts("(no post has a date)");
		goto tops;
	}
	time_format_zone(st->first, zone, "%Y-%m-%d %H:%M", a, sizeof a);
	time_format_zone(st->last, zone, "%Y-%m-%d %H:%M", b, sizeof b);
	printf("from %s to %s (%s)\n\n", a, b, zone);

	max = st->hours[st->peak_hour].posts;
	/* label(14) count(6) two spaces, then 24 hours */
	printf(
	    "%-14s%6s  %-6s%-6s%-6s%-6s%s\n", "Posts per hour", "", "0", "6", "12", "18", "peak");
	buf_init(&line, BUF_NOLIMIT);
	for (size_t i = 0; i < st->ndays; i++) {
		const struct stats_day *d = &st->days[i];

		buf_reset(&line);
		time_format_zone(d->start, zone, "%a %Y-%m-%d", a, sizeof a);
		buf_printf(&line, "%-14s%6lld  ", a, (long long)d->posts);
		for (size_t h = d->first_hour; h < d->first_hour + d->nhours; h++)
			buf_adds(&line, spark_of(st->hours[h].posts, max));
		for (size_t h = d->nhours; h < 24; h++)
			buf_addc(&line, ' ');
		if (d->posts > 0) {
			time_format_zone(st->hours[d->peak_hour].start, zone, "%H:%M", b, sizeof b);
			buf_printf(&line, "  %s", b);
		}
		while (line.len > 0 && line.data[line.len - 1] == ' ')
			buf_truncate(&line, line.len - 1);
		puts(line.data);
	}

	/* The three busiest hours, busiest first, earlier first among equals. */
	{
		size_t top[3];
		size_t ntop = 0;

		for (size_t h = 0; h < st->nhours; h++) {
			size_t j;

			if (st->hours[h].posts == 0)
				continue;
			for (j = ntop; j > 0 && st->hours[top[j - 1]].posts < st->hours[h].posts;
			     j--)
				if (j < 3)
					top[j] = top[j - 1];
			if (j < 3) {
				top[j] = h;
				if (ntop < 3)
					ntop++;
			}
		}
		printf("\nPeak hours");
		for (size_t i = 0; i < ntop; i++) {
			buf_reset(&line);
			print_hour(ctx, st, top[i], &line);
			printf("%s%s\n", i ? "           " : " ", line.data);
		}
		if (ntop == 0)
			putchar('\n');
	}
	buf_release(&line);
tops:
	print_tops(st);
	if (st->nlanguages || st->nsources || st->nshared)
		putchar('\n');
	print_list("Languages", st->languages, st->nlanguages);
	for (size_t i = 0; i < st->nsources; i++) {
		const struct stats_source *src = &st->sources[i];
		char *shown = source_label(src->name, src->title, src->url, 0);

		printf("%-11s %4lld  %lld %s\n", i ? "" : "Sources", (long long)src->posts,
		    (long long)src->id, shown ? shown : "");
		free(shown);
	}
	for (size_t i = 0; i < st->nshared; i++)
		printf("%-11s %4lld shares %4lld likes  %lld %s\n", i ? "" : "Most shared",
		    (long long)st->shared[i].shares, (long long)st->shared[i].likes,
		    (long long)st->shared[i].id, st->shared[i].url ? st->shared[i].url : "");
}

static int
cmd_stats(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"story", no_argument, NULL, 'S'},
	    {"since", required_argument, NULL, 's'},
	    {"until", required_argument, NULL, 'u'},
	    {NULL, 0, NULL, 0},
	};
	struct stats_query q;
	struct stats st;
	int ch, json = 0, status = EXIT_OK;

	memset(&q, 0, sizeof q);
	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'S':
			q.story = 1;
			break;
		case 's':
		case 'u':
			if (when_parse(optarg, ctx->project.timezone,
			        ch == 's' ? &q.since : &q.until, &ctx->err) == -1) {
				err_prefix(&ctx->err, "--%s: ", ch == 's' ? "since" : "until");
				return cli_error(ctx);
			}
			*(ch == 's' ? &q.has_since : &q.has_until) = 1;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < ctx->argc)
		return cli_usage(ctx, "unexpected argument '%s'", ctx->argv[optind]);
	if (q.has_since && q.has_until && q.until <= q.since)
		return cli_usage(ctx, "--until must be later than --since");
	if (store_read_begin(ctx->store, &ctx->err) == -1 ||
	    store_stats(ctx->store, &ctx->project, &q, &st, &ctx->err) == -1) {
		store_rollback(ctx->store);
		return cli_error(ctx);
	}
	store_rollback(ctx->store);
	if (json) {
		json_t *o = stats_json(&st, 0);
		status = cli_json_print(ctx, o);
		json_decref(o);
	} else {
		print_text(ctx, &st, q.story);
		if (fflush(stdout) == EOF || ferror(stdout))
			status = cli_fail(ctx, "writing the output failed");
	}
	stats_release(&st);
	return status;
}

const struct cmd_entry cmd_stats_entry = {"stats",
    "[--json] [--story] [--since WHEN] [--until WHEN]",
    "the collected posts in numbers: per day, per hour, top authors, tags, links",
    "Counts the collected posts that are not hidden, in the project's time zone:\n"
    "totals, a sparkline of posts per hour for each day (one mark an hour, from\n"
    "midnight), the busiest hours, the top authors (handle, else name), the\n"
    "hashtags used with the project's own, the domains the posts link to (not\n"
    "mentions, hashtags, media nor the post's own server; without www.),\n"
    "languages, posts per source (a post reached by two sources counts for\n"
    "both) and, where a source gave the counts, the most shared posts.\n"
    "\n"
    "Options:\n"
    "  --story         only the posts placed in the story\n"
    "  --since WHEN    published at or after WHEN (project time zone)\n"
    "  --until WHEN    published before WHEN\n"
    "  --json          one object: posts, people, first, last (UTC, null when no\n"
    "                  post has a date), per_day [{day, posts}], per_hour\n"
    "                  [{start, posts}] (every hour of the zone from the first\n"
    "                  post's to the last's, start in UTC), top_authors [{author,\n"
    "                  posts}] (10), top_tags [{tag, posts}] (20), top_domains\n"
    "                  [{domain, posts}] (10), languages [{language, posts}],\n"
    "                  by_source [{id, name, posts}], most_shared [{id, url,\n"
    "                  shares, likes}] (10)\n",
    CMD_PROJECT, cmd_stats};
