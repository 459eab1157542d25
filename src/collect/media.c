/*
 * media.c - archiving what posts show: media, avatars and link cards.
 *
 * After the sources are stored, collect asks the project what is still to
 * fetch (never tried, or failed fewer than ARCHIVE_MAX_ATTEMPTS times) and
 * fetches it through http.c, concurrently and under the same rules as
 * sources (per-host limits, checked redirects, Retry-After, the size cap
 * enforced while the body streams). A body is typed from its own bytes:
 * what is not an image, video or audio file is refused with the reason,
 * whatever the server's Content-Type said. Bytes go into blobs keyed by
 * their SHA-256, once however many rows use them.
 *
 * Rounds: media and avatars; then the previews of media over the cap; then
 * link cards (the pages posts link to, 1 MB at most, HTML only) and the
 * cards' images. In a round of pictures a thread of its own stores what
 * arrives while the next ones download (the store thread, below). Results
 * are committed in batches, so a kill loses at most a batch, and a failure
 * is written on its row, never returned: media never change collect's exit
 * status.
 *
 * A relative media path is read from disk only beside the local feed that
 * named it (no "..", no absolute path, no scheme): a feed fetched over
 * http can never make storied read a local file. Nor can a feed lead
 * storied into the user's network: a URL may reach an address there only
 * on the origin of a source that was itself fetched from there
 * (media_options.local_sources); every exchange is recorded like the
 * sources' (capture.h) when collect keeps them.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture.h"
#include "card.h"
#include "datetime.h"
#include "media.h"
#include "sniff.h"
#include "store_archive.h"

#define MEDIA_COMMIT_EVERY 100
/* A body up to this size is held in memory (most pictures); a larger one
 * spills to a temporary file as it streams. */
#define MEDIA_MEM_MAX ((int64_t)4 << 20)

void
media_report_release(struct media_report *r)
{
	free(r->first_error);
	r->first_error = NULL;
}

struct mrun {
	struct store *s;
	const struct media_options *mo;
	struct media_report *r;
	struct archive_job *jobs;
	size_t *which;     /* request index -> job index */
	int preview_round; /* jobs' preview_url is what is fetched */
	int64_t cap;
	int64_t now;
	int uncommitted;
	int broken; /* the project file failed: store nothing more */
	struct err err;
	struct archive_jobs previews; /* media over the cap, to fetch their preview */
	struct capture_log *log;      /* NULL: exchanges not recorded */
	struct storer *storer;        /* the round's store thread, or NULL */
};

static void
note_failure(struct mrun *m, const char *url, const char *why)
{
	if (m->r->first_error == NULL)
		m->r->first_error = xasprintf("%s: %s", url, why);
}

/*
 * Commit the round's transaction with the exchanges recorded meanwhile
 * written into it: a file is never kept without the exchange that fetched
 * it (a later collect does not fetch it again). On -1 the transaction is
 * rolled back and the log still holds every exchange.
 */
static int
media_commit(struct mrun *m, struct err *e)
{
	if (m->log && capture_log_flush(m->log, e) == -1) {
		store_rollback(m->s);
		capture_log_settle(m->log, 0);
		return -1;
	}
	if (store_commit(m->s, e) == -1) { /* rolled back */
		capture_log_settle(m->log, 0);
		return -1;
	}
	capture_log_settle(m->log, 1);
	return 0;
}

/*
 * Commit every MEDIA_COMMIT_EVERY results, so a kill loses little (which
 * also bounds the memory the recorded exchanges hold).
 */
static void
stored(struct mrun *m)
{
	if (m->broken || ++m->uncommitted < MEDIA_COMMIT_EVERY)
		return;
	m->uncommitted = 0;
	if (media_commit(m, &m->err) == -1 || store_begin(m->s, &m->err) == -1)
		m->broken = 1;
}

static void
job_failed(struct mrun *m, const struct archive_job *j, const char *why)
{
	struct err *e = &m->err;
	int r = 0;

	if (m->broken)
		return;
	note_failure(m, j->url, why);
	if (j->kind == ARCHIVE_MEDIA) {
		if (m->preview_round) {
			char *msg = xasprintf(
			    "too large (more than %lld bytes), and its preview failed: %s",
			    (long long)m->cap, why);
			r = store_media_failed(m->s, j, msg, m->now, e);
			free(msg);
		} else {
			r = store_media_failed(m->s, j, why, m->now, e);
		}
		m->r->failed++;
	} else if (j->kind == ARCHIVE_IMAGE) {
		r = store_image_failed(m->s, j->url, why, m->now, e);
		m->r->failed++;
	} else {
		r = store_card_failed(m->s, j->url, why, m->now, e);
		m->r->cards_failed++;
	}
	if (r == -1)
		m->broken = 1;
	stored(m);
}

