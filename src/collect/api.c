/*
 * api.c - collecting Mastodon hashtag timelines and Bluesky searches.
 *
 * A hashtag feed shows only its latest 20 posts; the platforms' own APIs
 * page back through everything. The first collect of an API source pages
 * backwards from now until the project's --since (or the source's page
 * bound); it then keeps a cursor (Mastodon: the newest status id;
 * Bluesky: the newest createdAt) so later collects fetch only what is
 * newer. Pages come one after another (each names the next), so a source
 * is a sequence of single requests through http.c.
 *
 * No transaction is open while storied waits on the network or sleeps for
 * a rate limit: every page is fetched first (each read once to learn where
 * paging goes, and spooled to a temporary file, so memory holds one page),
 * then the pages are stored in one short transaction. A failing source
 * still stores nothing half-way, and a `note` or `move` in another
 * terminal (or the editor) never waits on a slow server. One page is
 * capped (--max-page-size, default 16 MiB): a legitimate page of 40
 * statuses is far smaller, and a parsed JSON tree costs many times its
 * bytes.
 *
 * Rate limits: a 429/503 with Retry-After is retried by http.c within
 * --retries/--max-wait; X-RateLimit-Remaining: 0 waits until
 * X-RateLimit-Reset when that is within --max-wait, and fails the source
 * (nothing stored, the next collect starts again) when it is not. Waits
 * are said in the source's summary line.
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api.h"
#include "incoming_internal.h"
#include "datetime.h"
#include "feed.h"
#include "import.h"
#include "keep.h"
#include "store_import.h"
#include "url.h"

#define MASTODON_LIMIT 40
#define BLUESKY_LIMIT 100
#define DEFAULT_MAX_PAGES 100
#define BSKY_DEFAULT_SERVICE "https://bsky.social"

int
api_source_kind(const char *kind)
{
	return str_eq(kind, "mastodon") || str_eq(kind, "bluesky");
}

int
api_source_classify(const char *arg, int as_api, char **url, const char **kind)
{
	char *origin, *tag;
	struct buf b;

	if (mastodon_tag_url(arg, as_api, &origin, &tag)) {
		buf_init(&b, BUF_NOLIMIT);
		buf_printf(&b, "%s/tags/", origin);
		url_encode(&b, tag);
		*url = buf_detach(&b);
		*kind = "mastodon";
		free(origin);
		free(tag);
		return 1;
	}
	if ((tag = bluesky_tag_url(arg)) != NULL) {
		buf_init(&b, BUF_NOLIMIT);
		buf_adds(&b, "https://bsky.app/hashtag/");
		url_encode(&b, tag);
		*url = buf_detach(&b);
		*kind = "bluesky";
		free(tag);
		return 1;
	}
	return 0;
}

/* ---- one request at a time through http.c ---- */

struct fetched {
	int ok, status, retries;
	struct buf body;
	int too_large;
	char *link, *rl_remaining, *rl_reset;
	struct err err;
};

static void
on_fetched(void *arg, size_t index, const struct http_response *r)
{
	struct fetched *f = arg;
	char chunk[64 * 1024];
	size_t n;

	(void)index;
	f->ok = r->ok;
	f->status = r->status;
	f->retries = r->retries;
	f->err = r->err;
	conv_set(&f->link, r->link);
	conv_set(&f->rl_remaining, r->ratelimit_remaining);
	conv_set(&f->rl_reset, r->ratelimit_reset);
	if (r->body == NULL)
		return;
	while ((n = fread(chunk, 1, sizeof chunk, r->body)) > 0)
		if (buf_add(&f->body, chunk, n) == -1) {
			f->too_large = 1;
			break;
		}
}

static void
fetched_release(struct fetched *f)
{
	buf_release(&f->body);
	free(f->link);
	free(f->rl_remaining);
	free(f->rl_reset);
	memset(f, 0, sizeof *f);
}

