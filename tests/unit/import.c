/*
 * import.c - unit tests: Mastodon statuses, Bluesky postViews, Storify
 * stories, Mastodon archives and twarc lines as feed items (fixtures in
 * tests/fixtures/import/), Link headers, hashtag addresses, detection and
 * the errors for bad or truncated archives.
 */
#include <stdlib.h>
#include <unistd.h>

#include "import.h"
#include "unit.h"
#include "util.h"

#define FIX "tests/fixtures/import/"
#define MAXGOT 16

/* Deep copies of what the converters handed over, in order. */
static struct incoming_post got[MAXGOT];
static size_t ngot;
static char *notes[MAXGOT];
static size_t nnotes, order_pos;
static char order[64]; /* 'p' for a post, 'n' for a note, in sink order */
static struct {
	char *url, *sha;
	size_t len;
} media[MAXGOT];
static size_t nmedia;

static char *
copy_str(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int
on_item(void *arg, const struct incoming_post *it, struct err *e)
{
	struct incoming_post *c;

	(void)arg;
	if (ngot == MAXGOT)
		return err_set(e, ERR_FAIL, "too many items");
	c = &got[ngot++];
	*c = *it;
	c->guid = copy_str(it->guid);
	c->permalink = copy_str(it->permalink);
	c->title = copy_str(it->title);
	c->author_name = copy_str(it->author_name);
	c->author_handle = copy_str(it->author_handle);
	c->author_url = copy_str(it->author_url);
	c->author_avatar = copy_str(it->author_avatar);
	c->date_text = copy_str(it->date_text);
	c->content_html = copy_str(it->content_html);
	c->content_text = copy_str(it->content_text);
	c->language = copy_str(it->language);
	c->content_warning = copy_str(it->content_warning);
	c->raw = copy_str(it->raw);
	c->categories = xcalloc(it->ncategories + 1, sizeof *c->categories);
	for (size_t i = 0; i < it->ncategories; i++)
		c->categories[i] = copy_str(it->categories[i]);
	c->media = xcalloc(it->nmedia + 1, sizeof *c->media);
	for (size_t i = 0; i < it->nmedia; i++) {
		c->media[i] = it->media[i];
		c->media[i].url = copy_str(it->media[i].url);
		c->media[i].type = copy_str(it->media[i].type);
		c->media[i].medium = copy_str(it->media[i].medium);
		c->media[i].alt = copy_str(it->media[i].alt);
		c->media[i].preview_url = copy_str(it->media[i].preview_url);
	}
	if (order_pos + 1 < sizeof order)
		order[order_pos++] = 'p';
	return 0;
}

static int
on_note(void *arg, const char *md, struct err *e)
{
	(void)arg;
	if (nnotes == MAXGOT)
		return err_set(e, ERR_FAIL, "too many notes");
	notes[nnotes++] = xstrdup(md);
	if (order_pos + 1 < sizeof order)
		order[order_pos++] = 'n';
	return 0;
}

static int
on_media(void *arg, const char *url, const void *data, size_t len, const char *sha, struct err *e)
{
	(void)arg, (void)data;
	if (nmedia == MAXGOT)
		return err_set(e, ERR_FAIL, "too many media");
	media[nmedia].url = xstrdup(url);
	media[nmedia].sha = xstrdup(sha);
	media[nmedia++].len = len;
	return 0;
}

static void
reset(void)
{
	for (size_t i = 0; i < ngot; i++) {
		struct incoming_post *c = &got[i];
		char *s[] = {c->guid, c->permalink, c->title, c->author_name, c->author_handle,
		    c->author_url, c->author_avatar, c->date_text, c->content_html, c->content_text,
		    c->language, c->content_warning, c->raw};
		for (size_t k = 0; k < ARRAY_LEN(s); k++)
			free(s[k]);
		for (size_t k = 0; k < c->ncategories; k++)
			free(c->categories[k]);
		free(c->categories);
		for (size_t k = 0; k < c->nmedia; k++) {
			free(c->media[k].url);
			free(c->media[k].type);
			free(c->media[k].medium);
			free(c->media[k].alt);
			free(c->media[k].preview_url);
		}
		free(c->media);
	}
	for (size_t i = 0; i < nnotes; i++)
		free(notes[i]);
	for (size_t i = 0; i < nmedia; i++) {
		free(media[i].url);
		free(media[i].sha);
	}
	ngot = nnotes = nmedia = order_pos = 0;
	memset(order, 0, sizeof order);
}

static char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[4096];
	size_t r;

	buf_init(&b, BUF_NOLIMIT);
	if (f == NULL)
		return buf_detach(&b);
	while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, r);
	fclose(f);
	*n = b.len;
	return buf_detach(&b);
}

