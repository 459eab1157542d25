/* curate_args.c - helpers shared by the curation commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curate_args.h"
#include "datetime.h"

int
curate_anchor_opt(struct cmd_ctx *ctx, int ch, const char *arg, struct curate_anchor *at,
                  int *given)
{
	int64_t id = 0;

	switch (ch) {
	case CURATE_OPT_AFTER:
	case CURATE_OPT_BEFORE:
		if (curate_parse_item(ctx, arg, &id) != EXIT_OK)
			return -1;
		break;
	case CURATE_OPT_TOP:
	case CURATE_OPT_BOTTOM: break;
	default: return 0;
	}
	if ((*given)++ > 0) {
		cli_usage(ctx, "give one position: --after ITEM, --before ITEM, --top or --bottom");
		return -1;
	}
	at->item = id;
	at->where = ch == CURATE_OPT_AFTER    ? CURATE_AFTER
	            : ch == CURATE_OPT_BEFORE ? CURATE_BEFORE
	            : ch == CURATE_OPT_TOP    ? CURATE_TOP
	                                      : CURATE_BOTTOM;
	return 1;
}

/* "post:14" -> 1 and 14; "item:7" -> 2 and 7; "7" -> 0 and 7; else -1. */
static int
id_form(const char *arg, int64_t *id)
{
	int kind = 0;

	if (strncmp(arg, "post:", 5) == 0) {
		kind = 1;
		arg += 5;
	} else if (strncmp(arg, "item:", 5) == 0) {
		kind = 2;
		arg += 5;
	}
	return str_to_int64(arg, 1, INT64_MAX, id) == 0 ? kind : -1;
}

int
curate_parse_item(struct cmd_ctx *ctx, const char *arg, int64_t *item)
{
	struct story_item it;
	struct post_brief p;
	int64_t id;
	int kind = id_form(arg, &id);

	if (kind == -1)
		return cli_usage(ctx, "'%s' is not an item: write its id (7) or the post it holds "
		                      "(post:14)", arg);
	if (kind == 1) {
		if (store_post_brief(ctx->store, id, &p, &ctx->err) == -1)
			return cli_error(ctx);
		*item = p.item_id;
		post_brief_release(&p);
		if (*item == 0) {
			err_set(&ctx->err, ERR_NOTFOUND,
			        "post %lld is not in the story (place it with 'storied add post:%lld')",
			        (long long)id, (long long)id);
			return cli_error(ctx);
		}
		return EXIT_OK;
	}
	if (store_item_get(ctx->store, id, &it, &ctx->err) == 0) {
		story_item_release(&it);
		*item = id;
		return EXIT_OK;
	}
	if (ctx->err.code != ERR_NOTFOUND || kind == 2)
		return cli_error(ctx);
	/* A bare number that is no item: maybe a post id from 'storied posts'. */
	if (store_post_brief(ctx->store, id, &p, &ctx->err) == 0) {
		if (p.item_id)
			err_set(&ctx->err, ERR_NOTFOUND,
			        "item %lld does not exist; post %lld is item %lld (name it post:%lld)",
			        (long long)id, (long long)id, (long long)p.item_id, (long long)id);
		else
			err_set(&ctx->err, ERR_NOTFOUND,
			        "item %lld does not exist, and post %lld is not in the story "
			        "(item ids: 'storied show')",
			        (long long)id, (long long)id);
		post_brief_release(&p);
	} else {
		err_set(&ctx->err, ERR_NOTFOUND, "item %lld does not exist (see 'storied show')",
		        (long long)id);
	}
	return cli_error(ctx);
}

int
curate_parse_post(struct cmd_ctx *ctx, const char *arg, int64_t *post)
{
	int kind = id_form(arg, post);

	if (kind == 2)
		return cli_usage(ctx, "'%s' is a story item; name a post: 14 or post:14 "
		                      "(see 'storied posts')", arg);
	if (kind == -1)
		return cli_usage(ctx, "'%s' is not a post id (14 or post:14)", arg);
	return EXIT_OK;
}

void
curate_post_marks(struct buf *line, const struct post_brief *p)
{
	buf_addc(line, p->item_id ? '*' : ' ');
	buf_addc(line, p->nmedia ? 'm' : ' ');
	buf_addc(line, p->cw ? '!' : ' ');
	buf_addc(line, post_brief_is_reply(p) ? 'r' : ' ');
}

/* s on one line: every run of white space or control characters one space. */
static void
flat(struct buf *line, const char *s)
{
	int space = 0;

	for (; s && *s; s++) {
		if ((unsigned char)*s <= ' ' || *s == 0x7f) {
			space = 1;
			continue;
		}
		if (space && line->len > 0 && line->data[line->len - 1] != ' ')
			buf_addc(line, ' ');
		space = 0;
		buf_addc(line, *s);
	}
}

