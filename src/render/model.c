/*
 * model.c - the data templates are rendered with, and the json format
 * writes: one JSON value for the story, one per item, one per source.
 * docs/templates.md documents every field; keep the two in step.
 *
 * Everything untrusted is made safe here, once, for where it lands: post
 * HTML is sanitized, URLs are kept only when http/https (mailto too for
 * links), Markdown goes through the safe cmark wrapper, and Markdown-ready
 * text is escaped. Plain fields stay plain: Mustache's {{ }} escapes them
 * for HTML.
 */
#include <string.h>
#include <utf8proc.h>

#include "datetime.h"
#include "internal.h"
#include "markdown.h"
#include "redact.h"
#include "sanitize.h"

static json_t *
jstrn(const char *s, size_t n)
{
	json_t *v;
	struct buf b;

	if (s == NULL)
		return json_null();
	if ((v = json_stringn(s, n)) != NULL)
		return v;
	/* Not UTF-8 (or holding a NUL): replace what is not. */
	buf_init(&b, BUF_NOLIMIT);
	utf8_sanitize(&b, s, strnlen(s, n));
	v = json_stringn(b.data, b.len);
	buf_release(&b);
	return v ? v : json_string("");
}

static json_t *
jstr(const char *s)
{
	return s ? jstrn(s, strlen(s)) : json_null();
}

static void
set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new_nocheck(o, key, v);
}

/* Take the scratch buffer's text as a string and empty it. */
static json_t *
jscratch(struct render_ctx *c)
{
	json_t *v = jstrn(c->scratch.data, c->scratch.len);

	buf_reset(&c->scratch);
	return v;
}

static int
is_web_url(const char *url)
{
	return url != NULL &&
	    (str_casestartswith(url, "http://") || str_casestartswith(url, "https://")) &&
	    sanitize_url_ok(url);
}

/* A link target: http, https or mailto, else NULL. */
static const char *
link_url(const char *url)
{
	return url != NULL && sanitize_url_ok(url) ? url : NULL;
}

/* An embedded resource (avatar, image): http or https only, else NULL. */
static const char *
web_url(const char *url)
{
	return is_web_url(url) ? url : NULL;
}

/*
 * A URL as a link destination, byte for byte as it came wherever that
 * reads back the same in CommonMark and kramdown: only what would end or
 * break the destination is percent-encoded (blanks and controls, angle
 * brackets, a backslash, parentheses when they do not pair up), never
 * characters that need nothing ("media_attachments" keeps its '_').
 */
static json_t *
md_url(struct render_ctx *c, const char *url)
{
	int depth = 0, paired = 1;

	if (url == NULL)
		return json_null();
	for (const char *p = url; *p && paired; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth < 0)
			paired = 0;
	}
	paired = paired && depth == 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= ' ' || *p == 0x7f || strchr("<>\\", *p) ||
		    (!paired && (*p == '(' || *p == ')')))
			buf_printf(&c->scratch, "%%%02X", *p);
		else
			buf_addc(&c->scratch, (char)*p);
	}
	return jscratch(c);
}

static json_t *
md_text(struct render_ctx *c, const char *s)
{
	if (s == NULL)
		return json_null();
	esc_markdown(&c->scratch, s);
	return jscratch(c);
}

/*
 * Times: UTC for machines, the project's zone for people. A render formats
 * two times a post, so the zone's offset and abbreviation are kept for the
 * quarter hour around the last time asked (checked at both its ends: no
 * zone changes its offset twice in fifteen minutes), and a time in it is
 * formatted as UTC shifted by that offset; else, or for a year strftime
 * would not write with four digits, one strftime gives the four forms.
 */
