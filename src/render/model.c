/*
 * model.c - the data templates are rendered with, and the json format
 * writes: one JSON value for the story, one per item (built in a light
 * tree, mtree.h, for a render; as jansson for the json format and the
 * editor), one per source. docs/templates.md documents every field; keep
 * the two in step.
 *
 * Everything untrusted is made safe here, once, for where it lands: post
 * HTML is sanitized, URLs are kept only when http/https (mailto too for
 * links), Markdown goes through the safe cmark wrapper, and Markdown-ready
 * text is escaped. Plain fields stay plain: Mustache's {{ }} escapes them
 * for HTML.
 */
#include <inttypes.h>
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

static json_t *
md_url(struct render_ctx *c, const char *url)
{
	if (url == NULL)
		return json_null();
	esc_markdown_url(&c->scratch, url);
	return jscratch(c);
}

unsigned
render_md_flags(const struct render_ctx *c)
{
	switch (c->opt->target) {
	case RENDER_FOR_HUGO:
		return ESC_MD_LT_ENTITY | ESC_MD_TYPOGRAPHY;
	case RENDER_FOR_JEKYLL:
		return ESC_MD_TYPOGRAPHY;
	case RENDER_FOR_NONE:
		break;
	}
	return 0;
}

/* How notes, captions, headings and the description are written as
 * CommonMark (markdown.h): for Hugo, code that names a shortcode. */
static unsigned
md_opts(const struct render_ctx *c)
{
	return c->opt->target == RENDER_FOR_HUGO ? MARKDOWN_HUGO : 0;
}

