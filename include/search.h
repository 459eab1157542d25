/*
 * search.h - what people type into a search box, as a query the store can
 * run without ever failing on its syntax.
 *
 * The language (documented for users in `posts --help` and storied(1)):
 *   word            the word, anywhere (title, author, text); case and
 *                   accents do not matter; punctuation inside a word splits
 *                   it into a phrase (Sara's, e-learning, Q&A, 10:40)
 *   word*           words starting with "word"; the last plain word of the
 *                   query is always matched as a prefix (search as you type)
 *   "a phrase"      the words in this order; an unbalanced quote runs to
 *                   the end of the query
 *   #tag            posts carrying the hashtag (normalised like project tags)
 *   @user           posts by @user on any server (or @user@server, or an
 *                   author name holding the word)
 *   -term, NOT term leave out posts matching term (a word, "phrase", #tag
 *                   or @user)
 *   a OR b          either (between words or phrases)
 *   title:word, author_name:word, author_handle:word, content_text:word
 *                   the word in that field only
 * Terms combine with AND. A query with nothing searchable in it (only
 * punctuation, a lone "-", an emoji) is searched as literal text.
 *
 * Used by the store's post listing (store_posts_list) for `posts --search`
 * and the editor's search box alike.
 */
#ifndef STORIED_SEARCH_H
#define STORIED_SEARCH_H

#include <stddef.h>

/* A list of strings, owned. */
struct search_list {
	char **v;
	size_t n;
};

/*
 * A parsed query: every field NULL or empty means "no condition". A post
 * matches when it satisfies every condition given.
 */
struct search_query {
	char *match;   /* FTS5 expression the post must match (over posts_fts) */
	char *exclude; /* FTS5 expression the post must not match */
	struct search_list tags, not_tags;       /* normalised hashtags */
	struct search_list authors, not_authors; /* ASCII-lowercased, no leading '@' */
	char *literal; /* ASCII-lowercased text the post must contain (title,
	                  text, author name or handle) */
};

/*
 * Translate input (any bytes; invalid UTF-8 is read as U+FFFD) into q,
 * which the caller releases with search_query_release. Never fails: the
 * FTS5 expressions it writes are always valid FTS5 syntax, every string
 * is valid UTF-8.
 */
void search_parse(const char *input, struct search_query *q);
void search_query_release(struct search_query *q);

/* 1 when q has no condition at all (an empty or blank query). */
int search_query_empty(const struct search_query *q);

#endif