static void
local_parts(struct render_ctx *c, int64_t t, char *v, size_t n, char *part[4])
{
	struct zone_cache *z = &c->zone;
	int64_t q = t - ((t % 900) + 900) % 900, wall = 0;
	char u[32], end[sizeof z->abbr];
	const char *zone = c->project->timezone;

	if (!z->valid || t < z->lo || t >= z->lo + 900) {
		z->valid = 0;
		z->lo = q;
		z->off = time_zone_offset(q, zone);
		if (time_format_zone(q, zone, "%Z", z->abbr, sizeof z->abbr) == 0 &&
		    time_format_zone(q + 899, zone, "%Z", end, sizeof end) == 0 &&
		    strcmp(end, z->abbr) == 0 && time_zone_offset(q + 899, zone) == z->off)
			z->valid = 1;
	}
	if (z->valid) {
		wall = t + z->off;
		/* 1000-01-01 to 9999-12-31: %Y is four digits */
		if (wall < -30610224000LL || wall > 253402300799LL)
			z->valid = 0;
	}
	if (!z->valid || n < 34 + sizeof z->abbr) {
		time_format_zone(t, zone, "%Y-%m-%d %H:%M\x1f%Y-%m-%d\x1f%H:%M\x1f%Z", v, n);
		part[0] = v;
		for (int i = 1; i < 4; i++) {
			char *sep = part[i - 1] ? strchr(part[i - 1], '\x1f') : NULL;
			part[i] = sep ? sep + 1 : NULL;
			if (sep)
				*sep = '\0';
		}
		return;
	}
	time_format_utc(wall, u, sizeof u); /* YYYY-MM-DDTHH:MM:SSZ */
	memcpy(v, u, 10);                   /* "YYYY-MM-DD HH:MM", "YYYY-MM-DD", "HH:MM", zone */
	v[10] = ' ';
	memcpy(v + 11, u + 11, 5);
	v[16] = '\0';
	memcpy(v + 17, u, 10);
	v[27] = '\0';
	memcpy(v + 28, u + 11, 5);
	v[33] = '\0';
	memcpy(v + 34, z->abbr, strlen(z->abbr) + 1);
	part[0] = v;
	part[1] = v + 17;
	part[2] = v + 28;
	part[3] = v + 34;
}

static void
set_time(struct render_ctx *c, json_t *o, const char *key, int has, int64_t t)
{
	static const char *const suffix[] = {"_local", "_date", "_time", "_zone"};
	char k[64], v[96], *part[4];
	size_t klen = strlen(key);

	if (!has) {
		set(o, key, json_null());
		return;
	}
	time_format_utc(t, v, sizeof v);
	set(o, key, json_string(v));
	local_parts(c, t, v, sizeof v, part);
	for (int i = 0; i < 4; i++) {
		if (klen + strlen(suffix[i]) < sizeof k) {
			memcpy(k, key, klen);
			memcpy(k + klen, suffix[i], strlen(suffix[i]) + 1);
		} else {
			snprintf(k, sizeof k, "%s%s", key, suffix[i]);
		}
		set(o, k, json_string(part[i] ? part[i] : ""));
	}
}

/* Month names by the project's language (its first subtag); English else. */
static const char *
month_name(const char *lang, int m)
{
	static const struct {
		const char *lang;
		const char *names[12];
	} months[] = {
	    {"en",
	        {"January", "February", "March", "April", "May", "June", "July", "August",
	            "September", "October", "November", "December"}},
	    {"fr",
	        {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	            "septembre", "octobre", "novembre", "décembre"}},
	    {"de",
	        {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
	            "Oktober", "November", "Dezember"}},
	    {"es",
	        {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
	            "septiembre", "octubre", "noviembre", "diciembre"}},
	    {"nl",
	        {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	            "september", "oktober", "november", "december"}},
	    {"nb",
	        {"januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
	            "oktober", "november", "desember"}},
	    {"it",
	        {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
	            "settembre", "ottobre", "novembre", "dicembre"}},
	    {"pt",
	        {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
	            "setembro", "outubro", "novembro", "dezembro"}},
	};
	size_t n = lang ? strcspn(lang, "-_") : 0;

	for (size_t i = 0; i < ARRAY_LEN(months); i++)
		if (n == strlen(months[i].lang) && strncmp(lang, months[i].lang, n) == 0)
			return months[i].names[m - 1];
	if (n == 2 && (strncmp(lang, "no", 2) == 0 || strncmp(lang, "nn", 2) == 0))
		return months[5].names[m - 1];
	return months[0].names[m - 1];
}

/*
 * The event's days: a window from midnight to midnight (until exclusive)
 * as the days it covers, "20–21 May 2026", "31 May – 1 June 2026",
 * "31 December 2026 – 1 January 2027", "20 May 2026". NULL when the window
 * is open at either end or does not start and end at midnight.
 */
