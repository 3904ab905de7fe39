/*
 * html.c - HTML to the text a reader sees, with libxml2's forgiving HTML
 * parser driven as a push parser with SAX callbacks: no document tree is
 * built, the part is fed in pieces as it is decoded and its text comes out
 * as it is found, so memory does not grow with the part.  Tags dropped,
 * character references and named entities decoded (the parser does that),
 * script and style left out, block elements and <br> turned into line
 * breaks and table cells into blanks, so that
 * "<b>PIN&#45;koodi</b>:</td><td>4821" reads "PIN-koodi: 4821".  Soft
 * hyphens and zero-width characters are left for normalize.c.
 *
 * The input is UTF-8 (content.c converted it); a <meta charset> in the
 * document does not override that.  libxml2 must have been initialised
 * once (content_init); each lg_html has its own parser context, so
 * different threads are safe.
 *
 * Nesting deeper than HTML_DEPTH_MAX stops the parser (its element stack
 * would grow with the part): html_feed and html_end then return 1, and the
 * caller scans the rest as raw markup and marks the mail not fully read.
 * When the parser stops by itself (content after </html>, which the push
 * parser does not read), they return 2 and the caller scans the rest as
 * raw markup.  Otherwise they return 0, or -1 when memory runs out.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "buf.h"
#include "html.h"

#define HTML_OPTIONS (HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | \
	HTML_PARSE_NOWARNING | HTML_PARSE_NONET | \
	HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC)

struct lg_html {
	htmlParserCtxtPtr	 ctxt;
	html_text_fn		 fn;
	void			*arg;
	unsigned		 depth;		/* open elements */
	unsigned		 hidden;	/* open script/style/... */
	int			 failed;	/* -1 no memory, 1 too deep, 2 ended */
	char			 last;		/* last byte handed on */
};

enum { EL_OTHER, EL_BLOCK, EL_CELL, EL_HIDDEN };

/*
 * kind - what an element does to the text.  The HTML parser gives names in
 * lower case; a switch on the first letter keeps this off the profile.
 */
static int
kind(const char *n)
{
	static const char *const blocks[] = { "address", "article", "aside",
		"blockquote", "br", "caption", "center", "dd", "div", "dl", "dt",
		"fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
		"h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
		"p", "pre", "section", "table", "tbody", "tfoot", "thead", "title",
		"tr", "ul", NULL };
	static const char *const cells[] = { "td", "th", "img", "input",
		"option", NULL };
	static const char *const hidden[] = { "script", "style", "template",
		"head", NULL };
	const char *const *l;

	if (n == NULL)
		return EL_OTHER;
	if (n[0] == 'a' && n[1] == '\0')
		return EL_OTHER;		/* the commonest tag */
	for (l = blocks; *l != NULL; l++)
		if ((*l)[0] == n[0] && strcmp(*l, n) == 0)
			return EL_BLOCK;
	for (l = cells; *l != NULL; l++)
		if ((*l)[0] == n[0] && strcmp(*l, n) == 0)
			return EL_CELL;
	for (l = hidden; *l != NULL; l++)
		if ((*l)[0] == n[0] && strcmp(*l, n) == 0)
			return EL_HIDDEN;
	return EL_OTHER;
}

static void
put(struct lg_html *h, const char *s, size_t len)
{
	if (h->failed != 0 || h->hidden != 0 || len == 0)
		return;
	/* One line break between blocks is enough (normalize.c folds more). */
	if (len == 1 && *s == '\n' && h->last == '\n')
		return;
	if (h->fn(h->arg, s, len) == -1) {
		h->failed = -1;
		xmlStopParser(h->ctxt);
	}
	h->last = s[len - 1];
}

/*
 * put_boundary - what an element's start or end leaves in the text: a line
 * break for a block, a blank for a table cell.  Returns 0 for an element
 * whose content is hidden (script, style, head), 1 for all others.
 */
