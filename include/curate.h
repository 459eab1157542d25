/*
 * curate.h - building the story: where new and moved items go, and the
 * storyboard (the story as editable text: writer, parser, and the planner
 * that applies an edited storyboard as the fewest changes).
 *
 * Like every library part of storied, nothing here prints, exits or reads
 * argv: functions return 0 or -1 and fill a caller's struct err.
 */
#ifndef STORIED_CURATE_H
#define STORIED_CURATE_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "store_story.h"
#include "util.h"

enum curate_where {
	CURATE_BOTTOM, /* the default: after the last item */
	CURATE_TOP,
	CURATE_AFTER,
	CURATE_BEFORE,
};

struct curate_anchor {
	enum curate_where where;
	int64_t item; /* CURATE_AFTER/BEFORE: the anchor item's id */
};

/*
 * n ascending order keys for items placed at `at`, in that order. `moving`
 * is an item being moved (0 when none): it is not counted as a neighbour,
 * and naming it as the anchor is an error ("cannot be placed after
 * itself"). ERR_NOTFOUND when the anchor does not exist. Fills keys[0..n),
 * each the caller's to free.
 */
int curate_keys_at(struct store *s, const struct curate_anchor *at, int64_t moving, size_t n,
    char **keys, struct err *e);

/* Append to out the first non-blank line of text, cut to `cols` columns. */
int curate_first_line(struct buf *out, const char *text, size_t cols);
/* A post's headline: its title when it has one, else its text's first line. */
int curate_post_headline(struct buf *out, const struct post_brief *p, size_t cols);

/* One block of a storyboard. */
struct sb_block {
	enum story_kind kind;
	int64_t post_id; /* STORY_POST */
	char *text;      /* a note's or heading's text; a post's caption or NULL */
	int level;       /* STORY_HEADING: 2..6 */
	size_t line;     /* where the block starts, from 1 */
};

struct storyboard {
	struct sb_block *blocks;
	size_t n;
};

void storyboard_release(struct storyboard *sb);

/*
 * Write the story as a storyboard: comment lines explaining the format,
 * then one block per item. Times are shown in `zone`. Writing then parsing
 * gives back every item's kind, post, text and caption exactly.
 */
int storyboard_write(struct buf *out, const struct story *st, const char *title, const char *zone);

/*
 * Parse a storyboard. Every problem found is appended to `problems` as
 * one line "line N: what is wrong\n"; returns the number of problems (the
 * storyboard is usable only when it is 0).
 */
size_t storyboard_parse(const char *text, size_t len, struct storyboard *out, struct buf *problems);

/*
 * Check a parsed storyboard against the project: posts that do not exist
 * and posts given twice, each appended to `problems` with its line.
 * Returns the number of problems; *failed is 1 (e filled) when the
 * database could not be read.
 */
size_t storyboard_check(
    struct store *s, const struct storyboard *sb, struct buf *problems, struct err *e, int *failed);

struct sb_stats {
	size_t added, removed, moved;
	size_t changed; /* captions, and heading or note texts edited in place */
};

/*
 * Make the story what sb says, with the fewest changes: an item whose
 * block is unchanged, or whose text was edited in place, keeps its id and
 * its order key; only the items out
 * of a longest increasing run of the kept ones get new keys. Checks the
 * storyboard against the project first (unknown or repeated post ids) and
 * appends each problem to `problems` as parse does; then returns -1 with
 * e saying how many problems there were, having changed nothing. Run it
 * in a transaction: on any error the caller rolls back.
 */
int storyboard_apply(struct store *s, const struct storyboard *sb, struct sb_stats *stats,
    struct buf *problems, struct err *e);

/*
 * Ids as people write them, the same in every command: an item is "7" (or
 * "item:7"), or the post it holds, "post:14"; a post is "14" or "post:14".
 */
