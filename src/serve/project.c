/*
 * project.c - the Project page's API: the settings and sources, read
 * directly; changed by running `storied init`, `config`, `source add` and
 * `source rm` themselves (serve_run_storied), so the page checks and
 * stores exactly what the commands do and shows their own messages.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datetime.h"
#include "internal.h"
#include "store_collect.h"

static json_t *
jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static void
project_get(struct serve *sv, struct reply *rp)
{
	struct project pj;
	struct source *src = NULL;
	size_t n = 0;
	struct store_counts counts;
	json_t *o, *tags, *sources;
	char when[32];
	struct err e;

	if (sv->store == NULL) {
		reply_json(rp, 200, json_pack("{s:b, s:s}", "exists", 0, "path", sv->project_path));
		return;
	}
	memset(&pj, 0, sizeof pj);
	if (store_project_load(sv->store, &pj, &e) == -1 ||
	    store_source_list(sv->store, &src, &n, &e) == -1 ||
	    store_counts(sv->store, &counts, &e) == -1) {
		project_release(&pj);
		reply_error(rp, &e);
		return;
	}
	tags = json_array();
	for (size_t i = 0; i < pj.ntags; i++)
		json_array_append_new(tags, json_string(pj.tags[i].display));
	sources = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *s = json_pack("{s:I, s:s, s:o, s:o}", "id", (json_int_t)src[i].id, "url",
		    src[i].url, "name", jstr(src[i].name), "kind", jstr(src[i].kind));
		if (src[i].has_fetch) {
			time_format_utc(src[i].last_fetch_at, when, sizeof when);
			json_object_set_new(s, "last_fetch", json_string(when));
			json_object_set_new(s, "last_error", jstr(src[i].last_error));
			json_object_set_new(s, "last_new", json_integer(src[i].last_new));
		} else {
			json_object_set_new(s, "last_fetch", json_null());
			json_object_set_new(s, "last_error", json_null());
		}
		json_array_append_new(sources, s);
	}
	o = json_pack("{s:b, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:I}", "exists", 1,
	    "path", sv->project_path, "title", jstr(pj.title), "description", jstr(pj.description),
	    "language", jstr(pj.language), "timezone", jstr(pj.timezone), "since", jstr(pj.since),
	    "until", jstr(pj.until), "tags", tags, "sources", sources, "posts",
	    (json_int_t)counts.posts, "items", (json_int_t)counts.items);
	store_sources_free(src, n);
	project_release(&pj);
	reply_json(rp, 200, o);
}

/* The last line a command printed, without "storied: COMMAND: " and
 * without hide (a temporary directory the user never named). */
static void
reply_output(struct reply *rp, int status, struct buf *out, const char *hide)
{
	char *text = out->data ? out->data : "", *line, *p;
	size_t len = out->len;

	if (hide && *hide) {
		size_t n = strlen(hide);
		while ((p = strstr(text, hide)) != NULL) {
			memmove(p, p + n, strlen(p + n) + 1);
			len -= n;
		}
	}

	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
		text[--len] = '\0';
	line = strrchr(text, '\n') ? strrchr(text, '\n') + 1 : text;
	if (str_startswith(line, "storied: ") && (p = strstr(line + 9, ": ")) != NULL)
		line = p + 2;
	if (status == 0)
		reply_json(rp, 200, json_pack("{s:s}", "message", line));
	else
		reply_message(
		    rp, status == 2 ? 400 : 409, "%s", *line ? line : "the command failed");
}

static int
run_hiding(struct serve *sv, struct reply *rp, const char *const *args, const char *hide)
{
	struct buf out;
	struct err e;
	int status;

	buf_init(&out, 1 << 20);
	if ((status = serve_run_storied(sv, args, &out, &e)) == -1) {
		reply_error(rp, &e);
	} else {
		reply_output(rp, status, &out, hide);
		sv->changes++;
	}
	buf_release(&out);
	return status;
}

static int
run(struct serve *sv, struct reply *rp, const char *const *args)
{
	return run_hiding(sv, rp, args, NULL);
}

