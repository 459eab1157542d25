/* http.c - unit tests: which redirects are followed, URL checks, dates. */
#include <stdlib.h>

#include "http.h"
#include "unit.h"

static void
test_redirects(void)
{
	struct err e;

	CHECK(http_redirect_check("http://a.example/f", "https://b.example/f", 0, &e) == 0,
	    "http to https is followed");
	CHECK(http_redirect_check("https://a.example/f", "https://b.example/f", 4, &e) == 0,
	    "the fifth redirect is followed");
	CHECK(http_redirect_check("http://a.example/f", "http://a.example/g", 5, &e) == -1,
	    "a sixth is refused");
	CHECK_STR(e.msg, "too many redirects (more than 5)", "too many redirects: the message");
	CHECK(http_redirect_check("https://a.example/f", "http://a.example/f", 0, &e) == -1,
	    "https to http is refused");
	CHECK_STR(e.msg, "redirect to http://a.example/f refused (never from https to http)",
	    "https to http: the message");
	CHECK(http_redirect_check("HTTPS://a.example/f", "HTTP://a.example/f", 0, &e) == -1,
	    "schemes compare case-insensitively");
	CHECK(http_redirect_check("http://a.example/f", "file:///etc/passwd", 0, &e) == -1,
	    "file:// is refused");
	CHECK_STR(e.msg, "redirect to file:///etc/passwd refused (only http and https)",
	    "file://: the message");
	CHECK(http_redirect_check("http://a.example/f", "ftp://a.example/f", 0, &e) == -1,
	    "ftp:// is refused");
}

static void
test_user_agent(void)
{
	CHECK(str_startswith(http_user_agent(), "storied/" STORIED_VERSION " ("),
	    "the User-Agent names storied and its version");
}

static void
test_dates(void)
{
	int64_t t;

	CHECK(http_parse_date("Sun, 15 Mar 2026 16:45:12 GMT", &t) == 0 && t == 1773593112,
	    "an HTTP date");
	CHECK(http_parse_date("not a date", &t) == -1, "not a date");
}

int
main(void)
{
	test_redirects();
	test_user_agent();
	test_dates();
	UNIT_DONE();
}
