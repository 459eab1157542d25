/* curate_args.c - helpers shared by the curation commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curate_args.h"
#include "datetime.h"

int
curate_anchor_opt(
    struct cmd_ctx *ctx, int ch, const char *arg, struct curate_anchor *at, int *given)
{
	int64_t id = 0;

	switch (ch) {
	case CURATE_OPT_AFTER:
	case CURATE_OPT_BEFORE:
		if (curate_parse_item(ctx, arg, &id) != EXIT_OK)
			return -1;
		break;
	case CURATE_OPT_TOP:
	case CURATE_OPT_BOTTOM:
		break;
	default:
		return 0;
	}
	if ((*given)++ > 0) {
		cli_usage(ctx, "give one position: --after ITEM, --before ITEM, --top or --bottom");
		return -1;
	}
	at->item = id;
	at->where = ch == CURATE_OPT_AFTER ? CURATE_AFTER
	    : ch == CURATE_OPT_BEFORE      ? CURATE_BEFORE
	    : ch == CURATE_OPT_TOP         ? CURATE_TOP
	                                   : CURATE_BOTTOM;
	return 1;
}

int
curate_parse_item(struct cmd_ctx *ctx, const char *arg, int64_t *item)
{
	if (curate_resolve_item(ctx->store, arg, item, &ctx->err) == -1)
		return ctx->err.code == ERR_USAGE ? cli_usage(ctx, "%s", ctx->err.msg)
		                                  : cli_error(ctx);
	return EXIT_OK;
}

int
curate_parse_post(struct cmd_ctx *ctx, const char *arg, int64_t *post)
{
	if (curate_resolve_post(arg, post, &ctx->err) == -1)
		return cli_usage(ctx, "%s", ctx->err.msg);
	return EXIT_OK;
}

void
curate_say(struct cmd_ctx *ctx, const struct buf *said)
{
	/* Held until the command's transaction commits (main.c): a change
	 * that is rolled back must not be said to have happened. */
	if (said->data)
		buf_adds(&ctx->said, said->data);
}

void
curate_print_id(struct cmd_ctx *ctx, int64_t id)
{
	/* Held like curate_say: an id printed for an item that a failed
	 * commit took back would name nothing, or a later item. */
	buf_printf(&ctx->out, "%lld\n", (long long)id);
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
	struct buf said;
	int64_t id;
	int status = EXIT_OK;

	buf_init(&said, BUF_NOLIMIT);
	if (curate_add_text(ctx->store, kind, level, text, at, &id, &said, &ctx->err) == -1) {
		status = cli_error(ctx);
	} else {
		curate_print_id(ctx, id);
		curate_say(ctx, &said);
	}
	buf_release(&said);
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
