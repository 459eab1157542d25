/*
 * search.c - the search box's language, translated into FTS5 expressions
 * and plain conditions (include/search.h has the language).
 *
 * Why a translator and not FTS5 itself: what people type (Sara's, Q&A,
 * e-learning, 10:40, an unbalanced quote, a lone "-") is full of FTS5
 * syntax errors. Here every word or phrase is handed to FTS5 inside double
 * quotes, where only '"' is special (doubled), so FTS5's own tokenizer
 * splits it exactly as it split the indexed text and no input can produce
 * a syntax error. Operators exist only where they are written as such.
 * A term with no letter or digit in it would be an empty phrase, which
 * matches nothing: it is dropped, and a query left with nothing at all is
 * searched as literal text.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "hashtag.h"
#include "search.h"
#include "util.h"

enum term_kind { TERM_NONE, TERM_FTS, TERM_TAG, TERM_AUTHOR };

struct term {
	char *text;      /* the term as typed (without '-', column, quotes) */
	const char *col; /* FTS5 column filter, or NULL */
	int neg, quoted, star;
	int skip; /* an operator, already applied */
	int join; /* OR with the term before */
	enum term_kind kind;
	char *value; /* normalised tag or author for TERM_TAG/TERM_AUTHOR */
};

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* The fields a word can be limited to with "field:word". */
static const char *
column_for(const char *name, size_t n)
{
	static const struct {
		const char *name, *fts;
	} cols[] = {
	    {"title", "title"},
	    {"author_name", "author_name"},
	    {"author_handle", "author_handle"},
	    {"content_text", "content_text"},
	    {"author", "{author_name author_handle}"},
	    {"text", "content_text"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cols); i++)
		if (strlen(cols[i].name) == n && strncmp(cols[i].name, name, n) == 0)
			return cols[i].fts;
	return NULL;
}

/* 1 when FTS5's unicode61 tokenizer finds a token in s: a letter, a digit
 * or a private-use character (its default token categories, L* N* Co). */
static int
has_token(const char *s)
{
	size_t n = strlen(s);
	int32_t cp;
	int len;

	while (n > 0) {
		if ((len = utf8_decode(s, n, &cp)) <= 0) {
			s++, n--;
			continue;
		}
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_LU:
		case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT:
		case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO:
		case UTF8PROC_CATEGORY_ND:
		case UTF8PROC_CATEGORY_NL:
		case UTF8PROC_CATEGORY_NO:
		case UTF8PROC_CATEGORY_CO:
			return 1;
		default:
			break;
		}
		s += len, n -= (size_t)len;
	}
	return 0;
}

static char *
ascii_lower(const char *s)
{
	char *out = xstrdup(s);
	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return out;
}

