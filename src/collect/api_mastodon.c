/*
 * api_mastodon.c - Mastodon API statuses (GET /api/v1/timelines/tag/NAME) as
 * feed items, the Link header that pages through them, and the hashtag
 * web addresses that name such a timeline.
 *
 * A status keeps what the API gives and the RSS feed does not: the
 * author's display name, acct and avatar, the content warning and
 * `sensitive`, the language, edited_at and every attachment with its alt
 * text. A boost is handed over as the status it boosts, so the original is
 * stored once however many boosts reach it.
 */
#include <stdlib.h>
#include <string.h>

#include "incoming_internal.h"
#include "datetime.h"
#include "import.h"
#include "url.h"

void
mastodon_page_release(struct mastodon_page *p)
{
	free(p->newest_id);
	free(p->oldest_id);
	memset(p, 0, sizeof *p);
}

int
mastodon_id_cmp(const char *a, const char *b)
{
	size_t la, lb;

	while (*a == '0' && a[1])
		a++;
	while (*b == '0' && b[1])
		b++;
	la = strlen(a);
	lb = strlen(b);
	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

static const char *
medium_of(const char *type)
{
	/* Mastodon attachment types; "gifv" is a looping video. */
	if (str_eq(type, "image"))
		return "image";
	if (str_eq(type, "video") || str_eq(type, "gifv"))
		return "video";
	if (str_eq(type, "audio"))
		return "audio";
	return NULL;
}

static void
status_item(json_t *st, const char *host, struct incoming_post *it)
{
	json_t *acct = conv_obj(st, "account"), *v;
	const char *a = conv_str(acct, "acct"), *name;
	char *own_host = NULL;
	int64_t t;
	size_t i;

	conv_set(&it->guid, conv_str(st, "uri"));
	conv_set(&it->permalink, conv_str(st, "url") ? conv_str(st, "url") : conv_str(st, "uri"));
	name = conv_str(acct, "display_name");
	conv_set(&it->author_name, name ? name : conv_str(acct, "username"));
	if (a) {
		/* acct is "user@server" for remote accounts, "user" for local ones. */
		if (strchr(a, '@') == NULL && host == NULL)
			host = own_host = url_host(conv_str(acct, "url"));
		if (strchr(a, '@') || host == NULL)
			conv_take(&it->author_handle, xasprintf("@%s", a));
		else
			conv_take(&it->author_handle, xasprintf("@%s@%s", a, host));
	}
	conv_set(&it->author_url, conv_str(acct, "url"));
	conv_set(&it->author_avatar, conv_str(acct, "avatar"));
	conv_published(it, conv_str(st, "created_at"));
	if (conv_str(st, "edited_at") && date_parse_iso8601(conv_str(st, "edited_at"), &t) == 0) {
		it->has_updated = 1;
		it->updated = t;
	}
	conv_set(&it->content_html, conv_str(st, "content"));
	if (it->content_html)
		conv_take(&it->content_text, html_to_text(it->content_html));
	conv_set(&it->language, conv_str(st, "language"));
	conv_set(&it->content_warning, conv_str(st, "spoiler_text"));
	it->sensitive = conv_true(st, "sensitive");
	json_array_foreach(conv_arr(st, "tags"), i, v)
	    incoming_add_category(it, conv_str(v, "name"));
	json_array_foreach(conv_arr(st, "media_attachments"), i, v)
	{
		const char *url =
		    conv_str(v, "url") ? conv_str(v, "url") : conv_str(v, "remote_url");
		struct incoming_media *m = incoming_add_media(it, url);
		json_t *orig = conv_obj(conv_obj(v, "meta"), "original");

		if (m == NULL)
			continue;
		conv_set(&m->medium, medium_of(conv_str(v, "type")));
		conv_set(&m->alt, conv_str(v, "description"));
		conv_set(&m->preview_url, conv_str(v, "preview_url"));
		m->width = (int)conv_int(orig, "width", 0);
		m->height = (int)conv_int(orig, "height", 0);
	}
	incoming_set_counts(it, conv_int(st, "reblogs_count", -1),
	    conv_int(st, "favourites_count", -1), conv_int(st, "replies_count", -1));
	conv_raw(it, st);
	free(own_host);
}

int
mastodon_parse_page(const char *json, size_t len, const char *host, feed_item_fn fn, void *arg,
    struct mastodon_page *page, struct err *e)
{
	json_error_t je;
	json_t *root, *st;
	size_t i;
	int r = 0;

	memset(page, 0, sizeof *page);
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return conv_json_error(e, &je);
	if (!json_is_array(root)) {
		const char *msg = conv_str(root, "error");
		r = msg ? err_set(e, ERR_FAIL, "the server says: %s", msg)
		        : err_set(e, ERR_FAIL, "not a list of statuses");
		json_decref(root);
		return r;
	}
	json_array_foreach(root, i, st)
	{
		const char *id = conv_str(st, "id");
		json_t *orig = conv_obj(st, "reblog");
		struct incoming_post it = {0};
		int64_t t;

		if (!json_is_object(st)) {
			r = err_set(e, ERR_FAIL, "status %zu: not an object", i + 1);
			break;
		}
		page->statuses++;
		if (id && (page->newest_id == NULL || mastodon_id_cmp(id, page->newest_id) > 0))
			conv_set(&page->newest_id, id);
		if (id && (page->oldest_id == NULL || mastodon_id_cmp(id, page->oldest_id) < 0))
			conv_set(&page->oldest_id, id);
		if (conv_str(st, "created_at") &&
		    date_parse_iso8601(conv_str(st, "created_at"), &t) == 0 &&
		    (!page->has_oldest || t < page->oldest_at)) {
			page->has_oldest = 1;
			page->oldest_at = t;
		}
		status_item(orig ? orig : st, host, &it);
		r = fn(arg, &it, e);
		incoming_post_release(&it);
		if (r == -1)
			break;
	}
	json_decref(root);
	return r;
}

char *
mastodon_link(const char *header, const char *rel)
{
	const char *p = header;

	/* Link: <url>; rel="next", <url>; rel="prev" (RFC 8288). Parsed by hand:
	 * no Debian library parses Link headers, and this subset is what
	 * Mastodon sends. */
	while (p && (p = strchr(p, '<')) != NULL) {
		const char *end = strchr(p, '>'), *params, *next;
		if (end == NULL)
			return NULL;
		params = end + 1;
		next = strchr(params, '<');
		for (const char *q = params; q && (!next || q < next);) {
			q = strstr(q, "rel=");
			if (q == NULL || (next && q > next))
				break;
			q += 4;
			if (*q == '"')
				q++;
			/* rel may hold several space-separated relations */
			for (;;) {
				size_t n = strlen(rel);
				if (strncmp(q, rel, n) == 0 && strchr("\" ;,", q[n]) != NULL)
					return xstrndup(p + 1, (size_t)(end - p - 1));
				while (*q && *q != ' ' && *q != '"' && *q != ';' && *q != ',')
					q++;
				if (*q != ' ')
					break;
				q++;
			}
		}
		p = end + 1;
	}
	return NULL;
}

int
mastodon_tag_url(const char *url, int rss_too, char **origin, char **tag)
{
	const char *path, *name, *end;
	char *o = url_origin(url), *t;

	if (o == NULL)
		return 0;
	path = strstr(url, "://") + 3;
	path += strcspn(path, "/?#");
	if (strncmp(path, "/tags/", 6) != 0) {
		free(o);
		return 0;
	}
	name = path + 6;
	end = name + strcspn(name, "?#/");
	if (*end == '/' && end[1] == '\0')
		; /* a trailing slash is the same address */
	else if (*end == '/')
		end = NULL;
	if (end && end - name > 4 && strncmp(end - 4, ".rss", 4) == 0) {
		if (!rss_too)
			end = NULL;
		else
			end -= 4;
	} else if (end && end - name > 5 && strncmp(end - 5, ".atom", 5) == 0) {
		if (!rss_too)
			end = NULL;
		else
			end -= 5;
	}
	if (end == NULL || end == name || memchr(name, '.', (size_t)(end - name)) != NULL) {
		free(o);
		return 0;
	}
	t = url_decode(name, (size_t)(end - name));
	if (*t == '\0') {
		free(t);
		free(o);
		return 0;
	}
	*origin = o;
	*tag = t;
	return 1;
}