/* The bytes arrived: type them, keep them, point the rows at them. */
static void
job_bytes(struct mrun *m, const struct archive_job *j, const char *data, size_t n, const char *url,
    const char *server_type, const char *charset)
{
	const char *type = sniff_type(data, n < SNIFF_HEAD ? n : SNIFF_HEAD);
	char hex[65], why[256];
	struct err *e = &m->err;
	int r;

	if (m->broken)
		return;
	if (j->kind == ARCHIVE_CARD) {
		struct card_page page;
		int html = str_eq(type, "text/html") ||
		    (type == NULL && server_type && (strstr(server_type, "html") != NULL));

		if (!html) {
			snprintf(why, sizeof why, "not an HTML page (%s%s)",
			    type ? "the bytes are " : "the server said ",
			    type              ? type
			        : server_type ? server_type
			                      : "no type");
			job_failed(m, j, why);
			return;
		}
		if (card_page_read(data, n, url, charset, &page) == -1) {
			job_failed(m, j, "the page has no title");
			return;
		}
		{
			struct card c = {j->url, page.title, page.description, page.site_name,
			    page.image_url, "page"};
			r = store_card_put(m->s, &c, m->now, e);
		}
		card_page_release(&page);
		m->r->cards++;
		if (r == -1)
			m->broken = 1;
		stored(m);
		return;
	}
	if (j->kind == ARCHIVE_IMAGE ? !sniff_is_image(type) : !sniff_is_media(type)) {
		snprintf(why, sizeof why, "not %s file (the bytes are %s; the server said %s)",
		    j->kind == ARCHIVE_IMAGE ? "an image" : "an image, video or audio",
		    type ? type : "of no known type", server_type ? server_type : "no type");
		job_failed(m, j, why);
		return;
	}
	sha256_hex(data, n, hex);
	r = store_blob_put(m->s, hex, data, n, type, url, m->now, NULL, e);
	if (r == 0 && j->kind == ARCHIVE_MEDIA && m->preview_round) {
		snprintf(why, sizeof why, "too large (more than %lld bytes): the preview is kept",
		    (long long)m->cap);
		r = store_media_archived(m->s, j, hex, 1, why, m->now, e);
		m->r->previews++;
		m->r->failed++;
		note_failure(m, j->url, why);
	} else if (r == 0 && j->kind == ARCHIVE_MEDIA) {
		r = store_media_archived(m->s, j, hex, 0, NULL, m->now, e);
		m->r->archived++;
	} else if (r == 0) {
		r = store_image_archived(m->s, j->url, hex, m->now, e);
		m->r->archived++;
	}
	if (r == -1)
		m->broken = 1;
	stored(m);
}

/*
 * The store thread. While a round of pictures downloads, what they bring
 * is typed, hashed and stored by a thread of its own, so that the
 * transfers (the caller's thread, in http.c) go on meanwhile: on two cores
 * the SQLite writes no longer stop every download. The thread takes over
 * the project for the round: from its start to its end the caller's thread
 * never touches the store, and hands over, in the order they came, each
 * exchange to record and each outcome. A body held in memory is handed
 * over as it is (http_options.give_data): the exchange of a transfer's
 * last hop points at the bytes its outcome, queued after it, owns and
 * frees; only the bodies of other hops (redirects, retries) are copied.
 * What is in a temporary file, valid during the callback only, is handled
 * in the caller's thread once the queue is empty and the thread idle.
 * Link-card pages are never handed over: libxml2 reads them in the
 * caller's thread as before.
 */
#define STORER_MAX_BYTES ((size_t)64 << 20) /* queued bodies at most (then the caller waits) */

struct item {
	struct item *next;
	int capture; /* 1: an exchange to record; 0: a transfer's outcome */
	const struct archive_job *job;
	const char *data; /* the body's bytes, or NULL */
	size_t n;
	char *owned; /* data, when this item frees it (else a later outcome does) */
	/* capture */
	struct http_exchange ex;
	char *strs[7];
	/* outcome */
	int ok, not_modified, too_large;
	struct err err;
	char *url, *content_type, *charset;
};

