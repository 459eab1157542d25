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
 * hop to another host waits for a slot of that host. A hop to another
 * origin leaves the request's credentials behind (Authorization, Cookie)
 * and a POST is never re-sent to another origin. Each connection's
 * address is checked as the socket opens (on_open_socket), so a public
 * source cannot lead storied into the user's own network.
 *
 * Content-Encoding (gzip, deflate) is undone here with zlib rather than
 * by libcurl, so that a truncated, corrupt or trailing-garbage body is an
 * error that says so, instead of a partial feed or libcurl's "Failed
 * writing received data".
 */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <openssl/evp.h>
#include <unistd.h>
#include <zlib.h>

#include "digest.h"
#include "http.h"
#include "testhook.h"
#include "redact.h"

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
	memset(o, 0, sizeof *o);
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
	const char *why = NULL;
	char *shown;

	if (!to_https && !str_casestartswith(to, "http://"))
		why = "only http and https";
	else if (str_casestartswith(from, "https://") && !to_https)
		why = "never from https to http";
	if (why) {
		shown = redact_url(to);
		err_set(e, ERR_FAIL, "redirect to %s refused (%s)", shown, why);
		free(shown);
		return -1;
	}
	if (hops >= HTTP_MAX_REDIRECTS)
		return err_set(
		    e, ERR_FAIL, "too many redirects (more than %d)", HTTP_MAX_REDIRECTS);
	return 0;
}

/* a.b.c.d (host order) on the user's network. */
static int
ipv4_local(uint32_t a)
{
	return (a >> 24) == 127 || (a >> 24) == 0 || (a >> 24) == 10 ||
	    (a >> 20) == ((172u << 4) | 1) || (a >> 16) == ((192u << 8) | 168) ||
	    (a >> 16) == ((169u << 8) | 254);
}

int
http_ip_is_local(const char *ip)
{
	const char *pub = test_hook_public_addr();
	unsigned char b[16];
	struct in_addr v4;

	if (ip == NULL || *ip == '\0')
		return 0;
	if (!str_empty(pub) && strcmp(ip, pub) == 0)
		return 0;
	if (inet_pton(AF_INET, ip, &v4) == 1)
		return ipv4_local(ntohl(v4.s_addr));
	if (inet_pton(AF_INET6, ip, b) != 1)
		return 0;
	static const unsigned char zero[10];
	if (memcmp(b, zero, 10) == 0 && b[10] == 0xff && b[11] == 0xff) /* ::ffff:a.b.c.d */
		return ipv4_local(
		    (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15]);
	if (memcmp(b, zero, 10) == 0 && b[10] == 0 && b[11] == 0 && b[12] == 0 && b[13] == 0 &&
	    b[14] == 0 && b[15] <= 1) /* :: and ::1 */
		return 1;
	return (b[0] & 0xfe) == 0xfc || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80);
}

