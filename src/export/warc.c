/*
 * warc.c - `export warc`: the project's HTTP exchanges as WARC/1.1 (include/warc.h).
 *
 * Records are built whole in memory (a block's digest and length come
 * before it), each written as its own gzip member for a .warc.gz, the
 * convention replay tools expect so they can seek to a record. Record ids
 * are name-based UUIDs from the project and the capture's id, so exporting
 * the same project twice gives the same records. The file is written to a
 * temporary name in its directory and renamed over FILE at the end: a
 * failed export leaves FILE as it was.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "datetime.h"
#include "digest.h"
#include "redact.h"
#include "store_capture.h"
#include "store_collect.h"
#include "store_import.h"
#include "store_render.h"
#include "warc.h"

#define WARC_PROFILE_NOT_MODIFIED "http://netpreserve.org/warc/1.1/revisit/server-not-modified"

struct writer {
	FILE *f;
	int gzip;
	const char *seed; /* makes record ids unique to the project */
	char warcinfo_id[64];
	struct buf head, block;
};

/* <urn:uuid:...> from a SHA-1 of seed and name (RFC 4122 version 5 layout). */
static void
record_id(const struct writer *w, const char *name, char out[64])
{
	unsigned char md[20];
	struct buf b;

	buf_init(&b, BUF_NOLIMIT);
	buf_printf(&b, "storied:%s:%s", w->seed, name);
	digest_sha1_raw(b.data, b.len, md);
	buf_release(&b);
	md[6] = (unsigned char)((md[6] & 0x0f) | 0x50);
	md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);
	snprintf(out, 64,
	    "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x>",
	    md[0], md[1], md[2], md[3], md[4], md[5], md[6], md[7], md[8], md[9], md[10], md[11],
	    md[12], md[13], md[14], md[15]);
}

/* WARC-Date: UTC, to the millisecond when there is one (WARC 1.1 allows it). */
static void
warc_date(int64_t ms, int with_ms, char out[40])
{
	char t[32];

	time_format_utc(ms / 1000, t, sizeof t); /* YYYY-MM-DDTHH:MM:SSZ */
	if (with_ms && strlen(t) == 20)
		snprintf(out, 40, "%.19s.%03dZ", t, (int)(ms % 1000));
	else
		snprintf(out, 40, "%s", t);
}