static json_t *
md_text(struct render_ctx *c, const char *s)
{
	if (s == NULL)
		return json_null();
	esc_markdown_opts(&c->scratch, s, render_md_flags(c));
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

/*
 * The items' model is built in a light tree (mtree.h): a render builds one
 * an item, so it costs appends, not a jansson value a field. The json
 * format and the editor get it as jansson (render_item_data).
 */

/* s[0..n) as a tree string: valid UTF-8, what is not replaced, as jstrn does. */
static uint32_t
tstrn(struct render_ctx *c, struct mt_tree *t, const char *s, size_t n)
{
	size_t at;
	uint32_t v;

	if (s == NULL)
		return mt_null(t);
	if (utf8_valid(s, n))
		return mt_strn(t, s, n);
	at = c->scratch.len;
	utf8_sanitize(&c->scratch, s, strnlen(s, n));
	v = utf8_valid(c->scratch.data + at, c->scratch.len - at)
	    ? mt_strn(t, c->scratch.data + at, c->scratch.len - at)
	    : mt_strn(t, "", 0);
	buf_truncate(&c->scratch, at);
	return v;
}

static uint32_t
tstr(struct render_ctx *c, struct mt_tree *t, const char *s)
{
	return s ? tstrn(c, t, s, strlen(s)) : mt_null(t);
}

/* Take the scratch buffer's text as a string and empty it. */
static uint32_t
tscratch(struct render_ctx *c, struct mt_tree *t)
{
	uint32_t v = tstrn(c, t, c->scratch.data ? c->scratch.data : "", c->scratch.len);

	buf_reset(&c->scratch);
	return v;
}

static uint32_t
tmd_url(struct render_ctx *c, struct mt_tree *t, const char *url)
{
	if (url == NULL)
		return mt_null(t);
	esc_markdown_url(&c->scratch, url);
	return tscratch(c, t);
}

static uint32_t
tmd_text(struct render_ctx *c, struct mt_tree *t, const char *s)
{
	if (s == NULL)
		return mt_null(t);
	esc_markdown_opts(&c->scratch, s, render_md_flags(c));
	return tscratch(c, t);
}

/* key and key_local, _date, _time, _zone (keys: those five literals). */
static void
tset_time(struct render_ctx *c, struct mt_tree *t, uint32_t o, const char *const keys[5],
    const unsigned char skip[5], int has, int64_t when)
{
	char v[96], *part[4];
	int local = 0;

	if (!has) {
		mt_set(t, o, keys[0], mt_null(t));
		return;
	}
	if (!skip[0]) {
		time_format_utc(when, v, sizeof v);
		mt_set(t, o, keys[0], mt_strn(t, v, strlen(v)));
	}
	for (int i = 1; i < 5; i++)
		local |= !skip[i];
	if (!local)
		return;
	local_parts(c, when, v, sizeof v, part);
	for (int i = 0; i < 4; i++)
		if (!skip[i + 1])
			mt_set(t, o, keys[i + 1], tstr(c, t, part[i] ? part[i] : ""));
}

/* Up to two initials, upper-cased, from the words of a name or handle. */
static uint32_t
initials(struct mt_tree *t, const char *name)
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
	return mt_strn(t, out, n);
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
static uint32_t
picture(struct render_ctx *c, struct mt_tree *t, const char *sha256, const char *remote)
{
	if (c->media == RENDER_MEDIA_REMOTE)
		return tstr(c, t, web_url(remote));
	return mt_json(t, render_blob_src(c, sha256));
}

/* An author; with_avatar 0 leaves "avatar" out (the credits'). */
static uint32_t
author_data(struct render_ctx *c, struct mt_tree *t, const char *name, const char *handle,
    const char *url, const char *avatar, const char *avatar_sha256, int with_avatar)
{
	uint32_t o = mt_obj(t);
	const char *display = !str_empty(name) ? name
	    : !str_empty(handle)               ? handle
	                                       : "Unknown author";

	mt_set(t, o, "name", tstr(c, t, name));
	mt_set(t, o, "handle", tstr(c, t, handle));
	mt_set(t, o, "url", tstr(c, t, link_url(url)));
	mt_set(t, o, "display", tstr(c, t, display));
	mt_set(t, o, "initials", initials(t, display));
	/* Keyed on who the author is, as the credits and the numbers count
	 * people (handle, else name): not on a profile URL one post has and
	 * another lacks. */
	int h = hue(!str_empty(handle) ? handle : !str_empty(name) ? name : url);
	mt_set(t, o, "hue", mt_int(t, h));
	mt_set(t, o, "hue_class", mt_int(t, h / 30));
	if (with_avatar)
		mt_set(t, o, "avatar", avatar ? picture(c, t, avatar_sha256, avatar) : mt_null(t));
	if (c->opt->format == RENDER_MD) {
		mt_set(t, o, "display_md", tmd_text(c, t, display));
		mt_set(t, o, "handle_md", tmd_text(c, t, handle));
		mt_set(t, o, "url_md", tmd_url(c, t, link_url(url)));
	}
	return o;
}

/* "audio", "video" or "link" when url's file name ends in an extension of
 * one, else "image". */
static const char *
url_extension_kind(const char *url)
{
	static const struct {
		const char *ext, *kind;
	} exts[] = {
	    {".mp3", "audio"},
	    {".m4a", "audio"},
	    {".oga", "audio"},
	    {".ogg", "audio"},
	    {".opus", "audio"},
	    {".wav", "audio"},
	    {".flac", "audio"},
	    {".mp4", "video"},
	    {".m4v", "video"},
	    {".mov", "video"},
	    {".webm", "video"},
	    {".ogv", "video"},
	    {".pdf", "link"},
	};
	size_t n;

	if (url == NULL)
		return "image";
	n = strcspn(url, "?#");
	for (size_t i = 0; i < ARRAY_LEN(exts); i++) {
		size_t k = strlen(exts[i].ext);

		char tail[8] = {0};

		if (n <= k)
			continue;
		memcpy(tail, url + n - k, k);
		if (str_casestartswith(tail, exts[i].ext))
			return exts[i].kind;
	}
	return "image";
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
	/* A feed that says nothing: the file's extension, else an image, the
	 * likely case for a picture URL. */
	if (m->medium == NULL && m->type == NULL)
		return url_extension_kind(m->url);
	return "link";
}

/*
 * What a link to an attachment that is not shown as a picture reads, into
 * c->scratch, Markdown-escaped: its alt text, else the file's name (the
 * URL's last path segment: "talk.mp3"), else its kind ("audio").
 */
static void
media_label_md(struct render_ctx *c, const struct story_media *m, const char *kind, const char *url)
{
	const char *path;
	char *name = NULL;

	if (!str_empty(m->alt)) {
		esc_markdown_opts(&c->scratch, m->alt, render_md_flags(c));
		return;
	}
	if (url != NULL && (path = strstr(url, "://")) != NULL) {
		path += 3;
		path += strcspn(path, "/?#"); /* past the host */
		if (*path == '/') {
			size_t end = strcspn(path, "?#"), start = end;

			while (path[start - 1] != '/')
				start--;
			if (end > start)
				name = xstrndup(path + start, end - start);
		}
	}
	esc_markdown_opts(&c->scratch, name ? name : kind, render_md_flags(c));
	free(name);
}

static uint32_t
media_data(struct render_ctx *c, struct mt_tree *t, const struct story_post *p)
{
	uint32_t a = mt_arr(t);

	for (size_t i = 0; i < p->nmedia; i++) {
		const struct story_media *m = &p->media[i];
		const char *url = web_url(m->url), *preview = web_url(m->preview_url);
		const char *kind = media_kind(m), *shown = url;
		uint32_t o;

		/* A medium read beside a local feed has no web URL: shown when
		 * archived and put in; linked, there is nothing to link (the
		 * caller is told, to say how to put it in). */
		if (url == NULL && m->sha256 == NULL && m->preview_sha256 == NULL)
			continue;
		if (url == NULL && c->media == RENDER_MEDIA_REMOTE) {
			if (c->opt->left_out)
				(*c->opt->left_out)++;
			continue;
		}
		o = mt_obj(t);
		mt_set(t, o, "url", tstr(c, t, url));
		mt_set(t, o, "preview_url", tstr(c, t, preview));
		mt_set(t, o, "sha256", tstr(c, t, m->sha256));
		if (c->media == RENDER_MEDIA_REMOTE) {
			mt_set(t, o, "src", tstr(c, t, preview ? preview : url));
			mt_set(t, o, "archived", mt_bool(t, 0));
			mt_set(t, o, "placeholder", mt_bool(t, 0));
		} else {
			/* Archived: the original (a video or audio file plays from
			 * it), else its kept preview shown as a picture; neither: a
			 * placeholder with the alt text, linking to the original. */
			json_t *src = render_blob_src(c, m->sha256), *prev = NULL;

			if (src == NULL && (prev = render_blob_src(c, m->preview_sha256)) != NULL)
				kind = "image";
			if (src != NULL || prev != NULL)
				shown = json_string_value(src ? src : prev);
			mt_set(t, o, "src", mt_json(t, src ? src : prev));
			mt_set(t, o, "archived", mt_bool(t, src != NULL || prev != NULL));
			mt_set(t, o, "preview_only", mt_bool(t, prev != NULL));
			mt_set(t, o, "placeholder", mt_bool(t, src == NULL && prev == NULL));
		}
		mt_set(t, o, "alt", tstr(c, t, m->alt ? m->alt : ""));
		mt_set(t, o, "has_alt", mt_bool(t, !str_empty(m->alt)));
		mt_set(t, o, "type", tstr(c, t, m->type));
		mt_set(t, o, "medium", tstr(c, t, kind));
		mt_set(t, o, "is_image", mt_bool(t, strcmp(kind, "image") == 0));
		mt_set(t, o, "is_video", mt_bool(t, strcmp(kind, "video") == 0));
		mt_set(t, o, "is_audio", mt_bool(t, strcmp(kind, "audio") == 0));
		mt_set(t, o, "is_link", mt_bool(t, strcmp(kind, "link") == 0));
		mt_set(t, o, "width", m->width > 0 ? mt_int(t, m->width) : mt_null(t));
		mt_set(t, o, "height", m->height > 0 ? mt_int(t, m->height) : mt_null(t));
		if (c->opt->format == RENDER_MD) {
			mt_set(t, o, "alt_md", tmd_text(c, t, m->alt ? m->alt : ""));
			mt_set(t, o, "url_md", tmd_url(c, t, url));
			mt_set(t, o, "src_md", tmd_url(c, t, shown));
			media_label_md(c, m, kind, url);
			mt_set(t, o, "label_md", tscratch(c, t));
		}
		mt_push(t, a, o);
	}
	return a;
}

/* A post's link card, or null. */
static uint32_t
card_data(struct render_ctx *c, struct mt_tree *t, const struct story_card *k)
{
	const char *url = web_url(k->url);
	uint32_t o;

	if (url == NULL)
		return mt_null(t);
	o = mt_obj(t);
	mt_set(t, o, "url", tstr(c, t, url));
	mt_set(t, o, "title", tstr(c, t, !str_empty(k->title) ? k->title : url));
	mt_set(t, o, "description",
	    str_empty(k->description) ? mt_null(t) : tstr(c, t, k->description));
	mt_set(t, o, "site_name", str_empty(k->site_name) ? mt_null(t) : tstr(c, t, k->site_name));
	mt_set(t, o, "image",
	    k->image_url ? picture(c, t, k->image_sha256, k->image_url) : mt_null(t));
	if (c->opt->format == RENDER_MD) {
		mt_set(t, o, "title_md", tmd_text(c, t, !str_empty(k->title) ? k->title : url));
		mt_set(t, o, "url_md", tmd_url(c, t, url));
	}
	return o;
}

/* text_md as a quotation: "> " before every line, ">" alone on an empty one. */
static uint32_t
quote_md(struct render_ctx *c, struct mt_tree *t, const char *md, size_t n)
{
	const char *p = md, *end = md + n;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t k = nl ? (size_t)(nl - p) : (size_t)(end - p);

		buf_adds(&c->scratch, k > 0 ? "> " : ">");
		buf_add(&c->scratch, p, k);
		p += k;
		if (p < end) {
			buf_addc(&c->scratch, '\n');
			p++;
		}
	}
	return tscratch(c, t);
}