static json_t *
window_days(struct render_ctx *c)
{
	const struct project *p = c->project;
	char a[32], b[32], v[160];
	int y1, m1, d1, y2, m2, d2;

	if (!p->has_since || !p->has_until || p->until_t <= p->since_t ||
	    time_format_zone(p->since_t, p->timezone, "%H:%M:%S %Y %m %d", a, sizeof a) == -1 ||
	    time_format_zone(p->until_t, p->timezone, "%H:%M:%S", b, sizeof b) == -1 ||
	    strncmp(a, "00:00:00", 8) != 0 || strcmp(b, "00:00:00") != 0 ||
	    time_format_zone(p->until_t - 1, p->timezone, "%Y %m %d", b, sizeof b) == -1 ||
	    sscanf(a + 9, "%d %d %d", &y1, &m1, &d1) != 3 ||
	    sscanf(b, "%d %d %d", &y2, &m2, &d2) != 3)
		return json_null();
	if (y1 == y2 && m1 == m2 && d1 == d2)
		snprintf(v, sizeof v, "%d %s %d", d1, month_name(p->language, m1), y1);
	else if (y1 == y2 && m1 == m2)
		snprintf(v, sizeof v, "%d\u2013%d %s %d", d1, d2, month_name(p->language, m1), y1);
	else if (y1 == y2)
		snprintf(v, sizeof v, "%d %s \u2013 %d %s %d", d1, month_name(p->language, m1), d2,
		    month_name(p->language, m2), y1);
	else
		snprintf(v, sizeof v, "%d %s %d \u2013 %d %s %d", d1, month_name(p->language, m1),
		    y1, d2, month_name(p->language, m2), y2);
	return json_string(v);
}

/* A day boundary reads better without its "00:00". */
static json_t *
jlocal_bound(struct render_ctx *c, int64_t t)
{
	char v[64];

	time_format_zone(t, c->project->timezone, "%H:%M", v, sizeof v);
	if (strcmp(v, "00:00") == 0)
		time_format_zone(t, c->project->timezone, "%Y-%m-%d", v, sizeof v);
	else
		time_format_zone(t, c->project->timezone, "%Y-%m-%d %H:%M", v, sizeof v);
	return json_string(v);
}

/* Up to two initials, upper-cased, from the words of a name or handle. */
static json_t *
initials(const char *name)
{
	char out[16];
	size_t n = 0;
	int words = 0, at_start = 1;

	for (const char *p = name ? name : ""; *p && words < 2;) {
		int32_t cp;
		int len = utf8_decode(p, strlen(p), &cp);

		if (len <= 0) {
			p++;
			continue;
		}
		const utf8proc_category_t cat = utf8proc_category(cp);
		int alnum = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
		    cat == UTF8PROC_CATEGORY_ND;
		if (at_start && alnum) {
			n += (size_t)utf8_encode(utf8proc_toupper(cp), out + n);
			words++;
		}
		at_start = !alnum && cat != UTF8PROC_CATEGORY_MN;
		if (cp == '@' && words == 1 && name[0] == '@')
			break; /* "@user@server": the server is not a name */
		p += len;
	}
	if (n == 0)
		out[n++] = '?';
	return json_stringn(out, n);
}

/* A stable hue for an author, so one person keeps one colour. */
static int
hue(const char *key)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)(key ? key : ""); *p; p++)
		h = (h ^ *p) * 16777619u;
	return (int)(h % 360);
}

/*
 * An archived or remote picture: with archived media (data or dir), the
 * blob's URL or null (never a remote URL: the page needs no network);
 * with --media remote, the original's http(s) URL.
 */
static json_t *
picture(struct render_ctx *c, const char *sha256, const char *remote)
{
	json_t *v;

	if (c->media == RENDER_MEDIA_REMOTE)
		return jstr(web_url(remote));
	v = render_blob_src(c, sha256);
	return v ? v : json_null();
}

static json_t *
author_data(struct render_ctx *c, const char *name, const char *handle, const char *url,
    const char *avatar, const char *avatar_sha256)
{
	json_t *o = json_object();
	const char *display = !str_empty(name) ? name
	    : !str_empty(handle)               ? handle
	                                       : "Unknown author";

	set(o, "name", jstr(name));
	set(o, "handle", jstr(handle));
	set(o, "url", jstr(link_url(url)));
	set(o, "display", jstr(display));
	set(o, "initials", initials(display));
	int h = hue(handle ? handle : url ? url : name);
	set(o, "hue", json_integer(h));
	set(o, "hue_class", json_integer(h / 30));
	set(o, "avatar", avatar ? picture(c, avatar_sha256, avatar) : json_null());
	if (c->opt->format == RENDER_MD) {
		set(o, "display_md", md_text(c, display));
		set(o, "handle_md", md_text(c, handle));
		set(o, "url_md", md_url(c, link_url(url)));
	}
	return o;
}

static const char *
media_kind(const struct story_media *m)
{
	static const char *const kinds[] = {"image", "video", "audio"};

	for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
		size_t n = strlen(kinds[i]);
		if (str_eq(m->medium, kinds[i]) ||
		    (m->medium == NULL && m->type && strncmp(m->type, kinds[i], n) == 0 &&
		        m->type[n] == '/'))
			return kinds[i];
	}
	/* A feed that says nothing: an image is the likely case for a picture URL. */
	if (m->medium == NULL && m->type == NULL)
		return "image";
	return "link";
}

