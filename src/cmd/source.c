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
#include "store_collect.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The path of a file:// URL, percent-decoded; NULL when it has another host. */
static char *
file_url_path(const char *url)
{
	const char *p = url + 7;
	struct buf b;

	if (str_casestartswith(p, "localhost/"))
		p += 9;
	if (*p != '/')
		return NULL;
	buf_init(&b, BUF_NOLIMIT);
	for (; *p; p++) {
		if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			buf_addc(&b, (char)(hexval(p[1]) * 16 + hexval(p[2])));
			p += 2;
		} else {
			buf_addc(&b, *p);
		}
	}
	return buf_detach(&b);
}

/* The form of arg stored as a source's url: a checked URL or an absolute path. */
static int
source_location(struct cmd_ctx *ctx, const char *arg, char **out)
{
	char *path, *abs;
	struct stat st;

	if (str_casestartswith(arg, "http://") || str_casestartswith(arg, "https://")) {
		if (http_url_check(arg, out, &ctx->err) == -1)
			return cli_error(ctx);
		return EXIT_OK;
	}
	if (str_casestartswith(arg, "file://")) {
		if ((path = file_url_path(arg)) == NULL)
			return cli_usage(ctx, "'%s': a file:// URL must name a local path", arg);
	} else if (strstr(arg, "://") != NULL) {
		return cli_usage(ctx, "'%s': only http:// and https:// URLs and local paths are sources",
		    arg);
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

int
cmd_source_add(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"name", required_argument, NULL, 'n'},
	    {NULL, 0, NULL, 0},
	};
	const char *name = NULL;
	int ch, status;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1) {
		if (ch != 'n')
			return EXIT_USAGE;
		name = optarg;
	}
	if (optind == ctx->argc)
		return cli_usage(ctx, "missing URL or PATH");
	if (name && ctx->argc - optind > 1)
		return cli_usage(ctx, "--name names one source; give it with one URL or PATH");
	if (name && *name == '\0')
		name = NULL;
	for (int i = optind; i < ctx->argc; i++) {
		char *url = NULL;
		int64_t id;

		if ((status = source_location(ctx, ctx->argv[i], &url)) != EXIT_OK)
			return status;
		if (store_source_add(ctx->store, url, name, &id, &ctx->err) == -1) {
			free(url);
			if (ctx->err.code == ERR_EXISTS)
				ctx->err.code = ERR_FAIL; /* refused: exit 1, nothing added */
			return cli_error(ctx);
		}
		printf("added source %lld: %s\n", (long long)id, url);
		free(url);
	}
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
		json_object_set_new(o, "url", json_string(src->url));
		json_object_set_new(o, "name", jstr(src->name));
		json_object_set_new(o, "local", json_boolean(collect_is_local(src->url)));
		time_format_utc(src->added_at, t, sizeof t);
		json_object_set_new(o, "added", json_string(t));
		time_format_utc(src->last_fetch_at, t, sizeof t);
		json_object_set_new(o, "last_fetch", src->has_fetch ? json_string(t) : json_null());
		json_object_set_new(o, "status",
		    src->has_fetch && src->last_status ? json_integer(src->last_status) : json_null());
		json_object_set_new(o, "format", jstr(src->last_format));
		json_object_set_new(o, "seen", src->has_fetch ? json_integer(src->last_seen) : json_null());
		json_object_set_new(o, "new", src->has_fetch ? json_integer(src->last_new) : json_null());
		json_object_set_new(o, "updated",
		    src->has_fetch ? json_integer(src->last_updated) : json_null());
		json_object_set_new(o, "error", jstr(src->last_error));
		json_array_append_new(a, o);
	}
	r = json_dumpf(a, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(a);
	putchar('\n');
	return r == 0 ? EXIT_OK : cli_fail(ctx, "writing JSON failed");
}

int
cmd_source_list(struct cmd_ctx *ctx)
{
	static const struct option longopts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {NULL, 0, NULL, 0},
	};
	struct source *v;
	size_t n;
	int ch, json = 0, status = EXIT_OK;

	optind = 0;
	while ((ch = cli_getopt(ctx, "", longopts)) != -1) {
		if (ch != 'j')
			return EXIT_USAGE;
		json = 1;
	}
	if (optind < ctx->argc)
		return cli_usage(ctx, "unexpected argument '%s'", ctx->argv[optind]);
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
		char when[64];

		printf("%lld  %s", (long long)src->id, src->url);
		if (src->name)
			printf("  (%s)", src->name);
		putchar('\n');
		if (!src->has_fetch) {
			printf("    never fetched\n");
			continue;
		}
		time_format_zone(src->last_fetch_at, ctx->project.timezone, "%Y-%m-%d %H:%M %Z", when,
		    sizeof when);
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

int
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