/* scheme://host:port of url, lower case, the default port written; the caller's, or NULL. */
static char *
origin_of(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *o = NULL;

	if (u == NULL)
		fatal("out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
		o = xasprintf("%s://%s:%s", scheme, host, port);
		for (char *p = o; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return o;
}

int
http_same_origin(const char *a, const char *b)
{
	char *x = origin_of(a), *y = origin_of(b);
	int same = x && y && strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

enum xfer_state { XFER_WAITING, XFER_RUNNING, XFER_DONE };

enum coding { CODING_NONE, CODING_GZIP, CODING_DEFLATE };

/* Content-Encoding undone as the body arrives. */
struct decoder {
	enum coding coding;
	int active; /* z initialised */
	int ended;  /* the compressed data came to its end */
	int raw;    /* deflate without the zlib wrapper */
	z_stream z;
};

struct xfer {
	const struct http_request *req;
	const struct http_options *opt;
	size_t index;
	char *url; /* where the next request goes (redirects) */
	int redirects;
	enum xfer_state state;
	CURL *easy;
	struct curl_slist *headers;
	char host[256];
	char errbuf[CURL_ERROR_SIZE];
	int too_large;
	int write_failed;
	int cross;              /* a hop left the request's origin: no credentials */
	int may_local;          /* -1: not known yet (a source's first hop); 0/1 */
	CURLSH *local_pool;     /* the connections of hops whose may_local is 1 */
	char refused_ip[64];    /* a connection refused by on_open_socket */
	char *content_encoding; /* of the last response */
	struct decoder dec;
	char decode_err[160]; /* why the body could not be decoded */
	char *retry_after;    /* of the last response */
	FILE *out;            /* the spooled body (tmpfile), kept for retries */
	char *mem;            /* or the body in memory (opt->mem_max), while out is NULL */
	size_t mem_cap;
	int64_t not_before_ms; /* a retry waits until then */
	struct http_response resp;
	/* The capture of the hop under way (opt->capture set). */
	int64_t hop_started_ms;
	struct buf req_head, resp_head;
	FILE *raw; /* the body as sent, when Content-Encoding differs from it */
	int64_t raw_len;
	EVP_MD_CTX *sha1;
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

/*
 * Room in x->mem for need bytes and a NUL: the whole body at once when its
 * length is announced (no copy as it grows), else doubling.
 */
static void
mem_reserve(struct xfer *x, size_t need)
{
	curl_off_t announced = -1;
	size_t cap;

	if (need + 1 <= x->mem_cap)
		return;
	if (x->mem_cap == 0 && x->easy &&
	    curl_easy_getinfo(x->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced) ==
	        CURLE_OK &&
	    announced > 0 && x->content_encoding == NULL && announced <= x->opt->mem_max)
		cap = (size_t)announced + 1;
	else
		cap = x->mem_cap ? x->mem_cap * 2 : 64 * 1024;
	while (cap < need + 1)
		cap *= 2;
	x->mem = xrealloc(x->mem, cap);
	x->mem_cap = cap;
}

/* Decoded bytes to memory or the spool, within the size cap; 0 or -1 (flags set). */
static int
spool(struct xfer *x, const void *p, size_t len)
{
	if (x->resp.bytes + (int64_t)len > x->opt->max_size) {
		x->too_large = 1;
		return -1;
	}
	if (x->out == NULL && x->resp.bytes + (int64_t)len <= x->opt->mem_max) {
		mem_reserve(x, (size_t)x->resp.bytes + len);
		if (len)
			memcpy(x->mem + x->resp.bytes, p, len);
		x->resp.bytes += (int64_t)len;
		x->mem[x->resp.bytes] = '\0';
		return 0;
	}
	if (x->out == NULL) {
		/* Larger than memory may hold: what came so far to a file, and the rest. */
		if ((x->out = tmpfile()) == NULL ||
		    (x->resp.bytes &&
		        fwrite(x->mem, 1, (size_t)x->resp.bytes, x->out) !=
		            (size_t)x->resp.bytes)) {
			x->write_failed = 1;
			return -1;
		}
	}
	if (len && fwrite(p, 1, len, x->out) != len) {
		x->write_failed = 1;
		return -1;
	}
	x->resp.bytes += (int64_t)len;
	return 0;
}

static void
decoder_end(struct decoder *d)
{
	if (d->active)
		inflateEnd(&d->z);
	memset(d, 0, sizeof *d);
}

static enum coding
coding_of(const char *v, int *unknown)
{
	*unknown = 0;
	if (v == NULL || *v == '\0' || strcasecmp(v, "identity") == 0)
		return CODING_NONE;
	if (strcasecmp(v, "gzip") == 0 || strcasecmp(v, "x-gzip") == 0)
		return CODING_GZIP;
	if (strcasecmp(v, "deflate") == 0)
		return CODING_DEFLATE;
	*unknown = 1;
	return CODING_NONE;
}

static const char *
coding_name(enum coding c)
{
	return c == CODING_GZIP ? "gzip" : "deflate";
}

/* Inflate p[0..len) into the spool; 0, or -1 with x->decode_err (or a flag) set. */
static int
decode(struct xfer *x, const unsigned char *p, size_t len)
{
	struct decoder *d = &x->dec;
	unsigned char out[64 * 1024];

	while (len > 0) {
		int rc;

		if (d->ended) {
			/* A gzip body may be several members (RFC 1952): a new one
			 * starts with the magic bytes; anything else is garbage. */
			if (d->coding == CODING_GZIP && p[0] == 0x1f && (len < 2 || p[1] == 0x8b)) {
				inflateReset(&d->z);
				d->ended = 0;
			} else {
				snprintf(x->decode_err, sizeof x->decode_err,
				    "the %s-encoded body has data after its end (trailing garbage)",
				    coding_name(d->coding));
				return -1;
			}
		}
		if (!d->active) {
			int bits = 15 + 16;

			if (d->coding == CODING_DEFLATE) {
				/* "deflate" is meant to be zlib-wrapped; some servers send it raw.
				 */
				d->raw = !(len >= 2 && (p[0] & 0x0f) == 8 &&
				    ((p[0] << 8) | p[1]) % 31 == 0);
				bits = d->raw ? -15 : 15;
			}
			memset(&d->z, 0, sizeof d->z);
			if (inflateInit2(&d->z, bits) != Z_OK)
				fatal("out of memory");
			d->active = 1;
		}
		d->z.next_in = (unsigned char *)(uintptr_t)p;
		d->z.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
		do {
			d->z.next_out = out;
			d->z.avail_out = sizeof out;
			rc = inflate(&d->z, Z_NO_FLUSH);
			if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
				snprintf(x->decode_err, sizeof x->decode_err,
				    "the %s-encoded body is corrupt (%s)", coding_name(d->coding),
				    d->z.msg ? d->z.msg : "bad data");
				return -1;
			}
			if (spool(x, out, sizeof out - d->z.avail_out) == -1)
				return -1;
		} while (rc == Z_OK && d->z.avail_out == 0);
		{
			size_t used = (size_t)(d->z.next_in - p);

			p += used;
			len -= used;
		}
		if (rc == Z_STREAM_END)
			d->ended = 1;
		else if (rc == Z_BUF_ERROR && d->z.avail_in > 0) {
			snprintf(x->decode_err, sizeof x->decode_err,
			    "the %s-encoded body is corrupt", coding_name(d->coding));
			return -1;
		}
	}
	return 0;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * n;

	if (x->opt->capture) {
		/* The bytes as the server sent them (chunks already undone). */
		EVP_DigestUpdate(x->sha1, p, len);
		x->raw_len += (int64_t)len;
		if (x->content_encoding &&
		    (x->raw_len > x->opt->max_size ||
		        (x->raw == NULL && (x->raw = tmpfile()) == NULL) ||
		        fwrite(p, 1, len, x->raw) != len)) {
			x->write_failed = 1;
			return 0;
		}
	}
	if (x->dec.coding == CODING_NONE && !x->dec.active) {
		int unknown;

		x->dec.coding = coding_of(x->content_encoding, &unknown);
		if (unknown) {
			snprintf(x->decode_err, sizeof x->decode_err,
			    "the body is in a Content-Encoding storied does not read (%.60s)",
			    x->content_encoding);
			return 0;
		}
	}
	if (x->dec.coding == CODING_NONE)
		return spool(x, p, len) == 0 ? len : 0; /* 0 stops it: CURLE_WRITE_ERROR */
	return decode(x, (const unsigned char *)p, len) == 0 ? len : 0;
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
	for (end = len; end > 0 &&
	     (line[end - 1] == '\r' || line[end - 1] == '\n' || line[end - 1] == ' ' ||
	         line[end - 1] == '\t');)
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
	if (x->opt->capture) {
		if (len >= 5 && strncmp(p, "HTTP/", 5) == 0)
			buf_reset(&x->resp_head); /* only the final response's head (not a 100) */
		if (len > 18 && strncasecmp(p, "Transfer-Encoding:", 18) == 0)
			buf_adds(&x->resp_head, "X-Storied-Removed-");
		redact_header_line(&x->resp_head, p, len);
	}
	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		free(x->resp.etag);
		free(x->resp.last_modified);
		free(x->resp.content_type);
		free(x->retry_after);
		free(x->resp.link);
		free(x->resp.ratelimit_remaining);
		free(x->resp.ratelimit_reset);
		free(x->content_encoding);
		x->resp.etag = x->resp.last_modified = x->resp.content_type = x->retry_after = NULL;
		x->resp.link = x->resp.ratelimit_remaining = x->resp.ratelimit_reset = NULL;
		x->content_encoding = NULL;
		return len;
	}
	set_header(&x->content_encoding, header_value(p, len, "Content-Encoding"));
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

/*
 * Every connection's address, before it is made: a hop that may not reach
 * the user's network is refused here, so not even a connection is tried.
 */
static curl_socket_t
on_open_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct xfer *x = arg;
	char ip[INET6_ADDRSTRLEN] = "";

	(void)purpose;
	if (a->family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)&a->addr)->sin_addr,
		    ip, sizeof ip);
	else if (a->family == AF_INET6)
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)(const void *)&a->addr)->sin6_addr, ip,
		    sizeof ip);
	else
		return CURL_SOCKET_BAD; /* neither: never */
	if (x->may_local == 0 && http_ip_is_local(ip)) {
		snprintf(x->refused_ip, sizeof x->refused_ip, "%s", ip);
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

/* A credential a request must not carry to another origin. */
static int
credential_header(const char *h)
{
	return str_casestartswith(h, "Authorization:") || str_casestartswith(h, "Cookie:") ||
	    str_casestartswith(h, "Proxy-Authorization:");
}

/* The request as libcurl sent it: its head is what the capture keeps. */
static int
on_debug(CURL *c, curl_infotype type, char *p, size_t len, void *arg)
{
	struct xfer *x = arg;
	const char *line = p, *end = p + len;

	(void)c;
	if (type != CURLINFO_HEADER_OUT)
		return 0;
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t n = nl ? (size_t)(nl - line) + 1 : (size_t)(end - line);

		if (x->req_head.len == 0) {
			/* The request line: "GET /path?query HTTP/1.1", secrets out of the target.
			 */
			const char *sp = memchr(line, ' ', n), *sp2;

			if (sp &&
			    (sp2 = memchr(sp + 1, ' ', n - (size_t)(sp + 1 - line))) != NULL) {
				char *target = xstrndup(sp + 1, (size_t)(sp2 - sp - 1));

				buf_add(&x->req_head, line, (size_t)(sp + 1 - line));
				redact_target_buf(&x->req_head, target);
				buf_add(&x->req_head, sp2, n - (size_t)(sp2 - line));
				free(target);
			} else {
				buf_add(&x->req_head, line, n);
			}
		} else {
			redact_header_line(&x->req_head, line, n);
		}
		line += n;
	}
	return 0;
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
		if (!x->cross || !credential_header(*hp))
			x->headers = curl_slist_append(x->headers, *hp);
	x->errbuf[0] = '\0';
	if (curl_easy_setopt(c, CURLOPT_URL, x->url) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK)
		return err_set(e, ERR_FAIL, "libcurl refuses the URL or its protocols");
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	/* Undone by decode(), which says what went wrong with a bad body. A
	 * request with secrets in its answer asks for it plain, so the
	 * capture can take them out. */
	if (!(o->capture && x->req->redact_keys))
		curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
	curl_easy_setopt(c, CURLOPT_HTTP_CONTENT_DECODING, 0L);
	if (o->capture) {
		curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
		curl_easy_setopt(c, CURLOPT_DEBUGDATA, x);
		curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
	}
	curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, x);
	/* A connection that may be to a local address never goes to the
	 * multi handle's pool, so a hop that may not go there cannot reuse one
	 * (and skip the check). A hop that may go anywhere keeps its
	 * connections in a pool of its own, which only such hops use. */
	if (x->may_local == 1 && x->local_pool)
		curl_easy_setopt(c, CURLOPT_SHARE, x->local_pool);
	else if (x->may_local != 0)
		curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
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