static json_t *
media_data(struct render_ctx *c, const struct story_post *p)
{
	json_t *a = json_array();

	for (size_t i = 0; i < p->nmedia; i++) {
		const struct story_media *m = &p->media[i];
		const char *url = web_url(m->url), *preview = web_url(m->preview_url);
		const char *kind = media_kind(m);
		json_t *o;

		/* A medium read beside a local feed has no web URL: shown when archived. */
		if (url == NULL &&
		    (c->media == RENDER_MEDIA_REMOTE ||
		        (m->sha256 == NULL && m->preview_sha256 == NULL)))
			continue;
		o = json_object();
		set(o, "url", jstr(url));
		set(o, "preview_url", jstr(preview));
		set(o, "sha256", jstr(m->sha256));
		if (c->media == RENDER_MEDIA_REMOTE) {
			set(o, "src", jstr(preview ? preview : url));
			set(o, "archived", json_false());
			set(o, "placeholder", json_false());
		} else {
			/* Archived: the original (a video or audio file plays from
			 * it), else its kept preview shown as a picture; neither: a
			 * placeholder with the alt text, linking to the original. */
			json_t *src = render_blob_src(c, m->sha256), *prev = NULL;

			if (src == NULL && (prev = render_blob_src(c, m->preview_sha256)) != NULL)
				kind = "image";
			set(o, "src", src ? src : prev ? prev : json_null());
			set(o, "archived", json_boolean(src != NULL || prev != NULL));
			set(o, "preview_only", json_boolean(prev != NULL));
			set(o, "placeholder", json_boolean(src == NULL && prev == NULL));
		}
		set(o, "alt", jstr(m->alt ? m->alt : ""));
		set(o, "has_alt", json_boolean(!str_empty(m->alt)));
		set(o, "type", jstr(m->type));
		set(o, "medium", jstr(kind));
		set(o, "is_image", json_boolean(strcmp(kind, "image") == 0));
		set(o, "is_video", json_boolean(strcmp(kind, "video") == 0));
		set(o, "is_audio", json_boolean(strcmp(kind, "audio") == 0));
		set(o, "is_link", json_boolean(strcmp(kind, "link") == 0));
		set(o, "width", m->width > 0 ? json_integer(m->width) : json_null());
		set(o, "height", m->height > 0 ? json_integer(m->height) : json_null());
		if (c->opt->format == RENDER_MD) {
			const char *src = json_is_true(json_object_get(o, "archived"))
			    ? json_string_value(json_object_get(o, "src"))
			    : url;

			set(o, "alt_md", md_text(c, m->alt ? m->alt : ""));
			set(o, "url_md", md_url(c, url));
			set(o, "src_md", md_url(c, src));
		}
		json_array_append_new(a, o);
	}
	return a;
}

/* A post's link card, or null. */
static json_t *
card_data(struct render_ctx *c, const struct story_card *k)
{
	const char *url = web_url(k->url);
	json_t *o;

	if (url == NULL)
		return json_null();
	o = json_object();
	set(o, "url", jstr(url));
	set(o, "title", jstr(!str_empty(k->title) ? k->title : url));
	set(o, "description", str_empty(k->description) ? json_null() : jstr(k->description));
	set(o, "site_name", str_empty(k->site_name) ? json_null() : jstr(k->site_name));
	set(o, "image", k->image_url ? picture(c, k->image_sha256, k->image_url) : json_null());
	if (c->opt->format == RENDER_MD) {
		set(o, "title_md", md_text(c, !str_empty(k->title) ? k->title : url));
		set(o, "url_md", md_url(c, url));
	}
	return o;
}

/*
 * A post's plain text as escaped Markdown: one paragraph a line, and the
 * same ready to go inside a quotation ("> " before every line).
 */
static void
set_text_md(struct render_ctx *c, json_t *o, const char *text)
{
	struct buf quote;
	const char *p = text ? text : "";
	int first = 1;

	buf_init(&quote, BUF_NOLIMIT);
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);

		str_trim(line);
		if (*line) {
			if (!first) {
				buf_adds(&c->scratch, "\n\n");
				buf_adds(&quote, "\n>\n");
			}
			buf_adds(&quote, "> ");
			esc_markdown(&quote, line);
			esc_markdown(&c->scratch, line);
			first = 0;
		}
		free(line);
		p += n;
		if (*p == '\n')
			p++;
	}
	set(o, "text_md", jscratch(c));
	set(o, "text_quote_md", jstrn(quote.data, quote.len));
	buf_release(&quote);
}

