/*
 * feed.c - unit tests of the feed parser on the fixtures in
 * tests/fixtures/feeds/ (run from the top of the tree): every format, the
 * fields storied keeps, encodings, dates, and hostile or broken input.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "datetime.h"
#include "feed.h"
#include "unit.h"

#define DIR "tests/fixtures/feeds/"
#define MAXITEMS 8

/* Items outlive the callback only as copies. */
struct got {
	struct incoming_post it[MAXITEMS];
	size_t n;
	int stop_at; /* return -1 from this item on (1-based), 0: never */
	struct feed_info info;
	struct err e;
	int r;
};

static char *
sdup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int
collect(void *arg, const struct incoming_post *it, struct err *e)
{
	struct got *g = arg;
	struct incoming_post *c;
	const char *const s[] = {it->guid, it->permalink, it->title, it->author_name,
	    it->author_handle, it->author_url, it->author_avatar, it->date_text, it->content_html,
	    it->content_text, it->language, it->content_warning, it->raw};

	/* The UTF-8 wall: whatever the input, every string is valid. */
	for (size_t i = 0; i < ARRAY_LEN(s); i++)
		if (s[i] && !utf8_valid(s[i], strlen(s[i])))
			return err_set(e, ERR_FAIL, "invalid UTF-8 in field %zu", i);
	if (g->stop_at && (int)g->n + 1 >= g->stop_at)
		return err_set(e, ERR_FAIL, "stop here");
	if (g->n == MAXITEMS)
		return 0;
	c = &g->it[g->n++];
	*c = *it;
	c->guid = sdup(it->guid);
	c->permalink = sdup(it->permalink);
	c->title = sdup(it->title);
	c->author_name = sdup(it->author_name);
	c->author_handle = sdup(it->author_handle);
	c->author_url = sdup(it->author_url);
	c->author_avatar = sdup(it->author_avatar);
	c->date_text = sdup(it->date_text);
	c->content_html = sdup(it->content_html);
	c->content_text = sdup(it->content_text);
	c->language = sdup(it->language);
	c->content_warning = sdup(it->content_warning);
	c->raw = sdup(it->raw);
	c->categories = xcalloc(it->ncategories + 1, sizeof *c->categories);
	for (size_t i = 0; i < it->ncategories; i++)
		c->categories[i] = xstrdup(it->categories[i]);
	c->media = xcalloc(it->nmedia + 1, sizeof *c->media);
	for (size_t i = 0; i < it->nmedia; i++) {
		c->media[i] = it->media[i];
		c->media[i].url = sdup(it->media[i].url);
		c->media[i].type = sdup(it->media[i].type);
		c->media[i].medium = sdup(it->media[i].medium);
		c->media[i].alt = sdup(it->media[i].alt);
		c->media[i].preview_url = sdup(it->media[i].preview_url);
	}
	return 0;
}

static void
release(struct got *g)
{
	for (size_t k = 0; k < g->n; k++) {
		struct incoming_post *c = &g->it[k];

		free(c->guid);
		free(c->permalink);
		free(c->title);
		free(c->author_name);
		free(c->author_handle);
		free(c->author_url);
		free(c->author_avatar);
		free(c->date_text);
		free(c->content_html);
		free(c->content_text);
		free(c->language);
		free(c->content_warning);
		free(c->raw);
		for (size_t i = 0; i < c->ncategories; i++)
			free(c->categories[i]);
		free(c->categories);
		for (size_t i = 0; i < c->nmedia; i++) {
			free(c->media[i].url);
			free(c->media[i].type);
			free(c->media[i].medium);
			free(c->media[i].alt);
			free(c->media[i].preview_url);
		}
		free(c->media);
	}
	feed_info_release(&g->info);
	memset(g, 0, sizeof *g);
}

static void
parse_fd(struct got *g, int fd, const struct feed_options *opt)
{
	g->r = feed_parse_fd(fd, opt, collect, g, &g->info, &g->e);
}

static void
parse(struct got *g, const char *name, const struct feed_options *opt)
{
	char path[256];
	int fd;

	snprintf(path, sizeof path, DIR "%s", name);
	if ((fd = open(path, O_RDONLY)) == -1) {
		CHECK(0, "open %s", path);
		g->r = -1;
		return;
	}
	parse_fd(g, fd, opt);
	close(fd);
}

/* Parse a document held in memory, through a temporary file. */
static void
parse_mem(struct got *g, const char *doc, size_t n, const struct feed_options *opt)
{
	FILE *f = tmpfile();

	fwrite(doc, 1, n, f);
	fflush(f);
	rewind(f);
	parse_fd(g, fileno(f), opt);
	fclose(f);
}

