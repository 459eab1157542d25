/*
 * capture.c - collect's HTTP exchanges recorded into the project (include/capture.h).
 *
 * Bodies are kept once per content (their SHA-1): an unchanged feed fetched
 * every five minutes costs one body and a row of heads per fetch. A body
 * the project has already is not even compressed again.
 */
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "capture.h"
#include "digest.h"
#include "store_capture.h"

struct body {
	char sha1[33];
	int64_t size;
	int zstd; /* data is zstd-compressed */
	struct buf data;
};

struct rec {
	int64_t source_id, started_ms;
	char *url, *method, *request_head, *remote_ip, *response_head, *error;
	char request_body[33], response_body[33];
	int status, complete;
};

struct capture_log {
	struct store *s;
	struct rec *recs;
	size_t nrecs, caprecs;
	struct body *bodies;
	size_t nbodies, capbodies;
	ZSTD_CCtx *z; /* made once, for every body of the log */
	/* The first wrecs records and wbodies bodies are written into the
	 * caller's transaction, still open: held until capture_log_settle
	 * says whether it committed. */
	size_t wrecs, wbodies;
};

struct capture_log *
capture_log_new(struct store *s)
{
	struct capture_log *l = xcalloc(1, sizeof *l);

	l->s = s;
	return l;
}

static void
rec_release(struct rec *r)
{
	free(r->url);
	free(r->method);
	free(r->request_head);
	free(r->remote_ip);
	free(r->response_head);
	free(r->error);
}

/* Drop the first nrecs records and nbodies bodies (stored for good). */
static void
log_drop(struct capture_log *l, size_t nrecs, size_t nbodies)
{
	for (size_t i = 0; i < nrecs; i++)
		rec_release(&l->recs[i]);
	for (size_t i = 0; i < nbodies; i++)
		buf_release(&l->bodies[i].data);
	l->nrecs -= nrecs;
	l->nbodies -= nbodies;
	if (l->nrecs)
		memmove(l->recs, l->recs + nrecs, l->nrecs * sizeof *l->recs);
	if (l->nbodies)
		memmove(l->bodies, l->bodies + nbodies, l->nbodies * sizeof *l->bodies);
	l->wrecs = l->wbodies = 0;
}

