/*
 * sanitize.c - unit tests of the HTML sanitizer.
 *
 * Data-driven: every case of tests/fixtures/sanitize/NAME.txt (input and
 * expected output) is run, and every output is checked structurally: it
 * parses as well-formed XML, and re-parsed by libxml2's HTML parser it
 * holds only allow-listed elements and attributes with safe URLs; sanitizing
 * it again changes nothing. The same check runs over the HTML payloads of
 * feedparser's sanitize corpus. Byte-level cases (invalid UTF-8, controls)
 * and sanitize_url_ok are tested in C below.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "sanitize.h"
#include "unit.h"
#include "util.h"

#include "sanitize_cases.h"

/* Elements the output may hold, and the attributes each may carry. */
static const struct {
	const char *name, *attrs;
} allowed[] = {
    {"a", " href class title lang dir rel "},
    {"b", " title lang dir "},
    {"blockquote", " title lang dir "},
    {"br", " "},
    {"code", " title lang dir "},
    {"del", " title lang dir "},
    {"em", " title lang dir "},
    {"i", " title lang dir "},
    {"img", " src alt title lang dir loading "},
    {"ins", " title lang dir "},
    {"li", " title lang dir "},
    {"mark", " title lang dir "},
    {"ol", " start title lang dir "},
    {"p", " title lang dir "},
    {"pre", " title lang dir "},
    {"q", " title lang dir "},
    {"s", " title lang dir "},
    {"small", " title lang dir "},
    {"span", " class title lang dir "},
    {"strong", " title lang dir "},
    {"sub", " title lang dir "},
    {"sup", " title lang dir "},
    {"u", " title lang dir "},
    {"ul", " title lang dir "},
};
static const char allowed_classes[] = " invisible ellipsis h-card mention hashtag u-url ";

/* s with control characters shown as \xNN, for test names. */
static const char *
visible(const char *s)
{
	static char out[512];
	size_t n = 0;

	for (; *s && n + 5 < sizeof out; s++) {
		if ((unsigned char)*s < 0x20)
			n +=
			    (size_t)snprintf(out + n, sizeof out - n, "\\x%02x", (unsigned char)*s);
		else
			out[n++] = *s;
	}
	out[n] = '\0';
	return out;
}

static int
word_in(const char *word, const char *list)
{
	char key[64];

	if (strlen(word) + 3 > sizeof key || strchr(word, ' '))
		return 0;
	snprintf(key, sizeof key, " %s ", word);
	return strstr(list, key) != NULL;
}

/* 0 when the tree under node holds only what the output may; else -1 and why. */
static int
tree_ok(xmlNodePtr node, int depth, struct buf *why)
{
	for (; node; node = node->next) {
		const char *name = (const char *)node->name;
		const char *attrs = NULL;
		xmlAttrPtr at;
		size_t i;

		if (node->type == XML_TEXT_NODE)
			continue;
		if (node->type != XML_ELEMENT_NODE) {
			buf_printf(why, "node of type %d", (int)node->type);
			return -1;
		}
		for (i = 0; i < ARRAY_LEN(allowed); i++)
			if (strcmp(allowed[i].name, name) == 0)
				attrs = allowed[i].attrs;
		/* The wrapper the check itself added. */
		if (depth == 0 && (strcmp(name, "div") == 0 || strcmp(name, "root") == 0))
			attrs = " ";
		if (attrs == NULL) {
			buf_printf(why, "element <%s>", name);
			return -1;
		}
		for (at = node->properties; at; at = at->next) {
			const char *an = (const char *)at->name;
			xmlChar *v;
			int bad = 0;

			if (!word_in(an, attrs) || at->ns != NULL) {
				buf_printf(why, "attribute %s on <%s>", an, name);
				return -1;
			}
			v = xmlNodeGetContent((xmlNodePtr)at);
			if ((strcmp(an, "href") == 0 || strcmp(an, "src") == 0) &&
			    !sanitize_url_ok((const char *)v))
				bad = 1;
			if (strcmp(an, "src") == 0 && !str_casestartswith((const char *)v, "http"))
				bad = 1;
			if (strcmp(an, "rel") == 0 &&
			    strcmp((const char *)v, "nofollow noopener ugc") != 0)
				bad = 1;
			if (strcmp(an, "loading") == 0 && strcmp((const char *)v, "lazy") != 0)
				bad = 1;
			if (strcmp(an, "href") == 0 && !xmlHasProp(node, (const xmlChar *)"rel"))
				bad = 1;
			if (strcmp(an, "src") == 0 &&
			    (!xmlHasProp(node, (const xmlChar *)"alt") ||
			        !xmlHasProp(node, (const xmlChar *)"loading")))
				bad = 1;
			if (strcmp(an, "class") == 0) {
				const char *w = (const char *)v;

				while (*w) {
					size_t n = strcspn(w, " ");
					char *one = xstrndup(w, n);

					bad |= !word_in(one, allowed_classes);
					free(one);
					w += n;
					w += *w == ' ';
				}
			}
			if (bad)
				buf_printf(why, "%s=\"%s\" on <%s>", an, (const char *)v, name);
			xmlFree(v);
			if (bad)
				return -1;
		}
		if (tree_ok(node->children, depth + 1, why) == -1)
			return -1;
	}
	return 0;
}

