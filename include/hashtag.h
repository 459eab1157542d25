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

#endif
