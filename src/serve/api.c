/*
 * api.c - the editor's JSON API (docs/api.md): reading posts and the
 * story, and every curation action, each one transaction recorded in the
 * history exactly as the command of the same name records it, so `undo`
 * and the page's Undo walk one history. Handlers never see HTTP: they get
 * a request's path, arguments and parsed body and fill a reply.
 */
#include <stdlib.h>
#include <string.h>

#include "curate.h"
#include "datetime.h"
#include "internal.h"
#include "render.h"
#include "sanitize.h"
#include "store_story.h"

#define PAGE_MAX 200

static int
need_store(struct serve *sv, struct reply *rp)
{
	if (sv->store != NULL)
		return 0;
	reply_json(rp, 409,
	    json_pack("{s:s, s:b}", "error",
	        "there is no project yet: set it up on the Project page", "no_project", 1));
	return -1;
}

static int
is(const struct request *rq, const char *method, const char *path)
{
	return strcmp(rq->path, path) == 0 && strcmp(rq->method, method) == 0;
}

/* A positive id from a JSON value. */
static int
json_id(json_t *v, int64_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return -1;
	*out = json_integer_value(v);
	return 0;
}

/* body[key], a non-empty array of ids, into a fresh array. */
static int
json_ids(json_t *body, const char *key, int64_t **ids, size_t *n, struct err *e)
{
	json_t *a = json_object_get(body, key), *v;
	size_t i;

	*ids = NULL;
	*n = 0;
	if (json_is_integer(a)) { /* one id: a list of one */
		*ids = xmalloc(sizeof **ids);
		if (json_id(a, *ids) == -1)
			goto bad;
		*n = 1;
		return 0;
	}
	if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > 100000)
		goto bad;
	*ids = xreallocarray(NULL, json_array_size(a), sizeof **ids);
	json_array_foreach(a, i, v)
	{
		if (json_id(v, &(*ids)[i]) == -1)
			goto bad;
	}
	*n = json_array_size(a);
	return 0;
bad:
	free(*ids);
	*ids = NULL;
	return err_set(e, ERR_USAGE, "\"%s\": give ids (positive integers)", key);
}

/* The position in a body: "after", "before" (item ids), "top" or "bottom". */
static int
json_anchor(json_t *body, struct curate_anchor *at, struct buf *label, struct err *e)
{
	json_t *after = json_object_get(body, "after"), *before = json_object_get(body, "before");
	int given = (after && !json_is_null(after)) + (before && !json_is_null(before)) +
	    json_is_true(json_object_get(body, "top")) +
	    json_is_true(json_object_get(body, "bottom"));

	at->where = CURATE_BOTTOM;
	at->item = 0;
	if (given > 1)
		return err_set(e, ERR_USAGE, "give one position: after, before, top or bottom");
	if (after && !json_is_null(after)) {
		if (json_id(after, &at->item) == -1)
			return err_set(e, ERR_USAGE, "\"after\": give an item id");
		at->where = CURATE_AFTER;
		buf_printf(label, " --after %lld", (long long)at->item);
	} else if (before && !json_is_null(before)) {
		if (json_id(before, &at->item) == -1)
			return err_set(e, ERR_USAGE, "\"before\": give an item id");
		at->where = CURATE_BEFORE;
		buf_printf(label, " --before %lld", (long long)at->item);
	} else if (json_is_true(json_object_get(body, "top"))) {
		at->where = CURATE_TOP;
		buf_adds(label, " --top");
	} else if (json_is_true(json_object_get(body, "bottom"))) {
		buf_adds(label, " --bottom");
	}
	return 0;
}

/* A text field (valid UTF-8, by jansson); NULL when absent or not a string. */
static const char *
json_text(json_t *body, const char *key)
{
	return json_string_value(json_object_get(body, key));
}

/* A text quoted for a history line, on one line and cut short. */
static void
label_text(struct buf *label, const char *text)
{
	buf_adds(label, " \"");
	for (size_t i = 0; i < 200 && text[i]; i++) {
		char ch = text[i];
		buf_addc(label, (unsigned char)ch < 0x20 ? ' ' : ch == '"' ? '\'' : ch);
	}
	buf_addc(label, '"');
}

/*
 * One change: a transaction recording the history like the command line's
 * dispatcher does (src/cli/main.c), committed only when the action worked.
 */
