/*
 * collect.c - the collect pipeline: fetch, parse, match, store.
 *
 * Every source is fetched concurrently (http.c) with its body spooled to a
 * temporary file, then parsed as the transfer ends, while the other
 * transfers go on. The kept posts are held in memory (up to a bound) and
 * stored in one short transaction after the parse, so other commands are
 * not kept waiting while a feed is read; a feed past the bound is parsed
 * again as a stream inside the transaction, so memory stays flat whatever
 * the feeds' sizes. Each source is one transaction, committed when the
 * whole feed was read and stored, rolled back otherwise, so a failing
 * source (or a kill) leaves nothing half-stored and does not stop the
 * others; its failure is then logged in a transaction of its own.
 * Local paths are read in place, after the transfers.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "capture.h"
#include "collect.h"
#include "incoming_internal.h"
#include "datetime.h"
#include "feed.h"
#include "keep.h"
#include "store_collect.h"
#include "testhook.h"

int
collect_is_local(const char *url)
{
	return url[0] == '/';
}

struct run {
	struct store *s;
	const struct project *p;
	struct source *src;
	struct collect_report *rep;
	size_t n, done;
	int64_t posts_new;
	collect_progress_fn progress;
	void *progress_arg;
	int64_t started; /* when the run began: every fetch's start */
};

/* One source's parse. */
struct parse {
	struct collect_report *rep;
	struct keep keep;
	const struct feed_info *info;
};

/* The parser's pre-filter: the keep policy (keep.c). */
static int
filter_item(void *arg, const struct incoming_post *it)
{
	struct parse *ps = arg;

	return keep_filter(&ps->keep, it);
}

static int
reject_item(void *arg, const struct incoming_post *it)
{
	struct parse *ps = arg;

	return keep_reject(&ps->keep, it);
}

/* An item the policy kept: store it. */
static int
on_item(void *arg, const struct incoming_post *it, struct err *e)
{
	struct parse *ps = arg;

	ps->keep.format =
	    ps->info->format != FEED_UNKNOWN ? feed_format_name(ps->info->format) : NULL;
	return keep_store(&ps->keep, it, e);
}

void
collect_report_counts(struct collect_report *rep, const struct keep_counts *n, int stored)
{
	rep->seen = n->seen;
	rep->unmatched = n->unmatched;
	rep->outside = n->outside;
	rep->after_until = n->after_until;
	rep->before_since = n->before_since;
	rep->undated = n->undated;
	rep->undated_kept = n->undated_kept;
	rep->noid = n->noid;
	rep->tags_dropped = n->tags_dropped;
	rep->new_ = stored ? n->new_ : 0;
	rep->updated = stored ? n->updated : 0;
	rep->enriched = stored ? n->enriched : 0;
}

/* Log a fetch that stored nothing, in a transaction of its own. */
static void
log_failure(struct run *r, struct collect_report *rep, const struct fetch_record *base)
{
	struct fetch_record f = *base;
	struct err e;

	f.error = rep->err.msg;
	f.format = f.title = NULL;
	f.seen = f.new_ = f.updated = 0;
	f.set_validators = 0;
	err_clear(&e);
	if (store_begin(r->s, &e) == 0 &&
	    store_source_fetched(r->s, rep->source_id, rep->url, &f, &e) == 0)
		store_commit(r->s, &e);
	store_rollback(r->s);
}

/*
 * The kept posts of one feed, read before its transaction begins, so a
 * slow parse never holds the write lock another command (a note, a move,
 * the editor) waits for. Bounded: a feed whose kept posts pass
 * COLLECT_HELD_MAX is parsed again inside the transaction, streamed as
 * before, so memory stays flat whatever the feed's size.
 */
#define COLLECT_HELD_MAX ((size_t)64 << 20)

/* A kept post and the tags the policy found in it, stored as they are. */
struct held_post {
	struct incoming_post it;
	char **tags;
	size_t ntags;
};

