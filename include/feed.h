/*
 * feed.h - reading feeds: RSS 2.0 (and 0.9x), RSS 1.0/RDF, Atom 1.0 (and
 * 0.3), JSON Feed 1.0/1.1. The format is detected from the content.
 *
 * XML is streamed through libxml2's push parser so memory stays flat
 * whatever the feed's size: each item is handed to the caller's callback
 * as soon as it is complete, then freed. Hostile XML is inert: no external
 * entities, no DTD loading, no network (XML_PARSE_NONET), bounded entity
 * expansion, depth and text sizes.
 *
 * Broken XML is read as far as libxml2's recovery goes (info->recovered
 * set; an item cut off by the document's end is dropped); it is an error
 * only when not one item could be read before the parser gave up.
 */
#ifndef STORIED_FEED_H
#define STORIED_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "incoming.h"
#include "storied.h"

enum feed_format {
	FEED_UNKNOWN = 0,
	FEED_RSS,      /* RSS 0.9x / 2.0 */
	FEED_RDF,      /* RSS 1.0 / 0.90 */
	FEED_ATOM,     /* Atom 1.0 / 0.3 */
	FEED_JSONFEED, /* JSON Feed 1.0 / 1.1 */
};

/* "rss", "rdf", "atom", "jsonfeed" or "unknown". */
const char *feed_format_name(enum feed_format f);

/* What the parser learned about the feed as a whole. */
struct feed_info {
	enum feed_format format;
	char *title; /* caller frees with feed_info_release */
	char *link;
	char *language;
	size_t items;  /* items read (handed to the callback or
	                  dropped by opt->keep) */
	int recovered; /* the XML was not well-formed but was read */
};

/* Return 0 to go on, -1 (with e filled) to stop the parse. */
typedef int (*feed_item_fn)(void *arg, const struct incoming_post *item, struct err *e);
/* The same, but the item is the callee's: it may take its strings (and
 * leave NULL); whatever it leaves is freed after it returns. */
typedef int (*feed_take_fn)(void *arg, struct incoming_post *item, struct err *e);

/*
 * A pre-filter: return 1 to hand the item on to the item callback, 0 to
 * drop it. It sees the item before the costlier half of its finishing:
 * title, content_text and categories are valid UTF-8 then, and the dates
 * are set; the other strings may not be valid UTF-8 yet (guid and
 * permalink may be tested for NULL) and must not be read.
 */
typedef int (*feed_keep_fn)(void *arg, const struct incoming_post *item);

struct feed_options {
	const char *base_url;     /* resolves relative links; the source URL */
	const char *http_charset; /* charset from Content-Type, or NULL */
	size_t max_text;          /* bytes kept of one text node; 0: 8 MiB */
	feed_keep_fn keep;        /* NULL: every item is handed on */
	/*
	 * NULL, or a look before keep, before the item's plain text and
	 * original XML are made: 1 when it is surely not kept (reject counted
	 * it as keep would), 0 when keep is to decide. Reads title, content_html,
	 * content_text, categories, dates, and whether guid and permalink are
	 * NULL; the strings are not through the UTF-8 wall yet (any byte past
	 * ASCII is to be read as "unsure").
	 */
	feed_keep_fn reject;
	feed_take_fn take; /* NULL, or called in fn's place */
};

/*
 * Parse the feed readable from fd (a file or a spooled HTTP body; read from
 * its current offset to its end). Calls fn (or opt->take) for each item in document order.
 * Returns 0, or -1 with e filled: "not a feed (looks like HTML)", "XML error
 * at line L, column C: ...", "JSON error at line L: ...", or fn's error.
 */
int feed_parse_fd(int fd, const struct feed_options *opt, feed_item_fn fn, void *arg,
    struct feed_info *info, struct err *e);

void feed_info_release(struct feed_info *info);

/*
 * Set libxml2 up before a second thread may use it alongside a parse (its
 * own lazy setup is not thread-safe before 2.12). Idempotent.
 */
void feed_xml_init(void);

/*
 * The plain text of an HTML fragment: tags stripped, entities decoded,
 * white space folded, block elements separated by a newline. Caller frees.
 */
char *html_to_text(const char *html);

/*
 * For the differential tests (tests/fuzz/text_diff.c, tests/unit/diff.c):
 * html_to_text through one path. HTML_TEXT_FAST returns NULL when the
 * hand-written scan declines the fragment; HTML_TEXT_LIBXML2 always
 * parses with libxml2. Where the scan answers, both give the same text.
 */
enum html_text_path { HTML_TEXT_ANY, HTML_TEXT_FAST, HTML_TEXT_LIBXML2 };
char *html_to_text_path(const char *html, enum html_text_path path);

/*
 * Feed dates: RFC 822 and its variants (via curl_getdate), ISO 8601 /
 * RFC 3339 with offsets. Returns 0 and fills *out (UTC), or -1.
 */
int feed_date_parse(const char *s, int64_t *out);

#endif