static json_t *
post_data(struct render_ctx *c, const struct story_item *it)
{
	const struct story_post *p = &it->post;
	enum render_format fmt = c->opt->format;
	json_t *o = json_object(), *tags = json_array(), *src = json_object(), *media;
	const char *cw = p->content_warning;
	char *source_url;

	set(o, "id", json_integer(p->id));
	set(o, "url", jstr(link_url(p->permalink)));
	set(o, "guid", jstr(p->guid));
	set(o, "title", jstr(p->title));
	set(o, "author",
	    author_data(c, p->author_name, p->author_handle, p->author_url, p->author_avatar,
	        p->avatar_sha256));
	set_time(c, o, "published", p->has_published, p->published);
	set_time(c, o, "updated", p->has_updated, p->updated);
	/* The post's own language, else the project's: lang is what makes
	 * a screen reader and hyphenation read the text right. */
	set(o, "language", jstr(!str_empty(p->language) ? p->language : c->project->language));
	if (str_empty(cw) && p->sensitive)
		cw = "Sensitive content";
	set(o, "cw", str_empty(cw) ? json_null() : jstr(cw));
	set(o, "sensitive", json_boolean(p->sensitive));
	set(o, "text", jstr(p->content_text ? p->content_text : ""));
	if (fmt != RENDER_MD) {
		json_t *html = NULL;

		/* Stored at collect, or made now when it was not: the
		 * sanitizer writes valid UTF-8 without NULs (its fuzz target
		 * checks it): no second check of a whole post. */
		if (p->safe_html != NULL) {
			if (c->media != RENDER_MEDIA_REMOTE && strstr(p->safe_html, "<img ")) {
				buf_adds(&c->scratch, p->safe_html);
				render_inline_images(c, &c->scratch);
				html = json_stringn_nocheck(c->scratch.data, c->scratch.len);
			} else {
				html = json_string_nocheck(p->safe_html);
			}
		} else if (p->content_html != NULL) {
			if (sanitize_post_html(&c->scratch, p->content_html, p->permalink) == 0) {
				if (c->media != RENDER_MEDIA_REMOTE &&
				    strstr(c->scratch.data, "<img "))
					render_inline_images(c, &c->scratch);
				html = json_stringn_nocheck(c->scratch.data, c->scratch.len);
			}
		} else if (!str_empty(p->content_text)) {
			buf_adds(&c->scratch, "<p>");
			esc_html_text(&c->scratch, p->content_text);
			buf_adds(&c->scratch, "</p>");
		}
		if (html != NULL)
			buf_reset(&c->scratch);
		else
			html = jscratch(c);
		set(o, "content_html", html);
	}
	set(o, "media", media = media_data(c, p));
	set(o, "card", card_data(c, &p->card));
	set(o, "has_media", json_boolean(json_array_size(media) > 0));
	for (size_t i = 0; i < p->ntags; i++)
		json_array_append_new(tags, jstr(p->tags[i]));
	set(o, "tags", tags);
	set(src, "name", jstr(p->source_name));
	source_url = redact_published(p->source_url);
	set(src, "url", jstr(link_url(source_url)));
	free(source_url);
	set(o, "source", src);
	set(o, "caption", jstr(it->body));
	if (fmt == RENDER_MD) {
		set(o, "title_md", md_text(c, p->title));
		set(o, "url_md", md_url(c, link_url(p->permalink)));
		set(o, "cw_md", str_empty(cw) ? json_null() : md_text(c, cw));
		set_text_md(c, o, p->content_text);
		if (it->body)
			markdown_commonmark(&c->scratch, it->body);
		set(o, "caption_md", it->body ? jscratch(c) : json_null());
	} else {
		if (it->body)
			markdown_html(&c->scratch, it->body);
		set(o, "caption_html", it->body ? jscratch(c) : json_null());
	}
	return o;
}

static json_t *
heading_data(struct render_ctx *c, const struct story_item *it)
{
	json_t *o = json_object();
	char hashes[8];

	set(o, "level", json_integer(it->level));
	set(o, "level_nested", json_integer(it->level < 6 ? it->level + 1 : 6));
	set(o, "text", jstr(it->body));
	markdown_inline_text(&c->scratch, it->body);
	set(o, "text_plain", jscratch(c));
	if (c->opt->format == RENDER_MD) {
		memset(hashes, '#', (size_t)it->level);
		hashes[it->level] = '\0';
		set(o, "hashes", json_string(hashes));
		markdown_inline_commonmark(&c->scratch, it->body);
		set(o, "md", jscratch(c));
	} else {
		markdown_inline_html(&c->scratch, it->body);
		set(o, "html", jscratch(c));
	}
	return o;
}