/* Split the query into terms: [-][field:]("phrase"|word). */
static size_t
lex(const char *p, struct term **out)
{
	struct term *v = NULL;
	size_t n = 0, cap = 0;

	for (;;) {
		struct term t;
		const char *start, *colon;

		while (is_space(*p))
			p++;
		if (*p == '\0')
			break;
		memset(&t, 0, sizeof t);
		if (*p == '-' && p[1] != '\0' && !is_space(p[1])) {
			t.neg = 1;
			p++;
		}
		for (colon = p; (*colon >= 'a' && *colon <= 'z') || *colon == '_'; colon++)
			;
		if (*colon == ':' && colon > p && colon[1] != '\0' && !is_space(colon[1]) &&
		    (t.col = column_for(p, (size_t)(colon - p))) != NULL)
			p = colon + 1;
		if (*p == '"') {
			start = ++p;
			while (*p != '\0' && *p != '"')
				p++;
			t.text = xstrndup(start, (size_t)(p - start));
			t.quoted = 1;
			if (*p == '"')
				p++;
			for (; *p == '*'; p++)
				t.star = 1;
		} else {
			start = p;
			while (*p != '\0' && !is_space(*p))
				p++;
			t.text = xstrndup(start, (size_t)(p - start));
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[n++] = t;
	}
	*out = v;
	return n;
}

/* "#tag" (or the fullwidth '＃'), possibly followed by punctuation. */
static int
classify_tag(struct term *t)
{
	const char *s = t->text, *end;
	size_t n;
	int32_t cp;
	int len;
	char *tag;

	if (s[0] == '#')
		s += 1;
	else if (strncmp(s, "\xef\xbc\x83", 3) == 0)
		s += 3;
	else
		return 0;
	end = s;
	n = strlen(s);
	while (n > 0 && (len = utf8_decode(end, n, &cp)) > 0 && hashtag_char(cp))
		end += len, n -= (size_t)len;
	if (end == s || has_token(end))
		return 0;
	tag = xstrndup(s, (size_t)(end - s));
	t->value = hashtag_normalize(tag);
	free(tag);
	if (t->value == NULL)
		return 0;
	t->kind = TERM_TAG;
	return 1;
}

/* "@user" or "@user@server" (trailing punctuation is not part of it). */
static int
classify_author(struct term *t)
{
	const char *s = t->text + 1;
	size_t n;

	if (t->text[0] != '@')
		return 0;
	n = strlen(s);
	while (n > 0 &&
	    !((s[n - 1] >= 'a' && s[n - 1] <= 'z') || (s[n - 1] >= 'A' && s[n - 1] <= 'Z') ||
	        (s[n - 1] >= '0' && s[n - 1] <= '9') || s[n - 1] == '_' ||
	        (unsigned char)s[n - 1] >= 0x80))
		n--;
	if (n == 0 || s[0] == '@')
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		        (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' || c == '@'))
			return 0;
	}
	{
		char *raw = xstrndup(s, n);
		t->value = ascii_lower(raw);
		free(raw);
	}
	t->kind = TERM_AUTHOR;
	return 1;
}

static void
classify(struct term *t)
{
	size_t n;

	if (!t->quoted && t->col == NULL && (classify_tag(t) || classify_author(t)))
		return;
	/* word* : a prefix written as such */
	n = strlen(t->text);
	if (!t->quoted && n > 1 && t->text[n - 1] == '*') {
		while (n > 0 && t->text[n - 1] == '*')
			n--;
		t->text[n] = '\0';
		t->star = 1;
	}
	t->kind = has_token(t->text) ? TERM_FTS : TERM_NONE;
}

/* One FTS5 phrase: [column : ]"text"[*], with '"' doubled. */
static void
fts_phrase(struct buf *b, const struct term *t)
{
	if (t->col) {
		buf_adds(b, t->col);
		buf_adds(b, " : ");
	}
	buf_addc(b, '"');
	for (const char *p = t->text; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
	if (t->star)
		buf_addc(b, '*');
}

static void
list_add(struct search_list *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return;
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrdup(s);
}

static int
is_op(const struct term *t, const char *op)
{
	return !t->quoted && !t->neg && !t->star && t->col == NULL && strcmp(t->text, op) == 0;
}

void
search_parse(const char *input, struct search_query *q)
{
	struct buf clean, match, group, exclude;
	struct term *t = NULL;
	size_t n, ngroup = 0;

	memset(q, 0, sizeof *q);
	buf_init(&clean, BUF_NOLIMIT);
	utf8_sanitize(&clean, input ? input : "", input ? strlen(input) : 0);
	buf_init(&match, BUF_NOLIMIT);
	buf_init(&group, BUF_NOLIMIT);
	buf_init(&exclude, BUF_NOLIMIT);

	n = lex(clean.data, &t);
	for (size_t i = 0; i < n; i++)
		classify(&t[i]);
	/* Operators are operators only beside other terms: alone, NOT, AND
	 * and OR are words. A dangling one (still being typed) is left out.
	 * OR joins two words or phrases; anywhere else it joins nothing. */
	for (size_t i = 0; n > 1 && i < n; i++) {
		struct term *c = &t[i];
		if (is_op(c, "NOT")) {
			c->skip = 1;
			if (i + 1 < n)
				t[i + 1].neg = 1;
		} else if (is_op(c, "AND")) {
			c->skip = 1;
		} else if (is_op(c, "OR")) {
			c->skip = 1;
			if (i > 0 && i + 1 < n && !t[i - 1].skip && t[i - 1].kind == TERM_FTS &&
			    !t[i - 1].neg && t[i + 1].kind == TERM_FTS && !t[i + 1].neg)
				t[i + 1].join = 1;
		}
	}
	/* The last word is still being typed: match it as a prefix. */
	if (n > 0 && !is_space(clean.data[clean.len - 1]) && !t[n - 1].skip &&
	    t[n - 1].kind == TERM_FTS && !t[n - 1].quoted && !t[n - 1].neg)
		t[n - 1].star = 1;

	for (size_t i = 0; i < n; i++) {
		struct term *c = &t[i];
		if (c->skip)
			continue;
		switch (c->kind) {
		case TERM_NONE:
			break;
		case TERM_TAG:
			list_add(c->neg ? &q->not_tags : &q->tags, c->value);
			break;
		case TERM_AUTHOR:
			list_add(c->neg ? &q->not_authors : &q->authors, c->value);
			break;
		case TERM_FTS:
			if (c->neg) {
				if (exclude.len)
					buf_adds(&exclude, " OR ");
				fts_phrase(&exclude, c);
				break;
			}
			if (c->join) {
				buf_adds(&group, " OR ");
				ngroup++;
			} else {
				if (group.len) {
					if (match.len)
						buf_adds(&match, " AND ");
					buf_printf(&match, ngroup > 1 ? "(%s)" : "%s", group.data);
				}
				buf_reset(&group);
				ngroup = 1;
			}
			fts_phrase(&group, c);
			break;
		}
	}
	if (group.len) {
		if (match.len)
			buf_adds(&match, " AND ");
		buf_printf(&match, ngroup > 1 ? "(%s)" : "%s", group.data);
	}
	if (match.len)
		q->match = buf_detach(&match);
	if (exclude.len)
		q->exclude = buf_detach(&exclude);
	if (!q->match && !q->exclude && q->tags.n == 0 && q->not_tags.n == 0 && q->authors.n == 0 &&
	    q->not_authors.n == 0) {
		/* Nothing searchable: the text itself, as typed. */
		char *lit = xstrdup(clean.data);
		str_trim(lit);
		if (*lit)
			q->literal = ascii_lower(lit);
		free(lit);
	}
	for (size_t i = 0; i < n; i++) {
		free(t[i].text);
		free(t[i].value);
	}
	free(t);
	buf_release(&clean);
	buf_release(&match);
	buf_release(&group);
	buf_release(&exclude);
}

static void
list_release(struct search_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
search_query_release(struct search_query *q)
{
	free(q->match);
	free(q->exclude);
	free(q->literal);
	list_release(&q->tags);
	list_release(&q->not_tags);
	list_release(&q->authors);
	list_release(&q->not_authors);
	memset(q, 0, sizeof *q);
}

int
search_query_empty(const struct search_query *q)
{
	return !q->match && !q->exclude && !q->literal && q->tags.n == 0 && q->not_tags.n == 0 &&
	    q->authors.n == 0 && q->not_authors.n == 0;
}