struct held {
	struct keep filter; /* the policy and its counts; no batch */
	const struct feed_info *info;
	struct held_post *v;
	size_t n, cap, bytes;
	int overflow;
	/*
	 * The held posts' safe HTML, made on a second thread while the feed
	 * is still parsed, rather than in the transaction (a fifth of what
	 * storing a post costs). Until held_safe_stop, that thread alone
	 * calls the sanitizer (it keeps state of its own); lock guards v, n,
	 * bytes and the fields below; the posts it did not reach are made by
	 * the store as before.
	 */
	struct {
		int on, stop;
		int waiting; /* the thread sleeps until HELD_SAFE_RUN posts wait */
		size_t next; /* the first held post not taken */
		pthread_t thread;
		pthread_mutex_t lock;
		pthread_cond_t wake;
	} safe;
};

static int
held_filter(void *arg, const struct incoming_post *it)
{
	struct held *h = arg;

	return keep_filter(&h->filter, it);
}

static int
held_reject(void *arg, const struct incoming_post *it)
{
	struct held *h = arg;

	return keep_reject(&h->filter, it);
}

/* Posts the thread is woken for: one wake-up a post (a system call each)
 * cost more than what it saved. */
#define HELD_SAFE_RUN 64

static void *
held_safe_main(void *arg)
{
	struct held *h = arg;
	struct buf b;

	buf_init(&b, BUF_NOLIMIT);
	pthread_mutex_lock(&h->safe.lock);
	for (;;) {
		size_t i;
		const char *html, *link;
		char *safe;

		if (h->safe.next == h->n) {
			h->safe.waiting = 1;
			while (!h->safe.stop && h->n - h->safe.next < HELD_SAFE_RUN)
				pthread_cond_wait(&h->safe.wake, &h->safe.lock);
			h->safe.waiting = 0;
		}
		if (h->safe.stop)
			break;
		i = h->safe.next++;
		/* The strings stay where they are until the post is released,
		 * after held_safe_stop; only v may move meanwhile. */
		html = h->v[i].it.content_html;
		link = h->v[i].it.permalink;
		pthread_mutex_unlock(&h->safe.lock);
		safe = NULL;
		if (html && store_html_safe(&b, html, link) != NULL)
			safe = xstrdup(b.data);
		pthread_mutex_lock(&h->safe.lock);
		h->v[i].it.safe_html = safe;
		h->v[i].it.has_safe_html = 1;
		h->bytes += safe ? strlen(safe) + 1 : 0;
	}
	pthread_mutex_unlock(&h->safe.lock);
	buf_release(&b);
	return NULL;
}

/* Start the thread; without it (it could not start) the store makes all. */
static void
held_safe_start(struct held *h)
{
	feed_xml_init(); /* the thread's sanitizer and the parse both use libxml2 */
	pthread_mutex_init(&h->safe.lock, NULL);
	pthread_cond_init(&h->safe.wake, NULL);
	h->safe.on = pthread_create(&h->safe.thread, NULL, held_safe_main, h) == 0;
	if (!h->safe.on) {
		pthread_cond_destroy(&h->safe.wake);
		pthread_mutex_destroy(&h->safe.lock);
	}
}

/* Once the parse ends: the post at hand is finished, the rest left to the store. */
static void
held_safe_stop(struct held *h)
{
	if (!h->safe.on)
		return;
	pthread_mutex_lock(&h->safe.lock);
	h->safe.stop = 1;
	pthread_cond_signal(&h->safe.wake);
	pthread_mutex_unlock(&h->safe.lock);
	pthread_join(h->safe.thread, NULL);
	pthread_cond_destroy(&h->safe.wake);
	pthread_mutex_destroy(&h->safe.lock);
	h->safe.on = 0;
}