static int
has_category(const struct incoming_post *it, const char *tag)
{
	for (size_t i = 0; i < it->ncategories; i++)
		if (strcmp(it->categories[i], tag) == 0)
			return 1;
	return 0;
}

static void
test_mastodon(void)
{
	struct mastodon_page page;
	struct err e;
	size_t n = 0;
	char *json = slurp(FIX "mastodon-page.json", &n);
	const char *s;

	reset();
	CHECK(mastodon_parse_page(json, n, "social.example", on_item, NULL, &page, &e) == 0,
	    "mastodon page parses");
	CHECK(page.statuses == 3 && ngot == 3, "three entries, three items (%zu)", ngot);
	CHECK_STR(page.newest_id, "112030000000000120", "newest id for the cursor");
	CHECK_STR(page.oldest_id, "112030000000000098", "oldest id for max_id");
	CHECK(page.has_oldest && page.oldest_at == 1773478800, "oldest created_at");
	CHECK_STR(got[0].guid, "https://social.example/users/alice/statuses/112030000000000120",
	    "uri is the guid");
	CHECK_STR(got[0].permalink, "https://social.example/@alice/112030000000000120",
	    "url is the permalink");
	CHECK_STR(got[0].author_name, "Alice Berg", "display name");
	CHECK_STR(
	    got[0].author_handle, "@alice@social.example", "local acct gets the instance host");
	CHECK_STR(got[0].author_avatar, "https://social.example/system/accounts/avatars/alice.png",
	    "avatar");
	CHECK_STR(got[0].content_warning, "food photo", "spoiler_text is the content warning");
	CHECK(got[0].sensitive, "sensitive");
	CHECK_STR(got[0].language, "sv", "language");
	CHECK(got[0].has_updated && got[0].updated == 1773501930, "edited_at is updated");
	CHECK(got[0].has_published && got[0].published == 1773501600, "created_at is published");
	CHECK(got[0].nmedia == 2, "both attachments");
	CHECK_STR(
	    got[0].media[0].alt, "A plate of pickled herring with rye bread", "description is alt");
	CHECK_STR(got[0].media[0].preview_url,
	    "https://social.example/system/media_attachments/files/9001/small/lunch.jpg",
	    "preview url");
	CHECK_STR(got[0].media[0].medium, "image", "image medium");
	CHECK(got[0].media[0].width == 1600 && got[0].media[0].height == 1200, "size from meta");
	CHECK_STR(got[0].media[1].medium, "video", "gifv is a video");
	CHECK(got[0].ncategories == 1 && has_category(&got[0], "nosd26"), "tags are categories");
	CHECK(got[0].raw && strstr(got[0].raw, "\"spoiler_text\":\"food photo\""), "raw JSON kept");
	CHECK_STR(got[1].guid, "https://other.example/users/bjorn/statuses/99001",
	    "a boost is its original");
	CHECK_STR(got[1].author_handle, "@bjorn@other.example", "remote acct kept whole");
	CHECK_STR(got[1].author_name, "bjorn", "empty display name falls back to the username");
	CHECK(got[1].raw && strstr(got[1].raw, "\"reblog\":null"),
	    "raw of a boost is the original status");
	CHECK_STR(got[2].author_name, "Bj\xc3\xb6rn", "UTF-8 display name");
	mastodon_page_release(&page);
	free(json);

	reset();
	s = "{\"error\":\"This method requires an authenticated user\"}";
	CHECK(mastodon_parse_page(s, strlen(s), "h", on_item, NULL, &page, &e) == -1,
	    "error object fails");
	CHECK(strstr(e.msg, "requires an authenticated user") != NULL, "error says why: %s", e.msg);
	CHECK(mastodon_parse_page("[{\"id\":\"1\"", 10, "h", on_item, NULL, &page, &e) == -1,
	    "truncated JSON fails");
	CHECK(
	    strstr(e.msg, "JSON error at line 1") != NULL, "JSON error names the line: %s", e.msg);
	mastodon_page_release(&page);

	CHECK(mastodon_id_cmp("99", "100") < 0 && mastodon_id_cmp("100", "99") > 0 &&
	        mastodon_id_cmp("0100", "100") == 0,
	    "ids compare as numbers");
}

