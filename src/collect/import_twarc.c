/*
 * import_twarc.c - old Twitter collections saved by twarc: one tweet a
 * line (JSON lines), either the v1.1 API's tweets (full_text/text, user,
 * entities, extended_entities) or twarc2's flattened v2 tweets (author,
 * entities.hashtags, attachments.media). The file is read one line at a
 * time, so memory stays flat whatever its size; a retweet is kept as the
 * tweet it retweets.
 *
 * The API's text escapes &, < and > as entities and shortens links to
 * t.co; the stored text is decoded and the links expanded, the HTML links
 * them.
 */
#include <stdlib.h>
#include <string.h>

#include "incoming_internal.h"
#include "datetime.h"
#include "http.h"
#include "import_internal.h"

#define MAX_LINE (16u << 20)

/* A t.co link in the text and what it stands for. */
struct link {
	const char *short_url;
	const char *expanded; /* NULL: drop it (a media link) */
	const char *display;
};

static void
links_add(struct link **v, size_t *n, const char *s, const char *expanded, const char *display)
{
	if (str_empty(s))
		return;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = (struct link){s, expanded, display};
}

/* &amp; &lt; &gt; as the API writes them, decoded. */
static char *
entities_decode(const char *s)
{
	struct buf b;

	buf_init(&b, BUF_NOLIMIT);
	while (*s) {
		if (strncmp(s, "&amp;", 5) == 0)
			buf_addc(&b, '&'), s += 5;
		else if (strncmp(s, "&lt;", 4) == 0)
			buf_addc(&b, '<'), s += 4;
		else if (strncmp(s, "&gt;", 4) == 0)
			buf_addc(&b, '>'), s += 4;
		else
			buf_addc(&b, *s++);
	}
	return buf_detach(&b);
}

/* Text and HTML of a tweet with its links expanded. */
static void
tweet_text(struct incoming_post *it, const char *raw_text, const struct link *links, size_t nlinks)
{
	char *text = entities_decode(raw_text);
	struct buf t, h;
	const char *p = text;

	buf_init(&t, BUF_NOLIMIT);
	buf_init(&h, BUF_NOLIMIT);
	while (*p) {
		const struct link *l = NULL;
		for (size_t i = 0; i < nlinks; i++)
			if (str_startswith(p, links[i].short_url)) {
				l = &links[i];
				break;
			}
		if (l == NULL) {
			const char *q = p + 1;
			while (*q && *q != 'h')
				q++;
			buf_add(&t, p, (size_t)(q - p));
			incoming_html_text(&h, p, (size_t)(q - p));
			p = q;
			continue;
		}
		p += strlen(l->short_url);
		if (l->expanded == NULL)
			continue;
		buf_adds(&t, l->expanded);
		buf_adds(&h, "<a href=\"");
		incoming_html_attr(&h, l->expanded);
		buf_adds(&h, "\">");
		incoming_html_text(&h, l->display ? l->display : l->expanded,
		    strlen(l->display ? l->display : l->expanded));
		buf_adds(&h, "</a>");
	}
	conv_take(&it->content_text, xstrdup(str_trim(t.data)));
	conv_take(&it->content_html, buf_detach(&h));
	buf_release(&t);
	free(text);
}

static const char *
medium_of(const char *type)
{
	if (str_eq(type, "photo"))
		return "image";
	if (str_eq(type, "video") || str_eq(type, "animated_gif"))
		return "video";
	return NULL;
}

/* The best MP4 of a v1.1 video's variants. */
static const char *
video_url(json_t *m)
{
	json_t *v;
	const char *best = NULL;
	int64_t rate = -1;
	size_t i;

	json_array_foreach(conv_arr(conv_obj(m, "video_info"), "variants"), i,
	    v) if (str_eq(conv_str(v, "content_type"), "video/mp4") &&
	    conv_int(v, "bitrate", 0) > rate)
	{
		rate = conv_int(v, "bitrate", 0);
		best = conv_str(v, "url");
	}
	return best;
}

