/*
 * config.c - `storied config [KEY [VALUE]]`: read and change the settings
 * made by init. Every value is validated as init validates it; "" unsets an
 * optional setting. Tags are a list: `config tags "+a -b"` adds and removes,
 * `config tags "a b"` replaces the whole list.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "hashtag.h"
#include "settings.h"

static void
print_tags(const struct project *p)
{
	for (size_t i = 0; i < p->ntags; i++)
		printf("%s#%s", i ? " " : "", p->tags[i].display);
	putchar('\n');
}

static const char *
project_value(const struct project *p, const char *key)
{
	if (strcmp(key, "title") == 0)
		return p->title;
	if (strcmp(key, "description") == 0)
		return p->description;
	if (strcmp(key, "language") == 0)
		return p->language;
	if (strcmp(key, "timezone") == 0)
		return p->timezone;
	if (strcmp(key, "since") == 0)
		return p->since;
	if (strcmp(key, "until") == 0)
		return p->until;
	return NULL;
}

/* A setting's value to print: the project's, or one read from the store. */
static void
print_value(struct cmd_ctx *ctx, const char *key)
{
	const char *v = project_value(&ctx->project, key);
	char *stored = NULL;
	struct err e;

	if (v == NULL && strncmp(key, "archive.", 8) == 0 &&
	    store_setting_get(ctx->store, key, &stored, &e) == 0)
		v = stored ? stored : strcmp(key, "archive.capture") == 0 ? "on" : NULL;
	printf("%s\n", v ? v : "");
	free(stored);
}

static int
set_tags(struct cmd_ctx *ctx, const char *value)
{
	char *copy = xstrdup(value), *word, *rest = copy;
	int incremental = -1, status = EXIT_OK;

	/* All words +/-: edit the list; otherwise the words are the new list. */
	for (char *p = copy; *p; p++)
		if (*p == ',')
			*p = ' ';
	while ((word = strsep(&rest, " \t\n")) != NULL) {
		if (*word == '\0')
			continue;
		int signed_word = *word == '+' || *word == '-';
		if (incremental == -1) {
			incremental = signed_word;
			if (!incremental) {
				for (size_t i = 0; i < ctx->project.ntags; i++)
					if (store_tag_remove(ctx->store, ctx->project.tags[i].tag,
					        &ctx->err) == -1)
						goto fail;
			}
		} else if (incremental != signed_word) {
			status = cli_usage(ctx,
			    "tags: either give the whole list (a b) or changes (+a -b), "
			    "not both");
			goto out;
		}
		if (*word == '-') {
			if (settings_tag_remove(ctx->store, word + 1, &ctx->err) == -1)
				goto fail;
		} else if (settings_tag_add(
		               ctx->store, *word == '+' ? word + 1 : word, &ctx->err) == -1) {
			if (ctx->err.code != ERR_EXISTS || incremental)
				goto fail;
		}
	}
	goto out;
fail:
	status = cli_error(ctx);
out:
	free(copy);
	return status;
}

/*
 * Did the change widen what collect keeps? Adding a tag or moving the
 * window (or its time zone) does: settings.c then dropped every source's
 * validators and cursors, and the user hears that the next collect reads
 * everything again.
 */
static void
note_refetch(struct cmd_ctx *ctx)
{
	struct project now;
	struct err e;
	int changed = 0;

	err_clear(&e);
	if (store_project_load(ctx->store, &now, &e) == -1)
		return;
	if (now.has_since != ctx->project.has_since || now.since_t != ctx->project.since_t ||
	    now.has_until != ctx->project.has_until || now.until_t != ctx->project.until_t)
		changed = 1;
	for (size_t i = 0; !changed && i < now.ntags; i++) {
		int had = 0;
		for (size_t j = 0; j < ctx->project.ntags; j++)
			had |= strcmp(now.tags[i].tag, ctx->project.tags[j].tag) == 0;
		changed = !had;
	}
	if (changed)
		cli_note(ctx,
		    "the next collect reads every source in full again, for the posts "
		    "the old settings left out");
	project_release(&now);
}

static int
cmd_config(struct cmd_ctx *ctx)
{
	const struct setting_def *d;
	const char *key;

	if (ctx->argc > 1 && ctx->argv[1][0] == '-' && ctx->argv[1][1] == '-' && ctx->argv[1][2])
		return cli_usage(ctx, "unknown option '%s'", ctx->argv[1]);
	if (ctx->argc > 3)
		return cli_usage(ctx, "too many arguments: give KEY and one VALUE (quote it)");
	if (ctx->argc == 1) {
		for (d = setting_defs; d->key; d++) {
			printf("%-12s ", d->key);
			if (strcmp(d->key, "tags") == 0)
				print_tags(&ctx->project);
			else
				print_value(ctx, d->key);
		}
		return EXIT_OK;
	}
	key = ctx->argv[1];
	if ((d = setting_find(key)) == NULL) {
		struct buf keys;
		buf_init(&keys, BUF_NOLIMIT);
		for (d = setting_defs; d->key; d++)
			buf_printf(&keys, "%s%s", d == setting_defs ? "" : ", ", d->key);
		cli_usage(ctx, "unknown setting '%s' (settings: %s)", key, keys.data);
		buf_release(&keys);
		return EXIT_USAGE;
	}
	if (ctx->argc == 2) {
		if (strcmp(key, "tags") == 0)
			print_tags(&ctx->project);
		else
			print_value(ctx, key);
		return EXIT_OK;
	}
	if (strcmp(key, "tags") == 0) {
		int status = set_tags(ctx, ctx->argv[2]);
		if (status == EXIT_OK)
			note_refetch(ctx);
		return status;
	}
	if (settings_set(ctx->store, key, ctx->argv[2], &ctx->err) == -1) {
		/* The window's own check already names since or until. */
		size_t n = strlen(key);
		if (!(strncmp(ctx->err.msg, key, n) == 0 && ctx->err.msg[n] == ':'))
			err_prefix(&ctx->err, "%s: ", key);
		return cli_error(ctx);
	}
	note_refetch(ctx);
	return EXIT_OK;
}

const struct cmd_entry cmd_config_entry = {"config", "[KEY [VALUE]]",
    "read or change a project setting",
    "Without KEY, lists every setting. With KEY, prints it; with VALUE, sets it.\n"
    "Keys: title, description, language, timezone, since, until, tags,\n"
    "archive.capture (on: collect records every HTTP exchange; off).\n"
    "An empty VALUE (\"\") unsets description, language, timezone, since or until.\n"
    "tags takes a list: \"a b\" replaces the tags, \"+c -a\" adds and removes.\n"
    "After a change of since, until, timezone or a new tag, the next collect\n"
    "reads every source in full (no 304, no API cursor), so posts the old\n"
    "settings left out come in.\n",
    CMD_PROJECT | CMD_WRITE, cmd_config};