struct storer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t work, idle;
	struct item *head, *tail;
	size_t bytes; /* of the queued bodies */
	int busy, end;
};

static void fetched(struct mrun *m, const struct archive_job *j, const struct http_response *h);

static void
item_free(struct item *it)
{
	free(it->owned);
	for (size_t i = 0; i < ARRAY_LEN(it->strs); i++)
		free(it->strs[i]);
	free(it->url);
	free(it->content_type);
	free(it->charset);
	free(it);
}

static void
item_run(struct mrun *m, struct item *it)
{
	if (it->capture) {
		it->ex.body_data = it->data;
		capture_log_add(m->log, 0, &it->ex);
	} else {
		struct http_response h;

		memset(&h, 0, sizeof h);
		h.ok = it->ok;
		h.not_modified = it->not_modified;
		h.too_large = it->too_large;
		h.err = it->err;
		h.url = it->url;
		h.content_type = it->content_type;
		h.charset = it->charset;
		h.data = it->owned;
		h.bytes = (int64_t)it->n;
		fetched(m, it->job, &h);
	}
}

static void *
storer_main(void *arg)
{
	struct mrun *m = arg;
	struct storer *q = m->storer;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		struct item *it;

		while (q->head == NULL && !q->end)
			pthread_cond_wait(&q->work, &q->lock);
		if (q->head == NULL)
			break;
		it = q->head;
		q->head = it->next;
		if (q->head == NULL)
			q->tail = NULL;
		q->busy = 1;
		pthread_mutex_unlock(&q->lock);
		item_run(m, it);
		pthread_mutex_lock(&q->lock);
		q->busy = 0;
		q->bytes -= it->owned ? it->n : 0;
		item_free(it);
		pthread_cond_broadcast(&q->idle);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

static void
storer_push(struct storer *q, struct item *it)
{
	pthread_mutex_lock(&q->lock);
	while (q->bytes > STORER_MAX_BYTES && (q->head || q->busy))
		pthread_cond_wait(&q->idle, &q->lock);
	q->bytes += it->owned ? it->n : 0;
	if (q->tail)
		q->tail->next = it;
	else
		q->head = it;
	q->tail = it;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->lock);
}

/* Until everything queued is stored and the thread waits: the caller may use the store. */
static void
storer_drain(struct storer *q)
{
	pthread_mutex_lock(&q->lock);
	while (q->head || q->busy)
		pthread_cond_wait(&q->idle, &q->lock);
	pthread_mutex_unlock(&q->lock);
}

static void
storer_start(struct mrun *m)
{
	struct storer *q = xcalloc(1, sizeof *q);

	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->work, NULL);
	pthread_cond_init(&q->idle, NULL);
	m->storer = q;
	if (pthread_create(&q->thread, NULL, storer_main, m) != 0) {
		/* Stored in the caller's thread, as without one. */
		pthread_cond_destroy(&q->idle);
		pthread_cond_destroy(&q->work);
		pthread_mutex_destroy(&q->lock);
		free(q);
		m->storer = NULL;
	}
}

static void
storer_stop(struct mrun *m)
{
	struct storer *q = m->storer;

	if (q == NULL)
		return;
	pthread_mutex_lock(&q->lock);
	q->end = 1;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	pthread_cond_destroy(&q->idle);
	pthread_cond_destroy(&q->work);
	pthread_mutex_destroy(&q->lock);
	free(q);
	m->storer = NULL;
}

static char *
memdup(const void *p, size_t n)
{
	char *d = xmalloc(n + 1);

	if (n)
		memcpy(d, p, n);
	d[n] = '\0';
	return d;
}

static void
on_fetched(void *arg, size_t index, const struct http_response *h)
{
	struct mrun *m = arg;
	struct storer *q = m->storer;
	const struct archive_job *j = &m->jobs[m->which[index]];
	/* The body the options gave this callback: freed here or by the thread. */
	char *given = q && h->ok && !h->not_modified ? h->data : NULL;
	struct item *it;

	if (q == NULL) {
		fetched(m, j, h);
		return;
	}
	if ((h->ok && !h->not_modified && h->data == NULL) ||
	    (!h->ok && h->too_large && j->kind == ARCHIVE_MEDIA && !m->preview_round &&
	        j->preview_url != NULL)) {
		/* A body in a file, or a preview to fetch (m->previews): here. */
		storer_drain(q);
		fetched(m, j, h);
		free(given);
		return;
	}
	it = xcalloc(1, sizeof *it);
	it->job = j;
	it->ok = h->ok;
	it->not_modified = h->not_modified;
	it->too_large = h->too_large;
	it->err = h->err;
	it->url = h->url ? xstrdup(h->url) : NULL;
	it->content_type = h->content_type ? xstrdup(h->content_type) : NULL;
	it->charset = h->charset ? xstrdup(h->charset) : NULL;
	it->data = it->owned = given;
	it->n = given ? (size_t)h->bytes : 0;
	storer_push(q, it);
}

