/*
 * open.c - creating, recognising, opening and migrating project files.
 *
 * A file is recognised as a project before anything can write to it: the
 * SQLite header is read by hand, then the database is opened and its
 * settings table asked for format = 'storied'. Only then are the WAL and
 * other pragmas set, so a foreign file is never touched.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datetime.h"
#include "embedded.h"
#include "internal.h"
#include "testhook.h"

/* Milliseconds a command waits for another process's write to finish. */
#define STORE_BUSY_TIMEOUT_MS 60000

/*
 * Forward migrations, each bringing a file from version `from` to from + 1,
 * applied in order inside one transaction. schema.sql is always the newest
 * whole schema, used for new files; a change to it comes with a step here.
 */
static const struct migration {
	int from;
	const char *sql;
	/* A step in C after the SQL, in the same transaction, or NULL. */
	int (*fill)(struct store *s, struct err *e);
} migrations[] = {
    /* 1 -> 2: every HTTP exchange of collect (issue 11). */
    {1,
        "CREATE TABLE captures (\n"
        "  id            INTEGER PRIMARY KEY,\n"
        "  source_id     INTEGER REFERENCES sources(id) ON DELETE SET NULL,\n"
        "  started_at    INTEGER NOT NULL,\n"
        "  url           TEXT NOT NULL,\n"
        "  method        TEXT NOT NULL,\n"
        "  request_head  TEXT NOT NULL,\n"
        "  request_body  TEXT REFERENCES capture_bodies(sha1),\n"
        "  remote_ip     TEXT,\n"
        "  status        INTEGER,\n"
        "  response_head TEXT,\n"
        "  response_body TEXT REFERENCES capture_bodies(sha1),\n"
        "  complete      INTEGER NOT NULL DEFAULT 1,\n"
        "  error         TEXT\n"
        ");\n"
        "CREATE INDEX captures_started ON captures(started_at);\n"
        "CREATE INDEX captures_source ON captures(source_id);\n"
        "CREATE TABLE capture_bodies (\n"
        "  id    INTEGER PRIMARY KEY,\n"
        "  sha1  TEXT NOT NULL UNIQUE,\n"
        "  size  INTEGER NOT NULL,\n"
        "  codec TEXT NOT NULL CHECK (codec IN ('zstd', 'none')),\n"
        "  data  BLOB NOT NULL\n"
        ");\n",
        NULL},
    /* 2 -> 3: the archive (issue 10). Media bytes (kept by Mastodon
     * archive imports) move into blobs keyed by their SHA-256, typed from
     * their first bytes; media rows get a fetch status; avatars and
     * link-card images (images) and link cards are new. Nothing is dropped
     * but the bytes column, whose every value is now a blob. */
    {2,
        "CREATE TABLE blobs ("
        " sha256 TEXT PRIMARY KEY, data BLOB NOT NULL, size INTEGER NOT NULL,"
        " type TEXT NOT NULL, url TEXT, fetched_at INTEGER NOT NULL);"
        "UPDATE media SET sha256 = lower(sha256) WHERE bytes IS NOT NULL;"
        "INSERT OR IGNORE INTO blobs (sha256, data, size, type, url, fetched_at)"
        " SELECT sha256, bytes, length(bytes), CASE"
        "  WHEN hex(substr(bytes, 1, 8)) = '89504E470D0A1A0A' THEN 'image/png'"
        "  WHEN hex(substr(bytes, 1, 3)) = 'FFD8FF' THEN 'image/jpeg'"
        "  WHEN hex(substr(bytes, 1, 4)) = '47494638' THEN 'image/gif'"
        "  WHEN hex(substr(bytes, 1, 4)) = '52494646' AND hex(substr(bytes, 9, 4)) = '57454250'"
        "   THEN 'image/webp'"
        "  WHEN hex(substr(bytes, 5, 4)) = '66747970' THEN 'video/mp4'"
        "  WHEN hex(substr(bytes, 1, 4)) = '1A45DFA3' THEN 'video/webm'"
        "  ELSE coalesce(type, 'application/octet-stream') END,"
        "  url, coalesce(archived_at, 0)"
        " FROM media WHERE bytes IS NOT NULL AND sha256 IS NOT NULL ORDER BY id;"
        "UPDATE media SET sha256 = NULL, archived_at = NULL WHERE bytes IS NULL;"
        "ALTER TABLE media DROP COLUMN bytes;"
        "ALTER TABLE media ADD COLUMN status TEXT;"
        "ALTER TABLE media ADD COLUMN error TEXT;"
        "ALTER TABLE media ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;"
        "ALTER TABLE media ADD COLUMN preview_sha256 TEXT;"
        "UPDATE media SET status = 'archived' WHERE sha256 IS NOT NULL;"
        "CREATE INDEX media_todo ON media(status) WHERE sha256 IS NULL;"
        "CREATE TABLE images ("
        " url TEXT PRIMARY KEY, sha256 TEXT, status TEXT, error TEXT,"
        " attempts INTEGER NOT NULL DEFAULT 0, archived_at INTEGER) WITHOUT ROWID;"
        "CREATE TABLE cards ("
        " url TEXT PRIMARY KEY, title TEXT, description TEXT, site_name TEXT, image_url TEXT,"
        " origin TEXT, status TEXT, error TEXT, attempts INTEGER NOT NULL DEFAULT 0,"
        " fetched_at INTEGER) WITHOUT ROWID;"
        "CREATE TABLE post_cards ("
        " post_id INTEGER PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE, url TEXT);"
        "CREATE INDEX post_cards_url ON post_cards(url);",
        NULL},
    /* 3 -> 4: engagement counts on posts (issue 14, stats' most_shared),
     * filled from the original items of the sources that count them. */
    {3,
        "ALTER TABLE posts ADD COLUMN shares INTEGER;"
        "ALTER TABLE posts ADD COLUMN likes INTEGER;"
        "ALTER TABLE posts ADD COLUMN replies INTEGER;"
        "UPDATE posts SET shares = json_extract(raw, '$.reblogs_count'),"
        " likes = json_extract(raw, '$.favourites_count'),"
        " replies = json_extract(raw, '$.replies_count')"
        " WHERE raw_format = 'mastodon' AND json_valid(raw);"
        "UPDATE posts SET shares = json_extract(raw, '$.repostCount')"
        " + coalesce(json_extract(raw, '$.quoteCount'), 0),"
        " likes = json_extract(raw, '$.likeCount'), replies = json_extract(raw, '$.replyCount')"
        " WHERE raw_format = 'bluesky' AND json_valid(raw);"
        "UPDATE posts SET"
        " shares = coalesce(json_extract(raw, '$.public_metrics.retweet_count')"
        " + coalesce(json_extract(raw, '$.public_metrics.quote_count'), 0),"
        " json_extract(raw, '$.retweet_count') + coalesce(json_extract(raw, '$.quote_count'), 0)),"
        " likes = coalesce(json_extract(raw, '$.public_metrics.like_count'),"
        " json_extract(raw, '$.favorite_count')),"
        " replies = coalesce(json_extract(raw, '$.public_metrics.reply_count'),"
        " json_extract(raw, '$.reply_count'))"
        " WHERE raw_format = 'twarc' AND json_valid(raw);",
        NULL},
    /* 4 -> 5: every source's item of a post, with the fetch it came
     * from (issue 12). Nothing to fill: a NULL item is the post's own
     * columns for its first source (schema.sql). */
    {4,
        "ALTER TABLE post_sources ADD COLUMN item TEXT;\n"
        "ALTER TABLE post_sources ADD COLUMN raw TEXT;\n"
        "ALTER TABLE post_sources ADD COLUMN raw_format TEXT;\n"
        "ALTER TABLE post_sources ADD COLUMN fetch_id INTEGER;\n",
        NULL},
    /* 5 -> 6: every post's HTML sanitized once and stored (issue 13,
     * render speed), filled by the registered sanitizer (store.h). */
    {5,
        "ALTER TABLE posts ADD COLUMN safe_html TEXT;"
        "CREATE TRIGGER posts_safe_html_stale AFTER UPDATE OF content_html, permalink ON posts"
        " WHEN NEW.safe_html IS OLD.safe_html AND NEW.safe_html IS NOT NULL"
        " AND (NEW.content_html IS NOT OLD.content_html OR NEW.permalink IS NOT OLD.permalink)"
        " BEGIN UPDATE posts SET safe_html = NULL WHERE id = NEW.id; END;",
        store_posts_fill_safe_html},
    /* 6 -> 7: a feed's own title, to name it in the credits (issue 13).
     * The validators of the sources that have them are dropped, so the
     * next collect reads each feed in full and learns its title rather
     * than being answered 304 until the feed changes. */
    {6,
        "ALTER TABLE sources ADD COLUMN title TEXT;"
        "UPDATE sources SET etag = NULL, last_modified = NULL"
        " WHERE etag IS NOT NULL OR last_modified IS NOT NULL;",
        NULL},
    /* 7 -> 8: posts_author, an index on (source_id, coalesce(author_handle,
     * author_url, author_name)), is dropped: no query uses it since people
     * are told apart by STORE_AUTHOR_KEY and credits go through
     * post_sources, and every new post paid for it (issue 12, collect
     * speed). posts_source stays: source rm's ON DELETE SET NULL finds a
     * source's posts through it. */
    {7, "DROP INDEX IF EXISTS posts_author;", NULL},
    /* 8 -> 9: posts_fts without column sizes (nothing ranks by bm25) and
     * with 60,000-byte leaves instead of 4,050: an index entry cost a
     * new post about a sixth of its storing (issue 12, collect speed).
     * The index is made again from posts, which hold every indexed text. */
    {8,
        "DROP TABLE posts_fts;"
        "CREATE VIRTUAL TABLE posts_fts USING fts5("
        " title, author_name, author_handle, content_text,"
        " content = 'posts', content_rowid = 'id',"
        " tokenize = 'unicode61 remove_diacritics 2', columnsize = 0);"
        "INSERT INTO posts_fts (posts_fts, rank) VALUES ('pgsz', 60000);"
        "INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');",
        NULL},
    {0, NULL, NULL}, /* the end: version 1 is the first */
};