/*
 * A post's plain text as escaped Markdown: one paragraph a line, and the
 * same ready to go inside a quotation ("> " before every line).
 */
static void
set_text_md(struct render_ctx *c, struct mt_tree *t, uint32_t o, const char *text)
{
	struct buf quote;
	const char *p = text ? text : "";
	unsigned flags = render_md_flags(c) | ESC_MD_AUTOLINK;
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
			esc_markdown_opts(&quote, line, flags);
			esc_markdown_opts(&c->scratch, line, flags);
			first = 0;
		}
		free(line);
		p += n;
		if (*p == '\n')
			p++;
	}
	mt_set(t, o, "text_md", tscratch(c, t));
	mt_set(t, o, "text_quote_md", tstrn(c, t, quote.data ? quote.data : "", quote.len));
	buf_release(&quote);
}

/*
 * A post's text as Markdown, and the same ready to go inside a quotation:
 * made from its HTML as the html format shows it (stored sanitized, else
 * sanitized now), so its links, pictures and emphasis stay; a post with
 * no HTML from its plain text, one paragraph a line.
 */
static void
set_post_md(struct render_ctx *c, struct mt_tree *t, uint32_t o, const struct story_post *p)
{
	struct buf md, html;
	int done = 0;

	buf_init(&md, BUF_NOLIMIT);
	buf_init(&html, BUF_NOLIMIT);
	if (p->safe_html != NULL) {
		done = render_post_md(c, &md, p->safe_html) == 0;
	} else if (p->content_html != NULL &&
	    sanitize_post_html(&html, p->content_html, p->permalink) == 0) {
		done = render_post_md(c, &md, html.data ? html.data : "") == 0;
	}
	if (done) {
		mt_set(t, o, "text_md", tstrn(c, t, md.data ? md.data : "", md.len));
		mt_set(t, o, "text_quote_md", quote_md(c, t, md.data ? md.data : "", md.len));
	} else {
		set_text_md(c, t, o, p->content_text);
	}
	buf_release(&md);
	buf_release(&html);
}

