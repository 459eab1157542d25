/*
 * store_render.h - what `render` reads from the project file: the story in
 * order, streamed with cursors so that a 100,000-item story never sits in
 * memory; and what the story's header and credits count (made by
 * store_story_digest, store_stats.h).
 *
 * Strings handed out through a cursor belong to the cursor: they stay valid
 * until the next call on that cursor or its close, and are never NULL unless
 * said so. Functions return 0, or -1 with e filled, unless said otherwise.
 */
#ifndef STORIED_STORE_RENDER_H
#define STORIED_STORE_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* store_read_begin (store.h) gives a render one snapshot of the file. */

struct story_media {
	const char *url;
	const char *type;           /* MIME type, or NULL */
	const char *medium;         /* image, video, audio, document, or NULL */
	const char *alt;            /* or NULL */
	const char *preview_url;    /* or NULL */
	int64_t width, height;      /* 0 when unknown */
	const char *sha256;         /* the archived original's blob, or NULL */
	const char *preview_sha256; /* the archived preview's (original over the cap), or NULL */
};

/* A post's link card (url NULL when it has none). */
struct story_card {
	const char *url, *title, *description, *site_name, *image_url; /* untrusted */
	const char *image_sha256; /* the archived image's blob, or NULL */
};

struct story_post {
	int64_t id;
	const char *guid; /* the next seven may be NULL */
	const char *permalink;
	const char *author_name;
	const char *author_handle;
	const char *author_url;
	const char *author_avatar; /* as the feed sent it: untrusted */
	int has_published, has_updated;
	int64_t published, updated; /* UTC seconds */
	const char *title;          /* the rest may be NULL too */
	const char *content_html;   /* untrusted: sanitize before output;
	                               NULL when safe_html is there */
	const char *safe_html;      /* sanitize_post_html's form, stored */
	const char *content_text;
	const char *language;
	const char *content_warning;
	int sensitive;
	int64_t source_id; /* 0 when the source was removed */
	const char *source_name;
	const char *source_url;
	const char **tags; /* normalised, sorted */
	size_t ntags;
	struct story_media *media; /* in the post's order */
	size_t nmedia;
	const char *avatar_sha256; /* the archived avatar's blob, or NULL */
	struct story_card card;
};

enum story_kind {
	STORY_POST,
	STORY_NOTE,
	STORY_HEADING,
};

struct story_item {
	int64_t id;
	enum story_kind kind;
	const char *position;   /* the order key */
	const char *body;       /* note or heading Markdown; a post's caption or NULL */
	int level;              /* a heading's level, 2..6 */
	struct story_post post; /* STORY_POST only; zeroed otherwise */
};

enum story_filter {
	STORY_ALL,      /* every item in order */
	STORY_HEADINGS, /* headings only (a table of contents) */
};

/*
 * A cursor over the story in order (ORDER BY position). A hidden post
 * (posts.hidden) that is placed stays in the story, as `show` has it:
 * hiding keeps a post out of listings, `rm` takes it out of the story.
 * The cursor has its own statement, so
 * several may be open at once (the items and the table of contents).
 */
struct story_cursor;

int store_story_open(
    struct store *s, enum story_filter filter, struct story_cursor **out, struct err *e);
/* Start again from the first item. */
void store_story_rewind(struct story_cursor *c);
/* 1 with *it filled (the cursor's until the next call), 0 at the end, -1 on error. */
int store_story_next(struct story_cursor *c, struct story_item *it, struct err *e);
void store_story_close(struct story_cursor *c);

struct story_author {
	char *name; /* any one of the three may be NULL, not all */
	char *handle;
	char *url;
	int64_t posts; /* how many of the story's posts are theirs */
};

struct story_source {
	int64_t id;                   /* 0: posts whose source was removed */
	char *name;                   /* or NULL */
	char *title;                  /* the feed's own title, or NULL */
	char *url;                    /* or NULL when removed */
	int64_t posts;                /* the story's posts that came from it */
	struct story_author *authors; /* by name, then handle */
	size_t nauthors;
};

struct story_counts {
	int64_t items, posts, notes, headings;
	int64_t authors;     /* distinct authors of the story's posts */
	int64_t sources;     /* distinct sources of the story's posts */
	int64_t media;       /* attachments of the story's posts */
	int has_span;        /* 1 when a story post has a date */
	int64_t first, last; /* the earliest and latest of those dates */
};

/*
 * The story in numbers, for its header and credits: made by
 * store_story_digest (store_stats.h) in the same pass over the posts as
 * the stats, and released with story_digest_release.
 */
struct story_digest {
	struct story_counts counts;
	/* The credits: every source a story post came from, by id (a post
	 * counts for every source that reached it), then the posts no source
	 * is left for (id 0: their sources were removed), each with the
	 * authors of those posts. */
	struct story_source *sources;
	size_t nsources;
};

void story_digest_release(struct story_digest *d);

#endif
