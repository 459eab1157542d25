/*
 * show.c - `storied show`: the story in order, one item a line, numbered,
 * with the item ids every other curation command takes. A caption shows
 * on the line below its post; a hidden post says "(hidden)", as `posts`
 * has it, since hiding leaves a placed post in the story. --json gives
 * each item's id, kind, post_id, text (a note's or heading's source, a
 * post's plain text), caption, plus its place (1-based index), heading
 * level and the post's author, url, published time (UTC) and title.
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
	json_object_set_new(
	    o, "post_id", it->kind == STORY_POST ? json_integer(it->post_id) : json_null());
	if (it->kind == STORY_POST) {
		json_object_set_new(o, "text", json_string(p->text ? p->text : ""));
		json_object_set_new(o, "caption", it->body ? json_string(it->body) : json_null());
	} else {
		json_object_set_new(o, "text", json_string(it->body ? it->body : ""));
		json_object_set_new(o, "caption", json_null());
	}
	json_object_set_new(o, "index", json_integer((json_int_t)index));
	json_object_set_new(
	    o, "level", it->kind == STORY_HEADING ? json_integer(it->level) : json_null());
	if (it->kind == STORY_POST) {
		time_format_utc(p->published, when, sizeof when);
		json_object_set_new(o, "author", json_string(post_brief_author(p)));
		json_object_set_new(o, "url", p->url ? json_string(p->url) : json_null());
		json_object_set_new(
		    o, "published", p->has_published ? json_string(when) : json_null());
		json_object_set_new(o, "title", p->title ? json_string(p->title) : json_null());
		json_object_set_new(o, "hidden", json_boolean(p->hidden));
	}
	return o;
}

static void
print_item(struct cmd_ctx *ctx, const struct story_item *it, size_t index, int cols)
{
	struct buf line;
	char when[32] = "", what[32];
	const char *author = "";
	int text_cols;
	size_t start, indent;

	buf_init(&line, BUF_NOLIMIT);
	if (it->kind == STORY_POST) {
		curate_time(ctx, it->post.has_published, it->post.published, when, sizeof when);
		author = post_brief_author(&it->post);
		snprintf(what, sizeof what, "post:%lld", (long long)it->post_id);
	} else {
		snprintf(what, sizeof what, "%s", story_kind_name(it->kind));
	}
	buf_printf(&line, "%4zu %6lld %-11s ", index, (long long)it->id, what);
	if (it->kind == STORY_POST)
		curate_post_marks(&line, &it->post);
	else
		buf_adds(&line, "    ");
	buf_printf(&line, " %-16s  ", when);
	start = line.len;
	utf8_append_cols(&line, author, cols ? 18 : SIZE_MAX);
	for (size_t w = utf8_width(line.data + start); w < 18; w++)
		buf_addc(&line, ' ');
	buf_adds(&line, "  ");
	indent = utf8_width(line.data);
	text_cols = cols - (int)indent;
	if (text_cols < 10)
		text_cols = 10;
	if (cols == 0)
		text_cols = 0;
	if (it->kind == STORY_HEADING) {
		for (int i = 0; i < it->level; i++)
			buf_addc(&line, '#');
		buf_addc(&line, ' ');
		curate_first_line(&line, it->body,
		    text_cols ? (size_t)text_cols - (size_t)it->level - 1 : SIZE_MAX);
	} else if (it->kind == STORY_NOTE) {
		curate_first_line(&line, it->body, text_cols ? (size_t)text_cols : SIZE_MAX);
	} else {
		/* As `posts` marks it: hidden from listings, yet still in the story
		   and on the page, which an organizer who hid it may not expect. */
		if (it->post.hidden) {
			buf_adds(&line, "(hidden) ");
			if (text_cols)
				text_cols = text_cols > 19 ? text_cols - 9 : 10;
		}
		curate_post_text(&line, &it->post, (size_t)text_cols);
	}
	puts(line.data);
	if (it->kind == STORY_POST && !str_empty(it->body)) {
		buf_reset(&line);
		buf_printf(&line, "%*s> ", (int)indent, "");
		curate_first_line(
		    &line, it->body, text_cols > 12 ? (size_t)text_cols - 2 : SIZE_MAX);
		puts(line.data);
	}
	buf_release(&line);
}

