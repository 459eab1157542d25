/* store_render.c - unit tests: the story cursor, and the digest: credits and counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/internal.h"
#include "store_render.h"
#include "store_stats.h"
#include "unit.h"

static char *
slurp(const char *path)
{
	struct buf b;
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	buf_init(&b, BUF_NOLIMIT);
	if (f == NULL)
		return buf_detach(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_detach(&b);
}

static struct store *
fixture(char *path)
{
	struct store *s;
	struct err e;
	char *sql;
	int fd = mkstemp(path);

	close(fd);
	unlink(path);
	if (store_create(path, &s, &e) == -1) {
		printf("not ok - store_create: %s\n", e.msg);
		exit(1);
	}
	sql = slurp("tests/fixtures/posts.sql");
	CHECK(store_exec(s, sql, &e) == 0, "fixture loads");
	free(sql);
	CHECK(store_exec(s,
	          "INSERT INTO story_items (kind, post_id, body, level, position, created_at,"
	          " updated_at) VALUES"
	          " ('heading', NULL, 'Day *one*', 2, 'a0', 0, 0),"
	          " ('post', 1, 'The room was **full**.', NULL, 'a1', 0, 0),"
	          " ('note', NULL, 'Then the talks began.', NULL, 'a2', 0, 0),"
	          " ('post', 6, NULL, NULL, 'a3', 0, 0),"
	          " ('post', 5, NULL, NULL, 'a4', 0, 0),"
	          " ('post', 3, NULL, NULL, 'a25', 0, 0),"
	          " ('heading', NULL, 'Day two', 9, 'b0', 0, 0),"
	          " ('post', 7, NULL, NULL, 'b1', 0, 0),"
	          " ('post', 2, NULL, NULL, 'b2', 0, 0);"
	          "UPDATE posts SET hidden = 1 WHERE id = 2;",
	          &e) == 0,
	    "story items insert");
	return s;
}

static void
test_cursor(struct store *s)
{
	struct story_cursor *c;
	struct story_item it;
	struct err e;
	int n = 0, r;
	char order[64] = "";
	size_t len = 0;

	CHECK(store_story_open(s, STORY_ALL, &c, &e) == 0, "open the story");
	while ((r = store_story_next(c, &it, &e)) == 1) {
		len += (size_t)snprintf(order + len, sizeof order - len, "%s%lld", len ? "," : "",
		    (long long)(it.kind == STORY_POST ? it.post.id : -it.id));
		if (it.kind == STORY_POST && it.post.id == 1) {
			CHECK_STR(it.body, "The room was **full**.", "caption");
			CHECK_STR(it.post.author_name, "Alice Berg", "author name");
			CHECK(it.post.nmedia == 1, "one media");
			CHECK_STR(it.post.media[0].alt,
			    "A full auditorium facing a stage with a large screen reading \"Welcome\"",
			    "media alt");
			CHECK(it.post.media[0].width == 1600, "media width");
			CHECK(it.post.ntags == 1, "one tag");
			CHECK_STR(it.post.tags[0], "nosd26", "tag");
			CHECK_STR(it.post.source_name, "social.example #nosd26", "source name");
			CHECK(
			    it.post.has_published && it.post.published == 1773478800, "published");
		}
		if (it.kind == STORY_POST && it.post.id == 6) {
			CHECK(it.post.ntags == 2, "two tags");
			CHECK(it.post.ntags == 2 && strcmp(it.post.tags[1], "sqlite") == 0,
			    "tags sorted");
			CHECK(it.post.nmedia == 0, "no media");
			CHECK(it.post.has_updated, "updated");
		}
		if (it.kind == STORY_HEADING && it.id == 7)
			CHECK(it.level == 6, "heading level clamped to 6");
		n++;
	}
	CHECK(r == 0, "cursor ends cleanly");
	CHECK_STR(order, "-1,1,-3,3,6,5,-7,7,2",
	    "items in position order as text (a25 < a3), a hidden post too");
	store_story_rewind(c);
	CHECK(store_story_next(c, &it, &e) == 1 && it.kind == STORY_HEADING && it.id == 1,
	    "rewind starts again");
	store_story_close(c);

	CHECK(store_story_open(s, STORY_HEADINGS, &c, &e) == 0, "open the headings");
	n = 0;
	while (store_story_next(c, &it, &e) == 1) {
		CHECK(it.kind == STORY_HEADING, "headings only");
		n++;
	}
	CHECK(n == 2, "two headings");
	store_story_close(c);
}

static void
test_credits(struct store *s)
{
	struct story_digest d;
	struct err e;
	size_t n = 0;

	CHECK(store_story_digest(s, NULL, NULL, &d, &e) == 0, "the digest");
	for (; n < d.nsources; n++) {
		const struct story_source src = d.sources[n];

		if (n == 0) {
			CHECK(src.id == 1 && src.posts == 4, "first source: 4 story posts");
			CHECK(src.nauthors == 4, "four authors");
			if (src.nauthors == 4) {
				CHECK_STR(
				    src.authors[0].name, "Alice Berg", "authors sorted by name");
				CHECK_STR(src.authors[1].name, "Chloé Dubois", "second author");
				CHECK_STR(src.authors[2].handle, "@mallory@social.example",
				    "third author");
				CHECK(src.authors[3].name == NULL, "no name sorts last");
				CHECK_STR(
				    src.authors[3].handle, "@bjorn@social.example", "handle only");
			}
		} else {
			CHECK(src.id == 2 && src.posts == 2, "second source: 2 story posts");
			CHECK(src.nauthors == 1 && src.authors[0].posts == 2, "one blog author");
			CHECK_STR(src.url, "https://blog.example/feed.atom", "source url");
		}
	}
	CHECK(n == 2, "two sources");
	story_digest_release(&d);
}

static void
test_counts(struct store *s)
{
	struct story_digest d;
	struct story_counts c;
	struct err e;

	CHECK(store_story_digest(s, NULL, NULL, &d, &e) == 0, "counts");
	c = d.counts;
	story_digest_release(&d);
	CHECK(c.items == 9 && c.posts == 6 && c.notes == 1 && c.headings == 2, "item counts");
	CHECK(c.authors == 5, "distinct authors (%lld)", (long long)c.authors);
	CHECK(c.sources == 2 && c.media == 2, "sources and media");
	CHECK(c.has_span && c.first == 1773478800 && c.last == 1773604800, "span");
}

/* The pass with the stats gives the same digest as the story-only one. */
static void
test_digest_with_stats(struct store *s)
{
	struct story_digest a, b;
	struct project p = {0};
	struct stats st;
	struct err e;

	p.timezone = "UTC";
	CHECK(store_story_digest(s, &p, NULL, &a, &e) == 0, "digest alone");
	CHECK(store_story_digest(s, &p, &st, &b, &e) == 0, "digest with the stats");
	CHECK(memcmp(&a.counts, &b.counts, sizeof a.counts) == 0, "the same counts");
	CHECK(a.nsources == b.nsources, "the same sources");
	for (size_t i = 0; i < a.nsources && i < b.nsources; i++) {
		CHECK(a.sources[i].id == b.sources[i].id &&
		        a.sources[i].posts == b.sources[i].posts &&
		        a.sources[i].nauthors == b.sources[i].nauthors,
		    "source %zu the same", i);
	}
	CHECK(st.posts == 6 && st.placed == 5, "stats: the unhidden posts (%lld, %lld placed)",
	    (long long)st.posts, (long long)st.placed);
	stats_release(&st);
	story_digest_release(&a);
	story_digest_release(&b);
}

