/*
 * mustache.c - the Mustache engine: compile once to a flat op list, render
 * by walking it.
 *
 * Written by hand: Debian packages no maintained C Mustache library.
 *
 * Compiling turns the text into ops (text, variable, section, inverted
 * section, partial); a section op records where its body ends, so the
 * renderer walks the list without ever looking at the source again. Names
 * are split at their dots once, at compile time (with their hashes), so a
 * lookup is a few jansson hash probes, or in a light tree (mtree.h) first
 * a check of the node the name was found at for the previous item, and
 * allocates nothing. Output goes into one buffer handed to the sink in
 * chunks of about 64 KiB.
 *
 * Choices where the spec leaves it to the implementation:
 * - Falsey values (sections skip, inverted sections render): missing, null,
 *   false, the empty list, the empty string and the number 0, as in
 *   mustache.js, so `{{#caption}}...{{/caption}}` hides an empty caption.
 * - {{x}} escapes & < > " and ' (the spec's four, plus ' so a value is safe
 *   in a single-quoted attribute too).
 * - true and false interpolate as "true" and "false"; null, objects and
 *   lists as nothing; numbers as their shortest exact decimal form.
 * - Partials are compiled on first use in a render and kept for the rest
 *   of it; a standalone partial's indentation is added to each line of its
 *   text before compiling, as the spec says. Nesting of sections and
 *   partials is bounded (MUSTACHE_MAX_DEPTH) so a partial that includes
 *   itself without end fails with an error instead of overflowing the stack.
 * - A tag's sigil may follow white space ("{{ #a }}"); names are trimmed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mustache.h"
#include "storied.h"

#define MUSTACHE_MAX_DEPTH 256
#define MUSTACHE_FLUSH (64 * 1024)

enum op_kind {
	OP_TEXT,
	OP_VAR,      /* {{x}}: escaped */
	OP_RAW,      /* {{{x}}}, {{&x}} */
	OP_SECTION,  /* {{#x}} */
	OP_INVERTED, /* {{^x}} */
	OP_PARTIAL,  /* {{>x}} */
};

struct op {
	enum op_kind kind;
	unsigned line;
	size_t off, len;       /* OP_TEXT: bytes of t->text */
	size_t end;            /* sections: index of the first op after the body */
	char *name;            /* the name as written (trimmed); NULL for text */
	char *split;           /* name with its dots turned into NULs */
	char **parts;          /* nparts pointers into split; none for "." */
	uint32_t *hashes;      /* mt_hash of each part, for mtree lookups */
	struct mt_hint *hints; /* where each part was found last (written while rendering) */
	size_t nparts;
	char *indent; /* OP_PARTIAL when standalone: its indentation */
};

struct mustache_template {
	char *name;
	char *text; /* every text op's bytes, one after another */
	struct op *ops;
	size_t nops, capops;
};

/* Compiling */

struct parser {
	struct mustache_template *t;
	const char *src;
	size_t srclen;
	struct buf text;
	const char *otag, *ctag; /* the current delimiters, inside src or static */
	size_t olen, clen;
	size_t *open; /* indices of the sections not yet closed */
	size_t nopen, capopen;
	size_t barrier; /* ops before it are in a closed section: no merging */
	struct err *e;
};

static struct op *
op_add(struct mustache_template *t, enum op_kind kind, unsigned line)
{
	struct op *op;

	if (t->nops == t->capops) {
		t->capops = t->capops ? t->capops * 2 : 16;
		t->ops = xreallocarray(t->ops, t->capops, sizeof *t->ops);
	}
	op = &t->ops[t->nops++];
	memset(op, 0, sizeof *op);
	op->kind = kind;
	op->line = line;
	return op;
}