/* One request; redact_keys: JSON members kept out of the capture (http.h). */
static int
fetch_secret(const struct http_options *o, const char *url, const char *const *headers,
    const char *post, const char *const *redact_keys, struct fetched *f, struct err *e)
{
	struct http_request req = {url, NULL, NULL, headers, post, HTTP_LOCAL_SOURCE, redact_keys};
	int64_t cap = o->max_page_size > 0 ? o->max_page_size : HTTP_MAX_PAGE_SIZE;

	if (o->max_size > 0 && o->max_size < cap)
		cap = o->max_size;
	memset(f, 0, sizeof *f);
	buf_init(&f->body, (size_t)cap);
	err_clear(&f->err);
	if (http_fetch_all(&req, 1, o, on_fetched, f, e) == -1)
		return -1;
	if (f->ok && f->too_large) {
		fetched_release(f);
		return err_set(e, ERR_FAIL, "%s: a page over %lld bytes (see --max-page-size)", url,
		    (long long)cap);
	}
	return 0;
}

/* ---- pages kept between fetching and storing ---- */

enum spool_kind { SPOOL_MASTODON, SPOOL_BLUESKY, SPOOL_RSS };

struct spool {
	FILE *f;     /* the pages, one after another */
	size_t *len; /* each page's length */
	size_t n, cap;
	enum spool_kind kind;
	char *base_url; /* SPOOL_RSS: the feed's URL */
};

static int
spool_add(struct spool *sp, const struct buf *page, struct err *e)
{
	if (sp->f == NULL && (sp->f = tmpfile()) == NULL)
		return err_set(
		    e, ERR_FAIL, "cannot make a temporary file for the pages: %s", strerror(errno));
	if (page->len && fwrite(page->data, 1, page->len, sp->f) != page->len)
		return err_set(
		    e, ERR_FAIL, "cannot spool a page to a temporary file: %s", strerror(errno));
	if (sp->n == sp->cap) {
		sp->cap = sp->cap ? 2 * sp->cap : 8;
		sp->len = xreallocarray(sp->len, sp->cap, sizeof *sp->len);
	}
	sp->len[sp->n++] = page->len;
	return 0;
}

static void
spool_release(struct spool *sp)
{
	if (sp->f)
		fclose(sp->f);
	free(sp->len);
	free(sp->base_url);
	memset(sp, 0, sizeof *sp);
}

/* An item callback for the first reading of a page: paging only. */
static int
peek_item(void *arg, const struct incoming_post *it, struct err *e)
{
	(void)arg;
	(void)it;
	(void)e;
	return 0;
}

static int
fetch(const struct http_options *o, const char *url, const char *const *headers, const char *post,
    struct fetched *f, struct err *e)
{
	return fetch_secret(o, url, headers, post, NULL, f, e);
}

char *
api_source_options(const char *token_env, const char *scope, int64_t max_pages)
{
	json_t *o = json_object();
	char *s = NULL, *out = NULL;

	/* Only the variable's name: a secret never enters the project file. */
	if (token_env)
		json_object_set_new(o, "token_env", json_string(token_env));
	if (scope)
		json_object_set_new(o, "scope", json_string(scope));
	if (max_pages)
		json_object_set_new(o, "max_pages", json_integer(max_pages));
	if (json_object_size(o))
		s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (s)
		out = xstrdup(s); /* jansson's allocation, handed on as ours */
	free(s);
	return out;
}

/* ---- one source ---- */

struct api_run {
	struct store *s;
	const struct project *p;
	const struct http_options *o;
	struct http_options opt; /* o, with the capture of this source */
	struct capture_log *log;
	const struct source *src;
	struct collect_report *rep;
	struct keep keep;
	struct fetch_record *fr;
	struct buf note; /* said after the counts in the summary line */
	json_t *options;
	int max_pages;
	char *cursor;
	char *new_cursor; /* Mastodon: the newest status id seen */
	char *title;      /* what the source is called where it has no name */
	struct spool spool;
};

static void
add_note(struct api_run *r, const char *fmt, const char *arg)
{
	if (r->note.len)
		buf_adds(&r->note, "; ");
	buf_printf(&r->note, fmt, arg);
}