static uint32_t
post_data(struct render_ctx *c, struct mt_tree *t, const struct story_item *it)
{
	static const char *const published[] = {
	    "published", "published_local", "published_date", "published_time", "published_zone"};
	static const char *const updated[] = {
	    "updated", "updated_local", "updated_date", "updated_time", "updated_zone"};
	const struct story_post *p = &it->post;
	enum render_format fmt = c->opt->format;
	uint32_t o = mt_obj(t), tags, src, media;
	const char *cw = p->content_warning;
	char *source_url;

	mt_set(t, o, "id", mt_int(t, p->id));
	mt_set(t, o, "url", tstr(c, t, link_url(p->permalink)));
	if (!c->skip.guid)
		mt_set(t, o, "guid", tstr(c, t, p->guid));
	mt_set(t, o, "title", tstr(c, t, p->title));
	mt_set(t, o, "author",
	    author_data(c, t, p->author_name, p->author_handle, p->author_url, p->author_avatar,
	        p->avatar_sha256, 1));
	tset_time(c, t, o, published, c->skip.published, p->has_published, p->published);
	tset_time(c, t, o, updated, c->skip.updated, p->has_updated, p->updated);
	/* The post's own language, else the project's: lang is what makes
	 * a screen reader and hyphenation read the text right. */
	mt_set(t, o, "language",
	    tstr(c, t, !str_empty(p->language) ? p->language : c->project->language));
	if (str_empty(cw) && p->sensitive)
		cw = "Sensitive content";
	mt_set(t, o, "cw", str_empty(cw) ? mt_null(t) : tstr(c, t, cw));
	mt_set(t, o, "sensitive", mt_bool(t, p->sensitive));
	if (!c->skip.text)
		mt_set(t, o, "text", tstr(c, t, p->content_text ? p->content_text : ""));
	if (fmt != RENDER_MD) {
		uint32_t html = 0;

		/* Stored at collect, or made now when it was not: the
		 * sanitizer writes valid UTF-8 without NULs (its fuzz target
		 * checks it): no second check of a whole post. */
		if (p->safe_html != NULL) {
			int images =
			    c->media != RENDER_MEDIA_REMOTE && strstr(p->safe_html, "<img ");

			/* Stored before the sanitizer wrote '{' as "&#123;": as
			 * it writes it now. */
			if (images || strchr(p->safe_html, '{') != NULL) {
				esc_html_braces(&c->scratch, p->safe_html, strlen(p->safe_html));
				if (images)
					render_inline_images(c, &c->scratch);
				html = mt_strn(t, c->scratch.data, c->scratch.len);
			} else {
				html = mt_strn(t, p->safe_html, strlen(p->safe_html));
			}
		} else if (p->content_html != NULL) {
			if (sanitize_post_html(&c->scratch, p->content_html, p->permalink) == 0) {
				if (c->media != RENDER_MEDIA_REMOTE &&
				    strstr(c->scratch.data, "<img "))
					render_inline_images(c, &c->scratch);
				html = mt_strn(
				    t, c->scratch.data ? c->scratch.data : "", c->scratch.len);
			}
		} else if (!str_empty(p->content_text)) {
			buf_adds(&c->scratch, "<p>");
			esc_html_text(&c->scratch, p->content_text);
			buf_adds(&c->scratch, "</p>");
		}
		if (html != 0)
			buf_reset(&c->scratch);
		else
			html = tscratch(c, t);
		mt_set(t, o, "content_html", html);
	}
	mt_set(t, o, "media", media = media_data(c, t, p));
	mt_set(t, o, "card", card_data(c, t, &p->card));
	mt_set(t, o, "has_media", mt_bool(t, t->v[media].count > 0));
	if (!c->skip.tags) {
		tags = mt_arr(t);
		for (size_t i = 0; i < p->ntags; i++)
			mt_push(t, tags, tstr(c, t, p->tags[i]));
		mt_set(t, o, "tags", tags);
	}
	if (!c->skip.source) {
		src = mt_obj(t);
		mt_set(t, src, "name", tstr(c, t, p->source_name));
		source_url = redact_published(p->source_url);
		mt_set(t, src, "url", tstr(c, t, link_url(source_url)));
		free(source_url);
		mt_set(t, o, "source", src);
	}
	if (!c->skip.caption)
		mt_set(t, o, "caption", tstr(c, t, it->body));
	if (fmt == RENDER_MD) {
		mt_set(t, o, "title_md", tmd_text(c, t, p->title));
		mt_set(t, o, "url_md", tmd_url(c, t, link_url(p->permalink)));
		mt_set(t, o, "cw_md", str_empty(cw) ? mt_null(t) : tmd_text(c, t, cw));
		set_post_md(c, t, o, p);
		if (it->body)
			markdown_commonmark_opts(&c->scratch, it->body, md_opts(c));
		mt_set(t, o, "caption_md", it->body ? tscratch(c, t) : mt_null(t));
	} else {
		if (it->body)
			markdown_html(&c->scratch, it->body);
		mt_set(t, o, "caption_html", it->body ? tscratch(c, t) : mt_null(t));
	}
	return o;
}