static const char *
utc(int has, int64_t t)
{
	static char out[4][32];
	static int k;

	if (!has)
		return "(none)";
	k = (k + 1) % 4;
	time_format_utc(t, out[k], sizeof out[k]);
	return out[k];
}

static void
test_mastodon(void)
{
	struct feed_options opt = {.base_url = "https://fosstodon.example/tags/fosdem26.rss"};
	struct got g = {0};
	struct incoming_post *a = &g.it[0], *b = &g.it[1], *c = &g.it[2];

	parse(&g, "mastodon-tag.rss", &opt);
	CHECK(
	    g.r == 0 && g.n == 3 && g.info.items == 3, "Mastodon tag feed: 3 items (%s)", g.e.msg);
	if (g.n != 3)
		goto out;
	CHECK(g.info.format == FEED_RSS, "format rss");
	CHECK_STR(g.info.title, "#fosdem26", "channel title");
	CHECK_STR(g.info.link, "https://fosstodon.example/tags/fosdem26", "channel link");
	CHECK(!g.info.recovered, "well-formed");
	CHECK_STR(a->permalink, "https://fosstodon.example/@alice/113912345678901234", "permalink");
	CHECK(a->guid == NULL && a->title == NULL && a->author_name == NULL,
	    "no guid, no title, no author name");
	CHECK_STR(a->author_handle, "@alice@fosstodon.example", "handle from the permalink");
	CHECK_STR(a->author_url, "https://fosstodon.example/@alice", "profile from the permalink");
	CHECK_STR(utc(a->has_published, a->published), "2026-02-01T09:42:17Z", "pubDate in UTC");
	CHECK_STR(a->content_text, "Packed room for the opening keynote! #FOSDEM26 #opensource",
	    "plain text: tags stripped");
	CHECK(a->content_html &&
	        strstr(a->content_html, "<a href=\"https://fosstodon.example/tags/fosdem26\""),
	    "content HTML unescaped once");
	CHECK(a->ncategories == 2 && strcmp(a->categories[0], "fosdem26") == 0 &&
	        strcmp(a->categories[1], "opensource") == 0,
	    "each hashtag a category");
	CHECK(a->nmedia == 1, "one medium");
	if (a->nmedia == 1) {
		CHECK_STR(a->media[0].url,
		    "https://files.fosstodon.example/media_attachments/files/113/912/345/original/a1b2c3d4e5f6.jpg",
		    "media:content url");
		CHECK_STR(a->media[0].type, "image/jpeg", "media type");
		CHECK_STR(a->media[0].medium, "image", "medium");
		CHECK_STR(a->media[0].alt,
		    "A lecture hall, every seat taken, a speaker on stage under a FOSDEM banner.",
		    "media:description is the alt text");
		CHECK_STR(a->media[0].preview_url,
		    "https://files.fosstodon.example/media_attachments/files/113/912/345/small/a1b2c3d4e5f6.jpg",
		    "media:thumbnail is the preview");
	}
	CHECK(a->language == NULL && !a->sensitive && a->content_warning == NULL,
	    "no language, not sensitive");
	CHECK(a->raw &&
	        str_startswith(a->raw,
	            "<item xmlns:media=\"http://search.yahoo.com/mrss/\">\n"
	            "      <link>https://fosstodon.example/@alice/") &&
	        strstr(a->raw, "<media:description type=\"plain\">A lecture hall") &&
	        strstr(a->raw, "&lt;p&gt;Packed room") &&
	        str_eq(a->raw + strlen(a->raw) - 7, "</item>"),
	    "raw item: the document's own bytes, declaring the namespace it inherits");

	CHECK_STR(b->author_handle, "@bob@social.example", "remote account: its own server");
	CHECK_STR(
	    b->author_url, "https://fosstodon.example/@bob@social.example", "remote profile URL");
	CHECK_STR(b->content_warning, "food, queues", "Mastodon content warning");
	CHECK(b->sensitive, "a content warning makes it sensitive");
	CHECK(b->content_html && !str_startswith(b->content_html, "<p><strong>") &&
	        strstr(b->content_html, "<hr") == NULL,
	    "the warning is not left in the content (%s)",
	    b->content_html ? b->content_html : "(null)");
	CHECK(b->content_text && strstr(b->content_text, "food, queues") == NULL,
	    "the warning is not left in the plain text");

	CHECK(
	    c->nmedia == 2, "audio as enclosure and media:content is one medium (%zu)", c->nmedia);
	if (c->nmedia == 2) {
		CHECK_STR(c->media[0].medium, "audio", "audio medium");
		CHECK_STR(c->media[0].alt, "Audio of the talk \"Feeds are forever\".", "audio alt");
		CHECK_STR(c->media[1].type, "image/png", "second medium");
	}
	CHECK_STR(c->content_text, "Recording of our devroom talk, with slides.\n#fosdem26",
	    "<br> ends a line");
out:
	release(&g);
}