/* Write p[0..n) raw or as one gzip member. */
static int
emit(struct writer *w, const char *p, size_t n, struct err *e)
{
	unsigned char out[64 * 1024];
	z_stream z;
	int rc;

	if (!w->gzip) {
		if (fwrite(p, 1, n, w->f) != n)
			return err_set(e, ERR_FAIL, "writing: %s", strerror(errno));
		return 0;
	}
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		fatal("out of memory");
	z.next_in = (unsigned char *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	do {
		z.next_out = out;
		z.avail_out = sizeof out;
		rc = deflate(&z, Z_FINISH);
		if (fwrite(out, 1, sizeof out - z.avail_out, w->f) != sizeof out - z.avail_out) {
			deflateEnd(&z);
			return err_set(e, ERR_FAIL, "writing: %s", strerror(errno));
		}
	} while (rc == Z_OK);
	deflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : err_set(e, ERR_FAIL, "compressing a record failed");
}

/*
 * One record: w->head holds its named fields (each "Name: value\r\n"),
 * w->block its block. Adds the block digest and length, then writes
 * "WARC/1.1", the fields, the block and the two CRLFs that end a record.
 */
static int
record(struct writer *w, struct err *e)
{
	char digest[33];
	struct buf r;
	int rc;

	digest_sha1_base32(w->block.data, w->block.len, digest);
	buf_init(&r, BUF_NOLIMIT);
	buf_adds(&r, "WARC/1.1\r\n");
	buf_add(&r, w->head.data, w->head.len);
	buf_printf(&r, "WARC-Block-Digest: sha1:%s\r\n", digest);
	buf_printf(&r, "Content-Length: %zu\r\n\r\n", w->block.len);
	buf_add(&r, w->block.data, w->block.len);
	buf_adds(&r, "\r\n\r\n");
	rc = emit(w, r.data, r.len, e);
	buf_release(&r);
	buf_reset(&w->head);
	buf_reset(&w->block);
	return rc;
}

/* A field value on one line: CR and LF (never expected) become spaces. */
static void
field(struct buf *b, const char *name, const char *value)
{
	buf_adds(b, name);
	buf_adds(b, ": ");
	for (const char *p = value; *p; p++)
		buf_addc(b, *p == '\r' || *p == '\n' ? ' ' : *p);
	buf_adds(b, "\r\n");
}

static int
warcinfo(struct writer *w, const char *id_name, const char *date, const char *filename,
    const char *fields, struct err *e)
{
	char id[64];

	record_id(w, id_name, id);
	field(&w->head, "WARC-Type", "warcinfo");
	field(&w->head, "WARC-Date", date);
	field(&w->head, "WARC-Record-ID", id);
	field(&w->head, "WARC-Filename", filename);
	field(&w->head, "Content-Type", "application/warc-fields");
	buf_adds(&w->block, fields);
	if (w->warcinfo_id[0] == '\0')
		snprintf(w->warcinfo_id, sizeof w->warcinfo_id, "%s", id);
	return record(w, e);
}

/* A stored body, decoded, appended to out. */
static int
body_get(struct store *s, const char *sha1, struct buf *out, struct err *e)
{
	char codec[8];
	int64_t size;
	struct buf stored;
	int rc = 0;

	buf_init(&stored, BUF_NOLIMIT);
	if (store_capture_body_get(s, sha1, codec, &size, &stored, e) == -1) {
		buf_release(&stored);
		return -1;
	}
	if (strcmp(codec, "zstd") == 0) {
		char *plain = xmalloc(size > 0 ? (size_t)size : 1);
		size_t n = ZSTD_decompress(plain, (size_t)size, stored.data, stored.len);

		if (ZSTD_isError(n) || (int64_t)n != size)
			rc = err_set(e, ERR_FAIL, "the captured body %s is damaged", sha1);
		else
			buf_add(out, plain, n);
		free(plain);
	} else {
		buf_add(out, stored.data, stored.len);
	}
	buf_release(&stored);
	return rc;
}

static const char *
truncated_reason(const char *error)
{
	if (error == NULL)
		return "unspecified";
	if (strstr(error, "too large"))
		return "length";
	if (strstr(error, "timeout"))
		return "time";
	return "unspecified";
}

/*
 * 1 with e filled when a body's bytes do not hash to the digest it was
 * stored under: a WARC made from them would carry the damage under a
 * digest of its own, and look whole.
 */
static int
body_damaged(const struct capture_row *c, const char *which, const char *stored, const char *digest,
    struct err *e)
{
	if (stored == NULL || strcmp(stored, digest) == 0)
		return 0;
	err_set(e, ERR_FAIL,
	    "capture %lld (%s): the %s body is damaged: its bytes hash to sha1:%s, not the"
	    " sha1:%s it was recorded with (storied verify lists what is damaged)",
	    (long long)c->id, c->url, which, digest, stored);
	return 1;
}

/* The request and response (or revisit) records of one exchange. */
static int
exchange(struct writer *w, struct store *s, const struct capture_row *c, struct warc_report *rep,
    struct err *e)
{
	char req_id[64], resp_id[64], name[64], date[40], digest[33];
	size_t head_len;

	snprintf(name, sizeof name, "capture:%lld:request", (long long)c->id);
	record_id(w, name, req_id);
	snprintf(name, sizeof name, "capture:%lld:response", (long long)c->id);
	record_id(w, name, resp_id);
	warc_date(c->started_ms, 1, date);

	if (c->status) {
		int revisit = c->status == 304;

		field(&w->head, "WARC-Type", revisit ? "revisit" : "response");
		field(&w->head, "WARC-Record-ID", resp_id);
		field(&w->head, "WARC-Warcinfo-ID", w->warcinfo_id);
		field(&w->head, "WARC-Target-URI", c->url);
		field(&w->head, "WARC-Date", date);
		if (c->remote_ip)
			field(&w->head, "WARC-IP-Address", c->remote_ip);
		if (revisit)
			field(&w->head, "WARC-Profile", WARC_PROFILE_NOT_MODIFIED);
		field(&w->head, "Content-Type", "application/http;msgtype=response");
		buf_adds(&w->block, c->response_head ? c->response_head : "");
		head_len = w->block.len;
		if (!revisit && c->response_body &&
		    body_get(s, c->response_body, &w->block, e) == -1)
			return err_prefix(e, "capture %lld (%s): ", (long long)c->id, c->url);
		if (!revisit) {
			/* The payload digest is the body's own: recomputed, not trusted,
			 * and checked against the one it was stored under. */
			digest_sha1_base32(
			    w->block.data + head_len, w->block.len - head_len, digest);
			if (body_damaged(c, "response", c->response_body, digest, e))
				return -1;
			buf_printf(&w->head, "WARC-Payload-Digest: sha1:%s\r\n", digest);
		}
		if (!c->complete) {
			field(&w->head, "WARC-Truncated", truncated_reason(c->error));
			rep->truncated++;
		}
		if (revisit)
			rep->revisits++;
		if (record(w, e) == -1)
			return -1;
	}

	field(&w->head, "WARC-Type", "request");
	field(&w->head, "WARC-Record-ID", req_id);
	field(&w->head, "WARC-Warcinfo-ID", w->warcinfo_id);
	if (c->status)
		field(&w->head, "WARC-Concurrent-To", resp_id);
	field(&w->head, "WARC-Target-URI", c->url);
	field(&w->head, "WARC-Date", date);
	if (c->remote_ip)
		field(&w->head, "WARC-IP-Address", c->remote_ip);
	field(&w->head, "Content-Type", "application/http;msgtype=request");
	buf_adds(&w->block, c->request_head);
	head_len = w->block.len;
	if (c->request_body && body_get(s, c->request_body, &w->block, e) == -1)
		return err_prefix(e, "capture %lld (%s): ", (long long)c->id, c->url);
	digest_sha1_base32(w->block.data + head_len, w->block.len - head_len, digest);
	if (body_damaged(c, "request", c->request_body, digest, e))
		return -1;
	buf_printf(&w->head, "WARC-Payload-Digest: sha1:%s\r\n", digest);
	if (!c->complete && !c->status) {
		/* No response came: the request is all there is; say why. */
		field(&w->head, "WARC-Truncated", truncated_reason(c->error));
		rep->truncated++;
	}
	rep->exchanges++;
	return record(w, e);
}

static const char *
item_type(const char *format)
{
	if (format == NULL)
		return "application/octet-stream";
	if (strcmp(format, "jsonfeed") == 0 || strcmp(format, "mastodon") == 0 ||
	    strcmp(format, "bluesky") == 0 || strcmp(format, "twarc") == 0 ||
	    strcmp(format, "json") == 0)
		return "application/json";
	return "application/xml";
}

/* A project with no captures: each post's original item, under its permalink. */
static int
items(struct writer *w, struct store *s, const struct warc_options *o, struct warc_report *rep,
    struct err *e)
{
	struct item_cursor *c;
	struct item_row it;
	int rc;

	if (store_items_open(
	        s, o->since_ms / 1000, (o->until_ms + 999) / 1000, o->source_id, &c, e) == -1)
		return -1;
	while ((rc = store_items_next(c, &it, e)) == 1) {
		char id[64], name[48], date[40], digest[33];

		snprintf(name, sizeof name, "post:%lld:item", (long long)it.id);
		record_id(w, name, id);
		warc_date(it.fetched_at * 1000, 0, date);
		field(&w->head, "WARC-Type", "resource");
		field(&w->head, "WARC-Record-ID", id);
		field(&w->head, "WARC-Warcinfo-ID", w->warcinfo_id);
		field(&w->head, "WARC-Target-URI", it.uri);
		field(&w->head, "WARC-Date", date);
		field(&w->head, "Content-Type", item_type(it.raw_format));
		buf_add(&w->block, it.raw, it.raw_len);
		digest_sha1_base32(it.raw, it.raw_len, digest);
		buf_printf(&w->head, "WARC-Payload-Digest: sha1:%s\r\n", digest);
		if (record(w, e) == -1) {
			rc = -1;
			break;
		}
		rep->items++;
	}
	store_items_close(c);
	return rc;
}

/* Imported files: a warcinfo of their own, then a resource record for each. */
static int
imports(struct writer *w, struct store *s, const struct source *src, size_t n, const char *date,
    const char *filename, struct warc_report *rep, struct err *e)
{
	char saved[64];
	size_t k = 0;
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		k += str_eq(src[i].kind, "import");
	if (k == 0)
		return 0;
	(void)s;
	snprintf(saved, sizeof saved, "%s", w->warcinfo_id);
	w->warcinfo_id[0] = '\0';
	if (warcinfo(w, "warcinfo:imports", date, filename,
	        "software: " STORIED_NAME "/" STORIED_VERSION "\r\n"
	        "format: WARC File Format 1.1\r\n"
	        "description: files imported into the project (storied import). They are not HTTP "
	        "exchanges: each is a resource record naming the file and its digest.\r\n",
	        e) == -1)
		return -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct source *x = &src[i];
		char id[64], name[48], when[40], digest[33], *file;
		json_t *o, *opts;
		char *text;

		if (!str_eq(x->kind, "import"))
			continue;
		file = redact_published(x->url);
		snprintf(name, sizeof name, "import:%lld", (long long)x->id);
		record_id(w, name, id);
		warc_date(x->added_at * 1000, 0, when);
		opts = NULL;
		{
			char *kind = NULL, *options = NULL, *cursor = NULL;

			if (store_source_api(s, x->id, &kind, &options, &cursor, e) == 0 && options)
				opts = json_loads(options, 0, NULL);
			free(kind);
			free(options);
			free(cursor);
		}
		o = json_object();
		json_object_set_new(o, "file", json_string(file));
		json_object_set(o, "format", json_object_get(opts, "format"));
		if (json_object_get(opts, "sha1"))
			json_object_set(o, "sha1", json_object_get(opts, "sha1"));
		else
			json_object_set_new(o, "sha1", json_null());
		json_object_set(o, "bytes", json_object_get(opts, "bytes"));
		if (json_object_get(o, "format") == NULL)
			json_object_set_new(o, "format", json_null());
		if (json_object_get(o, "bytes") == NULL)
			json_object_set_new(o, "bytes", json_null());
		text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(o);
		json_decref(opts);
		field(&w->head, "WARC-Type", "resource");
		field(&w->head, "WARC-Record-ID", id);
		field(&w->head, "WARC-Warcinfo-ID", w->warcinfo_id);
		{
			struct buf uri;

			buf_init(&uri, BUF_NOLIMIT);
			buf_adds(&uri, "urn:storied:import:");
			for (const char *p = file; *p; p++)
				if ((unsigned char)*p > 0x20 && *p != '%' &&
				    (unsigned char)*p < 0x7f)
					buf_addc(&uri, *p);
				else
					buf_printf(&uri, "%%%02X", (unsigned char)*p);
			field(&w->head, "WARC-Target-URI", uri.data);
			buf_release(&uri);
		}
		field(&w->head, "WARC-Date", when);
		field(&w->head, "Content-Type", "application/json");
		buf_adds(&w->block, text);
		buf_adds(&w->block, "\n");
		digest_sha1_base32(w->block.data, w->block.len, digest);
		buf_printf(&w->head, "WARC-Payload-Digest: sha1:%s\r\n", digest);
		free(text);
		free(file);
		rc = record(w, e);
		rep->imports++;
	}
	snprintf(w->warcinfo_id, sizeof w->warcinfo_id, "%s", saved);
	return rc;
}