/* `show --post N`: one post whole, placed or not. */
static int
show_post(struct cmd_ctx *ctx, int64_t id, int json)
{
	struct post_brief p;
	struct post_more m;
	char when[32];
	int status = EXIT_OK;

	if (store_post_brief(ctx->store, id, &p, &ctx->err) == -1)
		return cli_error(ctx);
	if (store_post_more(ctx->store, id, &m, &ctx->err) == -1) {
		post_brief_release(&p);
		return cli_error(ctx);
	}
	if (json) {
		struct story_item it = {.id = p.item_id, .kind = STORY_POST, .post_id = id};
		json_t *o, *media = json_array(), *src = json_array();

		it.post = p;
		o = item_json(&it, 0);
		json_object_set_new(o, "id", p.item_id ? json_integer(p.item_id) : json_null());
		json_object_del(o, "index");
		json_object_del(o, "caption");
		json_object_del(o, "level");
		for (size_t i = 0; i < m.nmedia; i++)
			json_array_append_new(media,
			    json_pack("{s:s, s:s}", "url", m.media_url[i], "alt", m.media_alt[i]));
		for (size_t i = 0; i < m.nsources; i++)
			json_array_append_new(src,
			    json_pack(
			        "{s:s?, s:s}", "name", m.source_name[i], "url", m.source_url[i]));
		json_object_set_new(o, "content_warning",
		    m.content_warning ? json_string(m.content_warning) : json_null());
		json_object_set_new(o, "media", media);
		json_object_set_new(o, "sources", src);
		if (cli_json_print(ctx, o) != EXIT_OK)
			status = EXIT_FAILURE_;
		json_decref(o);
		goto out;
	}
	printf("post:%lld", (long long)id);
	if (p.item_id)
		printf("  in the story as item %lld", (long long)p.item_id);
	else
		printf("  not in the story");
	if (p.hidden)
		printf("  (hidden)");
	putchar('\n');
	printf("author:    %s", post_brief_author(&p));
	if (!str_empty(p.author_name) && !str_empty(p.author_handle))
		printf(" (%s)", p.author_name);
	putchar('\n');
	if (m.author_url)
		printf("profile:   %s\n", m.author_url);
	curate_time(ctx, p.has_published, p.published, when, sizeof when);
	printf("published: %s (%s)\n", when, ctx->project.timezone ? ctx->project.timezone : "UTC");
	if (p.url)
		printf("link:      %s\n", p.url);
	if (*p.tags)
		printf("tags:      %s\n", p.tags);
	if (m.language)
		printf("language:  %s\n", m.language);
	if (m.content_warning || p.cw)
		printf("warning:   %s\n", m.content_warning ? m.content_warning : "sensitive");
	if (!str_empty(p.title))
		printf("\n%s\n", p.title);
	printf("\n%s\n", p.text);
	for (size_t i = 0; i < m.nmedia; i++)
		printf("%smedia:     %s%s%s\n", i ? "" : "\n", m.media_url[i],
		    *m.media_alt[i] ? "\n           " : "", m.media_alt[i]);
	{
		int first = 1;
		for (const char *t = p.text; (t = strstr(t, "http")) != NULL;) {
			size_t n = strcspn(t, " \t\r\n<>\"");
			if (strncmp(t, "http://", 7) == 0 || strncmp(t, "https://", 8) == 0) {
				printf("%slink:      %.*s\n", first ? "\n" : "", (int)n, t);
				first = 0;
			}
			t += n ? n : 1;
		}
	}
	for (size_t i = 0; i < m.nsources; i++)
		printf("%ssource:    %s%s%s%s\n", i ? "" : "\n",
		    m.source_name[i] ? m.source_name[i] : "", m.source_name[i] ? " (" : "",
		    m.source_url[i], m.source_name[i] ? ")" : "");
out:
	post_more_release(&m);
	post_brief_release(&p);
	return status;
}

static int
cmd_show(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"width", required_argument, NULL, 'w'},
	    {"post", required_argument, NULL, 'p'},
	    {NULL, 0, NULL, 0},
	};
	struct story st;
	const char *one = NULL;
	int json = 0, status = EXIT_OK, cols, width = 0, ch;
	int64_t post_id;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'p':
			one = optarg;
			break;
		case 'w':
			if ((status = cli_width_opt(ctx, optarg, &width)) != EXIT_OK)
				return status;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < ctx->argc) {
		if (one || ctx->argc - optind > 1 || strncmp(ctx->argv[optind], "post:", 5) != 0)
			return cli_usage(ctx,
			    "unexpected argument '%s' (one post: --post N or "
			    "post:N)",
			    ctx->argv[optind]);
		one = ctx->argv[optind];
	}
	if (one) {
		if ((status = curate_parse_post(ctx, one, &post_id)) != EXIT_OK)
			return status;
		return show_post(ctx, post_id, json);
	}
	if (store_story_load(ctx->store, 1, &st, &ctx->err) == -1)
		return cli_error(ctx);
	if (json) {
		struct json_stream js = {0, 0};
		for (size_t i = 0; i < st.n; i++)
			json_stream_item(&js, item_json(&st.items[i], i + 1));
		if (json_stream_end(&js) == -1)
			status = cli_fail(ctx, "writing JSON failed");
	} else if (st.n == 0) {
		cli_note(ctx,
		    "the story is empty: place posts with 'storied add POST...' or "
		    "'storied add --all'");
	} else {
		cols = cli_columns(width);
		printf("%4s %6s %-11s %-4s %-16s  %-18s  %s\n", "#", "ITEM", "WHAT", "*m!r", "TIME",
		    "AUTHOR", "TEXT");
		for (size_t i = 0; i < st.n; i++)
			print_item(ctx, &st.items[i], i + 1, cols);
	}
	story_release(&st);
	return status;
}

const struct cmd_entry cmd_show_entry = {"show",
    "[--width N] [--json] | show (--post N | post:N) [--json]",
    "the story, item by item; or one post whole",
    "Numbered, in order: the item id (what rm, move, annotate, --after and\n"
    "--before take: 7), what it is (post:14, the other form they take; note;\n"
    "heading), marks for posts ('*' in the story, 'm' media, '!' a content\n"
    "warning, 'r' a reply), time and author, and the first line ('(hidden)'\n"
    "first for a hidden post, which stays in the story until rm); a post's\n"
    "caption below it. Lines fit the terminal ($COLUMNS, or --width N); piped,\n"
    "they are whole.\n"
    "--post N or post:N: one post whole, placed or not: author, time, link,\n"
    "where it is in the story, tags, content warning, all its text, media with\n"
    "their descriptions, links in the text, and the sources that brought it.\n"
    "--json: an array of objects: id, kind (post, note, heading), post_id (or\n"
    "null), text (a note's or heading's source; a post's plain text), caption\n"
    "(Markdown, or null), index (1-based), level (headings), and for posts\n"
    "author, url, published (UTC), title, hidden.\n",
    CMD_PROJECT, cmd_show};