static void
test_atom(void)
{
	struct feed_options opt = {.base_url = "https://blog.example.org/feed.atom"};
	struct got g = {0};
	struct incoming_post *a = &g.it[0], *b = &g.it[1], *c = &g.it[2];

	parse(&g, "blog.atom", &opt);
	CHECK(g.r == 0 && g.n == 3, "Atom: 3 entries (%s)", g.e.msg);
	if (g.n != 3)
		goto out;
	CHECK(g.info.format == FEED_ATOM, "format atom");
	CHECK_STR(g.info.title, "Notes from the hallway", "feed title");
	CHECK_STR(g.info.link, "https://blog.example.org/", "feed link through xml:base");
	CHECK_STR(g.info.language, "en-GB", "feed xml:lang");
	CHECK_STR(a->guid, "tag:blog.example.org,2026:day-one", "atom:id");
	CHECK_STR(a->permalink, "https://blog.example.org/2026/02/day-one.html",
	    "link resolved through nested xml:base");
	CHECK_STR(a->title, "Day one at FOSDEM", "type=html title as plain text");
	CHECK_STR(a->author_name, "Dana Writer", "feed author inherited");
	CHECK_STR(a->author_url, "https://blog.example.org/about", "author uri");
	CHECK_STR(utc(a->has_published, a->published), "2026-02-01T19:15:00Z",
	    "published with offset, in UTC");
	CHECK_STR(utc(a->has_updated, a->updated), "2026-02-02T07:00:00Z", "updated");
	CHECK(a->content_html && str_startswith(a->content_html, "<p>Arrived early.") &&
	        strstr(a->content_html, "<div") == NULL,
	    "xhtml content: the div's children");
	CHECK_STR(a->content_text, "Arrived early. The map helped.\nTagged #fosdem26 & friends.",
	    "xhtml plain text");
	CHECK(a->ncategories == 2 && strcmp(a->categories[0], "fosdem26") == 0, "category term");
	CHECK(a->nmedia == 1 && str_eq(a->media[0].url, "https://blog.example.org/img/hall.jpg") &&
	        str_eq(a->media[0].alt, "The main hall at 9am") &&
	        str_eq(a->media[0].medium, "image"),
	    "link rel=enclosure is a medium");
	CHECK_STR(a->language, "en-GB", "inherited xml:lang");

	CHECK_STR(b->title, "Plain text <title>", "type=text title kept as text");
	CHECK_STR(
	    b->permalink, "https://elsewhere.example.net/post", "link without rel is alternate");
	CHECK_STR(b->author_name, "Guest Author", "entry author wins");
	CHECK_STR(b->content_html, "Fish &amp; chips &lt;b&gt;not bold&lt;/b&gt;",
	    "text summary escaped to HTML");
	CHECK_STR(b->content_text, "Fish & chips <b>not bold</b>", "and back to the same text");
	CHECK_STR(utc(b->has_published, b->published), "2026-02-02T17:00:00Z",
	    "only <updated>: it is the publication");

	CHECK_STR(c->language, "fr", "entry xml:lang");
	CHECK(!c->has_published && str_eq(c->date_text, "sometime on Tuesday"),
	    "unreadable date: none, and the text kept");
	CHECK(c->has_updated, "updated still read");
	CHECK_STR(c->content_text, "Bonjour tout le monde", "type=html content");
out:
	release(&g);
}

static void
test_rdf(void)
{
	struct got g = {0};
	struct incoming_post *a = &g.it[0], *b = &g.it[1];

	parse(&g, "news.rdf", NULL);
	CHECK(g.r == 0 && g.n == 2 && g.info.format == FEED_RDF, "RDF: 2 items (%s)", g.e.msg);
	if (g.n != 2)
		goto out;
	CHECK_STR(g.info.language, "de", "dc:language of the channel");
	CHECK_STR(a->guid, "https://news.example.com/2026/02/01/a", "rdf:about is the id");
	CHECK_STR(a->author_name, "Eve Reporter", "dc:creator");
	CHECK_STR(utc(a->has_published, a->published), "2026-02-01T09:00:00Z", "dc:date");
	CHECK(a->ncategories == 2 && str_eq(a->categories[1], "Brussels"), "dc:subject categories");
	CHECK_STR(a->content_html, "<p>The <b>full</b> story, #FOSDEM26.</p>",
	    "content:encoded wins over description");
	CHECK_STR(a->language, "de", "channel language inherited");
	CHECK(!b->has_published && str_eq(b->date_text, "yesterday-ish"), "unreadable dc:date");
out:
	release(&g);
}

