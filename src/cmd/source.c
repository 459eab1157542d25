/*
 * source.c - `storied source add|list|rm`: the feeds a project collects.
 *
 * A source is an http(s) URL or a local file. Local paths (and file://
 * URLs, which are paths too) are stored absolute, so collect works from
 * any directory; a path must name a readable file when added, which
 * catches typos at once. The same URL twice is refused, and several added
 * at once go in together or not at all (one transaction). `rm` keeps the
 * posts a source brought unless --purge, which removes only the posts no
 * other source reached, with their story items.
 */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "collect.h"
#include "datetime.h"
#include "http.h"
#include "import.h"
#include "redact.h"
#include "store_collect.h"
#include "store_import.h"
#include "url.h"

/* The form of arg stored as a source's url: a checked URL or an absolute path. */
static int
source_location(struct cmd_ctx *ctx, const char *arg, char **out)
{
	char *path, *abs;
	struct stat st;

	if (str_casestartswith(arg, "http://") || str_casestartswith(arg, "https://")) {
		if (url_check_http(arg, out, &ctx->err) == -1)
			return cli_error(ctx);
		return EXIT_OK;
	}
	if (str_casestartswith(arg, "file://")) {
		if ((path = url_file_path(arg)) == NULL)
			return cli_usage(ctx, "'%s': a file:// URL must name a local path", arg);
	} else if (strstr(arg, "://") != NULL) {
		return cli_usage(
		    ctx, "'%s': only http:// and https:// URLs and local paths are sources", arg);
	} else {
		path = xstrdup(arg);
	}
	if ((abs = realpath(path, NULL)) == NULL || stat(abs, &st) == -1) {
		cli_fail(ctx, "%s: %s", path, strerror(errno));
		free(abs);
		free(path);
		return EXIT_FAILURE_;
	}
	free(path);
	if (!S_ISREG(st.st_mode)) {
		cli_fail(ctx, "%s: not a regular file", abs);
		free(abs);
		return EXIT_FAILURE_;
	}
	/* realpath allocates with malloc; hand on our own copy. */
	*out = xstrdup(abs);
	free(abs);
	return EXIT_OK;
}

/*
 * A Mastodon hashtag feed (/tags/NAME.rss or .atom) holds only the newest
 * posts: added after the event, it misses most of it. Say so, with the
 * address that reads the API back to the window's start.
 */
static void
hint_tag_feed(struct cmd_ctx *ctx, const char *arg)
{
	const char *kind = NULL;
	char *api_url = NULL;

	if (!api_source_classify(arg, 1, &api_url, &kind) || !str_eq(kind, "mastodon")) {
		free(api_url);
		return;
	}
	cli_note(ctx,
	    "note: %s is a Mastodon hashtag feed, which holds only the newest posts "
	    "(about 20); to reach back to the %s, add %s instead "
	    "(read through the API) or give --api",
	    arg, ctx->project.has_since ? "window's start" : "first posts", api_url);
	free(api_url);
}

