/*
 * store_story.h - the story's items, listing and searching posts, hiding
 * posts, and the curation history that `undo` replays. All SQL for
 * curation lives behind these functions (src/store/story.c, history.c).
 *
 * Functions return 0, or -1 with e filled (ERR_NOTFOUND for a missing
 * item or post). Strings passed in are borrowed; strings in returned
 * structs belong to the struct and are freed by its _release function.
 */
#ifndef STORIED_STORE_STORY_H
#define STORIED_STORE_STORY_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

enum story_kind {
	STORY_POST,
	STORY_NOTE,
	STORY_HEADING,
};

/* "post", "note", "heading". */
const char *story_kind_name(enum story_kind k);

/* What a post shows in lists and summaries. */
struct post_brief {
	int64_t id;
	char *url; /* permalink, or NULL */
	char *author_name;
	char *author_handle;
	int has_published;
	int64_t published;
	char *title;
	char *text; /* plain text */
	char *tags; /* normalised tags, space-separated, sorted; "" when none */
	int hidden;
	int64_t item_id;   /* its story item, 0 when not placed */
	int64_t source_id; /* 0 when unknown */
	int nmedia;        /* attachments */
	int cw;            /* a content warning, or marked sensitive */
};

/* A reply: its text opens with a mention ("@user ..."), as replies do. */
int post_brief_is_reply(const struct post_brief *p);

/* The author as shown: the handle, else the name, else "-". Borrowed. */
const char *post_brief_author(const struct post_brief *p);
void post_brief_release(struct post_brief *p);

struct story_item {
	int64_t id;
	enum story_kind kind;
	int64_t post_id; /* 0 unless a post */
	char *body;      /* note/heading text, a post's caption or NULL */
	int level;       /* heading level 2..6; 0 otherwise */
	char *position;  /* the order key */
	int64_t created_at, updated_at;
	struct post_brief post; /* kind post, with store_story_load(..., 1, ...) */
};

struct story {
	struct story_item *items;
	size_t n;
};

/* Every item in story order; with_posts also fills each item's post. */
int store_story_load(struct store *s, int with_posts, struct story *out, struct err *e);
void story_release(struct story *st);

/* One item (without its post); ERR_NOTFOUND "item N does not exist". */
int store_item_get(struct store *s, int64_t id, struct story_item *out, struct err *e);
void story_item_release(struct story_item *it);

/*
 * Neighbouring keys: the greatest key below `key` (or the last key when
 * key is NULL) and the least key above it (the first when NULL), ignoring
 * item `except` (0: none). *out is NULL when there is none.
 */
int store_key_before(struct store *s, const char *key, int64_t except, char **out, struct err *e);
int store_key_after(struct store *s, const char *key, int64_t except, char **out, struct err *e);

/* Insert an item (post_id 0 unless kind is STORY_POST); *id gets its id. */
int store_item_insert(struct store *s, enum story_kind kind, int64_t post_id, const char *body,
    int level, const char *position, int64_t *id, struct err *e);
int store_item_set_position(struct store *s, int64_t id, const char *position, struct err *e);
/* body NULL removes a caption. */
int store_item_set_body(struct store *s, int64_t id, const char *body, struct err *e);
/* A heading's level, 2..6. */
int store_item_set_level(struct store *s, int64_t id, int level, struct err *e);
int store_item_delete(struct store *s, int64_t id, struct err *e);

/* What `show --post` adds to a post's brief. */
struct post_more {
	char *author_url, *language, *content_warning; /* each may be NULL */
	char **media_url, **media_alt;                 /* alt "" when none */
	size_t nmedia;
	char **source_name, **source_url; /* the sources that brought it; name may be NULL */
	size_t nsources;
};
int store_post_more(struct store *s, int64_t id, struct post_more *out, struct err *e);
void post_more_release(struct post_more *m);

/* One post's brief; ERR_NOTFOUND "post N does not exist". */
int store_post_brief(struct store *s, int64_t id, struct post_brief *out, struct err *e);
/* *changed is 1 when the flag was different before. */
int store_post_set_hidden(struct store *s, int64_t id, int hidden, int *changed, struct err *e);
/* 1 when the post exists; 0 when not (a fast check for big storyboards). */
int store_post_exists(struct store *s, int64_t id, int *exists, struct err *e);

