/*
 * store_import.h - what API sources and archive imports keep beyond what
 * the collector stores (store_collect.h): a source's kind, options and
 * paging cursor, the bytes of archived media, and story items appended in
 * an imported story's order.
 *
 * Functions return 0, or -1 with e filled. Strings passed in are borrowed;
 * strings handed back through char ** are the caller's to free().
 */
#ifndef STORIED_STORE_IMPORT_H
#define STORIED_STORE_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* kind: "feed", "mastodon", "bluesky" or "import"; options a JSON object or NULL. */
int store_source_set_kind(
    struct store *s, int64_t id, const char *kind, const char *options, struct err *e);
/* A source's kind, options (or NULL) and cursor (or NULL). ERR_NOTFOUND when none. */
int store_source_api(
    struct store *s, int64_t id, char **kind, char **options, char **cursor, struct err *e);
/* The paging state the next collect starts from (NULL clears it). */
int store_source_set_cursor(struct store *s, int64_t id, const char *cursor, struct err *e);
/* The id of the source with this url; ERR_NOTFOUND when there is none. */
int store_source_find(struct store *s, const char *url, int64_t *id, struct err *e);

/* The id of the post stored under guid or permalink (either may be NULL); 0 when none. */
int store_post_find(
    struct store *s, const char *guid, const char *permalink, int64_t *id, struct err *e);

/*
 * Keep a media file's bytes as a blob (typed from its bytes; a file that is
 * not an image, video or audio is not kept) for every media row whose url
 * is url and has none yet; *n (may be NULL) counts the rows that took it.
 */
int store_media_archive(struct store *s, const char *url, const void *data, size_t len,
    const char *sha256_hex, int64_t now, int64_t *n, struct err *e);

/*
 * Start appending one imported story (before its first store_story_append,
 * inside the same transaction): notes already in the story are counted.
 */
int store_story_import_begin(struct store *s, struct err *e);

/*
 * Append a story item at position (after store_key_before's last key): a post (body NULL) or a note
 * (post_id 0). A post already in the story is left where it is, and a note whose text the story
 * already held (as many times as this import has met it) is not added again: *placed is 0 then.
 */
int store_story_append(struct store *s, int64_t post_id, const char *note, const char *position,
    int64_t now, int *placed, struct err *e);

#endif
