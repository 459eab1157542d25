/*
 * storyboard.c - libFuzzer target: any bytes through the storyboard parser.
 *
 * Every problem is one "line N: ..." line; a storyboard that parses
 * without problems is written back (storyboard_write) and parses again to
 * the same blocks: kind, post, text and level (the round trip the
 * storyboard format promises).
 */
#include <stdlib.h>
#include <string.h>

#include "curate.h"
#include "store_story.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t n);

static int
same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	struct storyboard sb, again;
	struct buf problems, out;
	struct story st;
	size_t np;

	buf_init(&problems, BUF_NOLIMIT);
	np = storyboard_parse((const char *)data, n, &sb, &problems);
	if ((np == 0) != (problems.len == 0))
		abort();
	for (size_t i = 0; i + 5 <= problems.len;
	     i = strchr(problems.data + i, '\n') - problems.data + 1)
		if (strncmp(problems.data + i, "line ", 5) != 0 ||
		    strchr(problems.data + i, '\n') == NULL)
			abort();
	if (np == 0) {
		memset(&st, 0, sizeof st);
		st.items = xcalloc(sb.n + 1, sizeof *st.items);
		st.n = sb.n;
		for (size_t i = 0; i < sb.n; i++) {
			st.items[i].id = (int64_t)i + 1;
			st.items[i].kind = sb.blocks[i].kind;
			st.items[i].post_id = sb.blocks[i].post_id;
			st.items[i].body = sb.blocks[i].text;
			st.items[i].level = sb.blocks[i].level;
		}
		buf_init(&out, BUF_NOLIMIT);
		storyboard_write(&out, &st, "Fuzz", "UTC");
		buf_reset(&problems);
		if (storyboard_parse(out.data, out.len, &again, &problems) != 0 || again.n != sb.n)
			abort();
		for (size_t i = 0; i < sb.n; i++)
			if (again.blocks[i].kind != sb.blocks[i].kind ||
			    again.blocks[i].post_id != sb.blocks[i].post_id ||
			    again.blocks[i].level != sb.blocks[i].level ||
			    !same_text(again.blocks[i].text, sb.blocks[i].text))
				abort();
		storyboard_release(&again);
		buf_release(&out);
		free(st.items);
	}
	storyboard_release(&sb);
	buf_release(&problems);
	return 0;
}
