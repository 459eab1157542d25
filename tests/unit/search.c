/* search.c - unit tests: the search box's language translated to FTS5. */
#include <stdlib.h>

#include "search.h"
#include "unit.h"
#include "util.h"

/* The parsed query as one line: match | exclude | tags | -tags | authors | -authors | literal */
static char *
show(const char *input)
{
	struct search_query q;
	struct buf b;
	const struct search_list *lists[4];

	search_parse(input, &q);
	lists[0] = &q.tags, lists[1] = &q.not_tags, lists[2] = &q.authors,
	lists[3] = &q.not_authors;
	buf_init(&b, BUF_NOLIMIT);
	buf_printf(&b, "%s|%s", q.match ? q.match : "", q.exclude ? q.exclude : "");
	for (int i = 0; i < 4; i++) {
		buf_addc(&b, '|');
		for (size_t j = 0; j < lists[i]->n; j++)
			buf_printf(&b, "%s%s", j ? "," : "", lists[i]->v[j]);
	}
	buf_printf(&b, "|%s", q.literal ? q.literal : "");
	search_query_release(&q);
	return buf_detach(&b);
}

#define PARSE(input, want, ...)                                                                    \
	do {                                                                                       \
		char *got_ = show(input);                                                          \
		CHECK_STR(got_, want, __VA_ARGS__);                                                \
		free(got_);                                                                        \
	} while (0)

int
main(void)
{
	PARSE("keynote", "\"keynote\"*||||||", "the last word is a prefix");
	PARSE("keynote ", "\"keynote\"||||||", "a finished word is a word");
	PARSE("keynote slides", "\"keynote\" AND \"slides\"*||||||", "words combine with AND");
	PARSE("Sara's", "\"Sara's\"*||||||", "an apostrophe stays inside the quoted phrase");
	PARSE("say \"hi\"", "\"say\" AND \"hi\"||||||", "a quoted phrase is not a prefix");
	PARSE("a\"b c", "\"a\"\"b\" AND \"c\"*||||||", "a quote inside a word is doubled");
	PARSE("\"open", "\"open\"||||||", "an unbalanced quote runs to the end");
	PARSE("#A11Y", "||a11y||||", "a hashtag, normalised");
	PARSE("-#spam", "|||spam|||", "an excluded hashtag");
	PARSE("@Priya", "||||priya||", "an author, lowercased");
	PARSE("@priya@social.example.", "||||priya@social.example||",
	    "a full handle, without the full stop");
	PARSE("-@mallory", "|||||mallory|", "an excluded author");
	PARSE("-spam", "|\"spam\"|||||", "an excluded word");
	PARSE("NOT spam", "|\"spam\"|||||", "NOT excludes");
	PARSE("a OR b c", "(\"a\" OR \"b\") AND \"c\"*||||||", "OR groups its neighbours");
	PARSE("OR", "\"OR\"*||||||", "OR alone is a word");
	PARSE("a OR", "\"a\"||||||", "a dangling OR is left out");
	PARSE("#x OR y", "\"y\"*||x||||", "OR beside a tag joins nothing");
	PARSE("title:hall", "title : \"hall\"*||||||", "a field");
	PARSE("author:ingrid", "{author_name author_handle} : \"ingrid\"*||||||",
	    "the author fields");
	PARSE("10:40", "\"10:40\"*||||||", "a time is no field");
	PARSE("slide*", "\"slide\"*||||||", "an explicit prefix");
	PARSE("-", "||||||-", "a lone '-' is literal text");
	PARSE("  ?  ", "||||||?", "punctuation alone is literal text, trimmed");
	PARSE("keynote -", "\"keynote\"||||||", "punctuation beside words is dropped");
	PARSE("@", "||||||@", "a lone '@' is literal text");
	PARSE("#", "||||||#", "a lone '#' is literal text");
	PARSE("", "||||||", "an empty query");
	PARSE("\xff", "||||||\xef\xbf\xbd", "invalid UTF-8 is read as U+FFFD");
	PARSE("caf\xc3\xa9", "\"caf\xc3\xa9\"*||||||", "UTF-8 passes through");
	{
		struct search_query q;
		search_parse("   ", &q);
		CHECK(search_query_empty(&q), "a blank query has no condition");
		search_query_release(&q);
		search_parse("x", &q);
		CHECK(!search_query_empty(&q), "a word is a condition");
		search_query_release(&q);
	}
	UNIT_DONE();
}