static void
add_text(struct parser *p, size_t from, size_t to)
{
	struct mustache_template *t = p->t;
	struct op *last = t->nops ? &t->ops[t->nops - 1] : NULL;

	if (to <= from)
		return;
	if (buf_add(&p->text, p->src + from, to - from) == -1)
		fatal("template text too large");
	/* Text after a comment or a delimiter change extends the text before. */
	if (last && last->kind == OP_TEXT && t->nops > p->barrier) {
		last->len += to - from;
		return;
	}
	struct op *op = op_add(t, OP_TEXT, 0);
	op->off = p->text.len - (to - from);
	op->len = to - from;
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* memmem, which is a GNU extension. */
static const char *
find(const char *hay, size_t haylen, const char *s, size_t n)
{
	const char *end = hay + haylen;

	for (const char *q = hay; (size_t)(end - q) >= n; q++) {
		q = memchr(q, s[0], (size_t)(end - q) - n + 1);
		if (q == NULL)
			return NULL;
		if (memcmp(q, s, n) == 0)
			return q;
	}
	return NULL;
}

/* The first `c` in hay that is followed by the string s[0..n). */
static const char *
find_after(const char *hay, size_t haylen, int c, const char *s, size_t n)
{
	const char *end = hay + haylen;

	for (const char *q = hay; (q = memchr(q, c, (size_t)(end - q))) != NULL; q++)
		if ((size_t)(end - q - 1) >= n && memcmp(q + 1, s, n) == 0)
			return q;
	return NULL;
}

/* Set name, split and parts of op from s[0..n) (already trimmed). */
static int
op_name(struct parser *p, struct op *op, const char *s, size_t n, int dotted)
{
	const char *where = p->t->name;

	if (n == 0)
		return err_set(p->e, ERR_FAIL, "%s:%u: empty tag", where, op->line);
	op->name = xstrndup(s, n);
	if (!dotted || (n == 1 && s[0] == '.'))
		return 0;
	op->split = xstrndup(s, n);
	op->nparts = 1;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '.')
			op->nparts++;
	op->parts = xreallocarray(NULL, op->nparts, sizeof *op->parts);
	op->hashes = xreallocarray(NULL, op->nparts, sizeof *op->hashes);
	op->hints = xcalloc(op->nparts, sizeof *op->hints);
	char *q = op->split;
	for (size_t i = 0; i < op->nparts; i++) {
		char *dot = strchr(q, '.');

		if (dot)
			*dot = '\0';
		if (*q == '\0')
			return err_set(
			    p->e, ERR_FAIL, "%s:%u: bad name '%s'", where, op->line, op->name);
		op->parts[i] = q;
		op->hashes[i] = mt_hash(q);
		q = dot ? dot + 1 : q + strlen(q);
	}
	return 0;
}

/* {{=<% %>=}}: the two new delimiters, white space between them. */
static int
set_delimiters(struct parser *p, const char *s, size_t n, unsigned line)
{
	size_t i = 0, o0, o1, c0, c1;

	while (i < n && is_space(s[i]))
		i++;
	o0 = i;
	while (i < n && !is_space(s[i]) && s[i] != '=')
		i++;
	o1 = i;
	while (i < n && is_space(s[i]))
		i++;
	c0 = i;
	while (i < n && !is_space(s[i]) && s[i] != '=')
		i++;
	c1 = i;
	while (i < n && is_space(s[i]))
		i++;
	if (o1 == o0 || c1 == c0 || i != n)
		return err_set(p->e, ERR_FAIL,
		    "%s:%u: bad delimiter tag (want {{=OPEN CLOSE=}}, two words without '=')",
		    p->t->name, line);
	p->otag = s + o0;
	p->olen = o1 - o0;
	p->ctag = s + c0;
	p->clen = c1 - c0;
	return 0;
}

