/*
 * http.c - storied's only libcurl transfers: fetching sources concurrently
 * (url.c is the other libcurl user, for its URL API).
 *
 * The multi interface runs the transfers, but storied schedules them
 * itself rather than leaving queues to libcurl: a transfer is added to the
 * multi handle only when a job slot and a slot of its host are free, so
 * its timeouts never count time spent waiting in a queue, and a 429/503
 * retry can wait out its Retry-After without holding a slot.
 *
 * Redirects are followed here too, not by libcurl: each hop is checked
 * (only http and https, never from https back to http, at most 5), and a
 * hop to another host waits for a slot of that host.
 */
#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "http.h"

#define HTTP_MAX_REDIRECTS 5

int
http_parse_date(const char *s, int64_t *out)
{
	time_t t = curl_getdate(s, NULL);

	if (t == -1)
		return -1;
	*out = (int64_t)t;
	return 0;
}

const char *
http_user_agent(void)
{
	/* Names the tool and its version, so a server's operator can tell
	 * what fetches their feed; no home URL until the project has one. */
	return STORIED_NAME "/" STORIED_VERSION " (hashtag story collector)";
}

void
http_options_default(struct http_options *o)
{
	o->jobs = 8;
	o->per_host = 2;
	o->max_size = (int64_t)50 << 20;
	o->connect_timeout_ms = 30000;
	o->timeout_ms = 300000;
	o->stall_s = 60;
	o->max_retries = 2;
	o->max_wait_s = 60;
}

int
http_redirect_check(const char *from, const char *to, int hops, struct err *e)
{
	int to_https = str_casestartswith(to, "https://");

	if (!to_https && !str_casestartswith(to, "http://"))
		return err_set(e, ERR_FAIL, "redirect to %s refused (only http and https)", to);
	if (str_casestartswith(from, "https://") && !to_https)
		return err_set(e, ERR_FAIL, "redirect to %s refused (never from https to http)", to);
	if (hops >= HTTP_MAX_REDIRECTS)
		return err_set(e, ERR_FAIL, "too many redirects (more than %d)", HTTP_MAX_REDIRECTS);
	return 0;
}

enum xfer_state { XFER_WAITING, XFER_RUNNING, XFER_DONE };

struct xfer {
	const struct http_request *req;
	const struct http_options *opt;
	size_t index;
	char *url;                 /* where the next request goes (redirects) */
	int redirects;
	enum xfer_state state;
	CURL *easy;
	struct curl_slist *headers;
	char host[256];
	char errbuf[CURL_ERROR_SIZE];
	int too_large;
	int write_failed;
	char *retry_after;         /* of the last response */
	FILE *out;                 /* the spooled body (tmpfile), kept for retries */
	int64_t not_before_ms;     /* a retry waits until then */
	struct http_response resp;
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
response_reset(struct http_response *r)
{
	free(r->etag);
	free(r->last_modified);
	free(r->content_type);
	free(r->charset);
	free(r->link);
	free(r->ratelimit_remaining);
	free(r->ratelimit_reset);
	memset(r, 0, sizeof *r);
	err_clear(&r->err);
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;

	if (x->resp.bytes + (int64_t)len > x->opt->max_size) {
		x->too_large = 1;
		return 0; /* stops the transfer: CURLE_WRITE_ERROR */
	}
	if (fwrite(p, 1, len, x->out) != len) {
		x->write_failed = 1;
		return 0;
	}
	x->resp.bytes += (int64_t)len;
	return len;
}

/* "Name: value" when line's name is name; the trimmed value, the caller's. */
static char *
header_value(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name), end;

