/*
 * mustache.c - the Mustache engine: every test of the official spec files
 * (tests/corpus/mustache-spec/, one JSON file a topic), then the engine's own behaviour:
 * error messages, streams, escaping, names, standalone lines, partial
 * indentation, the recursion bound and write errors.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "mustache.h"
#include "unit.h"
#include "util.h"

/* Spec */

static const char *spec_files[] = {
    "comments",
    "delimiters",
    "interpolation",
    "inverted",
    "partials",
    "sections",
};

static char *
spec_partial(void *arg, const char *name, char **label)
{
	(void)label;
	json_t *v = json_object_get(arg, name);

	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

/*
 * Where the engine makes the choice the spec leaves (mustache.h): {{x}}
 * writes '{' as "&#123;" too, which shows the same, so "{{planet}}"
 * interpolated is not read as a tag by a template language either.
 */
static const char *
spec_choice(const char *file, const char *name, const char *want)
{
	if (strcmp(file, "interpolation") == 0 && strcmp(name, "No Re-interpolation") == 0)
		return "&#123;&#123;planet}}: Earth";
	return want;
}

/* The vendored spec (tests/corpus/mustache-spec): unit tests run from the top. */
static char *
spec_dir(void)
{
	return xstrdup("tests/corpus/mustache-spec");
}

static void
test_spec(void)
{
	char *dir = spec_dir();
	int passed = 0, total = 0;

	for (size_t f = 0; f < ARRAY_LEN(spec_files); f++) {
		char *path = xasprintf("%s/%s.json", dir, spec_files[f]);
		json_error_t je;
		json_t *root = json_load_file(path, 0, &je);
		json_t *tests = json_object_get(root, "tests"), *tc;
		size_t i;

		CHECK(json_is_array(tests), "spec file %s loads (%s)", path, root ? "ok" : je.text);
		json_array_foreach(tests, i, tc)
		{
			const char *name = json_string_value(json_object_get(tc, "name"));
			const char *tmpl = json_string_value(json_object_get(tc, "template"));
			const char *want = spec_choice(spec_files[f], name,
			    json_string_value(json_object_get(tc, "expected")));
			struct mustache_render_opts opts = {
			    .partial = spec_partial,
			    .partial_arg = json_object_get(tc, "partials"),
			};
			struct buf out;
			struct err e;
			int rc;

			buf_init(&out, BUF_NOLIMIT);
			rc = mustache_render_string(
			    name, tmpl ? tmpl : "", json_object_get(tc, "data"), &opts, &out, &e);
			total++;
			if (rc == 0 && want && strcmp(out.data, want) == 0)
				passed++;
			else if (rc == -1)
				printf("#   error: %s\n", e.msg);
			CHECK_STR(
			    rc == 0 ? out.data : NULL, want, "spec %s: %s", spec_files[f], name);
			buf_release(&out);
		}
		json_decref(root);
		free(path);
	}
	printf("# spec: %d/%d\n", passed, total);
	CHECK(total == 136, "the spec has 136 tests (found %d in %s)", total, dir);
	free(dir);
}

/* Helpers */

/* Render text with data given as JSON text; returns the output or "ERROR: msg". */
static char *
render(const char *text, const char *data, const struct mustache_render_opts *opts)
{
	static char result[4096];
	json_t *d = data ? json_loads(data, JSON_DECODE_ANY, NULL) : NULL;
	struct buf out;
	struct err e;

	buf_init(&out, BUF_NOLIMIT);
	if (mustache_render_string("t.mustache", text, d, opts, &out, &e) == 0)
		snprintf(result, sizeof result, "%s", out.data);
	else
		snprintf(result, sizeof result, "ERROR: %s", e.msg);
	buf_release(&out);
	json_decref(d);
	return result;
}

static void
test_errors(void)
{
	CHECK_STR(render("a\n{{#items}}\nx\n", "{}", NULL),
	    "ERROR: t.mustache:2: unclosed section 'items'",
	    "unclosed section names file and line");
	CHECK_STR(render("{{#a}}\n {{#b}}\n{{/a}}\n", "{}", NULL),
	    "ERROR: t.mustache:3: mismatched closing tag 'a': section 'b' (line 2) is open",
	    "mismatched closing tag");
	CHECK_STR(render("x\n{{/a}}", "{}", NULL),
	    "ERROR: t.mustache:2: closing tag 'a' without an open section",
	    "closing tag without a section");
	CHECK_STR(render("one\ntwo\n{{=<% %>}}\n", "{}", NULL),
	    "ERROR: t.mustache:3: bad delimiter tag (want {{=OPEN CLOSE=}})",
	    "delimiter tag without its closing '='");
	CHECK_STR(render("{{=<%=}}", "{}", NULL),
	    "ERROR: t.mustache:1: bad delimiter tag (want {{=OPEN CLOSE=}}, two words without '=')",
	    "delimiter tag with one delimiter");
	CHECK_STR(render("{{= a b c =}}", "{}", NULL),
	    "ERROR: t.mustache:1: bad delimiter tag (want {{=OPEN CLOSE=}}, two words without '=')",
	    "delimiter tag with three words");
	CHECK_STR(render("a\n\nb {{name\n", "{}", NULL), "ERROR: t.mustache:3: unclosed tag",
	    "unclosed tag");
	CHECK_STR(render("{{{name}}", "{}", NULL), "ERROR: t.mustache:1: unclosed tag",
	    "triple mustache without its third brace");
	CHECK_STR(render("x {{ }}", "{}", NULL), "ERROR: t.mustache:1: empty tag", "empty tag");
	CHECK_STR(render("{{a..b}}", "{}", NULL), "ERROR: t.mustache:1: bad name 'a..b'",
	    "empty part in a dotted name");
	CHECK_STR(render("{{=| |=}}\n|#a|\n|/b|", "{}", NULL),
	    "ERROR: t.mustache:3: mismatched closing tag 'b': section 'a' (line 2) is open",
	    "errors after a delimiter change count lines right");

	struct mustache_template *t = (struct mustache_template *)1;
	struct err e;
	CHECK(mustache_compile("x", "{{#a}}", &t, &e) == -1 && t == NULL,
	    "a failed compile leaves *out NULL");
}

/* Streams */

struct counter {
	size_t n;       /* items in the list */
	size_t calls;   /* next() calls */
	size_t fail_at; /* fail when asked for this index (0: never) */
};

static int
count_next(void *arg, size_t i, struct mustache_item *item, struct err *e)
{
	struct counter *c = arg;

	c->calls++;
	if (c->fail_at && i == c->fail_at)
		return err_set(e, ERR_FAIL, "reading item %zu: disk on fire", i);
	if (i >= c->n)
		return 0;
	item->json = json_pack("{s:I, s:s}", "n", (json_int_t)i, "text", i % 2 ? "odd" : "<even>");
	return 1;
}

static void
test_streams(void)
{
	struct counter c = {3, 0, 0};
	struct mustache_stream st = {"items", count_next, &c};
	struct mustache_render_opts opts = {.streams = &st, .nstreams = 1};

	CHECK_STR(
	    render("{{#items}}{{n}}:{{text}} {{/items}}|{{#items}}{{n}}{{/items}}", "{}", &opts),
	    "0:&lt;even&gt; 1:odd 2:&lt;even&gt; |012", "a stream iterated twice");
	CHECK_STR(render("{{#story}}[{{title}}: {{#items}}{{n}}{{title}}{{/items}}]{{/story}}",
	              "{\"story\": {\"title\": \"T\"}}", &opts),
	    "[T: 0T1T2T]", "a stream inside another section sees the outer context");
	CHECK_STR(render("{{#items}}x{{/items}}", "{\"items\": [\"a\"]}", &opts), "x",
	    "the data wins over a stream of the same name");
	CHECK_STR(render("{{^items}}none{{/items}}", "{}", &opts), "",
	    "inverted section over a non-empty stream");
	c.n = 0;
	CHECK_STR(render("{{^items}}none{{/items}}{{#items}}x{{/items}}", "{}", &opts), "none",
	    "inverted section over an empty stream");
	c = (struct counter){10, 0, 4};
	CHECK_STR(render("{{#items}}{{n}}{{/items}}", "{}", &opts),
	    "ERROR: reading item 4: disk on fire", "a stream's error stops rendering");
	CHECK(c.calls == 5, "no call after the failing one (%zu calls)", c.calls);
}

static int
fail_next(void *arg, size_t i, struct mustache_item *item, struct err *e)
{
	(void)arg, (void)i, (void)item, (void)e;
	return -1;
}

/* A stream of light trees (mtree.h): one tree rebuilt for each element. */
static int
tree_next(void *arg, size_t i, struct mustache_item *item, struct err *e)
{
	struct mt_tree *t = arg;
	uint32_t o, a, in;

	(void)e;
	if (i >= 2)
		return 0;
	mt_reset(t);
	o = mt_obj(t);
	mt_set(t, o, "n", mt_int(t, (int64_t)i));
	mt_set(t, o, "text", mt_strn(t, i ? "it's" : "<b>", i ? 4 : 3));
	mt_set(t, o, "empty", mt_strn(t, "", 0));
	mt_set(t, o, "yes", mt_bool(t, 1));
	mt_set(t, o, "no", mt_bool(t, 0));
	mt_set(t, o, "nothing", mt_null(t));
	a = mt_arr(t);
	mt_push(t, a, mt_strn(t, "a", 1));
	mt_push(t, a, mt_strn(t, "b&", 2));
	mt_set(t, o, "tags", a);
	mt_set(t, o, "none", mt_arr(t));
	in = mt_obj(t);
	mt_set(t, in, "name", mt_strn(t, "inner", 5));
	mt_set(t, o, "inner", in);
	mt_set(t, o, "j", mt_json(t, json_pack("{s:s}", "k", "from jansson")));
	item->tree = t;
	item->node = o;
	return 1;
}

static void
test_tree_stream(void)
{
	struct mt_tree t;
	struct mustache_stream st = {"items", tree_next, &t};
	struct mustache_render_opts opts = {.streams = &st, .nstreams = 1};
	json_t *j;
	char *s;

	mt_init(&t);
	CHECK_STR(render("{{#items}}{{n}}:{{text}}:{{{text}}} {{/items}}", "{}", &opts),
	    "0:&lt;b&gt;:<b> 1:it&#39;s:it's ", "tree strings and integers, escaped and raw");
	CHECK_STR(render("{{#items}}{{#tags}}[{{.}}]{{/tags}}{{^none}}none{{/none}}"
	                 "{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}{{#yes}}Y{{yes}}{{/yes}}"
	                 "{{#no}}N{{/no}}{{no}}{{^nothing}}0{{/nothing}}{{n}}|{{/items}}",
	              "{}", &opts),
	    "[a][b&amp;]noneeYtruefalse00|[a][b&amp;]noneeYtruefalse01|",
	    "tree lists, booleans, null and empty strings as jansson's");
	CHECK_STR(render("{{#items}}{{inner.name}}{{#inner}}/{{name}}/{{n}}{{/inner}}"
	                 "{{j.k}}{{#j}}:{{k}}{{/j}}{{missing.name}}{{n.x}}{{/items}}",
	              "{\"title\": \"T\"}", &opts),
	    "inner/inner/0from jansson:from janssoninner/inner/1from jansson:from jansson",
	    "tree objects, dotted names, the stack below, a jansson value inside a tree");
	j = mt_to_json(&t, 1);
	s = json_dumps(j, JSON_PRESERVE_ORDER | JSON_COMPACT);
	CHECK_STR(s,
	    "{\"n\":1,\"text\":\"it's\",\"empty\":\"\",\"yes\":true,\"no\":false,"
	    "\"nothing\":null,\"tags\":[\"a\",\"b&\"],\"none\":[],"
	    "\"inner\":{\"name\":\"inner\"},\"j\":{\"k\":\"from jansson\"}}",
	    "a tree as jansson, in the order it was built");
	free(s);
	json_decref(j);
	mt_release(&t);
}

/* One element whose "v" is each of a few integers in turn. */
static int
int_next(void *arg, size_t i, struct mustache_item *item, struct err *e)
{
	static const int64_t v[] = {0, 7, -1234567, INT64_MAX, INT64_MIN};
	struct mt_tree *t = arg;
	uint32_t o;

	(void)e;
	if (i >= sizeof v / sizeof v[0])
		return 0;
	mt_reset(t);
	o = mt_obj(t);
	mt_set(t, o, "v", mt_int(t, v[i]));
	item->tree = t;
	item->node = o;
	return 1;
}

static void
test_tree_ints(void)
{
	struct mt_tree t;
	struct mustache_stream st = {"items", int_next, &t};
	struct mustache_render_opts opts = {.streams = &st, .nstreams = 1};

	mt_init(&t);
	CHECK_STR(render("{{#items}}{{v}} {{/items}}", "{}", &opts),
	    "0 7 -1234567 9223372036854775807 -9223372036854775808 ",
	    "tree integers, the extremes too");
	mt_release(&t);
}

static void
test_stream_silent_error(void)
{
	struct mustache_stream st = {"items", fail_next, NULL};
	struct mustache_render_opts opts = {.streams = &st, .nstreams = 1};

	CHECK_STR(render("\n{{#items}}x{{/items}}", "{}", &opts),
	    "ERROR: t.mustache:2: section 'items': reading the list failed",
	    "a stream failing without a message still gets one");
}

/* Values */

static void
test_values(void)
{
	CHECK_STR(render("{{x}}|{{{x}}}|{{&x}}", "{\"x\": \"& < > \\\" '\"}", NULL),
	    "&amp; &lt; &gt; &quot; &#39;|& < > \" '|& < > \" '", "escaping of & < > \" '");
	CHECK_STR(
	    render("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}}",
	        "{\"a\": 85, \"b\": 1.21, \"c\": -0.5, \"d\": 1e300, \"e\": 0.30000000000000004, "
	        "\"f\": 2.0}",
	        NULL),
	    "85 1.21 -0.5 1e+300 0.30000000000000004 2", "numbers in their shortest exact form");
	CHECK_STR(
	    render("{{t}} {{f}} [{{n}}] [{{o}}] [{{l}}]",
	        "{\"t\": true, \"f\": false, \"n\": null, \"o\": {\"a\": 1}, \"l\": [1]}", NULL),
	    "true false [] [] []", "booleans, null, objects and lists");
	CHECK_STR(
	    render(
	        "{{#s}}S{{/s}}{{^s}}s{{/s}} {{#z}}Z{{/z}}{{^z}}z{{/z}} {{#r}}R{{/r}}{{^r}}r{{/r}}"
	        " {{#o}}O{{/o}}{{^o}}o{{/o}}",
	        "{\"s\": \"\", \"z\": 0, \"r\": 0.0, \"o\": {}}", NULL),
	    "s z r O", "empty string and zero are falsey, an empty object is not");
	CHECK_STR(render("{{a.b.c}} {{#a}}{{b.c}}{{/a}} {{a.x.c}} {{#a.b}}{{c}}{{/a.b}}",
	              "{\"a\": {\"b\": {\"c\": \"deep\"}}, \"x\": {\"c\": \"no\"}}", NULL),
	    "deep deep  deep", "dotted names");
	CHECK_STR(render("{{#l}}({{.}}){{/l}} {{#l}}{{#.}}{{.}}{{/.}}{{/l}}",
	              "{\"l\": [\"<a>\", 2, [3, 4]]}", NULL),
	    "(&lt;a&gt;)(2)() &lt;a&gt;234", "implicit iterator");
	CHECK_STR(render("{{.}}", "\"top\"", NULL), "top", "implicit iterator at the root");
	CHECK_STR(render("[{{x}}{{#x}}y{{/x}}]", NULL, NULL), "[]", "no data at all");
	CHECK_STR(render("{{ #a }}[{{ b }}]{{ /a }}", "{\"a\": {\"b\": 1}}", NULL), "[1]",
	    "white space around the sigil");
}

static void
test_standalone(void)
{
	CHECK_STR(render("a\n  {{#x}}  \nb\n  {{/x}}\r\nc\n", "{\"x\": true}", NULL), "a\nb\nc\n",
	    "standalone section lines vanish with their blanks and line ending");
	CHECK_STR(render("a\n {{#x}} {{/x}} \nc", "{\"x\": true}", NULL), "a\n   \nc",
	    "two tags on a line are not standalone");
	CHECK_STR(render("a {{#x}}\nb{{/x}}", "{\"x\": true}", NULL), "a \nb",
	    "a tag after text is not standalone");
	CHECK_STR(render("a\n{{! c }}\n{{=<% %>=}}\n<%x%>\n", "{\"x\": 1}", NULL), "a\n1\n",
	    "standalone comment and delimiter lines");
	CHECK_STR(render("{{x}}\n", "{\"x\": 1}", NULL), "1\n", "a variable is never standalone");
	CHECK_STR(render("{{#a}}x{{/a}}{{! c }}y", "{\"a\": 1}", NULL), "xy",
	    "text after a closed section stays outside it");
	CHECK_STR(render("{{#a}}x{{/a}}{{! c }}y", "{\"a\": false}", NULL), "y",
	    "text after a closed section renders when the section does not");
}

static char *
map_partial(void *arg, const char *name, char **label)
{
	(void)label;
	const char *const *m = arg;

	for (; m[0]; m += 2)
		if (strcmp(m[0], name) == 0)
			return xstrdup(m[1]);
	return NULL;
}

static void
test_partials(void)
{
	const char *map[] = {
	    "outer",
	    "<ul>\n  {{>inner}}\n</ul>\n",
	    "inner",
	    "<li>{{v}}\n{{{multi}}}\n</li>\n",
	    "self",
	    "{{>self}}",
	    "loop",
	    "{{#a}}{{>loop}}{{/a}}",
	    "tree",
	    "{{name}}{{#kids}}({{>tree}}){{/kids}}",
	    "broken",
	    "ok\n{{#x}}",
	    NULL,
	};
	struct mustache_render_opts opts = {.partial = map_partial, .partial_arg = map};

	CHECK_STR(
	    render("<div>\n    {{>outer}}\n</div>\n", "{\"v\": 1, \"multi\": \"a\\nb\"}", &opts),
	    "<div>\n    <ul>\n      <li>1\n      a\nb\n      </li>\n    </ul>\n</div>\n",
	    "standalone partials indent every line of their text, nested ones add up, data not");
	CHECK_STR(render("x {{>inner}}", "{\"v\": 1, \"multi\": \"m\"}", &opts),
	    "x <li>1\nm\n</li>\n", "an inline partial is not indented");
	CHECK_STR(render("[{{>none}}]", "{}", &opts), "[]", "a missing partial renders empty");
	CHECK_STR(render("[{{>none}}]", "{}", NULL), "[]", "no loader: partials render empty");
	CHECK_STR(
	    render("{{>tree}}",
	        "{\"name\": \"a\", \"kids\": [{\"name\": \"b\", \"kids\": [{\"name\": \"c\", \"kids\": []}]},"
	        " {\"name\": \"d\", \"kids\": []}]}",
	        &opts),
	    "a(b(c))(d)", "recursive partial over data that ends");
	CHECK_STR(render("{{>self}}", "{}", &opts),
	    "ERROR: self:1: partial 'self' nested more than 256 deep (does it include itself "
	    "without end?)",
	    "a partial including itself without end fails instead of overflowing the stack");
	CHECK(str_startswith(render("{{>loop}}", "{\"a\": true}", &opts), "ERROR: loop:1: "),
	    "recursion through a section over data that does not end fails too");
	CHECK_STR(render("a\nx {{>broken}}", "{}", &opts),
	    "ERROR: broken:2: unclosed section 'x' (partial included at t.mustache:2)",
	    "an error in a partial names the partial, its line and where it was included");
}

static void
test_deep_sections(void)
{
	struct buf t;

	buf_init(&t, BUF_NOLIMIT);
	for (int i = 0; i < 300; i++)
		buf_adds(&t, "{{#a}}");
	for (int i = 0; i < 300; i++)
		buf_adds(&t, "{{/a}}");
	CHECK(str_startswith(
	          render(t.data, "{\"a\": true}", NULL), "ERROR: t.mustache:1: section 'a'"),
	    "sections nested too deep fail with an error");
	buf_release(&t);
}

/* Found by make fuzz: a sigil that is also the closing delimiter. */
static void
test_fuzz_regressions(void)
{
	CHECK(str_startswith(
	          render(" \t{{=w\t&=}}{=w\t&=", "{}", NULL), "ERROR: t.mustache:1: unclosed tag"),
	    "a sigil equal to the closing delimiter does not close the tag");
	CHECK_STR(render("{{=w &=}}w&x&", "{\"x\": \"<\"}", NULL), "<",
	    "with delimiters w and &, w&x& is a raw variable");
}

/* Garbage: random templates from tag pieces compile or fail with a located error. */
static void
test_garbage(void)
{
	static const char *pieces[] = {
	    "{{",
	    "}}",
	    "{{{",
	    "}}}",
	    "#",
	    "^",
	    "/",
	    ">",
	    "&",
	    "!",
	    "=",
	    "a",
	    "b",
	    ".",
	    " ",
	    "\n",
	    "\r\n",
	    "<%",
	    "%>",
	    "x",
	    "{{#a}}",
	    "{{/a}}",
	    "{{>p}}",
	    "{{=<% %>=}}",
	};
	const char *map[] = {"p", "[{{b}}{{#a}}{{>p}}{{/a}}]", NULL};
	struct mustache_render_opts opts = {.partial = map_partial, .partial_arg = map};
	json_t *data =
	    json_loads("{\"a\": [1, {\"b\": \"x\"}], \"b\": true, \"x\": \"<\"}", 0, NULL);
	unsigned long seed = 12345;
	int bad = 0, failed = 0, total = 2000;
	struct buf t, out;
	struct err e;

	buf_init(&t, BUF_NOLIMIT);
	buf_init(&out, BUF_NOLIMIT);
	for (int i = 0; i < total; i++) {
		buf_reset(&t);
		buf_reset(&out);
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		for (unsigned n = (unsigned)(seed >> 59); n-- > 0;) {
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			buf_adds(&t, pieces[(seed >> 33) % ARRAY_LEN(pieces)]);
		}
		if (mustache_render_string("t", t.data, data, &opts, &out, &e) == 0)
			continue;
		failed++;
		if (!str_startswith(e.msg, "t:") && !str_startswith(e.msg, "p:") && !bad++)
			printf("#   template \"%s\": %s\n", t.data, e.msg);
	}
	CHECK(bad == 0, "%d random templates render or fail with file:line (%d failed)", total,
	    failed);
	buf_release(&t);
	buf_release(&out);
	json_decref(data);
}

/* Output */

struct sink {
	size_t calls, bytes, biggest;
	size_t fail_after; /* fail once this many bytes were written (0: never) */
};

static int
sink_write(void *arg, const char *s, size_t n)
{
	struct sink *k = arg;

	(void)s;
	k->calls++;
	if (k->fail_after && k->bytes >= k->fail_after)
		return -1;
	k->bytes += n;
	if (n > k->biggest)
		k->biggest = n;
	return 0;
}

static void
test_output(void)
{
	struct counter c = {100000, 0, 0};
	struct mustache_stream st = {"items", count_next, &c};
	struct mustache_render_opts opts = {.streams = &st, .nstreams = 1};
	struct mustache_template *t;
	struct sink k = {0};
	struct err e;
	int rc;

	rc = mustache_compile("big", "{{#items}}<p>item {{n}}: {{text}}</p>\n{{/items}}", &t, &e);
	CHECK(rc == 0, "compile");
	rc = mustache_render(t, NULL, &opts, sink_write, &k, &e);
	CHECK(rc == 0 && c.calls == 100001, "100,000 streamed items render");
	CHECK(k.bytes > 2000000 && k.calls < k.bytes / 60000 + 2,
	    "output reaches the sink in large chunks (%zu bytes in %zu writes)", k.bytes, k.calls);
	CHECK(k.biggest < 70000, "chunks stay near 64 KiB (biggest %zu)", k.biggest);

	k = (struct sink){0, 0, 0, 1};
	c.calls = 0;
	rc = mustache_render(t, NULL, &opts, sink_write, &k, &e);
	CHECK(rc == -1 && strcmp(e.msg, "big: writing the output failed") == 0,
	    "a write error fails the render (%s)", e.msg);
	CHECK(k.calls == 2 && c.calls < 5000,
	    "a write error stops rendering (%zu writes, %zu items asked for)", k.calls, c.calls);
	mustache_free(t);
}

static void
collect_name(void *arg, const char *name)
{
	struct buf *b = arg;

	buf_adds(b, name);
	buf_addc(b, ' ');
}

/* Every name part the template and its partials read, each partial once. */
static void
test_names(void)
{
	const char *const partials[] = {"p",
	    "{{#author}}{{display}}{{/author}}{{> p}}{{> q}}", /* q: none */
	    "bad", "{{#open}}", NULL, NULL};
	struct mustache_template *t;
	struct buf b;
	struct err e;

	buf_init(&b, BUF_NOLIMIT);
	CHECK(mustache_compile("t", "{{a.b}}{{{c}}}{{^d}}{{.}}{{/d}}{{> p}}{{> p}}", &t, &e) == 0,
	    "compiles");
	CHECK(mustache_names(t, map_partial, (void *)partials, collect_name, &b) == 0, "names");
	CHECK_STR(b.data, "a b c d author display ",
	    "dotted names in parts, a section once, a partial once (itself inside too)");
	mustache_free(t);
	buf_reset(&b);
	CHECK(mustache_compile("t", "{{x}}{{#never}}{{> bad}}{{/never}}", &t, &e) == 0, "compiles");
	CHECK(mustache_names(t, map_partial, (void *)partials, collect_name, &b) == -1,
	    "a partial that does not compile: any name may be read");
	mustache_free(t);
	buf_release(&b);
}

int
main(void)
{
	test_spec();
	test_errors();
	test_streams();
	test_tree_stream();
	test_stream_silent_error();
	test_values();
	test_standalone();
	test_partials();
	test_names();
	test_tree_ints();
	test_deep_sections();
	test_garbage();
	test_fuzz_regressions();
	test_output();
	UNIT_DONE();
}
