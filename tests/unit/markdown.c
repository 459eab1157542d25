/* markdown.c - unit tests: the cmark wrapper's safe HTML and CommonMark. */
#include <stdlib.h>

#include "render/markdown.h"
#include "unit.h"

typedef int (*md_fn)(struct buf *, const char *);

static char *
run(md_fn fn, const char *md)
{
	struct buf b;

	buf_init(&b, BUF_NOLIMIT);
	fn(&b, md);
	return buf_detach(&b);
}

#define EXPECT(fn, md, want, what)                                                                 \
	do {                                                                                       \
		char *got_ = run(fn, md);                                                          \
		CHECK_STR(got_, want, "%s", what);                                                 \
		free(got_);                                                                        \
	} while (0)

#define EXPECT_LACKS(fn, md, needle, what)                                                         \
	do {                                                                                       \
		char *got_ = run(fn, md);                                                          \
		CHECK(strstr(got_, needle) == NULL, "%s", what);                                   \
		if (strstr(got_, needle))                                                          \
			printf("#   in \"%s\"\n", got_);                                           \
		free(got_);                                                                        \
	} while (0)

static void
test_html(void)
{
	EXPECT(markdown_html, "Hello *world*", "<p>Hello <em>world</em></p>\n", "emphasis");
	EXPECT(markdown_html, "", "", "empty");
	EXPECT(markdown_html, "a <b>bold</b> move", "<p>a bold move</p>\n", "inline HTML dropped");
	EXPECT(markdown_html, "<script>alert(1)</script>\n\nafter", "<p>after</p>\n",
	    "HTML block dropped");
	EXPECT(
	    markdown_html, "[x](javascript:alert(1))", "<p>x</p>\n", "javascript link unwrapped");
	EXPECT(markdown_html, "[x](JaVaScRiPt&#58;alert(1))", "<p>x</p>\n",
	    "entity-obfuscated link unwrapped");
	EXPECT(markdown_html, "![a cat](data:image/png;base64,AAAA)", "<p>a cat</p>\n",
	    "data: image becomes its alt text");
	EXPECT(markdown_html, "[site](https://example.org/?a=1&b=2)",
	    "<p><a href=\"https://example.org/?a=1&amp;b=2\">site</a></p>\n", "https link kept");
	EXPECT(markdown_html, "[me](mailto:me@example.org)",
	    "<p><a href=\"mailto:me@example.org\">me</a></p>\n", "mailto kept");
	EXPECT(markdown_html, "[rel](/local/page)", "<p>rel</p>\n", "relative link unwrapped");
	EXPECT(markdown_html, "[![i](javascript:a)](javascript:b) end", "<p>i end</p>\n",
	    "nested unsafe image in unsafe link");
	EXPECT(markdown_html, "[x]\n\n[x]: javascript:alert(1)", "<p>x</p>\n",
	    "reference definition with unsafe URL");
	EXPECT(markdown_html, "<javascript:alert(1)>", "<p>javascript:alert(1)</p>\n",
	    "unsafe autolink becomes text");
}

static void
test_commonmark(void)
{
	EXPECT(markdown_commonmark, "Hello *world*", "Hello *world*\n", "emphasis kept");
	EXPECT(markdown_commonmark, "a <script>x</script> b", "a x b\n", "inline HTML dropped");
	EXPECT(
	    markdown_commonmark, "<div onclick=x>\nhi\n</div>\n\nok", "ok\n", "HTML block dropped");
	EXPECT(markdown_commonmark, "[x](javascript:x)", "x\n", "unsafe link unwrapped");
	EXPECT(markdown_commonmark, "[a](https://e.org) & \\<b\\>",
	    "[a](https://e.org) & \\<b\\>\n", "escaped angle brackets stay escaped");
	EXPECT(markdown_commonmark, "&lt;script&gt;alert(1)&lt;/script&gt;",
	    "\\<script\\>alert(1)\\</script\\>\n", "entities never turn into raw HTML");
	EXPECT_LACKS(markdown_commonmark, "`<b>` and\n\n    <i>code</i>", "<i>code</i>\n\n",
	    "code stays code");
	EXPECT(markdown_commonmark, "", "", "empty");
}