static int
put_boundary(struct lg_html *h, int k)
{
	switch (k) {
	case EL_BLOCK:
		put(h, "\n", 1);
		return 1;
	case EL_CELL:
		put(h, " ", 1);
		return 1;
	case EL_HIDDEN:
		return 0;
	default:
		return 1;
	}
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar **attrs)
{
	struct lg_html *h = ((htmlParserCtxtPtr)ctx)->_private;

	(void)attrs;
	if (++h->depth > HTML_DEPTH_MAX) {
		if (h->failed == 0)
			h->failed = 1;
		xmlStopParser(h->ctxt);
		return;
	}
	if (!put_boundary(h, kind((const char *)name)))
		h->hidden++;
}

static void
on_end(void *ctx, const xmlChar *name)
{
	struct lg_html *h = ((htmlParserCtxtPtr)ctx)->_private;

	if (h->depth > 0)
		h->depth--;
	if (!put_boundary(h, kind((const char *)name)) && h->hidden > 0)
		h->hidden--;
}

static void
on_text(void *ctx, const xmlChar *ch, int len)
{
	struct lg_html *h = ((htmlParserCtxtPtr)ctx)->_private;

	if (len > 0)
		put(h, (const char *)ch, (size_t)len);
}

/* quiet - libxml2's messages about the markup: mail is full of bad HTML */
static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/*
 * check_stopped - the parser stopped on its own: content after </html> (the
 * push parser ends the document there) or an error it cannot recover from
 */
static void
check_stopped(struct lg_html *h)
{
	if (h->failed == 0 && (h->ctxt->disableSAX ||
	    h->ctxt->instate == XML_PARSER_EOF))
		h->failed = 2;
}

/* HTML_NEW -- a parser whose text goes to fn; NULL when out of memory */
struct lg_html *
html_new(html_text_fn fn, void *arg)
{
	static htmlSAXHandler sax = {
		.startElement = on_start,
		.endElement = on_end,
		.characters = on_text,
		.ignorableWhitespace = on_text,
		.cdataBlock = on_text,
		.warning = quiet,
		.error = quiet,
		.fatalError = quiet,
	};
	struct lg_html *h;

	if ((h = calloc(1, sizeof *h)) == NULL)
		return NULL;
	h->fn = fn;
	h->arg = arg;
	h->ctxt = htmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL,
	    XML_CHAR_ENCODING_UTF8);
	if (h->ctxt == NULL) {
		free(h);
		return NULL;
	}
	htmlCtxtUseOptions(h->ctxt, HTML_OPTIONS);
	h->ctxt->_private = h;
	return h;
}

/* HTML_FEED -- more of the document: 0, 1 (too deep), 2 (ended), -1 */
int
html_feed(struct lg_html *h, const char *data, size_t len)
{
	while (h->failed == 0 && len > 0) {
		int n = len > (1 << 20) ? 1 << 20 : (int)len;

		htmlParseChunk(h->ctxt, data, n, 0);
		check_stopped(h);
		data += n;
		len -= (size_t)n;
	}
	return h->failed;
}

/* HTML_END -- the document is complete: 0, 1 (too deep), 2 (ended), -1 */
int
html_end(struct lg_html *h)
{
	if (h->failed == 0)
		htmlParseChunk(h->ctxt, NULL, 0, 1);
	return h->failed;
}

void
html_free(struct lg_html *h)
{
	if (h == NULL)
		return;
	htmlFreeParserCtxt(h->ctxt);
	free(h);
}

static int
to_buf(void *arg, const char *text, size_t len)
{
	return buf_append(arg, text, len);
}

/*
 * HTML_TO_TEXT -- the text of a whole HTML document or fragment.
 *	Return value: malloc'd NUL-terminated text, or NULL (out of memory,
 *	nesting too deep).
 */
char *
html_to_text(const char *html, size_t len, size_t *outlen)
{
	struct lg_buf *out;
	struct lg_html *h;
	char *text = NULL;

	if ((out = buf_new(len / 2 + 64, (size_t)-1 / 2)) == NULL)
		return NULL;
	if ((h = html_new(to_buf, out)) != NULL &&
	    html_feed(h, html, len) != -1 && html_end(h) != -1 &&
	    h->failed != 1) {
		*outlen = out->buf_len;
		text = out->buf_data;
		out->buf_data = NULL;
	}
	html_free(h);
	buf_free(out);
	return text;
}
