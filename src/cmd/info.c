/*
 * info.c - `storied info`: what a project is and holds, at a glance.
 * Times are shown in the project's time zone; --json gives the same facts
 * with UTC instants for scripts.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "datetime.h"
#include "store_archive.h"

static void
print_time(const char *label, int has, int64_t t, const char *zone)
{
	char when[64];

	if (!has) {
		printf("%-10s -\n", label);
		return;
	}
	time_format_zone(t, zone, "%Y-%m-%d %H:%M %Z", when, sizeof when);
	printf("%-10s %s\n", label, when);
}

/* "12.3 MB": a byte count for people. */
static void
human_bytes(int64_t n, char *out, size_t size)
{
	static const char *const unit[] = {"bytes", "KB", "MB", "GB", "TB"};
	double v = (double)n;
	int u = 0;

	while (v >= 1000 && u < 4)
		v /= 1000, u++;
	if (u == 0)
		snprintf(out, size, "%lld bytes", (long long)n);
	else
		snprintf(out, size, "%.1f %s", v, unit[u]);
}

static int
info_json(struct cmd_ctx *ctx, const struct store_counts *c, const struct archive_counts *a)
{
	const struct project *p = &ctx->project;
	json_t *o = json_object(), *tags = json_array();
	char t[32];
	int r;

	for (size_t i = 0; i < p->ntags; i++)
		json_array_append_new(tags, json_string(p->tags[i].tag));
	json_object_set_new(o, "project", json_string(ctx->project_path));
	json_object_set_new(o, "title", json_string(p->title));
	json_object_set_new(
	    o, "description", p->description ? json_string(p->description) : json_null());
	json_object_set_new(o, "language", json_string(p->language));
	json_object_set_new(o, "timezone", json_string(p->timezone));
	json_object_set_new(o, "tags", tags);
	time_format_utc(p->since_t, t, sizeof t);
	json_object_set_new(o, "since", p->has_since ? json_string(t) : json_null());
	time_format_utc(p->until_t, t, sizeof t);
	json_object_set_new(o, "until", p->has_until ? json_string(t) : json_null());
	json_object_set_new(o, "sources", json_integer(c->sources));
	json_object_set_new(o, "posts", json_integer(c->posts));
	json_object_set_new(o, "posts_hidden", json_integer(c->posts_hidden));
	json_object_set_new(o, "story_items", json_integer(c->items));
	time_format_utc(c->last_collect, t, sizeof t);
	json_object_set_new(o, "last_collect", c->last_collect ? json_string(t) : json_null());
	json_object_set_new(o, "media",
	    json_pack("{sI sI sI sI}", "total", (json_int_t)a->media, "archived",
	        (json_int_t)a->media_archived, "failed", (json_int_t)a->media_failed, "pending",
	        (json_int_t)a->media_pending));
	json_object_set_new(o, "avatars_and_images",
	    json_pack("{sI sI}", "total", (json_int_t)a->images, "archived",
	        (json_int_t)a->images_archived));
	json_object_set_new(o, "link_cards",
	    json_pack("{sI sI}", "total", (json_int_t)a->cards, "read", (json_int_t)a->cards_read));
	json_object_set_new(o, "blobs", json_integer(a->blobs));
	json_object_set_new(o, "blob_bytes", json_integer(a->blob_bytes));
	r = cli_json_print(ctx, o);
	json_decref(o);
	return r;
}

static int
cmd_info(struct cmd_ctx *ctx)
{
	const struct project *p = &ctx->project;
	struct store_counts c;
	struct archive_counts a;
	char size[32];
	int json, status;

	if ((status = cli_json_flag(ctx, &json)) != EXIT_OK)
		return status;
	if (store_counts(ctx->store, &c, &ctx->err) == -1 ||
	    store_archive_counts(ctx->store, &a, &ctx->err) == -1)
		return cli_error(ctx);
	if (json)
		return info_json(ctx, &c, &a);

	printf("%-10s %s\n", "project", ctx->project_path);
	printf("%-10s %s\n", "title", p->title);
	if (p->description)
		printf("%-10s %s\n", "about", p->description);
	printf("%-10s", "tags");
	if (p->ntags == 0)
		printf(" (none: every post is kept)");
	for (size_t i = 0; i < p->ntags; i++)
		printf(" #%s", p->tags[i].display);
	putchar('\n');
	print_time("since", p->has_since, p->since_t, p->timezone);
	print_time("until", p->has_until, p->until_t, p->timezone);
	printf("%-10s %s\n", "timezone", p->timezone);
	printf("%-10s %s\n", "language", p->language);
	printf("%-10s %lld\n", "sources", (long long)c.sources);
	printf("%-10s %lld", "posts", (long long)c.posts);
	if (c.posts_hidden)
		printf(" (%lld hidden)", (long long)c.posts_hidden);
	putchar('\n');
	printf("%-10s %lld items (%lld posts)\n", "story", (long long)c.items,
	    (long long)c.items_posts);
	if (c.last_collect)
		print_time("collected", 1, c.last_collect, p->timezone);
	else
		printf("%-10s never\n", "collected");
	human_bytes(a.blob_bytes, size, sizeof size);
	printf("%-10s %lld archived, %lld failed, %lld pending (of %lld); %lld of %lld avatars and"
	       " card images\n",
	    "media", (long long)a.media_archived, (long long)a.media_failed,
	    (long long)a.media_pending, (long long)a.media, (long long)a.images_archived,
	    (long long)a.images);
	printf("%-10s %lld files, %s\n", "archive", (long long)a.blobs, size);
	if (a.cards)
		printf("%-10s %lld read of %lld\n", "cards", (long long)a.cards_read,
		    (long long)a.cards);
	return EXIT_OK;
}

const struct cmd_entry cmd_info_entry = {
    "info", "[--json]", "show the project's settings and counts", "", CMD_PROJECT, cmd_info};