static json_t *
note_data(struct render_ctx *c, const struct story_item *it)
{
	json_t *o = json_object();

	set(o, "text", jstr(it->body));
	if (c->opt->format == RENDER_MD) {
		markdown_commonmark(&c->scratch, it->body);
		set(o, "md", jscratch(c));
	} else {
		markdown_html(&c->scratch, it->body);
		set(o, "html", jscratch(c));
	}
	return o;
}

int
render_id_prefix_ok(const char *s)
{
	size_t n = strlen(s);

	return n <= 40 &&
	    strspn(s,
	        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	        "0123456789-_") == n;
}

void
render_ctx_ids(struct render_ctx *c)
{
	const char *title = c->project ? c->project->title : NULL;
	utf8proc_uint8_t *folded = NULL;
	const unsigned char *t;
	size_t n = 0;
	int dash = 0;

	if (c->opt->id_prefix != NULL) {
		snprintf(c->id_prefix, sizeof c->id_prefix, "%s", c->opt->id_prefix);
		return;
	}
	/*
	 * The title's letters and digits without their accents ("Café" is
	 * "cafe"), lower case, other runs one '-': readable in a #link, the
	 * same for every render of the project.
	 */
	if (title &&
	    utf8proc_map((const utf8proc_uint8_t *)title, 0, &folded,
	        UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
	            UTF8PROC_STRIPMARK) < 0)
		folded = NULL;
	t = folded ? folded : (const unsigned char *)title;
	for (; t && *t && n < 32; t++) {
		if ((*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9')) {
			c->id_prefix[n++] = (char)*t;
			dash = 0;
		} else if (*t >= 'A' && *t <= 'Z') {
			c->id_prefix[n++] = (char)(*t - 'A' + 'a');
			dash = 0;
		} else if (n > 0 && !dash && (*t < 0x80 || (*t & 0xc0) == 0xc0)) {
			c->id_prefix[n++] = '-';
			dash = 1;
		}
	}
	free(folded);
	while (n > 0 && c->id_prefix[n - 1] == '-')
		n--;
	if (n == 0) {
		memcpy(c->id_prefix, "story", 5);
		n = 5;
	}
	c->id_prefix[n++] = '-';
	c->id_prefix[n] = '\0';
}

json_t *
render_item_data(struct render_ctx *c, const struct story_item *it)
{
	static const char *const kinds[] = {"post", "note", "heading"};
	json_t *o = json_object();
	char anchor[80];

	snprintf(anchor, sizeof anchor, "%sitem-%lld", c->id_prefix, (long long)it->id);
	set(o, "id", json_integer(it->id));
	set(o, "kind", json_string(kinds[it->kind]));
	set(o, "anchor", json_string(anchor));
	switch (it->kind) {
	case STORY_POST:
		set(o, "post", post_data(c, it));
		break;
	case STORY_NOTE:
		set(o, "note", note_data(c, it));
		break;
	case STORY_HEADING:
		set(o, "heading", heading_data(c, it));
		break;
	}
	return o;
}

/* "1 post", "7 posts". */
static json_t *
count_text(int64_t n, const char *one, const char *many)
{
	char v[64];

	snprintf(v, sizeof v, "%lld %s", (long long)n, n == 1 ? one : many);
	return json_string(v);
}

json_t *
render_source_data(struct render_ctx *c, const struct story_source *s, size_t index)
{
	json_t *o = json_object(), *authors = json_array();
	/* Published: no credentials, no secret parameters, no local path. */
	char *url = redact_published(s->url);

	set(o, "id", json_integer(s->id));
	{
		/* Its name, else the feed's own title, else its (redacted)
		 * address; a local file only by its file name, never a path on
		 * the curator's disk. */
		char *shown = source_label(s->name, s->title, s->url, 1);
		set(o, "name", jstr(shown ? shown : "Removed sources"));
		free(shown);
	}
	set(o, "url", jstr(link_url(url)));
	set(o, "posts", json_integer(s->posts));
	set(o, "posts_text", count_text(s->posts, "post", "posts"));
	set(o, "first", json_boolean(index == 0));
	for (size_t i = 0; i < s->nauthors; i++) {
		const struct story_author *a = &s->authors[i];
		json_t *ao = author_data(c, a->name, a->handle, a->url, NULL, NULL);

		json_object_del(ao, "avatar");
		set(ao, "posts", json_integer(a->posts));
		set(ao, "first", json_boolean(i == 0));
		set(ao, "last", json_boolean(i + 1 == s->nauthors));
		json_array_append_new(authors, ao);
	}
	set(o, "authors", authors);
	if (c->opt->format == RENDER_MD) {
		set(o, "name_md", md_text(c, json_string_value(json_object_get(o, "name"))));
		set(o, "url_md", md_url(c, link_url(url)));
	}
	free(url);
	return o;
}

/* YAML double-quoted scalar: every character YAML could misread escaped. */
static void
yaml_quote(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			buf_adds(b, "\\\"");
			break;
		case '\\':
			buf_adds(b, "\\\\");
			break;
		case '\n':
			buf_adds(b, "\\n");
			break;
		case '\t':
			buf_adds(b, "\\t");
			break;
		case '\r':
			buf_adds(b, "\\r");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				buf_printf(b, "\\x%02X", *p);
			else if (p[0] == 0xc2 && p[1] == 0x85 && ++p)
				buf_adds(b, "\\N"); /* U+0085, a YAML line break */
			else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9))
				buf_adds(b, (p += 2)[0] == 0xa8 ? "\\L" : "\\P");
			else
				buf_addc(b, (char)*p);
		}
	}
	buf_addc(b, '"');
}