static int
change_begin(struct serve *sv, int history, struct err *e)
{
	if (store_begin(sv->store, e) == -1)
		return -1;
	if (history && store_history_begin(sv->store, e) == -1) {
		store_rollback(sv->store);
		return -1;
	}
	return 0;
}

static int
change_end(struct serve *sv, int ok, const char *command, int history, struct err *e)
{
	int recorded;

	if (ok && history && store_history_record(sv->store, command, &recorded, e) == -1)
		ok = 0;
	if (ok && store_commit(sv->store, e) == 0) {
		sv->changes++;
		return 0;
	}
	store_rollback(sv->store);
	return -1;
}

/* The whole of one action: begin, act, record, commit; the reply on failure. */
#define CHANGE(sv, rp, e, history, command, act)                                                   \
	do {                                                                                       \
		int ok_;                                                                           \
		if (change_begin(sv, history, &e) == -1) {                                         \
			reply_error(rp, &e);                                                       \
			goto out;                                                                  \
		}                                                                                  \
		ok_ = (act) == 0;                                                                  \
		if (change_end(sv, ok_, command, history, &e) == -1) {                             \
			reply_error(rp, &e);                                                       \
			goto out;                                                                  \
		}                                                                                  \
	} while (0)

static json_t *
jstr_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

struct posts_page {
	struct serve *sv;
	const char *zone;
	json_t *list;
	int64_t limit;
	int more;
	struct post_key last; /* the last post in the page: where the next starts */
	struct buf html;
};

static int
post_visit(const struct post_brief *p, void *arg)
{
	struct posts_page *pg = arg;
	json_t *o, *tags;
	char when[32], local[32];
	char *safe = NULL, *html = NULL, *base = NULL;
	struct err e;

	if ((int64_t)json_array_size(pg->list) == pg->limit) {
		pg->more = 1;
		return 1;
	}
	pg->last.dated = p->has_published;
	pg->last.published = p->published;
	pg->last.id = p->id;
	tags = json_array();
	for (const char *t = p->tags; t && *t;) {
		size_t n = strcspn(t, " ");
		if (n)
			json_array_append_new(tags, json_stringn(t, n));
		t += n;
		t += *t == ' ';
	}
	buf_reset(&pg->html);
	/* The form render shows: stored at collect, or made the same way. */
	if (store_post_content(pg->sv->store, p->id, &safe, &html, &base, &e) == 0 && safe != NULL)
		buf_adds(&pg->html, safe);
	else if (html != NULL)
		sanitize_post_html(&pg->html, html, base);
	else if (!str_empty(p->text)) {
		buf_adds(&pg->html, "<p>");
		esc_html_text(&pg->html, p->text);
		buf_adds(&pg->html, "</p>");
	}
	free(safe);
	free(html);
	free(base);
	o = json_object();
	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "url", jstr_or_null(p->url));
	json_object_set_new(o, "author", json_string(post_brief_author(p)));
	json_object_set_new(o, "author_name", jstr_or_null(p->author_name));
	json_object_set_new(o, "author_handle", jstr_or_null(p->author_handle));
	if (p->has_published) {
		time_format_utc(p->published, when, sizeof when);
		json_object_set_new(o, "published", json_string(when));
		if (time_format_zone(
		        p->published, pg->zone, "%Y-%m-%d %H:%M", local, sizeof local) == 0)
			json_object_set_new(o, "published_local", json_string(local));
	} else {
		json_object_set_new(o, "published", json_null());
	}
	json_object_set_new(o, "title", jstr_or_null(p->title));
	json_object_set_new(o, "text", json_string(p->text ? p->text : ""));
	json_object_set_new(o, "tags", tags);
	json_object_set_new(o, "hidden", json_boolean(p->hidden));
	json_object_set_new(o, "placed", json_boolean(p->item_id != 0));
	json_object_set_new(o, "item_id", p->item_id ? json_integer(p->item_id) : json_null());
	json_object_set_new(o, "html", json_stringn(pg->html.data, pg->html.len));
	json_array_append_new(pg->list, o);
	return 0;
}