	if (len <= n || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return NULL;
	line += n + 1, len -= n + 1;
	while (len > 0 && (*line == ' ' || *line == '\t'))
		line++, len--;
	for (end = len; end > 0 && (line[end - 1] == '\r' || line[end - 1] == '\n' ||
	                               line[end - 1] == ' ' || line[end - 1] == '\t');)
		end--;
	return xstrndup(line, end);
}

static void
set_header(char **field, char *value)
{
	if (value == NULL)
		return;
	free(*field);
	*field = value;
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;

	/* A status line starts a new response (after a redirect): forget the
	 * headers of the one before. */
	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		free(x->resp.etag);
		free(x->resp.last_modified);
		free(x->resp.content_type);
		free(x->retry_after);
		free(x->resp.link);
		free(x->resp.ratelimit_remaining);
		free(x->resp.ratelimit_reset);
		x->resp.etag = x->resp.last_modified = x->resp.content_type = x->retry_after = NULL;
		x->resp.link = x->resp.ratelimit_remaining = x->resp.ratelimit_reset = NULL;
		return len;
	}
	set_header(&x->resp.etag, header_value(p, len, "ETag"));
	set_header(&x->resp.last_modified, header_value(p, len, "Last-Modified"));
	set_header(&x->resp.content_type, header_value(p, len, "Content-Type"));
	set_header(&x->retry_after, header_value(p, len, "Retry-After"));
	set_header(&x->resp.link, header_value(p, len, "Link"));
	set_header(&x->resp.ratelimit_remaining, header_value(p, len, "X-RateLimit-Remaining"));
	set_header(&x->resp.ratelimit_reset, header_value(p, len, "X-RateLimit-Reset"));
	return len;
}

/* The charset parameter of a Content-Type, or NULL. */
static char *
content_charset(const char *type)
{
	const char *p;
	size_t n;

	if (type == NULL)
		return NULL;
	for (p = type; *p && strncasecmp(p, "charset=", 8) != 0; p++)
		;
	if (*p == '\0')
		return NULL;
	p += 8;
	if (*p == '"')
		p++;
	n = strcspn(p, "\"; \t");
	return n ? xstrndup(p, n) : NULL;
}

static void
xfer_host(struct xfer *x)
{
	CURLU *u = curl_url();
	char *host = NULL;

	x->host[0] = '\0';
	if (u && curl_url_set(u, CURLUPART_URL, x->url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		snprintf(x->host, sizeof x->host, "%s", host);
	curl_free(host);
	curl_url_cleanup(u);
}

static int
xfer_setup(struct xfer *x, struct err *e)
{
	const struct http_options *o = x->opt;
	CURL *c;
	char *h;

	if ((c = x->easy = curl_easy_init()) == NULL)
		return err_set(e, ERR_FAIL, "libcurl: cannot make a transfer");
	x->headers = NULL;
	if (x->req->etag) {
		h = xasprintf("If-None-Match: %s", x->req->etag);
		x->headers = curl_slist_append(x->headers, h);
		free(h);
	}
	if (x->req->last_modified) {
		h = xasprintf("If-Modified-Since: %s", x->req->last_modified);
		x->headers = curl_slist_append(x->headers, h);
		free(h);
	}
	for (const char *const *hp = x->req->headers; hp && *hp; hp++)
		x->headers = curl_slist_append(x->headers, *hp);
	x->errbuf[0] = '\0';
	if (curl_easy_setopt(c, CURLOPT_URL, x->url) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK)
		return err_set(e, ERR_FAIL, "libcurl refuses the URL or its protocols");
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	/* "": every encoding this libcurl was built with (gzip, deflate, br, zstd). */
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_USERAGENT, http_user_agent());
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, o->timeout_ms);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, o->stall_s);
	/* Refuses early when Content-Length says too much; on_body caps the rest. */
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_size);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, x->headers);
	if (x->req->post) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, x->req->post);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(x->req->post));
	}
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(c, CURLOPT_PRIVATE, x);
	return 0;
}

static void
xfer_cleanup(struct xfer *x, CURLM *multi)
{
	if (x->easy) {
		curl_multi_remove_handle(multi, x->easy);
		curl_easy_cleanup(x->easy);
		x->easy = NULL;
	}
	curl_slist_free_all(x->headers);
	x->headers = NULL;
}

static void
xfer_close(struct xfer *x)
{
	if (x->out)
		fclose(x->out);
	x->out = NULL;
}

