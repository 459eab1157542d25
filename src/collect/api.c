/*
 * api.c - collecting Mastodon hashtag timelines and Bluesky searches.
 *
 * A hashtag feed shows only its latest 20 posts; the platforms' own APIs
 * page back through everything. The first collect of an API source pages
 * backwards from now until the project's --since (or the source's page
 * bound); it then keeps a cursor (Mastodon: the newest status id;
 * Bluesky: the newest createdAt) so later collects fetch only what is
 * newer. Pages come one after another (each names the next), so a source
 * is a sequence of single requests through http.c; the whole source is
 * one transaction, as a feed is.
 *
 * Rate limits: a 429/503 with Retry-After is retried by http.c within
 * --retries/--max-wait; X-RateLimit-Remaining: 0 waits until
 * X-RateLimit-Reset when that is within --max-wait, and fails the source
 * (nothing stored, the next collect starts again) when it is not. Waits
 * are said in the source's summary line.
 */
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
#include "store_import.h"

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
		conv_percent_encode(&b, tag);
		*url = buf_detach(&b);
		*kind = "mastodon";
		free(origin);
		free(tag);
		return 1;
	}
	if ((tag = bluesky_tag_url(arg)) != NULL) {
		buf_init(&b, BUF_NOLIMIT);
		buf_adds(&b, "https://bsky.app/hashtag/");
		conv_percent_encode(&b, tag);
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

static int
fetch(const struct http_options *o, const char *url, const char *const *headers,
    const char *post, struct fetched *f, struct err *e)
{
	struct http_request req = {url, NULL, NULL, headers, post, HTTP_LOCAL_SOURCE};

	memset(f, 0, sizeof *f);
	buf_init(&f->body, o->max_size > 0 ? (size_t)o->max_size : BUF_NOLIMIT);
	err_clear(&f->err);
	if (http_fetch_all(&req, 1, o, on_fetched, f, e) == -1)
		return -1;
	if (f->ok && f->too_large)
		return err_set(e, ERR_FAIL, "too large (more than %lld bytes; see --max-size)",
		    (long long)o->max_size);
	return 0;
}

/* ---- one source ---- */

struct api_run {
	struct store *s;
	const struct project *p;
	const struct http_options *o;
	const struct source *src;
	struct collect_report *rep;
	struct import_keep keep;
	struct fetch_record *fr;
	struct buf note;          /* said after the counts in the summary line */
	json_t *options;
	int max_pages;
	char *cursor;
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
	struct feed_options opt = {0};
	struct feed_info info = {0};
	struct fetched f;
	struct buf url;
	FILE *tmp = NULL;
	int status = -1;

	buf_init(&url, BUF_NOLIMIT);
	buf_printf(&url, "%s/tags/", origin);
	conv_percent_encode(&url, tag);
	buf_adds(&url, ".rss");
	if (fetch(r->o, url.data, NULL, NULL, &f, e) == -1)
		goto out;
	account(r, &f);
	if (!f.ok) {
		http_error(&f, e);
		err_prefix(e, "no hashtag API, and its RSS fails: ");
		goto out;
	}
	if ((tmp = tmpfile()) == NULL || fwrite(f.body.data, 1, f.body.len, tmp) != f.body.len ||
	    fflush(tmp) != 0) {
		err_set(e, ERR_FAIL, "cannot spool the RSS to a temporary file");
		goto out;
	}
	rewind(tmp);
	opt.base_url = url.data;
	r->keep.format = "rss";
	if (feed_parse_fd(fileno(tmp), &opt, import_keep_item, &r->keep, &info, e) == -1)
		goto out;
	r->rep->format = "rss";
	add_note(r, "no hashtag API here: read %s instead", url.data);
	status = 0;
out:
	if (tmp)
		fclose(tmp);
	feed_info_release(&info);
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
	if (token == NULL && !str_empty(getenv("STORIED_MASTODON_TOKEN")))
		token = getenv("STORIED_MASTODON_TOKEN");
	if (token)
		headers[1] = auth = xasprintf("Authorization: Bearer %s", token);
	buf_init(&base, BUF_NOLIMIT);
	buf_printf(&base, "%s/api/v1/timelines/tag/", origin);
	conv_percent_encode(&base, tag);
	buf_printf(&base, "?limit=%d", MASTODON_LIMIT);
	if (str_eq(scope, "local") || str_eq(scope, "remote"))
		buf_printf(&base, "&%s=true", scope);
	url = forward ? xasprintf("%s&min_id=%s", base.data, r->cursor) : xstrdup(base.data);
	r->keep.format = "mastodon";
	r->rep->format = "mastodon";
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
			status = mastodon_rss(r, origin, tag, e);
			goto out;
		}
		if (!f.ok) {
			http_error(&f, e);
			if (f.status == 401 || f.status == 403 || f.status == 422)
				err_prefix(e, "%s: ", token ? "the token was refused"
				                            : "the instance wants a token for its hashtag "
				                              "timeline (source add --token, or "
				                              "STORIED_MASTODON_TOKEN)");
			fetched_release(&f);
			goto out;
		}
		rc = mastodon_parse_page(f.body.data, f.body.len, NULL, import_keep_item, &r->keep,
		    &page, e);
		if (rc == 0 && page.newest_id && (newest == NULL || mastodon_id_cmp(page.newest_id, newest) > 0))
			conv_set(&newest, page.newest_id);
		if (rc == 0)
			rc = rate_wait(r, &f, e);
		if (rc == 0 && forward && page.statuses >= MASTODON_LIMIT && page.newest_id)
			next = xasprintf("%s&min_id=%s", base.data, page.newest_id);
		else if (rc == 0 && !forward && page.statuses > 0 &&
		         !(r->p->has_since && page.has_oldest && page.oldest_at < r->p->since_t)) {
			next = mastodon_link(f.link, "next");
			/* Never follow (and hand a token) to another server. */
			if (next && !(str_startswith(next, origin) && next[strlen(origin)] == '/')) {
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
	if (newest && (r->cursor == NULL || mastodon_id_cmp(newest, r->cursor) > 0) &&
	    store_source_set_cursor(r->s, r->src->id, newest, e) == -1)
		goto out;
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
	const char *handle = getenv("STORIED_BSKY_HANDLE"), *pw = getenv("STORIED_BSKY_APP_PASSWORD");
	const char *headers[] = {"Content-Type: application/json", "Accept: application/json", NULL};
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
		return err_set(e, ERR_FAIL, "STORIED_BSKY_HANDLE or the password is not valid UTF-8");
	url = xasprintf("%s/xrpc/com.atproto.server.createSession", service);
	rc = fetch(r->o, url, headers, body, &f, e);
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
	conv_percent_encode(&base, tag);
	buf_adds(&base, "&tag=");
	conv_percent_encode(&base, tag);
	buf_printf(&base, "&sort=latest&limit=%d", BLUESKY_LIMIT);
	if (has_since) {
		time_format_utc(since, t, sizeof t);
		buf_printf(&base, "&since=%s", t);
	}
	if (r->p->has_until) {
		time_format_utc(r->p->until_t, t, sizeof t);
		buf_printf(&base, "&until=%s", t);
	}
	r->keep.format = "bluesky";
	r->rep->format = "bluesky";
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
			conv_percent_encode(&url, cursor);
		}
		if (fetch(r->o, url.data, headers, NULL, &f, e) == -1)
			goto out;
		account(r, &f);
		if (!f.ok) {
			http_error(&f, e);
			fetched_release(&f);
			goto out;
		}
		rc = bluesky_parse_search(f.body.data, f.body.len, import_keep_item, &r->keep, &page, e);
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
	if (r->keep.has_newest) {
		time_format_utc(r->keep.newest, t, sizeof t);
		if (r->cursor == NULL || strcmp(t, r->cursor) > 0)
			if (store_source_set_cursor(r->s, r->src->id, t, e) == -1)
				goto out;
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
log_failure(struct store *s, const struct source *src, struct fetch_record *f,
    const struct err *why)
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

void
api_collect_source(struct store *s, const struct project *p, const struct http_options *o,
    const struct source *src, struct collect_report *rep)
{
	struct fetch_record f;
	struct api_run r;
	struct err e;
	char *kind = NULL, *options = NULL;
	int rc = -1;

	memset(&f, 0, sizeof f);
	memset(&r, 0, sizeof r);
	f.started_at = time_now();
	r.s = s;
	r.p = p;
	r.o = o;
	r.src = src;
	r.rep = rep;
	r.fr = &f;
	buf_init(&r.note, 4096);
	err_clear(&e);
	if (store_begin(s, &e) == -1)
		goto done;
	if (store_source_api(s, src->id, &kind, &options, &r.cursor, &e) == -1 ||
	    import_keep_init(&r.keep, s, p, src->id, NULL, 0, &e) == -1)
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
	if (rc == 0) {
		f.finished_at = time_now();
		f.format = rep->format;
		f.seen = r.keep.seen;
		f.new_ = r.keep.new_;
		f.updated = r.keep.updated;
		rc = import_keep_end(&r.keep, &e);
	}
	if (rc == 0)
		rc = store_source_fetched(s, src->id, src->url, &f, &e);
	if (rc == 0)
		rc = store_commit(s, &e);
done:
	rep->seen = r.keep.seen;
	rep->unmatched = r.keep.unmatched;
	rep->outside = r.keep.outside;
	rep->undated = r.keep.undated;
	rep->noid = r.keep.noid;
	if (rc == 0) {
		rep->ok = 1;
		rep->new_ = r.keep.new_;
		rep->updated = r.keep.updated;
	} else {
		store_rollback(s);
		rep->err = e;
		f.finished_at = time_now();
		log_failure(s, src, &f, &e);
	}
	if (r.note.len)
		rep->note = buf_detach(&r.note);
	buf_release(&r.note);
	import_keep_release(&r.keep);
	json_decref(r.options);
	free(kind);
	free(options);
	free(r.cursor);
}
