/*
 * storyboard.c - unit tests: the storyboard parser on data cases
 * (storyboard text -> blocks, or -> problems), and write -> parse round
 * trips of texts that are hard to keep exact.
 */
#include <stdlib.h>

#include "curate.h"
#include "unit.h"
#include "util.h"

/* Blocks as one string: "P12{caption}" "N{text}" "H3{text}", joined by '|'. */
static char *
describe(const struct storyboard *sb)
{
	struct buf b;

	buf_init(&b, BUF_NOLIMIT);
	for (size_t i = 0; i < sb->n; i++) {
		const struct sb_block *k = &sb->blocks[i];
		if (i)
			buf_addc(&b, '|');
		if (k->kind == STORY_POST)
			buf_printf(&b, "P%lld", (long long)k->post_id);
		else if (k->kind == STORY_NOTE)
			buf_addc(&b, 'N');
		else
			buf_printf(&b, "H%d", k->level);
		if (k->text)
			buf_printf(&b, "{%s}", k->text);
	}
	return buf_detach(&b);
}

static const struct {
	const char *name, *input, *blocks, *problems;
} cases[] = {
    {"empty", "", "", ""},
    {"comments only", "# a\n#\n# b\n", "", ""},
    {"#word is no comment", "# a\n#b\n", "", "line 2: '#b' is not storyboard syntax"},
    {"# Day one below a block is an error", "# a\npost 1\n# Day one\n## Two\n#\n", "P1|H2{Two}",
        "line 3: '# Day one': headings start at ##; a comment is '#' and a space"},
    {"posts", "post 1\npost 22  anything · here\npost\t3\n", "P1|P22|P3", ""},
    {"caption", "post 1 x\n    a\n\n    b\n", "P1{a\n\nb}", ""},
    {"caption: trailing blank lines dropped", "post 1\n    a\n\n\npost 2\n", "P1{a}|P2", ""},
    {"caption: an indented blank line kept", "post 1\n    a\n    \n", "P1{a\n}", ""},
    {"white-space caption is none", "post 1\n    \n", "P1", ""},
    {"headings", "## Two\n###### Six\nheading Kw\n", "H2{Two}|H6{Six}|H2{Kw}", ""},
    {"heading keeps its spaces", "##  spaced  \n", "H2{ spaced  }", ""},
    {"note on one line", "note Hello *world*\n", "N{Hello *world*}", ""},
    {"note on following lines", "note\n    first\n    # not a heading\n\n    after\n",
        "N{first\n# not a heading\n\nafter}", ""},
    {"note: blank lines before the first line skipped", "note\n\n    x\n", "N{x}", ""},
    {"a '#' line inside a note is skipped", "note a\n#\n    b\n", "N{a\nb}", ""},
    {"'# x' inside a note is an error", "note a\n# x\n    b\n", "N{a\nb}",
        "line 2: '# x': headings"},
    {"no final newline", "post 4", "P4", ""},
    {"non-ASCII", "note ünï 🇳🇴 «»\n", "N{ünï 🇳🇴 «»}", ""},
    {"unknown word", "post 1\nfrob 3\n", "P1", "line 2: 'frob' is not storyboard syntax"},
    {"bad id", "post x1\n", "", "line 1: 'x1' is not a post id"},
    {"zero id", "post 0\n", "", "line 1: '0' is not a post id"},
    {"missing id", "post\n", "", "line 1: 'post' needs a post id"},
    {"too deep", "####### x\n", "", "line 1: headings go from"},
    {"no space", "##x\n", "", "line 1: write a space"},
    {"empty heading", "## \n", "", "line 1: the heading is empty"},
    {"empty note", "note\n\n", "N{}", "line 1: the note is empty"},
    {"orphan indent", "    text\n", "", "line 1: an indented line belongs"},
    {"indent under a heading", "## H\n    text\n", "H2{H}", "line 2: an indented line belongs"},
    {"short indent", "note a\n  b\n", "N{a}", "line 2: indent a caption's"},
    {"tab indent", "note a\n\tb\n", "N{a}", "line 2: indent a caption's"},
    {"invalid UTF-8", "note \xff\n", "", "line 1: not valid UTF-8"},
    {"byte-order mark", "\xef\xbb\xbfpost 1\n", "P1", ""},
    {"CRLF file", "# c\r\nnote a\r\n    b\r\n## H\r\n", "N{a\nb}|H2{H}", ""},
    {"CR kept in an LF file", "# c\nnote a\r\n", "N{a\r}", ""},
};