static void
account(struct api_run *r, const struct fetched *f)
{
	r->fr->http_status = f->status;
	r->rep->http_status = f->status;
	r->fr->bytes += (int64_t)f->body.len;
	if (f->retries) {
		char n[16];
		snprintf(n, sizeof n, "%d", f->retries);
		add_note(r, "retried %s time(s) after Retry-After", n);
	}
}

/*
 * X-RateLimit-Remaining: 0 means the next request would be refused until
 * X-RateLimit-Reset: wait until then when that is within --max-wait.
 */
static int
rate_wait(struct api_run *r, const struct fetched *f, struct err *e)
{
	int64_t reset, wait;
	char s[32];

	if (f->rl_remaining == NULL || strcmp(f->rl_remaining, "0") != 0 || f->rl_reset == NULL)
		return 0;
	if (date_parse_iso8601(f->rl_reset, &reset) == -1 &&
	    http_parse_date(f->rl_reset, &reset) == -1)
		return 0;
	/* The real clock, not time_now(): STORIED_NOW pins what is stored. */
	wait = reset - (int64_t)time(NULL);
	if (wait <= 0)
		return 0;
	if (wait > r->o->max_wait_s)
		return err_set(e, ERR_FAIL,
		    "rate limit reached: it resets in %lld s, longer than --max-wait %ld s",
		    (long long)wait, r->o->max_wait_s);
	snprintf(s, sizeof s, "%lld", (long long)wait);
	add_note(r, "waited %s s for the rate limit", s);
	sleep((unsigned)wait);
	return 0;
}

/* "HTTP 401: message" from an error response (the API's own words when it gave some). */
static int
http_error(const struct fetched *f, struct err *e)
{
	char *msg = f->body.len ? bluesky_error_message(f->body.data, f->body.len) : NULL;
	json_t *o;

	if (msg == NULL && f->body.len && (o = json_loadb(f->body.data, f->body.len, 0, NULL))) {
		/* Mastodon: {"error": "..."} */
		if (conv_str(o, "error"))
			msg = xstrdup(conv_str(o, "error"));
		json_decref(o);
	}
	if (f->status == 0)
		err_set(e, ERR_FAIL, "%s", f->err.msg);
	else if (msg)
		err_set(e, ERR_FAIL, "HTTP %d: %s", f->status, msg);
	else
		err_set(e, ERR_FAIL, "%s", f->err.msg[0] ? f->err.msg : "HTTP error");
	free(msg);
	return -1;
}

/* A Mastodon instance without the API (or with it closed) still has the RSS. */
static int
mastodon_rss(struct api_run *r, const char *origin, const char *tag, struct err *e)
{
	struct fetched f;
	struct buf url;
	int status = -1;

	buf_init(&url, BUF_NOLIMIT);
	buf_printf(&url, "%s/tags/", origin);
	url_encode(&url, tag);
	buf_adds(&url, ".rss");
	if (fetch(r->o, url.data, NULL, NULL, &f, e) == -1)
		goto out;
	account(r, &f);
	if (!f.ok) {
		http_error(&f, e);
		err_prefix(e, "no hashtag API, and its RSS fails: ");
		goto out;
	}
	if (spool_add(&r->spool, &f.body, e) == -1)
		goto out;
	r->spool.kind = SPOOL_RSS;
	r->spool.base_url = buf_detach(&url);
	r->rep->format = "rss";
	add_note(r, "no hashtag API here: read %s instead", r->spool.base_url);
	status = 0;
out:
	fetched_release(&f);
	buf_release(&url);
	return status;
}

/* The API is missing or answers something else than JSON: fall back to RSS. */
static int
mastodon_no_api(const struct fetched *f)
{
	const char *p = f->body.data;

	if (f->status == 404 || f->status == 410 || f->status == 501)
		return 1;
	if (!f->ok)
		return 0;
	p += strspn(p, " \t\r\n");
	return *p != '[' && *p != '{';
}

