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
 * MARKDOWN_HUGO: CommonMark for Hugo, which reads shortcodes ("{{<" and
 * "{{%") before Markdown, in code spans and blocks too, where no Markdown
 * escape exists. Each one in code is written in Hugo's own escape, the
 * shortcode comment (spelt here with blanks a C comment cannot hold:
 * "{{< / * x * / >}}", without them), which Hugo shows as "{{< x >}}" and
 * runs nothing in: an opener with its closer in the same code becomes
 * one; an opener with none leaves the comment open, shut at the end of
 * the text by a link reference definition, MARKDOWN_HUGO_COMMENT_END and
 * the closer (">}}"), which shows nothing. Every comment opener is
 * written right after the byte MARKDOWN_HUGO_COMMENT, which tells
 * render.c's shortcode filter (--for hugo) to let that comment through as
 * it is; the filter drops the byte. The Markdown's own such bytes are
 * read as U+FFFD, so only this file writes one.
 */
enum { MARKDOWN_HUGO = 1 };
#define MARKDOWN_HUGO_COMMENT '\x1e'
#define MARKDOWN_HUGO_COMMENT_END "[storied-hugo-comment-end]: */"
int markdown_commonmark_opts(struct buf *out, const char *md, unsigned opts);

/*
 * One line of inline Markdown (a heading's text: emphasis, code and links,
 * but never a list or a quote): as inline HTML, as inline CommonMark and
 * as plain text. New lines in md are read as spaces.
 */
int markdown_inline_html(struct buf *out, const char *md);
int markdown_inline_commonmark(struct buf *out, const char *md);
int markdown_inline_commonmark_opts(struct buf *out, const char *md, unsigned opts);
int markdown_inline_text(struct buf *out, const char *md);

#endif