static int
parse(struct parser *p)
{
	const char *src = p->src, *end = p->src + p->srclen;
	const char *name = p->t->name;
	size_t pos = 0, textstart = 0, linepos = 0;
	unsigned line = 1;

	for (;;) {
		const char *tag = find(src + pos, p->srclen - pos, p->otag, p->olen);

		if (tag == NULL)
			break;
		size_t at = (size_t)(tag - src);
		/* Count lines incrementally: the whole parse stays linear. */
		for (; linepos < at; linepos++)
			if (src[linepos] == '\n')
				line++;

		const char *c = tag + p->olen, *cend, *after;
		while (c < end && is_blank(*c))
			c++;
		char sigil = c < end ? *c : '\0';
		if (sigil == '{' || sigil == '=') {
			const char *close = find_after(c + 1, (size_t)(end - c - 1),
			    sigil == '{' ? '}' : '=', p->ctag, p->clen);
			if (close == NULL) {
				if (sigil == '=' && find(c, (size_t)(end - c), p->ctag, p->clen))
					return err_set(p->e, ERR_FAIL,
					    "%s:%u: bad delimiter tag (want {{=OPEN CLOSE=}})",
					    name, line);
				return err_set(p->e, ERR_FAIL, "%s:%u: unclosed tag", name, line);
			}
			cend = close;
			after = close + 1 + p->clen;
		} else {
			/* The closing delimiter is searched after the sigil: with
			 * {{=w &=}} the '&' of "w&x&" is a sigil, not the close. */
			const char *from =
			    sigil != '\0' && strchr("#^/>&!", sigil) != NULL ? c + 1 : c;
			const char *close = find(from, (size_t)(end - from), p->ctag, p->clen);
			if (close == NULL)
				return err_set(p->e, ERR_FAIL, "%s:%u: unclosed tag", name, line);
			cend = close;
			after = close + p->clen;
		}
		if (strchr("#^/>&{!=", sigil) != NULL && sigil != '\0')
			c++;
		/* Trim the content. */
		while (c < cend && is_space(*c))
			c++;
		while (cend > c && is_space(cend[-1]))
			cend--;
		size_t n = (size_t)(cend - c);

		/* Standalone: alone on its line but for blanks; the line goes. */
		size_t ls = at, le = (size_t)(after - src);
		int standalone = 0;
		if (strchr("#^/>!=", sigil) != NULL && sigil != '\0') {
			while (ls > 0 && is_blank(src[ls - 1]))
				ls--;
			if (ls == 0 || src[ls - 1] == '\n') {
				size_t r = le;
				while (r < p->srclen && is_blank(src[r]))
					r++;
				if (r == p->srclen) {
					standalone = 1;
					le = r;
				} else if (src[r] == '\n') {
					standalone = 1;
					le = r + 1;
				} else if (src[r] == '\r' && r + 1 < p->srclen &&
				    src[r + 1] == '\n') {
					standalone = 1;
					le = r + 2;
				}
			}
		}
		if (standalone) {
			add_text(p, textstart, ls);
		} else {
			add_text(p, textstart, at);
			ls = at;
			le = (size_t)(after - src);
		}
		textstart = pos = le;

		struct op *op;
		switch (sigil) {
		case '!':
			break;
		case '=':
			if (set_delimiters(p, c, n, line) == -1)
				return -1;
			break;
		case '#':
		case '^':
			op = op_add(p->t, sigil == '#' ? OP_SECTION : OP_INVERTED, line);
			if (op_name(p, op, c, n, 1) == -1)
				return -1;
			if (p->nopen == p->capopen) {
				p->capopen = p->capopen ? p->capopen * 2 : 8;
				p->open = xreallocarray(p->open, p->capopen, sizeof *p->open);
			}
			p->open[p->nopen++] = p->t->nops - 1;
			break;
		case '/': {
			if (n == 0)
				return err_set(p->e, ERR_FAIL, "%s:%u: empty tag", name, line);
			if (p->nopen == 0)
				return err_set(p->e, ERR_FAIL,
				    "%s:%u: closing tag '%.*s' without an open section", name, line,
				    (int)n, c);
			struct op *sec = &p->t->ops[p->open[p->nopen - 1]];
			if (strlen(sec->name) != n || memcmp(sec->name, c, n) != 0)
				return err_set(p->e, ERR_FAIL,
				    "%s:%u: mismatched closing tag '%.*s': section '%s' (line %u) is open",
				    name, line, (int)n, c, sec->name, sec->line);
			sec->end = p->t->nops;
			p->barrier = p->t->nops;
			p->nopen--;
			break;
		}
		case '>':
			op = op_add(p->t, OP_PARTIAL, line);
			if (op_name(p, op, c, n, 0) == -1)
				return -1;
			if (standalone && ls < at)
				op->indent = xstrndup(src + ls, at - ls);
			break;
		case '&':
		case '{':
			op = op_add(p->t, OP_RAW, line);
			if (op_name(p, op, c, n, 1) == -1)
				return -1;
			break;
		default:
			op = op_add(p->t, OP_VAR, line);
			if (op_name(p, op, c, n, 1) == -1)
				return -1;
			break;
		}
	}
	add_text(p, textstart, p->srclen);
	if (p->nopen > 0) {
		struct op *sec = &p->t->ops[p->open[p->nopen - 1]];
		return err_set(
		    p->e, ERR_FAIL, "%s:%u: unclosed section '%s'", name, sec->line, sec->name);
	}
	return 0;
}

