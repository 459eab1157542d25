/*
 * store_collect.h - what the collector keeps in the project file: sources,
 * the record of each fetch, and posts stored once however often they are
 * reached.
 *
 * Functions return 0, or -1 with e filled. Strings passed in are borrowed;
 * strings handed back in structs are owned by the struct and freed by its
 * _release/_free function. None of these open a transaction: the caller
 * wraps each source's work in store_begin/store_commit.
 */
#ifndef STORIED_STORE_COLLECT_H
#define STORIED_STORE_COLLECT_H

#include <stddef.h>
#include <stdint.h>

#include "incoming.h"
#include "store.h"

/* A source and what its last fetch did. */
struct source {
	int64_t id;
	char *url;   /* http(s) URL or an absolute local path */
	char *name;  /* NULL when none was given */
	char *title; /* the feed's own title from its last read, or NULL */
	char *kind;  /* "feed", "mastodon", "bluesky", "import" (store_import.h) */
	int64_t added_at;
	char *etag; /* validators for the next conditional request */
	char *last_modified;
	int has_fetch; /* 0: never fetched; the fields below are unset */
	int64_t last_fetch_at;
	int last_status;  /* HTTP status; 0 for a local file */
	char *last_error; /* NULL when the last fetch worked */
	char *last_format;
	int64_t last_seen, last_new, last_updated;
	int64_t posts; /* posts this source reached, whichever stored
	                  them first */
};

/* The id of the new source in *id; ERR_EXISTS when url is already a source. */
int store_source_add(
    struct store *s, const char *url, const char *name, int64_t *id, struct err *e);
/* Every source by id; *v is the caller's, freed with store_sources_free. */
int store_source_list(struct store *s, struct source **v, size_t *n, struct err *e);
void store_sources_free(struct source *v, size_t n);
void source_release(struct source *src);
/*
 * Remove a source (ERR_NOTFOUND when there is none). Its posts stay, unless
 * purge: then the posts only this source reached go too, with their story
 * items; *purged (may be NULL) counts them.
 */
int store_source_remove(struct store *s, int64_t id, int purge, int64_t *purged, struct err *e);

/*
 * Forget what makes the next collect read only what changed: HTTP
 * validators (ETag, Last-Modified) and API cursors, of every source
 * (source_id 0) or one. Used when the window or the tags change and by
 * `collect --full`, so that posts refused under the old settings come in.
 * *n (may be NULL) counts the sources that had any.
 */
int store_sources_refetch(struct store *s, int64_t source_id, int64_t *n, struct err *e);

/* What one fetch of a source did, for the fetches log and `source list`. */
struct fetch_record {
	int64_t started_at, finished_at;
	int http_status; /* 0: local file or no response */
	int64_t bytes;
	const char *format; /* NULL when not parsed (304, failure) */
	const char *title;  /* the feed's own title, or NULL (kept as it was) */
	int64_t seen, new_, updated;
	const char *error;  /* NULL when it worked */
	int not_modified;   /* 304: the counts are zero */
	int set_validators; /* store etag/last_modified below (even NULL) */
	const char *etag, *last_modified;
};

/* Log a fetch and update the source's last_* fields (and validators). */
int store_source_fetched(struct store *s, int64_t source_id, const char *url,
    const struct fetch_record *r, struct err *e);

enum store_post_result {
	STORE_POST_SAME = 0, /* already stored, unchanged */
	STORE_POST_NEW,
	STORE_POST_UPDATED,  /* stored before, edited since: updated in place */
	STORE_POST_ENRICHED, /* stored from another source before, and this
	                        source's item changed what a reader sees */
};

/*
 * Posts arrive between store_posts_begin and store_posts_end, inside the
 * caller's transaction. The full-text index is filled for new posts in one
 * INSERT ... SELECT at store_posts_end (much cheaper than a row at a time);
 * an edit of a post indexed before is re-indexed at once.
 */
#define STORE_TAGS_BATCH 64 /* post_tags rows written in one statement */
struct store_posts_batch {
	int64_t unindexed_id; /* posts with id >= this were added in the batch
	                         and are not in posts_fts yet */
	int64_t fetch_id;     /* the fetches row store_source_fetched writes next */
	int new_run;          /* the last post stored was new: insert the next
	                         one first, look it up only on a conflict */
	/* New posts lo..hi (0 when none) whose post_sources row, reached
	 * through source_id at now, is not written yet: written at once, in
	 * one statement, before a post is looked up and at the batch's end. */
	int64_t sources_lo, sources_hi, sources_source_id, sources_now;
	/* The tags of those posts, written with them: post ids, and the tags'
	 * offsets in tags_text. */
	size_t ntags_pending, tags_used;
	int64_t tags_post[STORE_TAGS_BATCH];
	unsigned short tags_off[STORE_TAGS_BATCH];
	char tags_text[4096];
};
int store_posts_begin(struct store *s, struct store_posts_batch *b, struct err *e);
/* Indexes the posts stored so far: at the batch's end, or as a big batch
 * goes on (it may go on after). 0, or -1 with e. */
int store_posts_end(struct store *s, struct store_posts_batch *b, struct err *e);

/*
 * Store item, reached through source_id, as a post with the normalised
 * tags (the post's hashtags and categories). A post already stored under
 * the same guid or permalink is not stored twice: it is updated in place
 * when it comes back edited (a later `updated`, or changed content, title
 * or content warning). Reached by several sources, it is the union of
 * their items (src/store/merge.c), each item kept in post_sources with
 * the fetch it came from (b->fetch_id). *result says which.
 */
int store_post_upsert(struct store *s, struct store_posts_batch *b, int64_t source_id,
    const struct incoming_post *item, const char *format, char *const *tags, size_t ntags,
    int64_t now, enum store_post_result *result, struct err *e);

#endif
