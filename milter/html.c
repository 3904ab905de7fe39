/*
 * html.c - HTML to the text a reader sees, with libxml2's forgiving HTML
 * parser: tags dropped, character references and named entities decoded
 * (the parser does that), script and style left out, block elements and
 * <br> turned into line breaks and table cells into blanks, so that
 * "<b>PIN&#45;koodi</b>:</td><td>4821" reads "PIN-koodi: 4821".  Soft
 * hyphens and zero-width characters are left for normalize.c.
 *
 * The input is UTF-8 (content.c converted it); a <meta charset> in the
 * document does not override that.  libxml2 must have been initialised
 * once (content_init); each call uses its own parser context, so calls in
 * different threads are safe.  Returns a malloc'd string or NULL (out of
 * memory, nothing libxml2 could parse, or nesting beyond libxml2's limit:
 * the caller then scans the raw HTML and marks the mail not fully read).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "html.h"

#define HTML_OPTIONS (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | \
	HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED | \
	HTML_PARSE_COMPACT)

/* elements whose content a reader never sees */
static const char *const hidden[] = { "script", "style", "template",
	"head", NULL };
/* elements that start and end a line */
static const char *const blocks[] = { "address", "article", "aside",
	"blockquote", "br", "caption", "center", "dd", "div", "dl", "dt",
	"fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
	"h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
	"pre", "section", "table", "tbody", "tfoot", "thead", "title", "tr",
	"ul", NULL };
/* elements that stand apart from their neighbours on the same line */
static const char *const cells[] = { "td", "th", "img", "input", "option",
	NULL };

static int
in_list(const xmlChar *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcasecmp((const char *)name, *list) == 0)
			return 1;
	return 0;
}

/* separator - the break an element puts around its content */
static const char *
separator(const xmlNode *n)
{
	if (n->type != XML_ELEMENT_NODE || n->name == NULL)
		return NULL;
	if (in_list(n->name, blocks))
		return "\n";
	if (in_list(n->name, cells))
		return " ";
	return NULL;
}

/* walk - text of the tree under root in document order, without recursion */
static int
walk(xmlNode *root, struct lg_buf *out)
{
	xmlNode *n = root->children;
	const char *sep;

	while (n != NULL) {
		int descend = 0;

		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content != NULL &&
			    buf_appendstr(out, (const char *)n->content) == -1)
				return -1;
		} else if (n->type == XML_ELEMENT_NODE &&
		    !in_list(n->name, hidden)) {
			if ((sep = separator(n)) != NULL &&
			    buf_appendstr(out, sep) == -1)
				return -1;
			descend = n->children != NULL;
		}
		if (descend) {
			n = n->children;
			continue;
		}
		/* Leave finished elements, closing each with its separator. */
		while (n->next == NULL) {
			if ((n = n->parent) == NULL || n == root)
				return 0;
			if ((sep = separator(n)) != NULL &&
			    buf_appendstr(out, sep) == -1)
				return -1;
		}
		n = n->next;
	}
	return 0;
}

/*
 * HTML_TO_TEXT -- the text of an HTML document or fragment.
 *	Parameters: html (UTF-8, need not be NUL-terminated), outlen (set to
 *	the length of the result).
 *	Return value: malloc'd NUL-terminated text, or NULL.
 */
char *
html_to_text(const char *html, size_t len, size_t *outlen)
{
	htmlParserCtxtPtr ctxt;
	htmlDocPtr doc;
	struct lg_buf *out;
	char *text = NULL;
	int rc;

	if (len > (size_t)INT32_MAX)
		return NULL;
	if ((ctxt = htmlNewParserCtxt()) == NULL)
		return NULL;
	doc = htmlCtxtReadMemory(ctxt, html, (int)len, NULL, "UTF-8",
	    HTML_OPTIONS);
	/*
	 * libxml2 stops at its nesting limit (256) with an internal error and
	 * returns what it read so far: text after that point would be lost, so
	 * such a document counts as unreadable.
	 */
	if (doc != NULL && ctxt->errNo == XML_ERR_INTERNAL_ERROR) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	htmlFreeParserCtxt(ctxt);
	if (doc == NULL)
		return NULL;
	/* Text is never longer than its markup, plus separators. */
	if ((out = buf_new(len / 2 + 64, 2 * len + 64)) == NULL) {
		xmlFreeDoc(doc);
		return NULL;
	}
	rc = walk((xmlNode *)doc, out);
	xmlFreeDoc(doc);
	if (rc == 0 && !out->buf_over) {
		*outlen = out->buf_len;
		text = out->buf_data;
		out->buf_data = NULL;
	}
	buf_free(out);
	return text;
}