int
warc_export(struct store *s, const struct project *p, const struct warc_options *o,
    struct warc_report *rep, struct err *e)
{
	struct writer w;
	struct source *src = NULL;
	struct capture_cursor *cur = NULL;
	struct capture_row c;
	struct buf info, tmp;
	char date[40], *dir, *slash, *created = NULL;
	const char *filename;
	int64_t ncaptures = 0;
	int fd = -1, rc = -1, made = 0, reading = 0;
	size_t nsrc = 0;

	memset(rep, 0, sizeof *rep);
	memset(&w, 0, sizeof w);
	buf_init(&w.head, BUF_NOLIMIT);
	buf_init(&w.block, BUF_NOLIMIT);
	buf_init(&info, BUF_NOLIMIT);
	buf_init(&tmp, BUF_NOLIMIT);
	w.gzip = o->gzip;
	filename = (slash = strrchr(o->path, '/')) ? slash + 1 : o->path;

	/* One snapshot: a collect running meanwhile is not half in the file. */
	if (!store_in_transaction(s)) {
		if (store_read_begin(s, e) == -1)
			goto out;
		reading = 1;
	}
	if (store_setting_get(s, "created", &created, e) == -1 ||
	    store_source_list(s, &src, &nsrc, e) == -1 ||
	    store_captures_count(s, &ncaptures, e) == -1)
		goto out;
	w.seed = created ? created : "";

