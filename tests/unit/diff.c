/*
 * diff.c - differential tests (run from the top of the tree): html_to_text's
 * hand-written scan against its libxml2 path, and the feed parser's raw
 * items against libxml2's own reading of the document, over every feed of
 * the vendored feedparser corpus and the fixtures. The fuzz targets
 * tests/fuzz/text_diff.c and raw_diff.c do the same on generated input.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>

#include "feed.h"
#include "raw_diff.h"
#include "unit.h"

struct totals {
	size_t files, fragments, fast, texts_differ;
	size_t raw_files, raw_skipped, raw_differ;
	char first_text[512], first_raw[512];
};

/* Where the two paths of html_to_text disagree on one fragment: 1. */
static int
text_differs(const char *html)
{
	char *fast = html_to_text_path(html, HTML_TEXT_FAST), *slow;
	int differs = 0;

	if (fast == NULL)
		return 0;
	slow = html_to_text_path(html, HTML_TEXT_LIBXML2);
	differs = slow == NULL || strcmp(fast, slow) != 0;
	free(fast);
	free(slow);
	return differs;
}

static int
on_item(void *arg, const struct incoming_post *it, struct err *e)
{
	struct totals *t = arg;
	const char *s[] = {it->content_html, it->title};

	(void)e;
	for (size_t i = 0; i < ARRAY_LEN(s); i++) {
		char *fast;

		if (s[i] == NULL || (!strchr(s[i], '<') && !strchr(s[i], '&')))
			continue;
		t->fragments++;
		if ((fast = html_to_text_path(s[i], HTML_TEXT_FAST)) != NULL)
			t->fast++;
		free(fast);
		if (text_differs(s[i])) {
			if (t->texts_differ++ == 0)
				snprintf(t->first_text, sizeof t->first_text, "%.400s", s[i]);
		}
	}
	return 0;
}

static void
one_file(struct totals *t, const char *path)
{
	struct feed_options opt = {.base_url = "https://diff.example/feed"};
	struct feed_info info = {0};
	struct raw_diff d;
	struct err e;
	char *data;
	size_t len;
	FILE *f;
	int r;

	if ((f = fopen(path, "rb")) == NULL)
		return;
	t->files++;
	feed_parse_fd(fileno(f), &opt, on_item, t, &info, &e);
	feed_info_release(&info);
	fseek(f, 0, SEEK_END);
	len = (size_t)ftell(f);
	rewind(f);
	data = xmalloc(len + 1);
	len = fread(data, 1, len, f);
	fclose(f);
	if ((r = raw_diff_check(&d, data, len)) == 1) {
		t->raw_skipped++;
	} else {
		t->raw_files++;
		if (r < 0 && t->raw_differ++ == 0)
			snprintf(t->first_raw, sizeof t->first_raw, "%s: %s", path, d.why);
	}
	free(data);
}

static void
walk(struct totals *t, const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *de;

	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		struct stat st;
		char path[4096];

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			walk(t, path);
		} else if (S_ISREG(st.st_mode)) {
			size_t n = strlen(path);

			if ((n > 4 && strcmp(path + n - 4, ".xml") == 0) ||
			    (n > 4 && strcmp(path + n - 4, ".rss") == 0) ||
			    (n > 5 && strcmp(path + n - 5, ".atom") == 0))
				one_file(t, path);
		}
	}
	closedir(dp);
}

/* Fragments where the two paths once disagreed (found by the fuzz target). */
static void
regressions(void)
{
	static const struct {
		const char *html, *text;
	} cases[] = {
	    {"<>oprld</b></p><br>x", NULL}, /* a lone '<' */
	    {"p>\002r>or", "p>r>or"},       /* a C0 control is no text */
	    {"a\001b &amp; c", "ab & c"},
	    {"a\fb<r>x", "abx"},     /* nor is a form feed */
	    {"x \001", "x"},         /* a space before a control */
	    {"<b x\">y\">z", NULL},  /* a quote not after '=' */
	    {"a &#&cop own;", NULL}, /* broken character references */
	    {"&#65 x", NULL},
	    {"x &# y", NULL},
	    {"A></p><r>%x</p><r>%x/b>", NULL}, /* end tags that close nothing */
	    {"</p>x", "x"},  /* a stray end tag first: libxml2 2.9 drops all (text_diff.c) */
	    {"y<b>&", NULL}, /* a last '&' */
	    {"?<p><p>Hml<p>Hmllb</p>lb</p>>,d", NULL}, /* a p closing a p */
	    {"b<p.H>I", NULL},                         /* a name with '.' */
	    {"|<body>><so><a>", NULL},                 /* the document's own elements */
	    {"<pa &h1cm=o\\oo&a&Y>l", NULL},           /* an attribute that is no name */
	    {"<p>Hello &amp; <a href=\"https://x.example/\" rel=\"nofollow\">world</a></p><p>Two</p>",
	        "Hello & world\nTwo"},
	    {"<p>one<br>two<br/>three</p>", "one\ntwo\nthree"},
	    {"<p>caf&eacute; &#233; &#xE9; &copy</p>", "café é é &copy"},
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *fast = html_to_text_path(cases[i].html, HTML_TEXT_FAST);
		char *any = html_to_text(cases[i].html);

		CHECK(!text_differs(cases[i].html) || strncmp(cases[i].html, "</", 2) == 0,
		    "html_to_text: the scan and libxml2 agree on case %zu", i + 1);
		if (cases[i].text)
			CHECK_STR(any, cases[i].text, "html_to_text: case %zu", i + 1);
		else
			CHECK(fast == NULL, "html_to_text: case %zu goes to libxml2", i + 1);
		free(fast);
		free(any);
	}
}

static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int
main(void)
{
	struct totals t;

	xmlSetGenericErrorFunc(NULL, quiet);
	regressions();
	memset(&t, 0, sizeof t);
	walk(&t, "tests/corpus/feedparser");
	walk(&t, "tests/fixtures/feeds");
	CHECK(t.files > 1500, "the corpus is there: %zu feed files read", t.files);
	CHECK(t.fragments > 500 && t.fast * 2 > t.fragments,
	    "html_to_text: the scan answers %zu of %zu fragments", t.fast, t.fragments);
	CHECK(t.texts_differ == 0,
	    "html_to_text: the scan and libxml2 agree on every fragment (%zu differ)",
	    t.texts_differ);
	if (t.texts_differ)
		printf("#   first: \"%s\"\n", t.first_text);
	CHECK(t.raw_files > 1000, "raw items: %zu feeds compared (%zu not applicable)", t.raw_files,
	    t.raw_skipped);
	CHECK(t.raw_differ == 0,
	    "raw items read alone are the items of the document (%zu feeds differ)", t.raw_differ);
	if (t.raw_differ)
		printf("#   first: %s\n", t.first_raw);
	UNIT_DONE();
}
