/*
 * collect.c - the collect pipeline: fetch, parse, match, store.
 *
 * Every source is fetched concurrently (http.c) with its body spooled to a
 * temporary file, then parsed as the transfer ends, while the other
 * transfers go on. The kept posts are held in memory (up to a bound) and
 * stored by a thread of their own in one transaction that begins late in
 * the parse, so other commands are not kept waiting while a feed is read
 * (see struct held). Each source is one transaction, committed when the
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
#include <sys/stat.h>
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
 * The kept posts of one feed and their storing, in the source's one
 * transaction. The parse never holds the write lock a note, a move or the
 * editor waits for while it has far to go: the kept posts are held, their
 * safe HTML made on a thread of its own meanwhile, and a third thread
 * stores them. That thread begins the transaction once the rest of the
 * parse should take about as long as storing every kept post (so the lock
 * is held about as long as the storing takes, as when it followed the
 * parse, but the two overlap), and at the latest when the parse ends.
 * Memory is bounded: past COLLECT_HELD_MAX of held posts the storing
 * begins at once and the parse waits for it to catch up.
 */
#define COLLECT_HELD_MAX ((size_t)8 << 20)
/* Feeds smaller than this are stored after their parse. */
#define COLLECT_OVERLAP_MIN ((off_t)1 << 20)
/* Storing a post costs about as much as parsing this many bytes of feed
 * (measured: 10 us against 6.5 ns a byte, RSS and Atom alike). */
#define STORE_POST_PARSE_BYTES 1536
/* Posts a thread is woken for: one wake-up a post (a system call each)
 * cost more than what it saved. */
#define HELD_RUN 64
/* Stored posts between two updates of the full-text index. */
#define HELD_INDEX_RUN 4096

/* A kept post and the tags the policy found in it, stored as they are. */
struct held_post {
	struct incoming_post it;
	char **tags;
	size_t ntags;
	size_t bytes; /* what it holds, counted in held.bytes */
};