/*
 * The structural check: 0 when html (a sanitizer output) is valid UTF-8,
 * well-formed XML, holds only allow-listed elements and attributes when
 * re-parsed as HTML, and sanitizes to itself. Else -1, and why.
 */
static int
structure_ok(const char *html, struct buf *why)
{
	struct buf in, again;
	xmlDocPtr xdoc;
	htmlDocPtr hdoc;
	int rc = -1;

	buf_reset(why);
	buf_init(&in, BUF_NOLIMIT);
	buf_init(&again, BUF_NOLIMIT);
	if (!utf8_valid(html, strlen(html))) {
		buf_adds(why, "invalid UTF-8");
		goto out;
	}
	buf_printf(&in, "<root>%s</root>", html);
	xdoc = xmlReadMemory(in.data, (int)in.len, NULL, "UTF-8",
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
	if (xdoc == NULL) {
		buf_adds(why, "not well-formed XML");
		goto out;
	}
	if (tree_ok(xmlDocGetRootElement(xdoc), 0, why) == -1) {
		xmlFreeDoc(xdoc);
		goto out;
	}
	xmlFreeDoc(xdoc);
	buf_reset(&in);
	buf_printf(&in, "<div>%s</div>", html);
	hdoc = htmlReadMemory(in.data, (int)in.len, NULL, "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NOIMPLIED |
	        HTML_PARSE_NODEFDTD | XML_PARSE_HUGE);
	if (hdoc == NULL) {
		buf_adds(why, "HTML parse failed");
		goto out;
	}
	if (tree_ok(hdoc->children, 0, why) == -1) {
		xmlFreeDoc(hdoc);
		goto out;
	}
	xmlFreeDoc(hdoc);
	if (sanitize_html(&again, html, NULL) == -1 || strcmp(again.data, html) != 0) {
		buf_printf(why, "not stable: sanitized again gives \"%s\"", again.data);
		goto out;
	}
	rc = 0;
out:
	buf_release(&in);
	buf_release(&again);
	return rc;
}

/* The check itself must catch what it is there to catch. */
static void
test_checker(void)
{
	static const char *const bad[] = {
	    "<script>alert(1)</script>",
	    "<b onclick=\"alert(1)\">x</b>",
	    "<a href=\"javascript:alert(1)\" rel=\"nofollow noopener ugc\">x</a>",
	    "<a href=\"https://e.example/\">no rel</a>",
	    "<p>unclosed",
	    "<div>x</div>",
	    "<img src=\"https://e.example/i.png\" />",
	    "<span class=\"evil\">x</span>",
	    "<img src=\"mailto:a@b\" alt=\"\" />",
	    "<!-- comment -->",
	    "<p style=\"x\">x</p>",
	    "\xff",
	    "<p>unstable &amp;lt;<h1>x</h1></p>",
	};
	struct buf why;
	size_t i;

	buf_init(&why, BUF_NOLIMIT);
	for (i = 0; i < ARRAY_LEN(bad); i++)
		CHECK(structure_ok(bad[i], &why) == -1, "the structural check refuses %s (%s)",
		    visible(bad[i]), why.data);
	CHECK(structure_ok("<p><a href=\"https://e.example/\" class=\"u-url mention\" "
	                   "rel=\"nofollow noopener ugc\">x</a><br /></p>",
	          &why) == 0,
	    "the structural check accepts a kept link%s%s", why.len ? ": " : "", why.data);
	buf_release(&why);
}

static char *
sanitize(const char *html, const char *base)
{
	struct buf b;

	buf_init(&b, BUF_NOLIMIT);
	if (sanitize_html(&b, html, base) == -1) {
		buf_release(&b);
		return xstrdup("(failed)");
	}
	return buf_detach(&b);
}

/* The fast path and libxml2's agree on html, or the fast path declines. */
static size_t paths_fast, paths_total, paths_differ;

static void
paths_agree(const char *html, const char *base, const char *what)
{
	struct buf fast, slow;
	int r;

	buf_init(&fast, BUF_NOLIMIT);
	buf_init(&slow, BUF_NOLIMIT);
	r = sanitize_html_path(&fast, html, base, SANITIZE_FAST);
	paths_total++;
	if (r == 0) {
		paths_fast++;
		sanitize_html_path(&slow, html, base, SANITIZE_LIBXML2);
		if (strcmp(fast.data, slow.data) != 0) {
			paths_differ++;
			CHECK_STR(
			    fast.data, slow.data, "%s: the fast path gives libxml2's output", what);
		}
	} else if (r != 1 || fast.len != 0) {
		CHECK(0, "%s: the fast path declines cleanly (%d)", what, r);
	}
	buf_release(&fast);
	buf_release(&slow);
}

static void
test_fixtures(void)
{
	struct sanitize_cases cases;
	struct buf why;
	size_t i, safe = 0;

	buf_init(&why, BUF_NOLIMIT);
	if (sanitize_cases_load(&cases, "tests/fixtures/sanitize") == -1) {
		CHECK(0, "fixtures load from tests/fixtures/sanitize");
		return;
	}
	CHECK(cases.n >= 100, "at least 100 fixture cases (%zu)", cases.n);
	for (i = 0; i < cases.n; i++) {
		const struct sanitize_case *c = &cases.v[i];
		char *got = sanitize(c->input, c->base);

		CHECK_STR(got, c->output, "%s: %s", c->file, c->name);
		paths_agree(c->input, c->base, c->name);
		if (structure_ok(got, &why) == 0)
			safe++;
		else
			CHECK(0, "%s: %s: output structure: %s", c->file, c->name, why.data);
		free(got);
	}
	CHECK(safe == cases.n, "every fixture output passes the structural check (%zu/%zu)", safe,
	    cases.n);
	sanitize_cases_free(&cases);
	buf_release(&why);
}

static void
test_urls(void)
{
	static const char *const refused[] = {
	    "javascript:alert(1)",
	    "JaVaScRiPt:alert(1)",
	    " javascript:alert(1)",
	    "jav&#x09;ascript:alert(1)",
	    "jav\tascript:alert(1)",
	    "java\nscript:alert(1)",
	    "&#106;avascript:alert(1)",
	    "&#x6A;avascript:alert(1)",
	    /* one string, too long for a line: parenthesised so clang does not
	     * take the concatenation for a missing comma */
	    ("&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105"
	     "&#0000112&#0000116&#0000058alert(1)"),
	    "&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)",
	    "javascript&colon;alert(1)",
	    "java&Tab;script:alert(1)",
	    "java&NewLine;script:alert(1)",
	    "java\x01script:alert(1)",
	    "\x01\x02 javascript:alert(1)",
	    "vbscript:msgbox(1)",
	    "VBSCRIPT:x",
	    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
	    "data:image/svg+xml,<svg onload=alert(1)>",
	    "file:///etc/passwd",
	    "livescript:x",
	    "mocha:x",
	    "ftp://example.com/",
	    "//example.com/",
	    "/relative",
	    "relative",
	    "#frag",
	    "",
	    "http",
	    "h\xc3\xa9ttp://x",
	    "\xe2\x80\x8bjavascript:alert(1)",
	    "\xff",
	    "javascript\xc2\x85:x",
	};
	static const char *const accepted[] = {
	    "http://example.com/",
	    "https://example.com/a?b=c&d=e#f",
	    "HTTPS://EXAMPLE.COM",
	    "mailto:someone@example.com",
	    " https://example.com/ ",
	    "ht&#x09;tp://x",
	    "&#104;ttps://example.com/",
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(refused); i++)
		CHECK(!sanitize_url_ok(refused[i]), "URL refused: %s", visible(refused[i]));
	for (i = 0; i < ARRAY_LEN(accepted); i++)
		CHECK(sanitize_url_ok(accepted[i]), "URL accepted: %s", visible(accepted[i]));
	CHECK(!sanitize_url_ok(NULL), "NULL URL refused");
	{
		/* Skipped characters must not cost more than once each. */
		struct buf b;

		buf_init(&b, BUF_NOLIMIT);
		for (i = 0; i < 200000; i++)
			buf_adds(&b, "&#1; ");
		buf_adds(&b, "javascript:alert(1)");
		CHECK(!sanitize_url_ok(b.data), "1 MB of skipped characters, then javascript:");
		buf_release(&b);
	}
}

static void
test_bytes(void)
{
	char *got;
	struct buf b, why;
	size_t i;

	buf_init(&why, BUF_NOLIMIT);
	got = sanitize("caf\xc3\xa9 \xff\xfe <b>\xe2\x82</b> d\xc3\xa9j\xc3\xa0", NULL);
	CHECK_STR(got,
	    "caf\xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd <b>\xef\xbf\xbd\xef\xbf\xbd</b> "
	    "d\xc3\xa9j\xc3\xa0",
	    "invalid UTF-8 becomes U+FFFD, the rest stays UTF-8");
	free(got);
	got = sanitize("a\x01\x02\x1b[31mb\x7f<a href=\"java\x01script:alert(1)\">c</a>", NULL);
	CHECK_STR(got, "a[31mbc", "control characters dropped, in text and in URLs");
	free(got);
	got = sanitize("<a href=\"https://example.com/\x01x\">l</a>", NULL);
	CHECK_STR(got, "<a href=\"https://example.com/%01x\" rel=\"nofollow noopener ugc\">l</a>",
	    "a control character inside a URL is percent-encoded");
	free(got);
	got = sanitize("", NULL);
	CHECK_STR(got, "", "empty input, empty output");
	free(got);

	/* Long UTF-8 text stays UTF-8: libxml2 falls back to Latin-1 when it
	 * doubts the encoding, and input buffers are read in chunks. */
	buf_init(&b, BUF_NOLIMIT);
	for (i = 0; i < 3000; i++)
		buf_adds(&b,
		    i % 7 ? "\xd0\x9f\xd1\x80\xd0\xb8 " : "<b>\xe4\xb8\x96\xf0\x9f\x8e\x89</b> ");
	got = sanitize(b.data, NULL);
	CHECK_STR(got, b.data, "30 kB of Cyrillic, CJK and emoji come out unchanged");
	free(got);
	buf_release(&b);

	/* Tags keep their first 100 attributes: libxml2 is quadratic in them. */
	buf_init(&b, BUF_NOLIMIT);
	buf_adds(&b, "<p title=\"first\"");
	for (i = 0; i < 40000; i++)
		buf_printf(&b, " a%zu='>%zu'", i, i);
	buf_adds(&b, " lang=\"fr\">kept <b x=1 lang=\"de\">text</b></p>");
	got = sanitize(b.data, NULL);
	CHECK_STR(got, "<p title=\"first\">kept <b lang=\"de\">text</b></p>",
	    "a tag with 40,000 attributes keeps its first ones, and the text after it");
	free(got);
	buf_release(&b);

	/* Past 20,000 start and end tags, end tags go: libxml2 is quadratic. */
	buf_init(&b, BUF_NOLIMIT);
	for (i = 0; i < 20000; i++)
		buf_adds(&b, "<i>");
	for (i = 0; i < 20000; i++)
		buf_adds(&b, "</x>");
	buf_adds(&b, "<b>bold</b> after<script>alert(1)</script>");
	got = sanitize(b.data, NULL);
	CHECK(strstr(got, "<b>bold after</b>") != NULL,
	    "20,000 open tags and 20,000 end tags: the end tags are taken out");
	CHECK(structure_ok(got, &why) == 0, "and the output is still safe%s%s", why.len ? ": " : "",
	    why.data);
	free(got);
	buf_release(&b);

	/* A full buffer fails and leaves what was there. */
	buf_init(&b, 16);
	buf_adds(&b, "keep");
	CHECK(sanitize_html(&b, "<p>a paragraph longer than the room left</p>", NULL) == -1,
	    "output past the buffer's maximum fails");
	CHECK_STR(b.data, "keep", "a failed sanitize leaves the buffer as it was");
	CHECK(sanitize_html(&b, "<b>ok</b>", NULL) == 0, "the sanitizer works after a failure");
	CHECK_STR(b.data, "keep<b>ok</b>", "and appends");
	buf_release(&b);

	/* Deep nesting and many elements stay balanced. */
	buf_init(&b, BUF_NOLIMIT);
	for (i = 0; i < 5000; i++)
		buf_adds(&b, i % 2 ? "<em>" : "<div><blockquote>");
	buf_adds(&b, "deep<script>alert(1)");
	got = sanitize(b.data, NULL);
	CHECK(structure_ok(got, &why) == 0, "5000 nested elements come out balanced and safe%s%s",
	    why.len ? ": " : "", why.data);
	free(got);
	buf_release(&b);

	/* Enough calls to remake the parser context. */
	for (i = 0; i < 5000; i++) {
		got = sanitize("<p>x<script>alert(1)</script></p>", NULL);
		if (strcmp(got, "<p>x</p>") != 0)
			break;
		free(got);
		got = NULL;
	}
	CHECK(got == NULL, "5000 calls in a row give the same output");
	free(got);
	buf_release(&why);
}

/* A small deterministic generator, so a failure replays. */
static unsigned long mutate_state = 20260201;

static size_t
mutate_rand(size_t n)
{
	mutate_state = mutate_state * 6364136223846793005UL + 1442695040888963407UL;
	return n ? (size_t)((mutate_state >> 33) % n) : 0;
}

/*
 * Mutation testing: fixture inputs cut, spliced and sprinkled with the
 * pieces hostile markup is made of, each output put through the structural
 * check. Deterministic; the failing input is printed.
 */
static void
test_mutations(void)
{
	static const char *const pieces[] = {
	    "<",
	    ">",
	    "\"",
	    "'",
	    "=",
	    "/",
	    "&",
	    "&#",
	    ";",
	    "`",
	    " ",
	    "\n",
	    "\t",
	    "<script>",
	    "</script>",
	    "<!--",
	    "-->",
	    "--!>",
	    "<![CDATA[",
	    "]]>",
	    "<?",
	    "<svg>",
	    "</svg>",
	    "<math>",
	    "<mtext>",
	    "<mglyph>",
	    "<style>",
	    "</style>",
	    "<template>",
	    "<noscript>",
	    "</noscript>",
	    "<textarea>",
	    "<title>",
	    "<xmp>",
	    "<iframe srcdoc=\"",
	    "<a href=\"",
	    "<a href=",
	    "</a>",
	    "<img src=",
	    " onerror=alert(1)",
	    " onclick=",
	    " style=",
	    "javascript:",
	    "&#106;",
	    "&colon;",
	    "java&#x09;script:",
	    "http://x/",
	    "<p>",
	    "</p>",
	    "<div>",
	    "</div>",
	    "<table>",
	    "<li>",
	    "<h1>",
	    "<span class=\"invisible\">",
	    "</span>",
	    "<br>",
	    "<plaintext>",
	    "<base href=",
	    "<meta http-equiv=refresh content=",
	    "\xc3\xa9",
	    "\xff",
	    "\xe2\x80",
	};
	struct sanitize_cases cases;
	struct buf in, why;
	size_t round, safe = 0, rounds = 3000;
	const char *env;

	/* SANITIZE_MUTATIONS=N [SANITIZE_SEED=S] for a longer hunt. */
	if ((env = getenv("SANITIZE_MUTATIONS")) != NULL && strtoul(env, NULL, 10) > 0)
		rounds = strtoul(env, NULL, 10);
	if ((env = getenv("SANITIZE_SEED")) != NULL)
		mutate_state = strtoul(env, NULL, 10);

	if (sanitize_cases_load(&cases, "tests/fixtures/sanitize") == -1 || cases.n == 0) {
		CHECK(0, "mutations: fixtures load");
		return;
	}
	buf_init(&in, BUF_NOLIMIT);
	buf_init(&why, BUF_NOLIMIT);
	for (round = 0; round < rounds; round++) {
		const char *a = cases.v[mutate_rand(cases.n)].input;
		const char *b = cases.v[mutate_rand(cases.n)].input;
		size_t edits = 1 + mutate_rand(6), e;
		char *got;

		buf_reset(&in);
		buf_adds(&in, a);
		for (e = 0; e < edits; e++) {
			size_t at = mutate_rand(in.len + 1), blen = strlen(b), from, len;
			char *tail = xstrdup(in.data + at);

			buf_truncate(&in, at);
			switch (mutate_rand(4)) {
			case 0: /* insert a piece */
				buf_adds(&in, pieces[mutate_rand(ARRAY_LEN(pieces))]);
				buf_adds(&in, tail);
				break;
			case 1: /* delete a run */
				len = mutate_rand(12);
				buf_adds(&in, tail + (len < strlen(tail) ? len : strlen(tail)));
				break;
			case 2: /* splice in part of another case */
				from = mutate_rand(blen + 1);
				len = mutate_rand(blen - from + 1);
				buf_add(&in, b + from, len);
				buf_adds(&in, tail);
				break;
			default: /* repeat what follows */
				len = mutate_rand(strlen(tail) + 1);
				buf_add(&in, tail, len);
				buf_adds(&in, tail);
				break;
			}
			free(tail);
		}
		got = sanitize(in.data, mutate_rand(2) ? "https://example.com/d/" : NULL);
		if (structure_ok(got, &why) == 0)
			safe++;
		else {
			CHECK(0, "mutation %zu: %s", round, why.data);
			printf("#   input:  %s\n", visible(in.data));
			printf("#   output: %s\n", visible(got));
		}
		free(got);
	}
	CHECK(safe == rounds, "%zu mutated hostile inputs all sanitize to safe, stable output",
	    rounds);
	buf_release(&in);
	buf_release(&why);
	sanitize_cases_free(&cases);
}

/* Decode base64 (feedparser's mode="base64" content) in place. */
static void
base64_decode(char *s)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long acc = 0;
	int bits = 0;
	char *w = s;
	const char *r, *pos;

	for (r = s; *r && *r != '='; r++) {
		if ((pos = strchr(alphabet, *r)) == NULL || *r == '\0')
			continue;
		acc = (acc << 6) | (unsigned long)(pos - alphabet);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			*w++ = (char)((acc >> bits) & 0xff);
		}
	}
	*w = '\0';
}