static const struct migration *
migration_find(int from)
{
	for (const struct migration *m = migrations; m->sql; m++)
		if (m->from == from)
			return m;
	return NULL;
}

int
store_fail(struct store *s, struct err *e, const char *what)
{
	return err_set(e, ERR_FAIL, "%s: %s", what, store_errmsg(s));
}

/*
 * SQLite's message, with the system's reason when a read or write failed
 * ("disk I/O error" alone does not say the disk is full).
 */
const char *
store_errmsg(struct store *s)
{
	int ext = sqlite3_extended_errcode(s->db), code = ext & 0xff;
	int sys = sqlite3_system_errno(s->db);

	if ((code == SQLITE_IOERR || code == SQLITE_CANTOPEN) && sys != 0) {
		snprintf(
		    s->errbuf, sizeof s->errbuf, "%s (%s)", sqlite3_errmsg(s->db), strerror(sys));
		return s->errbuf;
	}
	/* SQLite does not always keep the system's errno of a failed write. */
	if (code == SQLITE_FULL || ext == SQLITE_IOERR_WRITE || ext == SQLITE_IOERR_FSYNC ||
	    ext == SQLITE_IOERR_TRUNCATE) {
		snprintf(s->errbuf, sizeof s->errbuf, "%s (writing %s failed: is the disk full?)",
		    sqlite3_errmsg(s->db), s->path);
		return s->errbuf;
	}
	return sqlite3_errmsg(s->db);
}