struct held {
	struct keep filter;           /* the parse's policy and its counts; no batch */
	const struct feed_info *info; /* the parse's, read by held_item alone */
	struct run *r;
	int64_t source_id, now;
	int fd;
	off_t start, size; /* where the feed begins in fd, its size (0: unknown) */
	/*
	 * lock guards everything below. v[0..n) are the held posts: the
	 * safe-HTML thread takes them in order from safe.next, the store from
	 * store.next (never past those the safe HTML is made for while that
	 * thread runs); taken by the store, a slot is empty, and the empty
	 * slots are dropped from v's front (held_compact).
	 */
	pthread_mutex_t lock;
	struct held_post *v;
	size_t n, cap, bytes;
	size_t max;    /* the bound on bytes: COLLECT_HELD_MAX */
	int64_t total; /* posts held since the parse began */
	enum feed_format format;
	int room_waiting; /* the parse waits for bytes to fall (room) */
	pthread_cond_t room;
	/*
	 * The held posts' safe HTML, made on a second thread while the feed
	 * is still parsed, rather than in the transaction (a fifth of what
	 * storing a post costs). Until held_safe_stop, that thread alone
	 * calls the sanitizer (it keeps state of its own); the posts it did
	 * not reach are made by the store as before.
	 */
	struct {
		int on, stop;
		int waiting; /* the thread sleeps until HELD_RUN posts wait */
		size_t next; /* the first held post not taken */
		size_t done; /* the posts before it have their safe HTML */
		pthread_t thread;
		pthread_cond_t wake;
	} safe;
	/* The storing. */
	struct {
		int on;         /* its thread runs */
		int go;         /* begin storing */
		int parse_done; /* no post comes after those held */
		int abort;      /* the parse failed: store no more */
		int failed;     /* storing failed: err says why */
		int waiting;
		size_t next; /* the first held post not stored */
		struct err err;
		struct keep keep; /* with the batch, in the transaction */
		pthread_t thread;
		pthread_cond_t wake;
	} store;
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

static void *
held_safe_main(void *arg)
{
	struct held *h = arg;
	struct buf b;

	buf_init(&b, BUF_NOLIMIT);
	pthread_mutex_lock(&h->lock);
	for (;;) {
		size_t i;
		const char *html, *link;
		char *safe;

		if (h->safe.next == h->n) {
			h->safe.waiting = 1;
			while (!h->safe.stop && h->n - h->safe.next < HELD_RUN &&
			    !(h->room_waiting && h->safe.next < h->n))
				pthread_cond_wait(&h->safe.wake, &h->lock);
			h->safe.waiting = 0;
		}
		if (h->safe.stop)
			break;
		i = h->safe.next++;
		/* The strings stay where they are until the post is stored,
		 * which waits for safe.done; only v may move meanwhile. */
		html = h->v[i].it.content_html;
		link = h->v[i].it.permalink;
		pthread_mutex_unlock(&h->lock);
		safe = NULL;
		if (html && store_html_safe(&b, html, link) != NULL)
			safe = xstrdup(b.data);
		pthread_mutex_lock(&h->lock);
		h->v[i].it.safe_html = safe;
		h->v[i].it.has_safe_html = 1;
		h->v[i].bytes += safe ? strlen(safe) + 1 : 0;
		h->bytes += safe ? strlen(safe) + 1 : 0;
		h->safe.done = i + 1;
		if (h->store.waiting)
			pthread_cond_signal(&h->store.wake);
	}
	pthread_mutex_unlock(&h->lock);
	buf_release(&b);
	return NULL;
}

/* Start the thread; without it (it could not start) the store makes all. */
static void
held_safe_start(struct held *h)
{
	feed_xml_init(); /* the thread's sanitizer and the parse both use libxml2 */
	pthread_cond_init(&h->safe.wake, NULL);
	h->safe.on = pthread_create(&h->safe.thread, NULL, held_safe_main, h) == 0;
	if (!h->safe.on)
		pthread_cond_destroy(&h->safe.wake);
}

/* Once the parse ends: the post at hand is finished, the rest left to the store. */
static void
held_safe_stop(struct held *h)
{
	if (!h->safe.on)
		return;
	pthread_mutex_lock(&h->lock);
	h->safe.stop = 1;
	pthread_cond_signal(&h->safe.wake);
	pthread_mutex_unlock(&h->lock);
	pthread_join(h->safe.thread, NULL);
	pthread_cond_destroy(&h->safe.wake);
	pthread_mutex_lock(&h->lock);
	h->safe.on = 0; /* the store may sanitize now */
	pthread_cond_signal(&h->store.wake);
	pthread_mutex_unlock(&h->lock);
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

/*
 * Under lock, once the store took v[store.next++]: the taken slots are
 * dropped from v's front once they are half of it, so v stays as small
 * as what is held. Not while the safe-HTML thread works on a post: it
 * holds its index.
 */
static void
held_compact(struct held *h)
{
	size_t k = ++h->store.next;

	if (k == h->n) {
		h->n = h->store.next = h->safe.next = h->safe.done = 0;
		return;
	}
	if (k < HELD_RUN || k < h->n / 2 || (h->safe.on && h->safe.next != h->safe.done))
		return;
	memmove(h->v, h->v + k, (h->n - k) * sizeof *h->v);
	h->n -= k;
	/* While the thread runs, it is past every post the store took. */
	h->safe.next = h->safe.on ? h->safe.next - k : 0;
	h->safe.done = h->safe.on ? h->safe.done - k : 0;
	h->store.next = 0;
}

/*
 * The storing: once told to go (or the parse ended), begin the
 * transaction and store the held posts in order as they come. On failure
 * store.failed and store.err say why; the caller rolls back.
 */
static void *
held_store_main(void *arg)
{
	struct held *h = arg;
	struct err e;
	struct held_post post, *hp;
	int64_t stored = 0;
	int rc, running = 0;

	err_clear(&e);
	pthread_mutex_lock(&h->lock);
	while (!h->store.go && !h->store.parse_done)
		pthread_cond_wait(&h->store.wake, &h->lock);
	if (h->store.abort) {
		pthread_mutex_unlock(&h->lock);
		return NULL;
	}
	pthread_mutex_unlock(&h->lock);
	if (store_begin(h->r->s, &e) == -1)
		goto fail;
	if (keep_init(&h->store.keep, h->r->s, h->r->p, h->source_id, NULL, 0, &e) == -1)
		goto fail;
	h->store.keep.now = h->now;
	for (;;) {
		enum feed_format format;
		size_t bytes;

		pthread_mutex_lock(&h->lock);
		/* The posts wait for their safe HTML while that thread runs; the
		 * thread is woken for a run of them, unless the parse has ended
		 * or waits for room. */
		for (hp = NULL; !h->store.abort; running = 0) {
			size_t ready = h->safe.on ? h->safe.done : h->n;

			if (h->store.next < ready &&
			    (running || ready - h->store.next >= HELD_RUN || h->store.parse_done ||
			        h->room_waiting)) {
				hp = &h->v[h->store.next];
				break;
			}
			if (h->store.parse_done && !h->safe.on && h->store.next == h->n)
				break;
			h->store.waiting = 1;
			pthread_cond_wait(&h->store.wake, &h->lock);
			h->store.waiting = 0;
		}
		if (hp == NULL) {
			pthread_mutex_unlock(&h->lock);
			return NULL;
		}
		running = 1;
		post = *hp;
		memset(hp, 0, sizeof *hp);
		held_compact(h);
		format = h->format;
		pthread_mutex_unlock(&h->lock);
		h->store.keep.format = format != FEED_UNKNOWN ? feed_format_name(format) : NULL;
		rc = keep_store_tags(&h->store.keep, &post.it, post.tags, post.ntags, &e);
		bytes = post.bytes;
		held_post_release(&post);
		test_hook("collect-stored");
		if (rc == -1 ||
		    (++stored % HELD_INDEX_RUN == 0 && keep_end(&h->store.keep, &e) == -1))
			goto fail;
		pthread_mutex_lock(&h->lock);
		h->bytes -= bytes;
		if (h->room_waiting && h->bytes <= h->max / 2)
			pthread_cond_signal(&h->room);
		pthread_mutex_unlock(&h->lock);
	}
fail:
	pthread_mutex_lock(&h->lock);
	h->store.failed = 1;
	h->store.err = e;
	pthread_cond_signal(&h->room);
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

static void
held_store_start(struct held *h)
{
	pthread_cond_init(&h->store.wake, NULL);
	h->store.on = pthread_create(&h->store.thread, NULL, held_store_main, h) == 0;
}

/* The parse ended (ok 0: it failed): store the rest, or stop. */
static void
held_store_finish(struct held *h, int ok)
{
	pthread_mutex_lock(&h->lock);
	h->store.parse_done = 1;
	h->store.abort = !ok;
	pthread_cond_signal(&h->store.wake);
	pthread_mutex_unlock(&h->lock);
	if (h->store.on)
		pthread_join(h->store.thread, NULL);
	else if (ok)
		held_store_main(h); /* no thread: here, now */
	h->store.on = 0;
	pthread_cond_destroy(&h->store.wake);
}

/*
 * Under lock: whether the storing should begin. The posts the feed will
 * keep are estimated from those kept so far, and the rest of the parse
 * from how far it is in the file: the storing begins once storing them
 * all would take about as long as what is left to parse.
 */
static int
held_store_due(struct held *h)
{
	off_t at;

	if (h->size < COLLECT_OVERLAP_MIN || h->total % HELD_RUN != 0 ||
	    (at = lseek(h->fd, 0, SEEK_CUR)) == (off_t)-1 || (at -= h->start) <= 0 ||
	    at < COLLECT_OVERLAP_MIN / 4)
		return 0;
	return (double)(h->size - at) <=
	    (double)h->total * (double)h->size / (double)at * STORE_POST_PARSE_BYTES;
}

/* A kept post, taken from the parser (feed_options.take). */
static int
held_item(void *arg, struct incoming_post *it, struct err *e)
{
	struct held *h = arg;
	const struct hashtag_list *tags = &h->filter.tags; /* held_filter's, for it */
	struct held_post post;
	size_t max = h->max;
	int rc = 0;

	memset(&post, 0, sizeof post);
	post.it = *it;
	memset(it, 0, sizeof *it);
	post.bytes = incoming_post_bytes(&post.it);
	post.ntags = tags->n;
	post.tags = xcalloc(tags->n + 1, sizeof *post.tags);
	for (size_t i = 0; i < tags->n; i++) {
		post.tags[i] = xstrdup(tags->v[i]);
		post.bytes += strlen(tags->v[i]) + 1 + sizeof *post.tags;
	}
	test_hook("collect-parsing"); /* before the storing begins, no transaction is open */
	pthread_mutex_lock(&h->lock);
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 64;
		h->v = xreallocarray(h->v, h->cap, sizeof *h->v);
	}
	h->v[h->n++] = post;
	h->bytes += post.bytes;
	h->total++;
	h->format = h->info->format;
	if (h->safe.on && h->safe.waiting && h->n - h->safe.next >= HELD_RUN)
		pthread_cond_signal(&h->safe.wake);
	if (!h->store.go && (h->bytes > max || held_store_due(h))) {
		h->store.go = 1;
		pthread_cond_signal(&h->store.wake);
	} else if (h->store.waiting && h->n - h->store.next >= HELD_RUN) {
		pthread_cond_signal(&h->store.wake);
	}
	if (h->bytes > max && h->store.on && !h->store.failed) {
		/* Wait for the storing to catch up; the other threads take what
		 * is held without waiting for a whole run. */
		h->room_waiting = 1;
		pthread_cond_signal(&h->safe.wake);
		pthread_cond_signal(&h->store.wake);
		while (h->bytes > max / 2 && !h->store.failed)
			pthread_cond_wait(&h->room, &h->lock);
		h->room_waiting = 0;
	}
	if (h->store.failed)
		rc = err_set(e, h->store.err.code, "%s", h->store.err.msg);
	else if (h->bytes > max && !h->store.on)
		rc = err_set(e, ERR_FAIL, "more kept posts than are held in memory");
	pthread_mutex_unlock(&h->lock);
	return rc;
}

static void
held_release(struct held *h)
{
	for (size_t i = h->store.next; i < h->n; i++)
		held_post_release(&h->v[i]);
	free(h->v);
	keep_release(&h->filter);
	keep_release(&h->store.keep);
}

/*
 * Parse the body in fd and store it, in one transaction (see struct
 * held). On failure rep->err says why and nothing of the feed is stored.
 */
static void
source_store(struct run *r, struct collect_report *rep, int fd, const char *base,
    const char *charset, struct fetch_record *f)
{
	struct feed_options opt = {.base_url = base,
	    .http_charset = charset,
	    .keep = held_filter,
	    .reject = held_reject,
	    .take = held_item};
	struct feed_info info;
	struct held h;
	struct stat st;
	struct err e;
	int parsed = 0;

	memset(&info, 0, sizeof info);
	memset(&h, 0, sizeof h);
	err_clear(&e);
	h.r = r;
	h.source_id = rep->source_id;
	h.now = f->started_at;
	h.fd = fd;
	h.start = lseek(fd, 0, SEEK_CUR);
	if (h.start != (off_t)-1 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > h.start)
		h.size = st.st_size - h.start;
	h.format = FEED_UNKNOWN;
	h.max = test_hook_held_max(COLLECT_HELD_MAX);
	h.info = &info;
	if (keep_init(&h.filter, r->s, r->p, rep->source_id, NULL, 0, &e) == -1) {
		keep_release(&h.filter);
		goto fail_early;
	}
	h.filter.now = f->started_at;
	pthread_mutex_init(&h.lock, NULL);
	pthread_cond_init(&h.room, NULL);
	held_safe_start(&h);
	held_store_start(&h);
	parsed = feed_parse_fd(fd, &opt, NULL, &h, &info, &e) == 0;
	held_safe_stop(&h);
	held_store_finish(&h, parsed);
	pthread_cond_destroy(&h.room);
	pthread_mutex_destroy(&h.lock);
	if (h.store.failed) { /* the parse was stopped with its words */
		e = h.store.err;
		parsed = 0;
	}
	if (!parsed)
		goto fail;
	/* The counts of what was seen are the parse's, of what was stored
	 * the store's. */
	h.filter.n.new_ = h.store.keep.n.new_;
	h.filter.n.updated = h.store.keep.n.updated;
	h.filter.n.enriched = h.store.keep.n.enriched;
	rep->format = info.format != FEED_UNKNOWN ? feed_format_name(info.format) : NULL;
	rep->recovered = info.recovered;
	collect_report_counts(rep, &h.filter.n, 1);
	f->finished_at = time_now();
	f->format = rep->format;
	f->title = info.title;
	f->seen = rep->seen;
	f->new_ = rep->new_;
	f->updated = rep->updated + rep->enriched; /* every post a reader sees changed */
	if (keep_end(&h.store.keep, &e) == -1 ||
	    store_source_fetched(r->s, rep->source_id, rep->url, f, &e) == -1 ||
	    store_commit(r->s, &e) == -1)
		goto fail;
	rep->ok = 1;
	held_release(&h);
	feed_info_release(&info);
	return;
fail:
	store_rollback(r->s);
	collect_report_counts(rep, &h.filter.n, 0);
	held_release(&h);
fail_early:
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

/*
 * Store what was fetched for a source, before (and whatever) its posts: a
 * post is never kept without the exchange that brought it. When that
 * fails, the source fails too (the exchanges stay in the log, for the next
 * flush): storing its posts, and its validators, would lose the exchange
 * for good, as a later collect may get only a 304.
 */
static int
record(struct http_run *hr, struct collect_report *rep)
{
	struct err e;

	if (hr->log && capture_log_flush(hr->log, &e) == -1) {
		err_set(&rep->err, e.code, "its HTTP exchanges could not be recorded: %s", e.msg);
		return -1;
	}
	return 0;
}

static void
on_fetched(void *arg, size_t index, const struct http_response *h)
{
	struct http_run *hr = arg;
	struct run *r = hr->r;
	size_t i = hr->which[index];
	struct collect_report *rep = &r->rep[i];
	struct fetch_record f;

	memset(&f, 0, sizeof f);
	f.started_at = r->started;
	f.http_status = h->status;
	f.bytes = h->bytes;
	rep->http_status = h->status;
	rep->first_local = h->first_local;
	if (record(hr, rep) == -1) {
		f.finished_at = time_now();
		log_failure(r, rep, &f);
	} else if (!h->ok) {
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

		capture_log_flush(
		    hr.log, &ce); /* what a failed flush left, if the file takes it now */
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