enum curate_id {
	CURATE_ID_BARE,
	CURATE_ID_POST,
	CURATE_ID_ITEM,
};
/* Split "post:14" into its kind and 14; -1 when it is no such form. */
int curate_id_parse(const char *arg, enum curate_id *kind, int64_t *id);
/*
 * The item `arg` names, which must exist. An error is clear, never another
 * item: a "post:" not in the story says so; a bare number that is no item
 * but is a post's id says how to name that post's item (ERR_NOTFOUND); a
 * malformed id is ERR_USAGE.
 */
int curate_resolve_item(struct store *s, const char *arg, int64_t *item, struct err *e);
/* The post `arg` names ("14" or "post:14"; "item:7" is ERR_USAGE). Not checked. */
int curate_resolve_post(const char *arg, int64_t *post, struct err *e);

/*
 * What an item is, for the one line saying what a change did:
 * 'item 7: post 14 by @hannah@… "Train home…"', 'item 3: heading "Day
 * two"'. Reads the post when it is not in it->post.
 */
void curate_describe(struct store *s, struct buf *out, const struct story_item *it);
/* 'post 14 by @hannah@… "Train home…"'. */
void curate_describe_post(struct buf *out, const struct post_brief *p);
/* " after item 3", " at the top", " at the end"... */
void curate_describe_place(struct buf *out, const struct curate_anchor *at);
/* Before appending a line to `said`: a '\n' unless it is empty. */
void curate_said_line(struct buf *said);

/*
 * The curation actions, shared by the commands and the editor. Each checks
 * what it can before writing; run them in a transaction (the caller rolls
 * back on error) and record it in the history. Each appends to `said` (may
 * be NULL) one line a change saying what it did ('removed item 7: post 14
 * by @hannah@… "Train home…"'), lines joined by '\n', for the command to
 * print and the editor to answer.
 */
/* Every post exists, is given once and is not placed yet. */
int curate_check_posts(struct store *s, const int64_t *posts, size_t n, struct err *e);
/* Place posts at `at`, in order (check them first); items (may be NULL) gets the n new ids. */
int curate_add_posts(struct store *s, const int64_t *posts, size_t n,
    const struct curate_anchor *at, int64_t *items, struct buf *said, struct err *e);
/* The same, with a level-2 heading before post i wherever headings[i] is not NULL. */
int curate_add_posts_headed(struct store *s, const int64_t *posts, char *const *headings, size_t n,
    const struct curate_anchor *at, int64_t *items, struct buf *said, struct err *e);
/*
 * Place each post by its time (check them first): after the latest placed
 * post not later than it (so before a heading or closing note that follows
 * that post), else before the earliest placed post, else at the end; oldest
 * first. items[i] (may be NULL) gets the item of posts[i].
 */
int curate_add_in_order(struct store *s, const int64_t *posts, size_t n, int64_t *items,
    struct buf *said, struct err *e);
/* One new order key for item at `at`; ERR_NOTFOUND when item or anchor is missing. */
int curate_move(
    struct store *s, int64_t item, const struct curate_anchor *at, struct buf *said, struct err *e);
/* Take items out; a missing one fails the whole call (roll back), one named twice too. */
int curate_remove(struct store *s, const int64_t *items, size_t n, struct buf *said, struct err *e);
/* A note (Markdown) or a heading (one line, level 2..6) at `at`; *id gets its id. */
int curate_add_text(struct store *s, enum story_kind kind, int level, const char *text,
    const struct curate_anchor *at, int64_t *id, struct buf *said, struct err *e);
/* A placed post's caption; blank text removes it. *changed is 0 when it was the same. */
int curate_set_caption(
    struct store *s, int64_t item, const char *text, int *changed, struct buf *said, struct err *e);
/*
 * An item's own text: a note's or heading's (level 0 keeps a heading's
 * level), or a post's caption. Empty text for a note or heading is refused.
 */
int curate_set_text(struct store *s, int64_t item, const char *text, int level, int *changed,
    struct buf *said, struct err *e);

#endif