sqlite3_stmt *
store_stmt(struct store *s, const char *sql, struct err *e)
{
	const size_t mask = ARRAY_LEN(s->slot) - 1;
	uintptr_t u = (uintptr_t)sql;
	size_t h = (size_t)(u >> 3 ^ u >> 12) & mask;
	sqlite3_stmt *st;

	/* A collect looks a dozen statements up for every post: by address,
	 * through the index, not along the list. */
	for (; s->slot[h]; h = (h + 1) & mask) {
		if (s->cache[s->slot[h] - 1].sql == sql) {
			st = s->cache[s->slot[h] - 1].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
		store_fail(s, e, "preparing a query");
		return NULL;
	}
	if (s->ncache == STORE_STMT_CACHE)
		fatal("store: statement cache full");
	s->cache[s->ncache].sql = sql;
	s->cache[s->ncache].stmt = st;
	s->ncache++;
	s->slot[h] = (unsigned char)s->ncache;
	return st;
}

int
store_exec(struct store *s, const char *sql, struct err *e)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int code = sqlite3_errcode(s->db) & 0xff;
		err_set(e, ERR_FAIL, "database: %s",
		    code == SQLITE_IOERR || code == SQLITE_FULL || !msg ? store_errmsg(s) : msg);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int
store_bind_text(sqlite3_stmt *st, int i, const char *p)
{
	if (p == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, p, -1, SQLITE_TRANSIENT);
}

int
store_bind_static(sqlite3_stmt *st, int i, const char *p)
{
	if (p == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, p, -1, SQLITE_STATIC);
}

char *
store_column_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? xstrdup((const char *)t) : NULL;
}