static int
mastodon_collect(struct api_run *r, struct err *e)
{
	const char *token = conv_str(r->options, "token"), *scope = conv_str(r->options, "scope");
	const char *headers[3] = {"Accept: application/json", NULL, NULL};
	char *origin = NULL, *tag = NULL, *auth = NULL, *url = NULL, *newest = NULL;
	struct buf base;
	int pages, status = -1, forward = r->cursor != NULL;

	if (!mastodon_tag_url(r->src->url, 1, &origin, &tag))
		return err_set(e, ERR_FAIL, "not a Mastodon hashtag address");
	/* The token lives in the environment; the source names the variable.
	 * ("token" itself is only in files made before --token-env.) */
	if (conv_str(r->options, "token_env") &&
	    !str_empty(getenv(conv_str(r->options, "token_env"))))
		token = getenv(conv_str(r->options, "token_env"));
	if (token == NULL && !str_empty(getenv("STORIED_MASTODON_TOKEN")))
		token = getenv("STORIED_MASTODON_TOKEN");
	if (token)
		headers[1] = auth = xasprintf("Authorization: Bearer %s", token);
	buf_init(&base, BUF_NOLIMIT);
	buf_printf(&base, "%s/api/v1/timelines/tag/", origin);
	url_encode(&base, tag);
	buf_printf(&base, "?limit=%d", MASTODON_LIMIT);
	if (str_eq(scope, "local") || str_eq(scope, "remote"))
		buf_printf(&base, "&%s=true", scope);
	url = forward ? xasprintf("%s&min_id=%s", base.data, r->cursor) : xstrdup(base.data);
	r->spool.kind = SPOOL_MASTODON;
	r->rep->format = "mastodon";
	/* An API has no feed title: the tag and the server it asks. */
	free(r->title);
	r->title =
	    xasprintf("#%s on %s", tag, strstr(origin, "://") ? strstr(origin, "://") + 3 : origin);
	for (pages = 0; url; pages++) {
		struct mastodon_page page;
		struct fetched f;
		char *next = NULL;
		int rc;

		if (pages == r->max_pages) {
			char n[16];
			snprintf(n, sizeof n, "%d", pages);
			add_note(r, "stopped after %s pages (--max-pages)", n);
			break;
		}
		if (fetch(r->o, url, headers, NULL, &f, e) == -1)
			goto out;
		account(r, &f);
		if (pages == 0 && !forward && mastodon_no_api(&f)) {
			fetched_release(&f);
			free(newest);
			newest = NULL;
			status = mastodon_rss(r, origin, tag, e);
			goto out;
		}
		if (!f.ok) {
			http_error(&f, e);
			if (f.status == 401 || f.status == 403 || f.status == 422)
				err_prefix(e, "%s: ",
				    token ? "the token was refused"
				          : "the instance wants a token for its hashtag "
				            "timeline (source add --token-env VAR, or "
				            "STORIED_MASTODON_TOKEN)");
			fetched_release(&f);
			goto out;
		}
		rc = mastodon_parse_page(f.body.data, f.body.len, NULL, peek_item, NULL, &page, e);
		if (rc == 0)
			rc = spool_add(&r->spool, &f.body, e);
		if (rc == 0 && page.newest_id &&
		    (newest == NULL || mastodon_id_cmp(page.newest_id, newest) > 0))
			conv_set(&newest, page.newest_id);
		if (rc == 0)
			rc = rate_wait(r, &f, e);
		if (rc == 0 && forward && page.statuses >= MASTODON_LIMIT && page.newest_id)
			next = xasprintf("%s&min_id=%s", base.data, page.newest_id);
		else if (rc == 0 && !forward && page.statuses > 0 &&
		    !(r->p->has_since && page.has_oldest && page.oldest_at < r->p->since_t)) {
			next = mastodon_link(f.link, "next");
			/* Never follow (and hand a token) to another server. */
			if (next &&
			    !(str_startswith(next, origin) && next[strlen(origin)] == '/')) {
				add_note(r, "Link to another server not followed: %s", next);
				free(next);
				next = NULL;
			}
		}
		mastodon_page_release(&page);
		fetched_release(&f);
		free(url);
		url = next;
		if (rc == -1) {
			err_prefix(e, "page %d: ", pages + 1);
			goto out;
		}
	}
	if (newest && (r->cursor == NULL || mastodon_id_cmp(newest, r->cursor) > 0)) {
		r->new_cursor = newest;
		newest = NULL;
	}
	status = 0;
out:
	buf_release(&base);
	free(origin);
	free(tag);
	free(auth);
	free(url);
	free(newest);
	return status;
}

