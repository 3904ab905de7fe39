/*
 * x_xml.c - the text of an office XML part (OOXML word/xlsx/pptx parts,
 * ODF content.xml and styles.xml) and of HTML files inside archives, with
 * libxml2: text nodes in document order, runs of one paragraph joined as
 * a reader shows them (Word splits "PIN" into "P" and "IN" runs), a line
 * break after each paragraph, row or break element and a tab after each
 * cell.  xlsx cells that point into the shared strings read as the string.
 * The parser never fetches anything (XML_PARSE_NONET) and does not expand
 * entities.  Runs only in the worker.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/xmlreader.h>

#include "worker.h"

#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | \
	XML_PARSE_COMPACT)

/* elements after which a reader starts a new line */
static const char *const line_ends[] = { "p", "h", "tr", "row", "br", "cr",
	"line-break", "si", "list-item", "txBody", "sp", NULL };
/* elements that stand for a tab */
static const char *const tabs[] = { "tab", "tc", "c", "table-cell", NULL };

static int
in_list(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/*
 * X_XML -- the text of one XML part onto the current text.
 *	Parameters: shared/nshared are an xlsx's shared strings, or NULL/0.
 *	Return value: 0, or -1 when the socket failed.
 */
int
x_xml(struct xw *w, const char *name, const char *data, size_t len,
    char **shared, size_t nshared)
{
	xmlTextReaderPtr r;
	const char *ln, *t;
	int type, rc = 0, ret, cell_s = 0, in_v = 0;

	if (len > (size_t)INT32_MAX)
		return xw_unreadable(w, "limit:size", name);
	r = xmlReaderForMemory(data, (int)len, NULL, NULL, XML_OPTS);
	if (r == NULL)
		return xw_unreadable(w, "corrupt", name);
	while (rc == 0 && !w->xw_full && (ret = xmlTextReaderRead(r)) == 1) {
		type = xmlTextReaderNodeType(r);
		ln = (const char *)xmlTextReaderConstLocalName(r);
		if (ln == NULL)
			ln = "";
		switch (type) {
		case XML_READER_TYPE_ELEMENT:
			if (strcmp(ln, "c") == 0) {
				xmlChar *ty = xmlTextReaderGetAttribute(r,
				    (const xmlChar *)"t");

				cell_s = ty != NULL && strcmp((char *)ty, "s") == 0;
				xmlFree(ty);
			} else if (strcmp(ln, "v") == 0)
				in_v = !xmlTextReaderIsEmptyElement(r);
			else if (strcmp(ln, "s") == 0 &&
			    xmlTextReaderIsEmptyElement(r))
				rc = xw_text(w, " ", 1);	/* ODF space */
			if (rc == 0 && xmlTextReaderIsEmptyElement(r)) {
				if (in_list(ln, line_ends))
					rc = xw_text(w, "\n", 1);
				else if (in_list(ln, tabs))
					rc = xw_text(w, "\t", 1);
			}
			break;
		case XML_READER_TYPE_END_ELEMENT:
			if (strcmp(ln, "v") == 0)
				in_v = 0;
			if (in_list(ln, line_ends))
				rc = xw_text(w, "\n", 1);
			else if (in_list(ln, tabs))
				rc = xw_text(w, "\t", 1);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			if ((t = (const char *)xmlTextReaderConstValue(r)) == NULL)
				break;
			if (in_v && cell_s && shared != NULL) {
				char *end;
				unsigned long i = strtoul(t, &end, 10);

				if (*end == '\0' && i < nshared)
					t = shared[i];
			}
			rc = xw_text(w, t, strlen(t));
			break;
		default:
			break;
		}
	}
	xmlFreeTextReader(r);
	if (rc == 0 && ret == -1 && !w->xw_full)
		rc = xw_unreadable(w, "corrupt", name);
	return rc;
}

/*
 * X_XML_STRINGS -- an xlsx's shared strings (xl/sharedStrings.xml): the
 *	text of each <si>, in order, at most max_bytes in all.
 *	Return value: 0, or -1 when the part cannot be read.
 */
int
x_xml_strings(const char *data, size_t len, char ***out, size_t *nout,
    size_t max_bytes)
{
	xmlTextReaderPtr r;
	char **v = NULL, **nv, *cur = NULL, *nc;
	size_t n = 0, cap = 0, clen = 0, total = 0, tl;
	const char *ln, *t;
	int type;

	if (len > (size_t)INT32_MAX ||
	    (r = xmlReaderForMemory(data, (int)len, NULL, NULL, XML_OPTS)) == NULL)
		return -1;
	while (xmlTextReaderRead(r) == 1) {
		type = xmlTextReaderNodeType(r);
		ln = (const char *)xmlTextReaderConstLocalName(r);
		if (type == XML_READER_TYPE_ELEMENT && ln != NULL &&
		    strcmp(ln, "si") == 0) {
			free(cur);
			cur = NULL;
			clen = 0;
			if (!xmlTextReaderIsEmptyElement(r))
				continue;
		} else if ((type == XML_READER_TYPE_TEXT ||
		    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) &&
		    (t = (const char *)xmlTextReaderConstValue(r)) != NULL) {
			tl = strlen(t);
			if ((total += tl) > max_bytes)
				break;
			if ((nc = realloc(cur, clen + tl + 1)) == NULL)
				break;
			cur = nc;
			memcpy(cur + clen, t, tl + 1);
			clen += tl;
			continue;
		} else if (!(type == XML_READER_TYPE_END_ELEMENT &&
		    ln != NULL && strcmp(ln, "si") == 0))
			continue;
		/* the end of one <si> */
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((nv = realloc(v, cap * sizeof *v)) == NULL)
				break;
			v = nv;
		}
		v[n++] = cur != NULL ? cur : strdup("");
		cur = NULL;
		clen = 0;
	}
	free(cur);
	xmlFreeTextReader(r);
	*out = v;
	*nout = n;
	return 0;
}