static void
tweet_v1(json_t *tw, struct incoming_post *it)
{
	json_t *user = conv_obj(tw, "user"), *ext = conv_obj(tw, "extended_tweet"), *ent, *v;
	const char *id = conv_str(tw, "id_str"), *sn = conv_str(user, "screen_name");
	const char *text = conv_str(tw, "full_text");
	struct link *links = NULL;
	size_t nlinks = 0, i;
	int64_t t;

	incoming_set_counts(it,
	    conv_int(tw, "retweet_count", -1) >= 0
	        ? conv_int(tw, "retweet_count", -1) + conv_int(tw, "quote_count", 0)
	        : -1,
	    conv_int(tw, "favorite_count", -1), conv_int(tw, "reply_count", -1));
	/* Tweets over 140 characters streamed in compatibility mode. */
	if (text == NULL && ext && conv_str(ext, "full_text")) {
		text = conv_str(ext, "full_text");
		tw = ext;
	}
	if (text == NULL)
		text = conv_str(tw, "text");
	ent = conv_obj(tw, "entities");
	if (sn && id) {
		conv_take(&it->permalink, xasprintf("https://twitter.com/%s/status/%s", sn, id));
		conv_set(&it->guid, it->permalink);
	}
	conv_set(&it->author_name, conv_str(user, "name"));
	if (sn) {
		conv_take(&it->author_handle, xasprintf("@%s", sn));
		conv_take(&it->author_url, xasprintf("https://twitter.com/%s", sn));
	}
	conv_set(&it->author_avatar, conv_str(user, "profile_image_url_https"));
	if (conv_str(tw, "created_at") && http_parse_date(conv_str(tw, "created_at"), &t) == 0 &&
	    time_in_range(t)) {
		it->has_published = 1;
		it->published = t;
	} else {
		conv_set(&it->date_text, conv_str(tw, "created_at"));
	}
	json_array_foreach(conv_arr(ent, "urls"), i, v) links_add(&links, &nlinks,
	    conv_str(v, "url"), conv_str(v, "expanded_url"), conv_str(v, "display_url"));
	json_array_foreach(conv_arr(ent, "media"), i, v)
	    links_add(&links, &nlinks, conv_str(v, "url"), NULL, NULL);
	json_array_foreach(conv_arr(ent, "hashtags"), i, v)
	    incoming_add_category(it, conv_str(v, "text"));
	json_array_foreach(
	    conv_arr(conv_obj(tw, "extended_entities") ? conv_obj(tw, "extended_entities") : ent,
	        "media"),
	    i, v)
	{
		const char *type = conv_str(v, "type");
		struct incoming_media *m = incoming_add_media(
		    it, str_eq(type, "photo") ? conv_str(v, "media_url_https") : video_url(v));
		if (m == NULL)
			continue;
		conv_set(&m->medium, medium_of(type));
		conv_set(&m->alt, conv_str(v, "ext_alt_text"));
		if (!str_eq(type, "photo"))
			conv_set(&m->preview_url, conv_str(v, "media_url_https"));
	}
	if (text)
		tweet_text(it, text, links, nlinks);
	free(links);
	conv_set(&it->language, conv_str(tw, "lang"));
	it->sensitive = conv_true(tw, "possibly_sensitive");
}

/* The object of includes[list] whose key is value (twarc2's unflattened pages). */
static json_t *
included(json_t *includes, const char *list, const char *key, const char *value)
{
	json_t *v;
	size_t i;

	if (value == NULL)
		return NULL;
	json_array_foreach(
	    conv_arr(includes, list), i, v) if (str_eq(conv_str(v, key), value)) return v;
	return NULL;
}

