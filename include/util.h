/*
 * util.h - allocation wrappers, the growable buffer, UTF-8 and escaping.
 *
 * Allocation wrappers never return NULL: running out of memory aborts with a
 * message (tmux's xmalloc), so ordinary code carries no NULL checks.
 */
#ifndef STORIED_UTIL_H
#define STORIED_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define PRINTFLIKE(f, a) __attribute__((format(printf, f, a)))
#define NORETURN __attribute__((noreturn))
#else
#define PRINTFLIKE(f, a)
#define NORETURN
#endif

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Die with "storied: fatal: ..." on stderr; for broken invariants and OOM. */
NORETURN void fatal(const char *fmt, ...) PRINTFLIKE(1, 2);

/* Returned memory is the caller's, to free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTFLIKE(1, 2);

/*
 * A growable byte buffer, always NUL-terminated (data is never NULL after
 * buf_init). max bounds its length: an append past it fails with -1 and
 * leaves the buffer as it was (curl's dynbuf). BUF_NOLIMIT for none.
 */
#define BUF_NOLIMIT SIZE_MAX
struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
};

void buf_init(struct buf *b, size_t max);
void buf_release(struct buf *b); /* frees data; b may be reused after buf_init */
void buf_reset(struct buf *b);   /* length 0, keeps memory */
char *buf_detach(struct buf *b); /* caller owns the result; b is re-initialised */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) PRINTFLIKE(2, 3);
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) PRINTFLIKE(2, 0);
void buf_truncate(struct buf *b, size_t len);

/* Strings */
int str_eq(const char *a, const char *b); /* NULL-safe */
int str_empty(const char *s);             /* NULL or "" */
int str_startswith(const char *s, const char *prefix);
int str_casestartswith(const char *s, const char *prefix); /* ASCII only */
/* Parse a whole decimal integer in [min, max]; 0 on success, -1 otherwise. */
int str_to_int64(const char *s, int64_t min, int64_t max, int64_t *out);
/* Trim ASCII white space in place; returns s. */
char *str_trim(char *s);
/* A copy of the first n bytes of s with ASCII white space trimmed, or
 * NULL when nothing is left (one pass, where xstrndup then str_trim
 * made four). */
char *str_trimmed_dup(const char *s, size_t n);

/*
 * Strings numbered 0, 1, 2... in the order they first came: open
 * addressing over copies of them, grown at half full. Zeroed is empty.
 */
struct str_index {
	struct str_slot {
		char *key; /* NULL: free */
		uint32_t hash;
		size_t index;
	} * slots;
	size_t cap, n;
};
/* key's slot, added with the next number when new (*added says so); a
 * slot stays valid until the next str_index_get. */
struct str_slot *str_index_get(struct str_index *m, const char *key, int *added);
/* key's slot, or NULL when it is not there. */
const struct str_slot *str_index_find(const struct str_index *m, const char *key);
void str_index_free(struct str_index *m);

/* UTF-8 */
/* 1 when s[0..n) is valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
int utf8_valid(const char *s, size_t n);
/* Append s[0..n) to b, replacing every invalid sequence by U+FFFD. */
int utf8_sanitize(struct buf *b, const char *s, size_t n);
/* Decode one code point at s (n bytes left); returns its length or -1. */
int utf8_decode(const char *s, size_t n, int32_t *cp);
int utf8_encode(int32_t cp, char out[4]); /* returns 1..4, or 0 */
/* Number of code points (invalid bytes count as one each). */
size_t utf8_len(const char *s);
/* Terminal display width of s, in columns (ASCII 1, wide CJK 2). */
size_t utf8_width(const char *s);
/* Append at most `cols` display columns of s to b, adding "…" when cut. */
int utf8_append_cols(struct buf *b, const char *s, size_t cols);

/*
 * Escaping, one function per output context. HTML also writes '{' as
 * "&#123;", so no "{{", "{%" or "{#" of the text reaches a template
 * language (Liquid, Hugo's shortcodes) the HTML is pasted into.
 */
int esc_html_text(struct buf *b, const char *s); /* & < > { */
int esc_html_attr(struct buf *b, const char *s); /* & < > " ' { */
/* HTML whose text and attribute values are escaped but may hold '{'
 * (cmark's, a sanitized post stored before): p[0..n) with '{' as "&#123;". */
int esc_html_braces(struct buf *b, const char *p, size_t n);
/* Markdown inline text: backslash-escape every ASCII punctuation that can
 * start markup, and neutralise line starts (#, >, -, +, digits + '.'). */
int esc_markdown(struct buf *b, const char *s);
/* The same, with what flags ask: */
enum {
	/* bare http://, https:// and www. URLs as autolinks, <https://...>:
	 * no escape inside (Goldmark's own linking stops at a backslash,
	 * kramdown links no bare URL), punctuation ending the sentence left
	 * out, '{' and '}' percent-encoded, www. given http:// */
	ESC_MD_AUTOLINK = 1,
	/* '<' as "&lt;", not "\<": Hugo reads "<!--more-->" through it */
	ESC_MD_LT_ENTITY = 2,
	/* what kramdown's and Goldmark's typographers would turn into other
	 * characters, backslash-escaped (both read "\-" as '-'): a hyphen
	 * after a hyphen ("--", "---": dashes), a dot after two dots ("...":
	 * an ellipsis), a '>' after a '>' (">>": a guillemet; '<' is always
	 * escaped). Straight quotes are left to be curled: that is the
	 * site's typography, it changes no word, and "don\'t" in every
	 * post would make the Markdown hard to read. */
	ESC_MD_TYPOGRAPHY = 4,
};
int esc_markdown_opts(struct buf *b, const char *s, unsigned flags);
/* The same for a piece of a line: *line_start says whether s starts a
 * line (its block-start characters escaped), and is left saying whether
 * the text written ends one. */
int esc_markdown_span(struct buf *b, const char *s, int *line_start, unsigned flags);
/* A URL as an autolink, <url>, '{' and '}' percent-encoded; the caller
 * checks it can be one (a scheme, no blank, '<' or '>'). */
int esc_markdown_autolink(struct buf *b, const char *url);
/*
 * A URL as a link destination, byte for byte as it came wherever that
 * reads back the same in CommonMark and kramdown: only what would end or
 * break the destination is percent-encoded (blanks and controls, angle
 * brackets, a backslash, parentheses when they do not pair up), never
 * characters that need nothing ("media_attachments" keeps its '_').
 */
int esc_markdown_url(struct buf *b, const char *url);

#endif