/* A day in the project's time zone: [its midnight, the next day's). */
static int
day_range(const char *day, const char *zone, int64_t *since, int64_t *until)
{
	char next[32];
	struct err e;

	if (strlen(day) != 10 || day[4] != '-' || day[7] != '-' ||
	    when_parse(day, zone, since, &e) == -1)
		return -1;
	/* 36 hours later is the next day whatever a DST change does. */
	if (time_format_zone(*since + 36 * 3600, zone, "%Y-%m-%d", next, sizeof next) == -1 ||
	    when_parse(next, zone, until, &e) == -1)
		return -1;
	return 0;
}

/*
 * The "next" a page of posts answers and "after" reads back: the last
 * post's place in the order, "d<published>.<id>" for a dated post or
 * "u<id>" for an undated one. Opaque to the page.
 */
static json_t *
key_json(const struct post_key *k)
{
	char b[64];

	if (k->dated)
		snprintf(b, sizeof b, "d%lld.%lld", (long long)k->published, (long long)k->id);
	else
		snprintf(b, sizeof b, "u%lld", (long long)k->id);
	return json_string(b);
}

static int
key_parse(const char *v, struct post_key *k)
{
	const char *dot;
	char num[32];
	size_t n;

	memset(k, 0, sizeof *k);
	if (v[0] == 'u')
		return str_to_int64(v + 1, 1, INT64_MAX, &k->id);
	if (v[0] != 'd' || (dot = strchr(v, '.')) == NULL || (n = (size_t)(dot - v - 1)) == 0 ||
	    n >= sizeof num)
		return -1;
	memcpy(num, v + 1, n);
	num[n] = '\0';
	k->dated = 1;
	if (str_to_int64(num, INT64_MIN, INT64_MAX, &k->published) == -1)
		return -1;
	return str_to_int64(dot + 1, 1, INT64_MAX, &k->id);
}

static void
api_posts(struct serve *sv, const struct request *rq, struct reply *rp)
{
	struct posts_page pg;
	struct post_filter f;
	struct project pj;
	const char *v;
	int64_t n;
	struct err e;

	memset(&f, 0, sizeof f);
	memset(&pg, 0, sizeof pg);
	memset(&pj, 0, sizeof pj);
	if (store_project_load(sv->store, &pj, &e) == -1) {
		reply_error(rp, &e);
		return;
	}
	if ((v = serve_arg(rq, "q")) != NULL)
		f.search = v; /* the store reads what people type (search.h) */
	f.unplaced = (v = serve_arg(rq, "unplaced")) && strcmp(v, "1") == 0;
	if ((v = serve_arg(rq, "author")) && *v)
		f.author = v;
	if ((v = serve_arg(rq, "hidden")))
		f.hidden = strcmp(v, "1") == 0 ? POSTS_HIDDEN
		    : strcmp(v, "all") == 0    ? POSTS_ALL
		                               : POSTS_VISIBLE;
	f.reverse = (v = serve_arg(rq, "order")) && strcmp(v, "newest") == 0;
	if ((v = serve_arg(rq, "day")) && *v) {
		if (day_range(v, pj.timezone, &f.since, &f.until) == -1) {
			reply_message(rp, 400, "day: give a date as 2026-03-14");
			goto out;
		}
		f.has_since = f.has_until = 1;
	}
	pg.limit = 50;
	if ((v = serve_arg(rq, "limit")) && str_to_int64(v, 1, PAGE_MAX, &n) == 0)
		pg.limit = n;
	if ((v = serve_arg(rq, "offset")) && str_to_int64(v, 0, INT64_MAX / 2, &n) == 0)
		f.offset = n;
	if ((v = serve_arg(rq, "after")) && *v) {
		if (key_parse(v, &f.after) == -1) {
			reply_message(rp, 400, "after: give the \"next\" of the previous page");
			goto out;
		}
		f.has_after = 1;
	}
	if ((v = serve_arg(rq, "source")) && *v) {
		if (str_to_int64(v, 1, INT64_MAX, &f.source) == -1) {
			reply_message(rp, 400, "source: give a source id");
			goto out;
		}
	}
	f.with_media = (v = serve_arg(rq, "media")) && strcmp(v, "1") == 0;
	f.limit = pg.limit + 1;
	pg.sv = sv;
	pg.zone = pj.timezone;
	pg.list = json_array();
	buf_init(&pg.html, BUF_NOLIMIT);
	if (store_posts_list(sv->store, &f, post_visit, &pg, &e) == -1) {
		json_decref(pg.list);
		reply_error(rp, &e);
	} else {
		reply_json(rp, 200,
		    json_pack("{s:o, s:I, s:b, s:o}", "posts", pg.list, "offset",
		        (json_int_t)f.offset, "more", pg.more, "next",
		        pg.more ? key_json(&pg.last) : json_null()));
	}
	buf_release(&pg.html);
out:
	project_release(&pj);
}