static void
test_link(void)
{
	const char *h =
	    "<https://social.example/api/v1/timelines/tag/nosd26?max_id=111>; rel=\"next\", "
	    "<https://social.example/api/v1/timelines/tag/nosd26?min_id=120>; rel=\"prev\"";
	char *s;

	s = mastodon_link(h, "next");
	CHECK_STR(s, "https://social.example/api/v1/timelines/tag/nosd26?max_id=111", "Link next");
	free(s);
	s = mastodon_link(h, "prev");
	CHECK_STR(s, "https://social.example/api/v1/timelines/tag/nosd26?min_id=120", "Link prev");
	free(s);
	s = mastodon_link(h, "last");
	CHECK(s == NULL, "absent rel is NULL");
	s = mastodon_link("<https://a.example/x>; rel=\"prev next\"", "next");
	CHECK_STR(s, "https://a.example/x", "rel with several relations");
	free(s);
	CHECK(mastodon_link("<broken", "next") == NULL, "unterminated Link is ignored");
}

static void
test_tag_urls(void)
{
	char *o = NULL, *t = NULL, *b;

	CHECK(
	    mastodon_tag_url("https://social.example/tags/nosd26", 0, &o, &t) == 1, "tag address");
	CHECK_STR(o, "https://social.example", "origin");
	CHECK_STR(t, "nosd26", "tag");
	free(o), free(t);
	CHECK(mastodon_tag_url("http://127.0.0.1:8080/tags/N%C3%B6sd", 0, &o, &t) == 1,
	    "with a port");
	CHECK_STR(o, "http://127.0.0.1:8080", "origin keeps the port");
	CHECK_STR(t, "N\xc3\xb6sd", "tag percent-decoded");
	free(o), free(t);
	CHECK(mastodon_tag_url("https://social.example/tags/nosd26.rss", 0, &o, &t) == 0,
	    "the RSS address is a feed unless asked");
	CHECK(mastodon_tag_url("https://social.example/tags/nosd26.rss", 1, &o, &t) == 1,
	    "the RSS address with --api");
	CHECK_STR(t, "nosd26", "tag without .rss");
	free(o), free(t);
	CHECK(mastodon_tag_url("https://blog.example/feed.xml", 1, &o, &t) == 0, "a blog is not");
	CHECK(mastodon_tag_url("https://blog.example/tags/a/b", 1, &o, &t) == 0,
	    "deeper paths are not");
	b = bluesky_tag_url("https://bsky.app/hashtag/nosd26");
	CHECK_STR(b, "nosd26", "bsky.app hashtag address");
	free(b);
	b = bluesky_tag_url("bluesky:#NOSD26");
	CHECK_STR(b, "NOSD26", "bluesky:#NAME");
	free(b);
	CHECK(bluesky_tag_url("https://bsky.app/profile/x") == NULL, "a profile is not a tag");
	CHECK(bluesky_tag_url("bluesky:") == NULL, "empty tag");
}