static void
on_capture(void *arg, size_t index, const struct http_exchange *x)
{
	struct mrun *m = arg;
	struct storer *q = m->storer;
	struct item *it;
	const char *strs[6];

	(void)index;
	if (q && x->body) {
		/* Its body is a file, valid during this call only. */
		storer_drain(q);
		capture_log_add(m->log, 0, x);
		return;
	}
	if (q == NULL) {
		capture_log_add(m->log, 0, x); /* of no one source: the project's archive */
		return;
	}
	it = xcalloc(1, sizeof *it);
	it->capture = 1;
	it->ex = *x;
	strs[0] = x->url;
	strs[1] = x->method;
	strs[2] = x->request_head;
	strs[3] = x->remote_ip;
	strs[4] = x->response_head;
	strs[5] = x->error;
	for (size_t i = 0; i < ARRAY_LEN(strs); i++)
		it->strs[i] = strs[i] ? xstrdup(strs[i]) : NULL;
	it->ex.url = it->strs[0];
	it->ex.method = it->strs[1];
	it->ex.request_head = it->strs[2];
	it->ex.remote_ip = it->strs[3];
	it->ex.response_head = it->strs[4];
	it->ex.error = it->strs[5];
	if (x->request_body) {
		it->strs[6] = memdup(x->request_body, x->request_body_len);
		it->ex.request_body = it->strs[6];
	}
	if (x->body_is_data) {
		/* The outcome queued next owns these bytes and frees them after. */
		it->data = x->body_data;
		it->n = (size_t)x->body_len;
	} else if (x->body_data) {
		it->data = it->owned = memdup(x->body_data, (size_t)x->body_len);
		it->n = (size_t)x->body_len;
	}
	storer_push(q, it);
}

/* A transfer's outcome (in the store thread when there is one). */
static void
fetched(struct mrun *m, const struct archive_job *j, const struct http_response *h)
{
	char *data;
	size_t got;

	if (!h->ok || h->not_modified) {
		if (h->too_large && j->kind == ARCHIVE_MEDIA && !m->preview_round &&
		    j->preview_url != NULL) {
			struct archive_jobs *p = &m->previews;

			if (p->n == p->cap) {
				p->cap = p->cap ? p->cap * 2 : 16;
				p->v = xreallocarray(p->v, p->cap, sizeof *p->v);
			}
			memset(&p->v[p->n], 0, sizeof *p->v);
			p->v[p->n].kind = ARCHIVE_MEDIA;
			p->v[p->n].url = xstrdup(j->url);
			p->v[p->n].preview_url = xstrdup(j->preview_url);
			p->v[p->n].first_id = j->first_id;
			p->v[p->n].last_id = j->last_id;
			p->n++;
			return;
		}
		if (h->too_large) {
			char why[128];
			snprintf(why, sizeof why, "too large (more than %lld bytes%s)",
			    (long long)m->cap,
			    j->kind == ARCHIVE_CARD ? "" : "; see --media-max-size");
			job_failed(m, j, why);
		} else {
			job_failed(m, j,
			    h->not_modified ? "HTTP 304 to an unconditional request" : h->err.msg);
		}
		return;
	}
	if (h->data) {
		job_bytes(m, j, h->data, (size_t)h->bytes, h->url, h->content_type, h->charset);
		return;
	}
	data = xmalloc((size_t)h->bytes + 1);
	got = h->body ? fread(data, 1, (size_t)h->bytes, h->body) : 0;
	if (got != (size_t)h->bytes)
		job_failed(m, j, "cannot read the spooled body back");
	else
		job_bytes(m, j, data, got, h->url, h->content_type, h->charset);
	free(data);
}