static void
test_cases(void)
{
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct storyboard sb;
		struct buf problems;
		size_t n;
		char *got;

		buf_init(&problems, BUF_NOLIMIT);
		n = storyboard_parse(cases[i].input, strlen(cases[i].input), &sb, &problems);
		got = describe(&sb);
		CHECK_STR(got, cases[i].blocks, "parse %s: blocks", cases[i].name);
		if (*cases[i].problems)
			CHECK(n == 1 && strstr(problems.data, cases[i].problems) != NULL,
			    "parse %s: problem \"%s\"", cases[i].name, cases[i].problems);
		else
			CHECK(n == 0, "parse %s: no problem", cases[i].name);
		if (n != (*cases[i].problems ? 1u : 0u))
			printf("#   problems: %s", problems.data);
		free(got);
		storyboard_release(&sb);
		buf_release(&problems);
	}
}

static void
test_many_problems(void)
{
	struct storyboard sb;
	struct buf text, problems;
	size_t n;

	buf_init(&text, BUF_NOLIMIT);
	buf_init(&problems, BUF_NOLIMIT);
	for (int i = 0; i < 500; i++)
		buf_adds(&text, "nonsense\n");
	n = storyboard_parse(text.data, text.len, &sb, &problems);
	CHECK(n == 500, "500 bad lines are 500 problems");
	CHECK(strstr(problems.data, "... and 400 more problems") != NULL,
	    "only the first 100 are spelled out");
	storyboard_release(&sb);
	buf_release(&text);
	buf_release(&problems);
}

static void
test_round_trip(void)
{
	static const char *notes[] = {
	    "plain",
	    "two\nlines",
	    "blank\n\nline inside",
	    "# hash first\n## and second",
	    "trailing spaces   \nand  ",
	    "\nblank first line",
	    "   leading spaces",
	    "    four spaces first",
	    "ends with newline\n",
	    "ends with blank lines\n\n\n",
	    "    \n    code after a blank-looking first line",
	    "x\n    \ny",
	    "ünïcödé — 🇳🇴 « »",
	    "post 3 looks like a block",
	    "note inside\nnote",
	};
	static const char *captions[] = {NULL, "one", "a\n\nb", "# c\n    code  ", "\nlead"};
	struct story st;
	struct storyboard sb;
	struct buf out, problems;
	size_t n, i, k = 0;
	int ok = 1;

	st.n = ARRAY_LEN(notes) + ARRAY_LEN(captions) + 2;
	st.items = xcalloc(st.n, sizeof *st.items);
	for (i = 0; i < ARRAY_LEN(notes); i++) {
		st.items[k].kind = STORY_NOTE;
		st.items[k++].body = xstrdup(notes[i]);
	}
	for (i = 0; i < ARRAY_LEN(captions); i++) {
		st.items[k].kind = STORY_POST;
		st.items[k].post_id = (int64_t)i + 1;
		st.items[k].post.id = (int64_t)i + 1;
		st.items[k].post.author_handle = xstrdup("@a\nb@example");
		st.items[k].post.text = xstrdup("text\nwith lines");
		st.items[k++].body = captions[i] ? xstrdup(captions[i]) : NULL;
	}
	st.items[k].kind = STORY_HEADING;
	st.items[k].level = 3;
	st.items[k++].body = xstrdup(" Spaced heading — ü ");
	st.items[k].kind = STORY_HEADING;
	st.items[k].level = 2;
	st.items[k++].body = xstrdup("#hash heading");

	buf_init(&out, BUF_NOLIMIT);
	buf_init(&problems, BUF_NOLIMIT);
	storyboard_write(&out, &st, "Title\nwith a break", "Europe/Oslo");
	n = storyboard_parse(out.data, out.len, &sb, &problems);
	CHECK(n == 0, "written storyboard parses");
	if (n)
		printf("#   %s", problems.data);
	CHECK(sb.n == st.n, "every item is a block (%zu of %zu)", sb.n, st.n);
	for (i = 0; i < sb.n && i < st.n; i++) {
		const struct story_item *it = &st.items[i];
		const struct sb_block *b = &sb.blocks[i];
		if (b->kind != it->kind || b->post_id != it->post_id ||
		    (it->kind == STORY_HEADING && b->level != it->level) ||
		    !str_eq(b->text, it->body)) {
			ok = 0;
			printf("#   item %zu: got \"%s\" want \"%s\"\n", i,
			    b->text ? b->text : "(null)", it->body ? it->body : "(null)");
		}
	}
	CHECK(ok, "write then parse gives back every text exactly");
	storyboard_release(&sb);
	story_release(&st);
	buf_release(&out);
	buf_release(&problems);
}

