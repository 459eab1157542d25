/* match.c - unit tests: finding hashtags in text and matching a project. */
#include <stdio.h>
#include <stdlib.h>

#include "feed.h"
#include "hashtag.h"
#include "unit.h"

/* The tags found in text, joined by spaces. */
static char *
scan(const char *text)
{
	struct hashtag_list l;
	struct buf b;

	hashtag_list_init(&l);
	hashtag_scan(text, &l);
	buf_init(&b, BUF_NOLIMIT);
	for (size_t i = 0; i < l.n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", l.v[i]);
	hashtag_list_release(&l);
	return buf_detach(&b);
}

#define SCAN(text, want, ...)                                                                      \
	do {                                                                                       \
		char *got_ = scan(text);                                                           \
		CHECK_STR(got_, want, __VA_ARGS__);                                                \
		free(got_);                                                                        \
	} while (0)

static void
test_scan(void)
{
	SCAN("Opening keynote starts now! #nosd26", "nosd26", "a tag at the end");
	SCAN("#NOSD26 is on", "nosd26", "a tag at the start, case folded");
	SCAN("#nosd26x is another event", "nosd26x", "a longer tag is another tag");
	SCAN("#nosd26_old", "nosd26_old", "'_' continues a tag");
	SCAN("#nosd26, #rust. (#sqlite)", "nosd26 rust sqlite", "punctuation ends a tag");
	SCAN("#nosd26-day1", "nosd26", "'-' ends a tag");
	SCAN("https://x.example/page#nosd26", "", "a URL fragment is not a tag");
	SCAN("see https://x.example/#nosd26 now", "", "a fragment after a slash is not a tag");
	SCAN("www.x.example/#nosd26", "", "a www. URL fragment is not a tag");
	SCAN("abc#nosd26", "", "a '#' inside a word is not a tag");
	SCAN("issue #42 and #nosd26", "42 nosd26", "digit-only tags are found too");
	SCAN("C# and F# rock", "", "C# is not a tag");
	SCAN("# nosd26 #", "", "a lone '#' is not a tag");
	SCAN("Bra tale! #Bergen #Øl #ＮＯＳＤ２６", "bergen øl nosd26",
	    "non-ASCII and fullwidth letters normalised");
	SCAN("\xef\xbc\x83nosd26 fullwidth hash", "nosd26", "a fullwidth '#' starts a tag");
	SCAN("#nosd26 #NoSD26 #nosd26", "nosd26", "repeats are one tag");
	SCAN("#a#b", "a", "#a#b is one tag, as on Mastodon");
	SCAN("bad \xff bytes #nosd26", "nosd26", "invalid UTF-8 is skipped");
	SCAN("&#39;quoted&#39;", "", "an undecoded entity is not a tag");
	SCAN("", "", "empty text");
	SCAN("slides: https://x.example/ #nosd26", "nosd26", "a tag after a URL counts");
	SCAN("x\xe3\x80\x80#nosd26", "nosd26", "an ideographic space starts a word");
	SCAN("caf\xc3\xa9#nosd26", "", "a '#' after a non-ASCII letter is no tag");
	SCAN("\xef\xbc", "", "a cut fullwidth '#' at the end");
	SCAN("##nosd26", "nosd26", "'##tag' holds the tag");
	SCAN("line one\n#nosd26 on line two", "nosd26", "a tag at a line start");
}

static void
test_item(void)
{
	char *cats[] = {"NOSD26", "Open Source", "#Rust"};
	char *project[] = {"nosd26", "nosd2026"};
	struct incoming_post it;
	struct hashtag_list l;

	memset(&it, 0, sizeof it);
	hashtag_list_init(&l);
	it.content_text = "Great talk";
	hashtag_item_tags(&it, &l);
	CHECK(!hashtag_match(&l, project, 2), "no tag: no match");
	CHECK(hashtag_match(&l, project, 0), "a project without tags keeps every post");

	it.categories = cats;
	it.ncategories = 3;
	hashtag_list_reset(&l);
	hashtag_item_tags(&it, &l);
	CHECK(l.n == 2, "categories that are tags count, others do not (%zu)", l.n);
	CHECK(hashtag_match(&l, project, 2), "a category equal to a tag matches");

	it.ncategories = 0;
	it.title = "Day two #NOSD2026";
	hashtag_list_reset(&l);
	hashtag_item_tags(&it, &l);
	CHECK(hashtag_match(&l, project, 2), "a hashtag in the title matches");

	it.title = NULL;
	it.content_text = "Bergen at night #nosd26x";
	hashtag_list_reset(&l);
	hashtag_item_tags(&it, &l);
	CHECK(!hashtag_match(&l, project, 2), "#nosd26x is not #nosd26");
	hashtag_list_release(&l);
}

/* A long word full of '#' after '/' stays linear (it would time out otherwise). */
static void
test_long(void)
{
	size_t n = 4 << 20;
	char *text = malloc(n + 1);
	struct hashtag_list l;

	for (size_t i = 0; i < n; i += 2) {
		text[i] = '/';
		text[i + 1] = '#';
	}
	memcpy(text, "https://", 8);
	text[n] = '\0';
	hashtag_list_init(&l);
	hashtag_scan(text, &l);
	CHECK(l.n == 0, "a 4 MiB URL of '/#' pairs has no tag");
	hashtag_list_release(&l);
	free(text);
}

/*
 * One item with 100,000 distinct tags: the list keeps the first
 * HASHTAG_LIST_MAX, counts the rest as dropped, and still finds each one.
 */
static void
test_many(void)
{
	struct hashtag_list l;
	char tag[32];
	int found = 1;

	hashtag_list_init(&l);
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 100000; i++) {
			snprintf(tag, sizeof tag, "tag%d", i);
			hashtag_list_add(&l, tag);
		}
	CHECK(l.n == HASHTAG_LIST_MAX, "at most %d tags kept (got %zu)", HASHTAG_LIST_MAX, l.n);
	CHECK(l.dropped == 2 * (100000 - HASHTAG_LIST_MAX), "the rest counted as dropped (%zu)",
	    l.dropped);
	for (int i = 0; i < HASHTAG_LIST_MAX; i++) {
		snprintf(tag, sizeof tag, "tag%d", i);
		found &= hashtag_list_has(&l, tag) && strcmp(l.v[i], tag) == 0;
	}
	CHECK(found, "every kept tag found, in the order added");
	CHECK(!hashtag_list_has(&l, "tag99999"), "a dropped tag is not there");
	hashtag_list_reset(&l);
	CHECK(l.n == 0 && !hashtag_list_has(&l, "tag0"), "reset empties the index too");
	hashtag_list_add(&l, "again");
	CHECK(l.n == 1 && hashtag_list_has(&l, "again"), "and the list is usable after");
	hashtag_list_release(&l);
}