	/* Next to FILE, so the rename cannot cross file systems. */
	dir = xstrndup(o->path, slash ? (size_t)(slash - o->path) + 1 : 0);
	buf_printf(&tmp, "%s.%s.XXXXXX", dir, filename);
	free(dir);
	if ((fd = mkstemp(tmp.data)) == -1) {
		err_set(e, ERR_FAIL, "cannot write next to %s: %s", o->path, strerror(errno));
		goto out;
	}
	made = 1;
	if ((w.f = fdopen(fd, "wb")) == NULL) {
		err_set(e, ERR_FAIL, "cannot write next to %s: %s", o->path, strerror(errno));
		close(fd);
		goto out;
	}
	/* mkstemp makes it 0600; an export is a file to hand on. */
	fchmod(fd, 0644);

	warc_date(time_now() * 1000, 0, date);
	buf_printf(&info, "software: %s/%s\r\n", STORIED_NAME, STORIED_VERSION);
	buf_adds(&info, "format: WARC File Format 1.1\r\n");
	buf_adds(&info,
	    "conformsTo: "
	    "https://iipc.github.io/warc-specifications/specifications/warc-format/"
	    "warc-1.1/\r\n");
	buf_adds(&info, "title: ");
	for (const char *q = p->title; q && *q; q++)
		buf_addc(&info, *q == '\r' || *q == '\n' ? ' ' : *q);
	buf_adds(&info, "\r\n");
	buf_adds(&info,
	    ncaptures ? "description: every HTTP exchange storied's collect made for "
	                "this project (secrets replaced by REDACTED)\r\n"
	              : "description: this project has no captured HTTP exchanges (made "
	                "before storied kept them): each post's original item as a "
	                "resource record under its permalink\r\n");
	for (size_t i = 0; i < nsrc; i++) {
		char *shown;

		if (str_eq(src[i].kind, "import") || (o->source_id && src[i].id != o->source_id))
			continue;
		shown = redact_published(src[i].url);
		buf_printf(&info, "source: %lld %s\r\n", (long long)src[i].id, shown);
		free(shown);
	}
	if (warcinfo(&w, "warcinfo", date, filename, info.data, e) == -1)
		goto out;

