/* redact.c - unit tests: credentials and secret parameters out of URLs, local paths. */
#include <stdlib.h>

#include "redact.h"
#include "unit.h"

static void
check(const char *in, const char *want, const char *name)
{
	char *got = redact_url(in);

	CHECK_STR(got, want, "%s", name);
	free(got);
}

static void
test_urls(void)
{
	check("https://social.example/tags/x.rss", "https://social.example/tags/x.rss",
	    "a plain URL is unchanged");
	check("https://user:pa%40ss@host.example:8080/feed?a=1",
	    "https://host.example:8080/feed?a=1", "user:password@ is removed");
	check("https://us@er:p@ss@host.example/f", "https://host.example/f",
	    "the last @ ends the userinfo");
	check("http://h.example/f?token=abc&x=1&Access_Token=s3&api_key=k&KEY=v&password=p&sig=1"
	      "&signature=2#frag",
	    "http://h.example/f?token=REDACTED&x=1&Access_Token=REDACTED&api_key=REDACTED"
	    "&KEY=REDACTED&password=REDACTED&sig=REDACTED&signature=REDACTED#frag",
	    "every secret parameter, case-insensitively");
	check("http://h.example/f?%74oken=abc&monkey=1&tokens=2",
	    "http://h.example/f?%74oken=REDACTED&monkey=1&tokens=2",
	    "percent-encoded names are secret too; look-alikes are not");
	check("http://h.example/f?token", "http://h.example/f?token", "a name without a value");
	check("http://h.example/f#token=1", "http://h.example/f#token=1",
	    "a fragment is not a query");
	check("http://u:p@h.example", "http://h.example", "no path");
	check("/home/me/feeds/a.xml", "/home/me/feeds/a.xml", "a local path is no URL");
	check("not a url at all", "not a url at all", "anything else passes");
}

static void
test_published(void)
{
	char *s = redact_published("/home/me/secret-dir/feed.xml");

	CHECK_STR(s, "feed.xml", "a local source publishes its file name");
	free(s);
	s = redact_published("https://u:p@h.example/f?key=1");
	CHECK_STR(s, "https://h.example/f?key=REDACTED", "a URL is redacted");
	free(s);
	CHECK(redact_published(NULL) == NULL, "NULL stays NULL");
}

static void
test_heads_and_bodies(void)
{
	static const char *const keys[] = {"password", "accessJwt", NULL};
	static const char json[] =
	    "{\"identifier\": \"me\", \"password\" : \"pw\\\"x\", \"n\": {\"accessJwt\":\"t.k\"},"
	    " \"password\": 5, \"k\": \"password\", \"accessJwt\": \"\", \"x\": \"y\"}";
	struct buf b;

	buf_init(&b, BUF_NOLIMIT);
	redact_header_line(&b, "Authorization: Bearer abc\r\n", 27);
	CHECK_STR(b.data, "Authorization: REDACTED\r\n", "Authorization's value goes");
	buf_reset(&b);
	redact_header_line(&b, "set-cookie: s=1; HttpOnly", 25);
	CHECK_STR(b.data, "set-cookie: REDACTED", "Set-Cookie too, any case");
	buf_reset(&b);
	redact_header_line(&b, "Cookies-Are: fine\r\n", 19);
	CHECK_STR(b.data, "Cookies-Are: fine\r\n", "other headers stay");
	buf_reset(&b);
	/* A redirect's target carries the secrets of the next hop's URL. */
	{
		static const char *const urlheads[][2] = {
		    {"Location: /feed.rss?token=T&password=P\r\n",
		        "Location: /feed.rss?token=REDACTED&password=REDACTED\r\n"},
		    {"location:https://u:pw@h.example/x?key=K#f\r\n",
		        "location:https://h.example/x?key=REDACTED#f\r\n"},
		    {"Content-Location: feed?sig=S", "Content-Location: feed?sig=REDACTED"},
		    {"Link: <https://m.example/api?max_id=9&access_token=A>; rel=\"next\", "
		     "</p?api_key=B>; rel=\"prev\"\r\n",
		        "Link: <https://m.example/api?max_id=9&access_token=REDACTED>; rel=\"next\", "
		        "</p?api_key=REDACTED>; rel=\"prev\"\r\n"},
		    {"Link: <broken\r\n", "Link: <broken\r\n"},
		    {"Location: https://h.example/plain\r\n",
		        "Location: https://h.example/plain\r\n"},
		    {"Locations: /x?token=T\r\n", "Locations: /x?token=T\r\n"},
		};

		for (size_t i = 0; i < ARRAY_LEN(urlheads); i++) {
			buf_reset(&b);
			redact_header_line(&b, urlheads[i][0], strlen(urlheads[i][0]));
			CHECK_STR(b.data, urlheads[i][1], "a URL header: %s", urlheads[i][0]);
		}
	}
	buf_reset(&b);
	redact_target_buf(&b, "/api?access_token=x&q=1");
	CHECK_STR(b.data, "/api?access_token=REDACTED&q=1", "a request target");
	buf_reset(&b);
	redact_json_keys(&b, json, sizeof json - 1, keys);
	CHECK_STR(b.data,
	    "{\"identifier\": \"me\", \"password\" : \"REDACTED\", \"n\": {\"accessJwt\":\"REDACTED\"},"
	    " \"password\": 5, \"k\": \"password\", \"accessJwt\": \"REDACTED\", \"x\": \"y\"}",
	    "JSON secrets by key, nested, escaped quotes included; a key as a value stays");
	buf_release(&b);
}

int
main(void)
{
	test_urls();
	test_published();
	test_heads_and_bodies();
	UNIT_DONE();
}
