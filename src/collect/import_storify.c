/*
 * import_storify.c - Storify stories, as exported at
 * storify.com/USER/SLUG.json or served by its v1 API ({"content": {...}}).
 *
 * A story is a list of elements. `text` elements are the curator's own
 * words: they become notes (their HTML turned into Markdown, since notes
 * are Markdown everywhere in storied). Every other element (quote, image,
 * video, link) is a post. Elements are handed over in story order, so the
 * story comes back whole.
 */
#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "incoming_internal.h"
#include "import.h"
#include "import_internal.h"

/* ---- HTML of a text element → Markdown ---- */

static int
safe_href(const char *href)
{
	return href &&
	    (str_casestartswith(href, "https://") || str_casestartswith(href, "http://") ||
	        str_casestartswith(href, "mailto:"));
}

/* Append text with white space folded, Markdown-escaped. */
static void
md_text(struct buf *b, const char *s)
{
	struct buf t;
	int space = b->len == 0 || b->data[b->len - 1] == '\n' || b->data[b->len - 1] == ' ';
	const char *p;

	buf_init(&t, BUF_NOLIMIT);
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			if (!space)
				buf_addc(&t, ' ');
			space = 1;
		} else {
			buf_addc(&t, *s);
			space = 0;
		}
	}
	/* esc_markdown treats its start as a line start; a space joining two
	 * inline runs is no indentation, so it goes in as it is. */
	p = t.data;
	if (*p == ' ') {
		buf_addc(b, ' ');
		p++;
	}
	esc_markdown(b, p);
	buf_release(&t);
}

static void
md_block_break(struct buf *b)
{
	while (b->len > 0 && b->data[b->len - 1] == ' ')
		buf_truncate(b, b->len - 1);
	if (b->len == 0)
		return;
	if (b->data[b->len - 1] != '\n')
		buf_addc(b, '\n');
	if (b->len < 2 || b->data[b->len - 2] != '\n')
		buf_addc(b, '\n');
}

static void md_nodes(struct buf *b, xmlNode *n, int depth);

static void
md_node(struct buf *b, xmlNode *n, int depth)
{
	const char *name = (const char *)n->name;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		md_text(b, (const char *)n->content);
		return;
	}
	if (n->type != XML_ELEMENT_NODE || depth > 64)
		return;
	if (strcmp(name, "script") == 0 || strcmp(name, "style") == 0)
		return;
	if (strcmp(name, "br") == 0) {
		buf_adds(b, "\\\n");
	} else if (strcmp(name, "a") == 0) {
		char *href = (char *)xmlGetProp(n, (const xmlChar *)"href");
		if (safe_href(href) && strpbrk(href, " <>()") == NULL) {
			buf_addc(b, '[');
			md_nodes(b, n->children, depth + 1);
			buf_printf(b, "](%s)", href);
		} else {
			md_nodes(b, n->children, depth + 1);
		}
		xmlFree(href);
	} else if (strcmp(name, "strong") == 0 || strcmp(name, "b") == 0) {
		buf_adds(b, "**");
		md_nodes(b, n->children, depth + 1);
		buf_adds(b, "**");
	} else if (strcmp(name, "em") == 0 || strcmp(name, "i") == 0) {
		buf_addc(b, '*');
		md_nodes(b, n->children, depth + 1);
		buf_addc(b, '*');
	} else if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0') {
		md_block_break(b);
		buf_adds(b, "### ");
		md_nodes(b, n->children, depth + 1);
		md_block_break(b);
	} else if (strcmp(name, "li") == 0) {
		if (b->len && b->data[b->len - 1] != '\n')
			buf_addc(b, '\n');
		buf_adds(b, "- ");
		md_nodes(b, n->children, depth + 1);
		buf_addc(b, '\n');
	} else if (strcmp(name, "blockquote") == 0) {
		struct buf q;
		buf_init(&q, BUF_NOLIMIT);
		md_nodes(&q, n->children, depth + 1);
		md_block_break(b);
		buf_adds(b, "> ");
		for (const char *p = str_trim(q.data); *p; p++) {
			buf_addc(b, *p);
			if (*p == '\n')
				buf_adds(b, "> ");
		}
		buf_release(&q);
		md_block_break(b);
	} else if (strcmp(name, "p") == 0 || strcmp(name, "div") == 0 || strcmp(name, "ul") == 0 ||
	    strcmp(name, "ol") == 0) {
		md_block_break(b);
		md_nodes(b, n->children, depth + 1);
		md_block_break(b);
	} else {
		md_nodes(b, n->children, depth + 1);
	}
}