static void
test_bluesky(void)
{
	struct bluesky_page page;
	struct err e;
	size_t n = 0;
	char *json = slurp(FIX "bluesky-search.json", &n), *jwt;
	const char *s;

	reset();
	CHECK(bluesky_parse_search(json, n, on_item, NULL, &page, &e) == 0, "search page parses");
	CHECK(ngot == 3 && page.posts == 3, "three posts");
	CHECK_STR(page.cursor, "eyJvZmZzZXQiOjN9", "cursor");
	CHECK(page.has_oldest && page.oldest_at == 1773475200, "oldest createdAt");
	CHECK_STR(got[0].guid, "at://did:plc:k4lm2xq7example/app.bsky.feed.post/3lbsxk2ab2c2x",
	    "at:// uri is the guid");
	CHECK_STR(got[0].permalink, "https://bsky.app/profile/karin.bsky.social/post/3lbsxk2ab2c2x",
	    "permalink from the at:// uri");
	CHECK_STR(got[0].author_handle, "@karin.bsky.social", "handle");
	CHECK_STR(got[0].author_name, "Karin \xc3\x96", "display name");
	CHECK_STR(got[0].author_url, "https://bsky.app/profile/karin.bsky.social", "profile");
	CHECK(got[0].has_published && got[0].published == 1773484200, "createdAt");
	CHECK_STR(got[0].content_html,
	    "Sm\xc3\xb6rg\xc3\xa5sbord of talks at <a href=\"https://bsky.app/hashtag/nosd26\">#nosd26</a> "
	    "\xe2\x80\x94 schedule: <a href=\"https://nosd.example/2026\">https://nosd.example/2026</a> &amp; more",
	    "HTML from facets at UTF-8 byte offsets");
	CHECK(got[0].nmedia == 1, "image embed");
	CHECK_STR(got[0].media[0].url,
	    "https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:k4lm2xq7example/bafkreiimg1@jpeg",
	    "fullsize");
	CHECK_STR(got[0].media[0].preview_url,
	    "https://cdn.bsky.app/img/feed_thumbnail/plain/did:plc:k4lm2xq7example/bafkreiimg1@jpeg",
	    "thumb");
	CHECK_STR(got[0].media[0].alt, "The printed schedule taped to a door", "alt");
	CHECK(got[0].media[0].width == 1200, "aspect ratio");
	CHECK(has_category(&got[0], "nosd26"), "tag facet is a category");
	CHECK(has_category(&got[1], "NOSD26") && has_category(&got[1], "maps") &&
	        has_category(&got[1], "openmaps"),
	    "facet tags and record tags");
	CHECK(got[1].nmedia == 1, "images inside recordWithMedia");
	CHECK(got[1].sensitive, "graphic-media label is sensitive");
	CHECK_STR(got[1].language, "en", "first language");
	CHECK(
	    strstr(got[1].content_html,
	        "<a href=\"https://bsky.app/profile/did:plc:ingridexample\">@ingrid.example.org</a>") !=
	        NULL,
	    "mention facet links the profile");
	CHECK_STR(got[2].content_html, "Badge pickup queue is long &lt;3 #nosd26",
	    "facets out of range are ignored, text escaped");
	CHECK_STR(got[2].content_text, "Badge pickup queue is long <3 #nosd26",
	    "plain text is the record's");
	bluesky_page_release(&page);
	free(json);

	s = "{\"did\":\"did:plc:x\",\"accessJwt\":\"eyJ.a.b\"}";
	CHECK(bluesky_parse_session(s, strlen(s), &jwt, &e) == 0, "session parses");
	CHECK_STR(jwt, "eyJ.a.b", "access token");
	free(jwt);
	CHECK(bluesky_parse_session("{}", 2, &jwt, &e) == -1 && jwt == NULL, "no token fails");
	s = "{\"error\":\"AuthRequired\",\"message\":\"Authentication Required\"}";
	jwt = bluesky_error_message(s, strlen(s));
	CHECK_STR(jwt, "AuthRequired: Authentication Required", "XRPC error message");
	free(jwt);
}

static void
test_storify(void)
{
	struct import_info info;
	struct import_sink sink = {NULL, on_item, on_note, NULL};
	enum import_format f;
	struct err e;

	reset();
	CHECK(import_detect(FIX "storify.json", &f, &e) == 0 && f == IMPORT_STORIFY,
	    "storify detected");
	CHECK(import_file(FIX "storify.json", IMPORT_AUTO, &sink, &info, &e) == 0,
	    "storify imports: %s", e.msg);
	CHECK_STR(order, "nppnpp", "notes and posts interleaved as in the story");
	CHECK(info.items == 4 && info.notes == 2, "four posts and two notes");
	CHECK_STR(info.raw_format, "storify", "raw format");
	CHECK_STR(info.title, "Nordic Open Source Days 2026: day one", "story title");
	CHECK_STR(notes[0],
	    "The day opened with **coffee** and a [packed schedule](https://nosd.example/2026).\n\nHere is how it went.",
	    "text element as Markdown");
	CHECK(notes[1] && strstr(notes[1], "### Afternoon") && strstr(notes[1], "- \\*data\\*"),
	    "heading and list, text escaped");
	CHECK_STR(got[0].permalink, "https://twitter.com/sofia_h/status/1768290000000000001",
	    "quote permalink");
	CHECK_STR(got[0].author_handle, "@sofia_h", "attribution username");
	CHECK_STR(got[0].author_avatar, "https://pbs.twimg.example/profile_images/sofia.jpg",
	    "attribution thumbnail");
	CHECK_STR(got[0].content_text,
	    "Doors open at #nosd26, the queue reaches the river <already>", "quote text");
	CHECK_STR(got[0].content_html,
	    "Doors open at #nosd26, the queue reaches the river &lt;already&gt;",
	    "quote HTML escaped");
	CHECK(got[0].has_published && got[0].published == 1773477900, "posted_at");
	CHECK(got[1].nmedia == 1 &&
	        strcmp(got[1].media[0].url, "https://photos.example/nosd26/hall-a.jpg") == 0,
	    "image element");
	CHECK_STR(got[1].media[0].alt, "Hall A before the keynote #nosd26", "caption is alt");
	CHECK_STR(got[2].title, "My #nosd26 notes", "link title");
	CHECK(got[2].has_published && got[2].published == 1773500400, "epoch milliseconds");
	CHECK(got[3].nmedia == 1 && strcmp(got[3].media[0].medium, "video") == 0, "video element");
	import_info_release(&info);

	reset();
	CHECK(import_file(FIX "bad-storify.json", IMPORT_STORIFY, &sink, &info, &e) == -1,
	    "bad element fails");
	CHECK(strstr(e.msg, "element 2") != NULL, "error names the element: %s", e.msg);
	import_info_release(&info);
}