/* Seconds to wait from a Retry-After value (delta or HTTP date), or -1. */
static long
retry_wait(const char *v)
{
	int64_t n, t;

	if (v == NULL)
		return -1;
	if (str_to_int64(v, 0, 86400 * 365, &n) == 0)
		return (long)n;
	if (http_parse_date(v, &t) == 0) {
		n = t - (int64_t)time(NULL);
		return n < 0 ? 0 : (long)(n > 86400 * 365 ? 86400 * 365 : n);
	}
	return -1;
}

/* The transfer ended with res: fill its response, or schedule a retry (1). */
static int
xfer_finish(struct xfer *x, CURLcode res)
{
	struct http_response *r = &x->resp;
	long status = 0;
	char *to = NULL;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	r->status = (int)status;
	if (res == CURLE_OK) {
		if (status == 301 || status == 302 || status == 303 || status == 307 ||
		    status == 308) {
			curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &to);
			if (to == NULL) {
				err_set(&r->err, ERR_FAIL, "HTTP %ld without a Location", status);
				return 0;
			}
			if (http_redirect_check(x->url, to, x->redirects, &r->err) == -1)
				return 0;
			/* to belongs to the easy handle, about to go: copy it first. */
			to = xstrdup(to);
			free(x->url);
			x->url = to;
			x->redirects++;
			x->not_before_ms = 0;
			xfer_host(x);
			return 1;
		}
		if (status == 304) {
			r->ok = r->not_modified = 1;
		} else if (status >= 200 && status < 300) {
			r->ok = 1;
			r->charset = content_charset(r->content_type);
		} else if (status == 429 || status == 503) {
			long wait = retry_wait(x->retry_after);

			if (wait >= 0 && wait <= x->opt->max_wait_s && r->retries < x->opt->max_retries) {
				r->retries++;
				x->not_before_ms = now_ms() + wait * 1000;
				return 1;
			}
			if (wait > x->opt->max_wait_s)
				err_set(&r->err, ERR_FAIL, "HTTP %ld (Retry-After %ld s is longer than %ld s)",
				    status, wait, x->opt->max_wait_s);
			else if (r->retries)
				err_set(&r->err, ERR_FAIL, "HTTP %ld (after %d retries)", status, r->retries);
			else
				err_set(&r->err, ERR_FAIL, "HTTP %ld", status);
		} else {
			err_set(&r->err, ERR_FAIL, "HTTP %ld", status);
		}
		return 0;
	}
	if (x->too_large || res == CURLE_FILESIZE_EXCEEDED)
		err_set(&r->err, ERR_FAIL, "too large (more than %lld bytes; see --max-size)",
		    (long long)x->opt->max_size);
	else if (x->write_failed)
		err_set(&r->err, ERR_FAIL, "cannot spool the response to a temporary file");
	else if (res == CURLE_OPERATION_TIMEDOUT)
		err_set(&r->err, ERR_FAIL, "timeout: %s", x->errbuf[0] ? x->errbuf : "no answer");
	else
		err_set(&r->err, ERR_FAIL, "%s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(res));
	return 0;
}

static int
host_running(const struct xfer *v, size_t n, const char *host)
{
	int k = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i].state == XFER_RUNNING && strcmp(v[i].host, host) == 0)
			k++;
	return k;
}

/* Start what may start now; returns ms until a waiting retry may, or -1. */
static long
xfer_start_ready(struct xfer *v, size_t n, CURLM *multi, int *running, void (*fail)(struct xfer *))
{
	int64_t now = now_ms(), next = -1;

	for (size_t i = 0; i < n && *running < v[i].opt->jobs; i++) {
		struct xfer *x = &v[i];
		struct err e;

		if (x->state != XFER_WAITING)
			continue;
		if (x->not_before_ms > now) {
			if (next == -1 || x->not_before_ms - now < next)
				next = x->not_before_ms - now;
			continue;
		}
		if (host_running(v, n, x->host) >= x->opt->per_host)
			continue;
		/* The body goes to a temporary file, so memory stays flat whatever
		 * its size; a retry starts it again from empty. */
		if (x->out == NULL && (x->out = tmpfile()) == NULL) {
			err_set(&x->resp.err, ERR_FAIL, "cannot make a temporary file: %s",
			    strerror(errno));
			fail(x);
			continue;
		}
		if (fflush(x->out) != 0 || ftruncate(fileno(x->out), 0) == -1) {
			err_set(&x->resp.err, ERR_FAIL, "cannot reset the temporary file");
			fail(x);
			continue;
		}
		rewind(x->out);
		x->resp.bytes = 0;
		x->too_large = x->write_failed = 0;
		if (xfer_setup(x, &e) == -1 || curl_multi_add_handle(multi, x->easy) != CURLM_OK) {
			x->resp.err = e;
			if (x->resp.err.code == ERR_NONE)
				err_set(&x->resp.err, ERR_FAIL, "libcurl cannot start the transfer");
			fail(x);
			continue;
		}
		x->state = XFER_RUNNING;
		(*running)++;
	}
	return (long)next;
}