int
store_step_done(struct store *s, sqlite3_stmt *st, struct err *e, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(s, e, what);
	return 0;
}

/*
 * A connection is only ever used by one thread at a time (serve's one
 * request thread, or the command's), so SQLite's own locks are not taken
 * on every call (a render makes millions of them): no connection mutex,
 * no memory statistics (their mutex).
 */
#define STORE_OPEN_FLAGS (SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX)

static struct store *
store_new(const char *path)
{
	static int configured;
	struct store *s = xcalloc(1, sizeof *s);

	if (!configured) {
		/* Before SQLite starts; later it refuses, which changes nothing. */
		(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		configured = 1;
	}

	s->path = xstrdup(path);
	return s;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	store_checkpointer_stop(s);
	for (int i = 0; i < s->ncache; i++)
		sqlite3_finalize(s->cache[i].stmt);
	/* The last commits, when the editor keeps SQLite's own copy at close
	 * from happening (checkpoint.c). */
	store_wal_copy(s);
	if (s->db != NULL)
		sqlite3_close(s->db);
	free(s->path);
	free(s);
}

const char *
store_path(const struct store *s)
{
	return s->path;
}

/* Connection settings every command runs with. */
static int
store_configure(struct store *s, struct err *e)
{
	sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(s->db, 1);
	if (sqlite3_create_function(s->db, "storied_matched", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, s,
	        store_matched_fn, NULL, NULL) != SQLITE_OK)
		return store_fail(s, e, "opening the project");
	/* WAL with synchronous=NORMAL: a killed process never corrupts or
	 * half-applies; only a power cut can lose the last commit. */
	return store_exec(s,
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA synchronous = NORMAL;"
	    "PRAGMA temp_store = MEMORY;",
	    e);
}

static int
store_user_version(struct store *s, int *version, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return store_fail(s, e, "reading the schema version");
	rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_fail(s, e, "reading the schema version");
	return 0;
}

/* Remember which file the path names now (store_commit checks it). */
static void
store_note_file(struct store *s)
{
	struct stat st;

	if (stat(s->path, &st) == 0) {
		s->dev = st.st_dev;
		s->ino = st.st_ino;
		s->has_ino = 1;
	}
}

int
store_create(const char *path, struct store **out, struct err *e)
{
	struct store *s;
	char created[32], sql[64];
	int fd;

	/* O_EXCL claims the name atomically: nothing that exists is opened. */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)) == -1) {
		if (errno == EEXIST)
			return err_set(
			    e, ERR_EXISTS, "%s already exists; not overwriting it", path);
		return err_set(e, ERR_FAIL, "cannot create %s: %s", path, strerror(errno));
	}
	close(fd);
	s = store_new(path);
	if (sqlite3_open_v2(path, &s->db, STORE_OPEN_FLAGS, NULL) != SQLITE_OK) {
		err_set(e, ERR_FAIL, "cannot open %s: %s", path,
		    s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	store_note_file(s);
	time_format_utc(time_now(), created, sizeof created);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d;", STORE_SCHEMA_VERSION);
	/* 64 KiB pages: archived media go through the WAL and its checkpoint
	 * in 64 KiB steps rather than 4 KiB ones, a sixteenth of the system
	 * calls (bench/media.sh). Only a new file can choose. */
	if (store_exec(s, "PRAGMA page_size = 65536;", e) == -1 ||
	    store_exec(s, "PRAGMA journal_mode = WAL;", e) == -1 || store_configure(s, e) == -1 ||
	    store_exec(s, "BEGIN IMMEDIATE;", e) == -1 ||
	    store_exec(s, embedded_find("schema.sql")->data, e) == -1 ||
	    store_exec(s, sql, e) == -1 || store_setting_set(s, "format", "storied", e) == -1 ||
	    store_setting_set(s, "created", created, e) == -1 ||
	    store_exec(s, "COMMIT;", e) == -1) {
		err_prefix(e, "creating %s: ", path);
		goto fail;
	}
	*out = s;
	return 0;
fail:
	store_close(s);
	unlink(path);
	return -1;
}

/* 1 when the first bytes of path are SQLite's header; 0 when not; -1 on I/O error. */
static int
is_sqlite_file(const char *path, struct err *e)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return err_set(e, ERR_FAIL, "cannot open %s: %s", path, strerror(errno));
	n = fread(head, 1, sizeof head, f);
	fclose(f);
	return n == sizeof head && memcmp(head, magic, sizeof magic) == 0;
}