static void
tweet_v2(json_t *tw, json_t *includes, struct incoming_post *it)
{
	json_t *author = conv_obj(tw, "author"), *ent = conv_obj(tw, "entities"), *v;
	json_t *media = conv_arr(conv_obj(tw, "attachments"), "media"), *own = NULL;
	const char *id = conv_str(tw, "id"), *user;
	struct link *links = NULL;
	size_t nlinks = 0, i;

	{
		json_t *pm = conv_obj(tw, "public_metrics");
		int64_t rt = conv_int(pm, "retweet_count", -1);
		incoming_set_counts(it, rt >= 0 ? rt + conv_int(pm, "quote_count", 0) : -1,
		    conv_int(pm, "like_count", -1), conv_int(pm, "reply_count", -1));
	}
	/* Unflattened pages name the author and media by id, in "includes". */
	if (author == NULL)
		author = included(includes, "users", "id", conv_str(tw, "author_id"));
	if (media == NULL && includes) {
		own = json_array();
		json_array_foreach(conv_arr(conv_obj(tw, "attachments"), "media_keys"), i, v)
		{
			json_t *m = included(includes, "media", "media_key", json_string_value(v));
			if (m)
				json_array_append(own, m);
		}
		media = own;
	}
	user = conv_str(author, "username");
	if (id)
		conv_take(&it->permalink,
		    xasprintf("https://twitter.com/%s/status/%s", user ? user : "i/web", id));
	conv_set(&it->guid, it->permalink);
	conv_set(&it->author_name, conv_str(author, "name"));
	if (user) {
		conv_take(&it->author_handle, xasprintf("@%s", user));
		conv_take(&it->author_url, xasprintf("https://twitter.com/%s", user));
	}
	conv_set(&it->author_avatar, conv_str(author, "profile_image_url"));
	conv_published(it, conv_str(tw, "created_at"));
	json_array_foreach(conv_arr(ent, "urls"), i, v)
	{
		/* a link to the tweet's own photo or video is the media, not a link */
		const char *exp = conv_str(v, "expanded_url");
		int own_media = conv_str(v, "media_key") != NULL;
		links_add(&links, &nlinks, conv_str(v, "url"), own_media ? NULL : exp,
		    conv_str(v, "display_url"));
	}
	json_array_foreach(conv_arr(ent, "hashtags"), i, v)
	    incoming_add_category(it, conv_str(v, "tag"));
	json_array_foreach(media, i, v)
	{
		const char *type = conv_str(v, "type");
		struct incoming_media *m = incoming_add_media(
		    it, conv_str(v, "url") ? conv_str(v, "url") : conv_str(v, "preview_image_url"));
		if (m == NULL)
			continue;
		conv_set(&m->medium, medium_of(type));
		conv_set(&m->alt, conv_str(v, "alt_text"));
		if (!str_eq(type, "photo"))
			conv_set(&m->preview_url, conv_str(v, "preview_image_url"));
		m->width = (int)conv_int(v, "width", 0);
		m->height = (int)conv_int(v, "height", 0);
	}
	if (conv_str(tw, "text"))
		tweet_text(it, conv_str(tw, "text"), links, nlinks);
	free(links);
	json_decref(own);
	conv_set(&it->language, conv_str(tw, "lang"));
	it->sensitive = conv_true(tw, "possibly_sensitive");
}

/* The tweet a retweet retweets, when the line carries it whole. */
static json_t *
original(json_t *tw)
{
	json_t *v, *ref;
	size_t i;

	if ((v = conv_obj(tw, "retweeted_status")) != NULL)
		return v;
	json_array_foreach(conv_arr(tw, "referenced_tweets"), i,
	    ref) if (str_eq(conv_str(ref, "type"), "retweeted") && conv_str(ref, "text") &&
	    conv_obj(ref, "author")) return ref;
	return tw;
}

static int
tweet(json_t *tw, json_t *includes, const struct import_sink *sink, struct import_info *info,
    struct err *e)
{
	struct incoming_post it = {0};
	int r;

	tw = original(tw);
	if (conv_obj(tw, "user") || conv_str(tw, "id_str") || conv_str(tw, "full_text"))
		tweet_v1(tw, &it);
	else
		tweet_v2(tw, includes, &it);
	if (it.permalink == NULL) {
		incoming_post_release(&it);
		return err_set(e, ERR_FAIL, "not a tweet (no id)");
	}
	conv_raw(&it, tw);
	r = sink->item(sink->arg, &it, e);
	incoming_post_release(&it);
	if (r == 0)
		info->items++;
	return r;
}

int
import_twarc(FILE *f, const struct import_sink *sink, struct import_info *info, struct err *e)
{
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t n;
	int r = 0;

	while ((n = getline(&line, &cap, f)) != -1) {
		json_error_t je;
		json_t *tw, *data, *v;
		size_t i;

		lineno++;
		if ((size_t)n > MAX_LINE) {
			r = err_set(
			    e, ERR_FAIL, "line %zu: longer than %u MiB", lineno, MAX_LINE >> 20);
			break;
		}
		if (str_trim(line)[0] == '\0')
			continue;
		tw = json_loads(line, 0, &je);
		if (tw == NULL) {
			r = err_set(e, ERR_FAIL, "line %zu: JSON error at column %d: %s", lineno,
			    je.column, je.text);
			break;
		}
		if (!json_is_object(tw)) {
			json_decref(tw);
			r = err_set(e, ERR_FAIL, "line %zu: not a tweet object", lineno);
			break;
		}
		/* twarc2's unflattened pages: {"data": [...], "includes": ...}. */
		if ((data = conv_arr(tw, "data")) != NULL) {
			json_array_foreach(data, i, v) if ((r = tweet(v, conv_obj(tw, "includes"),
			                                        sink, info, e)) == -1) break;
		} else {
			r = tweet(tw, NULL, sink, info, e);
		}
		json_decref(tw);
		if (r == -1) {
			err_prefix(e, "line %zu: ", lineno);
			break;
		}
	}
	if (r == 0 && ferror(f))
		r = err_set(e, ERR_FAIL, "line %zu: read error", lineno + 1);
	free(line);
	return r;
}
