/*
 * render.c - `storied render`: the story as a standalone HTML page, an
 * embeddable fragment, CommonMark or JSON.
 *
 * Choices: the project is only read, in one snapshot, so a curator may
 * keep working while a render runs. -o FILE is written through a temporary
 * renamed over FILE only when everything was written and synced (fileout.h):
 * a failed render never leaves half a page where a good one was, and a
 * FIFO or device is written in place, never replaced. No time of rendering goes
 * in unless --generated-at asks for it, so the same project gives the same
 * bytes (STORIED_NOW pins that time too).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "fileout.h"
#include "render.h"

/* Output is written in large blocks: a page can run to many megabytes. */
#define RENDER_BUFSIZE (64 * 1024)

/*
 * Make DIR (and its missing parents), and the way to it from the
 * page's directory (output's, or the current one for standard output) as
 * a relative URL path in *href (the caller's).
 */
static int
media_dir_href(struct cmd_ctx *ctx, const char *dir, const char *output, char **href)
{
	char *abs_dir = NULL, *abs_page = NULL, *page_dir, *slash;
	const char *a, *b;
	struct buf h;
	int r = -1;

	/* mkdir -p: each missing directory on the way. */
	{
		char *p = xstrdup(dir);

		for (char *q = p + 1;; q++) {
			char c = *q;

			if (c != '/' && c != '\0')
				continue;
			*q = '\0';
			if (mkdir(p, 0755) == -1 && errno != EEXIST) {
				cli_fail(ctx, "--media-dir %s: %s", p, strerror(errno));
				free(p);
				return -1;
			}
			*q = c;
			if (c == '\0')
				break;
		}
		free(p);
	}
	page_dir = xstrdup(output && strcmp(output, "-") != 0 ? output : "./x");
	if ((slash = strrchr(page_dir, '/')) != NULL) {
		*slash = '\0';
	} else {
		free(page_dir);
		page_dir = xstrdup(".");
	}
	if ((abs_dir = realpath(dir, NULL)) == NULL) {
		cli_fail(ctx, "--media-dir %s: %s", dir, strerror(errno));
		goto out;
	}
	if ((abs_page = realpath(*page_dir ? page_dir : "/", NULL)) == NULL) {
		cli_fail(ctx, "-o %s: its directory %s: %s", output ? output : "-",
		    *page_dir ? page_dir : "/", strerror(errno));
		goto out;
	}
	/* The common leading components, then ".." for each left of the page's. */
	a = abs_dir, b = strcmp(abs_page, "/") == 0 ? "" : abs_page;
	{
		size_t common = 0, i = 0;

		for (;; i++) {
			if ((a[i] == '/' || a[i] == '\0') && (b[i] == '/' || b[i] == '\0'))
				common = i;
			if (a[i] != b[i] || a[i] == '\0')
				break;
		}
		if (a[i] == '\0' && b[i] == '\0')
			common = i;
		buf_init(&h, BUF_NOLIMIT);
		for (const char *p = b + common; *p; p++)
			if (*p == '/')
				buf_adds(&h, h.len ? "/.." : "..");
		if (a[common] == '/')
			buf_adds(&h, h.len ? a + common : a + common + 1);
		if (h.len == 0)
			buf_addc(&h, '.');
		*href = buf_detach(&h);
	}
	r = 0;
out:
	free(abs_dir);
	free(abs_page);
	free(page_dir);
	return r;
}

/*
 * Files read beside a local feed have no web address: a render that links
 * the media (md's and embed's default) leaves them out, and says so once,
 * with the way to put them in. EXIT_OK.
 */
static int
said_left_out(struct cmd_ctx *ctx, size_t n)
{
	if (n > 0) {
		fflush(stdout);
		cli_note(ctx,
		    "%zu archived file%s read beside a local feed %s no web address to link,"
		    " so %s left out: --media-dir DIR or --media data puts %s in",
		    n, n == 1 ? "" : "s", n == 1 ? "has" : "have", n == 1 ? "it is" : "they are",
		    n == 1 ? "it" : "them");
	}
	return EXIT_OK;
}