/* The story as the page shows it, and which of its posts are hidden. */
struct story_page {
	json_t *list;
	int64_t *hidden; /* post ids, ascending */
	size_t nhidden;
};

static int
id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int
story_visit(void *arg, json_t *item, const char *html, size_t len)
{
	struct story_page *sp = arg;
	json_t *o = json_object();
	const char *kind = json_string_value(json_object_get(item, "kind"));
	json_t *inner = json_object_get(item, kind);

	json_object_set(o, "id", json_object_get(item, "id"));
	json_object_set_new(o, "kind", json_string(kind));
	if (strcmp(kind, "post") == 0) {
		json_t *author = json_object_get(inner, "author");
		json_int_t post = json_integer_value(json_object_get(inner, "id"));
		int64_t key = (int64_t)post;

		json_object_set(o, "post_id", json_object_get(inner, "id"));
		json_object_set(o, "text", json_object_get(inner, "text"));
		json_object_set(o, "caption", json_object_get(inner, "caption"));
		json_object_set(o, "author", json_object_get(author, "display"));
		json_object_set_new(o, "hidden",
		    json_boolean(sp->nhidden &&
		        bsearch(&key, sp->hidden, sp->nhidden, sizeof key, id_cmp) != NULL));
	} else {
		json_object_set_new(o, "post_id", json_null());
		json_object_set(o, "text", json_object_get(inner, "text"));
		json_object_set_new(o, "caption", json_null());
		if (strcmp(kind, "heading") == 0)
			json_object_set(o, "level", json_object_get(inner, "level"));
	}
	json_object_set_new(o, "html", json_stringn(html, len));
	json_array_append_new(sp->list, o);
	return 0;
}

/* One read transaction: the hidden marks are those of the items shown. */
static void
api_story(struct serve *sv, struct reply *rp)
{
	struct project pj;
	struct story_page sp = {json_array(), NULL, 0};
	struct err e;

	memset(&pj, 0, sizeof pj);
	if (store_project_load(sv->store, &pj, &e) == -1 || store_read_begin(sv->store, &e) == -1 ||
	    store_story_hidden(sv->store, &sp.hidden, &sp.nhidden, &e) == -1 ||
	    render_items_html(sv->store, &pj, story_visit, &sp, &e) == -1) {
		json_decref(sp.list);
		reply_error(rp, &e);
	} else {
		reply_json(rp, 200,
		    json_pack("{s:o, s:s}", "items", sp.list, "title", pj.title ? pj.title : ""));
	}
	store_rollback(sv->store);
	free(sp.hidden);
	project_release(&pj);
}

static void
api_version(struct serve *sv, struct reply *rp)
{
	int64_t v = 0;
	int can_undo = 0, can_redo = 0;
	char text[64];
	struct err e;
	json_t *o;

	serve_collect_poll(sv);
	if (sv->store &&
	    (store_data_version(sv->store, &v, &e) == -1 ||
	        store_history_can(sv->store, &can_undo, &can_redo, &e) == -1)) {
		reply_error(rp, &e);
		return;
	}
	snprintf(text, sizeof text, "%lld.%lld", (long long)v, (long long)sv->changes);
	o = json_pack("{s:s, s:b, s:b, s:b}", "version", text, "project", sv->store != NULL,
	    "can_undo", can_undo, "can_redo", can_redo);
	json_object_set_new(o, "collect", serve_collect_json(sv));
	reply_json(rp, 200, o);
}

