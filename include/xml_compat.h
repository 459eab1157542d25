/*
 * xml_compat.h - every libxml2 call or field whose form depends on the
 * version, behind LIBXML_VERSION checks, so one source builds against
 * libxml2 2.9 through 2.14 (Debian 12 has 2.9.14, Debian 13 2.12+).
 *
 * What changed, and where it is used:
 *   - 2.12: xmlStructuredErrorFunc takes `const xmlError *` (was the
 *     non-const xmlErrorPtr); a handler of the wrong type is an error
 *     under GCC 14 (-Wincompatible-pointer-types). Handlers are written
 *     with XML_COMPAT_ERROR (feed_xml.c).
 *   - 2.14: xmlCtxtIsStopped() says that the parser was stopped; before
 *     it, a stopped parser has instate XML_PARSER_EOF (feed_xml.c).
 *   - 2.14: inputPush is a macro for the new xmlCtxtPushInput (sanitize.c).
 *   - 2.14 marks the parser context's fields deprecated (instate, node,
 *     nodeNr, input...): the feed reader's recovery still reads them
 *     (there is no API for "inside element content" or "the bytes just
 *     behind the cursor"), here only, with the warning silenced.
 */
#ifndef STORIED_XML_COMPAT_H
#define STORIED_XML_COMPAT_H

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

/* The error a structured error handler is given. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *XML_COMPAT_ERROR;
#else
typedef xmlErrorPtr XML_COMPAT_ERROR;
#endif

#if defined(__GNUC__)
#define XML_COMPAT_FIELDS_BEGIN                                                                    \
	_Pragma("GCC diagnostic push")                                                             \
	    _Pragma("GCC diagnostic ignored \"-Wdeprecated-declarations\"")
#define XML_COMPAT_FIELDS_END _Pragma("GCC diagnostic pop")
#else
#define XML_COMPAT_FIELDS_BEGIN
#define XML_COMPAT_FIELDS_END
#endif

XML_COMPAT_FIELDS_BEGIN

/* 1 once the parser stopped (xmlStopParser, a fatal error, or the end). */
static inline int
xml_compat_stopped(xmlParserCtxtPtr ctxt)
{
#if LIBXML_VERSION >= 21400
	return xmlCtxtIsStopped(ctxt) || ctxt->instate == XML_PARSER_EOF;
#else
	return ctxt->instate == XML_PARSER_EOF;
#endif
}

/* 1 when the parser is reading an element's content (not markup). */
static inline int
xml_compat_in_content(xmlParserCtxtPtr ctxt)
{
	return ctxt->instate == XML_PARSER_CONTENT;
}

/* The element being built (SAX2 tree building), or NULL. */
static inline xmlNodePtr
xml_compat_node(xmlParserCtxtPtr ctxt)
{
	return ctxt->node;
}

/* How many elements are open (1 inside the root). */
static inline int
xml_compat_depth(xmlParserCtxtPtr ctxt)
{
	return ctxt->nodeNr;
}

/*
 * The current input's bytes from its start (*base) to the cursor (*cur);
 * 0 when there is none.
 */
static inline int
xml_compat_cursor(xmlParserCtxtPtr ctxt, const xmlChar **base, const xmlChar **cur)
{
	if (ctxt->input == NULL || ctxt->input->cur == NULL || ctxt->input->base == NULL)
		return 0;
	*base = ctxt->input->base;
	*cur = ctxt->input->cur;
	return 1;
}

/* Where the parser stands, as an offset in the bytes it was fed. */
static inline unsigned long
xml_compat_offset(xmlParserCtxtPtr ctxt)
{
	return ctxt->input->consumed + (unsigned long)(ctxt->input->cur - ctxt->input->base);
}

/* Make input the parser's current input. -1 on failure. */
static inline int
xml_compat_push_input(xmlParserCtxtPtr ctxt, xmlParserInputPtr input)
{
#if LIBXML_VERSION >= 21400
	return xmlCtxtPushInput(ctxt, input) < 0 ? -1 : 0;
#else
	return inputPush(ctxt, input) < 0 ? -1 : 0;
#endif
}

/* One node of xml_compat_free_tree, its children gone already. */
static inline void
xml_compat_free_one(xmlParserCtxtPtr ctxt, xmlNodePtr cur)
{
	xmlDictPtr dict = ctxt->dict;

	if (cur->type == XML_ELEMENT_NODE) {
		if (cur->properties)
			xmlFreePropList(cur->properties);
		if (cur->nsDef)
			xmlFreeNsList(cur->nsDef);
		if (cur->name && (dict == NULL || !xmlDictOwns(dict, cur->name)))
			xmlFree((xmlChar *)cur->name);
	} else if (cur->type == XML_TEXT_NODE) {
		/* Short text is kept in the node itself (XML_PARSE_COMPACT). */
		if (cur->content && cur->content != (xmlChar *)&cur->properties &&
		    (dict == NULL || !xmlDictOwns(dict, cur->content)))
			xmlFree(cur->content);
	} else {
		xmlFreeNode(cur);
		return;
	}
	if (ctxt->freeElemsNr >= 128) {
		xmlFree(cur);
		return;
	}
	cur->next = ctxt->freeElems;
	ctxt->freeElems = cur;
	ctxt->freeElemsNr++;
}

/*
 * Frees top (unlinked) and what it holds as xmlFreeNode does, but keeps
 * its element and text nodes on the parser's list of free nodes, where
 * SAX2 takes the next ones from (as xmlTextReader does): a feed's items
 * are built and freed one by one, and malloc and free were a tenth of
 * the parse. Only for a tree the parser ctxt built.
 */
static inline void
xml_compat_free_tree(xmlParserCtxtPtr ctxt, xmlNodePtr top)
{
	xmlNodePtr cur = top;

	for (;;) {
		xmlNodePtr next, parent;

		while (cur->type == XML_ELEMENT_NODE && cur->children)
			cur = cur->children;
		next = cur == top ? NULL : cur->next;
		parent = cur->parent;
		xml_compat_free_one(ctxt, cur);
		if (cur == top)
			return;
		if (next) {
			cur = next;
			continue;
		}
		parent->children = parent->last = NULL;
		cur = parent;
	}
}

XML_COMPAT_FIELDS_END

#endif
