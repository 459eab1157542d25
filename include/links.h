/*
 * links.h - the links a post's HTML points to, for counting where the
 * conversation led (stats' top domains). A tolerant scan of <a href>, not
 * a parser: the stored HTML is as the source sent it, and a miscounted
 * link is harmless, while a second libxml2 pass over every post is not
 * (stats over 100,000 posts must take well under a second).
 */
#ifndef STORIED_LINKS_H
#define STORIED_LINKS_H

#include <stddef.h>

enum link_kind {
	LINK_WEB,     /* an ordinary http(s) link */
	LINK_MENTION, /* a profile: class "mention", a /@user or /profile/ path */
	LINK_TAG,     /* a hashtag: class "hashtag", rel "tag", a /tags/ path */
};

#define LINK_HOST_MAX 256
#define LINK_HREF_MAX 2048

struct html_link {
	enum link_kind kind;
	char host[LINK_HOST_MAX]; /* lower case, without "www.", port or user */
	char href[LINK_HREF_MAX]; /* the target, &amp; decoded; cut when longer */
};

/*
 * The next http(s) link at or after *pos in html: fills l, moves *pos past
 * it and returns 1; returns 0 when there is none left.
 */
int html_link_next(const char **pos, struct html_link *l);

/* The host of an http(s) URL as html_link_next gives it into out; 0, or -1. */
int link_host(const char *url, char *out, size_t n);

#endif