int
mustache_compile(const char *name, const char *text, struct mustache_template **out, struct err *e)
{
	struct mustache_template *t = xcalloc(1, sizeof *t);
	struct parser p = {0};
	int r;

	t->name = xstrdup(name ? name : "template");
	p.t = t;
	p.src = text;
	p.srclen = strlen(text);
	buf_init(&p.text, BUF_NOLIMIT);
	p.otag = "{{";
	p.ctag = "}}";
	p.olen = p.clen = 2;
	p.e = e;
	r = parse(&p);
	free(p.open);
	t->text = buf_detach(&p.text);
	if (r == -1) {
		mustache_free(t);
		*out = NULL;
		return -1;
	}
	*out = t;
	return 0;
}

void
mustache_free(struct mustache_template *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nops; i++) {
		free(t->ops[i].name);
		free(t->ops[i].split);
		free(t->ops[i].parts);
		free(t->ops[i].hashes);
		free(t->ops[i].hints);
		free(t->ops[i].indent);
	}
	free(t->ops);
	free(t->text);
	free(t->name);
	free(t);
}

/* Rendering */

struct partial_cache {
	const struct mustache_template *site; /* the template holding the tag */
	size_t op;                            /* and the tag's index in it */
	struct mustache_template *t;          /* NULL: no such partial */
};

/* A value: a jansson one, or a node of a light tree (mtree.h). */
struct mval {
	json_t *j;
	const struct mt_tree *t;
	uint32_t n;
};

/* v as a jansson value when its node holds one. */
static struct mval
mval_norm(struct mval v)
{
	if (v.t != NULL && v.t->v[v.n].type == MT_JSON)
		return (struct mval){v.t->v[v.n].json, NULL, 0};
	return v;
}

struct render {
	const struct mustache_template *top;
	const struct mustache_render_opts *opts;
	mustache_write_fn write;
	void *warg;
	struct err *e;
	struct buf out;
	struct mval *stack; /* the context stack; borrowed but for stream items */
	size_t nstack, capstack;
	struct partial_cache *cache;
	size_t ncache, capcache;
	unsigned depth;
};

static int render_ops(struct render *r, const struct mustache_template *t, size_t from, size_t to);

static int
flush(struct render *r)
{
	if (r->out.len == 0)
		return 0;
	if (r->write(r->warg, r->out.data, r->out.len) == -1)
		return err_set(r->e, ERR_FAIL, "%s: writing the output failed", r->top->name);
	buf_reset(&r->out);
	return 0;
}

static void
push(struct render *r, struct mval v)
{
	if (r->nstack == r->capstack) {
		r->capstack = r->capstack ? r->capstack * 2 : 16;
		r->stack = xreallocarray(r->stack, r->capstack, sizeof *r->stack);
	}
	r->stack[r->nstack++] = v;
}

/* Part i of op's name in object v: 1 with *out set, else 0. */
static int
member(struct mval v, const struct op *op, size_t i, struct mval *out)
{
	if (v.t != NULL) {
		uint32_t k;

		if (v.t->v[v.n].type != MT_OBJ ||
		    (k = mt_get_hinted(v.t, v.n, op->parts[i], op->hashes[i], &op->hints[i])) == 0)
			return 0;
		*out = mval_norm((struct mval){NULL, v.t, k});
		return 1;
	}
	if (!json_is_object(v.j) || (out->j = json_object_get(v.j, op->parts[i])) == NULL)
		return 0;
	out->t = NULL;
	return 1;
}

/* The value a name resolves to through the context stack: 1 with *v set, or 0. */
static int
lookup(const struct render *r, const struct op *op, struct mval *v)
{
	size_t k;

	if (op->nparts == 0) { /* "." */
		if (r->nstack == 0)
			return 0;
		*v = r->stack[r->nstack - 1];
		return 1;
	}
	for (k = r->nstack; k-- > 0;)
		if (member(r->stack[k], op, 0, v))
			break;
	if (k == SIZE_MAX)
		return 0;
	/* The first part found, the rest must follow from it (no masking). */
	for (size_t i = 1; i < op->nparts; i++)
		if (!member(*v, op, i, v))
			return 0;
	return 1;
}

