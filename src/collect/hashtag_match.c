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

/* 1 for a byte outside printable ASCII and \t \n \r. */
static int
unusual(unsigned char c)
{
	return c >= 0x80 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r');
}

/* 1 when s[0..n) holds an unusual byte: eight bytes at a time. */
static int
has_unusual(const unsigned char *s, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, s + i, 8);
		/* A byte with its high bit set, or (maybe) one below 0x20. */
		if ((w & 0x8080808080808080ull) ||
		    ((w - 0x2020202020202020ull) & ~w & 0x8080808080808080ull))
			for (size_t k = 0; k < 8; k++)
				if (unusual(s[i + k]))
					return 1;
	}
	for (; i < n; i++)
		if (unusual(s[i]))
			return 1;
	return 0;
}

/* 1 when s[0..n) is t[0..n) but for the case of s's letters. */
static int
same_lower(const unsigned char *s, const unsigned char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ascii_lower(s[i]) != t[i])
			return 0;
	return 1;
}

/* Where in t the look for it starts: its rarest character, by English text. */
static size_t
anchor(const char *t)
{
	/* How common each letter is, a..z (26: the most common, e); digits and
	 * '_' count as rarer than any. */
	static const unsigned char common[26] = {24, 7, 15, 17, 26, 11, 9, 19, 22, 3, 4, 16, 14, 21,
	    23, 8, 1, 18, 20, 25, 13, 6, 12, 2, 10, 0};
	size_t best = 0;
	int rank = 100;

	for (size_t i = 0; t[i]; i++) {
		int r = t[i] >= 'a' && t[i] <= 'z' ? common[t[i] - 'a'] : -1;

		if (r < rank) {
			rank = r;
			best = i;
		}
	}
	return best;
}

/* 1 when s[0..n) holds t (a plain tag) but for case. */
static int
holds(const char *s, size_t n, const char *t)
{
	size_t m = anchor(t), len = strlen(t);
	unsigned char a = (unsigned char)t[m];

	for (int pass = 0; pass < (a >= 'a' && a <= 'z' ? 2 : 1); pass++) {
		int c = pass ? a - 32 : a;

		for (const char *q = memchr(s, c, n); q;
		     q = memchr(q + 1, c, (size_t)(s + n - q - 1)))
			if ((size_t)(q - s) >= m && (size_t)(q - s) - m + len <= n &&
			    same_lower((const unsigned char *)q - m, (const unsigned char *)t, len))
				return 1;
	}
	return 0;
}

/*
 * 1 when one of tags (plain, see hashtag_tags_plain) may be among the
 * hashtags of s, or s is past what this reading is sure of: any byte
 * outside printable ASCII (NFKC folds some to ASCII letters) and, in
 * HTML, any entity but the inert ones. Otherwise every hashtag is a run
 * of s's own characters, so a tag can only be one when s holds it (case
 * aside) -- or, in HTML, whose text joins the runs either side of a tag,
 * when s holds the start of it just before a '<'. Counts s's '#' in
 * *hashes (each tag s holds needs one).
 */
static int
may_hold(const char *s, int html, char *const *tags, size_t ntags, size_t *hashes)
{
	size_t n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	if (has_unusual((const unsigned char *)s, n))
		return 1;
	for (const char *q = memchr(s, '#', n); q; q = memchr(q + 1, '#', (size_t)(s + n - q - 1)))
		(*hashes)++;
	if (html)
		for (const char *q = memchr(s, '&', n); q;
		     q = memchr(q + 1, '&', (size_t)(s + n - q - 1)))
			if (inert_entity((const unsigned char *)q) == 0)
				return 1;
	for (size_t i = 0; i < ntags; i++) {
		const char *t = tags[i];
		size_t len = strlen(t);

		if (holds(s, n, t))
			return 1;
		if (!html || len < 2)
			continue;
		/* The start of t (k of its characters) just before a '<'. */
		for (const char *q = memchr(s, '<', n); q;
		     q = memchr(q + 1, '<', (size_t)(s + n - q - 1))) {
			unsigned char c = q > s ? ascii_lower((unsigned char)q[-1]) : 0;

			for (size_t k = 1; k < len && k <= (size_t)(q - s); k++)
				if ((unsigned char)t[k - 1] == c &&
				    same_lower(
				        (const unsigned char *)q - k, (const unsigned char *)t, k))
					return 1;
		}
	}
	return 0;
}

int
hashtag_item_surely_unmatched(const struct incoming_post *it, char *const *tags, size_t ntags)
{
	size_t hashes = 0;

	if (ntags == 0)
		return 0;
	/* The text hashtags are read from: content_text, else the HTML's (feed.c). */
	if (may_hold(it->title, 0, tags, ntags, &hashes) ||
	    (it->content_text ? may_hold(it->content_text, 0, tags, ntags, &hashes)
	                      : may_hold(it->content_html, 1, tags, ntags, &hashes)))
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