static int
held_item(void *arg, const struct incoming_post *it, struct err *e)
{
	struct held *h = arg;
	const struct hashtag_list *tags = &h->filter.tags; /* held_filter's, for it */
	struct held_post post, *hp = &post;
	size_t bytes;

	bytes = incoming_post_copy(&hp->it, it);
	hp->ntags = tags->n;
	hp->tags = xcalloc(tags->n + 1, sizeof *hp->tags);
	for (size_t i = 0; i < tags->n; i++) {
		hp->tags[i] = xstrdup(tags->v[i]);
		bytes += strlen(tags->v[i]) + 1 + sizeof *hp->tags;
	}
	if (h->safe.on)
		pthread_mutex_lock(&h->safe.lock);
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 64;
		h->v = xreallocarray(h->v, h->cap, sizeof *h->v);
	}
	h->v[h->n++] = post;
	h->bytes += bytes;
	bytes = h->bytes;
	if (h->safe.on) {
		if (h->safe.waiting && h->n - h->safe.next >= HELD_SAFE_RUN)
			pthread_cond_signal(&h->safe.wake);
		pthread_mutex_unlock(&h->safe.lock);
	}
	test_hook("collect-parsing"); /* no transaction may be open here */
	if (bytes > test_hook_held_max(COLLECT_HELD_MAX)) {
		h->overflow = 1;
		return err_set(e, ERR_FAIL, "more kept posts than are held in memory");
	}
	return 0;
}

/* One held post's memory, given back once it is stored. */
static void
held_post_release(struct held_post *hp)
{
	incoming_post_release(&hp->it);
	for (size_t i = 0; i < hp->ntags; i++)
		free(hp->tags[i]);
	free(hp->tags);
	memset(hp, 0, sizeof *hp);
}

static void
held_release(struct held *h)
{
	for (size_t i = 0; i < h->n; i++)
		held_post_release(&h->v[i]);
	free(h->v);
	keep_release(&h->filter);
}

/*
 * Parse the body in fd and store it: one transaction, begun once the feed
 * is read (see struct held). On failure rep->err says why and nothing of
 * the feed is stored.
 */
static void
source_store(struct run *r, struct collect_report *rep, int fd, const char *base,
    const char *charset, struct fetch_record *f)
{
	struct feed_options opt = {
	    .base_url = base, .http_charset = charset, .keep = held_filter, .reject = held_reject};
	struct feed_info info;
	struct held h;
	struct parse ps;
	struct err e;
	off_t start = lseek(fd, 0, SEEK_CUR);
	int parsed = 0, streamed = 0;

	memset(&info, 0, sizeof info);
	memset(&h, 0, sizeof h);
	memset(&ps, 0, sizeof ps);
	ps.rep = rep;
	ps.info = &info;
	h.info = &info;
	err_clear(&e);
	if (keep_init(&h.filter, r->s, r->p, rep->source_id, NULL, 0, &e) == -1)
		goto fail;
	h.filter.now = f->started_at;
	held_safe_start(&h);
	if (feed_parse_fd(fd, &opt, held_item, &h, &info, &e) == 0)
		parsed = 1;
	held_safe_stop(&h);
	if (!parsed && (!h.overflow || start == (off_t)-1))
		goto fail;
	if (store_begin(r->s, &e) == -1 ||
	    keep_init(&ps.keep, r->s, r->p, rep->source_id, NULL, 0, &e) == -1)
		goto fail;
	ps.keep.now = f->started_at;
	if (parsed) {
		/* Each kept post with the tags the policy found in the parse
		 * (the policy is not run again), its memory given back to the
		 * store's page cache as it goes; the counts of what was seen are
		 * the parse's. */
		ps.keep.format = info.format != FEED_UNKNOWN ? feed_format_name(info.format) : NULL;
		for (size_t i = 0; i < h.n; i++) {
			if (keep_store_tags(&ps.keep, &h.v[i].it, h.v[i].tags, h.v[i].ntags, &e) ==
			    -1)
				goto fail;
			held_post_release(&h.v[i]);
		}
		h.filter.n.new_ = ps.keep.n.new_;
		h.filter.n.updated = ps.keep.n.updated;
		h.filter.n.enriched = ps.keep.n.enriched;
		ps.keep.n = h.filter.n;
		ps.keep.has_newest = h.filter.has_newest;
		ps.keep.newest = h.filter.newest;
	} else {
		/* Too big to hold: read it again, streamed into the transaction,
		 * the posts held so far given back first (else the bound's
		 * worth of them stays alongside the stream). */
		for (size_t i = 0; i < h.n; i++)
			held_post_release(&h.v[i]);
		free(h.v);
		h.v = NULL;
		h.n = h.cap = 0;
		feed_info_release(&info);
		opt.keep = filter_item;
		opt.reject = reject_item;
		streamed = 1;
		if (lseek(fd, start, SEEK_SET) == (off_t)-1) {
			err_set(&e, ERR_FAIL, "cannot read the feed again: %s", strerror(errno));
			goto fail;
		}
		if (feed_parse_fd(fd, &opt, on_item, &ps, &info, &e) == -1)
			goto fail;
	}
	rep->format = info.format != FEED_UNKNOWN ? feed_format_name(info.format) : NULL;
	rep->recovered = info.recovered;
	collect_report_counts(rep, &ps.keep.n, 1);
	f->finished_at = time_now();
	f->format = rep->format;
	f->title = info.title;
	f->seen = rep->seen;
	f->new_ = rep->new_;
	f->updated = rep->updated + rep->enriched; /* every post a reader sees changed */
	if (keep_end(&ps.keep, &e) == -1 ||
	    store_source_fetched(r->s, rep->source_id, rep->url, f, &e) == -1 ||
	    store_commit(r->s, &e) == -1)
		goto fail;
	rep->ok = 1;
	keep_release(&ps.keep);
	held_release(&h);
	feed_info_release(&info);
	return;
fail:
	store_rollback(r->s);
	collect_report_counts(rep, streamed ? &ps.keep.n : &h.filter.n, 0);
	keep_release(&ps.keep);
	held_release(&h);
	feed_info_release(&info);
	rep->err = e;
	f->finished_at = time_now();
	log_failure(r, rep, f);
}