static json_t *
front_matter(struct render_ctx *c, const struct story_counts *n)
{
	const struct project *p = c->project;
	struct buf b;
	char t[32];
	json_t *v;

	buf_init(&b, BUF_NOLIMIT);
	buf_adds(&b, "---\ntitle: ");
	yaml_quote(&b, p->title);
	if (p->has_since || n->has_span) {
		int64_t d = p->has_since ? p->since_t : n->first;
		char day[40];
		struct err ignored;

		/*
		 * In the project's zone, with its offset. A window opening at
		 * midnight is dated noon of that day: a generator converts the
		 * date to the site's own zone before filing the post by day,
		 * and noon stays on the event's day from UTC-11 to UTC+12.
		 */
		if (time_format_zone(d, p->timezone, "%H:%M:%S", t, sizeof t) == 0 &&
		    strcmp(t, "00:00:00") == 0 &&
		    time_format_zone(d, p->timezone, "%Y-%m-%dT12:00", day, sizeof day) == 0)
			when_parse(day, p->timezone, &d, &ignored);
		if (time_format_rfc3339(d, p->timezone, t, sizeof t) == -1)
			time_format_utc(d, t, sizeof t);
		buf_printf(&b, "\ndate: %s", t);
	}
	buf_adds(&b, "\ntags: [");
	for (size_t i = 0; i < p->ntags; i++) {
		if (i)
			buf_adds(&b, ", ");
		yaml_quote(&b, p->tags[i].display);
	}
	buf_adds(&b, "]");
	if (!str_empty(p->description)) {
		buf_adds(&b, "\ndescription: ");
		yaml_quote(&b, p->description);
	}
	buf_adds(&b, "\n---\n");
	v = jstrn(b.data, b.len);
	buf_release(&b);
	return v;
}

/* The line under the title in Markdown: tags, window, counts. */
static json_t *
facts_md(struct render_ctx *c, const char *counts)
{
	const struct project *p = c->project;
	struct buf b;
	json_t *v;

	buf_init(&b, BUF_NOLIMIT);
	for (size_t i = 0; i < p->ntags; i++) {
		buf_adds(&b, i ? " \\#" : "\\#");
		esc_markdown(&b, p->tags[i].display);
	}
	json_t *days = window_days(c);

	if (json_is_string(days)) {
		buf_printf(&b, "%s%s (", b.len ? " · " : "", json_string_value(days));
		esc_markdown(&b, p->timezone);
		buf_adds(&b, ")");
	} else if (p->has_since || p->has_until) {
		json_t *since = p->has_since ? jlocal_bound(c, p->since_t) : NULL;
		json_t *until = p->has_until ? jlocal_bound(c, p->until_t) : NULL;

		buf_printf(&b, "%s%s – %s (", b.len ? " · " : "",
		    since ? json_string_value(since) : "", until ? json_string_value(until) : "");
		esc_markdown(&b, p->timezone);
		buf_adds(&b, ")");
		json_decref(since);
		json_decref(until);
	}
	json_decref(days);
	buf_printf(&b, "%s%s", b.len ? " · " : "", counts);
	v = jstrn(b.data, b.len);
	buf_release(&b);
	return v;
}