static int
payload_element(const char *name)
{
	static const char names[] = " title subtitle tagline info copyright rights description "
	                            "content summary body fullitem encoded ";

	return word_in(name, names);
}

/* Run the structural check over every payload in the tree under node. */
static void
corpus_walk(xmlNodePtr node, const char *file, size_t *safe, size_t *total, struct buf *why)
{
	for (; node; node = node->next) {
		xmlNodePtr child;
		int has_elements = 0;
		char *payload;
		xmlChar *mode;
		char *got;

		if (node->type != XML_ELEMENT_NODE)
			continue;
		if (!payload_element((const char *)node->name)) {
			corpus_walk(node->children, file, safe, total, why);
			continue;
		}
		for (child = node->children; child; child = child->next)
			has_elements |= child->type == XML_ELEMENT_NODE;
		if (has_elements) {
			xmlBufferPtr xb = xmlBufferCreate();

			for (child = node->children; child; child = child->next)
				xmlNodeDump(xb, node->doc, child, 0, 0);
			payload = xstrdup((const char *)xmlBufferContent(xb));
			xmlBufferFree(xb);
		} else {
			xmlChar *text = xmlNodeGetContent(node);

			payload = xstrdup(text ? (const char *)text : "");
			xmlFree(text);
		}
		mode = xmlGetProp(node, (const xmlChar *)"mode");
		if (mode && strcmp((const char *)mode, "base64") == 0)
			base64_decode(payload);
		xmlFree(mode);
		got = sanitize(payload, "http://example.com/feed/");
		paths_agree(payload, "http://example.com/feed/", file);
		(*total)++;
		if (structure_ok(got, why) == 0)
			(*safe)++;
		else
			CHECK(0, "corpus %s: %s", file, why->data);
		free(got);
		free(payload);
	}
}