static void
test_mastodon_archive(void)
{
	struct import_info info;
	struct import_sink sink = {NULL, on_item, on_note, on_media};
	enum import_format f;
	struct err e;

	reset();
	CHECK(import_detect(FIX "mastodon-archive.tar.gz", &f, &e) == 0 &&
	        f == IMPORT_MASTODON_ARCHIVE,
	    "tarball detected");
	CHECK(import_file(FIX "mastodon-archive.tar.gz", IMPORT_AUTO, &sink, &info, &e) == 0,
	    "archive imports: %s", e.msg);
	CHECK(ngot == 3, "three Notes, the Announce skipped (%zu)", ngot);
	CHECK_STR(got[0].guid, "https://social.example/users/ingrid/statuses/112030000000000201",
	    "Note id");
	CHECK_STR(
	    got[0].permalink, "https://social.example/@ingrid/112030000000000201", "Note url");
	CHECK_STR(got[0].author_name, "Ingrid Dahl", "actor name");
	CHECK_STR(got[0].author_handle, "@ingrid@social.example", "actor handle");
	CHECK(got[0].author_avatar == NULL, "an avatar inside the archive is no URL");
	CHECK_STR(got[0].language, "en", "contentMap language");
	CHECK(got[0].nmedia == 1, "attachment");
	CHECK_STR(got[0].media[0].url,
	    "https://social.example/media_attachments/files/112/030/000/original/train.png",
	    "media URL made absolute");
	CHECK_STR(got[0].media[0].alt, "A train window with snow outside", "name is alt");
	CHECK_STR(got[0].media[0].type, "image/png", "mediaType");
	CHECK(has_category(&got[0], "nosd26"), "Hashtag tag");
	CHECK_STR(got[1].content_warning, "conference food", "summary is the CW");
	CHECK(got[1].sensitive && got[1].has_updated, "sensitive, updated");
	CHECK(got[1].ncategories == 1, "mentions are not categories");
	CHECK(nmedia == 1 && info.media == 1, "one media file kept");
	CHECK_STR(media[0].url, got[0].media[0].url, "media bytes named by the item's URL");
	CHECK_STR(media[0].sha, "9187103533cebe3fe2b26f322c408a488c6c206584bdc3deb5331cf01c725ba8",
	    "sha256");
	CHECK(media[0].len == 77, "bytes");
	import_info_release(&info);

	reset();
	CHECK(import_file(FIX "mastodon-archive/outbox.json", IMPORT_AUTO, &sink, &info, &e) == 0,
	    "outbox.json alone imports");
	CHECK(ngot == 3 && nmedia == 0, "its Notes, no media");
	CHECK_STR(got[0].author_handle, "@ingrid@social.example", "handle from the actor URL");
	CHECK_STR(got[0].media[0].url,
	    "https://social.example/media_attachments/files/112/030/000/original/train.png",
	    "media URL from the actor's host");
	import_info_release(&info);
}