/* A --media-url the links can carry as they are: a path or an http(s) URL. */
static int
media_url_ok(const char *u)
{
	if (*u == '\0' || u[strcspn(u, " \t\r\n\"'<>\\`")] != '\0')
		return 0;
	for (const char *p = u; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	if (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0)
		return 1;
	/* No other scheme (javascript:, data:): a path has no ':' before its first '/'. */
	const char *colon = strchr(u, ':'), *slash = strchr(u, '/');

	return colon == NULL || (slash != NULL && slash < colon);
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
	    {"id-prefix", required_argument, NULL, 'I'},
	    {"media", required_argument, NULL, 'm'},
	    {"media-dir", required_argument, NULL, 'M'},
	    {"media-url", required_argument, NULL, 'U'},
	    {"no-stats", no_argument, NULL, 'S'},
	    {NULL, 0, NULL, 0},
	};
	struct render_options opt = {
	    RENDER_HTML, NULL, 0, 0, RENDER_FOR_NONE, RENDER_MEDIA_AUTO, NULL, NULL, 0, NULL, NULL};
	char *href = NULL;
	size_t left_out = 0;
	int status;
	const char *output = NULL, *media_url = NULL;
	struct fileout out;
	struct stat st;
	int ch;

	optind = 0;
	while ((ch = cli_getopt(ctx, "f:o:", longopts)) != -1) {
		switch (ch) {
		case 'f':
			if (render_format_parse(optarg, &opt.format) == -1)
				return cli_usage(
				    ctx, "unknown format '%s' (html, embed, md or json)", optarg);
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
		case 'm':
			if (strcmp(optarg, "data") == 0)
				opt.media = RENDER_MEDIA_DATA;
			else if (strcmp(optarg, "remote") == 0)
				opt.media = RENDER_MEDIA_REMOTE;
			else
				return cli_usage(
				    ctx, "--media: '%s' is neither data nor remote", optarg);
			break;
		case 'M':
			opt.media_dir = optarg;
			break;
		case 'U':
			if (!media_url_ok(optarg))
				return cli_usage(ctx,
				    "--media-url: a path ('/assets/story') or an http(s) URL, without"
				    " spaces, quotes or '<>', not '%s'",
				    optarg);
			media_url = optarg;
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
				return cli_usage(
				    ctx, "--for: unknown generator '%s' (jekyll or hugo)", optarg);
			break;
		case 'I':
			if (!render_id_prefix_ok(optarg))
				return cli_usage(ctx,
				    "--id-prefix: letters, digits, '-' and '_' only "
				    "(at most 40), not '%s'",
				    optarg);
			opt.id_prefix = optarg;
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
			return cli_fail(
			    ctx, "templates directory %s: %s", opt.templates_dir, strerror(errno));
		if (!S_ISDIR(st.st_mode))
			return cli_fail(
			    ctx, "templates directory %s: not a directory", opt.templates_dir);
	}

	if (media_url != NULL && opt.media_dir == NULL)
		return cli_usage(
		    ctx, "--media-url goes with --media-dir: it says where the site serves it");
	if (opt.media_dir != NULL) {
		if (opt.media != RENDER_MEDIA_AUTO)
			return cli_usage(
			    ctx, "--media-dir and --media go apart: the files are the media");
		if (opt.format == RENDER_JSON)
			return cli_usage(ctx, "--media-dir does not apply to --format json");
		if (media_dir_href(ctx, opt.media_dir, output, &href) == -1)
			return EXIT_FAILURE_;
		if (media_url != NULL) {
			/* Where the site serves the directory (a Jekyll post is not
			 * served from beside its file): the links say so as given. */
			size_t n = strlen(media_url);

			while (n > 1 && media_url[n - 1] == '/')
				n--;
			free(href);
			href = xstrndup(media_url, n);
		}
		opt.media = RENDER_MEDIA_DIR;
		opt.media_href = href;
	}
	status = EXIT_OK;
	opt.left_out = &left_out;
	if (output == NULL || strcmp(output, "-") == 0) {
		setvbuf(stdout, NULL, _IOFBF, RENDER_BUFSIZE);
		if (render_story(ctx->store, &ctx->project, &opt, stdout, &ctx->err) == -1)
			status = cli_error(ctx);
		free(href);
		return status == EXIT_OK ? said_left_out(ctx, left_out) : status;
	}
	if (fileout_open(&out, output, &ctx->err) == -1) {
		free(href);
		return cli_error(ctx);
	}
	setvbuf(out.fp, NULL, _IOFBF, RENDER_BUFSIZE);
	if (render_story(ctx->store, &ctx->project, &opt, out.fp, &ctx->err) == -1) {
		/* A write that failed (a full disk): say which file. */
		if (ferror(out.fp))
			err_prefix(&ctx->err, "%s: ", output);
		fileout_abort(&out);
		status = cli_error(ctx);
	} else if (fileout_commit(&out, &ctx->err) == -1) {
		status = cli_error(ctx);
	}
	free(href);
	return status == EXIT_OK ? said_left_out(ctx, left_out) : status;
}

const struct cmd_entry cmd_render_entry = {"render",
    "[--format html|md|embed|json] [-o FILE] [--templates DIR] [--front-matter] "
    "[--for jekyll|hugo] [--media data|remote] [--media-dir DIR [--media-url URL]] [--no-stats] [--id-prefix P]",
    "write the story as HTML, an embeddable fragment, Markdown or JSON",
    "Options:\n"
    "  --format F        html (default: a standalone page), embed (a fragment to\n"
    "                    paste into a page), md (CommonMark) or json\n"
    "  -o FILE           write FILE (whole, or left as it was); '-' or none: stdout\n"
    "  --templates DIR   use DIR's templates where a file has a built-in's name\n"
    "  --front-matter    md: YAML front matter (title, date, tags, description);\n"
    "                    date is the event's first day in the project's time zone,\n"
    "                    with its offset (noon when the window opens at midnight,\n"
    "                    so a site in any time zone files it under that day)\n"
    "  --for G           md: made safe for the site generator G, jekyll (no {{ or\n"
    "                    {% reaches Liquid) or hugo (no {{< or {{% reaches\n"
    "                    shortcodes); outside the front matter; and post text\n"
    "                    escaped so that its typographer keeps -- ... and >>\n"
    "  --id-prefix P     html, embed: every id starts with P (day2-item-7), so two\n"
    "                    stories on one page never collide; default: the title's\n"
    "                    letters and digits and a '-' (fosdem-2026-item-7); \"\"\n"
    "                    for none\n"
    "  --generated-at    include the time of rendering (STORIED_NOW pins it)\n"
    "  --media data      archived media, avatars and card images as data: URIs in\n"
    "                    the output (html's default: the page alone is the record)\n"
    "  --media remote    link the originals instead (embed's and md's default)\n"
    "  --media-dir DIR   write the archived files into DIR (made when missing),\n"
    "                    named by their SHA-256, linked relative to the page\n"
    "  --media-url URL   link them as URL/NAME instead: where the site serves DIR\n"
    "                    (/assets/story for a Jekyll post; a path or http(s) URL)\n"
    "  --no-stats        leave out the \"In numbers\" section (stats.html.mustache,\n"
    "                    stats.md.mustache: a chart of posts per hour, the top\n"
    "                    voices, links and tags; json: \"stats\")\n"
    "\n"
    "The same project renders to the same bytes. Template data: docs/templates.md.\n",
    CMD_PROJECT, cmd_render};