static void
api_add(struct serve *sv, const struct request *rq, struct reply *rp)
{
	struct curate_anchor at;
	struct buf label, said;
	int64_t *ids = NULL, *items = NULL;
	json_t *list;
	size_t n;
	struct err e;

	buf_init(&said, BUF_NOLIMIT);
	buf_init(&label, BUF_NOLIMIT);
	buf_adds(&label, "add");
	if (json_ids(rq->body, "posts", &ids, &n, &e) == -1) {
		reply_error(rp, &e);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		buf_printf(&label, " %lld", (long long)ids[i]);
	if (json_anchor(rq->body, &at, &label, &e) == -1) {
		reply_error(rp, &e);
		goto out;
	}
	items = xreallocarray(NULL, n, sizeof *items);
	CHANGE(sv, rp, e, 1, label.data,
	    curate_check_posts(sv->store, ids, n, &e) == 0
	        ? curate_add_posts(sv->store, ids, n, &at, items, &said, &e)
	        : -1);
	list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_integer(items[i]));
	reply_json(rp, 200, json_pack("{s:o, s:s}", "items", list, "said", said.data));
out:
	free(ids);
	free(items);
	buf_release(&said);
	buf_release(&label);
}

static void
api_move(struct serve *sv, const struct request *rq, struct reply *rp)
{
	struct curate_anchor at;
	struct buf label, said;
	int64_t item;
	struct err e;

	buf_init(&said, BUF_NOLIMIT);
	buf_init(&label, BUF_NOLIMIT);
	if (json_id(json_object_get(rq->body, "item"), &item) == -1) {
		reply_message(rp, 400, "\"item\": give the item to move");
		goto out;
	}
	buf_printf(&label, "move %lld", (long long)item);
	if (json_anchor(rq->body, &at, &label, &e) == -1) {
		reply_error(rp, &e);
		goto out;
	}
	CHANGE(sv, rp, e, 1, label.data, curate_move(sv->store, item, &at, &said, &e));
	reply_json(rp, 200, json_pack("{s:I, s:s}", "item", (json_int_t)item, "said", said.data));
out:
	buf_release(&said);
	buf_release(&label);
}

