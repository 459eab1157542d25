/* url.c - unit tests: include/url.h's contract, on libcurl's URL API. */
#include <stdlib.h>

#include "unit.h"
#include "url.h"
#include "util.h"

static void
test_check_http(void)
{
	struct err e;
	char *u = NULL;

	CHECK(url_check_http("HTTPS://Social.Example/tags/nosd26.rss", &u, &e) == 0,
	    "an https URL is a source");
	CHECK_STR(u, "https://social.example/tags/nosd26.rss", "scheme and host lower-cased");
	free(u);
	u = NULL;
	CHECK(url_check_http("http://X.example:8080/a?b=C", &u, &e) == 0, "a port and a query");
	CHECK_STR(u, "http://x.example:8080/a?b=C", "path and query keep their case");
	free(u);
	CHECK(url_check_http("ftp://x.example/f", &u, &e) == -1 && e.code == ERR_USAGE,
	    "ftp is no source");
	CHECK(strstr(e.msg, "only http:// and https://") != NULL, "and says so: %s", e.msg);
	CHECK(url_check_http("http://", &u, &e) == -1 && e.code == ERR_USAGE, "a URL needs a host");
	CHECK(url_check_http("not a url", &u, &e) == -1 && e.code == ERR_USAGE, "not a URL: %s",
	    e.msg);
}

static void
test_host_origin(void)
{
	struct {
		const char *url, *host, *origin;
	} cases[] = {
	    {"https://social.example/users/ingrid", "social.example", "https://social.example"},
	    {"HTTPS://Social.Example:8443/@x/1", "Social.Example:8443",
	        "https://Social.Example:8443"},
	    {"http://me:pw@social.example/x", "social.example", "http://social.example"},
	    {"http://[::1]:3000/x", "[::1]:3000", "http://[::1]:3000"},
	    {"https://social.example?q#f", "social.example", "https://social.example"},
	    {"https:///x", NULL, NULL},
	    {"https://", NULL, NULL},
	    {"ftp://social.example/x", NULL, NULL},
	    {"/users/ingrid", NULL, NULL},
	    {"", NULL, NULL},
	    {NULL, NULL, NULL},
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *h = url_host(cases[i].url), *o = url_origin(cases[i].url);

		CHECK_STR(h, cases[i].host, "host of %s", cases[i].url ? cases[i].url : "NULL");
		CHECK_STR(o, cases[i].origin, "origin of %s", cases[i].url ? cases[i].url : "NULL");
		free(h);
		free(o);
	}
}

static void
test_file_path(void)
{
	struct {
		const char *url, *path;
	} cases[] = {
	    {"file:///tmp/feed.xml", "/tmp/feed.xml"},
	    {"FILE:///tmp/a%20b%2Bc.xml", "/tmp/a b+c.xml"},
	    {"file://localhost/srv/x%C3%A9.xml", "/srv/x\xc3\xa9.xml"},
	    {"file://elsewhere/tmp/feed.xml", NULL},
	    {"file:///tmp/x%00y", NULL},
	    {"https://x.example/feed.xml", NULL},
	    {"/tmp/feed.xml", NULL},
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *p = url_file_path(cases[i].url);

		CHECK_STR(p, cases[i].path, "path of %s", cases[i].url);
		free(p);
	}
}

static void
test_encode_decode(void)
{
	struct buf b;
	char *s;

	buf_init(&b, BUF_NOLIMIT);
	url_encode(&b, "nosd 26/#\xc3\xa4~-._AZaz09+&=");
	CHECK_STR(b.data, "nosd%2026%2F%23%C3%A4~-._AZaz09%2B%26%3D",
	    "all but the unreserved characters encoded, upper-case hex");
	buf_release(&b);
	buf_init(&b, BUF_NOLIMIT);
	url_encode(&b, "");
	CHECK_STR(b.data, "", "nothing encodes to nothing");
	buf_release(&b);

	s = url_decode("caf%C3%A9%2fx+y%zz%4", strlen("caf%C3%A9%2fx+y%zz%4"));
	CHECK_STR(s, "caf\xc3\xa9/x+y%zz%4", "escapes decoded, bad ones kept, '+' kept");
	free(s);
	s = url_decode("a%20bXXXX", 5);
	CHECK_STR(s, "a b", "only the n bytes given");
	free(s);
	s = url_decode("abc", 0);
	CHECK_STR(s, "", "n = 0 is the empty string");
	free(s);
	s = url_decode("a%00b", 5);
	CHECK_STR(s, "a", "a decoded NUL ends the result");
	free(s);
}

int
main(void)
{
	test_check_http();
	test_host_origin();
	test_file_path();
	test_encode_decode();
	UNIT_DONE();
}
