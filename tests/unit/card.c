/* card.c - unit tests: the link a post's card is for (card_link), whether
 * read as written or by the HTML parser. */
#include <stdlib.h>

#include "collect/card.h"
#include "storied.h"
#include "unit.h"

static void
check(const char *html, const char *permalink, const char *want, const char *name)
{
	char *got = card_link(html, permalink);

	CHECK_STR(got, want, "%s", name);
	free(got);
}

int
main(void)
{
	const char *self = "https://social.example/@ada/1";

	check("<p>talk <a href=\"https://social.example/tags/nosd26\" class=\"mention hashtag\" "
	      "rel=\"tag\">#<span>nosd26</span></a></p>",
	    self, NULL, "a hashtag link only: no card");
	check("<p><span class=\"h-card\"><a href=\"https://x.example/@bo\" class=\"u-url "
	      "mention\">@<span>bo</span></a></span> see <a href=\"https://blog.example/post\" "
	      "rel=\"nofollow noopener\" target=\"_blank\">blog.example/post</a></p>",
	    self, "https://blog.example/post", "past a mention, the first other link");
	check("<a href=\"https://ext.example/a?x=1&amp;y=2\">a</a>", self,
	    "https://ext.example/a?x=1&y=2", "an entity in the link: as the parser reads it");
	check("<P><A href=\"https://ext.example/up\">up</A></P>", self, "https://ext.example/up",
	    "an upper-case tag");
	check("<A HREF=\"https://ext.example/UP\">up</A>", self, "https://ext.example/UP",
	    "an upper-case attribute name");
	check("<a Href='https://ext.example/mixed'>m</a>", self, "https://ext.example/mixed",
	    "a mixed-case attribute name");
	check("<a href='https://ext.example/q'>q</a>", self, "https://ext.example/q",
	    "single quotes");
	check("<a href=https://ext.example/u>u</a>", self, "https://ext.example/u",
	    "an unquoted value, through the parser");
	check("<a\nhref=\"https://ext.example/n\"\n>n</a>", self, "https://ext.example/n",
	    "new lines inside the tag");
	check("<a href=\"https://ext.example/t\">#notatag</a>", self, NULL,
	    "a link whose text is a hashtag: no card");
	check("<a href=\"https://ext.example/m\">@someone</a>", self, NULL,
	    "a link whose text is a mention: no card");
	check("<a href=\"https://social.example/@ada/1\">me</a>", self, NULL, "the post itself");
	check("<a href=\"https://ext.example/p.jpg\">pic</a>", self, NULL, "a picture");
	check("<a href=\"mailto:a@b.example\">mail</a><a download "
	      "href=\"https://ext.example/d\">d</a>",
	    self, "https://ext.example/d", "a bare attribute, through the parser");
	check("<abbr title=\"x\">x</abbr> <a href=\"https://ext.example/b\">b</a>", self,
	    "https://ext.example/b", "<abbr> is no link");
	check("<a class=\"x\" class=\"hashtag\" href=\"https://ext.example/r\">r</a>", self,
	    "https://ext.example/r", "a repeated attribute: the parser's first");
	check("<a href=\"https://ext.example/c\">c</a><!-- <a href=\"https://ext.example/z\"> -->",
	    self, "https://ext.example/c", "a link before a comment");
	check("<!-- <a href=\"https://ext.example/z\">z</a> --><p>no link</p>", self, NULL,
	    "a link in a comment is none");
	check("<p>plain</p>", self, NULL, "no link at all");
	UNIT_DONE();
}