static void
api_remove(struct serve *sv, const struct request *rq, struct reply *rp)
{
	struct buf label, said;
	int64_t *ids = NULL;
	size_t n;
	struct err e;

	buf_init(&said, BUF_NOLIMIT);
	buf_init(&label, BUF_NOLIMIT);
	buf_adds(&label, "rm");
	if (json_ids(rq->body, "items", &ids, &n, &e) == -1) {
		reply_error(rp, &e);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		buf_printf(&label, " %lld", (long long)ids[i]);
	CHANGE(sv, rp, e, 1, label.data, curate_remove(sv->store, ids, n, &said, &e));
	reply_json(rp, 200, json_pack("{s:I, s:s}", "removed", (json_int_t)n, "said", said.data));
out:
	free(ids);
	buf_release(&said);
	buf_release(&label);
}

static void
api_text(struct serve *sv, const struct request *rq, struct reply *rp, enum story_kind kind)
{
	const char *text = json_text(rq->body, "text");
	json_t *lv = json_object_get(rq->body, "level");
	struct curate_anchor at;
	struct buf label, said;
	int64_t id = 0;
	int level = 2;
	struct err e;

	buf_init(&said, BUF_NOLIMIT);
	buf_init(&label, BUF_NOLIMIT);
	if (text == NULL) {
		reply_message(rp, 400, "\"text\": give the %s's text", story_kind_name(kind));
		goto out;
	}
	if (json_is_integer(lv))
		level = (int)(json_integer_value(lv) >= 2 && json_integer_value(lv) <= 6
		        ? json_integer_value(lv)
		        : 0);
	buf_adds(&label, story_kind_name(kind));
	label_text(&label, text);
	if (kind == STORY_HEADING && level != 2)
		buf_printf(&label, " --level %d", level);
	if (json_anchor(rq->body, &at, &label, &e) == -1) {
		reply_error(rp, &e);
		goto out;
	}
	CHANGE(sv, rp, e, 1, label.data,
	    curate_add_text(sv->store, kind, level, text, &at, &id, &said, &e));
	reply_json(rp, 200, json_pack("{s:I, s:s}", "item", (json_int_t)id, "said", said.data));
out:
	buf_release(&said);
	buf_release(&label);
}

/* Two texts the same once trimmed: what a save stores (a heading, a caption) is trimmed. */
static int
same_trimmed(const char *a, const char *b)
{
	char *ta = str_trimmed_dup(a ? a : "", strlen(a ? a : ""));
	char *tb = str_trimmed_dup(b ? b : "", strlen(b ? b : ""));
	int same = str_eq(ta ? ta : "", tb ? tb : "");

	free(ta);
	free(tb);
	return same;
}

/*
 * What an edit found when the text it was opened on (its "was") is no
 * longer the item's: another tab, another editor or the command line
 * changed it in between. The page gets the text now, to show beside its own.
 */
struct edit_conflict {
	int found;
	char *now; /* the item's text now ("" for no caption) */
	int level;
};

/*
 * An edit that says what it was opened on changes only an item nobody else
 * changed since, read inside the change's own transaction. Saving the text
 * the item already has is never a conflict.
 */
static int
edit_apply(struct store *s, int64_t item, const char *text, int level, const char *was,
    int was_level, struct edit_conflict *cf, int *changed, struct buf *said, struct err *e)
{
	struct story_item it;
	int stale;

	if (was != NULL) {
		if (store_item_get(s, item, &it, e) == -1)
			return -1;
		stale = !same_trimmed(it.body, was) && !same_trimmed(it.body, text);
		if (it.kind == STORY_HEADING && was_level != 0 && was_level != it.level &&
		    level != it.level)
			stale = 1;
		if (stale) {
			cf->found = 1;
			cf->now = xstrdup(it.body ? it.body : "");
			cf->level = it.level;
			err_set(e, ERR_EXISTS,
			    "this %s was changed elsewhere (another tab or the command line) since "
			    "you opened it: nothing was saved",
			    it.kind == STORY_POST ? "caption" : story_kind_name(it.kind));
			story_item_release(&it);
			return -1;
		}
		story_item_release(&it);
	}
	return curate_set_text(s, item, text, level, changed, said, e);
}

static void
api_edit(struct serve *sv, const struct request *rq, struct reply *rp)
{
	const char *text = json_text(rq->body, "text");
	const char *was = json_text(rq->body, "was");
	json_t *lv = json_object_get(rq->body, "level");
	json_t *wlv = json_object_get(rq->body, "was_level");
	struct edit_conflict cf = {0};
	struct story_item it;
	struct buf label, said;
	int64_t item;
	int changed = 0, level = 0, was_level = 0;
	struct err e;

	buf_init(&said, BUF_NOLIMIT);
	buf_init(&label, BUF_NOLIMIT);
	if (json_id(json_object_get(rq->body, "item"), &item) == -1 || text == NULL) {
		reply_message(rp, 400, "give \"item\" and its \"text\"");
		goto out;
	}
	if (json_object_get(rq->body, "was") != NULL && was == NULL &&
	    !json_is_null(json_object_get(rq->body, "was"))) {
		reply_message(rp, 400, "\"was\": give the text the edit was opened on");
		goto out;
	}
	if (json_is_integer(lv))
		level = (int)(json_integer_value(lv) >= 2 && json_integer_value(lv) <= 6
		        ? json_integer_value(lv)
		        : 1);
	if (json_is_integer(wlv) && json_integer_value(wlv) >= 1 && json_integer_value(wlv) <= 6)
		was_level = (int)json_integer_value(wlv);
	if (store_item_get(sv->store, item, &it, &e) == -1) {
		reply_error(rp, &e);
		goto out;
	}
	/* As the command that makes the same change would be written. */
	if (it.kind == STORY_POST)
		buf_printf(&label, "annotate %lld", (long long)item);
	else
		buf_printf(&label, "edit %s %lld", story_kind_name(it.kind), (long long)item);
	story_item_release(&it);
	label_text(&label, text);
	CHANGE(sv, rp, e, 1, label.data,
	    edit_apply(sv->store, item, text, level, was, was_level, &cf, &changed, &said, &e));
	reply_json(rp, 200,
	    json_pack("{s:I, s:b, s:s}", "item", (json_int_t)item, "changed", changed, "said",
	        said.data));
out:
	if (cf.found) /* the refusal, with the text now, in place of the bare error */
		reply_json(rp, 409,
		    json_pack("{s:s, s:b, s:s, s:i}", "error", e.msg, "conflict", 1, "current",
		        cf.now, "level", cf.level));
	free(cf.now);
	buf_release(&said);
	buf_release(&label);
}

/*
 * Hiding leaves a placed post in the story (and on the page): the posts
 * this hid that are placed go in *in_story ({"post", "item"}), read in the
 * change's transaction, so the page can say so and offer to remove them.
 */
static int
set_hidden(
    struct store *s, const int64_t *ids, size_t n, int hidden, json_t *in_story, struct err *e)
{
	struct post_brief p;
	int changed;

	for (size_t i = 0; i < n; i++) {
		if (store_post_set_hidden(s, ids[i], hidden, &changed, e) == -1)
			return -1;
		if (!hidden || !changed)
			continue;
		if (store_post_brief(s, ids[i], &p, e) == -1)
			return -1;
		if (p.item_id)
			json_array_append_new(in_story,
			    json_pack("{s:I, s:I}", "post", (json_int_t)ids[i], "item",
			        (json_int_t)p.item_id));
		post_brief_release(&p);
	}
	return 0;
}

static void
api_hide(struct serve *sv, const struct request *rq, struct reply *rp)
{
	json_t *h = json_object_get(rq->body, "hidden");
	int hidden = h == NULL || json_is_true(h);
	struct buf label;
	int64_t *ids = NULL;
	json_t *in_story = json_array();
	size_t n;
	struct err e;

	buf_init(&label, BUF_NOLIMIT);
	buf_adds(&label, hidden ? "hide" : "unhide");
	if (json_ids(rq->body, "posts", &ids, &n, &e) == -1) {
		reply_error(rp, &e);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		buf_printf(&label, " %lld", (long long)ids[i]);
	CHANGE(sv, rp, e, 1, label.data, set_hidden(sv->store, ids, n, hidden, in_story, &e));
	reply_json(rp, 200, json_pack("{s:b, s:O}", "hidden", hidden, "in_story", in_story));
out:
	json_decref(in_story);
	free(ids);
	buf_release(&label);
}

static void
api_undo(struct serve *sv, struct reply *rp, int redo)
{
	struct history_entry h;
	struct err e;

	memset(&h, 0, sizeof h);
	CHANGE(sv, rp, e, 0, NULL,
	    redo ? store_history_redo(sv->store, &h, &e) : store_history_undo(sv->store, &h, &e));
	reply_json(
	    rp, 200, json_pack("{s:s}", redo ? "redid" : "undid", h.command ? h.command : ""));
out:
	history_entry_release(&h);
}

static void
api_history(struct serve *sv, struct reply *rp)
{
	struct history_entry *h = NULL;
	json_t *list = json_array();
	char when[32];
	size_t n = 0;
	struct err e;

	if (store_history_list(sv->store, 50, &h, &n, &e) == -1) {
		json_decref(list);
		reply_error(rp, &e);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		time_format_utc(h[i].at, when, sizeof when);
		json_array_append_new(list,
		    json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)h[i].id, "at", when,
		        "command", h[i].command ? h[i].command : "", "undone", h[i].undone));
		history_entry_release(&h[i]);
	}
	free(h);
	reply_json(rp, 200, json_pack("{s:o}", "history", list));
}