static void
test_json(void)
{
	struct feed_options opt = {.base_url = "https://fay.example/feed.json"};
	struct got g = {0};
	struct incoming_post *a = &g.it[0], *b = &g.it[1];

	parse(&g, "feed.json", &opt);
	CHECK(g.r == 0 && g.n == 2 && g.info.format == FEED_JSONFEED, "JSON Feed: 2 items (%s)",
	    g.e.msg);
	if (g.n != 2)
		goto out;
	CHECK_STR(g.info.title, "Microblog of Fay", "feed title");
	CHECK_STR(a->guid, "https://fay.example/2026/02/01/keynote", "id");
	CHECK_STR(a->author_name, "Fay", "authors[0] of the feed");
	CHECK_STR(a->author_avatar, "https://fay.example/me.png", "avatar");
	CHECK_STR(a->language, "en-US", "item language");
	CHECK_STR(utc(a->has_published, a->published), "2026-02-01T09:30:00Z", "date_published");
	CHECK(a->has_updated, "date_modified");
	CHECK(a->ncategories == 2 && str_eq(a->categories[0], "fosdem26"), "tags");
	CHECK(a->nmedia == 2 && str_eq(a->media[0].url, "https://fay.example/media/keynote.jpg") &&
	        str_eq(a->media[0].alt, "The keynote speaker on stage") &&
	        str_eq(a->media[1].medium, "video"),
	    "attachments, relative URL resolved");
	CHECK_STR(
	    a->content_text, "Great keynote at FOSDEM #fosdem26", "plain text of content_html");
	CHECK(a->raw && str_startswith(a->raw, "{\"id\":") && strchr(a->raw, '\n') == NULL,
	    "raw item, compact JSON");
	CHECK_STR(b->guid, "42", "numeric id");
	CHECK_STR(b->permalink, "https://fay.example/2026/02/01/short", "relative url resolved");
	CHECK_STR(b->content_html, "Just text,<br>\n  with #fosdem26 &amp; &lt;friends&gt;.",
	    "content_text escaped to HTML");
	CHECK_STR(
	    b->content_text, "Just text,\nwith #fosdem26 & <friends>.", "content text folded");
	CHECK_STR(b->language, "en", "feed language inherited");
	CHECK(!b->has_published && str_eq(b->date_text, "not a date"),
	    "unreadable date kept as text");
out:
	release(&g);
}

/* The JSON stream: members in any order, errors with their line. */
static void
test_json_stream(void)
{
	static const char late[] =
	    "{\"items\": [{\"id\": \"a\", \"content_text\": \"x #t\"},\n"
	    "{\"id\": \"b\", \"url\": \"/b\"}],\n\"home_page_url\": \"https://late.example/\",\n"
	    "\"version\": \"https://jsonfeed.org/version/1.1\"}";
	static const char broken[] = "{\"version\": \"https://jsonfeed.org/version/1\",\n"
	                             "\"items\": [{\"id\": \"a\"},\n{\"id\": \"b\" \"oops\"}]}";
	static const char trailing[] =
	    "{\"version\": \"https://jsonfeed.org/version/1\", \"items\": []} x";
	static const char array[] = "[{\"version\": \"https://jsonfeed.org/version/1\"}]";
	struct got g = {0};

	parse_mem(&g, late, sizeof late - 1, NULL);
	CHECK(g.r == 0 && g.n == 2, "items before version: read at the end (%s)", g.e.msg);
	CHECK(g.n == 2 && str_eq(g.it[1].permalink, "https://late.example/b"),
	    "and the home page is their base");
	release(&g);
	parse_mem(&g, broken, sizeof broken - 1, NULL);
	CHECK(g.r == -1 && str_startswith(g.e.msg, "JSON error at line 3: "), "a broken item: %s",
	    g.e.msg);
	release(&g);
	parse_mem(&g, trailing, sizeof trailing - 1, NULL);
	CHECK(g.r == -1 && str_startswith(g.e.msg, "JSON error at line 1: end of file expected"),
	    "trailing garbage: %s", g.e.msg);
	release(&g);
	parse_mem(&g, array, sizeof array - 1, NULL);
	CHECK(g.r == -1 && str_eq(g.e.msg, "not a feed (JSON, but not a JSON Feed)"),
	    "a JSON array: %s", g.e.msg);
	release(&g);
}