/*
 * A post's HTML to show: *safe is its stored safe form (store.h) when
 * there is one, and then *html and *base are NULL; otherwise *safe is NULL,
 * *html the original HTML (untrusted: sanitize it) and *base its permalink
 * (the base for its relative links); any may be NULL. All are the caller's.
 */
int store_post_content(
    struct store *s, int64_t id, char **safe, char **html, char **base, struct err *e);

/*
 * A number that changes when another connection commits to the project
 * file (SQLite's data_version): the editor polls it to see changes made
 * from the command line.
 */
int store_data_version(struct store *s, int64_t *version, struct err *e);

/* Posts neither placed nor hidden, oldest first (undated last). Caller frees *ids. */
int store_posts_unplaced(struct store *s, int64_t **ids, size_t *n, struct err *e);

/*
 * The posts in the story that are hidden, by post id ascending: hiding
 * keeps a post out of listings but leaves it placed, and the editor marks
 * those. Caller frees *ids (NULL when there are none).
 */
int store_story_hidden(struct store *s, int64_t **ids, size_t *n, struct err *e);

enum post_hidden_filter {
	POSTS_VISIBLE, /* the default: hidden posts left out */
	POSTS_HIDDEN,  /* only hidden ones */
	POSTS_ALL,
};

struct post_filter {
	const char *search; /* what a person typed (search.h), or NULL; never an error */
	int unplaced;
	const char *author; /* substring of handle or name, ASCII case-insensitive */
	int has_since, has_until;
	int64_t since, until; /* since <= published < until */
	const char *tag;      /* normalised */
	enum post_hidden_filter hidden;
	int64_t source; /* 0, or only posts this source brought */
	int with_media; /* only posts with media attached */
	int reverse;    /* newest first */
	int64_t limit;  /* 0: no limit */
	int64_t offset; /* posts skipped first (paging) */
	/*
	 * Keyset paging: only posts after this one in the listing's order
	 * (dated posts by published then id, then undated ones by id). A page
	 * then costs the same however deep it is, where an offset walks every
	 * post it skips.
	 */
	int has_after;
	struct post_key {
		int dated;
		int64_t published, id;
	} after;
};

/* Called for each post in order; a non-zero return stops the listing. */
typedef int (*post_visit_fn)(const struct post_brief *p, void *arg);
int store_posts_list(
    struct store *s, const struct post_filter *f, post_visit_fn fn, void *arg, struct err *e);

/*
 * History. store_history_begin starts recording, in this connection, the
 * before-image of every story item and post "hidden" flag changed from now
 * on (temporary triggers write to a temporary table). store_history_record
 * stores what was recorded as one history row for `command` (nothing when
 * nothing changed; *recorded says which) and stops recording.
 */
int store_history_begin(struct store *s, struct err *e);
int store_history_record(struct store *s, const char *command, int *recorded, struct err *e);

struct history_entry {
	int64_t id;
	int64_t at;
	char *command;
	int undone;
	size_t changes; /* rows the command changed */
};
void history_entry_release(struct history_entry *h);

/*
 * Reverse the newest command not yet undone, restoring every row it
 * changed, and mark it undone. ERR_NOTFOUND when there is nothing to undo;
 * ERR_FAIL when a later change outside the history blocks it.
 */
int store_history_undo(struct store *s, struct history_entry *undone, struct err *e);
/*
 * Replay the oldest undone command that can be redone (undone since the
 * last new change), marking it done again. ERR_NOTFOUND when there is
 * nothing to redo; ERR_FAIL when a later change is in the way.
 */
int store_history_redo(struct store *s, struct history_entry *redone, struct err *e);
/* 1 when there is something to undo / redo. */
int store_history_can(struct store *s, int *undo, int *redo, struct err *e);
/* Newest first; limit 0 for all. Caller frees with history_entry_release each, then free(). */
int store_history_list(
    struct store *s, int64_t limit, struct history_entry **out, size_t *n, struct err *e);

#endif