/* 1 when a relative path may be read beside a local feed. */
static int
local_path_ok(const char *p)
{
	if (*p == '\0' || *p == '/' || strchr(p, '\\') || strchr(p, ':') || strchr(p, '?') ||
	    strchr(p, '#'))
		return 0;
	for (const char *s = p; *s;) {
		size_t k = strcspn(s, "/");
		if ((k == 2 && s[0] == '.' && s[1] == '.') || k == 0)
			return 0;
		s += k;
		if (*s == '/')
			s++;
	}
	return 1;
}

static void
fetch_local(struct mrun *m, const struct archive_job *j, const char *rel)
{
	char *path, *data = NULL, why[256];
	struct stat st;
	int fd;

	path = xasprintf("%s/%s", j->local_dir, rel);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1 || fstat(fd, &st) == -1) {
		snprintf(why, sizeof why, "cannot read %s: %s", path, strerror(errno));
		job_failed(m, j, why);
	} else if (!S_ISREG(st.st_mode)) {
		snprintf(why, sizeof why, "cannot read %s: not a file", path);
		job_failed(m, j, why);
	} else if ((int64_t)st.st_size > m->cap) {
		snprintf(why, sizeof why, "too large (more than %lld bytes; see --media-max-size)",
		    (long long)m->cap);
		job_failed(m, j, why);
	} else {
		size_t n = (size_t)st.st_size, got = 0;
		ssize_t k;

		data = xmalloc(n + 1);
		while (got < n && (k = read(fd, data + got, n - got)) > 0)
			got += (size_t)k;
		if (got != n) {
			snprintf(why, sizeof why, "cannot read %s: %s", path, strerror(errno));
			job_failed(m, j, why);
		} else {
			job_bytes(m, j, data, n, j->url, NULL, NULL);
		}
	}
	if (fd != -1)
		close(fd);
	free(data);
	free(path);
}

/* "x:..." before any '/': a URL with a scheme (file:, data:, ...). */
static int
has_scheme(const char *u)
{
	size_t k = strcspn(u, ":/");

	return k > 0 && u[k] == ':';
}

static int
is_web(const char *u)
{
	return str_casestartswith(u, "http://") || str_casestartswith(u, "https://");
}

/* HTTP_LOCAL_ALLOW on the origin of a source on the user's network. */
static enum http_local
local_rule(const struct media_options *mo, const char *url)
{
	for (const char *const *s = mo->local_sources; s && *s; s++)
		if (http_same_origin(*s, url))
			return HTTP_LOCAL_ALLOW;
	return HTTP_LOCAL_DENY;
}

/* One round over jobs; the caller's transaction is not open. */
static int
run_round(struct mrun *m, struct archive_job *jobs, size_t n, const struct http_options *base,
    int64_t cap, const char *accept, struct err *e)
{
	struct http_request *req = xcalloc(n ? n : 1, sizeof *req);
	const char *headers[] = {accept, NULL};
	struct http_options o = *base;
	size_t nreq = 0;
	int status = 0, nopage = 1;

	o.max_size = cap;
	o.mem_max = MEDIA_MEM_MAX;
	o.capture = m->log ? on_capture : NULL;
	o.capture_arg = m;
	m->cap = cap;
	m->jobs = jobs;
	m->which = xcalloc(n ? n : 1, sizeof *m->which);
	m->uncommitted = 0;
	if (store_begin(m->s, e) == -1) {
		free(req);
		free(m->which);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const char *url = m->preview_round ? jobs[i].preview_url : jobs[i].url;

		if (is_web(url)) {
			req[nreq].url = url;
			req[nreq].headers = headers;
			req[nreq].local = local_rule(m->mo, url);
			m->which[nreq++] = i;
		} else if (jobs[i].kind == ARCHIVE_MEDIA && jobs[i].local_dir &&
		    local_path_ok(url)) {
			fetch_local(m, &jobs[i], url);
		} else {
			job_failed(m, &jobs[i],
			    jobs[i].local_dir && !has_scheme(url)
			        ? "not a path beside the feed (no '..', no absolute path)"
			        : "not an http(s) URL");
		}
	}
	/* Pictures are stored by a thread of their own meanwhile; pages
	 * (link cards) are read here. */
	for (size_t i = 0; i < n && nreq > 0; i++)
		if (jobs[i].kind == ARCHIVE_CARD)
			nopage = 0;
	if (nreq > 0 && nopage)
		storer_start(m);
	o.give_data = m->storer != NULL;
	if (nreq > 0 && http_fetch_all(req, nreq, &o, on_fetched, m, e) == -1)
		status = -1;
	storer_stop(m);
	free(req);
	free(m->which);
	m->which = NULL;
	if (m->broken) {
		*e = m->err;
		status = -1;
	}
	if (status == 0 && media_commit(m, e) == -1)
		status = -1;
	if (status == -1) {
		struct err ce;

		store_rollback(m->s);
		capture_log_settle(m->log, 0);
		/* In a transaction of its own: what was fetched stays recorded
		 * even when storing what it brought failed. */
		if (m->log)
			capture_log_flush(m->log, &ce); /* if the file takes it */
		return -1;
	}
	return 0;
}