static uint32_t
heading_data(struct render_ctx *c, struct mt_tree *t, const struct story_item *it)
{
	uint32_t o = mt_obj(t);
	char hashes[8];

	mt_set(t, o, "level", mt_int(t, it->level));
	mt_set(t, o, "level_nested", mt_int(t, it->level < 6 ? it->level + 1 : 6));
	mt_set(t, o, "text", tstr(c, t, it->body));
	markdown_inline_text(&c->scratch, it->body);
	mt_set(t, o, "text_plain", tscratch(c, t));
	if (c->opt->format == RENDER_MD) {
		memset(hashes, '#', (size_t)it->level);
		hashes[it->level] = '\0';
		mt_set(t, o, "hashes", tstr(c, t, hashes));
		markdown_inline_commonmark_opts(&c->scratch, it->body, md_opts(c));
		mt_set(t, o, "md", tscratch(c, t));
	} else {
		markdown_inline_html(&c->scratch, it->body);
		mt_set(t, o, "html", tscratch(c, t));
	}
	return o;
}

static uint32_t
note_data(struct render_ctx *c, struct mt_tree *t, const struct story_item *it)
{
	uint32_t o = mt_obj(t);

	mt_set(t, o, "text", tstr(c, t, it->body));
	if (c->opt->format == RENDER_MD) {
		markdown_commonmark_opts(&c->scratch, it->body, md_opts(c));
		mt_set(t, o, "md", tscratch(c, t));
	} else {
		markdown_html(&c->scratch, it->body);
		mt_set(t, o, "html", tscratch(c, t));
	}
	return o;
}

