/*
 * hashtag_match.c - which hashtags a post carries, and whether the project keeps it.
 *
 * The scan is written by hand: it is a few lines over the UTF-8 helpers,
 * and no Debian library knows the Mastodon notion of a hashtag (utf8proc
 * gives the character classes and the normalisation).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "hashtag.h"
#include "util.h"

void
hashtag_list_init(struct hashtag_list *l)
{
	memset(l, 0, sizeof *l);
}

void
hashtag_list_reset(struct hashtag_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	l->n = 0;
	l->dropped = 0;
	if (l->index)
		memset(l->index, 0, l->nindex * sizeof *l->index);
}

void
hashtag_list_release(struct hashtag_list *l)
{
	hashtag_list_reset(l);
	free(l->v);
	free(l->index);
	hashtag_list_init(l);
}

/* FNV-1a: tags are short, and the index only needs a fair spread. */
static size_t
tag_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)h;
}

/* The slot holding tag, or the empty slot where it would go. */
static size_t
slot_of(const struct hashtag_list *l, const char *tag)
{
	size_t mask = l->nindex - 1, i = tag_hash(tag) & mask;

	while (l->index[i] && strcmp(l->v[l->index[i] - 1], tag) != 0)
		i = (i + 1) & mask;
	return i;
}

int
hashtag_list_has(const struct hashtag_list *l, const char *tag)
{
	return l->nindex && l->index[slot_of(l, tag)] != 0;
}

void
hashtag_list_add(struct hashtag_list *l, const char *tag)
{
	size_t i;

	if (l->nindex == 0 || 2 * (l->n + 1) > l->nindex) {
		/* Grow the index and put every tag back. */
		size_t n = l->nindex ? 2 * l->nindex : 16;
		free(l->index);
		l->index = xcalloc(n, sizeof *l->index);
		l->nindex = n;
		for (size_t k = 0; k < l->n; k++)
			l->index[slot_of(l, l->v[k])] = k + 1;
	}
	i = slot_of(l, tag);
	if (l->index[i])
		return;
	if (l->n == HASHTAG_LIST_MAX) {
		l->dropped++;
		return;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = xstrdup(tag);
	l->index[i] = l->n;
}

/*
 * The normalised form of the tag s[0..n) (no '#'), or NULL. Most tags are
 * ASCII letters, digits and '_', whose NFKC case fold is their lower case:
 * those skip utf8proc, which is most of the cost of matching a big feed.
 */
static char *
tag_normalize(const char *s, size_t n)
{
	char *out, *raw;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		        c == '_'))
			break;
	}
	if (i < n || n == 0) {
		raw = xstrndup(s, n);
		out = hashtag_normalize(raw);
		free(raw);
		return out;
	}
	out = xmalloc(n + 1);
	for (i = 0; i < n; i++)
		out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	out[n] = '\0';
	return out;
}

static int
is_space(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xa0 ||
	    cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200b);
}

/* 1 when the word text[start..end) (what precedes a '#') is part of a URL. */
static int
in_url(const char *start, const char *end)
{
	size_t n = (size_t)(end - start);

	if (n >= 4 && str_casestartswith(start, "www."))
		return 1;
	for (const char *p = start; p + 3 <= end; p++)
		if (p[0] == ':' && p[1] == '/' && p[2] == '/')
			return 1;
	return 0;
}

/* The code point ending just before p (text <= p), or U+FFFD when invalid. */
static int32_t
cp_before(const char *text, const char *p)
{
	const char *q = p;
	int32_t cp;

	if (p == text)
		return ' ';
	while (q > text && p - q < 4 && ((unsigned char)q[-1] & 0xc0) == 0x80)
		q--;
	if (q > text)
		q--;
	if (utf8_decode(q, (size_t)(p - q), &cp) != (int)(p - q))
		return 0xfffd;
	return cp;
}

/* Where the white-space separated word holding p starts (looking back at
 * most 2 KiB, which keeps a pathological text linear). */
static const char *
word_start(const char *text, const char *p)
{
	const char *q = p, *stop = p - text > 2048 ? p - 2048 : text;

	while (q > stop) {
		int32_t cp = cp_before(text, q);
		const char *prev = q - 1;

		if (is_space(cp))
			break;
		while (prev > stop && ((unsigned char)*prev & 0xc0) == 0x80)
			prev--;
		q = prev;
	}
	return q;
}

/*
 * Only the bytes around a '#' matter, so the scan jumps from one '#' (or
 * the first byte of a fullwidth '＃') to the next and looks back from
 * there; most text is never decoded.
 */
void
hashtag_scan(const char *text, struct hashtag_list *l)
{
	const char *p, *end;

	if (text == NULL)
		return;
	end = text + strlen(text);
	for (p = text + strcspn(text, "#\xef"); p < end; p += strcspn(p, "#\xef")) {
		const char *tag, *q;
		int32_t prev, c;
		int m;

		if (*p == '#')
			tag = p + 1;
		else if (p[1] == '\xbc' && p[2] == '\x83')
			tag = p + 3;
		else {
			p++;
			continue;
		}
		prev = cp_before(text, p);
		if (hashtag_char(prev) || prev == '&' || in_url(word_start(text, p), p)) {
			p = tag;
			continue;
		}
		for (q = tag;
		     q < end && (m = utf8_decode(q, (size_t)(end - q), &c)) > 0 && hashtag_char(c);)
			q += m;
		if (q > tag) {
			char *norm = tag_normalize(tag, (size_t)(q - tag));

			if (norm)
				hashtag_list_add(l, norm);
			free(norm);
		}
		p = q;
	}
}