/* Markdown as it will render, for the edit box's preview; changes nothing. */
static void
api_preview(const struct request *rq, struct reply *rp)
{
	const char *text = json_text(rq->body, "text");
	const char *kind = json_text(rq->body, "kind");
	struct buf html;

	if (text == NULL) {
		reply_message(rp, 400, "\"text\": give the Markdown to preview");
		return;
	}
	buf_init(&html, BUF_NOLIMIT);
	render_markdown_preview(&html, text, str_eq(kind, "heading"));
	reply_json(rp, 200, json_pack("{s:s%}", "html", html.data ? html.data : "", html.len));
	buf_release(&html);
}

static void
api_download(struct serve *sv, const struct request *rq, struct reply *rp)
{
	static const struct {
		const char *name, *file, *type;
	} kinds[] = {
	    {"html", "story.html", "text/html; charset=utf-8"},
	    {"embed", "story-embed.html", "text/html; charset=utf-8"},
	    {"md", "story.md", "text/markdown; charset=utf-8"},
	    {"json", "story.json", "application/json"},
	};
	const char *format = serve_arg(rq, "format");
	struct render_options opt = {.format = RENDER_HTML};
	struct project pj;
	char *data = NULL;
	size_t len = 0, k;
	FILE *f;
	struct err e;

	for (k = 0; k < ARRAY_LEN(kinds); k++)
		if (format && strcmp(format, kinds[k].name) == 0)
			break;
	if (k == ARRAY_LEN(kinds) || render_format_parse(kinds[k].name, &opt.format) == -1) {
		reply_message(rp, 400, "format: html, embed, md or json");
		return;
	}
	memset(&pj, 0, sizeof pj);
	if (store_project_load(sv->store, &pj, &e) == -1) {
		reply_error(rp, &e);
		return;
	}
	if ((f = open_memstream(&data, &len)) == NULL)
		fatal("serve: out of memory");
	if (render_story(sv->store, &pj, &opt, f, &e) == -1) {
		fclose(f);
		reply_error(rp, &e);
	} else {
		fclose(f);
		rp->status = 200;
		rp->type = kinds[k].type;
		buf_add(&rp->body, data, len);
		rp->disposition = xasprintf("attachment; filename=\"%s\"", kinds[k].file);
	}
	store_rollback(sv->store);
	free(data);
	project_release(&pj);
}