uint32_t
render_item_tree(struct render_ctx *c, struct mt_tree *t, const struct story_item *it)
{
	static const char *const kinds[] = {"post", "note", "heading"};
	uint32_t o = mt_obj(t);
	char anchor[176], digits[24];
	size_t n = strlen(c->id_prefix), d = sizeof digits;
	uint64_t id = it->id < 0 ? 0 - (uint64_t)it->id : (uint64_t)it->id;

	/* "<prefix>item-<id>", without a printf an item */
	do
		digits[--d] = (char)('0' + id % 10);
	while ((id /= 10) > 0);
	if (it->id < 0)
		digits[--d] = '-';
	memcpy(anchor, c->id_prefix, n);
	memcpy(anchor + n, "item-", 5);
	memcpy(anchor + n + 5, digits + d, sizeof digits - d);
	n += 5 + sizeof digits - d;
	mt_set(t, o, "id", mt_int(t, it->id));
	mt_set(t, o, "kind", mt_strn(t, kinds[it->kind], strlen(kinds[it->kind])));
	mt_set(t, o, "anchor", tstrn(c, t, anchor, n));
	switch (it->kind) {
	case STORY_POST:
		mt_set(t, o, "post", post_data(c, t, it));
		break;
	case STORY_NOTE:
		mt_set(t, o, "note", note_data(c, t, it));
		break;
	case STORY_HEADING:
		mt_set(t, o, "heading", heading_data(c, t, it));
		break;
	}
	return o;
}

