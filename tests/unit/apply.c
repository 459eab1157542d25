/*
 * apply.c - unit tests: storyboard apply and undo against a real project
 * file. Random edits (moves, deletions, new blocks, duplicates) of a story
 * of notes and headings must give exactly the story the storyboard says,
 * keep every matched item's id, write only what changed, and undo back to
 * the exact rows before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "curate.h"
#include "orderkey.h"
#include "store_story.h"
#include "unit.h"

static unsigned long rng = 12345;

static size_t
rnd(size_t n)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (size_t)((rng >> 33) % n);
}

/* Every row as one string: "id:kind:level:position:body|...". */
static char *
snapshot(struct store *s)
{
	struct story st;
	struct buf b;
	struct err e;

	buf_init(&b, BUF_NOLIMIT);
	if (store_story_load(s, 0, &st, &e) == -1)
		return buf_detach(&b);
	for (size_t i = 0; i < st.n; i++)
		buf_printf(&b, "%lld:%d:%d:%s:%s|", (long long)st.items[i].id, st.items[i].kind,
		    st.items[i].level, st.items[i].position,
		    st.items[i].body ? st.items[i].body : "");
	story_release(&st);
	return buf_detach(&b);
}

static void
add_block(struct storyboard *sb, size_t *cap, enum story_kind kind, int level, const char *text)
{
	if (sb->n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		sb->blocks = xreallocarray(sb->blocks, *cap, sizeof *sb->blocks);
	}
	memset(&sb->blocks[sb->n], 0, sizeof sb->blocks[0]);
	sb->blocks[sb->n].kind = kind;
	sb->blocks[sb->n].level = level;
	sb->blocks[sb->n].text = xstrdup(text);
	sb->blocks[sb->n].line = 0;
	sb->n++;
}