static int
cmd_source_add(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"name", required_argument, NULL, 'n'},
	    {"api", no_argument, NULL, 'a'},
	    {"token", required_argument, NULL, 't'},
	    {"token-env", required_argument, NULL, 'T'},
	    {"local", no_argument, NULL, 'l'},
	    {"remote", no_argument, NULL, 'r'},
	    {"max-pages", required_argument, NULL, 'm'},
	    {NULL, 0, NULL, 0},
	};
	const char *name = NULL, *token = NULL, *scope = NULL;
	int64_t max_pages = 0;
	int ch, status, api = 0;
	char *options;
	struct buf said;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1) {
		switch (ch) {
		case 'n':
			name = optarg;
			break;
		case 'a':
			api = 1;
			break;
		case 't':
			return cli_usage(ctx,
			    "--token would write the token into the project file: "
			    "put it in an environment variable and name that with --token-env VAR "
			    "(STORIED_MASTODON_TOKEN is read when none is named)");
		case 'T':
			token = optarg;
			if (*token == '\0' ||
			    strspn(token,
			        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			        "0123456789_") != strlen(token) ||
			    (*token >= '0' && *token <= '9'))
				return cli_usage(ctx,
				    "--token-env wants the name of an environment "
				    "variable (letters, digits, _), not '%s'",
				    optarg);
			break;
		case 'l':
			scope = "local";
			break;
		case 'r':
			scope = "remote";
			break;
		case 'm':
			if (str_to_int64(optarg, 1, 100000, &max_pages) == -1)
				return cli_usage(
				    ctx, "--max-pages wants a number of pages, not '%s'", optarg);
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind == ctx->argc)
		return cli_usage(ctx, "missing URL or PATH");
	if (name && ctx->argc - optind > 1)
		return cli_usage(ctx, "--name names one source; give it with one URL or PATH");
	if (name && *name == '\0')
		name = NULL;
	options = api_source_options(token, scope, max_pages);
	/* What was added is said only once every source is in: a bad one later
	 * on the line rolls the whole command back, and "added" lines for
	 * sources that are not there would be false. */
	buf_init(&said, BUF_NOLIMIT);
	for (int i = optind; i < ctx->argc; i++) {
		const char *kind = NULL;
		char *url = NULL, *shown;
		int64_t id;

		/* A hashtag's web address on Mastodon or Bluesky is read through the
		 * platform's API, which reaches back to the start of the event. */
		if (!api_source_classify(ctx->argv[i], api, &url, &kind)) {
			if (api || options) {
				free(options);
				buf_release(&said);
				return cli_usage(ctx,
				    "'%s' is no Mastodon or Bluesky hashtag address: "
				    "--api, --token-env, --local, --remote and --max-pages are for those",
				    ctx->argv[i]);
			}
			if ((status = source_location(ctx, ctx->argv[i], &url)) != EXIT_OK) {
				free(options);
				buf_release(&said);
				return status;
			}
			hint_tag_feed(ctx, ctx->argv[i]);
		} else if (str_eq(kind, "mastodon")) {
			char *checked = NULL;
			int bad = url_check_http(url, &checked, &ctx->err);
			free(url);
			if (bad == -1) {
				free(options);
				buf_release(&said);
				return cli_error(ctx);
			}
			url = checked;
		} else if (str_eq(kind, "bluesky") && (token || scope)) {
			free(url);
			free(options);
			buf_release(&said);
			return cli_usage(ctx,
			    "--token-env, --local and --remote are for Mastodon sources "
			    "(Bluesky logs in with STORIED_BSKY_HANDLE and STORIED_BSKY_APP_PASSWORD)");
		}
		if (store_source_add(ctx->store, url, name, &id, &ctx->err) == -1 ||
		    (kind &&
		        store_source_set_kind(ctx->store, id, kind, options, &ctx->err) == -1)) {
			free(url);
			free(options);
			buf_release(&said);
			if (ctx->err.code == ERR_EXISTS)
				ctx->err.code = ERR_FAIL; /* refused: exit 1, nothing added */
			return cli_error(ctx);
		}
		shown = redact_url(url);
		if (kind)
			buf_printf(&said, "added source %lld: %s (%s API)\n", (long long)id, shown,
			    str_eq(kind, "mastodon") ? "Mastodon" : "Bluesky");
		else
			buf_printf(&said, "added source %lld: %s\n", (long long)id, shown);
		free(shown);
		free(url);
	}
	free(options);
	fputs(said.data, stdout);
	buf_release(&said);
	return EXIT_OK;
}

static json_t *
jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int
source_list_json(struct cmd_ctx *ctx, const struct source *v, size_t n)
{
	json_t *a = json_array();
	char t[32];
	int r;

	for (size_t i = 0; i < n; i++) {
		const struct source *src = &v[i];
		json_t *o = json_object();

		json_object_set_new(o, "id", json_integer(src->id));
		char *shown = redact_url(src->url);

		json_object_set_new(o, "url", json_string(shown));
		free(shown);
		json_object_set_new(o, "name", jstr(src->name));
		json_object_set_new(o, "title", jstr(src->title));
		json_object_set_new(o, "kind", jstr(src->kind));
		json_object_set_new(o, "local", json_boolean(collect_is_local(src->url)));
		time_format_utc(src->added_at, t, sizeof t);
		json_object_set_new(o, "added", json_string(t));
		time_format_utc(src->last_fetch_at, t, sizeof t);
		json_object_set_new(o, "last_fetch", src->has_fetch ? json_string(t) : json_null());
		json_object_set_new(o, "status",
		    src->has_fetch && src->last_status ? json_integer(src->last_status)
		                                       : json_null());
		json_object_set_new(o, "format", jstr(src->last_format));
		json_object_set_new(
		    o, "seen", src->has_fetch ? json_integer(src->last_seen) : json_null());
		json_object_set_new(
		    o, "new", src->has_fetch ? json_integer(src->last_new) : json_null());
		json_object_set_new(
		    o, "updated", src->has_fetch ? json_integer(src->last_updated) : json_null());
		json_object_set_new(o, "error", jstr(src->last_error));
		json_object_set_new(o, "posts", json_integer(src->posts));
		json_array_append_new(a, o);
	}
	r = cli_json_print(ctx, a);
	json_decref(a);
	return r;
}

