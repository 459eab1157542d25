/*
 * api_bluesky.c - Bluesky search results (app.bsky.feed.searchPosts postViews)
 * as feed items, and the createSession answer that authorises the search.
 *
 * A post's record holds plain text plus facets: byte ranges of the UTF-8
 * text marked as links, mentions or hashtags. The HTML kept as the post's
 * content is built from them (the text escaped, each facet an <a>), so a
 * Bluesky post renders like any other post.
 */
#include <stdlib.h>
#include <string.h>

#include "incoming_internal.h"
#include "import.h"
#include "url.h"

void
bluesky_page_release(struct bluesky_page *p)
{
	free(p->cursor);
	memset(p, 0, sizeof *p);
}

struct facet {
	size_t start, end;
	const char *kind;  /* "link", "tag", "mention" */
	const char *value; /* uri, tag, did */
};

static int
facet_cmp(const void *a, const void *b)
{
	const struct facet *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* A byte offset that starts a UTF-8 sequence (or is the end). */
static int
char_boundary(const char *s, size_t len, size_t i)
{
	return i == len || (i < len && ((unsigned char)s[i] & 0xc0) != 0x80);
}

/* The record's text as HTML: escaped, facets as links, in a <p>. */
static char *
text_html(json_t *record)
{
	const char *text = conv_str(record, "text");
	size_t len = text ? strlen(text) : 0, nf = 0, at = 0, i;
	struct facet *f = NULL;
	struct buf b;
	json_t *fc;

	if (text == NULL)
		return NULL;
	json_array_foreach(conv_arr(record, "facets"), i, fc)
	{
		json_t *idx = conv_obj(fc, "index"),
		       *feat = json_array_get(conv_arr(fc, "features"), 0);
		int64_t s = conv_int(idx, "byteStart", -1), en = conv_int(idx, "byteEnd", -1);
		const char *type = conv_str(feat, "$type"), *kind = NULL, *value = NULL;

		/* Offsets outside the text or inside a character are ignored: the
		 * text is kept whole rather than cut mid-character. */
		if (s < 0 || en <= s || (size_t)en > len || !char_boundary(text, len, (size_t)s) ||
		    !char_boundary(text, len, (size_t)en) || type == NULL)
			continue;
		if (strcmp(type, "app.bsky.richtext.facet#link") == 0)
			kind = "link", value = conv_str(feat, "uri");
		else if (strcmp(type, "app.bsky.richtext.facet#tag") == 0)
			kind = "tag", value = conv_str(feat, "tag");
		else if (strcmp(type, "app.bsky.richtext.facet#mention") == 0)
			kind = "mention", value = conv_str(feat, "did");
		if (value == NULL)
			continue;
		if (kind[0] == 'l' && !str_casestartswith(value, "https://") &&
		    !str_casestartswith(value, "http://"))
			continue;
		f = xreallocarray(f, nf + 1, sizeof *f);
		f[nf++] = (struct facet){(size_t)s, (size_t)en, kind, value};
	}
	if (nf > 1)
		qsort(f, nf, sizeof *f, facet_cmp);
	buf_init(&b, BUF_NOLIMIT);
	for (i = 0; i < nf; i++) {
		if (f[i].start < at)
			continue; /* overlapping facets: the first wins */
		incoming_html_text(&b, text + at, f[i].start - at);
		buf_adds(&b, "<a href=\"");
		if (f[i].kind[0] == 'l') {
			incoming_html_attr(&b, f[i].value);
		} else {
			struct buf enc;

			/* A tag may hold anything; a DID is letters, digits, ':' and '.'. */
			buf_init(&enc, BUF_NOLIMIT);
			if (f[i].kind[0] == 't')
				url_encode(&enc, f[i].value);
			else
				incoming_html_attr(&enc, f[i].value);
			buf_adds(&b,
			    f[i].kind[0] == 't' ? "https://bsky.app/hashtag/"
			                        : "https://bsky.app/profile/");
			buf_adds(&b, enc.data);
			buf_release(&enc);
		}
		buf_adds(&b, "\">");
		incoming_html_text(&b, text + f[i].start, f[i].end - f[i].start);
		buf_adds(&b, "</a>");
		at = f[i].end;
	}
	incoming_html_text(&b, text + at, len - at);
	free(f);
	return buf_detach(&b);
}

static void
add_images(struct incoming_post *it, json_t *embed)
{
	const char *type = conv_str(embed, "$type");
	json_t *img;
	size_t i;

	if (type == NULL)
		return;
	if (strcmp(type, "app.bsky.embed.recordWithMedia#view") == 0) {
		add_images(it, conv_obj(embed, "media"));
		return;
	}
	if (strcmp(type, "app.bsky.embed.video#view") == 0) {
		struct incoming_media *m = incoming_add_media(it, conv_str(embed, "playlist"));
		if (m) {
			conv_set(&m->medium, "video");
			conv_set(&m->type, "application/x-mpegURL");
			conv_set(&m->alt, conv_str(embed, "alt"));
			conv_set(&m->preview_url, conv_str(embed, "thumbnail"));
		}
		return;
	}
	if (strcmp(type, "app.bsky.embed.images#view") != 0)
		return;
	json_array_foreach(conv_arr(embed, "images"), i, img)
	{
		struct incoming_media *m = incoming_add_media(it, conv_str(img, "fullsize"));
		json_t *ratio = conv_obj(img, "aspectRatio");
		if (m == NULL)
			continue;
		conv_set(&m->medium, "image");
		conv_set(&m->alt, conv_str(img, "alt"));
		conv_set(&m->preview_url, conv_str(img, "thumb"));
		m->width = (int)conv_int(ratio, "width", 0);
		m->height = (int)conv_int(ratio, "height", 0);
	}
}

/* Labels that mark a post for a content warning in the Bluesky app. */
static int
sensitive_labels(json_t *post)
{
	static const char *const vals[] = {"porn", "sexual", "nudity", "graphic-media", "gore"};
	json_t *l;
	size_t i;

	json_array_foreach(conv_arr(post, "labels"), i,
	    l) for (size_t k = 0; k < ARRAY_LEN(vals);
	            k++) if (str_eq(conv_str(l, "val"), vals[k])) return 1;
	return 0;
}

static void
post_item(json_t *post, struct incoming_post *it)
{
	json_t *author = conv_obj(post, "author"), *record = conv_obj(post, "record"), *v;
	const char *uri = conv_str(post, "uri"), *handle = conv_str(author, "handle");
	const char *who = handle ? handle : conv_str(author, "did"), *rkey;
	size_t i;

	conv_set(&it->guid, uri);
	/* at://DID/app.bsky.feed.post/RKEY → https://bsky.app/profile/HANDLE/post/RKEY */
	if (uri && who && str_startswith(uri, "at://") && (rkey = strrchr(uri, '/')) != NULL &&
	    rkey[1] != '\0')
		conv_take(&it->permalink,
		    xasprintf("https://bsky.app/profile/%s/post/%s", who, rkey + 1));
	conv_set(&it->author_name, conv_str(author, "displayName"));
	if (handle) {
		conv_take(&it->author_handle, xasprintf("@%s", handle));
		conv_take(&it->author_url, xasprintf("https://bsky.app/profile/%s", handle));
	}
	conv_set(&it->author_avatar, conv_str(author, "avatar"));
	conv_published(it,
	    conv_str(record, "createdAt") ? conv_str(record, "createdAt")
	                                  : conv_str(post, "indexedAt"));
	conv_take(&it->content_html, text_html(record));
	conv_set(&it->content_text, conv_str(record, "text"));
	conv_set(&it->language, json_string_value(json_array_get(conv_arr(record, "langs"), 0)));
	it->sensitive = sensitive_labels(post);
	json_array_foreach(conv_arr(record, "facets"), i, v)
	{
		json_t *feat;
		size_t k;
		json_array_foreach(conv_arr(v, "features"), k,
		    feat) if (str_eq(conv_str(feat, "$type"), "app.bsky.richtext.facet#tag"))
		    incoming_add_category(it, conv_str(feat, "tag"));
	}
	json_array_foreach(conv_arr(record, "tags"), i, v)
	    incoming_add_category(it, json_string_value(v));
	add_images(it, conv_obj(post, "embed"));
	{
		int64_t reposts = conv_int(post, "repostCount", -1),
		        quotes = conv_int(post, "quoteCount", 0);
		incoming_set_counts(it, reposts >= 0 && quotes > 0 ? reposts + quotes : reposts,
		    conv_int(post, "likeCount", -1), conv_int(post, "replyCount", -1));
	}
	conv_raw(it, post);
}

int
bluesky_parse_search(const char *json, size_t len, feed_item_fn fn, void *arg,
    struct bluesky_page *page, struct err *e)
{
	json_error_t je;
	json_t *root, *posts, *p;
	size_t i;
	int r = 0;

	memset(page, 0, sizeof *page);
	root = json_loadb(json, len, 0, &je);
	if (root == NULL)
		return conv_json_error(e, &je);
	posts = conv_arr(root, "posts");
	if (posts == NULL) {
		const char *msg = conv_str(root, "message");
		r = msg ? err_set(e, ERR_FAIL, "the server says: %s", msg)
		        : err_set(e, ERR_FAIL, "not a searchPosts answer (no \"posts\" list)");
		json_decref(root);
		return r;
	}
	conv_set(&page->cursor, conv_str(root, "cursor"));
	json_array_foreach(posts, i, p)
	{
		struct incoming_post it = {0};

		if (!json_is_object(p)) {
			r = err_set(e, ERR_FAIL, "post %zu: not an object", i + 1);
			break;
		}
		page->posts++;
		post_item(p, &it);
		if (it.has_published && (!page->has_oldest || it.published < page->oldest_at)) {
			page->has_oldest = 1;
			page->oldest_at = it.published;
		}
		r = fn(arg, &it, e);
		incoming_post_release(&it);
		if (r == -1)
			break;
	}
	json_decref(root);
	return r;
}

int
bluesky_parse_session(const char *json, size_t len, char **access_jwt, struct err *e)
{
	json_error_t je;
	json_t *root = json_loadb(json, len, 0, &je);
	const char *jwt;

	*access_jwt = NULL;
	if (root == NULL)
		return conv_json_error(e, &je);
	jwt = conv_str(root, "accessJwt");
	if (jwt == NULL) {
		const char *msg = conv_str(root, "message");
		err_set(e, ERR_FAIL, "createSession gave no access token%s%s", msg ? ": " : "",
		    msg ? msg : "");
		json_decref(root);
		return -1;
	}
	*access_jwt = xstrdup(jwt);
	json_decref(root);
	return 0;
}

char *
bluesky_error_message(const char *json, size_t len)
{
	json_t *root = json_loadb(json, len, 0, NULL);
	const char *msg, *code;
	char *out = NULL;

	if (root == NULL)
		return NULL;
	msg = conv_str(root, "message");
	code = conv_str(root, "error");
	if (msg || code)
		out =
		    xasprintf("%s%s%s", code ? code : "", code && msg ? ": " : "", msg ? msg : "");
	json_decref(root);
	return out;
}

char *
bluesky_tag_url(const char *url)
{
	const char *name;
	size_t n;

	if (str_casestartswith(url, "bluesky:"))
		name = url + 8;
	else if (str_casestartswith(url, "https://bsky.app/hashtag/"))
		name = url + 25;
	else
		return NULL;
	if (*name == '#')
		name++;
	n = strcspn(name, "?#/");
	if (n == 0 ||
	    (name[n] != '\0' && !(name[n] == '/' && name[n + 1] == '\0') && name[n] != '?'))
		return NULL;
	return url_decode(name, n);
}
