/* util.c - unit tests: buffer, UTF-8, escaping, dates and zones, hashtags. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "feed.h"
#include "hashtag.h"
#include "links.h"
#include "unit.h"
#include "util.h"

static void
test_buf(void)
{
	struct buf b;

	buf_init(&b, 8);
	CHECK(b.data[0] == '\0' && b.len == 0, "empty buffer is an empty string");
	CHECK(buf_adds(&b, "12345678") == 0 && b.len == 8, "append up to the maximum");
	CHECK(buf_addc(&b, 'x') == -1 && b.len == 8 && strcmp(b.data, "12345678") == 0,
	    "append past the maximum fails and leaves the buffer whole");
	buf_reset(&b);
	CHECK(buf_printf(&b, "%d-%s", 42, "a") == 0, "printf");
	CHECK_STR(b.data, "42-a", "printf result");
	buf_release(&b);
}

static void
test_utf8(void)
{
	struct buf b;

	CHECK(utf8_valid("h\xc3\xa9llo", 6), "valid two-byte sequence");
	CHECK(!utf8_valid("\xc0\xaf", 2), "overlong rejected");
	CHECK(!utf8_valid("\xed\xa0\x80", 3), "surrogate rejected");
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4), "above U+10FFFF rejected");
	CHECK(!utf8_valid("\xe2\x82", 2), "truncated rejected");
	buf_init(&b, BUF_NOLIMIT);
	utf8_sanitize(&b, "a\xffz\xe2\x82", 5);
	CHECK_STR(b.data, "a\xef\xbf\xbdz\xef\xbf\xbd\xef\xbf\xbd", "invalid bytes become U+FFFD");
	/* An invalid byte at every place of the eight-byte ASCII steps. */
	for (size_t k = 0; k < 20; k++) {
		char in[40], want[48];

		memset(in, 'a', k);
		memcpy(in + k,
		    "\xff\xc3\xa9"
		    "bbbbbbbbb",
		    12);
		memset(want, 'a', k);
		memcpy(want + k,
		    "\xef\xbf\xbd\xc3\xa9"
		    "bbbbbbbbb",
		    15);
		want[k + 15] = '\0';
		buf_reset(&b);
		utf8_sanitize(&b, in, k + 12);
		CHECK_STR(b.data, want, "an invalid byte after a run of ASCII becomes U+FFFD");
	}
	buf_reset(&b);
	utf8_append_cols(&b, "h\xc3\xa9llo world", 6);
	CHECK_STR(b.data, "h\xc3\xa9llo\xe2\x80\xa6", "cut to columns with an ellipsis");
	CHECK(utf8_width("\xe6\x97\xa5\xe6\x9c\xac") == 4, "wide characters count two columns");
	buf_release(&b);
}