/* The body's file, if any, closed; its memory kept for a retry (xfer_free). */
static void
xfer_close(struct xfer *x)
{
	if (x->out)
		fclose(x->out);
	x->out = NULL;
}

static void
xfer_free(struct xfer *x)
{
	xfer_close(x);
	free(x->mem);
	x->mem = NULL;
	x->mem_cap = 0;
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
xfer_outcome(struct xfer *x, CURLcode res)
{
	struct http_response *r = &x->resp;
	long status = 0;
	char *to = NULL, *ip = NULL;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	r->status = (int)status;
	curl_easy_getinfo(x->easy, CURLINFO_PRIMARY_IP, &ip);
	if (x->refused_ip[0]) {
		char *shown = redact_url(x->url);

		if (x->redirects)
			err_set(&r->err, ERR_FAIL,
			    "redirect to %s refused (it leads to %s, on the local "
			    "network, and the source is not)",
			    shown, x->refused_ip);
		else
			err_set(&r->err, ERR_FAIL,
			    "%s refused (it leads to %s, on the local network, "
			    "and the content that names it does not come from there)",
			    shown, x->refused_ip);
		free(shown);
		r->status = 0;
		return 0;
	}
	/* The address actually connected to decides where later hops may go. */
	if (x->may_local == -1 && !str_empty(ip)) {
		x->may_local = http_ip_is_local(ip);
		r->first_local = x->may_local;
	} else if (x->may_local == 0 && http_ip_is_local(ip)) {
		err_set(&r->err, ERR_FAIL, "refused: connected to %s, on the local network", ip);
		return 0; /* never happens: on_open_socket refuses first */
	}
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
			if (!http_same_origin(x->req->url, to)) {
				if (x->req->post) {
					char *a = origin_of(x->req->url), *b = origin_of(to);

					/* Its body may be a password: never to another server. */
					err_set(&r->err, ERR_FAIL,
					    "HTTP %ld: the POST to %s was redirected to "
					    "another origin (%s) and was not followed",
					    status, a ? a : "?", b ? b : "?");
					free(a);
					free(b);
					return 0;
				}
				x->cross = 1;
			}
			/* to belongs to the easy handle, about to go: copy it first. */
			to = xstrdup(to);
			free(x->url);
			x->url = to;
			x->redirects++;
			x->not_before_ms = 0;
			xfer_host(x);
			return 1;
		}
		if (status >= 200 && status < 300 && x->dec.active && !x->dec.ended) {
			err_set(&r->err, ERR_FAIL,
			    "the %s-encoded body is truncated (its compressed "
			    "data stops before the end)",
			    coding_name(x->dec.coding));
		} else if (status == 304) {
			r->ok = r->not_modified = 1;
		} else if (status >= 200 && status < 300) {
			r->ok = 1;
			r->charset = content_charset(r->content_type);
		} else if (status == 429 || status == 503) {
			long wait = retry_wait(x->retry_after);

			if (wait >= 0 && wait <= x->opt->max_wait_s &&
			    r->retries < x->opt->max_retries) {
				r->retries++;
				x->not_before_ms = now_ms() + wait * 1000;
				return 1;
			}
			if (wait > x->opt->max_wait_s)
				err_set(&r->err, ERR_FAIL,
				    "HTTP %ld (Retry-After %ld s is longer than %ld s)", status,
				    wait, x->opt->max_wait_s);
			else if (r->retries)
				err_set(&r->err, ERR_FAIL, "HTTP %ld (after %d retries)", status,
				    r->retries);
			else
				err_set(&r->err, ERR_FAIL, "HTTP %ld", status);
		} else {
			err_set(&r->err, ERR_FAIL, "HTTP %ld", status);
		}
		return 0;
	}
	if (x->decode_err[0]) {
		err_set(&r->err, ERR_FAIL, "%s", x->decode_err);
	} else if (x->too_large || res == CURLE_FILESIZE_EXCEEDED) {
		r->too_large = 1;
		err_set(&r->err, ERR_FAIL, "too large (more than %lld bytes; see --max-size)",
		    (long long)x->opt->max_size);
	} else if (x->write_failed)
		err_set(&r->err, ERR_FAIL, "cannot spool the response to a temporary file");
	else if (res == CURLE_OPERATION_TIMEDOUT)
		err_set(&r->err, ERR_FAIL, "timeout: %s", x->errbuf[0] ? x->errbuf : "no answer");
	else
		err_set(
		    &r->err, ERR_FAIL, "%s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(res));
	return 0;
}

