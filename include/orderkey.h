/*
 * orderkey.h - order keys for the story: fractional indexing over text.
 *
 * A key is an "integer part" (a head letter telling how many base-62
 * digits follow: 'a' one, 'b' two, ... 'z' 26; 'Z' one, 'Y' two, ... for
 * the negative side) and an optional fraction of base-62 digits without a
 * trailing '0'. Digits are 0-9A-Za-z, in ASCII order, so keys compare as
 * plain bytes (SQLite's BINARY collation, strcmp). Between any two keys
 * a < b another key exists; appending at either end grows keys only
 * logarithmically (the integer part is incremented), and repeated inserts
 * at one spot grow a key by one character every five or six inserts.
 * (After David Greenspan's "Implementing Fractional Indexing", as in the
 * CC0 fractional-indexing library: no Debian package does this for C.)
 */
#ifndef STORIED_ORDERKEY_H
#define STORIED_ORDERKEY_H

#include <stddef.h>

/* 1 when k is a well-formed key. */
int orderkey_valid(const char *k);

/*
 * A new key strictly between a and b; a NULL a means "before everything",
 * a NULL b "after everything". Returns a string the caller frees, or NULL
 * when a >= b or either is not a valid key.
 */
char *orderkey_between(const char *a, const char *b);

/*
 * n keys, ascending, strictly between a and b, spread so that none grows
 * longer than needed. Fills out[0..n) (caller frees each) and returns 0,
 * or returns -1 (nothing allocated) on the conditions above.
 */
int orderkey_n_between(const char *a, const char *b, size_t n, char **out);

#endif