static void
test_escape(void)
{
	struct buf b;

	buf_init(&b, BUF_NOLIMIT);
	esc_html_text(&b, "<a href=\"x\">&'");
	CHECK_STR(b.data, "&lt;a href=\"x\"&gt;&amp;'", "HTML text escaping");
	buf_reset(&b);
	esc_html_attr(&b, "\"'<>&");
	CHECK_STR(b.data, "&quot;&#39;&lt;&gt;&amp;", "HTML attribute escaping");
	buf_reset(&b);
	/* No "{{", "{%" or "{#" as written: Liquid and Hugo read them in pasted HTML. */
	esc_html_text(&b, "{{ site.title }} {% raw %} {# c #} {{< x >}} }");
	CHECK_STR(b.data,
	    "&#123;&#123; site.title }} &#123;% raw %} &#123;# c #} &#123;&#123;&lt; x &gt;}} }",
	    "HTML text escaping: '{' as a character reference");
	buf_reset(&b);
	esc_html_attr(&b, "{{%x%}}");
	CHECK_STR(b.data, "&#123;&#123;%x%}}", "HTML attribute escaping: '{' too");
	buf_reset(&b);
	esc_html_braces(&b, "<p title=\"{{a}}\">{%b%}</p>{", 27);
	CHECK_STR(b.data, "<p title=\"&#123;&#123;a}}\">&#123;%b%}</p>&#123;",
	    "HTML already escaped: only its '{'");
	buf_reset(&b);
	esc_markdown(&b, "# not a heading *or* <b>tag</b>");
	CHECK_STR(b.data, "\\# not a heading \\*or\\* \\<b>tag\\</b>", "Markdown escaping");
	buf_reset(&b);
	esc_markdown(
	    &b, "See social.example: #tag, 3.5 - ok\n1. not a list\n- nor this\n  {{< hugo >}}");
	CHECK_STR(b.data,
	    "See social.example: #tag, 3.5 - ok\n1\\. not a list\n\\- nor this\n"
	    "&#32;&#32;\\{\\{\\< hugo >\\}\\}",
	    "Markdown escaping: only what can open markup");
	buf_reset(&b);
	/* kramdown has no \& and no \U: a backslash there would show. */
	esc_markdown(&b, "L&D &copy; &#169; & ; C:\\Users \\* $$x$ : a\n: def");
	CHECK_STR(b.data, "L&D &amp;copy; &amp;#169; & ; C:\\Users \\\\\\* \\$$x$ : a\n\\: def",
	    "Markdown escaping: '&' and '\\' only where they would be read");
	buf_reset(&b);
	/* Bare URLs: autolinks, which no reader escapes in or cuts. */
	esc_markdown_opts(&b,
	    "https://ex.example/snake_case/x_y, (see https://ex.example/A_(b)_c). www.ex.example/w_x!",
	    ESC_MD_AUTOLINK);
	CHECK_STR(b.data,
	    "<https://ex.example/snake_case/x_y>, (see <https://ex.example/A_(b)_c>). "
	    "<http://www.ex.example/w_x>!",
	    "Markdown escaping: bare URLs as autolinks, sentence punctuation outside");
	buf_reset(&b);
	esc_markdown_opts(&b,
	    "a\\https://x.example/{{y}} xhttps://x.example <http://x.example/<a> http:// _",
	    ESC_MD_AUTOLINK);
	CHECK_STR(b.data,
	    "a\\\\<https://x.example/%7B%7By%7D%7D> xhttps://x.example \\<<http://x.example/>\\<a> "
	    "http:// \\_",
	    "Markdown escaping: autolinks after a backslash, braces encoded, none mid-word or empty");
	buf_reset(&b);
	esc_markdown_opts(&b, "keep <!--more--> here", ESC_MD_LT_ENTITY);
	CHECK_STR(b.data, "keep &lt;!--more--> here", "Markdown escaping for Hugo: '<' as &lt;");
	buf_reset(&b);
	/* A typographer's input, kept apart: the least that does it. */
	esc_markdown_opts(&b,
	    "--full ---x ----y a... b.... 'q' \"d\" don't a >> b >>> <<c e-learning -x x- a - b 3.5",
	    ESC_MD_TYPOGRAPHY);
	CHECK_STR(b.data,
	    "\\--full -\\--x -\\--\\-y a..\\. b..\\.. 'q' \"d\" don't a >\\> b >\\>> "
	    "\\<\\<c e-learning -x x- a - b 3.5",
	    "Markdown escaping for a typographer: dashes, dots, guillemets; quotes left to curl");
	buf_reset(&b);
	/* Text before counts ("a-" then "-b"); an escaped or doubled backslash does not. */
	esc_markdown_opts(&b, "a-", ESC_MD_TYPOGRAPHY);
	esc_markdown_opts(&b, "-b \\-- \\\\-- ..", ESC_MD_TYPOGRAPHY);
	esc_markdown_opts(&b, ".", ESC_MD_TYPOGRAPHY);
	CHECK_STR(b.data, "a-\\-b \\\\-\\- \\\\\\\\-\\- ..\\.",
	    "Markdown escaping for a typographer: across calls, after backslashes");
	buf_reset(&b);
	esc_markdown_opts(
	    &b, "--full 'q' https://x.example/a--b'c...", ESC_MD_TYPOGRAPHY | ESC_MD_AUTOLINK);
	CHECK_STR(b.data, "\\--full 'q' <https://x.example/a--b'c>..\\.",
	    "Markdown escaping for a typographer: not in an autolink");
	buf_reset(&b);
	esc_markdown(&b, "--full 'q'...");
	CHECK_STR(b.data, "\\--full 'q'...", "Markdown escaping: no typographer, no escape");
	buf_release(&b);
}