static void
md_nodes(struct buf *b, xmlNode *n, int depth)
{
	for (; n; n = n->next)
		md_node(b, n, depth);
}

/* The Markdown of an HTML fragment (libxml2's HTML parser reads it). */
static char *
html_to_markdown(const char *html)
{
	htmlDocPtr doc;
	xmlNode *root, *body;
	struct buf b;
	char *out;

	doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
	        HTML_PARSE_NOIMPLIED);
	buf_init(&b, BUF_NOLIMIT);
	if (doc) {
		root = xmlDocGetRootElement(doc);
		/* with NOIMPLIED the fragment's nodes are the document's children */
		body = root;
		if (root && root->name && strcmp((const char *)root->name, "html") == 0)
			body = root->children;
		md_nodes(&b, body == root ? doc->children : body, 0);
		xmlFreeDoc(doc);
	}
	out = xstrdup(str_trim(b.data));
	buf_release(&b);
	return out;
}

/* ---- elements ---- */

static const char *
sub_str(json_t *el, const char *kind, const char *key)
{
	return conv_str(conv_obj(conv_obj(el, "data"), kind), key);
}

static void
set_date(struct incoming_post *it, json_t *el)
{
	json_t *v = json_object_get(el, "posted_at");

	if (json_is_integer(v)) {
		/* some exports carry epoch milliseconds */
		int64_t t = (int64_t)json_integer_value(v);
		t = t > 100000000000LL ? t / 1000 : t;
		it->has_published = time_in_range(t);
		it->published = it->has_published ? t : 0;
	} else {
		conv_published(it, conv_str(el, "posted_at"));
	}
}

static void
text_content(struct incoming_post *it, const char *text)
{
	struct buf b;

	if (text == NULL)
		return;
	buf_init(&b, BUF_NOLIMIT);
	incoming_html_text(&b, text, strlen(text));
	conv_take(&it->content_html, buf_detach(&b));
	conv_set(&it->content_text, text);
}

/*
 * Every text an element carries, in one: Storify stored a photo tweet as
 * an image (or video, link) element whose words are in data.quote.text,
 * beside the type's own caption or description.
 */
static void
texts_content(struct incoming_post *it, const char *quote, const char *own)
{
	char *both;

	if (str_empty(quote) || str_eq(quote, own)) {
		text_content(it, own);
	} else if (str_empty(own)) {
		text_content(it, quote);
	} else {
		both = xasprintf("%s\n\n%s", quote, own);
		text_content(it, both);
		free(both);
	}
}