static int64_t
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Hand the hop that just ended to the capture. */
static void
xfer_capture(struct xfer *x, const char *hop_url, CURLcode res, int again)
{
	struct http_exchange ex;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	struct buf rbody, sbody;
	char *url = redact_url(hop_url), *ip = NULL;
	FILE *body = x->content_encoding && x->raw ? x->raw : x->out, *scrubbed = NULL;
	/* In memory: the bytes as sent when no Content-Encoding changed them. */
	const char *data = body == NULL && x->content_encoding == NULL ? x->mem : NULL;
	long status = 0;

	if (x->req_head.len == 0)
		goto out; /* nothing was sent: no exchange */
	memset(&ex, 0, sizeof ex);
	buf_init(&rbody, BUF_NOLIMIT);
	buf_init(&sbody, BUF_NOLIMIT);
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(x->easy, CURLINFO_PRIMARY_IP, &ip);
	ex.started_ms = x->hop_started_ms;
	ex.url = url;
	ex.method = x->req->post ? "POST" : "GET";
	ex.request_head = x->req_head.data;
	if (x->req->post) {
		redact_json_keys(&rbody, x->req->post, strlen(x->req->post), x->req->redact_keys);
		ex.request_body = rbody.data;
		ex.request_body_len = rbody.len;
	}
	ex.remote_ip = ip ? ip : "";
	ex.status = (int)status;
	ex.response_head = status ? x->resp_head.data : NULL;
	EVP_DigestFinal_ex(x->sha1, md, &mdlen);
	if (data && x->resp.bytes < x->raw_len) {
		/* Stopped at the size cap: what is kept is what came before it. */
		x->raw_len = x->resp.bytes;
		EVP_Digest(data, (size_t)x->raw_len, md, &mdlen, EVP_sha1(), NULL);
	}
	if (x->raw_len > 0 && (data || (body && fflush(body) == 0))) {
		if (body)
			rewind(body);
		if (x->req->redact_keys) {
			/* A login's answer: small, read whole, its tokens taken out. */
			char chunk[16384];
			size_t n;

			if (data)
				buf_add(&sbody, data, (size_t)x->raw_len);
			else
				while ((n = fread(chunk, 1, sizeof chunk, body)) > 0)
					buf_add(&sbody, chunk, n);
			buf_reset(&rbody);
			redact_json_keys(&rbody, sbody.data, sbody.len, x->req->redact_keys);
			if ((scrubbed = tmpfile()) == NULL ||
			    fwrite(rbody.data, 1, rbody.len, scrubbed) != rbody.len ||
			    fflush(scrubbed) != 0)
				goto done;
			rewind(scrubbed);
			EVP_Digest(rbody.data, rbody.len, md, &mdlen, EVP_sha1(), NULL);
			body = scrubbed;
			data = NULL;
			ex.body_len = (int64_t)rbody.len;
			if (x->req->post) { /* rbody held the request body: keep it */
				buf_reset(&sbody);
				redact_json_keys(&sbody, x->req->post, strlen(x->req->post),
				    x->req->redact_keys);
				ex.request_body = sbody.data;
				ex.request_body_len = sbody.len;
			}
		} else {
			ex.body_len = x->raw_len;
		}
		ex.body = data ? NULL : body;
		ex.body_data = data;
		digest_base32(md, 20, ex.body_sha1);
	}
	ex.complete = res == CURLE_OK && x->decode_err[0] == '\0' &&
	    !(x->dec.active && !x->dec.ended && status >= 200 && status < 300);
	if (!ex.complete)
		ex.error = x->resp.err.msg[0] ? x->resp.err.msg : "the transfer broke off";
	/* What http_fetch_all hands to the done callback next, when this hop is the last. */
	ex.body_is_data = ex.body_data && ex.body_data == x->mem && !again && x->resp.ok &&
	    !x->resp.not_modified && x->out == NULL;
	x->opt->capture(x->opt->capture_arg, x->index, &ex);
done:
	if (scrubbed)
		fclose(scrubbed);
	buf_release(&rbody);
	buf_release(&sbody);
out:
	free(url);
}