void
hashtag_item_tags(const struct incoming_post *it, struct hashtag_list *l)
{
	hashtag_scan(it->title, l);
	hashtag_scan(it->content_text, l);
	for (size_t i = 0; i < it->ncategories; i++) {
		const char *c = it->categories[i];
		char *t = c[0] == '#' ? hashtag_normalize(c) : tag_normalize(c, strlen(c));

		if (t)
			hashtag_list_add(l, t);
		free(t);
	}
}

int
hashtag_tags_plain(char *const *tags, size_t ntags)
{
	for (size_t i = 0; i < ntags; i++) {
		const char *t = tags[i];

		if (*t == '\0')
			return 0;
		for (; *t; t++)
			if (!((*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9') || *t == '_'))
				return 0;
	}
	return 1;
}

static unsigned char
ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/*
 * The length of one of the entities at p ('&') whose character can be
 * no part of a hashtag (&amp; &lt; &gt; &quot; &#39; &nbsp;), or 0.
 */
static size_t
inert_entity(const unsigned char *p)
{
	static const char *const names[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&nbsp;"};

	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strncmp((const char *)p, names[i], strlen(names[i])) == 0)
			return strlen(names[i]);
	return 0;
}

/* The bytes may_hold stops at (0 for the others): what they are. */
enum {
	STOP_END = 1, /* the terminating NUL */
	STOP_BAD,     /* outside printable ASCII and white space */
	STOP_AMP,     /* '&' */
	STOP_HASH,    /* '#' */
	STOP_TAG,     /* the first letter of a tag, either case */
};

/*
 * 1 when one of tags (plain, see hashtag_tags_plain) may be among the
 * hashtags of s, or s is past what this reading is sure of: any byte
 * outside printable ASCII (NFKC folds some to ASCII letters) and, in
 * HTML, any entity but the inert ones. Otherwise every hashtag is a run
 * of s's own characters, so a tag can only be one when s holds it (case
 * aside) -- or, in HTML, whose text joins the runs either side of a tag,
 * when s holds the start of it just before a '<'. Counts s's '#' in
 * *hashes (each tag s holds needs one). stop is the table of the bytes
 * to look at (hashtag_item_surely_unmatched).
 */
static int
may_hold(const char *s, int html, char *const *tags, size_t ntags, const unsigned char *stop,
    size_t *hashes)
{
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL)
		return 0;
	for (;; p++) {
		while (stop[*p] == 0)
			p++;
		switch (stop[*p]) {
		case STOP_END:
			return 0;
		case STOP_BAD:
			return 1;
		case STOP_HASH:
			(*hashes)++;
			continue;
		case STOP_AMP:
			if (html) {
				size_t n = inert_entity(p);

				if (n == 0)
					return 1;
				p += n - 1;
			}
			continue;
		default:
			break;
		}
		for (size_t i = 0; i < ntags; i++) {
			const unsigned char *t = (const unsigned char *)tags[i];
			size_t j;

			if (ascii_lower(*p) != t[0])
				continue;
			for (j = 1; t[j] && ascii_lower(p[j]) == t[j]; j++)
				;
			if (t[j] == '\0' || (html && p[j] == '<'))
				return 1;
		}
	}
}

int
hashtag_item_surely_unmatched(const struct incoming_post *it, char *const *tags, size_t ntags)
{
	size_t hashes = 0;
	unsigned char stop[256];

	if (ntags == 0)
		return 0;
	memset(stop, 0, sizeof stop);
	stop[0] = STOP_END;
	for (int c = 1; c < 0x20; c++)
		if (c != '\t' && c != '\n' && c != '\r')
			stop[c] = STOP_BAD;
	memset(stop + 0x80, STOP_BAD, 0x80);
	stop['&'] = STOP_AMP;
	stop['#'] = STOP_HASH;
	for (size_t i = 0; i < ntags; i++) {
		unsigned char c = (unsigned char)tags[i][0];

		stop[c] = STOP_TAG;
		if (c >= 'a' && c <= 'z')
			stop[c - 32] = STOP_TAG;
	}
	/* The text hashtags are read from: content_text, else the HTML's (feed.c). */
	if (may_hold(it->title, 0, tags, ntags, stop, &hashes) ||
	    (it->content_text ? may_hold(it->content_text, 0, tags, ntags, stop, &hashes)
	                      : may_hold(it->content_html, 1, tags, ntags, stop, &hashes)))
		return 0;
	for (size_t i = 0; i < it->ncategories; i++) {
		const char *c = it->categories[i];
		char *t;
		int hit = 0;

		for (const char *q = c; *q; q++)
			if ((unsigned char)*q >= 0x80)
				return 0; /* as the UTF-8 wall would leave it: hashtag_item_tags' */
		t = c[0] == '#' ? hashtag_normalize(c) : tag_normalize(c, strlen(c));
		for (size_t k = 0; t && k < ntags && !hit; k++)
			hit = strcmp(t, tags[k]) == 0;
		free(t);
		if (hit)
			return 0;
	}
	/* No list could have been full: no tag dropped to count. */
	return hashes + it->ncategories <= HASHTAG_LIST_MAX;
}

int
hashtag_match(const struct hashtag_list *post, char *const *project, size_t nproject)
{
	if (nproject == 0)
		return 1;
	for (size_t i = 0; i < nproject; i++)
		if (hashtag_list_has(post, project[i]))
			return 1;
	return 0;
}