/* createSession with the app password; *jwt the access token. */
static int
bluesky_login(struct api_run *r, const char *service, char **jwt, struct err *e)
{
	const char *handle = getenv("STORIED_BSKY_HANDLE"),
	           *pw = getenv("STORIED_BSKY_APP_PASSWORD");
	const char *headers[] = {
	    "Content-Type: application/json", "Accept: application/json", NULL};
	static const char *const secrets[] = {"password", "accessJwt", "refreshJwt", NULL};
	json_t *o;
	char *body, *url;
	struct fetched f;
	int rc;

	if (str_empty(handle) || str_empty(pw))
		return err_set(e, ERR_FAIL,
		    "Bluesky search needs an account: set STORIED_BSKY_HANDLE and "
		    "STORIED_BSKY_APP_PASSWORD (an app password; STORIED_BSKY_SERVICE for a "
		    "server other than " BSKY_DEFAULT_SERVICE ")");
	o = json_pack("{s:s, s:s}", "identifier", handle, "password", pw);
	body = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	if (body == NULL)
		return err_set(
		    e, ERR_FAIL, "STORIED_BSKY_HANDLE or the password is not valid UTF-8");
	url = xasprintf("%s/xrpc/com.atproto.server.createSession", service);
	rc = fetch_secret(r->o, url, headers, body, secrets, &f, e);
	free(url);
	free(body);
	if (rc == -1)
		return -1;
	account(r, &f);
	if (!f.ok)
		rc = http_error(&f, e);
	else
		rc = bluesky_parse_session(f.body.data, f.body.len, jwt, e);
	if (rc == -1)
		err_prefix(e, "logging in to %s as %s: ", service, handle);
	fetched_release(&f);
	return rc;
}

static int
bluesky_collect(struct api_run *r, struct err *e)
{
	const char *env = getenv("STORIED_BSKY_SERVICE");
	const char *headers[3] = {"Accept: application/json", NULL, NULL};
	char *service, *tag = bluesky_tag_url(r->src->url), *jwt = NULL, *auth = NULL;
	char *cursor = NULL, t[32];
	struct buf base, url;
	int pages, status = -1;
	int64_t since = 0;
	int has_since = 0;

	if (tag == NULL)
		return err_set(e, ERR_FAIL, "not a Bluesky hashtag address");
	service = xstrdup(str_empty(env) ? BSKY_DEFAULT_SERVICE : env);
	while (*service && service[strlen(service) - 1] == '/')
		service[strlen(service) - 1] = '\0';
	buf_init(&base, BUF_NOLIMIT);
	buf_init(&url, BUF_NOLIMIT);
	if (bluesky_login(r, service, &jwt, e) == -1)
		goto out;
	headers[1] = auth = xasprintf("Authorization: Bearer %s", jwt);
	/* Later collects start from the newest post already seen. */
	if (r->cursor && date_parse_iso8601(r->cursor, &since) == 0)
		has_since = 1;
	else if (r->p->has_since)
		has_since = 1, since = r->p->since_t;
	buf_printf(&base, "%s/xrpc/app.bsky.feed.searchPosts?q=%%23", service);
	url_encode(&base, tag);
	buf_adds(&base, "&tag=");
	url_encode(&base, tag);
	buf_printf(&base, "&sort=latest&limit=%d", BLUESKY_LIMIT);
	if (has_since) {
		time_format_utc(since, t, sizeof t);
		buf_printf(&base, "&since=%s", t);
	}
	if (r->p->has_until) {
		time_format_utc(r->p->until_t, t, sizeof t);
		buf_printf(&base, "&until=%s", t);
	}
	r->spool.kind = SPOOL_BLUESKY;
	r->rep->format = "bluesky";
	free(r->title);
	r->title = xasprintf("#%s on Bluesky", tag);
	for (pages = 0;; pages++) {
		struct bluesky_page page;
		struct fetched f;
		int rc, more;

		if (pages == r->max_pages) {
			char n[16];
			snprintf(n, sizeof n, "%d", pages);
			add_note(r, "stopped after %s pages (--max-pages)", n);
			break;
		}
		buf_reset(&url);
		buf_adds(&url, base.data);
		if (cursor) {
			buf_adds(&url, "&cursor=");
			url_encode(&url, cursor);
		}
		if (fetch(r->o, url.data, headers, NULL, &f, e) == -1)
			goto out;
		account(r, &f);
		if (!f.ok) {
			http_error(&f, e);
			fetched_release(&f);
			goto out;
		}
		rc = bluesky_parse_search(f.body.data, f.body.len, peek_item, NULL, &page, e);
		if (rc == 0)
			rc = spool_add(&r->spool, &f.body, e);
		if (rc == 0)
			rc = rate_wait(r, &f, e);
		more = rc == 0 && page.posts > 0 && page.cursor &&
		    !(has_since && page.has_oldest && page.oldest_at < since);
		conv_set(&cursor, more ? page.cursor : NULL);
		bluesky_page_release(&page);
		fetched_release(&f);
		if (rc == -1) {
			err_prefix(e, "page %d: ", pages + 1);
			goto out;
		}
		if (!more)
			break;
	}
	status = 0;
out:
	buf_release(&base);
	buf_release(&url);
	free(service);
	free(tag);
	free(jwt);
	free(auth);
	free(cursor);
	return status;
}