static int
truthy(struct mval mv)
{
	const json_t *v = mv.j;

	if (mv.t != NULL) {
		const struct mt_node *n = &mv.t->v[mv.n];

		switch (n->type) {
		case MT_NULL:
		case MT_FALSE:
			return 0;
		case MT_ARR:
			return n->count > 0;
		case MT_STR:
			return n->len > 0;
		case MT_INT:
			return n->i != 0;
		default:
			return 1;
		}
	}
	switch (json_typeof(v)) {
	case JSON_NULL:
	case JSON_FALSE:
		return 0;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0.0;
	default:
		return 1;
	}
}

/* The shortest %g form that reads back as the same double. */
static void
format_real(char *s, size_t n, double d)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(s, n, "%.*g", prec, d);
		if (strtod(s, NULL) == d)
			break;
	}
	/* A locale with a decimal comma must not change the output. */
	for (char *q = s; *q; q++)
		if (*q == ',')
			*q = '.';
}

static int
interpolate(struct render *r, struct mval mv, int escape)
{
	char num[64];
	const char *s = NULL;
	size_t n = 0;
	const json_t *v = mv.j;

	if (mv.t != NULL) {
		const struct mt_node *node = &mv.t->v[mv.n];

		switch (node->type) {
		case MT_STR:
			if (escape)
				return esc_html_attr(&r->out, mt_str(mv.t, mv.n));
			return buf_add(&r->out, mt_str(mv.t, mv.n), node->len);
		case MT_INT: {
			/* Digits from the end, without a printf an item. */
			uint64_t u = node->i < 0 ? 0 - (uint64_t)node->i : (uint64_t)node->i;
			char *p = num + sizeof num;

			do
				*--p = (char)('0' + u % 10);
			while ((u /= 10) > 0);
			if (node->i < 0)
				*--p = '-';
			return buf_add(&r->out, p, (size_t)(num + sizeof num - p));
		}
		case MT_TRUE:
			return buf_adds(&r->out, "true");
		case MT_FALSE:
			return buf_adds(&r->out, "false");
		default:
			return 0;
		}
	}
	switch (json_typeof(v)) {
	case JSON_STRING:
		if (escape)
			return esc_html_attr(&r->out, json_string_value(v));
		return buf_add(&r->out, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		s = num;
		break;
	case JSON_REAL:
		format_real(num, sizeof num, json_real_value(v));
		s = num;
		break;
	case JSON_TRUE:
		s = "true";
		break;
	case JSON_FALSE:
		s = "false";
		break;
	default:
		return 0;
	}
	n = strlen(s);
	return buf_add(&r->out, s, n);
}

static const struct mustache_stream *
find_stream(const struct render *r, const char *name)
{
	if (r->opts == NULL)
		return NULL;
	for (size_t i = 0; i < r->opts->nstreams; i++)
		if (str_eq(r->opts->streams[i].name, name))
			return &r->opts->streams[i];
	return NULL;
}

static int
enter(struct render *r, const struct mustache_template *t, const struct op *op)
{
	if (r->depth >= MUSTACHE_MAX_DEPTH) {
		if (op->kind == OP_PARTIAL)
			return err_set(r->e, ERR_FAIL,
			    "%s:%u: partial '%s' nested more than %d deep (does it include itself "
			    "without end?)",
			    t->name, op->line, op->name, MUSTACHE_MAX_DEPTH);
		return err_set(r->e, ERR_FAIL, "%s:%u: section '%s' nested more than %d deep",
		    t->name, op->line, op->name, MUSTACHE_MAX_DEPTH);
	}
	r->depth++;
	return 0;
}

static int
render_stream(
    struct render *r, const struct mustache_template *t, size_t i, const struct mustache_stream *st)
{
	const struct op *op = &t->ops[i];

	for (size_t k = 0;; k++) {
		struct mustache_item item = {NULL, NULL, 0};
		int got = st->next(st->arg, k, &item, r->e);
		int rc;

		if (got == -1) {
			if (r->e->code == ERR_NONE)
				err_set(r->e, ERR_FAIL,
				    "%s:%u: section '%s': reading the list failed", t->name,
				    op->line, op->name);
			return -1;
		}
		if (got == 0)
			return k == 0 && op->kind == OP_INVERTED ? render_ops(r, t, i + 1, op->end)
			                                         : 0;
		if (item.json == NULL && item.tree == NULL)
			continue;
		if (op->kind == OP_INVERTED) {
			json_decref(item.json);
			return 0;
		}
		push(r,
		    item.json ? (struct mval){item.json, NULL, 0}
		              : mval_norm((struct mval){NULL, item.tree, item.node}));
		rc = render_ops(r, t, i + 1, op->end);
		r->nstack--;
		json_decref(item.json);
		if (rc == -1)
			return -1;
	}
}

/* The compiled partial of tag t->ops[i], loading it on first use. */
static int
get_partial(
    struct render *r, const struct mustache_template *t, size_t i, struct mustache_template **out)
{
	const struct op *op = &t->ops[i];
	char *text, *label = NULL;
	int rc = 0;

	for (size_t k = 0; k < r->ncache; k++) {
		if (r->cache[k].site == t && r->cache[k].op == i) {
			*out = r->cache[k].t;
			return 0;
		}
	}
	*out = NULL;
	text = r->opts && r->opts->partial
	    ? r->opts->partial(r->opts->partial_arg, op->name, &label)
	    : NULL;
	if (text == NULL && r->opts && r->opts->partials_required) {
		free(label);
		return err_set(
		    r->e, ERR_FAIL, "%s:%u: partial '%s' not found", t->name, op->line, op->name);
	}
	if (text && op->indent) {
		/* Indent every line that has something on it, before compiling. */
		struct buf b;
		size_t ilen = strlen(op->indent);

		buf_init(&b, BUF_NOLIMIT);
		for (const char *s = text; *s;) {
			const char *nl = strchr(s, '\n');
			size_t n = nl ? (size_t)(nl - s) + 1 : strlen(s);

			if (buf_add(&b, op->indent, ilen) == -1 || buf_add(&b, s, n) == -1)
				fatal("partial too large");
			s += n;
		}
		free(text);
		text = buf_detach(&b);
	}
	if (text) {
		struct err pe;

		rc = mustache_compile(label ? label : op->name, text, out, &pe);
		if (rc == -1)
			err_set(r->e, pe.code, "%s (partial included at %s:%u)", pe.msg, t->name,
			    op->line);
	}
	free(text);
	free(label);
	if (rc == -1)
		return -1;
	if (r->ncache == r->capcache) {
		r->capcache = r->capcache ? r->capcache * 2 : 8;
		r->cache = xreallocarray(r->cache, r->capcache, sizeof *r->cache);
	}
	r->cache[r->ncache++] = (struct partial_cache){t, i, *out};
	return 0;
}

static int
render_ops(struct render *r, const struct mustache_template *t, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		const struct op *op = &t->ops[i];
		struct mustache_template *pt;
		struct mval v;
		int rc = 0;

		switch (op->kind) {
		case OP_TEXT:
			rc = buf_add(&r->out, t->text + op->off, op->len);
			break;
		case OP_VAR:
		case OP_RAW:
			if (lookup(r, op, &v))
				rc = interpolate(r, v, op->kind == OP_VAR);
			break;
		case OP_SECTION:
		case OP_INVERTED:
			if (enter(r, t, op) == -1)
				return -1;
			if (!lookup(r, op, &v)) {
				const struct mustache_stream *st = find_stream(r, op->name);

				if (st)
					rc = render_stream(r, t, i, st);
				else if (op->kind == OP_INVERTED)
					rc = render_ops(r, t, i + 1, op->end);
			} else if (op->kind == OP_INVERTED) {
				if (!truthy(v))
					rc = render_ops(r, t, i + 1, op->end);
			} else if (v.t != NULL && v.t->v[v.n].type == MT_ARR) {
				for (uint32_t k = v.t->v[v.n].first; rc == 0 && k != 0;
				     k = v.t->v[k].next) {
					push(r, mval_norm((struct mval){NULL, v.t, k}));
					rc = render_ops(r, t, i + 1, op->end);
					r->nstack--;
				}
			} else if (v.t == NULL && json_is_array(v.j)) {
				for (size_t k = 0; rc == 0 && k < json_array_size(v.j); k++) {
					push(r, (struct mval){json_array_get(v.j, k), NULL, 0});
					rc = render_ops(r, t, i + 1, op->end);
					r->nstack--;
				}
			} else if (truthy(v)) {
				push(r, v);
				rc = render_ops(r, t, i + 1, op->end);
				r->nstack--;
			}
			r->depth--;
			i = op->end - 1;
			break;
		case OP_PARTIAL:
			if (get_partial(r, t, i, &pt) == -1)
				return -1;
			if (pt == NULL)
				break;
			if (enter(r, t, op) == -1)
				return -1;
			rc = render_ops(r, pt, 0, pt->nops);
			r->depth--;
			break;
		}
		if (rc == -1) {
			/* A full buffer is the only way buf_add fails: max is unlimited. */
			if (r->e && r->e->code == ERR_NONE)
				err_set(r->e, ERR_FAIL, "%s: output too large", r->top->name);
			return -1;
		}
		if (r->out.len >= MUSTACHE_FLUSH && flush(r) == -1)
			return -1;
	}
	return 0;
}