static void
test_truncated_archive(void)
{
	struct import_info info;
	struct import_sink sink = {NULL, on_item, on_note, on_media};
	char path[] = "/tmp/storied-unit-XXXXXX";
	size_t n = 0;
	char *data = slurp(FIX "mastodon-archive.tar.gz", &n);
	int fd = mkstemp(path);
	struct err e;

	CHECK(fd != -1 && write(fd, data, n / 2) == (ssize_t)(n / 2), "truncated copy written");
	close(fd);
	reset();
	CHECK(import_file(path, IMPORT_MASTODON_ARCHIVE, &sink, &info, &e) == -1,
	    "truncated archive fails");
	CHECK(strstr(e.msg, "archive") != NULL, "error names the archive: %s", e.msg);
	import_info_release(&info);
	unlink(path);
	free(data);
}

static void
test_twarc(void)
{
	struct import_info info;
	struct import_sink sink = {NULL, on_item, NULL, NULL};
	enum import_format f;
	struct err e;

	reset();
	CHECK(import_detect(FIX "twarc-v1.jsonl", &f, &e) == 0 && f == IMPORT_TWARC,
	    "twarc v1.1 detected");
	CHECK(import_file(FIX "twarc-v1.jsonl", IMPORT_AUTO, &sink, &info, &e) == 0,
	    "v1.1 imports: %s", e.msg);
	CHECK(ngot == 3, "three lines");
	CHECK_STR(got[0].permalink, "https://twitter.com/sofia_h/status/1768290000000000101",
	    "permalink");
	CHECK_STR(got[0].author_handle, "@sofia_h", "screen name");
	CHECK(got[0].has_published && got[0].published == 1773482400, "Twitter date");
	CHECK_STR(got[0].content_text,
	    "Great talk on <open maps> & data at #nosd26 https://maps.example/talk",
	    "entities decoded, link expanded, media link dropped");
	CHECK_STR(got[0].content_html,
	    "Great talk on &lt;open maps&gt; &amp; data at #nosd26 <a href=\"https://maps.example/talk\">maps.example/talk</a> ",
	    "HTML with the expanded link");
	CHECK(got[0].nmedia == 1 &&
	        strcmp(got[0].media[0].alt, "The stage with a map projected") == 0,
	    "alt text");
	CHECK(has_category(&got[0], "nosd26"), "hashtags entity");
	CHECK_STR(got[1].permalink, got[0].permalink, "a retweet is its original");
	import_info_release(&info);

	reset();
	CHECK(import_detect(FIX "twarc-v2.jsonl", &f, &e) == 0 && f == IMPORT_TWARC,
	    "twarc v2 detected");
	CHECK(import_file(FIX "twarc-v2.jsonl", IMPORT_AUTO, &sink, &info, &e) == 0,
	    "v2 imports: %s", e.msg);
	CHECK(ngot == 3, "two flattened lines and an unflattened page");
	CHECK_STR(got[0].permalink, "https://twitter.com/maja_k/status/1768290000000000201",
	    "v2 permalink");
	CHECK_STR(got[0].content_text,
	    "Lightning talks now \xf0\x9f\x9a\x80 #NOSD26 https://nosd.example/lightning",
	    "v2 text, own photo link dropped");
	CHECK(got[0].nmedia == 1 && strcmp(got[0].media[0].alt, "Speaker holding a timer") == 0,
	    "v2 media alt");
	CHECK(has_category(&got[0], "NOSD26"), "v2 hashtags");
	CHECK(got[0].has_published && got[0].published == 1773496800, "v2 date");
	CHECK_STR(got[2].permalink, "https://twitter.com/ola/status/1768290000000000301",
	    "unflattened: the author from includes.users");
	CHECK_STR(got[2].author_name, "Ola N", "author name from includes");
	CHECK(got[2].nmedia == 1 && strcmp(got[2].media[0].alt, "A full hall") == 0,
	    "media from includes.media");
	import_info_release(&info);

	reset();
	CHECK(import_file(FIX "bad-twarc.jsonl", IMPORT_TWARC, &sink, &info, &e) == -1,
	    "broken line fails");
	CHECK(strstr(e.msg, "line 2:") != NULL, "error names the line: %s", e.msg);
	import_info_release(&info);
}