static void
test_encodings(void)
{
	struct feed_options opt = {0};
	struct got g = {0};
	static const char nodecl[] = "<rss version=\"2.0\"><channel><item><title>Caf\xe9</title>"
	                             "<link>https://x.example/1</link></item></channel></rss>";
	static const char wrongdecl[] =
	    "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>"
	    "<rss version=\"2.0\"><channel><item><title>Caf\xc3\xa9</title></item></channel></rss>";

	parse(&g, "utf16.rss", NULL);
	CHECK(g.r == 0 && g.n == 1, "UTF-16 with a BOM (%s)", g.e.msg);
	CHECK_STR(g.it[0].title,
	    "Gr\xc3\xbc\xc3\x9f"
	    "e aus K\xc3\xb6ln \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
	    "UTF-16 title");
	release(&g);

	parse(&g, "utf32.rss", NULL);
	CHECK(g.r == 0 && g.n == 1 && !g.info.recovered, "UTF-32 with a BOM (%s)", g.e.msg);
	CHECK_STR(g.it[0].title,
	    "\xc3\x87"
	    "a marche \xe2\x9c\x93",
	    "UTF-32 title");
	release(&g);

	parse(&g, "bogus-encoding.rss", NULL);
	CHECK(g.r == 0 && g.n == 1 && g.info.recovered,
	    "an unknown declared encoding: read as UTF-8 (%s)", g.e.msg);
	CHECK_STR(g.it[0].title,
	    "Gr\xc3\xbc\xc3\x9f"
	    "e",
	    "its text");
	release(&g);

	parse(&g, "latin1.rss", NULL);
	CHECK(g.r == 0 && g.n == 1 && !g.info.recovered, "declared ISO-8859-1 (%s)", g.e.msg);
	CHECK_STR(
	    g.it[0].title, "D\xc3\xa9j\xc3\xa0 vu \xc3\xa0 Bruxelles", "ISO-8859-1 title in UTF-8");
	CHECK_STR(g.it[0].content_text, "\xc2\xa3 10 \xc2\xb7 na\xc3\xafve", "ISO-8859-1 text");
	CHECK(g.it[0].ncategories == 1 &&
	        str_eq(g.it[0].categories[0],
	            "fran\xc3\xa7"
	            "ais"),
	    "ISO-8859-1 category");
	CHECK(g.it[0].raw &&
	        str_startswith(g.it[0].raw, "<item>\n      <title>D\xc3\xa9j\xc3\xa0 vu") &&
	        strstr(g.it[0].raw,
	            "<category>fran\xc3\xa7"
	            "ais</category>\n    </item>"),
	    "raw item of a transcoded document: serialised, in UTF-8");
	release(&g);

	parse(&g, "cp1252-as-latin1.rss", NULL);
	CHECK(g.r == 0 && g.n == 1, "windows-1252 labelled ISO-8859-1");
	CHECK_STR(g.it[0].content_text,
	    "\xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x80\x94 10 \xe2\x82\xac \xc2\xb7 na\xc3\xafve",
	    "C1 bytes read as windows-1252");
	release(&g);

	parse(&g, "undeclared-latin1.rss", NULL);
	CHECK(g.r == 0 && g.n == 1 && g.info.recovered, "undeclared Latin-1: read, recovered (%s)",
	    g.e.msg);
	CHECK_STR(g.it[0].title, "D\xc3\xa9j\xc3\xa0 vu \xc3\xa0 Bruxelles",
	    "stray bytes read as windows-1252");
	release(&g);

	opt.http_charset = "ISO-8859-1";
	parse_mem(&g, nodecl, sizeof nodecl - 1, &opt);
	CHECK(g.r == 0 && g.n == 1 && !g.info.recovered, "charset from HTTP (%s)", g.e.msg);
	CHECK_STR(g.it[0].title, "Caf\xc3\xa9", "HTTP charset applied");
	release(&g);

	opt.http_charset = "utf-8";
	parse_mem(&g, wrongdecl, sizeof wrongdecl - 1, &opt);
	CHECK(g.r == 0 && g.n == 1, "HTTP charset overrides the declaration (%s)", g.e.msg);
	CHECK_STR(g.it[0].title, "Caf\xc3\xa9", "read as the HTTP charset says");
	release(&g);

	opt.http_charset = "no-such-charset";
	parse(&g, "mastodon-tag.rss", &opt);
	CHECK(g.r == 0 && g.n == 3, "unknown HTTP charset ignored (%s)", g.e.msg);
	release(&g);
}