json_t *
render_item_data(struct render_ctx *c, const struct story_item *it)
{
	struct mt_tree t;
	json_t *v;

	mt_init(&t);
	v = mt_to_json(&t, render_item_tree(c, &t, it));
	mt_release(&t);
	return v;
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

/* Append cp's UTF-8 to the prefix being made when it fits in max bytes. */
static int
id_add(char *id, size_t *n, size_t max, int32_t cp)
{
	char u[4];
	int len = utf8_encode(cp, u);

	if (len <= 0 || *n + (size_t)len > max)
		return -1;
	memcpy(id + *n, u, (size_t)len);
	*n += (size_t)len;
	return 0;
}

void
render_ctx_ids(struct render_ctx *c)
{
	const char *title = c->project ? c->project->title : NULL;
	utf8proc_uint8_t *nfkc = NULL;
	const utf8proc_uint8_t *t;
	/* 32 characters at most (of 4 bytes at most), as many as ASCII
	 * titles always had. */
	const size_t max = 128;
	size_t n = 0, chars = 0;
	int dash = 0, in_word = 0;

	if (c->opt->id_prefix != NULL) {
		snprintf(c->id_prefix, sizeof c->id_prefix, "%s", c->opt->id_prefix);
		return;
	}
	/*
	 * The title's letters and digits, lower case, other runs one '-':
	 * readable in a #link, the same for every render of the project. A
	 * letter that is a Latin one with accents loses them ("Café" is
	 * "cafe"); letters of other scripts stay as they are, with their
	 * marks ("Конференция 2026" is "конференция-2026", "北欧会議" itself):
	 * an HTML id may hold any character but blanks. A title with no letter
	 * or digit ("🎉🎉") is "story-" and a hash of it, so two stories of
	 * different titles on one page still differ.
	 */
	if (title &&
	    utf8proc_map((const utf8proc_uint8_t *)title, 0, &nfkc,
	        UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE) < 0)
		nfkc = NULL;
	t = nfkc ? nfkc : (const utf8proc_uint8_t *)title;
	while (t && *t && n < max && chars < 32) {
		utf8proc_int32_t cp, base[4];
		utf8proc_ssize_t len = utf8proc_iterate(t, -1, &cp), k;
		utf8proc_category_t cat;
		int bound = 0, ascii = 1, kept = 0, letter = 1;

		if (len <= 0) {
			t++;
			continue;
		}
		t += len;
		cat = utf8proc_category(cp);
		if (cp < 0x80) {
			if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
				kept = id_add(c->id_prefix, &n, max, cp) == 0;
			else if (cp >= 'A' && cp <= 'Z')
				kept = id_add(c->id_prefix, &n, max, cp - 'A' + 'a') == 0;
			else
				letter = 0;
		} else if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) {
			/* "é" is "e"; "ß", "ł", "к" stay letters of their own. */
			k = utf8proc_decompose_char(cp, base, 4,
			    UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_COMPAT, &bound);
			for (utf8proc_ssize_t i = 0; i < k && k <= 4 && ascii; i++)
				ascii = (base[i] >= 'a' && base[i] <= 'z') ||
				    (base[i] >= 'A' && base[i] <= 'Z');
			if (k > 0 && k <= 4 && ascii) {
				kept = 1;
				for (utf8proc_ssize_t i = 0; i < k && kept; i++)
					kept = id_add(c->id_prefix, &n, max,
					           utf8proc_tolower(base[i])) == 0;
			} else {
				kept = id_add(c->id_prefix, &n, max, utf8proc_tolower(cp)) == 0;
			}
		} else if (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) {
			kept = id_add(c->id_prefix, &n, max, cp) == 0;
		} else if (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME && in_word) {
			/* A vowel sign or accent of a word kept ("हिन्दी"). */
			kept = id_add(c->id_prefix, &n, max, cp) == 0;
		} else {
			letter = 0;
		}
		if (letter && !kept)
			break; /* no room left for it */
		if (kept) {
			dash = 0;
			in_word = 1;
			chars++;
		} else if (n > 0 && !dash && n < max) {
			c->id_prefix[n++] = '-';
			chars++;
			dash = 1;
			in_word = 0;
		} else {
			in_word = 0;
		}
	}
	free(nfkc);
	while (n > 0 && c->id_prefix[n - 1] == '-')
		n--;
	if (n == 0) {
		uint32_t h = 2166136261u;

		for (const unsigned char *p = (const unsigned char *)(title ? title : ""); *p; p++)
			h = (h ^ *p) * 16777619u;
		if (str_empty(title))
			n = (size_t)snprintf(c->id_prefix, sizeof c->id_prefix, "story");
		else
			n = (size_t)snprintf(
			    c->id_prefix, sizeof c->id_prefix, "story-%08" PRIx32, h);
	}
	c->id_prefix[n++] = '-';
	c->id_prefix[n] = '\0';
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
		struct mt_tree t;
		json_t *ao;

		mt_init(&t);
		ao = mt_to_json(&t, author_data(c, &t, a->name, a->handle, a->url, NULL, NULL, 0));
		mt_release(&t);
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
	const struct story_counts n = c->digest.counts;
	json_t *o, *tags, *counts, *w, *span, *gen;
	char t[32];

	(void)e;
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
			markdown_commonmark_opts(&c->scratch, p->description, md_opts(c));
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
	struct mt_tree t;
	json_t *v;

	mt_init(&t);
	v = mt_to_json(&t, author_data(c, &t, name, handle, url, avatar, avatar_sha256, 1));
	mt_release(&t);
	return v;
}