static void
progress(struct run *r, struct collect_report *rep)
{
	r->done++;
	r->posts_new += rep->new_;
	if (r->progress)
		r->progress(r->progress_arg, r->done, r->n, r->posts_new);
}

struct http_run {
	struct run *r;
	size_t *which;           /* request index -> source index */
	struct capture_log *log; /* NULL: exchanges not recorded */
};

static void
on_capture(void *arg, size_t index, const struct http_exchange *x)
{
	struct http_run *hr = arg;

	capture_log_add(hr->log, hr->r->src[hr->which[index]].id, x);
}

/* Store what was fetched for a source, before (and whatever) its posts. */
static void
record(struct http_run *hr, struct collect_report *rep)
{
	struct err e;

	if (hr->log && capture_log_flush(hr->log, &e) == -1 && rep->note == NULL)
		rep->note = xasprintf("its HTTP exchanges could not be recorded: %s", e.msg);
}

static void
on_fetched(void *arg, size_t index, const struct http_response *h)
{
	struct http_run *hr = arg;
	struct run *r = hr->r;
	size_t i = hr->which[index];
	struct collect_report *rep = &r->rep[i];
	struct fetch_record f;

	record(hr, rep);
	memset(&f, 0, sizeof f);
	f.started_at = r->started;
	f.http_status = h->status;
	f.bytes = h->bytes;
	rep->http_status = h->status;
	rep->first_local = h->first_local;
	if (!h->ok) {
		rep->err = h->err;
		f.finished_at = time_now();
		log_failure(r, rep, &f);
	} else if (h->not_modified) {
		struct err e;

		rep->ok = rep->not_modified = 1;
		f.finished_at = time_now();
		f.not_modified = 1;
		err_clear(&e);
		/* A 304 keeps the source's validators and format. */
		if (store_begin(r->s, &e) == -1 ||
		    store_source_fetched(r->s, rep->source_id, rep->url, &f, &e) == -1 ||
		    store_commit(r->s, &e) == -1) {
			store_rollback(r->s);
			rep->ok = 0;
			rep->err = e;
		}
	} else {
		f.set_validators = 1;
		f.etag = h->etag;
		f.last_modified = h->last_modified;
		/* Relative links resolve against where the feed finally came from. */
		source_store(r, rep, fileno(h->body), h->url, h->charset, &f);
	}
	progress(r, rep);
}