static void
test_hostile(void)
{
	struct feed_options opt = {0};
	struct got g = {0};
	struct buf b;
	clock_t t0 = clock();

	parse(&g, "billion-laughs.rss", NULL);
	CHECK((clock() - t0) / CLOCKS_PER_SEC < 5, "billion laughs: no blow-up");
	CHECK(g.r == -1 ||
	        (g.n == 1 &&
	            (g.it[0].content_html == NULL || strlen(g.it[0].content_html) < 100000)),
	    "billion laughs: refused or bounded (%s)", g.e.msg);
	release(&g);

	parse(&g, "xxe.rss", NULL);
	CHECK(g.r == 0 && g.n == 1, "external entities: parsed (%s)", g.e.msg);
	if (g.n == 1) {
		CHECK(strstr(g.it[0].title, "root:") == NULL &&
		        strstr(g.it[0].content_html, "root:") == NULL &&
		        strstr(g.it[0].raw, "root:") == NULL,
		    "file:///etc/passwd does not appear");
		CHECK_STR(g.it[0].content_text, "before after", "the entity is left out");
	}
	release(&g);

	/* Nesting far past libxml2's 256 levels, inside an item. */
	buf_init(&b, BUF_NOLIMIT);
	buf_adds(&b,
	    "<rss version=\"2.0\"><channel><item><link>https://deep.example/1</link></item><item><description>");
	for (int i = 0; i < 5000; i++)
		buf_adds(&b, "<d>");
	buf_adds(&b, "deep");
	for (int i = 0; i < 5000; i++)
		buf_adds(&b, "</d>");
	buf_adds(&b, "</description></item></channel></rss>");
	parse_mem(&g, b.data, b.len, NULL);
	CHECK(g.r == 0 && g.info.recovered && g.n == 1 &&
	        str_eq(g.it[0].permalink, "https://deep.example/1"),
	    "deep nesting refused, what came before kept (%s)", g.e.msg);
	release(&g);

	/* A 12 MB text node: over libxml2's 10 MB limit. */
	buf_reset(&b);
	buf_adds(&b,
	    "<rss version=\"2.0\"><channel><item><link>https://big.example/1</link></item><item><description>");
	for (int i = 0; i < 12 * 1024; i++)
		buf_adds(&b,
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxxxxxxxxxxxxxxxxxx");
	buf_adds(&b, "</description></item></channel></rss>");
	parse_mem(&g, b.data, b.len, NULL);
	CHECK(g.r == 0 && g.info.recovered && g.n == 1 &&
	        str_eq(g.it[0].permalink, "https://big.example/1"),
	    "giant text node refused, what came before kept (%s)", g.e.msg);
	release(&g);

	/* max_text truncates a text node. */
	buf_reset(&b);
	buf_adds(&b, "<rss version=\"2.0\"><channel><item><description>");
	for (int i = 0; i < 500; i++)
		buf_adds(&b, "0123456789");
	buf_adds(&b, "</description></item></channel></rss>");
	opt.max_text = 1000;
	parse_mem(&g, b.data, b.len, &opt);
	CHECK(g.r == 0 && g.n == 1 && strlen(g.it[0].content_html) == 1000,
	    "max_text: text cut at 1000 bytes");
	release(&g);
	buf_release(&b);

	parse(&g, "truncated.rss", NULL);
	CHECK(g.r == 0 && g.n == 1 && g.info.recovered,
	    "truncated: the whole items, recovered (%s)", g.e.msg);
	CHECK(g.n == 1 && str_eq(g.it[0].title, "Whole item"), "the cut item is dropped");
	release(&g);

	parse(&g, "truncated-early.rss", NULL);
	CHECK(g.r == -1 && str_startswith(g.e.msg, "XML error at line "),
	    "broken, nothing readable: %s", g.e.msg);
	release(&g);
}

/* Raw items straddling the parser's 64 KiB chunks keep their exact bytes. */
static int
check_raw(void *arg, const struct incoming_post *it, struct err *e)
{
	int *bad = arg;
	char want[64];

	(void)e;
	snprintf(want, sizeof want, "<link>%s</link>", it->permalink ? it->permalink : "?");
	if (it->raw == NULL || !str_startswith(it->raw, "<item>") ||
	    strstr(it->raw, want) == NULL ||
	    strcmp(it->raw + strlen(it->raw) - 7, "</item>") != 0 ||
	    strstr(it->raw + 6, "<item>") || strstr(it->raw, "<guid isPermaLink='false' >") == NULL)
		(*bad)++;
	return 0;
}

static void
test_raw_window(void)
{
	struct buf b;
	struct feed_info info;
	struct err e;
	FILE *f = tmpfile();
	int bad = 0, r;

	buf_init(&b, BUF_NOLIMIT);
	buf_adds(&b, "<rss version=\"2.0\"><channel><title>Long</title>\n");
	for (int i = 0; i < 60; i++) {
		/* Single quotes and a space: the document's bytes, not a serialisation. */
		buf_printf(&b,
		    "<item><guid isPermaLink='false' >g%d</guid><link>https://long.example/%d</link>"
		    "<description>",
		    i, i);
		for (int k = 0; k < (i % 7) * 1500 + 10; k++)
			buf_adds(&b, "word &amp; ");
		buf_adds(&b, "</description></item>\n");
	}
	buf_adds(&b, "</channel></rss>\n");
	fwrite(b.data, 1, b.len, f);
	fflush(f);
	rewind(f);
	r = feed_parse_fd(fileno(f), NULL, check_raw, &bad, &info, &e);
	CHECK(r == 0 && info.items == 60 && bad == 0,
	    "raw items across chunk boundaries: %d wrong (%s)", bad, e.msg);
	feed_info_release(&info);
	fclose(f);
	buf_release(&b);
}

/* Slips that must not lose the rest of a feed. */
static void
test_recovery(void)
{
	static const char doc[] =
	    "<rss version=\"2.0\"><channel><title>Caf&eacute; &amp; co</title>"
	    "<item><title>One&nbsp;two</title><link>https://r.example/?a=1&b=2</link></item>"
	    "<item><title>AT&T & friends</title><link>https://r.example/2</link></item>"
	    "<item><title>&madeup; entity</title><link>https://r.example/3</link></item>"
	    "</channel></rss>";
	struct got g = {0};

	parse_mem(&g, doc, sizeof doc - 1, NULL);
	CHECK(g.r == 0 && g.n == 3 && g.info.recovered, "every item read past the errors (%s)",
	    g.e.msg);
	CHECK_STR(g.info.title, "Caf\xc3\xa9 & co", "an HTML entity in the channel title");
	if (g.n == 3) {
		CHECK_STR(g.it[0].title, "One\xc2\xa0two", "&nbsp; read as HTML would");
		CHECK_STR(
		    g.it[0].permalink, "https://r.example/?a=1&b=2", "a bare & in a URL kept");
		CHECK_STR(g.it[1].title, "AT&T & friends", "bare ampersands kept");
		CHECK_STR(g.it[2].title, "&madeup; entity", "an unknown entity kept as written");
	}
	release(&g);
}

static void
test_not_feeds(void)
{
	static const struct {
		const char *file, *msg;
	} cases[] = {
	    {"page.html", "not a feed (looks like HTML)"},
	    {"random.txt", "not a feed (neither XML nor JSON)"},
	    {"empty.xml", "not a feed (empty document)"},
	    {"not-json-feed.json", "not a feed (JSON, but not a JSON Feed)"},
	};
	struct got g = {0};
	static const char svg[] =
	    "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>";
	static const char xhtml[] =
	    "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>";

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		parse(&g, cases[i].file, NULL);
		CHECK(g.r == -1 && g.n == 0, "%s refused", cases[i].file);
		CHECK_STR(g.e.msg, cases[i].msg, "%s: the message", cases[i].file);
		release(&g);
	}
	parse(&g, "broken.json", NULL);
	CHECK(g.r == -1 && str_startswith(g.e.msg, "JSON error at line 3: "), "broken JSON: %s",
	    g.e.msg);
	release(&g);
	parse_mem(&g, svg, sizeof svg - 1, NULL);
	CHECK(g.r == -1 && str_eq(g.e.msg, "not a feed (the root element is <svg>)"),
	    "other XML: %s", g.e.msg);
	release(&g);
	parse_mem(&g, xhtml, sizeof xhtml - 1, NULL);
	CHECK(g.r == -1 && str_eq(g.e.msg, "not a feed (looks like HTML)"), "XHTML page: %s",
	    g.e.msg);
	release(&g);
}

