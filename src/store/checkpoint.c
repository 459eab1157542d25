/*
 * checkpoint.c - copying the WAL into the project file on a thread of its
 * own while a command writes much (collect's media), so that the copy and
 * its sync overlap the work instead of stopping it (include/store.h).
 *
 * SQLite checkpoints in the committing thread once the WAL passes 1000
 * pages (64 MB here): every blob is written twice, and the second write,
 * with its fdatasync, used to stall the downloads. Here a second
 * connection to the same file runs PASSIVE checkpoints whenever the WAL
 * has grown by STORE_CHECKPOINT_PAGES since the last one; the writer does
 * not wait for it (a passive checkpoint takes no lock the writer needs).
 *
 * The WAL begins again from its start only when a write transaction begins
 * while the whole WAL is in the file: a checkpointer always a little behind
 * would let it grow as large as all that is written. So once it reaches
 * STORE_WAL_PAGES (SQLite's own limit), the writer waits, after its commit,
 * for a checkpoint begun after that commit: the next transaction restarts
 * the WAL, which stays about as large as without the thread.
 * Another process (the editor) may checkpoint meanwhile too: SQLite lets
 * one do it at a time, the others are told "busy", which is harmless.
 */
#define _GNU_SOURCE /* sync_file_range */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

#define STORE_CHECKPOINT_PAGES 128 /* 8 MB of 64 KB pages */
#define STORE_WAL_PAGES 1000       /* SQLite's wal_autocheckpoint */

struct store_checkpointer {
	sqlite3 *db; /* the thread's own connection */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake, done;
	int pending; /* the WAL grew: checkpoint again */
	int stop;
	unsigned long started, finished; /* checkpoints begun, the last one ended */
	int last;                        /* WAL pages at the last wake-up (the writer's) */
};

static void *
checkpoint_main(void *arg)
{
	struct store_checkpointer *c = arg;
	unsigned long gen;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->pending && !c->stop)
			pthread_cond_wait(&c->wake, &c->lock);
		if (c->stop)
			break;
		c->pending = 0;
		gen = ++c->started;
		pthread_mutex_unlock(&c->lock);
		/* Busy or failed: the next wake-up, or the close, does it. */
		sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		pthread_mutex_lock(&c->lock);
		c->finished = gen;
		pthread_cond_broadcast(&c->done);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

/* After each commit of the writer, with the WAL's length in pages. */
static int
on_wal(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct store_checkpointer *c = arg;

	(void)db;
	(void)name;
	/* A WAL begun again from its start is shorter than at the last wake-up. */
	if (pages < c->last)
		c->last = 0;
	if (pages - c->last >= STORE_CHECKPOINT_PAGES) {
		c->last = pages;
		pthread_mutex_lock(&c->lock);
		c->pending = 1;
		pthread_cond_signal(&c->wake);
		if (pages >= STORE_WAL_PAGES) {
			/* The next checkpoint to begin covers this commit. */
			unsigned long want = c->started + 1;

			while (c->finished < want && !c->stop)
				pthread_cond_wait(&c->done, &c->lock);
		}
		pthread_mutex_unlock(&c->lock);
	}
	return SQLITE_OK;
}

/*
 * A big batch writes tens of MB into the WAL before its commit (the pages
 * its cache cannot hold). The checkpoint after it begins by syncing the
 * WAL, which then waited for all of them to reach the disk: a third of
 * what followed a 30,000-post collect's commit. Asked to start writing
 * them out as the batch goes on (Linux; no wait, no error that matters:
 * the sync still makes them durable), the sync finds most of them there.
 */
void
store_wal_writeback(struct store *s)
{
#ifdef SYNC_FILE_RANGE_WRITE
	const char *db = sqlite3_db_filename(s->db, "main");
	const char *wal = db && *db ? sqlite3_filename_wal(db) : NULL;
	int fd;

	if (wal == NULL || (fd = open(wal, O_RDONLY | O_CLOEXEC)) == -1)
		return;
	(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
	close(fd);
#else
	(void)s;
#endif
}

/*
 * SQLite copies the WAL into the file when it passes 1000 pages (64 MB
 * here) or when the last connection closes. While the editor keeps the
 * project open, neither comes for a note or a whole collect: the file
 * alone -- what a user copies to keep a record -- lacked them until the
 * editor stopped. A PASSIVE checkpoint after each commit (and at close)
 * copies them at once; it waits for no one (a reader in the middle of a
 * request keeps what it reads, the next commit copies the rest) and finds
 * nothing to do when the WAL is already in the file.
 */
void
store_wal_copy(struct store *s)
{
	if (s->db == NULL || s->checkpointer != NULL)
		return; /* the thread does it as the WAL grows */
	/* Busy (another process copying) or failed: the next one does it. */
	sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
}

int
store_checkpointer_start(struct store *s)
{
	struct store_checkpointer *c;
	const char *file = sqlite3_db_filename(s->db, "main");

	if (s->checkpointer || file == NULL || *file == '\0' || !sqlite3_threadsafe())
		return -1;
	c = xcalloc(1, sizeof *c);
	if (sqlite3_open_v2(file, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	        SQLITE_OK ||
	    sqlite3_exec(c->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close(c->db);
		free(c);
		return -1;
	}
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	pthread_cond_init(&c->done, NULL);
	if (pthread_create(&c->thread, NULL, checkpoint_main, c) != 0) {
		pthread_cond_destroy(&c->done);
		pthread_cond_destroy(&c->wake);
		pthread_mutex_destroy(&c->lock);
		sqlite3_close(c->db);
		free(c);
		return -1;
	}
	s->checkpointer = c;
	sqlite3_wal_hook(s->db, on_wal, c); /* in place of the automatic checkpoint */
	return 0;
}

void
store_checkpointer_stop(struct store *s)
{
	struct store_checkpointer *c = s->checkpointer;

	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	c->stop = 1;
	pthread_cond_signal(&c->wake);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	sqlite3_wal_autocheckpoint(s->db, 1000); /* SQLite's default hook again */
	sqlite3_close(c->db);
	pthread_cond_destroy(&c->done);
	pthread_cond_destroy(&c->wake);
	pthread_mutex_destroy(&c->lock);
	free(c);
	s->checkpointer = NULL;
}