static int
cmd_source_list(struct cmd_ctx *ctx)
{
	struct source *v;
	size_t n;
	int json, status;

	if ((status = cli_json_flag(ctx, &json)) != EXIT_OK)
		return status;
	if (store_source_list(ctx->store, &v, &n, &ctx->err) == -1)
		return cli_error(ctx);
	if (json) {
		status = source_list_json(ctx, v, n);
		store_sources_free(v, n);
		return status;
	}
	if (n == 0)
		cli_note(ctx, "no sources yet; add one with 'storied source add URL|PATH'");
	for (size_t i = 0; i < n; i++) {
		const struct source *src = &v[i];
		char when[64], *shown = redact_url(src->url);

		printf("%lld  %s", (long long)src->id, shown);
		free(shown);
		if (src->name || src->title) /* what the credits call it */
			printf("  (%s)", src->name ? src->name : src->title);
		printf("  %lld post%s\n", (long long)src->posts, src->posts == 1 ? "" : "s");
		if (!src->has_fetch) {
			printf("    never fetched\n");
			continue;
		}
		time_format_zone(src->last_fetch_at, ctx->project.timezone, "%Y-%m-%d %H:%M %Z",
		    when, sizeof when);
		printf("    fetched %s", when);
		/* "HTTP 404: failed: HTTP 404" says it twice. */
		if (src->last_status &&
		    (src->last_error == NULL || !str_startswith(src->last_error, "HTTP ")))
			printf(", HTTP %d", src->last_status);
		if (src->last_error)
			printf(": failed: %s\n", src->last_error);
		else if (src->last_status == 304)
			printf(": not modified\n");
		else
			printf(": %s%s%lld items, %lld new, %lld updated\n",
			    src->last_format ? src->last_format : "", src->last_format ? ", " : "",
			    (long long)src->last_seen, (long long)src->last_new,
			    (long long)src->last_updated);
	}
	store_sources_free(v, n);
	return status;
}

static int
cmd_source_rm(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"purge", no_argument, NULL, 'P'},
	    {NULL, 0, NULL, 0},
	};
	int64_t id, purged;
	int ch, purge = 0, status;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1) {
		if (ch != 'P')
			return EXIT_USAGE;
		purge = 1;
	}
	if (optind == ctx->argc)
		return cli_usage(ctx, "missing source ID (see 'storied source list')");
	if (ctx->argc - optind > 1)
		return cli_usage(ctx, "unexpected argument '%s'", ctx->argv[optind + 1]);
	if ((status = cli_parse_id(ctx, ctx->argv[optind], "source", &id)) != EXIT_OK)
		return status;
	if (store_source_remove(ctx->store, id, purge, &purged, &ctx->err) == -1)
		return cli_error(ctx);
	if (purge)
		cli_note(ctx, "removed source %lld and %lld posts only it had", (long long)id,
		    (long long)purged);
	else
		cli_note(ctx, "removed source %lld; its posts stay (--purge removes them)",
		    (long long)id);
	return EXIT_OK;
}

const struct cmd_entry cmd_source_add_entry = {"source add",
    "URL|PATH... [--name NAME] [--api] [--token-env VAR] [--local|--remote] [--max-pages N]",
    "add feeds to collect (http(s) URLs or local files)",
    "Options:\n"
    "  --name NAME       a name for the source (with one URL or PATH)\n"
    "  --api             read https://SERVER/tags/NAME.rss through Mastodon's API\n"
    "  --token-env VAR   the environment variable holding a Mastodon access token\n"
    "                    (default STORIED_MASTODON_TOKEN); only its name is stored,\n"
    "                    never the token\n"
    "  --local, --remote only the instance's own posts, or only others'\n"
    "  --max-pages N     API pages read at most per collect (default 100)\n"
    "\n"
    "Local paths and file:// URLs are stored as absolute paths. A URL that is\n"
    "already a source is refused, and nothing is added (exit 1).\n"
    "\n"
    "A hashtag's address is read through the platform's search API, which pages\n"
    "back to the project's --since on the first collect and then fetches only\n"
    "newer posts: https://SERVER/tags/NAME (Mastodon), https://bsky.app/hashtag/NAME\n"
    "or bluesky:#NAME (Bluesky: set STORIED_BSKY_HANDLE and\n"
    "STORIED_BSKY_APP_PASSWORD; STORIED_BSKY_SERVICE, default https://bsky.social).\n",
    CMD_PROJECT | CMD_WRITE, cmd_source_add};

const struct cmd_entry cmd_source_list_entry = {"source list", "[--json]",
    "list the sources and what their last fetch did",
    "Shows each source, the posts it reached (a post two sources reached\n"
    "counts for both) and its last fetch: when, HTTP status, items seen, new\n"
    "and updated, or the error; in brackets the source's name, else the feed's\n"
    "own title. --json: an array of objects (id, url, name, title (the feed's\n"
    "own), local, added, last_fetch, status, format, seen, new, updated, error,\n"
    "posts).\n",
    CMD_PROJECT, cmd_source_list};

const struct cmd_entry cmd_source_rm_entry = {"source rm", "ID [--purge]",
    "remove a source (its posts stay unless --purge)",
    "Options:\n"
    "  --purge           also remove the posts only this source reached, and\n"
    "                    their story items\n",
    CMD_PROJECT | CMD_WRITE, cmd_source_rm};