int
main(void)
{
	char path[] = "/tmp/storied-apply-XXXXXX";
	struct store *s = NULL;
	struct err e;
	char *keys[200], label[64];
	int fd, ok_story = 1, ok_ids = 1, ok_keys = 1, ok_undo = 1, ok_noop = 1, ok_apply = 1;
	size_t total_changed = 0, total_rows = 0;

	err_clear(&e);
	if ((fd = mkstemp(path)) == -1)
		return 1;
	close(fd);
	unlink(path);
	CHECK(store_create(path, &s, &e) == 0, "project created (%s)", e.msg);
	if (s == NULL)
		UNIT_DONE();
	store_begin(s, &e);
	struct curate_anchor end = {CURATE_BOTTOM, 0};
	CHECK(curate_keys_at(s, &end, 0, 200, keys, &e) == 0, "200 keys at the end");
	for (int i = 0; i < 200; i++) {
		snprintf(label, sizeof label, i % 10 == 0 ? "Heading %d" : "note %d", i % 150);
		store_item_insert(s, i % 10 == 0 ? STORY_HEADING : STORY_NOTE, 0, label,
		    i % 10 == 0 ? 2 + i % 5 : 0, keys[i], NULL, &e);
		free(keys[i]);
	}
	store_commit(s, &e);

	for (int round = 0; round < 60; round++) {
		struct story st, orig;
		struct storyboard sb = {NULL, 0};
		struct sb_stats stats;
		struct buf problems;
		size_t cap = 0, i;
		char *before, *after, *undone;
		int recorded;

		store_story_load(s, 0, &st, &e);
		for (i = 0; i < st.n; i++) {
			add_block(&sb, &cap, st.items[i].kind, st.items[i].level, st.items[i].body);
			sb.blocks[sb.n - 1].line = (size_t)st.items[i].id;
		}
		/* The story before, to tell which texts were unique in it. */
		orig = st;
		/* Random edits; round 0 changes nothing. */
		for (int k = 0; round > 0 && k < 1 + (int)rnd(8); k++) {
			size_t a = rnd(sb.n ? sb.n : 1), b = rnd(sb.n ? sb.n : 1);
			switch (rnd(5)) {
			case 0: /* move one block */
				if (sb.n > 1) {
					struct sb_block t = sb.blocks[a];
					memmove(&sb.blocks[a], &sb.blocks[a + 1],
					    (sb.n - a - 1) * sizeof t);
					memmove(&sb.blocks[b + 1], &sb.blocks[b],
					    (sb.n - 1 - b) * sizeof t);
					sb.blocks[b] = t;
				}
				break;
			case 1: /* delete one */
				if (sb.n > 0) {
					free(sb.blocks[a].text);
					memmove(&sb.blocks[a], &sb.blocks[a + 1],
					    (sb.n - a - 1) * sizeof sb.blocks[0]);
					sb.n--;
				}
				break;
			case 2: /* a new note, sometimes a copy of an existing text */
				snprintf(label, sizeof label, rnd(3) ? "new %d.%d" : "note %d",
				    round, k);
				add_block(&sb, &cap, STORY_NOTE, 0, label);
				if (sb.n > 1) {
					struct sb_block t = sb.blocks[sb.n - 1];
					memmove(&sb.blocks[a + 1], &sb.blocks[a],
					    (sb.n - 1 - a) * sizeof t);
					sb.blocks[a] = t;
				}
				break;
			case 4: /* edit a text in place */
				if (sb.n > 0) {
					snprintf(label, sizeof label, "edited %d.%d", round, k);
					free(sb.blocks[a].text);
					sb.blocks[a].text = xstrdup(label);
					sb.blocks[a].line = 0;
				}
				break;
			case 3: /* reverse a stretch */
				for (size_t x = a < b ? a : b, y = a < b ? b : a; x < y; x++, y--) {
					struct sb_block t = sb.blocks[x];
					sb.blocks[x] = sb.blocks[y];
					sb.blocks[y] = t;
				}
				break;
			}
		}
		before = snapshot(s);
		buf_init(&problems, BUF_NOLIMIT);
		store_begin(s, &e);
		store_history_begin(s, &e);
		if (storyboard_apply(s, &sb, &stats, &problems, &e) == -1) {
			ok_apply = 0;
			printf("#   round %d: %s %s\n", round, e.msg, problems.data);
		}
		store_history_record(s, "test apply", &recorded, &e);
		store_commit(s, &e);
		if (round == 0 &&
		    (recorded || stats.added + stats.removed + stats.moved + stats.changed))
			ok_noop = 0;

		/* The story is the storyboard, block for block. */
		store_story_load(s, 0, &st, &e);
		if (st.n != sb.n)
			ok_story = 0;
		for (i = 0; i < st.n && i < sb.n; i++)
			if (st.items[i].kind != sb.blocks[i].kind ||
			    !str_eq(st.items[i].body, sb.blocks[i].text) ||
			    (st.items[i].kind == STORY_HEADING &&
			        st.items[i].level != sb.blocks[i].level))
				ok_story = 0;
		for (i = 0; i < st.n; i++)
			if (!orderkey_valid(st.items[i].position))
				ok_keys = 0;
		/*
		 * An unchanged block kept its item: blocks carry their item's id in
		 * `line` (0 for new or edited ones). Blocks whose text appears twice
		 * are skipped: either copy may take the old item.
		 */
		for (i = 0; i < st.n && i < sb.n; i++) {
			size_t same = 0;
			if (sb.blocks[i].line == 0)
				continue;
			for (size_t k = 0; k < sb.n; k++)
				same += sb.blocks[k].kind == sb.blocks[i].kind &&
				    str_eq(sb.blocks[k].text, sb.blocks[i].text);
			for (size_t k = 0; k < orig.n; k++)
				same += orig.items[k].kind == sb.blocks[i].kind &&
				    str_eq(orig.items[k].body, sb.blocks[i].text);
			if (same == 2 && (int64_t)sb.blocks[i].line != st.items[i].id) {
				ok_ids = 0;
				printf("#   round %d: block %zu was item %zu, is item %lld\n",
				    round, i, sb.blocks[i].line, (long long)st.items[i].id);
			}
		}
		total_changed += stats.added + stats.removed + stats.moved + stats.changed;
		total_rows += st.n;

		/* Undo gives back exactly the rows before; apply again to go on. */
		after = snapshot(s);
		if (recorded) {
			struct history_entry h;
			store_begin(s, &e);
			if (store_history_undo(s, &h, &e) == -1) {
				ok_undo = 0;
				printf("#   round %d: undo: %s\n", round, e.msg);
			}
			history_entry_release(&h);
			store_commit(s, &e);
			undone = snapshot(s);
			if (strcmp(undone, before) != 0)
				ok_undo = 0;
			free(undone);
			store_begin(s, &e);
			storyboard_apply(s, &sb, &stats, &problems, &e);
			store_commit(s, &e);
		}
		free(before);
		free(after);
		buf_release(&problems);
		story_release(&st);
		story_release(&orig);
		storyboard_release(&sb);
	}
	CHECK(ok_apply, "60 random storyboards apply");
	CHECK(ok_noop, "an unchanged storyboard changes nothing and records nothing");
	CHECK(ok_story, "after each apply the story is the storyboard, block for block");
	CHECK(ok_keys, "every order key stays valid");
	CHECK(ok_ids, "every unchanged block kept its item's id");
	CHECK(ok_undo, "undo restores every row exactly");
	CHECK(total_changed < total_rows, "applies change only some rows (%zu of %zu)",
	    total_changed, total_rows);
	store_close(s);
	unlink(path);
	snprintf(label, sizeof label, "%s-wal", path);
	unlink(label);
	snprintf(label, sizeof label, "%s-shm", path);
	unlink(label);
	UNIT_DONE();
}
