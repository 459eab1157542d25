/*
 * posts.c - `storied posts`: the collected posts, to choose from.
 *
 * A table fitted to the terminal (id, a '*' for posts already in the
 * story, time in the project's zone, author, first line) or --json for
 * scripts. Filters combine with AND. --search takes what people type
 * (include/search.h translates it; no query is an error). Hidden posts
 * are left out unless --hidden or --all asks.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curate_args.h"
#include "datetime.h"
#include "hashtag.h"

struct posts_out {
	struct cmd_ctx *ctx;
	struct json_stream js; /* --json */
	int json;
	int cols;
	size_t count;
};

static json_t *
post_json(const struct post_brief *p)
{
	json_t *o = json_object(), *tags = json_array();
	char when[32], *rest, *copy, *word;

	copy = xstrdup(p->tags);
	rest = copy;
	while ((word = strsep(&rest, " ")) != NULL)
		if (*word)
			json_array_append_new(tags, json_string(word));
	free(copy);
	time_format_utc(p->published, when, sizeof when);
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "url", p->url ? json_string(p->url) : json_null());
	json_object_set_new(o, "author", json_string(post_brief_author(p)));
	json_object_set_new(
	    o, "author_name", p->author_name ? json_string(p->author_name) : json_null());
	json_object_set_new(
	    o, "author_handle", p->author_handle ? json_string(p->author_handle) : json_null());
	json_object_set_new(o, "published", p->has_published ? json_string(when) : json_null());
	json_object_set_new(o, "title", p->title ? json_string(p->title) : json_null());
	json_object_set_new(o, "tags", tags);
	json_object_set_new(o, "text", json_string(p->text));
	json_object_set_new(o, "placed", json_boolean(p->item_id != 0));
	json_object_set_new(o, "item_id", p->item_id ? json_integer(p->item_id) : json_null());
	json_object_set_new(o, "hidden", json_boolean(p->hidden));
	json_object_set_new(
	    o, "source_id", p->source_id ? json_integer(p->source_id) : json_null());
	return o;
}

static int
visit(const struct post_brief *p, void *arg)
{
	struct posts_out *po = arg;
	struct buf line;
	char when[32];
	int author_cols, text_cols;
	size_t start;

	po->count++;
	if (po->json) {
		json_stream_item(&po->js, post_json(p));
		return 0;
	}
	/* id(11) marks(5) time(17) gaps: the rest is shared by author and text;
	 * cols 0 (piped): nothing is cut. */
	author_cols = po->cols == 0 || po->cols >= 100 ? 24 : po->cols >= 70 ? 18 : 12;
	text_cols = po->cols - 11 - 5 - 17 - 2 - author_cols - 2;
	if (text_cols < 10)
		text_cols = 10;
	if (po->cols == 0)
		text_cols = 0;
	if (po->count == 1)
		printf("%-11s %-4s %-16s  %-*s  %s\n", "POST", "*m!r", "TIME", author_cols,
		    "AUTHOR", "TEXT");
	curate_time(po->ctx, p->has_published, p->published, when, sizeof when);
	buf_init(&line, BUF_NOLIMIT);
	buf_printf(&line, "post:%-6lld ", (long long)p->id);
	curate_post_marks(&line, p);
	buf_printf(&line, " %-16s  ", when);
	start = line.len;
	utf8_append_cols(&line, post_brief_author(p), po->cols ? (size_t)author_cols : SIZE_MAX);
	for (size_t w = utf8_width(line.data + start); w < (size_t)author_cols; w++)
		buf_addc(&line, ' ');
	buf_adds(&line, "  ");
	if (p->hidden) {
		buf_adds(&line, "(hidden) ");
		if (text_cols)
			text_cols = text_cols > 19 ? text_cols - 9 : 10;
	}
	curate_post_text(&line, p, (size_t)text_cols);
	puts(line.data);
	buf_release(&line);
	return 0;
}