json_t *
render_story_data(struct render_ctx *c, struct err *e)
{
	const struct project *p = c->project;
	enum render_format fmt = c->opt->format;
	struct story_counts n;
	json_t *o, *tags, *counts, *w, *span, *gen;
	char t[32];

	if (store_story_counts(c->store, &n, e) == -1)
		return NULL;
	o = json_object();
	/* What the page's CSP lets images and media load: with archived
	 * media in data: URIs nothing outside the file at all. */
	set(o, "media_csp",
	    json_string(c->media == RENDER_MEDIA_DATA ? "data:"
	            : c->media == RENDER_MEDIA_DIR    ? "* data:"
	                                              : "https: http: data:"));
	set(o, "media_mode",
	    json_string(c->media == RENDER_MEDIA_DATA ? "data"
	            : c->media == RENDER_MEDIA_DIR    ? "dir"
	                                              : "remote"));
	set(o, "title", jstr(p->title));
	set(o, "id_prefix", json_string(c->id_prefix));
	set(o, "description", jstr(str_empty(p->description) ? NULL : p->description));
	set(o, "language", jstr(p->language));
	set(o, "timezone", jstr(p->timezone));
	tags = json_array();
	for (size_t i = 0; i < p->ntags; i++) {
		json_t *tg = json_object();
		set(tg, "tag", jstr(p->tags[i].tag));
		set(tg, "display", jstr(p->tags[i].display));
		if (fmt == RENDER_MD)
			set(tg, "display_md", md_text(c, p->tags[i].display));
		json_array_append_new(tags, tg);
	}
	set(o, "tags", tags);
	w = json_null();
	if (p->has_since || p->has_until) {
		w = json_object();
		time_format_utc(p->since_t, t, sizeof t);
		set(w, "since", p->has_since ? json_string(t) : json_null());
		set(w, "since_local", p->has_since ? jlocal_bound(c, p->since_t) : json_null());
		time_format_utc(p->until_t, t, sizeof t);
		set(w, "until", p->has_until ? json_string(t) : json_null());
		set(w, "until_local", p->has_until ? jlocal_bound(c, p->until_t) : json_null());
		set(w, "days_text", window_days(c));
	}
	set(o, "window", w);
	span = json_null();
	if (n.has_span) {
		span = json_object();
		set_time(c, span, "first", 1, n.first);
		set_time(c, span, "last", 1, n.last);
	}
	set(o, "span", span);
	counts = json_object();
	set(counts, "items", json_integer(n.items));
	set(counts, "posts", json_integer(n.posts));
	set(counts, "notes", json_integer(n.notes));
	set(counts, "headings", json_integer(n.headings));
	set(counts, "authors", json_integer(n.authors));
	set(counts, "sources", json_integer(n.sources));
	set(counts, "media", json_integer(n.media));
	set(o, "counts", counts);
	{
		json_t *p1 = count_text(n.posts, "post", "posts");
		json_t *p2 = count_text(n.authors, "person", "people");
		json_t *p3 = count_text(n.sources, "source", "sources");
		char v[192];

		snprintf(v, sizeof v, "%s by %s from %s", json_string_value(p1),
		    json_string_value(p2), json_string_value(p3));
		set(o, "counts_text", json_string(v));
		json_decref(p1);
		json_decref(p2);
		json_decref(p3);
	}
	set(o, "has_toc", json_boolean(n.headings > 0));
	set(o, "has_credits", json_boolean(n.posts > 0));
	gen = json_null();
	if (c->opt->generated_at) {
		gen = json_object();
		set_time(c, gen, "at", 1, time_now());
	}
	set(o, "generated", gen);
	set(o, "storied_version", json_string(STORIED_VERSION));
	if (fmt == RENDER_MD) {
		set(o, "title_md", md_text(c, p->title));
		set(o, "facts_md",
		    facts_md(c, json_string_value(json_object_get(o, "counts_text"))));
		if (!str_empty(p->description))
			markdown_commonmark(&c->scratch, p->description);
		set(o, "description_md", str_empty(p->description) ? json_null() : jscratch(c));
		set(o, "front_matter", c->opt->front_matter ? front_matter(c, &n) : json_null());
	} else {
		if (!str_empty(p->description))
			markdown_html(&c->scratch, p->description);
		set(o, "description_html", str_empty(p->description) ? json_null() : jscratch(c));
	}
	return o;
}

json_t *
render_author_data(struct render_ctx *c, const char *name, const char *handle, const char *url,
    const char *avatar, const char *avatar_sha256)
{
	return author_data(c, name, handle, url, avatar, avatar_sha256);
}