void
curate_post_text(struct buf *line, const struct post_brief *p, size_t cols)
{
	size_t start = line->len;

	if (cols > 0) {
		curate_post_headline(line, p, cols);
		return;
	}
	flat(line, p->title);
	if (!str_empty(p->title) && !str_empty(p->text))
		buf_adds(line, line->len > start ? ": " : "");
	flat(line, p->text);
}

void
curate_describe_place(struct cmd_ctx *ctx, struct buf *out, const struct curate_anchor *at)
{
	(void)ctx;
	switch (at->where) {
	case CURATE_TOP: buf_adds(out, " at the top"); break;
	case CURATE_BOTTOM: buf_adds(out, " at the end"); break;
	case CURATE_AFTER: buf_printf(out, " after item %lld", (long long)at->item); break;
	case CURATE_BEFORE: buf_printf(out, " before item %lld", (long long)at->item); break;
	}
}

void
curate_describe_post(struct buf *out, const struct post_brief *p)
{
	buf_printf(out, "post %lld by ", (long long)p->id);
	utf8_append_cols(out, post_brief_author(p), 24);
	buf_adds(out, " \"");
	curate_post_headline(out, p, 32);
	buf_addc(out, '"');
}

void
curate_describe(struct cmd_ctx *ctx, struct buf *out, const struct story_item *it)
{
	struct post_brief p;
	struct err ignored;

	buf_printf(out, "item %lld: ", (long long)it->id);
	if (it->kind != STORY_POST) {
		buf_printf(out, "%s \"", story_kind_name(it->kind));
		curate_first_line(out, it->body, 40);
		buf_addc(out, '"');
	} else if (it->post.id != 0) {
		curate_describe_post(out, &it->post);
	} else if (store_post_brief(ctx->store, it->post_id, &p, &ignored) == 0) {
		curate_describe_post(out, &p);
		post_brief_release(&p);
	} else {
		buf_printf(out, "post %lld", (long long)it->post_id);
	}
}

int
curate_text_arg(struct cmd_ctx *ctx, const char *arg, char **out)
{
	struct buf b;
	char chunk[8192];
	size_t n;

	*out = NULL;
	if (strcmp(arg, "-") != 0) {
		if (!utf8_valid(arg, strlen(arg))) {
			cli_usage(ctx, "the text is not valid UTF-8");
			return -1;
		}
		*out = xstrdup(arg);
		return 0;
	}
	/* A note is a few paragraphs: 1 MiB is far beyond any, and bounds a mistake. */
	buf_init(&b, 1 << 20);
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		if (buf_add(&b, chunk, n) == -1) {
			buf_release(&b);
			cli_fail(ctx, "standard input: text longer than 1 MiB");
			return -1;
		}
	}
	if (ferror(stdin)) {
		buf_release(&b);
		cli_fail(ctx, "reading standard input failed");
		return -1;
	}
	if (memchr(b.data, '\0', b.len) != NULL || !utf8_valid(b.data, b.len)) {
		buf_release(&b);
		cli_usage(ctx, "standard input is not UTF-8 text");
		return -1;
	}
	while (b.len > 0 && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
		buf_truncate(&b, b.len - 1);
	*out = buf_detach(&b);
	return 0;
}

void
curate_time(struct cmd_ctx *ctx, int has, int64_t t, char *out, size_t n)
{
	if (!has || time_format_zone(t, ctx->project.timezone, "%Y-%m-%d %H:%M", out, n) == -1)
		snprintf(out, n, "-");
}

int
curate_insert_text(struct cmd_ctx *ctx, enum story_kind kind, int level, const char *text,
                   const struct curate_anchor *at)
{
	char *key = NULL;
	int64_t id;
	int status = EXIT_OK;

	if (curate_keys_at(ctx->store, at, 0, 1, &key, &ctx->err) == -1)
		return cli_error(ctx);
	if (store_item_insert(ctx->store, kind, 0, text, level, key, &id, &ctx->err) == -1) {
		status = cli_error(ctx);
	} else {
		struct story_item it = {.id = id, .kind = kind, .body = (char *)text};
		struct buf b;

		printf("%lld\n", (long long)id);
		buf_init(&b, BUF_NOLIMIT);
		buf_adds(&b, "added ");
		curate_describe(ctx, &b, &it);
		curate_describe_place(ctx, &b, at);
		cli_note(ctx, "%s", b.data);
		buf_release(&b);
	}
	free(key);
	return status;
}

void
json_stream_item(struct json_stream *js, json_t *item)
{
	char *text = json_dumps(item, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	json_decref(item);
	if (text == NULL) {
		js->failed = 1;
		return;
	}
	fputs(js->n++ ? ",\n  " : "[\n  ", stdout);
	for (const char *p = text, *nl; *p; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL) {
			fputs(p, stdout);
			break;
		}
		fwrite(p, 1, (size_t)(nl - p), stdout);
		fputs("\n  ", stdout);
	}
	free(text);
}

int
json_stream_end(struct json_stream *js)
{
	fputs(js->n ? "\n]\n" : "[]\n", stdout);
	return js->failed || ferror(stdout) ? -1 : 0;
}
