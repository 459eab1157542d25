/*
 * store.h - the project file: opening, creating, migrating, transactions,
 * settings and project tags. Only src/store/ includes <sqlite3.h>; other
 * subsystems reach the database through functions declared here and in
 * the other include/store_*.h headers.
 *
 * All functions return 0 on success and -1 with `e` filled on failure,
 * unless said otherwise. Strings passed in are borrowed; strings returned
 * through `char **` are the caller's to free().
 */
#ifndef STORIED_STORE_H
#define STORIED_STORE_H

#include <stdint.h>

#include "storied.h"

#define STORE_SCHEMA_VERSION 9

struct store;

/*
 * Post HTML made safe to publish is stored with each post (posts.safe_html),
 * so render and serve do not sanitize every post again. The sanitizer lives
 * above the store (include/sanitize.h); the program registers it once,
 * before opening a project. The store calls fn whenever it writes a post's
 * content (collect, API sources, imports, edits) and, in the same
 * transaction, when a migration fills the column for the posts stored
 * before it existed. fn appends the safe form of html to out, its relative
 * links resolved against permalink (which may be NULL or not a URL), and
 * returns 0, or -1 when it cannot (then NULL is stored). With no sanitizer
 * registered the column is left NULL; a reader given NULL sanitizes
 * content_html itself, so nothing depends on the column being filled.
 * A change to what the sanitizer produces comes with a schema step that
 * fills the column again (store_posts_fill_safe_html).
 */
typedef int (*store_html_fn)(struct buf *out, const char *html, const char *permalink);
void store_set_html_sanitizer(store_html_fn fn);
/*
 * What the insert of a new post with this html and permalink stores as its
 * safe HTML, in b (b->data returned), or NULL for none. The
 * registered sanitizer may keep state of its own: no two threads may call
 * it (through this or by storing posts) at once. Touches no database.
 */
const char *store_html_safe(struct buf *b, const char *html, const char *permalink);

/*
 * Create a new project file at path. Refuses (ERR_EXISTS) when anything
 * exists there, and leaves nothing behind when it fails.
 */
int store_create(const char *path, struct store **out, struct err *e);

/*
 * Open an existing project file. A missing file, a file that is not SQLite,
 * or an SQLite database that is not a storied project is refused without
 * being changed; a file from a newer storied is refused; an older one is
 * migrated in one transaction.
 */
int store_open(const char *path, struct store **out, struct err *e);
void store_close(struct store *s);
const char *store_path(const struct store *s);

/*
 * One write transaction: BEGIN IMMEDIATE takes the write lock at once, so
 * two processes wait for each other (busy timeout) instead of failing
 * half-way. store_rollback is safe to call when no transaction is open.
 */
int store_begin(struct store *s, struct err *e);
int store_commit(struct store *s, struct err *e);
void store_rollback(struct store *s);
/*
 * Start a read transaction (BEGIN DEFERRED): every query after it sees one
 * snapshot of the file, so a render never mixes two states of a story that
 * a curator changes meanwhile (and the editor's story shows the hidden
 * marks of the items it lists). Ended by store_rollback.
 */
int store_read_begin(struct store *s, struct err *e);
/* 1 inside a transaction. */
int store_in_transaction(struct store *s);
/* 1 when the project file is no longer where it was opened (deleted, or
 * its directory moved away): nothing can be saved into it any more. */
int store_moved(struct store *s);

/*
 * While a command writes much (collect's media): the WAL is copied into the
 * project file by a thread of its own, as it grows, instead of by the
 * committing thread (checkpoint.c). -1 when it cannot start (nothing
 * changes then). Stop it before store_close; stopping when it was never
 * started does nothing.
 */
int store_checkpointer_start(struct store *s);
void store_checkpointer_stop(struct store *s);

/* Settings: *value is NULL when the key is absent. */
int store_setting_get(struct store *s, const char *key, char **value, struct err *e);
/* value NULL deletes the key. */
int store_setting_set(struct store *s, const char *key, const char *value, struct err *e);

/* Project tags, in the order they were added. */
struct project_tag {
	char *tag;     /* normalised */
	char *display; /* as first given, without '#' */
};

/* The project's settings, loaded once per command. */
struct project {
	char *title;
	char *description;
	char *language; /* BCP 47, default "en" */
	char *timezone; /* IANA name, default "UTC" */
	char *since;    /* WHEN text or NULL */
	char *until;
	int has_since, has_until;
	int64_t since_t, until_t; /* resolved in timezone */
	struct project_tag *tags;
	size_t ntags;
};

int store_project_load(struct store *s, struct project *p, struct err *e);
void project_release(struct project *p);
/* 1 when t falls in the window (since <= t < until); an unknown time
 * (has_time 0) passes only when the project has no window. */
int project_in_window(const struct project *p, int has_time, int64_t t);
/* For a time outside the window: 1 when it falls within the day after
 * until, -1 within the day before since, 0 otherwise (the usual mistake:
 * --until given as the event's last day). */
int project_window_near(const struct project *p, int64_t t);

/* ERR_EXISTS when the tag is already there. */
int store_tag_add(struct store *s, const char *tag, const char *display, struct err *e);
/* ERR_NOTFOUND when it is not. */
int store_tag_remove(struct store *s, const char *tag, struct err *e);

struct store_counts {
	int64_t sources;
	int64_t posts;
	int64_t posts_hidden;
	int64_t items;
	int64_t items_posts;
	int64_t last_collect; /* 0 when never */
};
int store_counts(struct store *s, struct store_counts *c, struct err *e);

#endif