static void
collect_local(struct run *r, struct collect_report *rep)
{
	struct fetch_record f;
	int fd;

	memset(&f, 0, sizeof f);
	f.started_at = time_now();
	if ((fd = open(rep->url, O_RDONLY | O_CLOEXEC)) == -1) {
		err_set(&rep->err, ERR_FAIL, "cannot open %s: %s", rep->url, strerror(errno));
		f.finished_at = f.started_at;
		log_failure(r, rep, &f);
	} else {
		off_t size = lseek(fd, 0, SEEK_END);

		f.bytes = size > 0 ? (int64_t)size : 0;
		lseek(fd, 0, SEEK_SET);
		/* A local file has no URL to resolve links against: the feed's
		 * own xml:base or home page does that. */
		source_store(r, rep, fd, NULL, NULL, &f);
		close(fd);
	}
	progress(r, rep);
}

void
collect_reports_free(struct collect_report *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].url);
		free(v[i].name);
		free(v[i].note);
	}
	free(v);
}

int
collect_run(struct store *s, const struct project *p, const struct http_options *o,
    collect_progress_fn progress_fn, void *arg, struct collect_report **reports, size_t *nout,
    struct err *e)
{
	struct run r;
	struct http_request *req;
	struct http_options ho = *o;
	struct http_run hr;
	size_t nreq = 0, i;
	int status = 0;

	*reports = NULL;
	*nout = 0;
	memset(&r, 0, sizeof r);
	r.s = s;
	r.p = p;
	r.progress = progress_fn;
	r.progress_arg = arg;
	r.started = time_now();
	if (store_source_list(s, &r.src, &r.n, e) == -1)
		return -1;
	/* Imported files are sources (their posts' provenance) with nothing to fetch. */
	for (i = 0; i < r.n;) {
		if (str_eq(r.src[i].kind, "import")) {
			source_release(&r.src[i]);
			memmove(&r.src[i], &r.src[i + 1], (r.n - i - 1) * sizeof *r.src);
			r.n--;
		} else {
			i++;
		}
	}
	if (r.n == 0) {
		free(r.src);
		return 0;
	}
	r.rep = xcalloc(r.n, sizeof *r.rep);
	req = xcalloc(r.n, sizeof *req);
	hr.r = &r;
	hr.which = xcalloc(r.n, sizeof *hr.which);
	hr.log = o->keep_exchanges ? capture_log_new(s) : NULL;
	ho.capture = hr.log ? on_capture : NULL;
	ho.capture_arg = &hr;
	for (i = 0; i < r.n; i++) {
		struct collect_report *rep = &r.rep[i];

		rep->source_id = r.src[i].id;
		rep->url = xstrdup(r.src[i].url);
		rep->name = r.src[i].name ? xstrdup(r.src[i].name) : NULL;
		err_clear(&rep->err);
		if (collect_is_local(rep->url) || api_source_kind(r.src[i].kind))
			continue;
		req[nreq].url = r.src[i].url;
		req[nreq].etag = r.src[i].etag;
		req[nreq].last_modified = r.src[i].last_modified;
		hr.which[nreq++] = i;
	}
	if (http_fetch_all(req, nreq, &ho, on_fetched, &hr, e) == -1)
		status = -1;
	for (i = 0; status == 0 && i < r.n; i++) {
		if (api_source_kind(r.src[i].kind)) {
			api_collect_source(s, p, o, hr.log, &r.src[i], &r.rep[i]);
			progress(&r, &r.rep[i]);
		} else if (collect_is_local(r.rep[i].url)) {
			collect_local(&r, &r.rep[i]);
		}
	}
	if (hr.log) {
		struct err ce;

		capture_log_flush(hr.log, &ce); /* nothing left: each source flushed its own */
	}
	capture_log_free(hr.log);
	free(hr.which);
	free(req);
	store_sources_free(r.src, r.n);
	if (status == -1) {
		collect_reports_free(r.rep, r.n);
		return -1;
	}
	*reports = r.rep;
	*nout = r.n;
	return 0;
}