/*
 * A poor man's fuzzer that runs with every `make test SANITIZE=1`: random
 * byte edits of a valid storyboard never crash the parser, and whatever
 * parses cleanly writes back to text that parses to the same blocks.
 */
static void
test_mutations(void)
{
	static const char seed[] = "# c\npost 12  @a · x\n    cap\n\n    more\n## H\nnote one\n"
	                           "    two\n\n    # three\nheading K\nnote\n    x\n";
	static const char alphabet[] = " \n\t#post note heading 0123456789\xc3\xa9\xff\0";
	unsigned long r = 7;
	int crashed_not = 1, stable = 1, clean = 0;

	for (int round = 0; round < 3000; round++) {
		char text[256];
		size_t len = sizeof seed - 1;
		struct storyboard sb, again;
		struct buf problems, out;
		struct story st;

		memcpy(text, seed, len);
		for (int k = 0; k < 1 + round % 4; k++) {
			r = r * 6364136223846793005UL + 1442695040888963407UL;
			size_t at = (size_t)(r >> 33) % len;
			char c = alphabet[(r >> 20) % (sizeof alphabet - 1)];
			if ((r >> 10) % 3 == 0 && len < sizeof text - 1) {
				memmove(text + at + 1, text + at, len - at);
				text[at] = c;
				len++;
			} else if ((r >> 10) % 3 == 1 && len > 1) {
				memmove(text + at, text + at + 1, len - at - 1);
				len--;
			} else {
				text[at] = c;
			}
		}
		buf_init(&problems, BUF_NOLIMIT);
		if (storyboard_parse(text, len, &sb, &problems) == 0) {
			clean++;
			/* Blocks as a story: write it, parse it, compare. */
			st.n = sb.n;
			st.items = xcalloc(sb.n + 1, sizeof *st.items);
			for (size_t i = 0; i < sb.n; i++) {
				st.items[i].kind = sb.blocks[i].kind;
				st.items[i].post_id = sb.blocks[i].post_id;
				st.items[i].level = sb.blocks[i].level;
				st.items[i].body =
				    sb.blocks[i].text ? xstrdup(sb.blocks[i].text) : NULL;
				st.items[i].post.text = xstrdup("");
			}
			buf_init(&out, BUF_NOLIMIT);
			storyboard_write(&out, &st, "T", "UTC");
			buf_reset(&problems);
			if (storyboard_parse(out.data, out.len, &again, &problems) != 0 ||
			    again.n != sb.n)
				stable = 0;
			for (size_t i = 0; stable && i < sb.n; i++)
				if (again.blocks[i].kind != sb.blocks[i].kind ||
				    again.blocks[i].post_id != sb.blocks[i].post_id ||
				    !str_eq(again.blocks[i].text, sb.blocks[i].text))
					stable = 0;
			storyboard_release(&again);
			story_release(&st);
			buf_release(&out);
		}
		storyboard_release(&sb);
		buf_release(&problems);
	}
	CHECK(crashed_not, "3000 mutated storyboards parsed without a crash");
	CHECK(clean > 100, "some mutations still parse (%d)", clean);
	CHECK(stable, "every clean parse writes back to the same blocks");
}

int
main(void)
{
	test_cases();
	test_many_problems();
	test_round_trip();
	test_mutations();
	UNIT_DONE();
}