/* The vendored corpus (tests/corpus/feedparser): unit tests run from the top. */
static const char *
corpus_dir(void)
{
	return "tests/corpus/feedparser/wellformed/sanitize";
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_corpus(void)
{
	const char *dir = corpus_dir();
	struct dirent *de;
	char **files = NULL;
	size_t nfiles = 0, i, safe = 0, total = 0;
	struct buf why;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		CHECK(0, "corpus %s: %s", dir, strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n > 4 && strcmp(de->d_name + n - 4, ".xml") == 0) {
			files = xreallocarray(files, nfiles + 1, sizeof *files);
			files[nfiles++] = xasprintf("%s/%s", dir, de->d_name);
		}
	}
	closedir(d);
	qsort(files, nfiles, sizeof *files, name_cmp);
	buf_init(&why, BUF_NOLIMIT);
	for (i = 0; i < nfiles; i++) {
		xmlDocPtr doc = xmlReadFile(files[i], NULL,
		    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_RECOVER);

		if (doc == NULL) {
			CHECK(0, "corpus %s parses as XML", files[i]);
			continue;
		}
		corpus_walk(xmlDocGetRootElement(doc), files[i], &safe, &total, &why);
		xmlFreeDoc(doc);
		free(files[i]);
	}
	free(files);
	buf_release(&why);
	printf("# sanitize corpus: %zu/%zu\n", safe, total);
	CHECK(nfiles >= 700 && total >= nfiles, "corpus: %zu files, %zu payloads", nfiles, total);
	CHECK(safe == total, "corpus: every payload sanitizes to a safe, stable output");
}

int
main(void)
{
	test_urls();
	test_checker();
	test_bytes();
	test_fixtures();
	test_mutations();
	test_corpus();
	printf("# fast path: %zu of %zu inputs, the same output as libxml2 on each\n", paths_fast,
	    paths_total);
	CHECK(paths_fast > 0 && paths_differ == 0, "the fast path agrees with libxml2 (%zu differ)",
	    paths_differ);
	xmlCleanupParser();
	UNIT_DONE();
}