/* Log a fetch that stored nothing, in a transaction of its own. */
static void
log_failure(
    struct store *s, const struct source *src, struct fetch_record *f, const struct err *why)
{
	struct err e;

	f->error = why->msg;
	f->format = NULL;
	f->seen = f->new_ = f->updated = 0;
	f->set_validators = 0;
	err_clear(&e);
	if (store_begin(s, &e) == 0 && store_source_fetched(s, src->id, src->url, f, &e) == 0)
		store_commit(s, &e);
	store_rollback(s);
}

static void
on_capture(void *arg, size_t index, const struct http_exchange *x)
{
	struct api_run *r = arg;

	(void)index;
	capture_log_add(r->log, r->src->id, x);
}

/* Store the spooled pages through the keep policy, inside the caller's transaction. */
static int
store_pages(struct api_run *r, struct err *e)
{
	struct spool *sp = &r->spool;
	int rc = 0;

	if (sp->n && (fflush(sp->f) != 0 || fseek(sp->f, 0, SEEK_SET) != 0))
		return err_set(
		    e, ERR_FAIL, "cannot read the spooled pages back: %s", strerror(errno));
	if (sp->kind == SPOOL_RSS && sp->n) { /* one feed, read from the spool's start */
		struct feed_options opt = {0};
		struct feed_info info = {0};

		opt.base_url = sp->base_url;
		r->keep.format = "rss";
		rc = feed_parse_fd(fileno(sp->f), &opt, keep_item, &r->keep, &info, e);
		feed_info_release(&info);
		return rc;
	}
	r->keep.format = sp->kind == SPOOL_MASTODON ? "mastodon" : "bluesky";
	for (size_t i = 0; i < sp->n && rc == 0; i++) {
		struct mastodon_page mp;
		struct bluesky_page bp;
		struct {
			char *data;
			size_t len;
		} page = {xmalloc(sp->len[i] + 1), sp->len[i]};

		if (page.len && fread(page.data, 1, page.len, sp->f) != page.len) {
			free(page.data);
			rc = err_set(e, ERR_FAIL, "cannot read the spooled pages back");
			break;
		}
		page.data[page.len] = '\0';
		if (sp->kind == SPOOL_MASTODON) {
			rc = mastodon_parse_page(
			    page.data, page.len, NULL, keep_item, &r->keep, &mp, e);
			mastodon_page_release(&mp);
		} else {
			rc = bluesky_parse_search(page.data, page.len, keep_item, &r->keep, &bp, e);
			bluesky_page_release(&bp);
		}
		free(page.data);
		if (rc == -1 && sp->n > 1)
			err_prefix(e, "page %zu: ", i + 1);
	}
	if (rc == -1)
		return -1;
	/* Later collects start where this one ended. */
	if (r->new_cursor)
		return store_source_set_cursor(r->s, r->src->id, r->new_cursor, e);
	if (sp->kind == SPOOL_BLUESKY && r->keep.has_newest) {
		char t[32];
		time_format_utc(r->keep.newest, t, sizeof t);
		if (r->cursor == NULL || strcmp(t, r->cursor) > 0)
			return store_source_set_cursor(r->s, r->src->id, t, e);
	}
	return 0;
}