int
api_handle(struct serve *sv, const struct request *rq, struct reply *rp)
{
	static const char *const writes[] = {"/api/add", "/api/move", "/api/remove", "/api/note",
	    "/api/heading", "/api/edit", "/api/hide", "/api/undo", "/api/redo", "/api/collect",
	    "/api/preview", "/api/project", "/api/sources/add", "/api/sources/remove"};
	static const char *const reads[] = {"/api/version", "/api/posts", "/api/story",
	    "/api/history", "/api/download", "/api/project", "/api/collect"};
	int known_write = 0, known_read = 0;

	for (size_t i = 0; i < ARRAY_LEN(writes); i++)
		known_write |= strcmp(rq->path, writes[i]) == 0;
	for (size_t i = 0; i < ARRAY_LEN(reads); i++)
		known_read |= strcmp(rq->path, reads[i]) == 0;
	if (!known_write && !known_read)
		return -1;
	if (is(rq, "GET", "/api/version") || is(rq, "HEAD", "/api/version")) {
		api_version(sv, rp);
		return 0;
	}
	if (is(rq, "GET", "/api/project") || is(rq, "POST", "/api/project") ||
	    is(rq, "POST", "/api/sources/add") || is(rq, "POST", "/api/sources/remove")) {
		api_project(sv, rq, rp);
		return 0;
	}
	if (is(rq, "POST", "/api/preview")) {
		api_preview(rq, rp);
		return 0;
	}
	if (is(rq, "GET", "/api/collect")) {
		serve_collect_poll(sv);
		reply_json(rp, 200, serve_collect_json(sv));
		return 0;
	}
	if (strcmp(rq->method, "POST") == 0 ? !known_write : !known_read) {
		reply_message(rp, 405, "%s %s: %s", rq->method, rq->path,
		    known_write ? "changes are POST requests" : "method not allowed");
		return 0;
	}
	if (need_store(sv, rp) == -1)
		return 0;
	if (is(rq, "POST", "/api/collect")) {
		struct err e;
		if (serve_collect_start(sv, &e) == -1)
			reply_error(rp, &e);
		else
			reply_json(rp, 202, serve_collect_json(sv));
	} else if (is(rq, "GET", "/api/posts")) {
		api_posts(sv, rq, rp);
	} else if (is(rq, "GET", "/api/story")) {
		api_story(sv, rp);
	} else if (is(rq, "GET", "/api/history")) {
		api_history(sv, rp);
	} else if (is(rq, "GET", "/api/download")) {
		api_download(sv, rq, rp);
	} else if (is(rq, "POST", "/api/add")) {
		api_add(sv, rq, rp);
	} else if (is(rq, "POST", "/api/move")) {
		api_move(sv, rq, rp);
	} else if (is(rq, "POST", "/api/remove")) {
		api_remove(sv, rq, rp);
	} else if (is(rq, "POST", "/api/note")) {
		api_text(sv, rq, rp, STORY_NOTE);
	} else if (is(rq, "POST", "/api/heading")) {
		api_text(sv, rq, rp, STORY_HEADING);
	} else if (is(rq, "POST", "/api/edit")) {
		api_edit(sv, rq, rp);
	} else if (is(rq, "POST", "/api/hide")) {
		api_hide(sv, rq, rp);
	} else if (is(rq, "POST", "/api/undo")) {
		api_undo(sv, rp, 0);
	} else if (is(rq, "POST", "/api/redo")) {
		api_undo(sv, rp, 1);
	} else {
		reply_message(rp, 405, "method not allowed");
	}
	return 0;
}