int
mustache_render(const struct mustache_template *t, json_t *data,
    const struct mustache_render_opts *opts, mustache_write_fn write, void *warg, struct err *e)
{
	struct render r = {0};
	struct err scratch = {0};
	int rc;

	r.top = t;
	r.opts = opts;
	r.write = write;
	r.warg = warg;
	r.e = e ? e : &scratch;
	err_clear(r.e);
	buf_init(&r.out, BUF_NOLIMIT);
	if (data)
		push(&r, (struct mval){data, NULL, 0});
	rc = render_ops(&r, t, 0, t->nops);
	if (rc == 0)
		rc = flush(&r);
	for (size_t k = 0; k < r.ncache; k++)
		mustache_free(r.cache[k].t);
	free(r.cache);
	free(r.stack);
	buf_release(&r.out);
	return rc;
}

static int
write_buf(void *arg, const char *s, size_t n)
{
	return buf_add(arg, s, n);
}

/* Names */

struct names {
	mustache_partial_fn partial;
	void *arg;
	void (*name)(void *narg, const char *part);
	void *narg;
	char **seen; /* the partials walked already */
	size_t nseen;
};

static int
names_walk(struct names *w, const struct mustache_template *t, unsigned depth)
{
	for (size_t i = 0; i < t->nops; i++) {
		const struct op *op = &t->ops[i];
		struct mustache_template *pt;
		char *text, *label = NULL;
		size_t k;
		int r;

		if (op->kind != OP_PARTIAL) {
			for (k = 0; k < op->nparts; k++)
				w->name(w->narg, op->parts[k]);
			continue;
		}
		for (k = 0; k < w->nseen && strcmp(w->seen[k], op->name) != 0; k++)
			;
		if (k < w->nseen || depth >= MUSTACHE_MAX_DEPTH)
			continue; /* (a render reports the nesting) */
		w->seen = xreallocarray(w->seen, w->nseen + 1, sizeof *w->seen);
		w->seen[w->nseen++] = xstrdup(op->name);
		if (w->partial == NULL || (text = w->partial(w->arg, op->name, &label)) == NULL) {
			free(label);
			continue;
		}
		struct err pe;

		r = mustache_compile(label ? label : op->name, text, &pt, &pe);
		free(text);
		free(label);
		if (r == -1)
			return -1;
		r = names_walk(w, pt, depth + 1);
		mustache_free(pt);
		if (r == -1)
			return -1;
	}
	return 0;
}

int
mustache_names(const struct mustache_template *t, mustache_partial_fn partial, void *arg,
    void (*name)(void *narg, const char *part), void *narg)
{
	struct names w = {partial, arg, name, narg, NULL, 0};
	int r = names_walk(&w, t, 0);

	for (size_t i = 0; i < w.nseen; i++)
		free(w.seen[i]);
	free(w.seen);
	return r;
}

int
mustache_render_string(const char *name, const char *text, json_t *data,
    const struct mustache_render_opts *opts, struct buf *out, struct err *e)
{
	struct mustache_template *t;
	int rc;

	if (mustache_compile(name, text, &t, e) == -1)
		return -1;
	rc = mustache_render(t, data, opts, write_buf, out, e);
	mustache_free(t);
	return rc;
}