/* Where xfer_start_ready reports a transfer it could not start. */
static struct {
	http_done_fn done;
	void *arg;
	CURLM *multi;
	size_t *ndone;
} fail_ctx;

static void
xfer_fail(struct xfer *x)
{
	xfer_cleanup(x, fail_ctx.multi);
	xfer_close(x);
	x->state = XFER_DONE;
	x->resp.ok = 0;
	x->resp.url = x->url;
	fail_ctx.done(fail_ctx.arg, x->index, &x->resp);
	(*fail_ctx.ndone)++;
}

int
http_fetch_all(const struct http_request *req, size_t n, const struct http_options *o,
    http_done_fn done, void *arg, struct err *e)
{
	struct xfer *v;
	CURLM *multi;
	size_t ndone = 0;
	int running = 0, still;

	if (n == 0)
		return 0;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return err_set(e, ERR_FAIL, "libcurl cannot be initialised");
	if ((multi = curl_multi_init()) == NULL) {
		curl_global_cleanup();
		return err_set(e, ERR_FAIL, "libcurl cannot be initialised");
	}
	curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)o->per_host);
	curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)o->jobs);
	v = xcalloc(n, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		v[i].req = &req[i];
		v[i].opt = o;
		v[i].index = i;
		v[i].url = xstrdup(req[i].url);
		err_clear(&v[i].resp.err);
		xfer_host(&v[i]);
	}
	fail_ctx.done = done;
	fail_ctx.arg = arg;
	fail_ctx.multi = multi;
	fail_ctx.ndone = &ndone;

	while (ndone < n) {
		long wait = xfer_start_ready(v, n, multi, &running, xfer_fail);
		CURLMsg *msg;
		int left;

		if (ndone == n)
			break;
		curl_multi_perform(multi, &still);
		while ((msg = curl_multi_info_read(multi, &left)) != NULL) {
			struct xfer *x;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			running--;
			if (xfer_finish(x, msg->data.result)) {
				xfer_cleanup(x, multi);
				x->state = XFER_WAITING;
				continue;
			}
			xfer_cleanup(x, multi);
			x->state = XFER_DONE;
			if (x->resp.ok && !x->resp.not_modified) {
				if (fflush(x->out) == 0) {
					rewind(x->out);
					x->resp.body = x->out;
				} else {
					x->resp.ok = 0;
					err_set(&x->resp.err, ERR_FAIL, "cannot write the temporary file: %s",
					    strerror(errno));
				}
			} else if (!x->resp.ok && x->resp.status >= 400 && x->out && fflush(x->out) == 0) {
				rewind(x->out); /* an error page: an API's message */
				x->resp.body = x->out;
			}
			x->resp.url = x->url;
			done(arg, x->index, &x->resp);
			xfer_close(x);
			ndone++;
		}
		if (ndone == n)
			break;
		if (running == 0 && wait > 0)
			curl_multi_poll(multi, NULL, 0, (int)(wait > 1000 ? 1000 : wait), NULL);
		else if (running > 0)
			curl_multi_poll(multi, NULL, 0, 10, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		xfer_cleanup(&v[i], multi);
		xfer_close(&v[i]);
		free(v[i].url);
		free(v[i].retry_after);
		response_reset(&v[i].resp);
	}
	free(v);
	curl_multi_cleanup(multi);
	curl_global_cleanup();
	return 0;
}