static void
test_inline(void)
{
	EXPECT(markdown_inline_html, "Day *one*", "Day <em>one</em>", "inline HTML");
	EXPECT(markdown_inline_html, "1. not a list", "1. not a list", "no list");
	EXPECT(markdown_inline_html, "> not a quote", "&gt; not a quote", "no quote");
	EXPECT(markdown_inline_html, "two\nlines", "two lines", "one line");
	EXPECT(markdown_inline_html, "C#", "C#", "trailing # kept");
	EXPECT(markdown_inline_html, "", "", "empty");
	EXPECT(markdown_inline_html, "<img src=x onerror=alert(1)>hi", "hi", "raw HTML dropped");
	EXPECT(markdown_inline_commonmark, "Day *one*", "Day *one*", "inline CommonMark");
	EXPECT(markdown_inline_commonmark, "[x](javascript:y) ok", "x ok", "inline unsafe link");
	EXPECT(markdown_inline_text, "Day *one* `code` [l](https://x.org)", "Day one code l",
	    "plain text");
}

static int
hugo_block(struct buf *b, const char *md)
{
	return markdown_commonmark_opts(b, md, MARKDOWN_HUGO);
}

static int
hugo_inline(struct buf *b, const char *md)
{
	return markdown_inline_commonmark_opts(b, md, MARKDOWN_HUGO);
}

/* Code naming a shortcode, in Hugo's comment: "\x1e" marks each opener for
 * render.c's filter; text is left to that filter. */
static void
test_hugo(void)
{
	EXPECT(hugo_block, "`{{< gist x >}}` and `{{% n %}}` and {{% t %}}",
	    "`\x1e{{</* gist x */>}}` and `\x1e{{%/* n */%}}` and {{% t %}}\n",
	    "an opener and its closer: one comment");
	EXPECT(hugo_block, "`{{< a */>}}` `{{</>}}` `{{<>}}`",
	    "`\x1e{{</* a */*/>}}` `\x1e{{</*/*/>}}` `\x1e{{</**/>}}`\n",
	    "a closer's own star and slash, an empty one");
	EXPECT(hugo_block, "a lone `{{<`, then `{{% x >}}` and `{{% y %}}`\n\n- `{{%`",
	    "a lone `\x1e{{</*`, then `{{% x */>}}` and `\x1e{{%/* y */%}}`\n\n"
	    "  - `\x1e{{%/*`\n\n[storied-hugo-comment-end]: */%}}\n",
	    "a lone opener: open to the next closer of its kind, else to the end");
	EXPECT(hugo_block, "```\n{{< h go >}}\nx\n{{< /h >}}\n```",
	    "``` \n\x1e{{</* h go */>}}\nx\n\x1e{{</* /h */>}}\n```\n", "a code block");
	EXPECT(hugo_block,
	    "`a\x1e"
	    "b` \x1e",
	    "`a\xef\xbf\xbd"
	    "b` \xef\xbf\xbd\n",
	    "the mark is markdown.c's alone");
	EXPECT(hugo_block, "`{{<`", "`\x1e{{</*`\n\n[storied-hugo-comment-end]: */>}}\n",
	    "a lone opener shut after the text");
	EXPECT(hugo_inline, "Using `{{%`", "Using `\x1e{{%/*`\n[storied-hugo-comment-end]: */%}}",
	    "a heading's lone opener shut on the next line");
	EXPECT(markdown_commonmark, "`{{< x >}}`", "`{{< x >}}`\n", "not for Hugo: as it is");
}

int
main(void)
{
	test_html();
	test_commonmark();
	test_inline();
	test_hugo();
	UNIT_DONE();
}
