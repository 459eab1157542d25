/*
 * raw_diff.h - the differential check of the feed parser's raw items,
 * shared by tests/unit/diff.c and tests/fuzz/raw_diff.c: each item's
 * stored XML, read alone, is the same XML as the item read by libxml2's
 * tree parser in the whole document (exclusive C14N of both).
 */
#ifndef STORIED_TEST_RAW_DIFF_H
#define STORIED_TEST_RAW_DIFF_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "feed.h"

#define RAW_DIFF_MAX 256

struct raw_diff {
	char *raw[RAW_DIFF_MAX];
	size_t n;
	int overflow;
	char why[256]; /* what differed, when raw_diff_check gives -1 */
};

static int
raw_diff_item(void *arg, const struct incoming_post *it, struct err *e)
{
	struct raw_diff *d = arg;

	(void)e;
	if (d->n == RAW_DIFF_MAX)
		d->overflow = 1;
	else
		d->raw[d->n++] = it->raw ? xstrdup(it->raw) : NULL;
	return 0;
}

/* The exclusive canonical form of node, copied alone into a document. */
static char *
raw_diff_c14n(const xmlNode *node)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr copy = xmlDocCopyNode((xmlNodePtr)node, doc, 1);
	xmlChar *out = NULL;
	char *r = NULL;

	if (copy) {
		xmlDocSetRootElement(doc, copy);
		xmlReconciliateNs(doc, copy);
		if (xmlC14NDocDumpMemory(doc, NULL, XML_C14N_EXCLUSIVE_1_0, NULL, 1, &out) >= 0 &&
		    out)
			r = xstrdup((const char *)out);
	}
	xmlFree(out);
	xmlFreeDoc(doc);
	return r;
}

static int
raw_diff_is_item(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE &&
	    (strcmp((const char *)n->name, "item") == 0 ||
	        strcmp((const char *)n->name, "entry") == 0);
}

/* The items of the document in order: children of the root or of its channel. */
static size_t
raw_diff_items(xmlNode *root, xmlNode **out, size_t max)
{
	size_t n = 0;

	for (xmlNode *k = root->children; k; k = k->next) {
		if (raw_diff_is_item(k) && n < max)
			out[n++] = k;
		else if (k->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)k->name, "channel") == 0)
			for (xmlNode *c = k->children; c; c = c->next)
				if (raw_diff_is_item(c) && n < max)
					out[n++] = c;
	}
	return n;
}

/*
 * The encoding the document declares in a proper XML declaration, lower
 * case, into out (or "" when it declares none).
 */
static void
raw_diff_declared(const char *data, size_t len, char *out, size_t outsize)
{
	char head[256];
	size_t n = len < sizeof head - 1 ? len : sizeof head - 1;
	const char *p;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		head[i] = (char)(data[i] >= 'A' && data[i] <= 'Z' ? data[i] + 32 : data[i]);
	head[n] = '\0';
	if (strncmp(head, "<?xml", 5) != 0 || !strchr(" \t\r\n", head[5]) || !strstr(head, "?>"))
		return;
	*strstr(head, "?>") = '\0';
	if ((p = strstr(head, "encoding")) == NULL || (p = strpbrk(p, "\"'")) == NULL)
		return;
	snprintf(out, outsize, "%.*s", (int)strcspn(p + 1, "\"'"), p + 1);
}

/*
 * The encoding the reference reading takes: the feed parser reads a
 * document declared ISO-8859-1 as windows-1252, as browsers and feedparser
 * do (its C1 bytes are curly quotes and dashes). NULL: as declared.
 */
static const char *
raw_diff_encoding(const char *declared)
{
	return strcmp(declared, "iso-8859-1") == 0 || strcmp(declared, "latin-1") == 0 ||
	        strcmp(declared, "latin1") == 0
	    ? "windows-1252"
	    : NULL;
}

static void
raw_diff_release(struct raw_diff *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->raw[i]);
	d->n = 0;
}

/*
 * Parse the feed in data with the feed parser and with libxml2's tree
 * parser. Returns 1 when the comparison does not apply (the document is
 * not well-formed XML, declares entities, or its items are not where the
 * two readers agree on them, or its text holds U+0080..U+009F, which the
 * feed parser reads as windows-1252, or it is undeclared and not UTF-8),
 * 0 when every item's raw text reads back as
 * the same XML, -1 (d->why filled) when one does not.
 */
static int
raw_diff_check(struct raw_diff *d, const char *data, size_t len)
{
	struct feed_options opt = {.base_url = "https://diff.example/feed"};
	struct feed_info info = {0};
	struct err e;
	xmlNode *items[RAW_DIFF_MAX];
	char declared[32];
	xmlDocPtr doc;
	size_t n;
	int r = 0;
	FILE *f;

	memset(d, 0, sizeof *d);
	raw_diff_declared(data, len, declared, sizeof declared);
	/* Undeclared and not UTF-8: how to read it is the encoding guesser's affair. */
	if (declared[0] == '\0' && !utf8_valid(data, len))
		return 1;
	/* U+0080..U+009F become the windows-1252 characters (feedparser's "demoronize"). */
	for (size_t i = 0; i + 1 < len; i++)
		if ((unsigned char)data[i] == 0xc2 && (unsigned char)data[i + 1] >= 0x80 &&
		    (unsigned char)data[i + 1] <= 0x9f)
			return 1;
	doc = xmlReadMemory(data, (int)len, NULL, raw_diff_encoding(declared),
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (doc == NULL || xmlDocGetRootElement(doc) == NULL || doc->intSubset) {
		xmlFreeDoc(doc);
		return 1;
	}
	n = raw_diff_items(xmlDocGetRootElement(doc), items, RAW_DIFF_MAX);
	if ((f = tmpfile()) == NULL) {
		xmlFreeDoc(doc);
		return 1;
	}
	fwrite(data, 1, len, f);
	fflush(f);
	rewind(f);
	if (feed_parse_fd(fileno(f), &opt, raw_diff_item, d, &info, &e) != 0 || d->overflow ||
	    d->n != n || n == RAW_DIFF_MAX)
		r = 1;
	fclose(f);
	feed_info_release(&info);
	for (size_t i = 0; r == 0 && i < n; i++) {
		char *want = raw_diff_c14n(items[i]), *got = NULL;
		xmlDocPtr alone = d->raw[i]
		    ? xmlReadMemory(d->raw[i], (int)strlen(d->raw[i]), NULL, NULL,
		          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
		    : NULL;

		if (alone && xmlDocGetRootElement(alone))
			got = raw_diff_c14n(xmlDocGetRootElement(alone));
		if (want == NULL) {
			r = 1;
		} else if (got == NULL) {
			snprintf(d->why, sizeof d->why,
			    "item %zu: its raw text is not XML on its own", i + 1);
			r = -1;
		} else if (strcmp(want, got) != 0) {
			size_t k = 0;

			while (want[k] && want[k] == got[k])
				k++;
			snprintf(d->why, sizeof d->why,
			    "item %zu differs at byte %zu: \"%.40s\" vs \"%.40s\"", i + 1, k,
			    want + k, got + k);
			r = -1;
		}
		free(want);
		free(got);
		xmlFreeDoc(alone);
	}
	xmlFreeDoc(doc);
	raw_diff_release(d);
	return r;
}

#endif
