/*
 * markdown.h - the one wrapper around cmark (only markdown.c includes
 * <cmark.h>): notes, captions, headings and the description are CommonMark.
 *
 * Every function parses its input, then makes the tree safe before writing
 * it out in either form: raw HTML nodes are removed, and a link or image
 * whose URL is not http, https or mailto is replaced by its text. HTML is
 * then written in cmark's safe mode, CommonMark with cmark's own renderer,
 * so what a site generator rebuilds from it is exactly as safe.
 *
 * Each appends to out and returns 0, or -1 when out is full.
 */
#ifndef STORIED_RENDER_MARKDOWN_H
#define STORIED_RENDER_MARKDOWN_H

#include "util.h"

/* A block of Markdown (a note, a caption, the description) as HTML. */
int markdown_html(struct buf *out, const char *md);
/* The same block as safe CommonMark, ending with one newline ("" for none). */
int markdown_commonmark(struct buf *out, const char *md);

/*
 * One line of inline Markdown (a heading's text: emphasis, code and links,
 * but never a list or a quote): as inline HTML, as inline CommonMark and
 * as plain text. New lines in md are read as spaces.
 */
int markdown_inline_html(struct buf *out, const char *md);
int markdown_inline_commonmark(struct buf *out, const char *md);
int markdown_inline_text(struct buf *out, const char *md);

#endif
