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

int
main(void)
{
	test_scan();
	test_long();
	test_many();
	test_item();
	UNIT_DONE();
}