static void
test_callback_and_pipe(void)
{
	struct got g = {0};
	int p[2];
	char buf[8192];
	ssize_t n;
	int fd;

	g.stop_at = 2;
	parse(&g, "mastodon-tag.rss", NULL);
	CHECK(g.r == -1 && str_eq(g.e.msg, "stop here") && g.n == 1,
	    "the callback's error stops the parse");
	release(&g);

	/* A pipe: nothing is seeked. */
	fd = open(DIR "blog.atom", O_RDONLY);
	n = read(fd, buf, sizeof buf);
	close(fd);
	if (pipe(p) == 0) {
		if (write(p[1], buf, (size_t)n) != n)
			CHECK(0, "write to the pipe");
		close(p[1]);
		parse_fd(&g, p[0], NULL);
		close(p[0]);
		CHECK(g.r == 0 && g.n == 3, "a feed read from a pipe (%s)", g.e.msg);
		release(&g);
	}
}

static void
test_dates(void)
{
	static const struct {
		const char *in, *want; /* NULL: rejected */
	} v[] = {
	    {"Sun, 01 Feb 2026 09:42:17 +0000", "2026-02-01T09:42:17Z"},
	    {"Sun, 01 Feb 2026 10:42:17 +0100", "2026-02-01T09:42:17Z"},
	    {"Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"},
	    {"Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z"},
	    {"Thu,  5 Apr 2012 10:00:00 GMT", "2012-04-05T10:00:00Z"},
	    {"5 Apr 2012 10:00:00 EST", "2012-04-05T15:00:00Z"},
	    {"Wed, 19 Feb 2012 22:40:00 -01:01", "2012-02-19T23:41:00Z"},
	    {"Wed, 19 Feb 2012 22:40:00 GMT-01:01", "2012-02-19T23:41:00Z"},
	    {"Mon, 26 January 2004 16:31:00 PT", "2004-01-27T00:31:00Z"},
	    {"Mon, 13 Feb, 2012 06:28:00 UTC", "2012-02-13T06:28:00Z"},
	    {"Thu, 01 Jan 2004", "2004-01-01T00:00:00Z"},
	    {"Wed, 19 Aug 2009 18:28:00 Etc/GMT", "2009-08-19T18:28:00Z"},
	    {"Mon, 2 Feb 2026 15:04:05 +0100 (CET)", "2026-02-02T14:04:05Z"},
	    {"Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53Z"},
	    {"Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z"},
	    {"2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z"},
	    {"2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55Z"},
	    {"2007-04-23T23:25:47.538+10:00", "2007-04-23T13:25:47Z"},
	    {"2003-12-31", "2003-12-31T00:00:00Z"},
	    {"2003-12", "2003-12-01T00:00:00Z"},
	    {"2003", "2003-01-01T00:00:00Z"},
	    {"2004-07-08 23:56:58 -00:20", "2004-07-09T00:16:58Z"},
	    {"  2026-02-01T10:00:00+01:00\t", "2026-02-01T09:00:00Z"},
	    {"", NULL},
	    {"yesterday", NULL},
	    {"Sun, 99 Jun 2009 12:00:00 GMT", NULL},
	    {"Sun, 16 Dec 2012 1:2:3:4 GMT", NULL},
	    {"Sun, 16 zzz 2012 11:47:32 GMT", NULL},
	    {"Sun, 31 Dec 9999 23:59:59 -9999", NULL},
	    {"2003-12-31T25:14:55Z", NULL},
	    {"2013-01-28T11:30:00-06:00Textra", NULL},
	    {"2013-xx-27", NULL},
	};

	for (size_t i = 0; i < ARRAY_LEN(v); i++) {
		int64_t t;
		int r = feed_date_parse(v[i].in, &t);

		if (v[i].want == NULL)
			CHECK(r == -1, "date \"%s\" rejected", v[i].in);
		else
			CHECK(r == 0 && str_eq(utc(1, t), v[i].want), "date \"%s\" = %s (got %s)",
			    v[i].in, v[i].want, r == 0 ? utc(1, t) : "reject");
	}
}