static void
test_dates(void)
{
	struct err e;
	int64_t t;
	char out[64];

	CHECK(when_parse("2026-02-01", "UTC", &t, &e) == 0 && t == 1769904000,
	    "date at UTC midnight");
	CHECK(when_parse("2026-02-01T09:00+01:00", "UTC", &t, &e) == 0 && t == 1769932800,
	    "explicit offset");
	CHECK(when_parse("2026-02-01T09:00", "Europe/Brussels", &t, &e) == 0 && t == 1769932800,
	    "no offset: read in the project's zone");
	CHECK(when_parse("2026-07-01", "Europe/Brussels", &t, &e) == 0 && t == 1782856800,
	    "summer time in the zone");
	CHECK(
	    when_parse("2026-02-30", "UTC", &t, &e) == -1 && e.code == ERR_USAGE, "Feb 30 refused");
	CHECK(when_parse("yesterday", "UTC", &t, &e) == -1, "words refused");
	CHECK(date_parse_iso8601("2003-12-31T10:14:55.123-08:00", &t) == 0 && t == 1072894495,
	    "RFC 3339 with fraction and offset");
	CHECK(date_parse_iso8601("2003-12-31T10:14:55Z", &t) == 0 && t == 1072865695, "RFC 3339 Z");
	time_format_utc(1072865695, out, sizeof out);
	CHECK_STR(out, "2003-12-31T10:14:55Z", "UTC formatting");
	time_format_rfc3339(1769932800, "Europe/Brussels", out, sizeof out);
	CHECK_STR(out, "2026-02-01T09:00:00+01:00", "RFC 3339 in a zone");
	/* Four-digit years everywhere: zero-padded before 1000, none past 9999. */
	time_format_utc(time_from_civil(1, 1, 1, 0, 0, 0), out, sizeof out);
	CHECK_STR(out, "0001-01-01T00:00:00Z", "year 1 is zero-padded");
	time_format_utc(time_from_civil(999, 12, 31, 23, 59, 59), out, sizeof out);
	CHECK_STR(out, "0999-12-31T23:59:59Z", "year 999 is zero-padded");
	time_format_utc(time_from_civil(1969, 12, 31, 23, 59, 59), out, sizeof out);
	CHECK_STR(out, "1969-12-31T23:59:59Z", "a second before the epoch");
	time_format_utc(time_from_civil(9999, 12, 31, 23, 59, 59), out, sizeof out);
	CHECK_STR(out, "9999-12-31T23:59:59Z", "the last readable second");
	time_format_utc(time_from_civil(9999, 12, 31, 23, 59, 59) + 1, out, sizeof out);
	CHECK_STR(out, "10000-01-01T00:00:00Z", "past 9999: all the digits");
	time_format_utc(time_from_civil(2026, 3, 29, 1, 0, 0), out, 12);
	CHECK_STR(out, "2026-03-29T", "a short buffer is cut, still a string");
	CHECK(date_parse_iso8601("0001-01-01T00:00:00Z", &t) == 0 &&
	        t == time_from_civil(1, 1, 1, 0, 0, 0),
	    "year 1 is read");
	CHECK(date_parse_iso8601("9999-12-31T23:30:00-05:00", &t) == -1,
	    "a date that is year 10000 in UTC is unreadable");
	CHECK(feed_date_parse("Sat, 01 Jan 10000 00:00:00 GMT", &t) == -1,
	    "an RFC 822 date past 9999 is unreadable");
	CHECK(feed_date_parse("0999-05-01", &t) == 0, "an ISO date of year 999 is read");
	time_format_utc(t, out, sizeof out);
	CHECK_STR(out, "0999-05-01T00:00:00Z", "and written with four digits");
	time_format_rfc3339(time_from_civil(2026, 3, 14, 9, 0, 0), "Europe/Oslo", out, sizeof out);
	CHECK_STR(out, "2026-03-14T10:00:00+01:00", "RFC 3339 in a zone, by hand");
	CHECK(tz_valid("Europe/Brussels") && tz_valid("UTC"), "known zones");
	CHECK(!tz_valid("Mars/Olympus") && !tz_valid("../etc/passwd") && !tz_valid(""),
	    "unknown and hostile zones refused");
}

static void
test_hashtags(void)
{
	char *t;

	t = hashtag_normalize("#FOSDEM26");
	CHECK_STR(t, "fosdem26", "case folded, # dropped");
	free(t);
	t = hashtag_normalize("\xef\xbc\xa6OSS"); /* fullwidth F */
	CHECK_STR(t, "foss", "NFKC folds fullwidth letters");
	free(t);
	t = hashtag_normalize("Stra\xc3\x9f"
	                      "e");
	CHECK_STR(t, "strasse", "case folding of sharp s");
	free(t);
	CHECK(hashtag_normalize("two words") == NULL, "spaces refused");
	CHECK(hashtag_normalize("#") == NULL, "empty refused");
}

