/*
 * feed_internal.h - what the feed readers (feed.c, feed_xml.c, feed_json.c,
 * feed_date.c) share; used inside src/collect only.
 */
#ifndef STORIED_FEED_INTERNAL_H
#define STORIED_FEED_INTERNAL_H

#include "feed.h"
#include "incoming_internal.h"

#define FEED_MAX_TEXT_DEFAULT (8u << 20)

/*
 * The document as a byte stream: the bytes already read for detection
 * (head) come first, then the rest of fd. Nothing is ever seeked, so a
 * pipe works as well as a file.
 */
struct feed_input {
	int fd;
	unsigned char head[1024];
	size_t headlen, headpos;
	int error;              /* errno of a failed read, else 0 */
	int utf8_fix;           /* the text is meant to be UTF-8: repair it */
	size_t fixed;           /* bytes repaired (read as windows-1252) */
	unsigned char carry[4]; /* an incomplete sequence at a read's end */
	size_t ncarry;
};

/*
 * Reads up to n bytes; 0 at the end, -1 on a read error (in->error set).
 * With utf8_fix, a byte that is not part of a valid UTF-8 sequence is read
 * as the windows-1252 character it most likely is (so a stray Latin-1
 * byte neither stops the XML parser nor reaches the database).
 */
long feed_input_read(struct feed_input *in, void *buf, size_t n);

/* One parse: the caller's options, callback and results. */
struct feed_ctx {
	const struct feed_options *opt;
	feed_item_fn fn;
	void *arg;
	struct feed_info *info;
	struct err *e;
	size_t max_text;
	const char *encoding; /* the encoding to impose on the XML, or NULL */
	int ignore_enc;       /* the declared encoding is unknown: ignore it */
};

/*
 * Finishes an item (derived fields, UTF-8 wall), hands it to the callback
 * and frees its contents whatever happens. Returns the callback's result.
 */
int feed_emit(struct feed_ctx *c, struct incoming_post *it);

/*
 * feed_emit in two halves, so a reader can leave what only a kept item
 * needs (its original text) until it is kept: feed_keep derives the
 * fields the policy reads and runs it (opt->reject, then opt->keep):
 * 1 when the item is kept, 0 when not (its contents then freed);
 * feed_hand_on does the rest, as feed_emit.
 */
int feed_keep(struct feed_ctx *c, struct incoming_post *it);
int feed_hand_on(struct feed_ctx *c, struct incoming_post *it);

/*
 * Valid UTF-8 copy of s[0..n): invalid sequences become U+FFFD, and C1
 * controls (U+0080..U+009F, which only ever come from windows-1252 text
 * mislabelled ISO-8859-1) become the windows-1252 characters. Caller frees.
 */
char *feed_clean(const char *s, size_t n);

/* The author name out of an RSS <author>: "me@x.org (Me)" gives "Me". */
char *feed_author_name(const char *s);

/* The absolute form of href against base (either may be NULL). Caller frees. */
char *feed_resolve(const char *base, const char *href);

int feed_parse_xml(struct feed_ctx *c, struct feed_input *in);
int feed_parse_json(struct feed_ctx *c, struct feed_input *in);

#endif