static int
xfer_finish(struct xfer *x, CURLcode res)
{
	char *hop = x->opt->capture ? xstrdup(x->url) : NULL;
	int again = xfer_outcome(x, res);

	if (hop) {
		xfer_capture(x, hop, res, again);
		/* Ready for the next hop. */
		buf_reset(&x->req_head);
		buf_reset(&x->resp_head);
		x->raw_len = 0;
		if (x->raw) {
			fclose(x->raw);
			x->raw = NULL;
		}
	}
	free(hop);
	return again;
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
	/* Hosts found at their limit: they stay there during this call, so
	 * the many transfers waiting for one host (media) are not each
	 * counted against all the others. */
	const char *full[8];
	size_t nfull = 0;

	for (size_t i = 0; i < n && *running < v[i].opt->jobs; i++) {
		struct xfer *x = &v[i];
		struct err e;
		int skip = 0;

		if (x->state != XFER_WAITING)
			continue;
		if (x->not_before_ms > now) {
			if (next == -1 || x->not_before_ms - now < next)
				next = x->not_before_ms - now;
			continue;
		}
		for (size_t k = 0; k < nfull && !skip; k++)
			skip = strcmp(full[k], x->host) == 0;
		if (skip)
			continue;
		if (host_running(v, n, x->host) >= x->opt->per_host) {
			if (nfull < ARRAY_LEN(full))
				full[nfull++] = x->host;
			continue;
		}
		if (x->opt->mem_max > 0) {
			/* In memory until it outgrows mem_max (spool); a retry
			 * starts again from empty. */
			xfer_close(x);
		} else {
			/* The body goes to a temporary file, so memory stays flat
			 * whatever its size; a retry starts it again from empty. */
			if (x->out == NULL && (x->out = tmpfile()) == NULL) {
				err_set(&x->resp.err, ERR_FAIL, "cannot make a temporary file: %s",
				    strerror(errno));
				fail(x);
				continue;
			}
			/* Only a retry has anything to take back: truncating a new
			 * file would make ext4 write it out when it is closed. */
			if (ftello(x->out) != 0 &&
			    (fflush(x->out) != 0 || ftruncate(fileno(x->out), 0) == -1)) {
				err_set(&x->resp.err, ERR_FAIL, "cannot reset the temporary file");
				fail(x);
				continue;
			}
			rewind(x->out);
		}
		x->resp.bytes = 0;
		x->too_large = x->write_failed = 0;
		decoder_end(&x->dec);
		x->decode_err[0] = '\0';
		x->refused_ip[0] = '\0';
		if (x->opt->capture) {
			x->hop_started_ms = wall_ms();
			buf_reset(&x->req_head);
			buf_reset(&x->resp_head);
			x->raw_len = 0;
			if (x->raw) {
				fclose(x->raw);
				x->raw = NULL;
			}
			if (x->sha1 == NULL && (x->sha1 = EVP_MD_CTX_new()) == NULL)
				fatal("out of memory");
			EVP_DigestInit_ex(x->sha1, EVP_sha1(), NULL);
		}
		if (xfer_setup(x, &e) == -1 || curl_multi_add_handle(multi, x->easy) != CURLM_OK) {
			x->resp.err = e;
			if (x->resp.err.code == ERR_NONE)
				err_set(
				    &x->resp.err, ERR_FAIL, "libcurl cannot start the transfer");
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
	xfer_free(x);
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
	CURLSH *local_pool;
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
	/* NULL: such hops are simply not pooled. */
	if ((local_pool = curl_share_init()) != NULL &&
	    curl_share_setopt(local_pool, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT) != CURLSHE_OK) {
		curl_share_cleanup(local_pool);
		local_pool = NULL;
	}
	v = xcalloc(n, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		v[i].req = &req[i];
		v[i].opt = o;
		v[i].index = i;
		v[i].url = xstrdup(req[i].url);
		v[i].may_local =
		    req[i].local == HTTP_LOCAL_SOURCE ? -1 : req[i].local == HTTP_LOCAL_ALLOW;
		v[i].local_pool = local_pool;
		buf_init(&v[i].req_head, BUF_NOLIMIT);
		buf_init(&v[i].resp_head, BUF_NOLIMIT);
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
			if (x->resp.ok && !x->resp.not_modified && x->out == NULL) {
				/* Held in memory (an empty body has none). */
				if (x->mem == NULL) {
					x->mem = xmalloc(1);
					x->mem_cap = 1;
				}
				x->mem[x->resp.bytes] = '\0';
				x->resp.data = x->mem;
				if (o->give_data) {
					x->mem = NULL; /* the callback's now */
					x->mem_cap = 0;
				}
			} else if (x->resp.ok && !x->resp.not_modified) {
				if (fflush(x->out) == 0) {
					rewind(x->out);
					x->resp.body = x->out;
				} else {
					x->resp.ok = 0;
					err_set(&x->resp.err, ERR_FAIL,
					    "cannot write the temporary file: %s", strerror(errno));
				}
			} else if (!x->resp.ok && x->resp.status >= 400 && x->out &&
			    fflush(x->out) == 0) {
				rewind(x->out); /* an error page: an API's message */
				x->resp.body = x->out;
			} else if (!x->resp.ok && x->resp.status >= 400 && x->mem) {
				x->resp.data = x->mem;
			}
			x->resp.url = x->url;
			done(arg, x->index, &x->resp);
			xfer_free(x);
			x->resp.body = NULL;
			x->resp.data = NULL;
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
		xfer_free(&v[i]);
		free(v[i].url);
		free(v[i].retry_after);
		free(v[i].content_encoding);
		decoder_end(&v[i].dec);
		buf_release(&v[i].req_head);
		buf_release(&v[i].resp_head);
		if (v[i].raw)
			fclose(v[i].raw);
		EVP_MD_CTX_free(v[i].sha1);
		response_reset(&v[i].resp);
	}
	free(v);
	curl_multi_cleanup(multi);
	if (local_pool)
		curl_share_cleanup(local_pool); /* after every handle that used it */
	curl_global_cleanup();
	return 0;
}