	if (ncaptures) {
		if (store_captures_open(s, o->since_ms, o->until_ms, o->source_id, &cur, e) == -1)
			goto out;
		while ((rc = store_captures_next(cur, &c, e)) == 1)
			if (exchange(&w, s, &c, rep, e) == -1) {
				rc = -1;
				break;
			}
		if (rc == -1)
			goto out;
		rc = -1;
	} else if (items(&w, s, o, rep, e) == -1) {
		goto out;
	}
	if (o->source_id == 0 && imports(&w, s, src, nsrc, date, filename, rep, e) == -1)
		goto out;
	if (fflush(w.f) != 0 || fsync(fileno(w.f)) != 0) {
		err_set(e, ERR_FAIL, "writing %s: %s", o->path, strerror(errno));
		goto out;
	}
	if (fclose(w.f) != 0) {
		w.f = NULL;
		err_set(e, ERR_FAIL, "writing %s: %s", o->path, strerror(errno));
		goto out;
	}
	w.f = NULL;
	if (rename(tmp.data, o->path) == -1) {
		err_set(e, ERR_FAIL, "cannot replace %s: %s", o->path, strerror(errno));
		goto out;
	}
	made = 0;
	rc = 0;
out:
	if (w.f)
		fclose(w.f);
	if (made)
		unlink(tmp.data);
	store_captures_close(cur);
	if (reading)
		store_rollback(s);
	store_sources_free(src, nsrc);
	free(created);
	buf_release(&w.head);
	buf_release(&w.block);
	buf_release(&info);
	buf_release(&tmp);
	return rc;
}
