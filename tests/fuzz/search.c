/* search.c - libFuzzer target: any text typed into the search box. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t n);

static sqlite3 *db;

/* The expression must be valid FTS5 syntax for the project's tokenizer. */
static void
check_fts(const char *expr)
{
	sqlite3_stmt *st;
	int rc;

	if (expr == NULL)
		return;
	if (!utf8_valid(expr, strlen(expr)))
		abort();
	if (sqlite3_prepare_v2(db, "SELECT rowid FROM f WHERE f MATCH ?", -1, &st, NULL) !=
	    SQLITE_OK)
		abort();
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE)
		abort();
	sqlite3_finalize(st);
}

static void
check_list(const struct search_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (*l->v[i] == '\0' || !utf8_valid(l->v[i], strlen(l->v[i])))
			abort();
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	char *text = xstrndup((const char *)data, n);
	struct search_query q;

	if (db == NULL &&
	    (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	        sqlite3_exec(db,
	            "CREATE VIRTUAL TABLE f USING fts5(title, author_name, author_handle,"
	            " content_text, tokenize = 'unicode61 remove_diacritics 2');"
	            "INSERT INTO f VALUES ('a title', 'A Name', '@a@b.example', 'some text');",
	            NULL, NULL, NULL) != SQLITE_OK))
		abort();
	search_parse(text, &q);
	check_fts(q.match);
	check_fts(q.exclude);
	check_list(&q.tags);
	check_list(&q.not_tags);
	check_list(&q.authors);
	check_list(&q.not_authors);
	if (q.literal && (*q.literal == '\0' || !utf8_valid(q.literal, strlen(q.literal))))
		abort();
	search_query_release(&q);
	free(text);
	return 0;
}
