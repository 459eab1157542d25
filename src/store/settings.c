/* settings.c - project settings, tags and the counts `info` shows. */
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "internal.h"

int
store_setting_get(struct store *s, const char *key, char **value, struct err *e)
{
	static const char sql[] = "SELECT value FROM settings WHERE key = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int rc;

	*value = NULL;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*value = store_column_text(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, e, "reading settings");
	return 0;
}

int
store_setting_set(struct store *s, const char *key, const char *value, struct err *e)
{
	static const char set[] = "INSERT INTO settings (key, value) VALUES (?1, ?2) "
	                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	static const char del[] = "DELETE FROM settings WHERE key = ?1";
	sqlite3_stmt *st = store_stmt(s, value ? set : del, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	return store_step_done(s, st, e, "writing settings");
}

void
project_release(struct project *p)
{
	free(p->title);
	free(p->description);
	free(p->language);
	free(p->timezone);
	free(p->since);
	free(p->until);
	for (size_t i = 0; i < p->ntags; i++) {
		free(p->tags[i].tag);
		free(p->tags[i].display);
	}
	free(p->tags);
	memset(p, 0, sizeof *p);
}

int
store_project_load(struct store *s, struct project *p, struct err *e)
{
	static const char sql[] = "SELECT tag, display FROM project_tags ORDER BY position";
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	memset(p, 0, sizeof *p);
	if (store_setting_get(s, "title", &p->title, e) == -1 ||
	    store_setting_get(s, "description", &p->description, e) == -1 ||
	    store_setting_get(s, "language", &p->language, e) == -1 ||
	    store_setting_get(s, "timezone", &p->timezone, e) == -1 ||
	    store_setting_get(s, "since", &p->since, e) == -1 ||
	    store_setting_get(s, "until", &p->until, e) == -1)
		goto fail;
	if (p->title == NULL)
		p->title = xstrdup("Untitled story");
	if (p->language == NULL)
		p->language = xstrdup("en");
	if (p->timezone == NULL)
		p->timezone = xstrdup("UTC");
	if (p->since) {
		if (when_parse(p->since, p->timezone, &p->since_t, e) == -1)
			goto fail;
		p->has_since = 1;
	}
	if (p->until) {
		if (when_parse(p->until, p->timezone, &p->until_t, e) == -1)
			goto fail;
		p->has_until = 1;
	}
	if ((st = store_stmt(s, sql, e)) == NULL)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (p->ntags == cap) {
			cap = cap ? cap * 2 : 8;
			p->tags = xreallocarray(p->tags, cap, sizeof *p->tags);
		}
		p->tags[p->ntags].tag = store_column_text(st, 0);
		p->tags[p->ntags].display = store_column_text(st, 1);
		p->ntags++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, e, "reading project tags");
		goto fail;
	}
	return 0;
fail:
	project_release(p);
	return -1;
}

int
project_window_near(const struct project *p, int64_t t)
{
	if (p->has_until && t >= p->until_t && t - p->until_t < 86400)
		return 1;
	if (p->has_since && t < p->since_t && p->since_t - t <= 86400)
		return -1;
	return 0;
}

int
project_in_window(const struct project *p, int has_time, int64_t t)
{
	if (!has_time)
		return !p->has_since && !p->has_until;
	if (p->has_since && t < p->since_t)
		return 0;
	if (p->has_until && t >= p->until_t)
		return 0;
	return 1;
}

int
store_tag_add(struct store *s, const char *tag, const char *display, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO project_tags (tag, display, position) "
	    "VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM project_tags)) "
	    "ON CONFLICT (tag) DO NOTHING";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, tag, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, display, -1, SQLITE_STATIC);
	if (store_step_done(s, st, e, "adding a tag") == -1)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return err_set(e, ERR_EXISTS, "tag #%s is already a project tag", display);
	return 0;
}

int
store_tag_remove(struct store *s, const char *tag, struct err *e)
{
	static const char sql[] = "DELETE FROM project_tags WHERE tag = ?1";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, tag, -1, SQLITE_STATIC);
	if (store_step_done(s, st, e, "removing a tag") == -1)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return err_set(e, ERR_NOTFOUND, "#%s is not a project tag", tag);
	return 0;
}

int
store_counts(struct store *s, struct store_counts *c, struct err *e)
{
	static const char sql[] = "SELECT (SELECT count(*) FROM sources),"
	                          " (SELECT count(*) FROM posts),"
	                          " (SELECT count(*) FROM posts WHERE hidden),"
	                          " (SELECT count(*) FROM story_items),"
	                          " (SELECT count(*) FROM story_items WHERE kind = 'post'),"
	                          " (SELECT coalesce(max(started_at), 0) FROM fetches)";
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (st == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_fail(s, e, "counting");
	}
	c->sources = sqlite3_column_int64(st, 0);
	c->posts = sqlite3_column_int64(st, 1);
	c->posts_hidden = sqlite3_column_int64(st, 2);
	c->items = sqlite3_column_int64(st, 3);
	c->items_posts = sqlite3_column_int64(st, 4);
	c->last_collect = sqlite3_column_int64(st, 5);
	sqlite3_reset(st);
	return 0;
}
