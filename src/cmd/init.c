/*
 * init.c - `storied init`: create a project file.
 *
 * Everything given is validated before the file is created, so a bad
 * option leaves nothing behind; an existing file of any kind is never
 * overwritten (the name is claimed with O_EXCL).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "datetime.h"
#include "hashtag.h"
#include "settings.h"

static int
cmd_init(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"title", required_argument, NULL, 't'},
	    {"tag", required_argument, NULL, 'g'},
	    {"since", required_argument, NULL, 's'},
	    {"until", required_argument, NULL, 'u'},
	    {"timezone", required_argument, NULL, 'z'},
	    {"description", required_argument, NULL, 'd'},
	    {"language", required_argument, NULL, 'l'},
	    {NULL, 0, NULL, 0},
	};
	const char *keys[] = {"title", "description", "language", "timezone", "since", "until"};
	const char *values[ARRAY_LEN(keys)] = {0};
	const char **tags = xcalloc((size_t)ctx->argc, sizeof *tags);
	size_t ntags = 0, i;
	struct store *s = NULL;
	int ch, status = EXIT_OK;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1) {
		switch (ch) {
		case 't':
			values[0] = optarg;
			break;
		case 'd':
			values[1] = optarg;
			break;
		case 'l':
			values[2] = optarg;
			break;
		case 'z':
			values[3] = optarg;
			break;
		case 's':
			values[4] = optarg;
			break;
		case 'u':
			values[5] = optarg;
			break;
		case 'g':
			tags[ntags++] = optarg;
			break;
		default:
			status = EXIT_USAGE;
			goto out;
		}
	}
	if (optind < ctx->argc) {
		status = cli_usage(ctx, "unexpected argument '%s'", ctx->argv[optind]);
		goto out;
	}
	/* Validate all before creating anything. */
	for (i = 0; i < ARRAY_LEN(keys); i++) {
		const struct setting_def *d = setting_find(keys[i]);
		if (values[i] && d->check && d->check(values[i], &ctx->err) == -1) {
			err_prefix(&ctx->err, "--%s: ", keys[i]);
			status = cli_error(ctx);
			goto out;
		}
	}
	if (settings_check_window(values[4], values[5], values[3] ? values[3] : "UTC", &ctx->err) ==
	    -1) {
		status = cli_error(ctx);
		goto out;
	}
	for (i = 0; i < ntags; i++) {
		char *t = hashtag_normalize(tags[i]);
		if (t == NULL) {
			status = cli_usage(ctx,
			    "--tag: '%s' is not a hashtag (letters, digits and _ only)", tags[i]);
			goto out;
		}
		free(t);
	}

	if (store_create(ctx->project_path, &s, &ctx->err) == -1) {
		status = cli_error(ctx);
		goto out;
	}
	if (store_begin(s, &ctx->err) == -1)
		goto fail;
	for (i = 0; i < ARRAY_LEN(keys); i++)
		if (values[i] && store_setting_set(s, keys[i], values[i], &ctx->err) == -1)
			goto fail;
	for (i = 0; i < ntags; i++) {
		if (settings_tag_add(s, tags[i], &ctx->err) == -1) {
			if (ctx->err.code == ERR_EXISTS)
				continue; /* --tag x --tag X: the same tag */
			goto fail;
		}
	}
	if (store_commit(s, &ctx->err) == -1)
		goto fail;
	cli_note(ctx, "created %s; next: storied source add URL", ctx->project_path);
	goto out;
fail:
	status = cli_error(ctx);
	store_close(s);
	s = NULL;
	unlink(ctx->project_path);
out:
	store_close(s);
	free(tags);
	return status;
}

const struct cmd_entry cmd_init_entry = {"init",
    "[--title T] [--tag TAG]... [--since WHEN] [--until WHEN] [--timezone ZONE]",
    "create a project file (never overwrites one)",
    "Options:\n"
    "  --title T         the story's title\n"
    "  --tag TAG         a hashtag to keep (repeatable; with or without '#')\n"
    "  --since WHEN      keep posts published at or after WHEN\n"
    "  --until WHEN      keep posts published before WHEN\n"
    "  --timezone ZONE   IANA zone for WHEN and shown times (default UTC)\n"
    "  --description D   a paragraph under the title (Markdown)\n"
    "  --language L      the story's language, BCP 47 (default en)\n"
    "\n"
    "WHEN is ISO 8601: 2026-02-01, 2026-02-01T09:00 or 2026-02-01T09:00+01:00;\n"
    "without an offset it is read in the project's time zone. The window is\n"
    "since <= published < until.\n",
    0, cmd_init};