/* Strings numbered in the order they came, past a few growths. */
static void
test_str_index(void)
{
	struct str_index m = {NULL, 0, 0};
	char key[16];
	int added, ok = 1;

	CHECK(str_index_find(&m, "a") == NULL, "an empty index finds nothing");
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		ok &= str_index_get(&m, key, &added)->index == (size_t)i && added;
	}
	CHECK(ok && m.n == 1000, "each new string gets the next number");
	CHECK(str_index_get(&m, "k17", &added)->index == 17 && !added, "a known one keeps its own");
	CHECK(str_index_find(&m, "k999") != NULL && str_index_find(&m, "k999")->index == 999,
	    "found after growing");
	CHECK(str_index_find(&m, "k1000") == NULL, "an unknown one is not found");
	str_index_free(&m);
	CHECK(m.n == 0 && m.cap == 0, "freed to empty");
}

/* Trimming in place and trimmed copies agree, over every kind of edge. */
static void
test_trim(void)
{
	static const struct {
		const char *in;
		size_t n; /* bytes of in given to str_trimmed_dup */
		const char *want;
	} cases[] = {
	    {"abc", 3, "abc"},
	    {"  abc", 5, "abc"},
	    {"abc \t\r\n", 7, "abc"},
	    {"\f a b \v", 7, "a b"},
	    {"   ", 3, NULL},
	    {"", 0, NULL},
	    {"ab  cd", 3, "ab"}, /* cut, then trimmed */
	    {" x", 1, NULL},
	    {"\xc3\xa9t\xc3\xa9 ", 6, "\xc3\xa9t\xc3\xa9"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = str_trimmed_dup(cases[i].in, cases[i].n);
		char *copy = xstrndup(cases[i].in, cases[i].n);

		CHECK_STR(got, cases[i].want, "str_trimmed_dup case %zu", i);
		CHECK_STR(*str_trim(copy) ? copy : NULL, cases[i].want, "str_trim case %zu", i);
		free(got);
		free(copy);
	}
}

/* The links a post's HTML points to (stats' top domains). */
static void
test_links(void)
{
	const char *html =
	    "<p>See <a href=\"https://www.Example.org/a?x=1&amp;y=2&z\" rel=\"nofollow\">this</a>"
	    " <A class=\"mention u-url\" HREF='https://social.example/@ann'>@ann</A>"
	    " <a href=\"https://social.example/tags/foss\" class=\"mention hashtag\">#foss</a>"
	    " <a name=x>no href</a> <abbr>no link</abbr>"
	    " <a href=\"mailto:x@y.example\">mail</a> <a href=https://bare.example/p>bare</a>";
	struct html_link *l = malloc(sizeof *l);
	const char *at = html;
	char *longhtml;
	size_t n = 0;

	CHECK(html_link_next(&at, l) == 1 && l->kind == LINK_WEB, "a web link");
	CHECK_STR(l->href, "https://www.Example.org/a?x=1&y=2&z", "&amp; decoded, a bare & kept");
	CHECK_STR(l->host, "example.org", "host: lower case, no www.");
	CHECK(html_link_next(&at, l) == 1 && l->kind == LINK_MENTION, "a mention (any case)");
	CHECK(html_link_next(&at, l) == 1 && l->kind == LINK_TAG, "a hashtag");
	CHECK(html_link_next(&at, l) == 1 && l->kind == LINK_WEB, "an unquoted href");
	CHECK_STR(l->host, "bare.example", "its host");
	CHECK(html_link_next(&at, l) == 0 && *at == '\0', "no more links");
	/* An href longer than the buffer is cut, not overrun. */
	longhtml = malloc(LINK_HREF_MAX * 2 + 64);
	n = (size_t)sprintf(longhtml, "<a href=\"https://long.example/");
	for (size_t i = 0; i < LINK_HREF_MAX; i++)
		longhtml[n++] = i % 7 == 0 ? '&' : 'x';
	strcpy(longhtml + n, "\">x</a>");
	at = longhtml;
	CHECK(html_link_next(&at, l) == 1 && strlen(l->href) == LINK_HREF_MAX - 1,
	    "a long href cut to the buffer (%zu)", strlen(l->href));
	CHECK_STR(l->host, "long.example", "its host");
	free(longhtml);
	free(l);
}

int
main(void)
{
	test_buf();
	test_utf8();
	test_escape();
	test_dates();
	test_hashtags();
	test_links();
	test_str_index();
	test_trim();
	UNIT_DONE();
}