/* 1 when the database says it is a storied project, 0 when it is something
 * else, -1 when it cannot be read at all (e filled). */
static int
is_storied_db(struct store *s, struct err *e)
{
	sqlite3_stmt *st;
	int ok = 0, rc;

	rc = sqlite3_prepare_v2(
	    s->db, "SELECT value FROM settings WHERE key = 'format'", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		/* No settings table is another kind of database; anything else
		 * (a read-only file or directory, a lock, a broken file) is a
		 * failure to read, and saying "not a project" would mislead. */
		if ((rc & 0xff) == SQLITE_ERROR)
			return 0;
		return err_set(e, ERR_FAIL, "cannot read %s: %s", s->path, sqlite3_errmsg(s->db));
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(st, 0);
		ok = v && strcmp((const char *)v, "storied") == 0;
	}
	sqlite3_finalize(st);
	return ok;
}

/* storied writes its project in WAL mode: it needs the file and, for the
 * -wal and -shm files beside it, the directory to be writable. Says which
 * is not, in one line, instead of SQLite's "attempt to write a readonly
 * database" later on. */
static int
check_writable(const char *path, struct err *e)
{
	char *dir, *slash;
	int ok;

	if (access(path, W_OK) == -1)
		return err_set(
		    e, ERR_FAIL, "%s is read-only: storied needs to write its project file", path);
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	ok = access(slash ? dir : ".", W_OK) == 0;
	if (!ok)
		err_set(e, ERR_FAIL,
		    "the directory of %s is read-only: storied needs to write %s-wal and %s-shm beside it",
		    path, path, path);
	free(dir);
	return ok ? 0 : -1;
}