void
capture_log_free(struct capture_log *l)
{
	if (l == NULL)
		return;
	log_drop(l, l->nrecs, l->nbodies);
	ZSTD_freeCCtx(l->z);
	free(l->recs);
	free(l->bodies);
	free(l);
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* 1 when the log or the project holds this body already. */
static int
body_known(struct capture_log *l, const char *sha1)
{
	struct err e;
	int known = 0;

	for (size_t i = 0; i < l->nbodies; i++)
		if (strcmp(l->bodies[i].sha1, sha1) == 0)
			return 1;
	/* Unknown on a read error: the body is kept again, harmlessly. */
	return store_capture_body_known(l->s, sha1, &known, &e) == 0 && known;
}

static struct body *
body_new(struct capture_log *l, const char *sha1, int64_t size)
{
	struct body *b;

	if (l->nbodies == l->capbodies) {
		l->capbodies = l->capbodies ? l->capbodies * 2 : 8;
		l->bodies = xreallocarray(l->bodies, l->capbodies, sizeof *l->bodies);
	}
	b = &l->bodies[l->nbodies++];
	memset(b, 0, sizeof *b);
	snprintf(b->sha1, sizeof b->sha1, "%s", sha1);
	b->size = size;
	buf_init(&b->data, BUF_NOLIMIT);
	return b;
}

/*
 * Compress from f (or p[0..n) when f is NULL) into b. zstd at level 1: the
 * body is compressed while collect waits (zlib took a third of a feed's
 * parse time), and feed text still shrinks to a tenth.
 */
static int
body_compress(ZSTD_CCtx *z, struct body *b, FILE *f, const char *p, size_t n)
{
	static char in[128 * 1024], out[128 * 1024];
	int last, rc = 0;

	ZSTD_CCtx_reset(z, ZSTD_reset_session_and_parameters);
	ZSTD_CCtx_setParameter(z, ZSTD_c_compressionLevel, 1);
	do {
		ZSTD_inBuffer ib;
		size_t left;

		if (f) {
			size_t got = fread(in, 1, sizeof in, f);

			if (ferror(f)) {
				rc = -1;
				break;
			}
			ib = (ZSTD_inBuffer){in, got, 0};
			last = feof(f) || got == 0;
		} else {
			ib = (ZSTD_inBuffer){p, n, 0};
			last = 1;
		}
		do {
			ZSTD_outBuffer ob = {out, sizeof out, 0};

			left =
			    ZSTD_compressStream2(z, &ob, &ib, last ? ZSTD_e_end : ZSTD_e_continue);
			if (ZSTD_isError(left)) {
				rc = -1;
				break;
			}
			buf_add(&b->data, out, ob.pos);
		} while (rc == 0 && (last ? left != 0 : ib.pos < ib.size));
	} while (rc == 0 && !last);
	if (rc == 0)
		b->zstd = 1;
	return rc;
}

/* Keep a body under sha1 unless it is known; from f, or p[0..n). */
static void
keep_body(struct capture_log *l, const char *sha1, int64_t size, FILE *f, const char *p, size_t n)
{
	struct body *b;

	if (body_known(l, sha1))
		return;
	b = body_new(l, sha1, size);
	if (l->z == NULL && (l->z = ZSTD_createCCtx()) == NULL)
		fatal("out of memory");
	if (body_compress(l->z, b, f, p, n) == 0 && (int64_t)b->data.len < size - size / 10)
		return;
	/* Compressing did not pay (already compressed data): keep it as is. */
	buf_reset(&b->data);
	b->zstd = 0;
	if (f) {
		char chunk[64 * 1024];
		size_t got;

		rewind(f);
		while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_add(&b->data, chunk, got);
	} else {
		buf_add(&b->data, p, n);
	}
}

void
capture_log_add(struct capture_log *l, int64_t source_id, const struct http_exchange *x)
{
	struct rec *r;

	if (l->nrecs == l->caprecs) {
		l->caprecs = l->caprecs ? l->caprecs * 2 : 8;
		l->recs = xreallocarray(l->recs, l->caprecs, sizeof *l->recs);
	}
	r = &l->recs[l->nrecs++];
	memset(r, 0, sizeof *r);
	r->source_id = source_id;
	r->started_ms = x->started_ms;
	r->url = xstrdup(x->url);
	r->method = xstrdup(x->method);
	r->request_head = xstrdup(x->request_head);
	r->remote_ip = dup_or_null(x->remote_ip && *x->remote_ip ? x->remote_ip : NULL);
	r->status = x->status;
	r->response_head = dup_or_null(x->response_head);
	r->complete = x->complete;
	r->error = dup_or_null(x->error);
	if (x->request_body) {
		digest_sha1_base32(x->request_body, x->request_body_len, r->request_body);
		keep_body(l, r->request_body, (int64_t)x->request_body_len, NULL, x->request_body,
		    x->request_body_len);
	}
	if ((x->body || x->body_data) && x->body_sha1[0]) {
		snprintf(r->response_body, sizeof r->response_body, "%s", x->body_sha1);
		keep_body(l, r->response_body, x->body_len, x->body, x->body_data,
		    x->body_data ? (size_t)x->body_len : 0);
	}
}

int
capture_log_flush(struct capture_log *l, struct err *e)
{
	int own = !store_in_transaction(l->s), rc = 0;

	/* Written into a transaction that ended unsettled: whether it
	 * committed is unknown, so writing again could keep them twice. */
	if (own && (l->wrecs || l->wbodies))
		fatal("capture log: flushed after a transaction it was not told the end of");
	if (l->nrecs == l->wrecs)
		return 0;
	if (own && store_begin(l->s, e) == -1)
		return -1;
	for (size_t i = l->wbodies; rc == 0 && i < l->nbodies; i++) {
		struct body *b = &l->bodies[i];

		rc = store_capture_body_add(l->s, b->sha1, b->size, b->zstd ? "zstd" : "none",
		    b->data.data, b->data.len, e);
	}
	for (size_t i = l->wrecs; rc == 0 && i < l->nrecs; i++) {
		struct rec *r = &l->recs[i];
		struct capture_row row = {
		    0,
		    r->source_id,
		    r->started_ms,
		    r->url,
		    r->method,
		    r->request_head,
		    r->request_body[0] ? r->request_body : NULL,
		    r->remote_ip,
		    r->status,
		    r->response_head,
		    r->response_body[0] ? r->response_body : NULL,
		    r->complete,
		    r->error,
		};

		rc = store_capture_add(l->s, &row, e);
	}
	if (own) {
		if (rc == 0)
			rc = store_commit(l->s, e);
		if (rc == -1)
			store_rollback(l->s); /* and everything stays held */
		else
			log_drop(l, l->nrecs, l->nbodies);
		return rc;
	}
	/* In the caller's transaction: held until it ends. On a failure what
	 * was written is the caller's to roll back, and everything stays held. */
	if (rc == 0) {
		l->wrecs = l->nrecs;
		l->wbodies = l->nbodies;
	}
	return rc;
}

void
capture_log_settle(struct capture_log *l, int committed)
{
	if (l == NULL)
		return;
	if (committed)
		log_drop(l, l->wrecs, l->wbodies);
	else
		l->wrecs = l->wbodies = 0; /* to write again, all of it */
}

int
capture_enabled(struct store *s, struct err *e)
{
	char *v = NULL;
	int on;

	if (store_setting_get(s, "archive.capture", &v, e) == -1)
		return -1;
	on = !str_eq(v, "off");
	free(v);
	return on;
}