/* A removed source's story posts are credited to "removed sources", last. */
static void
test_removed_source(struct store *s)
{
	struct story_digest d;
	struct err e;

	CHECK(store_exec(s, "DELETE FROM sources WHERE id = 2;", &e) == 0, "remove a source");
	CHECK(store_story_digest(s, NULL, NULL, &d, &e) == 0, "the digest");
	CHECK(d.nsources == 2, "two credits (%zu)", d.nsources);
	if (d.nsources == 2) {
		CHECK(d.sources[0].id == 1 && d.sources[0].posts == 4, "the source left first");
		CHECK(d.sources[1].id == 0 && d.sources[1].posts == 2 && d.sources[1].url == NULL,
		    "then the removed one's posts");
		CHECK(d.sources[1].nauthors == 1 && d.sources[1].authors[0].posts == 2,
		    "with their author");
	}
	CHECK(d.counts.sources == 1, "one source left in the counts");
	story_digest_release(&d);
}

/* A story's posts far apart among many others: their media, cards and
 * tags are found by seeking, not by reading every post between. */
static void
test_far_posts(struct store *s)
{
	struct story_cursor *c;
	struct story_item it;
	struct err e;
	int seen = 0;

	CHECK(
	    store_exec(s,
	        "WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n WHERE i < 1299)"
	        " INSERT INTO posts (id, permalink, fetched_at) SELECT i,"
	        " 'https://far.example/' || i, 0 FROM n;"
	        "INSERT INTO posts (id, permalink, fetched_at) VALUES"
	        " (5000, 'https://far.example/5000', 0);"
	        "INSERT INTO post_tags (post_id, tag) SELECT id, 'other' FROM posts"
	        " WHERE id BETWEEN 1000 AND 1299;"
	        "INSERT INTO post_tags (post_id, tag) VALUES (1150, 'middle'), (5000, 'zeta'),"
	        " (5000, 'far');"
	        "INSERT INTO media (post_id, position, url) SELECT id, 0,"
	        " 'https://far.example/m' || id || '.jpg' FROM posts WHERE id BETWEEN 1000 AND 1299"
	        " AND id % 2 = 0;"
	        "INSERT INTO media (post_id, position, url) VALUES"
	        " (5000, 0, 'https://far.example/m5000.jpg');"
	        "INSERT INTO cards (url, title, status) VALUES"
	        " ('https://page.example/', 'A page', 'read');"
	        "INSERT INTO post_cards (post_id, url) VALUES (1151, 'https://page.example/'),"
	        " (5000, 'https://page.example/');"
	        "INSERT INTO story_items (kind, post_id, position, created_at, updated_at) VALUES"
	        " ('post', 1150, 'z1', 0, 0), ('post', 5000, 'z2', 0, 0);",
	        &e) == 0,
	    "far posts insert");
	CHECK(store_story_open(s, STORY_ALL, &c, &e) == 0, "open the story");
	while (store_story_next(c, &it, &e) == 1) {
		if (it.kind != STORY_POST)
			continue;
		if (it.post.id == 1150) {
			seen++;
			CHECK(it.post.ntags == 2 && strcmp(it.post.tags[0], "middle") == 0 &&
			        strcmp(it.post.tags[1], "other") == 0,
			    "a post among others: its own tags");
			CHECK(it.post.nmedia == 1, "its media");
			CHECK(it.post.card.url == NULL, "its neighbour's card is not its own");
		}
		if (it.post.id == 5000) {
			seen++;
			CHECK(it.post.ntags == 2 && strcmp(it.post.tags[0], "far") == 0 &&
			        strcmp(it.post.tags[1], "zeta") == 0,
			    "a post far from the rest: its tags");
			CHECK(it.post.nmedia == 1, "its media");
			CHECK_STR(it.post.card.title, "A page", "its card");
		}
	}
	CHECK(seen == 2, "both far posts read");
	store_story_close(c);
}

int
main(void)
{
	char path[] = "/tmp/storied-unit-XXXXXX";
	struct store *s = fixture(path);

	test_cursor(s);
	test_credits(s);
	test_counts(s);
	test_digest_with_stats(s);
	test_removed_source(s);
	test_far_posts(s);
	store_close(s);
	unlink(path);
	UNIT_DONE();
}
