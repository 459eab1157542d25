/*
 * internal.h - what the files of src/store/ share: the store itself and a
 * cache of prepared statements. Not for use outside src/store/.
 */
#ifndef STORIED_STORE_INTERNAL_H
#define STORIED_STORE_INTERNAL_H

#include <sqlite3.h>
#include <string.h>
#include <sys/types.h>

#include "store.h"

#define STORE_STMT_CACHE 128

/*
 * How one post's author is told apart from another's, everywhere people
 * are counted (the story's header, its credits, "In numbers", `stats`):
 * the handle, else the name, else the profile URL (a person whose posts
 * name a profile only sometimes stays one person); empty counts as none.
 * Uses the alias p for posts.
 */
#define STORE_AUTHOR_KEY                                                                           \
	"coalesce(nullif(p.author_handle, ''), nullif(p.author_name, ''), nullif(p.author_url, ''))"

struct store {
	sqlite3 *db;
	char *path;
	struct {
		const char *sql; /* static string: cached by address */
		sqlite3_stmt *stmt;
	} cache[STORE_STMT_CACHE];
	int ncache;
	/* cache's index by address: open addressing, 0 empty, else i + 1 */
	unsigned char slot[2 * STORE_STMT_CACHE];
	char errbuf[512]; /* store_errmsg's message with the system's reason */
	dev_t dev;        /* the file opened, to notice it moved or vanished */
	ino_t ino;
	int has_ino;
	/* The posts a common search matched, ascending ids: what the SQL
	 * function storied_matched(id) answers during one listing (story.c). */
	struct {
		int64_t *v;
		size_t n;
	} matched;
	struct store_checkpointer *checkpointer; /* checkpoint.c, or NULL */
	/* While store_card_posts runs: the posts found to link to no page,
	 * consecutive ids lo..hi not written yet (archive.c); lo 0 when none. */
	struct {
		int on;
		int64_t lo, hi;
	} cardless;
};

/* SQLite's last message; when a read or write failed, with strerror of the
 * system's errno ("disk I/O error (No space left on device)"). */
const char *store_errmsg(struct store *s);

/*
 * The prepared statement for `sql` (a string literal: it is cached by its
 * address), reset and with its bindings cleared. NULL with e filled when
 * SQLite refuses it. The statement belongs to the store.
 */
sqlite3_stmt *store_stmt(struct store *s, const char *sql, struct err *e);

/* storied_matched(id): whether id is in s->matched (registered at open). */
void store_matched_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/*
 * The index of the first of the n elements at v (each size bytes, in
 * ascending order of the int64_t id that is their first member) whose id
 * is not below id; n when there is none. The caches of rows by id that
 * render and stats keep are searched with it.
 */
static inline size_t
store_id_lower_bound(const void *v, size_t n, size_t size, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t at;

		memcpy(&at, (const char *)v + mid * size, sizeof at);
		if (at < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Run SQL without results (schema, pragmas). */
int store_exec(struct store *s, const char *sql, struct err *e);

/* Fill e with "what: sqlite's message" and return -1. */
int store_fail(struct store *s, struct err *e, const char *what);

/* Bind text or NULL when p is NULL. */
int store_bind_text(sqlite3_stmt *st, int i, const char *p);
/* The same without a copy: p must stay as it is until the statement is
 * reset (a bind, then at once a step). */
int store_bind_static(sqlite3_stmt *st, int i, const char *p);
/* A column as a fresh string (NULL when the value is NULL). */
char *store_column_text(sqlite3_stmt *st, int i);

/* Run a statement expected to return no rows (SQLITE_DONE). */
int store_step_done(struct store *s, sqlite3_stmt *st, struct err *e, const char *what);

/* The registered sanitizer (store.h), or NULL. */
extern store_html_fn store_html_sanitizer;

/* Sanitize every post's content_html into safe_html again (a migration's
 * C step); does nothing when no sanitizer is registered. */
int store_posts_fill_safe_html(struct store *s, struct err *e);

/*
 * verify's check of every captured body against the SHA-1 and size it is
 * kept under, decoded as its codec says (capture.c): a line to fn for each
 * that does not hold, counted in *problems.
 */
int store_verify_capture_bodies(struct store *s, void (*fn)(void *arg, const char *problem),
    void *arg, int64_t *problems, struct err *e);

/* Start writing the WAL out to the disk, without waiting (checkpoint.c). */
void store_wal_writeback(struct store *s);

/* Copy what is committed from the WAL into the project file now, as far
 * as readers allow, without waiting for anyone (checkpoint.c). */
void store_wal_copy(struct store *s);

#endif