void
api_collect_source(struct store *s, const struct project *p, const struct http_options *o,
    struct capture_log *log, const struct source *src, struct collect_report *rep)
{
	struct fetch_record f;
	struct api_run r;
	struct err e;
	char *kind = NULL, *options = NULL;
	int rc = -1, in_tx = 0;

	memset(&f, 0, sizeof f);
	memset(&r, 0, sizeof r);
	f.started_at = time_now();
	r.s = s;
	r.p = p;
	r.opt = *o;
	r.opt.capture = log ? on_capture : NULL;
	r.opt.capture_arg = &r;
	r.o = &r.opt;
	r.log = log;
	r.src = src;
	r.rep = rep;
	r.fr = &f;
	buf_init(&r.note, 4096);
	err_clear(&e);
	/* Fetch every page with no transaction open (reads only). */
	if (store_source_api(s, src->id, &kind, &options, &r.cursor, &e) == -1)
		goto done;
	r.options = options ? json_loads(options, 0, NULL) : NULL;
	r.max_pages = (int)conv_int(r.options, "max_pages", DEFAULT_MAX_PAGES);
	if (r.max_pages < 1)
		r.max_pages = DEFAULT_MAX_PAGES;
	if (str_eq(kind, "mastodon"))
		rc = mastodon_collect(&r, &e);
	else if (str_eq(kind, "bluesky"))
		rc = bluesky_collect(&r, &e);
	else
		rc = err_set(&e, ERR_FAIL, "unknown source kind '%s'", kind ? kind : "");
	/* Then store them in one short transaction. */
	if (rc == 0)
		rc = store_begin(s, &e);
	if (rc == 0) {
		in_tx = 1;
		rc = keep_init(&r.keep, s, p, src->id, NULL, 0, &e);
	}
	if (rc == 0)
		rc = store_pages(&r, &e);
	if (rc == 0) {
		f.finished_at = time_now();
		f.format = rep->format;
		f.title = r.title;
		f.seen = r.keep.n.seen;
		f.new_ = r.keep.n.new_;
		f.updated = r.keep.n.updated + r.keep.n.enriched;
		rc = keep_end(&r.keep, &e);
	}
	if (rc == 0)
		rc = store_source_fetched(s, src->id, src->url, &f, &e);
	/* The exchanges in the same transaction as the posts they brought:
	 * never one without the other (the cursor moves on, nothing would
	 * fetch those pages again). */
	if (rc == 0 && log && (rc = capture_log_flush(log, &e)) == -1)
		err_prefix(&e, "its HTTP exchanges could not be recorded: ");
	if (rc == 0 && (rc = store_commit(s, &e)) == -1)
		in_tx = 0; /* rolled back */
	capture_log_settle(log, rc == 0);
done:
	collect_report_counts(rep, &r.keep.n, rc == 0);
	if (rc == 0) {
		rep->ok = 1;
	} else {
		if (in_tx)
			store_rollback(s);
		rep->err = e;
		f.finished_at = time_now();
		log_failure(s, src, &f, &e);
	}
	/* What was fetched is kept even when the source failed, in a
	 * transaction of its own. */
	if (log && capture_log_flush(log, &e) == -1)
		add_note(&r, "its HTTP exchanges could not be recorded: %s", e.msg);
	if (r.note.len)
		rep->note = buf_detach(&r.note);
	buf_release(&r.note);
	keep_release(&r.keep);
	spool_release(&r.spool);
	json_decref(r.options);
	free(kind);
	free(options);
	free(r.cursor);
	free(r.new_cursor);
	free(r.title);
}
