/*
 * match.c - which hashtags a post carries, and whether the project keeps it.
 *
 * The scan is written by hand: it is a few lines over the UTF-8 helpers,
 * and no Debian library knows the Mastodon notion of a hashtag (utf8proc
 * gives the character classes and the normalisation).
 */
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
}

void
hashtag_list_release(struct hashtag_list *l)
{
	hashtag_list_reset(l);
	free(l->v);
	hashtag_list_init(l);
}

int
hashtag_list_has(const struct hashtag_list *l, const char *tag)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], tag) == 0)
			return 1;
	return 0;
}

void
hashtag_list_add(struct hashtag_list *l, const char *tag)
{
	if (hashtag_list_has(l, tag))
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = xstrdup(tag);
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

void
hashtag_scan(const char *text, struct hashtag_list *l)
{
	const char *p, *word;
	int32_t cp, prev = ' ';
	size_t left;
	int n;

	if (text == NULL)
		return;
	left = strlen(text);
	p = word = text;
	while (left > 0) {
		if ((n = utf8_decode(p, left, &cp)) <= 0) {
			p++, left--, prev = 0xfffd;
			continue;
		}
		if ((cp == '#' || cp == 0xff03) && !hashtag_char(prev) && prev != '&' &&
		    !in_url(word, p)) {
			const char *tag = p + n, *q = tag;
			size_t rest = left - (size_t)n;
			int32_t c;
			int m;

			while (rest > 0 && (m = utf8_decode(q, rest, &c)) > 0 && hashtag_char(c))
				q += m, rest -= (size_t)m;
			if (q > tag) {
				char *norm = tag_normalize(tag, (size_t)(q - tag));

				if (norm)
					hashtag_list_add(l, norm);
				free(norm);
			}
			left -= (size_t)(q - p);
			p = q;
			prev = q > tag ? '_' : '#'; /* "#a#b" is one tag, as on Mastodon */
			continue;
		}
		if (is_space(cp))
			word = p + n;
		prev = cp;
		p += n;
		left -= (size_t)n;
	}
}

void
hashtag_item_tags(const struct feed_item *it, struct hashtag_list *l)
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
hashtag_match(const struct hashtag_list *post, char *const *project, size_t nproject)
{
	if (nproject == 0)
		return 1;
	for (size_t i = 0; i < nproject; i++)
		if (hashtag_list_has(post, project[i]))
			return 1;
	return 0;
}
