/*
 * card.h - link cards: which page a post links to, and what that page
 * says of itself (Open Graph, Twitter card, <title>), read with libxml2's
 * HTML parser. Internal to src/collect/ (and its unit test).
 */
#ifndef STORIED_COLLECT_CARD_H
#define STORIED_COLLECT_CARD_H

#include <stddef.h>

/*
 * The first page a post's HTML links to: an http(s) link that is not a
 * mention, a hashtag, the post itself or a media file. The caller's, or
 * NULL when there is none.
 */
char *card_link(const char *html, const char *permalink);

/*
 * Each http(s) <img src> of a post's HTML (pictures a blog post carries
 * inline), in order, to fn; fn returning -1 stops (and is returned).
 */
int card_inline_images(const char *html, int (*fn)(void *arg, const char *url), void *arg);

/* What a page says of itself; strings the caller's (card_page_release). */
struct card_page {
	char *title, *description, *site_name, *image_url;
};

/*
 * Read the n bytes of an HTML page fetched from url (charset from the
 * HTTP header, or NULL). 0, or -1 when the page says nothing usable (no
 * title at all).
 */
int card_page_read(
    const char *html, size_t n, const char *url, const char *charset, struct card_page *out);
void card_page_release(struct card_page *c);

/*
 * The card a Mastodon API status carries ("card": url, title, description,
 * provider_name, image), from the status's JSON; *url the caller's. 0, or
 * -1 when it has none.
 */
int card_mastodon(const char *json, char **url, struct card_page *out);

#endif
