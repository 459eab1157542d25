/* capture.c - unit tests: the recorder of HTTP exchanges never loses one when a flush fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "digest.h"
#include "store/internal.h"
#include "store_capture.h"
#include "unit.h"

/* A write to captures fails while this trigger is there, as on a full disk. */
static const char failing[] = "CREATE TEMP TRIGGER full BEFORE INSERT ON main.captures"
                              " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;";

static void
add(struct capture_log *l, const char *url, const char *body)
{
	struct http_exchange x;

	memset(&x, 0, sizeof x);
	x.started_ms = 1773446400000;
	x.url = url;
	x.method = "GET";
	x.request_head = "GET / HTTP/1.1\r\n\r\n";
	x.remote_ip = "127.0.0.1";
	x.status = 200;
	x.response_head = "HTTP/1.1 200 OK\r\n\r\n";
	x.body_data = body;
	x.body_len = (int64_t)strlen(body);
	digest_sha1_base32(body, strlen(body), x.body_sha1);
	x.complete = 1;
	capture_log_add(l, 0, &x);
}

static int64_t
ncaptures(struct store *s)
{
	struct err e;
	int64_t n = -1;

	if (store_captures_count(s, &n, &e) == -1)
		printf("# %s\n", e.msg);
	return n;
}

/* How many captures have their response body stored. */
static int64_t
nbodies(struct store *s)
{
	struct capture_cursor *c;
	struct capture_row r;
	struct err e;
	int64_t n = 0;

	if (store_captures_open(s, 0, 0, 0, &c, &e) == -1)
		return -1;
	while (store_captures_next(c, &r, &e) == 1) {
		char codec[8];
		int64_t size;
		struct buf b;

		buf_init(&b, BUF_NOLIMIT);
		n += r.response_body &&
		    store_capture_body_get(s, r.response_body, codec, &size, &b, &e) == 0;
		buf_release(&b);
	}
	store_captures_close(c);
	return n;
}

int
main(void)
{
	char path[] = "/tmp/storied-capture-XXXXXX";
	struct store *s;
	struct capture_log *l;
	struct err e;
	int fd = mkstemp(path);

	close(fd);
	unlink(path);
	if (store_create(path, &s, &e) == -1) {
		printf("not ok - store_create: %s\n", e.msg);
		return 1;
	}
	l = capture_log_new(s);

	/* A flush of its own that fails keeps what it held. */
	add(l, "http://a.example/1", "the first body");
	add(l, "http://a.example/2", "the second body");
	CHECK(store_exec(s, failing, &e) == 0, "writes to captures fail");
	CHECK(capture_log_flush(l, &e) == -1, "a flush that cannot write fails");
	CHECK(ncaptures(s) == 0, "and leaves nothing half-written");
	CHECK(store_exec(s, "DROP TRIGGER temp.full", &e) == 0, "room again");
	CHECK(capture_log_flush(l, &e) == 0, "the next flush works");
	CHECK(ncaptures(s) == 2, "and stores what the failed one held");
	CHECK(nbodies(s) == 2, "with their bodies");
	CHECK(capture_log_flush(l, &e) == 0 && ncaptures(s) == 2, "once");

	/* Inside the caller's transaction: held until it ends. */
	add(l, "http://a.example/3", "the first body");
	add(l, "http://a.example/4", "a new body");
	CHECK(store_begin(s, &e) == 0, "a transaction");
	CHECK(capture_log_flush(l, &e) == 0, "flushed into it");
	store_rollback(s);
	capture_log_settle(l, 0);
	CHECK(ncaptures(s) == 2, "rolled back: not stored");
	CHECK(store_exec(s, failing, &e) == 0, "writes to captures fail");
	CHECK(store_begin(s, &e) == 0, "another transaction");
	CHECK(capture_log_flush(l, &e) == -1, "a flush into it that cannot write fails");
	store_rollback(s);
	capture_log_settle(l, 0);
	CHECK(store_exec(s, "DROP TRIGGER temp.full", &e) == 0, "room again");
	CHECK(store_begin(s, &e) == 0, "a third transaction");
	CHECK(capture_log_flush(l, &e) == 0, "flushed into it");
	CHECK(store_commit(s, &e) == 0, "committed");
	capture_log_settle(l, 1);
	CHECK(ncaptures(s) == 4, "what the rolled back transactions held is stored");
	CHECK(nbodies(s) == 4, "with its bodies");
	CHECK(capture_log_flush(l, &e) == 0 && ncaptures(s) == 4, "once");

	capture_log_free(l);
	store_close(s);
	unlink(path);
	UNIT_DONE();
}