static int
cmd_posts(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"search", required_argument, NULL, 's'},
	    {"unplaced", no_argument, NULL, 'u'},
	    {"author", required_argument, NULL, 'a'},
	    {"since", required_argument, NULL, 'S'},
	    {"until", required_argument, NULL, 'U'},
	    {"tag", required_argument, NULL, 't'},
	    {"limit", required_argument, NULL, 'n'},
	    {"reverse", no_argument, NULL, 'r'},
	    {"hidden", no_argument, NULL, 'H'},
	    {"all", no_argument, NULL, 'A'},
	    {"json", no_argument, NULL, 'j'},
	    {"width", required_argument, NULL, 'w'},
	    {NULL, 0, NULL, 0},
	};
	struct post_filter f;
	struct posts_out po;
	char *tag = NULL;
	int ch, status = EXIT_OK, json = 0, width = 0;

	memset(&f, 0, sizeof f);
	memset(&po, 0, sizeof po);
	optind = 0;
	while ((ch = cli_getopt(ctx, "n:r", longopts)) != -1) {
		switch (ch) {
		case 's':
			f.search = optarg;
			break;
		case 'u':
			f.unplaced = 1;
			break;
		case 'a':
			f.author = optarg;
			break;
		case 'r':
			f.reverse = 1;
			break;
		case 'H':
			f.hidden = POSTS_HIDDEN;
			break;
		case 'A':
			f.hidden = POSTS_ALL;
			break;
		case 'j':
			json = 1;
			break;
		case 'w':
			if ((status = cli_width_opt(ctx, optarg, &width)) != EXIT_OK)
				goto out;
			break;
		case 'S':
		case 'U':
			if (when_parse(optarg, ctx->project.timezone,
			        ch == 'S' ? &f.since : &f.until, &ctx->err) == -1) {
				err_prefix(&ctx->err, "--%s: ", ch == 'S' ? "since" : "until");
				status = cli_error(ctx);
				goto out;
			}
			*(ch == 'S' ? &f.has_since : &f.has_until) = 1;
			break;
		case 't':
			free(tag);
			if ((tag = hashtag_normalize(optarg)) == NULL) {
				status = cli_usage(ctx, "--tag: '%s' is not a hashtag", optarg);
				goto out;
			}
			f.tag = tag;
			break;
		case 'n':
			if (str_to_int64(optarg, 1, INT64_MAX, &f.limit) == -1) {
				status = cli_usage(
				    ctx, "--limit: '%s' is not a positive number", optarg);
				goto out;
			}
			break;
		default:
			status = EXIT_USAGE;
			goto out;
		}
	}
	if (optind < ctx->argc) {
		status = cli_usage(ctx, "unexpected argument '%s' (search with --search QUERY)",
		    ctx->argv[optind]);
		goto out;
	}
	if (f.search && *f.search == '\0') {
		status = cli_usage(ctx, "--search: the query is empty");
		goto out;
	}
	po.ctx = ctx;
	po.cols = cli_columns(width);
	po.json = json;
	if (store_posts_list(ctx->store, &f, visit, &po, &ctx->err) == -1) {
		status = cli_error(ctx);
		goto out;
	}
	if (json) {
		if (json_stream_end(&po.js) == -1)
			status = cli_fail(ctx, "writing JSON failed");
	} else if (po.count == 0) {
		cli_note(ctx, "no posts match");
	}
out:
	free(tag);
	return status;
}

const struct cmd_entry cmd_posts_entry = {"posts",
    "[--search QUERY] [--unplaced] [--author TEXT] [--since WHEN] [--until WHEN] "
    "[--tag TAG] [--limit N] [--reverse] [--hidden | --all] [--width N] [--json]",
    "list collected posts, to choose from",
    "Oldest first: the post as commands take it (post:14), marks, time in the\n"
    "project's time zone, author and first line, fitted to the terminal's width\n"
    "($COLUMNS, or --width N); piped, every line is whole (all of the text).\n"
    "Marks: '*' in the story, 'm' media attached, '!' a content warning,\n"
    "'r' a reply (the text opens with a mention).\n"
    "\n"
    "Options:\n"
    "  --search QUERY  search title, author and text (QUERY syntax below)\n"
    "  --unplaced      only posts not in the story yet\n"
    "  --author TEXT   author handle or name contains TEXT (any case)\n"
    "  --since WHEN    published at or after WHEN (project time zone)\n"
    "  --until WHEN    published before WHEN\n"
    "  --tag TAG       carrying the hashtag TAG\n"
    "  -n, --limit N   at most N posts\n"
    "  -r, --reverse   newest first\n"
    "  --hidden        only hidden posts; --all: hidden ones too\n"
    "  --width N       fit lines to N columns (also when piped)\n"
    "  --json          an array of objects: id, url, author, author_name,\n"
    "                  author_handle, published (UTC), title, tags, text, placed,\n"
    "                  item_id, hidden, source_id\n"
    "\n"
    "QUERY is what you would type into a search box:\n"
    "  keynote slides  posts with both words (any case, accents ignored); the\n"
    "                  last word also matches longer ones (slides: slideshow)\n"
    "  Sara's e-learning Q&A 10:40\n"
    "                  punctuation inside a word makes it a phrase\n"
    "  \"a phrase\"      the words in this order (a missing closing quote is fine)\n"
    "  slide*          words starting with slide\n"
    "  #tag            posts carrying the hashtag\n"
    "  @user           posts by @user on any server (@user@server: that one),\n"
    "                  or whose author's name holds the word\n"
    "  -word, NOT word leave out posts with it (also -\"phrase\", -#tag, -@user)\n"
    "  a OR b          either word or phrase\n"
    "  title:word      the word in one field: title, author, author_name,\n"
    "                  author_handle, content_text\n"
    "A query with no letter or digit in it (-, ?, an emoji) is searched as\n"
    "literal text. No query is an error.\n",
    CMD_PROJECT, cmd_posts};
