/*
 * render.c - `storied render`: the story as a standalone HTML page, an
 * embeddable fragment, CommonMark or JSON.
 *
 * Choices: the project is only read, in one snapshot, so a curator may
 * keep working while a render runs. -o FILE writes FILE.tmp and renames it
 * over FILE only when everything was written and synced: a failed render
 * never leaves half a page where a good one was. No time of rendering goes
 * in unless --generated-at asks for it, so the same project gives the same
 * bytes (STORIED_NOW pins that time too).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "render.h"

/* Output is written in large blocks: a page can run to many megabytes. */
#define RENDER_BUFSIZE (64 * 1024)

/* Open FILE.tmp for writing; *tmp is the caller's. */
static FILE *
open_tmp(struct cmd_ctx *ctx, const char *path, char **tmp)
{
	int fd;
	FILE *f;

	*tmp = xasprintf("%s.tmp", path);
	fd = open(*tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd == -1) {
		cli_fail(ctx, "cannot write %s: %s", *tmp, strerror(errno));
		return NULL;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		cli_fail(ctx, "cannot write %s: %s", *tmp, strerror(errno));
		close(fd);
		unlink(*tmp);
	}
	return f;
}

/* Flush, sync and close f, then rename tmp over path; unlinks tmp on failure. */
static int
commit_tmp(struct cmd_ctx *ctx, FILE *f, const char *tmp, const char *path)
{
	int failed = fflush(f) == EOF || ferror(f) || fsync(fileno(f)) == -1;
	int saved = errno;

	if (fclose(f) == EOF && !failed) {
		failed = 1;
		saved = errno;
	}
	if (!failed && rename(tmp, path) == -1) {
		failed = 1;
		saved = errno;
	}
	if (failed) {
		unlink(tmp);
		return cli_fail(ctx, "writing %s: %s", path, strerror(saved));
	}
	return EXIT_OK;
}

static int
cmd_render(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {"templates", required_argument, NULL, 't'},
	    {"front-matter", no_argument, NULL, 'F'},
	    {"generated-at", no_argument, NULL, 'g'},
	    {"for", required_argument, NULL, 'G'},
	    {"no-stats", no_argument, NULL, 'S'},
	    {NULL, 0, NULL, 0},
	};
	struct render_options opt = {RENDER_HTML, NULL, 0, 0, RENDER_FOR_NONE, 0};
	const char *output = NULL;
	char *tmp = NULL;
	struct stat st;
	FILE *out;
	int ch, status;

	optind = 0;
	while ((ch = cli_getopt(ctx, "f:o:", longopts)) != -1) {
		switch (ch) {
		case 'f':
			if (render_format_parse(optarg, &opt.format) == -1)
				return cli_usage(ctx, "unknown format '%s' (html, embed, md or json)",
				    optarg);
			break;
		case 'o':
			output = optarg;
			break;
		case 't':
			opt.templates_dir = optarg;
			break;
		case 'F':
			opt.front_matter = 1;
			break;
		case 'g':
			opt.generated_at = 1;
			break;
		case 'S':
			opt.no_stats = 1;
			break;
		case 'G':
			if (strcmp(optarg, "jekyll") == 0)
				opt.target = RENDER_FOR_JEKYLL;
			else if (strcmp(optarg, "hugo") == 0)
				opt.target = RENDER_FOR_HUGO;
			else
				return cli_usage(ctx, "--for: unknown generator '%s' (jekyll or hugo)",
				    optarg);
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < ctx->argc)
		return cli_usage(ctx, "unexpected argument '%s'", ctx->argv[optind]);
	if (opt.front_matter && opt.format != RENDER_MD)
		return cli_usage(ctx, "--front-matter goes with --format md");
	if (opt.target != RENDER_FOR_NONE && opt.format != RENDER_MD)
		return cli_usage(ctx, "--for goes with --format md");
	if (opt.templates_dir != NULL) {
		if (opt.format == RENDER_JSON)
			return cli_usage(ctx, "--templates does not apply to --format json");
		if (stat(opt.templates_dir, &st) == -1)
			return cli_fail(ctx, "templates directory %s: %s", opt.templates_dir,
			    strerror(errno));
		if (!S_ISDIR(st.st_mode))
			return cli_fail(ctx, "templates directory %s: not a directory",
			    opt.templates_dir);
	}

	if (output == NULL || strcmp(output, "-") == 0) {
		setvbuf(stdout, NULL, _IOFBF, RENDER_BUFSIZE);
		if (render_story(ctx->store, &ctx->project, &opt, stdout, &ctx->err) == -1)
			return cli_error(ctx);
		return EXIT_OK;
	}
	if ((out = open_tmp(ctx, output, &tmp)) == NULL) {
		free(tmp);
		return EXIT_FAILURE_;
	}
	setvbuf(out, NULL, _IOFBF, RENDER_BUFSIZE);
	if (render_story(ctx->store, &ctx->project, &opt, out, &ctx->err) == -1) {
		fclose(out);
		unlink(tmp);
		free(tmp);
		return cli_error(ctx);
	}
	status = commit_tmp(ctx, out, tmp, output);
	free(tmp);
	return status;
}

const struct cmd_entry cmd_render_entry = {
	"render", "[--format html|md|embed|json] [-o FILE] [--templates DIR] [--front-matter] "
	"[--for jekyll|hugo] [--no-stats]",
	"write the story as HTML, an embeddable fragment, Markdown or JSON",
	"Options:\n"
	"  --format F        html (default: a standalone page), embed (a fragment to\n"
	"                    paste into a page), md (CommonMark) or json\n"
	"  -o FILE           write FILE (atomically); '-' or none: standard output\n"
	"  --templates DIR   use DIR's templates where a file has a built-in's name\n"
	"  --front-matter    md: YAML front matter (title, date, tags, description);\n"
	"                    date is the event's first day in the project's time zone,\n"
	"                    with its offset (noon when the window opens at midnight,\n"
	"                    so a site in any time zone files it under that day)\n"
	"  --for G           md: made safe for the site generator G, jekyll (no {{ or\n"
	"                    {% reaches Liquid) or hugo (no {{< or {{% reaches\n"
	"                    shortcodes); outside the front matter\n"
	"  --generated-at    include the time of rendering (STORIED_NOW pins it)\n"
	"  --no-stats        leave out the \"In numbers\" section (stats.html.mustache,\n"
	"                    stats.md.mustache: a chart of posts per hour, the top\n"
	"                    voices, links and tags; json: \"stats\")\n"
	"\n"
	"The same project renders to the same bytes. Template data: docs/templates.md.\n",
	CMD_PROJECT, cmd_render
};