static const char *const keys[] = {
    "title", "description", "language", "timezone", "since", "until", "tags"};

static void
project_save(struct serve *sv, const struct request *rq, struct reply *rp)
{
	const char *args[24];
	size_t n = 0;
	char *opts[ARRAY_LEN(keys)] = {0};
	struct err e;

	if (sv->store == NULL) {
		/* The first save creates the project, with init's checks. */
		args[n++] = "init";
		for (size_t i = 0; i < ARRAY_LEN(keys) - 1; i++) {
			const char *v = json_string_value(json_object_get(rq->body, keys[i]));
			if (v && *v) {
				opts[i] = xasprintf("--%s=%s", keys[i], v);
				args[n++] = opts[i];
			}
		}
		const char *tags = json_string_value(json_object_get(rq->body, "tags"));
		char *copy = xstrdup(tags ? tags : ""), *save = copy;
		for (char *t = copy; *t && n < ARRAY_LEN(args) - 3;) {
			size_t len = strcspn(t, " ,");
			int end;
			if (len == 0) {
				t++;
				continue;
			}
			end = t[len] == '\0';
			t[len] = '\0';
			args[n++] = "--tag";
			args[n++] = t;
			t += len + !end;
		}
		args[n] = NULL;
		if (run(sv, rp, args) == 0 && store_open(sv->project_path, &sv->store, &e) == -1)
			reply_error(rp, &e);
		free(save);
	} else {
		struct project pj;
		memset(&pj, 0, sizeof pj);
		if (store_project_load(sv->store, &pj, &e) == -1) {
			reply_error(rp, &e);
			return;
		}
		const char *now[] = {
		    pj.title, pj.description, pj.language, pj.timezone, pj.since, pj.until, NULL};
		reply_json(rp, 200, json_pack("{s:s}", "message", "nothing changed"));
		for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
			const char *v = json_string_value(json_object_get(rq->body, keys[i]));
			const char *cmd[] = {"config", keys[i], v, NULL};
			if (v == NULL ||
			    (i < ARRAY_LEN(keys) - 1 && str_eq(v, now[i] ? now[i] : "")))
				continue;
			if (run(sv, rp, cmd) != 0)
				break;
		}
		project_release(&pj);
	}
	for (size_t i = 0; i < ARRAY_LEN(opts); i++)
		free(opts[i]);
}

void
api_project(struct serve *sv, const struct request *rq, struct reply *rp)
{
	if (strcmp(rq->method, "GET") == 0) {
		project_get(sv, rp);
	} else if (strcmp(rq->path, "/api/project") == 0) {
		project_save(sv, rq, rp);
	} else if (sv->store == NULL) {
		reply_message(rp, 409, "save the project first");
	} else if (strcmp(rq->path, "/api/sources/add") == 0) {
		const char *url = json_string_value(json_object_get(rq->body, "url"));
		const char *name = json_string_value(json_object_get(rq->body, "name"));
		const char *args[] = {"source", "add", "--name", name, "--", url, NULL};
		if (url == NULL || *url == '\0') {
			reply_message(rp, 400, "give the source's address or file");
			return;
		}
		if (name == NULL || *name == '\0') {
			args[2] = "--";
			args[3] = url;
			args[4] = NULL;
		}
		run(sv, rp, args);
	} else {
		json_t *id = json_object_get(rq->body, "id");
		char num[32];
		const char *args[] = {"source", "rm", num, NULL};
		if (!json_is_integer(id) || json_integer_value(id) <= 0) {
			reply_message(rp, 400, "\"id\": give the source's id");
			return;
		}
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(id));
		run(sv, rp, args);
	}
}

void
api_import(struct serve *sv, const char *path, struct reply *rp)
{
	const char *args[] = {"import", "--", path, NULL};
	const char *slash = strrchr(path, '/');
	char *dir = xstrndup(path, slash ? (size_t)(slash - path) + 1 : 0);

	if (sv->store == NULL)
		reply_message(rp, 409, "save the project first");
	else
		run_hiding(sv, rp, args, dir);
	free(dir);
}