static struct err *want_err;

static int
want_image(void *arg, const char *url)
{
	return store_image_want(arg, url, want_err);
}

/* Look at each post not looked at yet: its card's URL (or none), its inline images. */
static int
card_post(void *arg, const struct card_post *p, struct err *e)
{
	struct mrun *m = arg;
	struct card_page page;
	char *url = NULL;
	int r;

	if (m->mo->media) {
		want_err = e;
		if (card_inline_images(p->content_html, want_image, m->s) == -1)
			return -1;
	}
	if (!m->mo->cards)
		return 0;
	if (str_eq(p->raw_format, "mastodon") && card_mastodon(p->raw, &url, &page) == 0) {
		struct card c = {
		    url, page.title, page.description, page.site_name, page.image_url, "mastodon"};

		r = store_card_put(m->s, &c, m->now, e);
		card_page_release(&page);
		m->r->cards++;
	} else {
		struct card c = {NULL, NULL, NULL, NULL, NULL, NULL};

		c.url = url = card_link(p->content_html, p->permalink);
		r = url ? store_card_put(m->s, &c, m->now, e) : 0;
	}
	if (r == 0)
		r = store_post_card_set(m->s, p->id, url, e);
	free(url);
	return r;
}

int
media_collect(struct store *s, const struct http_options *o, const struct media_options *mo,
    struct media_report *r, struct err *e)
{
	struct archive_counts before;
	struct archive_jobs jobs = {0};
	struct mrun m;
	int status = 0;

	memset(r, 0, sizeof *r);
	memset(&m, 0, sizeof m);
	m.s = s;
	m.mo = mo;
	m.r = r;
	m.now = time_now();
	m.log = o->keep_exchanges ? capture_log_new(s) : NULL;
	err_clear(&m.err);
	/* Every blob goes through the WAL: copied on into the file meanwhile. */
	store_checkpointer_start(s);
#ifdef __GLIBC__
	/* Bodies of some hundred KB are held and freed by the thousand (and
	 * SQLite builds a record as large for each): glibc would give each a
	 * fresh mmap, or trim the heap under it, and fault in every page again
	 * (a fifth of the time of the bench's 1000 images). */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
	/* New posts first: their card's page, their inline pictures. */
	if (store_begin(s, e) == -1)
		goto fail;
	if (store_card_posts(s, card_post, &m, e) == -1 || store_commit(s, e) == -1) {
		store_rollback(s);
		goto fail;
	}
	if (mo->media) {
		if (store_archive_counts(s, &before, e) == -1 ||
		    store_archive_media_todo(s, &jobs, e) == -1)
			goto fail;
		r->already = before.media_archived;
		if (run_round(&m, jobs.v, jobs.n, o, mo->max_size,
		        "Accept: image/*, video/*, audio/*", e) == -1)
			goto fail;
		archive_jobs_free(&jobs);
		if (m.previews.n > 0) {
			m.preview_round = 1;
			if (run_round(&m, m.previews.v, m.previews.n, o, mo->max_size,
			        "Accept: image/*", e) == -1)
				goto fail;
			m.preview_round = 0;
		}
	}
	if (mo->cards) {
		if (store_archive_cards_todo(s, 1, 0, &jobs, e) == -1 ||
		    run_round(&m, jobs.v, jobs.n, o, CARD_PAGE_MAX_SIZE,
		        "Accept: text/html, application/xhtml+xml", e) == -1)
			goto fail;
		archive_jobs_free(&jobs);
		if (mo->media &&
		    (store_archive_cards_todo(s, 0, 1, &jobs, e) == -1 ||
		        run_round(&m, jobs.v, jobs.n, o, mo->max_size, "Accept: image/*", e) == -1))
			goto fail;
	}
	goto out;
fail:
	status = -1;
out:
	store_checkpointer_stop(s);
	archive_jobs_free(&jobs);
	archive_jobs_free(&m.previews);
	capture_log_free(m.log);
	return status;
}
