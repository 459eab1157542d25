/*
 * storyboard.c - the story as editable text, like `git rebase -i`.
 *
 *   post 12  @alice@social.example · 2026-03-14 10:20 · Opening keynote…
 *       a caption, Markdown, on lines indented by four spaces
 *   ## A heading (## to ######: levels 2 to 6)
 *   note A note's first line (Markdown)
 *       its following lines, indented by four spaces
 *
 * A comment is a line of '#' alone, or '#' and a space above the first
 * block (the header the writer puts there). Anywhere else a line starting
 * with one '#' is an error, never a silent deletion: "# Day one" below a
 * block is a heading written with one '#' (headings start at ##), and
 * "#word" is no comment anywhere. A post line
 * names its post by the number after "post"; the rest is for reading.
 * A note's or caption's empty line is written as four spaces; a truly
 * empty line inside a block counts too when more indented lines follow.
 * Writing then parsing gives back every text exactly; the writer starts a
 * note with an indented line when its first line is blank, so that too
 * survives.
 *
 * Applying matches blocks to items: a post block to its post's item, a
 * heading or note to an unused item of the same kind, level and text (in
 * story order), else to an unused item of its kind standing at the same
 * place (its text was edited: the item keeps its id). The matched items that keep their relative
 * order (a longest increasing subsequence of their old places) keep their keys; only the others,
 * and new items, get keys made between their kept neighbours, so one moved line in 100,000 writes
 * one row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curate.h"
#include "datetime.h"
#include "orderkey.h"

#define SB_MAX_PROBLEMS 100

static const char sb_header[] =
    "# One block per item, in story order. Save to apply; nothing is applied\n"
    "# if any line is wrong.\n"
    "#\n"
    "#   post ID ...      a placed post; after its id the line is only for reading\n"
    "#       caption      the post's caption (Markdown), indented by four spaces\n"
    "#   ## Heading       a heading: ## to ###### for levels 2 to 6\n"
    "#   note TEXT        a note (Markdown); more lines indented by four spaces\n"
    "#\n"
    "# Move a block to move its item; delete it to take the item out of the story\n"
    "# (posts stay collected); write a new heading or note block to add one; edit\n"
    "# a caption to change it.\n"
    "#\n"
    "# Comments: a line of '#' alone, or '#' and a space, above the first block\n"
    "# (like these). Below it a line starting with one '#' is an error: headings\n"
    "# start at ##.\n";

void
storyboard_release(struct storyboard *sb)
{
	for (size_t i = 0; i < sb->n; i++)
		free(sb->blocks[i].text);
	free(sb->blocks);
	sb->blocks = NULL;
	sb->n = 0;
}

/* Every line of text indented by four spaces; an empty text adds nothing. */
static void
write_indented(struct buf *out, const char *text)
{
	const char *p = text;

	for (;;) {
		size_t n = strcspn(p, "\n");
		buf_adds(out, "    ");
		buf_add(out, p, n);
		buf_addc(out, '\n');
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
}

static int
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

int
storyboard_write(struct buf *out, const struct story *st, const char *title, const char *zone)
{
	char when[32];

	buf_adds(out, "# storied storyboard: ");
	curate_first_line(out, title, 60);
	buf_printf(out, " (%zu item%s)\n", st->n, st->n == 1 ? "" : "s");
	buf_adds(out, sb_header);
	for (size_t i = 0; i < st->n; i++) {
		const struct story_item *it = &st->items[i];
		size_t first;

		switch (it->kind) {
		case STORY_POST:
			if (!it->post.has_published ||
			    time_format_zone(it->post.published, zone, "%Y-%m-%d %H:%M", when,
			        sizeof when) == -1)
				memcpy(when, "-", 2);
			buf_printf(out, "\npost %lld  ", (long long)it->post_id);
			curate_first_line(out, post_brief_author(&it->post), 40);
			buf_printf(out, " · %s · ", when);
			curate_post_headline(out, &it->post, 50);
			buf_addc(out, '\n');
			if (it->body != NULL)
				write_indented(out, it->body);
			break;
		case STORY_HEADING:
			buf_addc(out, '\n');
			for (int l = 0; l < it->level; l++)
				buf_addc(out, '#');
			buf_printf(out, " %s\n", it->body ? it->body : "");
			break;
		case STORY_NOTE:
			first = strcspn(it->body ? it->body : "", "\n");
			if (it->body == NULL || blank(it->body, first)) {
				buf_adds(out, "\nnote\n");
				write_indented(out, it->body ? it->body : "");
			} else {
				buf_adds(out, "\nnote ");
				buf_add(out, it->body, first);
				buf_addc(out, '\n');
				if (it->body[first] == '\n')
					write_indented(out, it->body + first + 1);
			}
			break;
		}
	}
	return out->len == out->max ? -1 : 0;
}

struct parser {
	struct storyboard *sb;
	struct buf *problems;
	size_t nproblems;
	size_t cap;
	/* The open block: its Markdown lines so far and blank lines pending. */
	int open;     /* 0 none, else 1 + index of the block */
	int has_text; /* a post's caption has begun / a note has a first line */
	struct buf text;
	size_t pending;
};

static void problem(struct parser *ps, size_t line, const char *fmt, ...) PRINTFLIKE(3, 4);

static void
problem(struct parser *ps, size_t line, const char *fmt, ...)
{
	va_list ap;

	if (ps->nproblems++ >= SB_MAX_PROBLEMS)
		return;
	buf_printf(ps->problems, "line %zu: ", line);
	va_start(ap, fmt);
	buf_vprintf(ps->problems, fmt, ap);
	va_end(ap);
	buf_addc(ps->problems, '\n');
}

static void
close_block(struct parser *ps)
{
	struct sb_block *b;

	if (!ps->open)
		return;
	b = &ps->sb->blocks[ps->open - 1];
	if (b->kind == STORY_NOTE) {
		if (strspn(ps->text.data, " \t\n") == ps->text.len)
			problem(ps, b->line, "the note is empty");
		b->text = buf_detach(&ps->text);
	} else if (b->kind == STORY_POST && ps->has_text) {
		/* A caption of nothing but white space is no caption. */
		if (strspn(ps->text.data, " \t\n") == ps->text.len)
			buf_release(&ps->text);
		else
			b->text = buf_detach(&ps->text);
	}
	buf_release(&ps->text);
	ps->open = 0;
	ps->has_text = 0;
	ps->pending = 0;
}

static struct sb_block *
new_block(struct parser *ps, enum story_kind kind, size_t line)
{
	struct sb_block *b;

	close_block(ps);
	if (ps->sb->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 64;
		ps->sb->blocks = xreallocarray(ps->sb->blocks, ps->cap, sizeof *ps->sb->blocks);
	}
	b = &ps->sb->blocks[ps->sb->n++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->line = line;
	ps->open = (int)ps->sb->n;
	return b;
}

/* One Markdown line of the open block (a note's next line, a caption's line). */
static void
add_text_line(struct parser *ps, const char *s, size_t n)
{
	/* Blank lines before a block's first Markdown line are not part of it. */
	if (ps->has_text)
		buf_addc(&ps->text, '\n');
	else
		ps->pending = 0;
	for (; ps->pending > 0; ps->pending--)
		buf_addc(&ps->text, '\n');
	buf_add(&ps->text, s, n);
	ps->has_text = 1;
}

static void
parse_post(struct parser *ps, const char *s, size_t n, size_t line)
{
	char id[32];
	size_t i = 4, start, len;
	int64_t v;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	start = i;
	while (i < n && s[i] != ' ' && s[i] != '\t')
		i++;
	len = i - start;
	if (len == 0) {
		problem(ps, line, "'post' needs a post id (see 'storied posts')");
		return;
	}
	snprintf(id, sizeof id, "%.*s", (int)(len < sizeof id ? len : sizeof id - 1), s + start);
	if (len >= sizeof id || str_to_int64(id, 1, INT64_MAX, &v) == -1) {
		problem(ps, line, "'%.*s' is not a post id (a positive number)",
		    (int)(len > 40 ? 40 : len), s + start);
		return;
	}
	new_block(ps, STORY_POST, line)->post_id = v;
}

static void
parse_heading(struct parser *ps, const char *s, size_t n, size_t line)
{
	size_t level = 0;
	struct sb_block *b;

	while (level < n && s[level] == '#')
		level++;
	if (level > 6) {
		problem(ps, line, "headings go from ## (level 2) to ###### (level 6)");
		return;
	}
	if (level == n || s[level] != ' ') {
		problem(ps, line, "write a space and the heading's text after the #s");
		return;
	}
	if (blank(s + level + 1, n - level - 1)) {
		problem(ps, line, "the heading is empty");
		return;
	}
	b = new_block(ps, STORY_HEADING, line);
	b->level = (int)level;
	b->text = xstrndup(s + level + 1, n - level - 1);
}

static int
word_is(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);

	return n >= k && memcmp(s, w, k) == 0 && (n == k || s[k] == ' ' || s[k] == '\t');
}

static void
parse_line(struct parser *ps, const char *s, size_t n, size_t line)
{
	struct sb_block *b = ps->open ? &ps->sb->blocks[ps->open - 1] : NULL;

	if (memchr(s, '\0', n) != NULL) {
		problem(ps, line, "holds a NUL byte: not text");
		return;
	}
	if (!utf8_valid(s, n)) {
		problem(ps, line, "not valid UTF-8");
		return;
	}
	if (n >= 4 && memcmp(s, "    ", 4) == 0 && b != NULL && b->kind != STORY_HEADING) {
		add_text_line(ps, s + 4, n - 4);
		return;
	}
	if (blank(s, n)) {
		if (b != NULL)
			ps->pending++;
		return;
	}
	if (s[0] == ' ' || s[0] == '\t') {
		if (b == NULL || b->kind == STORY_HEADING)
			problem(ps, line,
			    "an indented line belongs under a post (its caption) or a "
			    "note; there is none above it");
		else
			problem(ps, line, "indent a caption's or note's lines by four spaces");
		return;
	}
	if (s[0] == '#') {
		size_t w = 0;

		if (n > 1 && s[1] == '#')
			parse_heading(ps, s, n, line);
		else if (blank(s + 1, n - 1) || ((s[1] == ' ' || s[1] == '\t') && ps->sb->n == 0))
			; /* a comment: ignored, and it does not end a block */
		else if (s[1] == ' ' || s[1] == '\t')
			problem(ps, line,
			    "'%.*s': headings start at ##; a comment is '#' and a space, above "
			    "the first block",
			    (int)(n > 40 ? 40 : n), s);
		else {
			while (w < n && s[w] != ' ' && s[w] != '\t')
				w++;
			problem(ps, line,
			    "'%.*s' is not storyboard syntax: headings start at ## and a "
			    "comment is '#' and a space, above the first block",
			    (int)(w > 40 ? 40 : w), s);
		}
		return;
	}
	if (word_is(s, n, "post")) {
		parse_post(ps, s, n, line);
	} else if (word_is(s, n, "note")) {
		b = new_block(ps, STORY_NOTE, line);
		if (n > 5 && !blank(s + 5, n - 5))
			add_text_line(ps, s + 5, n - 5);
	} else if (word_is(s, n, "heading")) {
		if (n <= 8 || blank(s + 8, n - 8)) {
			problem(ps, line, "the heading is empty");
			return;
		}
		b = new_block(ps, STORY_HEADING, line);
		b->level = 2;
		b->text = xstrndup(s + 8, n - 8);
	} else {
		size_t w = 0;
		while (w < n && s[w] != ' ' && s[w] != '\t')
			w++;
		problem(ps, line,
		    "'%.*s' is not storyboard syntax (a block starts with post, ##, "
		    "heading or note)",
		    (int)(w > 40 ? 40 : w), s);
	}
}

size_t
storyboard_parse(const char *text, size_t len, struct storyboard *out, struct buf *problems)
{
	struct parser ps;
	size_t line = 0, pos = 0;
	const char *first_nl;
	int crlf;

	memset(&ps, 0, sizeof ps);
	out->blocks = NULL;
	out->n = 0;
	ps.sb = out;
	ps.problems = problems;
	buf_init(&ps.text, BUF_NOLIMIT);
	/* Editors may add a byte-order mark, or save with CRLF line ends. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	first_nl = memchr(text + pos, '\n', len - pos);
	crlf = first_nl != NULL && first_nl > text + pos && first_nl[-1] == '\r';
	while (pos < len) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos, step = n + (nl != NULL);
		line++;
		/* Only a file whose first line ends in CRLF is read as CRLF, so a
		 * '\r' inside a note of an ordinary file is kept. */
		if (crlf && n > 0 && s[n - 1] == '\r')
			n--;
		parse_line(&ps, s, n, line);
		pos += step;
	}
	close_block(&ps);
	buf_release(&ps.text);
	if (ps.nproblems > SB_MAX_PROBLEMS)
		buf_printf(problems, "... and %zu more problems\n", ps.nproblems - SB_MAX_PROBLEMS);
	return ps.nproblems;
}