/* What the full policy says: 1 when the item (HTML content) has a project tag. */
static int
matches(
    const char *title, const char *html, char **cats, size_t ncats, char **project, size_t nproject)
{
	struct incoming_post it;
	struct hashtag_list l;
	char *text = html ? html_to_text(html) : NULL;
	int r;

	memset(&it, 0, sizeof it);
	it.title = (char *)title;
	it.content_text = text;
	it.categories = cats;
	it.ncategories = ncats;
	hashtag_list_init(&l);
	hashtag_item_tags(&it, &l);
	r = hashtag_match(&l, project, nproject) || l.dropped > 0;
	hashtag_list_release(&l);
	free(text);
	return r;
}

static int
surely_not(
    const char *title, const char *html, char **cats, size_t ncats, char **project, size_t nproject)
{
	struct incoming_post it;

	memset(&it, 0, sizeof it);
	it.title = (char *)title;
	it.content_html = (char *)html;
	it.categories = cats;
	it.ncategories = ncats;
	return hashtag_item_surely_unmatched(&it, project, nproject);
}

/*
 * The parser's early look (hashtag_item_surely_unmatched) never turns
 * away an item the full policy keeps, and does turn away the common
 * items without the tag.
 */
static void
test_surely_unmatched(void)
{
	static const struct {
		const char *title, *html;
		int want; /* what the early look says */
	} cases[] = {
	    {NULL,
	        "<p>words <a href=\"https://x.example/tags/other\" class=\"mention hashtag\">"
	        "#<span>other</span></a></p>",
	        1},
	    {NULL,
	        "<p>words <a href=\"https://x.example/tags/nosd26\">#<span>nosd26</span></a></p>",
	        0},
	    {NULL, "<p>#NOSD26 upper</p>", 0},
	    {NULL, "<p>split #nos<b>d26</b></p>", 0},
	    {NULL, "<p>comment #nosd<!-- x -->26</p>", 0},
	    {NULL, "<p>entity #&#110;osd26</p>", 0},
	    {NULL,
	        "<p>full #\xef\xbd\x8e\xef\xbd\x8f\xef\xbd\x93\xef\xbd\x84\xef\xbc\x92\xef\xbc\x96</p>",
	        0},
	    {NULL,
	        "<p>control #nosd\x01"
	        "26</p>",
	        0},
	    {NULL, "<p>soft #nosd&shy;26</p>", 0},
	    {NULL, "<p>it&#39;s &amp; &lt;b&gt; &quot;q&quot;&nbsp;#other</p>", 1},
	    {NULL, "<p>#nosd\n26 #other</p>", 1},
	    {NULL, "plain text #other", 1},
	    {"A title #nosd26", "<p>#other</p>", 0},
	    {"A title #other", "<p>#other</p>", 1},
	    {"caf\xc3\xa9 #other", "<p>#other</p>", 0},
	    {NULL, NULL, 1},
	};
	char *project[] = {"nosd26", "tm"};
	char *other[] = {"other"}, *tm[] = {"\xe2\x84\xa2"}, *cased[] = {"NoSD26"};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int got = surely_not(cases[i].title, cases[i].html, NULL, 0, project, 2);

		CHECK(got == cases[i].want, "early look at \"%s\" / \"%s\": %d", cases[i].title,
		    cases[i].html, got);
		CHECK(!got || !matches(cases[i].title, cases[i].html, NULL, 0, project, 2),
		    "turned away, and the full policy agrees (%zu)", i);
	}
	CHECK(surely_not(NULL, "#other", other, 1, project, 2), "a category that is no tag");
	CHECK(!surely_not(NULL, "#other", cased, 1, project, 2), "a category that is the tag");
	CHECK(!surely_not(NULL, "#other", tm, 1, project, 2), "a non-ASCII category: unsure");
	CHECK(hashtag_tags_plain(project, 2) && !hashtag_tags_plain(tm, 1) &&
	        !hashtag_tags_plain(cased, 1),
	    "only lower-case ASCII project tags are plain (the early look needs them)");

	/*
	 * Random fragments of the pieces that make tags hard to see: a few
	 * common ones, so that tags split every way come up often.
	 */
	{
		static const char *const pieces[] = {"#", "nos", "d26", "NOSD", "26", "<b>",
		    "<!-- -->", "osd26", "t", "m", "</b>", "<br>", "<p>", "</p>", " ", "\n",
		    "&amp;", "&#110;", "&#35;", "&nbsp;", "\xef\xbd\x8e", "\xef\xbc\x83", "x", "_",
		    "<a href=\"#nosd26\">", "</a>", "\x01", "\xe2\x84\xa2", "<![CDATA[", "]]>", "&",
		    "<"};
		unsigned seed = 26;
		int wrong = 0, fast = 0;

		for (int n = 0; n < 10000; n++) {
			char html[256] = "";
			size_t len = 0;

			for (int k = 0; k < 2 + n % 5; k++) {
				const char *piece;

				seed = seed * 1103515245u + 12345u;
				/* Mostly one of the first eight: the tag's own pieces. */
				piece = pieces[(seed >> 16) %
				    ((seed >> 8) & 3 ? 8 : ARRAY_LEN(pieces))];
				if (len + strlen(piece) + 1 > sizeof html)
					break;
				memcpy(html + len, piece, strlen(piece) + 1);
				len += strlen(piece);
			}
			if (surely_not(NULL, html, NULL, 0, project, 2)) {
				fast++;
				if (matches(NULL, html, NULL, 0, project, 2) && wrong++ < 3)
					printf("# turned away wrongly: \"%s\"\n", html);
			}
		}
		CHECK(wrong == 0, "10,000 random fragments: none turned away wrongly (%d of %d)",
		    wrong, fast);
		CHECK(fast > 1000, "and many turned away early (%d)", fast);
	}
}

int
main(void)
{
	test_scan();
	test_long();
	test_many();
	test_item();
	test_surely_unmatched();
	UNIT_DONE();
}