/* html_text - the text nodes under node, in order, breaks after blocks */
static int
html_text(struct xw *w, xmlNodePtr node, int depth)
{
	static const char *const blocks[] = { "p", "div", "br", "tr", "li",
		"h1", "h2", "h3", "h4", "h5", "h6", "table", "title", NULL };
	xmlNodePtr c;

	if (depth > 256)
		return 0;
	for (c = node; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content != NULL && xw_text(w, (char *)c->content,
			    strlen((char *)c->content)) == -1)
				return -1;
		} else if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, "script") != 0 &&
		    strcmp((const char *)c->name, "style") != 0) {
			if (html_text(w, c->children, depth + 1) == -1)
				return -1;
			if (in_list((const char *)c->name, blocks) &&
			    xw_text(w, "\n", 1) == -1)
				return -1;
		} else if (c->type == XML_COMMENT_NODE && c->content != NULL) {
			/* Outlook shows <!--[if mso]> blocks: scan comments */
			if (xw_text(w, (char *)c->content,
			    strlen((char *)c->content)) == -1)
				return -1;
		}
	}
	return 0;
}

/*
 * X_HTML -- the text of an HTML file found inside an archive or TNEF.
 *	Return value: 0, or -1 when the socket failed.
 */
int
x_html(struct xw *w, const char *name, const char *data, size_t len)
{
	htmlDocPtr doc;
	int rc;

	if (len > (size_t)INT32_MAX)
		return xw_unreadable(w, "limit:size", name);
	doc = htmlReadMemory(data, (int)len, NULL, NULL, HTML_PARSE_NONET |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
	if (doc == NULL)
		return xw_text_bytes(w, data, len);
	rc = html_text(w, xmlDocGetRootElement(doc), 0);
	xmlFreeDoc(doc);
	return rc;
}