static void
test_html_to_text(void)
{
	static const struct {
		const char *in, *want;
	} v[] = {
	    {"plain   text\n here", "plain text here"},
	    {"<p>One</p><p>Two &amp; <b>three</b></p>", "One\nTwo & three"},
	    {"a<br>b<br/>c", "a\nb\nc"},
	    {"&lt;tag&gt; &#8212; &#x2014; &eacute; &nbsp;x",
	        "<tag> \xe2\x80\x94 \xe2\x80\x94 \xc3\xa9 \xc2\xa0x"},
	    {"AT&T & co &bogus; &#0;", "AT&T & co &bogus; \xef\xbf\xbd"},
	    {"<a href=\"x>y\" title='q'>link</a> text", "link text"},
	    {"<p>before<script>alert('<p>x</p>')</script> after</p>", "before after"},
	    {"<style>p { color: red }</style><p>styled</p>", "styled"},
	    {"<p>a <!-- comment --> b</p>", "a b"},
	    {"<ul><li>one</li><li>two</li></ul>", "one\ntwo"},
	    {"<P>Upper <SPAN>case</SPAN></P>", "Upper case"},
	    {"1 < 2 and 3 > 2", "1 < 2 and 3 > 2"},
	    {"<p>unclosed <b>bold", "unclosed bold"},
	    {"", ""},
	};

	for (size_t i = 0; i < ARRAY_LEN(v); i++) {
		char *t = html_to_text(v[i].in);

		CHECK_STR(t, v[i].want, "html_to_text case %zu", i + 1);
		free(t);
	}
	CHECK(html_to_text(NULL) == NULL, "html_to_text(NULL)");
}

int
main(void)
{
	test_mastodon();
	test_atom();
	test_rdf();
	test_json();
	test_json_stream();
	test_encodings();
	test_hostile();
	test_recovery();
	test_raw_window();
	test_not_feeds();
	test_callback_and_pipe();
	test_dates();
	test_html_to_text();
	UNIT_DONE();
}