static void
test_detect(void)
{
	enum import_format f;
	struct err e;

	CHECK(import_format_parse("mastodon-archive", &f) == 0 && f == IMPORT_MASTODON_ARCHIVE,
	    "format names");
	CHECK(import_format_parse("jsonfeed", &f) == 0 && f == IMPORT_FEED, "jsonfeed");
	CHECK(import_format_parse("csv", &f) == -1, "unknown format");
	CHECK(import_detect(FIX "mastodon-page.json", &f, &e) == -1, "an API page is no archive");
	CHECK(strstr(e.msg, "--format") != NULL, "says how to name one");
	CHECK(import_detect(FIX "no-such-file", &f, &e) == -1, "missing file fails");
}

/* Parse the feed text doc through feed_parse_fd (from a temporary file). */
static int
parse_feed_text(const char *doc, struct err *e)
{
	char path[] = "/tmp/storied-unit-XXXXXX";
	struct feed_options opt = {0};
	struct feed_info info = {0};
	int fd = mkstemp(path), rc;

	if (fd == -1)
		return -1;
	unlink(path);
	if (write(fd, doc, strlen(doc)) != (ssize_t)strlen(doc) || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	rc = feed_parse_fd(fd, &opt, on_item, NULL, &info, e);
	feed_info_release(&info);
	close(fd);
	return rc;
}

/*
 * The same plain text stored as the same HTML whatever brought it: a JSON
 * Feed's content_text, an Atom type="text" content, a Bluesky post's text
 * and a Storify quote (one builder: incoming_text_to_html).
 */
static void
test_same_html(void)
{
	static const char want[] = "Line one &amp; &lt;two&gt;<br>\nsaid \"three\" #nosd26";
	static const char jsonfeed[] =
	    "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"t\",\"items\":["
	    "{\"id\":\"1\",\"content_text\":\"Line one & <two>\\nsaid \\\"three\\\" #nosd26\"}]}";
	static const char atom[] =
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><entry><id>urn:x:1</id>"
	    "<title>x</title><content type=\"text\">Line one &amp; &lt;two&gt;\nsaid \"three\" #nosd26"
	    "</content></entry></feed>";
	static const char bluesky[] =
	    "{\"posts\":[{\"uri\":\"at://did:plc:x/app.bsky.feed.post/1\",\"author\":{\"did\":\"did:plc:x\","
	    "\"handle\":\"x.example\"},\"record\":{\"text\":\"Line one & <two>\\nsaid \\\"three\\\" #nosd26\","
	    "\"createdAt\":\"2026-03-14T10:00:00Z\"}}]}";
	static const char storify[] =
	    "{\"content\":{\"sid\":\"s\",\"title\":\"t\",\"elements\":[{\"id\":\"el-1\",\"type\":\"quote\","
	    "\"permalink\":\"https://x.example/1\",\"data\":{\"quote\":{\"text\":"
	    "\"Line one & <two>\\nsaid \\\"three\\\" #nosd26\"}}}]}}";
	char path[] = "/tmp/storied-unit-XXXXXX";
	struct import_sink sink = {NULL, on_item, on_note, NULL};
	struct import_info info;
	struct bluesky_page page;
	struct err e;
	int fd;

	reset();
	CHECK(parse_feed_text(jsonfeed, &e) == 0 && ngot == 1, "JSON Feed parses: %s", e.msg);
	CHECK(parse_feed_text(atom, &e) == 0 && ngot == 2, "Atom parses: %s", e.msg);
	CHECK(bluesky_parse_search(bluesky, strlen(bluesky), on_item, NULL, &page, &e) == 0 &&
	        ngot == 3,
	    "Bluesky parses: %s", e.msg);
	bluesky_page_release(&page);
	fd = mkstemp(path);
	CHECK(fd != -1 && write(fd, storify, strlen(storify)) == (ssize_t)strlen(storify),
	    "storify file written");
	if (fd != -1)
		close(fd);
	memset(&info, 0, sizeof info);
	CHECK(import_file(path, IMPORT_STORIFY, &sink, &info, &e) == 0 && ngot == 4,
	    "Storify imports: %s", e.msg);
	import_info_release(&info);
	unlink(path);
	for (size_t i = 0; i < ngot; i++)
		CHECK_STR(
		    got[i].content_html, want, "item %zu: plain text as the one stored HTML", i);
	reset();
}

int
main(void)
{
	test_mastodon();
	test_link();
	test_tag_urls();
	test_bluesky();
	test_storify();
	test_mastodon_archive();
	test_truncated_archive();
	test_twarc();
	test_detect();
	test_same_html();
	reset();
	UNIT_DONE();
}
