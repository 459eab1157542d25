/*
 * hashtag.h - hashtags: normalising them and finding them in text.
 *
 * Two tags are the same when their NFKC case-folded forms are equal
 * (DESIGN.md), which is what hashtag_normalize() returns.
 */
#ifndef STORIED_HASHTAG_H
#define STORIED_HASHTAG_H

#include <stddef.h>

/*
 * The normalised form of a tag given with or without its leading '#':
 * NFKC, case folded. NULL when s is not a valid tag (empty, or holding
 * anything but letters, marks, digits, '_' and U+00B7). Caller frees.
 */
char *hashtag_normalize(const char *s);

/* 1 when code point cp can continue a hashtag (letter, mark, digit, '_'). */
int hashtag_char(int cp);

/*
 * A set of normalised tags, in the order first added, without repeats.
 * Adding and finding are constant time (a hash index beside the list), and
 * one list holds at most HASHTAG_LIST_MAX tags: a hostile item with 100,000
 * categories costs no more than one with a thousand.
 */
#define HASHTAG_LIST_MAX 1000

struct hashtag_list {
	char **v; /* owned */
	size_t n, cap;
	size_t *index;  /* open addressing: 0 empty, else position in v + 1 */
	size_t nindex;  /* a power of two, at least twice n; 0 before the first add */
	size_t dropped; /* distinct tags refused because the list was full */
};

void hashtag_list_init(struct hashtag_list *l);
void hashtag_list_release(struct hashtag_list *l);
void hashtag_list_reset(struct hashtag_list *l); /* empty, keeps memory */
/* Adds a copy of tag (already normalised) unless it is there or the list is full. */
void hashtag_list_add(struct hashtag_list *l, const char *tag);
int hashtag_list_has(const struct hashtag_list *l, const char *tag);

/*
 * Add to l the normalised hashtags written in plain text (src/collect/
 * hashtag_match.c). A hashtag is '#' (or the fullwidth '＃') not preceded by a
 * letter, digit or '_', followed by hashtag characters: it ends at the
 * first other character, so "#nosd26x" is the tag nosd26x, not nosd26.
 * A '#' inside a URL (https://x.example/page#nosd26) is a fragment, not a
 * tag.
 */
void hashtag_scan(const char *text, struct hashtag_list *l);

struct incoming_post;
/*
 * The tags of a feed item: the hashtags of its title and plain text and
 * its categories that are valid tags, all normalised, added to l.
 */
void hashtag_item_tags(const struct incoming_post *it, struct hashtag_list *l);

/*
 * 1 when a post with these tags belongs to a project with these
 * (normalised) tags: when one of them is among the post's, or when the
 * project has none.
 */
int hashtag_match(const struct hashtag_list *post, char *const *project, size_t nproject);

/* 1 when every tag is a plain one: ASCII lower-case letters, digits, '_'. */
int hashtag_tags_plain(char *const *tags, size_t ntags);

/*
 * 1 when the item surely carries none of tags (plain ones, above; at
 * least one) among hashtag_item_tags' and would fill no list: a cheap
 * look at its title, content (the HTML when it has no plain text yet)
 * and categories, before the plain text is made. 0 when unsure.
 */
int hashtag_item_surely_unmatched(const struct incoming_post *it, char *const *tags, size_t ntags);

#endif