/* Fill it from a post element; 0, or -1 when the element holds nothing to keep. */
static int
element_item(json_t *el, const char *type, const char *sid, size_t n, struct incoming_post *it)
{
	json_t *attr = conv_obj(el, "attribution");
	const char *permalink = conv_str(el, "permalink"), *user = conv_str(attr, "username");
	const char *id = conv_str(el, "id") ? conv_str(el, "id") : conv_str(el, "eid");
	const char *quote = sub_str(el, "quote", "text");
	struct incoming_media *m;

	conv_set(&it->permalink, permalink);
	if (permalink)
		conv_set(&it->guid, permalink);
	else if (id)
		conv_take(&it->guid, xasprintf("storify:%s:%s", sid ? sid : "story", id));
	else
		conv_take(&it->guid, xasprintf("storify:%s:element-%zu", sid ? sid : "story", n));
	conv_set(&it->author_name, conv_str(attr, "name"));
	if (user)
		conv_take(&it->author_handle, xasprintf("@%s", user));
	conv_set(&it->author_url, conv_str(attr, "href"));
	conv_set(&it->author_avatar, conv_str(attr, "thumbnail"));
	{
		/* Storify kept the original's counts in the element's meta (a
		 * tweet's retweet_count and favorite_count) when it had them. */
		json_t *meta = conv_obj(el, "meta");
		incoming_set_counts(it, conv_int(meta, "retweet_count", -1),
		    conv_int(meta, "favorite_count", -1), conv_int(meta, "reply_count", -1));
	}
	set_date(it, el);
	if (strcmp(type, "quote") == 0) {
		text_content(it, sub_str(el, "quote", "text"));
	} else if (strcmp(type, "image") == 0) {
		const char *caption = sub_str(el, "image", "caption");
		m = incoming_add_media(it, sub_str(el, "image", "src"));
		if (m) {
			conv_set(&m->medium, "image");
			conv_set(&m->alt, caption);
		}
		texts_content(it, quote, caption);
	} else if (strcmp(type, "video") == 0) {
		conv_set(&it->title, sub_str(el, "video", "title"));
		m = incoming_add_media(it, sub_str(el, "video", "src"));
		if (m) {
			conv_set(&m->medium, "video");
			conv_set(&m->alt, sub_str(el, "video", "title"));
			conv_set(&m->preview_url, sub_str(el, "video", "thumbnail"));
		}
		texts_content(it, quote, sub_str(el, "video", "description"));
	} else { /* link, and kinds Storify added later that carry a permalink */
		conv_set(&it->title, sub_str(el, type, "title"));
		texts_content(it, quote, sub_str(el, type, "description"));
		m = incoming_add_media(it, sub_str(el, type, "thumbnail"));
		if (m)
			conv_set(&m->medium, "image");
	}
	conv_raw(it, el);
	if (it->content_text == NULL && it->title == NULL && it->nmedia == 0 && permalink == NULL)
		return -1;
	return 0;
}

int
import_storify(
    json_t *root, const struct import_sink *sink, struct import_info *info, struct err *e)
{
	json_t *story = conv_obj(root, "content") ? conv_obj(root, "content") : root;
	json_t *elements = conv_arr(story, "elements"), *el;
	const char *sid = conv_str(story, "sid");
	size_t i;

	if (elements == NULL)
		return err_set(e, ERR_FAIL, "not a Storify story (no \"elements\" list)");
	conv_set(&info->title, conv_str(story, "title"));
	json_array_foreach(elements, i, el)
	{
		const char *type = conv_str(el, "type");
		struct incoming_post it = {0};
		int r;

		if (!json_is_object(el) || type == NULL)
			return err_set(e, ERR_FAIL, "element %zu: %s", i + 1,
			    json_is_object(el) ? "no \"type\"" : "not an object");
		if (strcmp(type, "text") == 0) {
			const char *html = conv_str(json_object_get(el, "data"), "text");
			char *md;
			if (html == NULL || sink->note == NULL)
				continue;
			md = html_to_markdown(html);
			r = *md ? sink->note(sink->arg, md, e) : 0;
			free(md);
			if (r == -1)
				return err_prefix(e, "element %zu: ", i + 1);
			info->notes++;
			continue;
		}
		if (element_item(el, type, sid, i + 1, &it) == -1) {
			incoming_post_release(&it);
			continue;
		}
		r = sink->item(sink->arg, &it, e);
		incoming_post_release(&it);
		if (r == -1)
			return err_prefix(e, "element %zu: ", i + 1);
		info->items++;
	}
	return 0;
}