/* Applying. */

struct post_ref {
	int64_t post_id;
	size_t index; /* block index or old item index */
};

static int
cmp_post_ref(const void *a, const void *b)
{
	const struct post_ref *x = a, *y = b;

	if (x->post_id != y->post_id)
		return x->post_id < y->post_id ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

size_t
storyboard_check(
    struct store *s, const struct storyboard *sb, struct buf *problems, struct err *e, int *failed)
{
	struct post_ref *refs = xreallocarray(NULL, sb->n ? sb->n : 1, sizeof *refs);
	size_t n = 0, count = 0;
	int exists;

	*failed = 0;
	for (size_t i = 0; i < sb->n; i++) {
		if (sb->blocks[i].kind != STORY_POST)
			continue;
		refs[n].post_id = sb->blocks[i].post_id;
		refs[n].index = i;
		n++;
	}
	qsort(refs, n, sizeof *refs, cmp_post_ref);
	for (size_t i = 0; i < n; i++) {
		const struct sb_block *b = &sb->blocks[refs[i].index];
		if (i > 0 && refs[i].post_id == refs[i - 1].post_id) {
			if (count++ < SB_MAX_PROBLEMS)
				buf_printf(problems,
				    "line %zu: post %lld is already on line %zu "
				    "(a post is placed at most once)\n",
				    b->line, (long long)b->post_id,
				    sb->blocks[refs[i - 1].index].line);
			continue;
		}
		if (store_post_exists(s, b->post_id, &exists, e) == -1) {
			*failed = 1;
			break;
		}
		if (!exists && count++ < SB_MAX_PROBLEMS)
			buf_printf(problems,
			    "line %zu: post %lld does not exist (see 'storied posts')\n", b->line,
			    (long long)b->post_id);
	}
	free(refs);
	return count;
}

/* Headings and notes by kind, level and text: a chained hash, chains in story order. */
struct text_index {
	size_t *head; /* per bucket: 1 + item index, 0 for none */
	size_t *next; /* per item */
	size_t mask;
};

static size_t
text_hash(enum story_kind kind, int level, const char *text)
{
	size_t h = 2166136261u ^ (size_t)kind ^ ((size_t)level << 4);

	for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

static void
text_index_build(struct text_index *ti, const struct story *st)
{
	size_t buckets = 64;

	while (buckets < st->n * 2)
		buckets *= 2;
	ti->mask = buckets - 1;
	ti->head = xcalloc(buckets, sizeof *ti->head);
	ti->next = xcalloc(st->n ? st->n : 1, sizeof *ti->next);
	for (size_t i = st->n; i-- > 0;) {
		const struct story_item *it = &st->items[i];
		size_t h;
		if (it->kind == STORY_POST)
			continue;
		h = text_hash(it->kind, it->level, it->body) & ti->mask;
		ti->next[i] = ti->head[h];
		ti->head[h] = i + 1;
	}
}

/* The first unused item like block b, or -1. */
static long
text_index_take(struct text_index *ti, const struct story *st, const struct sb_block *b, char *used)
{
	size_t h = text_hash(b->kind, b->kind == STORY_HEADING ? b->level : 0, b->text) & ti->mask;

	for (size_t k = ti->head[h]; k != 0; k = ti->next[k - 1]) {
		const struct story_item *it = &st->items[k - 1];
		if (!used[k - 1] && it->kind == b->kind &&
		    (b->kind != STORY_HEADING || it->level == b->level) &&
		    str_eq(it->body, b->text)) {
			used[k - 1] = 1;
			return (long)(k - 1);
		}
	}
	return -1;
}

/*
 * Mark in keep[] the blocks whose old places form a longest increasing
 * subsequence of the matched ones (patience sorting, O(n log n)).
 */
static void
longest_run(const long *match, size_t n, char *keep)
{
	size_t *tails = xcalloc(n + 1, sizeof *tails); /* block index ending a run of length k+1 */
	size_t *prev = xcalloc(n + 1, sizeof *prev);   /* 1 + previous block in the run, or 0 */
	size_t len = 0;

	for (size_t j = 0; j < n; j++) {
		size_t lo = 0, hi = len;
		if (match[j] < 0)
			continue;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (match[tails[mid]] < match[j])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[j] = lo > 0 ? tails[lo - 1] + 1 : 0;
		tails[lo] = j;
		if (lo == len)
			len++;
	}
	if (len > 0)
		for (size_t j = tails[len - 1] + 1; j != 0; j = prev[j - 1])
			keep[j - 1] = 1;
	free(tails);
	free(prev);
}

int
storyboard_apply(struct store *s, const struct storyboard *sb, struct sb_stats *stats,
    struct buf *problems, struct err *e)
{
	struct story old = {NULL, 0};
	struct text_index ti = {NULL, NULL, 0};
	struct post_ref *byp = NULL;
	long *match = NULL, *lis;
	char *used = NULL, *keep = NULL, **keys = NULL;
	size_t nposts = 0, count, j, nmoved;
	int failed, r = -1;

	memset(stats, 0, sizeof *stats);
	count = storyboard_check(s, sb, problems, e, &failed);
	if (failed)
		return -1;
	if (count > 0)
		return err_set(e, ERR_FAIL, "%zu problem%s in the storyboard; nothing applied",
		    count, count == 1 ? "" : "s");
	if (store_story_load(s, 0, &old, e) == -1)
		return -1;

	/* Match blocks to items. */
	used = xcalloc(old.n ? old.n : 1, 1);
	match = xreallocarray(NULL, sb->n ? sb->n : 1, sizeof *match);
	keep = xcalloc(sb->n ? sb->n : 1, 1);
	byp = xreallocarray(NULL, old.n ? old.n : 1, sizeof *byp);
	for (size_t i = 0; i < old.n; i++) {
		if (old.items[i].kind != STORY_POST)
			continue;
		byp[nposts].post_id = old.items[i].post_id;
		byp[nposts].index = i;
		nposts++;
	}
	qsort(byp, nposts, sizeof *byp, cmp_post_ref);
	text_index_build(&ti, &old);
	for (j = 0; j < sb->n; j++) {
		const struct sb_block *b = &sb->blocks[j];
		match[j] = -1;
		if (b->kind == STORY_POST) {
			struct post_ref key = {b->post_id, 0}, *hit;
			size_t lo = 0, hi = nposts;
			/* Lower bound on post_id (index 0 sorts first). */
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (cmp_post_ref(&byp[mid], &key) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			hit = lo < nposts && byp[lo].post_id == b->post_id ? &byp[lo] : NULL;
			if (hit) {
				match[j] = (long)hit->index;
				used[hit->index] = 1;
			}
		} else {
			match[j] = text_index_take(&ti, &old, b, used);
		}
	}
	/*
	 * A heading or note whose text was edited in place: a new block of
	 * the same kind standing where an unused item stood (right after the
	 * item the previous block matched) takes that item over, keeping its id.
	 */
	for (j = 0; j < sb->n; j++) {
		long c = j == 0 ? 0 : match[j - 1] >= 0 ? match[j - 1] + 1 : -1;
		if (match[j] >= 0 || sb->blocks[j].kind == STORY_POST || c < 0 ||
		    (size_t)c >= old.n || used[c] || old.items[c].kind != sb->blocks[j].kind)
			continue;
		match[j] = c;
		used[c] = 1;
	}
	/* An item whose key is damaged (not a valid key) cannot anchor others:
	 * it is placed anew, so applying a storyboard also repairs keys. */
	lis = xreallocarray(NULL, sb->n ? sb->n : 1, sizeof *lis);
	for (j = 0; j < sb->n; j++)
		lis[j] =
		    match[j] >= 0 && orderkey_valid(old.items[match[j]].position) ? match[j] : -1;
	longest_run(lis, sb->n, keep);
	free(lis);

	/* Take out what is gone. */
	for (size_t i = 0; i < old.n; i++) {
		if (used[i])
			continue;
		if (store_item_delete(s, old.items[i].id, e) == -1)
			goto out;
		stats->removed++;
	}
	/*
	 * A moved item's new key may equal another moved item's old key, so
	 * with two or more they first step aside; one alone cannot collide (new
	 * items are inserted after every move).
	 */
	for (j = 0, nmoved = 0; j < sb->n; j++)
		nmoved += match[j] >= 0 && !keep[j];
	for (j = 0; j < sb->n && nmoved > 1; j++) {
		char park[32];
		if (match[j] < 0 || keep[j])
			continue;
		snprintf(park, sizeof park, "~%lld", (long long)old.items[match[j]].id);
		if (store_item_set_position(s, old.items[match[j]].id, park, e) == -1)
			goto out;
	}

	/* New keys for each run of blocks between two kept ones. */
	keys = xcalloc(sb->n ? sb->n : 1, sizeof *keys);
	for (j = 0; j < sb->n;) {
		const char *lo = NULL, *hi = NULL;
		size_t end = j, k;
		if (keep[j]) {
			j++;
			continue;
		}
		while (end < sb->n && !keep[end])
			end++;
		for (k = j; k-- > 0;)
			if (keep[k]) {
				lo = old.items[match[k]].position;
				break;
			}
		if (end < sb->n)
			hi = old.items[match[end]].position;
		if (orderkey_n_between(lo, hi, end - j, keys + j) == -1) {
			err_set(e, ERR_FAIL, "the story's order keys are damaged (%s, %s)",
			    lo ? lo : "start", hi ? hi : "end");
			goto out;
		}
		j = end;
	}
	/* Moves first, so that no new item can take a key a moved one still holds. */
	for (j = 0; j < sb->n; j++) {
		if (keep[j] || match[j] < 0)
			continue;
		if (store_item_set_position(s, old.items[match[j]].id, keys[j], e) == -1)
			goto out;
		stats->moved++;
	}
	for (j = 0; j < sb->n; j++) {
		const struct sb_block *b = &sb->blocks[j];
		if (keep[j] || match[j] >= 0)
			continue;
		if (store_item_insert(
		        s, b->kind, b->post_id, b->text, b->level, keys[j], NULL, e) == -1)
			goto out;
		stats->added++;
	}

	/* Changed captions, and texts edited in place. */
	for (j = 0; j < sb->n; j++) {
		const struct story_item *it;
		const struct sb_block *b = &sb->blocks[j];
		if (match[j] < 0)
			continue;
		it = &old.items[match[j]];
		if (str_eq(it->body, b->text) &&
		    (b->kind != STORY_HEADING || it->level == b->level))
			continue;
		if (!str_eq(it->body, b->text) && store_item_set_body(s, it->id, b->text, e) == -1)
			goto out;
		if (b->kind == STORY_HEADING && it->level != b->level &&
		    store_item_set_level(s, it->id, b->level, e) == -1)
			goto out;
		stats->changed++;
	}
	r = 0;
out:
	if (keys)
		for (j = 0; j < sb->n; j++)
			free(keys[j]);
	free(keys);
	free(byp);
	free(match);
	free(used);
	free(keep);
	free(ti.head);
	free(ti.next);
	story_release(&old);
	return r;
}
