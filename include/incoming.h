/*
 * incoming.h - a post as it arrives, before it is stored: the one record
 * every reader of posts fills (feed parser, Mastodon and Bluesky APIs,
 * archive imports) and the store takes (store_post_upsert).
 */
#ifndef STORIED_INCOMING_H
#define STORIED_INCOMING_H

#include <stddef.h>
#include <stdint.h>

struct incoming_media {
	char *url;         /* absolute */
	char *type;        /* MIME type, or NULL */
	char *medium;      /* image, video, audio, document, or NULL */
	char *alt;         /* alt text (media:description, JSON attachment title...) */
	char *preview_url; /* media:thumbnail, or NULL */
	int width, height; /* 0 when unknown */
};

/*
 * One item, every string valid UTF-8 (or NULL when absent). Valid only
 * during the callback: the parser owns and frees it afterwards.
 */
struct incoming_post {
	char *guid;      /* guid, atom:id, rdf:about, JSON id */
	char *permalink; /* absolute: link, link rel=alternate, url */
	char *title;     /* plain text */
	char *author_name;
	char *author_handle; /* "@user@server" for Mastodon permalinks */
	char *author_url;
	char *author_avatar;
	int has_published;
	int64_t published; /* UTC seconds */
	int has_updated;
	int64_t updated;
	char *date_text;    /* the published date as written when it could not
	                       be read (has_published 0), else NULL */
	char *content_html; /* untrusted HTML as sent (text content is escaped) */
	char *content_text; /* plain text: tags stripped, entities decoded,
	                       white space folded */
	char *language;
	char *content_warning; /* Mastodon CW / summary when used as one */
	int sensitive;
	char **categories;  /* as written (category, atom:category term,
	                       dc:subject, JSON tags) */
	size_t ncategories; /* at most HASHTAG_LIST_MAX (hashtag.h): more are
	                       dropped and counted in categories_dropped */
	size_t categories_dropped;
	struct incoming_media *media;
	size_t nmedia;
	/* Engagement when the source counts it (Mastodon and Bluesky APIs,
	 * Storify and twarc imports): has_counts 1, each count -1 when that
	 * one was not given. Stored on the post; a later fetch's counts win. */
	int has_counts;
	int64_t shares; /* boosts, reposts, retweets (quotes included) */
	int64_t likes;  /* favourites, likes */
	int64_t replies;
	char *raw; /* the original item: its XML as in the document
	              (re-serialised when the input was transcoded
	              from another encoding), or its JSON, compact */
	/* content_html made safe ahead of the store (store_html_safe), when
	 * has_safe_html; safe_html NULL then means none. Used as is only by
	 * the insert of a new post, whose safe HTML it is. */
	int has_safe_html;
	char *safe_html;
};

#endif