static int
store_migrate(struct store *s, int from, struct err *e)
{
	char sql[64];

	if (store_exec(s, "BEGIN IMMEDIATE;", e) == -1)
		return -1;
	for (int v = from; v < STORE_SCHEMA_VERSION; v++) {
		const struct migration *step = migration_find(v);
		if (step == NULL || store_exec(s, step->sql, e) == -1 ||
		    (step->fill != NULL && step->fill(s, e) == -1)) {
			if (step == NULL)
				err_set(e, ERR_FAIL, "no migration from schema version %d", v);
			store_rollback(s);
			return err_prefix(e, "upgrading from schema version %d: ", from);
		}
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d;", STORE_SCHEMA_VERSION);
	if (store_exec(s, sql, e) == -1 || store_exec(s, "COMMIT;", e) == -1) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

int
store_open(const char *path, struct store **out, struct err *e)
{
	struct store *s;
	struct stat st;
	int version, r;

	if (stat(path, &st) == -1) {
		if (errno == ENOENT)
			return err_set(e, ERR_FAIL,
			    "no project file %s (create one with 'storied init', or name one with -p)",
			    path);
		return err_set(e, ERR_FAIL, "cannot open %s: %s", path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode))
		return err_set(
		    e, ERR_FAIL, "%s is not a storied project (not a regular file)", path);
	if ((r = is_sqlite_file(path, e)) == -1)
		return -1;
	if (r == 0)
		return err_set(
		    e, ERR_FAIL, "%s is not a storied project (not an SQLite database)", path);

	if (check_writable(path, e) == -1)
		return -1;
	s = store_new(path);
	if (sqlite3_open_v2(path, &s->db, STORE_OPEN_FLAGS, NULL) != SQLITE_OK) {
		err_set(e, ERR_FAIL, "cannot open %s: %s", path,
		    s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, STORE_BUSY_TIMEOUT_MS);
	store_note_file(s);
	if ((r = is_storied_db(s, e)) != 1) {
		if (r == 0)
			err_set(e, ERR_FAIL,
			    "%s is not a storied project (an SQLite database of something else)",
			    path);
		goto fail;
	}
	if (store_user_version(s, &version, e) == -1)
		goto fail;
	if (version > STORE_SCHEMA_VERSION) {
		err_set(e, ERR_FAIL,
		    "%s was written by a newer storied (schema version %d; this storied %s reads up to "
		    "%d): upgrade storied",
		    path, version, STORIED_VERSION, STORE_SCHEMA_VERSION);
		goto fail;
	}
	if (version < 1) {
		err_set(e, ERR_FAIL, "%s has no schema version: not a storied project", path);
		goto fail;
	}
	if (store_exec(s, "PRAGMA journal_mode = WAL;", e) == -1 || store_configure(s, e) == -1)
		goto fail;
	if (version < STORE_SCHEMA_VERSION && store_migrate(s, version, e) == -1)
		goto fail;
	*out = s;
	return 0;
fail:
	store_close(s);
	return -1;
}

int
store_begin(struct store *s, struct err *e)
{
	if (store_exec(s, "BEGIN IMMEDIATE;", e) == -1)
		return err_prefix(e, "starting a transaction: ");
	return 0;
}

int
store_commit(struct store *s, struct err *e)
{
	test_hook("before-commit");
	/* A project file deleted, or its directory moved away, while the
	 * command ran: SQLite would go on writing into files nobody can reach
	 * and report success. */
	if (store_moved(s)) {
		store_rollback(s);
		return err_set(e, ERR_FAIL,
		    "%s was moved or deleted while storied was writing it: nothing was saved",
		    s->path);
	}
	if (store_exec(s, "COMMIT;", e) == -1) {
		store_rollback(s);
		return err_prefix(e, "committing: ");
	}
	test_hook("after-commit");
	store_wal_copy(s);
	return 0;
}

int
store_moved(struct store *s)
{
	struct stat st;

	return s->has_ino &&
	    (stat(s->path, &st) == -1 || st.st_dev != s->dev || st.st_ino != s->ino);
}

void
store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK;", NULL, NULL, NULL);
}

int
store_in_transaction(struct store *s)
{
	return !sqlite3_get_autocommit(s->db);
}
