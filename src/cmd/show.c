/*
 * show.c - `storied show`: the story in order, one item a line, numbered,
 * with the item ids every other curation command takes. A caption shows
 * on the line below its post. --json gives each item's id, kind, post_id,
 * text (a note's or heading's source, a post's plain text), caption, plus
 * its place (1-based index), heading level and the post's author, url,
 * published time (UTC) and title.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "curate_args.h"
#include "datetime.h"

static json_t *
item_json(const struct story_item *it, size_t index)
{
	json_t *o = json_object();
	const struct post_brief *p = &it->post;
	char when[32];

	json_object_set_new(o, "id", json_integer(it->id));
	json_object_set_new(o, "kind", json_string(story_kind_name(it->kind)));
	json_object_set_new(o, "post_id",
	                    it->kind == STORY_POST ? json_integer(it->post_id) : json_null());
	if (it->kind == STORY_POST) {
		json_object_set_new(o, "text", json_string(p->text ? p->text : ""));
		json_object_set_new(o, "caption", it->body ? json_string(it->body) : json_null());
	} else {
		json_object_set_new(o, "text", json_string(it->body ? it->body : ""));
		json_object_set_new(o, "caption", json_null());
	}
	json_object_set_new(o, "index", json_integer((json_int_t)index));
	json_object_set_new(o, "level",
	                    it->kind == STORY_HEADING ? json_integer(it->level) : json_null());
	if (it->kind == STORY_POST) {
		time_format_utc(p->published, when, sizeof when);
		json_object_set_new(o, "author", json_string(post_brief_author(p)));
		json_object_set_new(o, "url", p->url ? json_string(p->url) : json_null());
		json_object_set_new(o, "published",
		                    p->has_published ? json_string(when) : json_null());
		json_object_set_new(o, "title", p->title ? json_string(p->title) : json_null());
		json_object_set_new(o, "hidden", json_boolean(p->hidden));
	}
	return o;
}

static void
print_item(struct cmd_ctx *ctx, const struct story_item *it, size_t index, int cols)
{
	struct buf line;
	char when[32] = "";
	const char *author = "";
	int text_cols;
	size_t start;

	buf_init(&line, BUF_NOLIMIT);
	if (it->kind == STORY_POST) {
		curate_time(ctx, it->post.has_published, it->post.published, when, sizeof when);
		author = post_brief_author(&it->post);
	}
	buf_printf(&line, "%4zu %6lld %-7s %-16s  ", index, (long long)it->id,
	           story_kind_name(it->kind), when);
	start = line.len;
	utf8_append_cols(&line, author, 18);
	for (size_t w = utf8_width(line.data + start); w < 18; w++)
		buf_addc(&line, ' ');
	buf_adds(&line, "  ");
	text_cols = cols - (int)utf8_width(line.data);
	if (text_cols < 10)
		text_cols = 10;
	if (it->kind == STORY_HEADING) {
		for (int i = 0; i < it->level; i++)
			buf_addc(&line, '#');
		buf_addc(&line, ' ');
		curate_first_line(&line, it->body, (size_t)text_cols - (size_t)it->level - 1);
	} else if (it->kind == STORY_NOTE) {
		curate_first_line(&line, it->body, (size_t)text_cols);
	} else {
		curate_post_headline(&line, &it->post, (size_t)text_cols);
	}
	puts(line.data);
	if (it->kind == STORY_POST && !str_empty(it->body)) {
		buf_reset(&line);
		buf_printf(&line, "%*s> ", 56, "");
		curate_first_line(&line, it->body, (size_t)(cols > 68 ? cols - 58 : 10));
		puts(line.data);
	}
	buf_release(&line);
}

static int
cmd_show(struct cmd_ctx *ctx)
{
	struct story st;
	int json, status, cols;

	if ((status = cli_json_flag(ctx, &json)) != EXIT_OK)
		return status;
	if (store_story_load(ctx->store, 1, &st, &ctx->err) == -1)
		return cli_error(ctx);
	if (json) {
		struct json_stream js = {0, 0};
		for (size_t i = 0; i < st.n; i++)
			json_stream_item(&js, item_json(&st.items[i], i + 1));
		if (json_stream_end(&js) == -1)
			status = cli_fail(ctx, "writing JSON failed");
	} else if (st.n == 0) {
		cli_note(ctx, "the story is empty: place posts with 'storied add POST...' or "
		              "'storied add --all'");
	} else {
		cols = cli_columns();
		printf("%4s %6s %-7s %-16s  %-18s  %s\n", "#", "ITEM", "KIND", "TIME", "AUTHOR",
		       "TEXT");
		for (size_t i = 0; i < st.n; i++)
			print_item(ctx, &st.items[i], i + 1, cols);
	}
	story_release(&st);
	return status;
}

const struct cmd_entry cmd_show_entry = {
	"show", "[--json]", "the story, item by item",
	"Numbered, in order: item id (what add/move/rm/annotate take), kind, time and\n"
	"author of posts, and the first line; a post's caption below it.\n"
	"--json: an array of objects: id, kind (post, note, heading), post_id (or\n"
	"null), text (a note's or heading's source; a post's plain text), caption\n"
	"(Markdown, or null), index (1-based), level (headings), and for posts\n"
	"author, url, published (UTC), title, hidden.\n",
	CMD_PROJECT, cmd_show
};
