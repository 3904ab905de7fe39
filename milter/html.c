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
 * What a reader can see besides the text is text too: the <title>, the
 * attributes shown as text or tooltips (alt, title, value, placeholder,
 * aria-label), CSS content: strings (html_css.c), and comments, whose
 * content is read as HTML (Outlook renders <!--[if mso]> ... <![endif]-->).
 * An end tag of html or body never ends the document: the push parser
 * stops reading at </html>, and a stray one (or a second document after
 * the first) would hide the rest, so such end tags are renamed to an
 * unknown element as the markup streams in (it then closes nothing).
 *
 * The input is UTF-8 (content.c converted it); a <meta charset> in the
 * document does not override that.  libxml2 must have been initialised
 * once (content_init); each lg_html has its own parser context, so
 * different threads are safe.
 *
 * Nesting deeper than HTML_DEPTH_MAX stops the parser (its element stack
 * would grow with the part): html_feed and html_end then return 1, and the
 * caller scans the rest as raw markup and marks the mail not fully read.
 * When the parser stops by itself anyway, a new one reads on (up to
 * HTML_RESTARTS times; the piece it stopped in is read again); past that
 * they return 2 and the caller scans the rest as raw markup.  Otherwise they return 0, or -1 when memory runs out.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <glib.h>

#include "buf.h"
#include "html.h"
#include "html_css.h"

#define HTML_RESTARTS	8		/* new parsers after one stopped */
#define HTML_CSS_MAX	(64 * 1024)	/* <style> text kept for content: */
#define HTML_TAIL	8		/* "</html" cut between two pieces */
#define HTML_NEST_MAX	2		/* comments read as HTML, in depth */

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
	unsigned		 restarts;
	unsigned		 nest;		/* comments inside comments */
	unsigned		 in_style;	/* open <style> elements */
	struct lg_buf		*css;		/* their text */
	struct lg_buf		*in;		/* markup with end tags renamed */
	char			 tail[HTML_TAIL];	/* kept from the last piece */
	size_t			 ntail;
};

static htmlParserCtxtPtr new_ctxt(struct lg_html *);
static char *to_text(const char *, size_t, size_t *, unsigned);

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
		NULL };
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

/* put_cb - put as an html_text_fn, for html_css.c and comments */
static int
put_cb(void *arg, const char *text, size_t len)
{
	struct lg_html *h = arg;

	put(h, text, len);
	return h->failed == -1 ? -1 : 0;
}

/*
 * put_attrs - the attributes a reader sees as text (alt text, tooltips,
 * form values, labels read aloud), each as a cell of its own, and the
 * content: strings of a style attribute
 */
static void
put_attrs(struct lg_html *h, const xmlChar **attrs)
{
	static const char *const shown[] = { "alt", "title", "value",
		"placeholder", "aria-label", NULL };
	const char *const *l;
	const char *n, *v;

	for (; attrs != NULL && attrs[0] != NULL; attrs += 2) {
		n = (const char *)attrs[0];
		if ((v = (const char *)attrs[1]) == NULL || *v == '\0')
			continue;
		if (strcmp(n, "style") == 0) {
			(void)css_content(v, strlen(v), put_cb, h);
			continue;
		}
		for (l = shown; *l != NULL; l++)
			if (strcmp(*l, n) == 0) {
				put(h, " ", 1);
				put(h, v, strlen(v));
				put(h, " ", 1);
				break;
			}
	}
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar **attrs)
{
	struct lg_html *h = ((htmlParserCtxtPtr)ctx)->_private;
	int k = kind((const char *)name);

	if (++h->depth > HTML_DEPTH_MAX) {
		if (h->failed == 0)
			h->failed = 1;
		xmlStopParser(h->ctxt);
		return;
	}
	if (!put_boundary(h, k)) {
		h->hidden++;
		if (strcmp((const char *)name, "style") == 0)
			h->in_style++;
	}
	if (h->hidden == 0)
		put_attrs(h, attrs);
}

/* style_done - a <style> element ended: its content: strings */
static void
style_done(struct lg_html *h)
{
	unsigned hidden = h->hidden;

	if (h->css == NULL || h->css->buf_len == 0)
		return;
	h->hidden = 0;		/* the strings show, the rest of CSS does not */
	(void)css_content(h->css->buf_data, h->css->buf_len, put_cb, h);
	h->hidden = hidden;
	buf_reset(h->css);
}

static void
on_end(void *ctx, const xmlChar *name)
{
	struct lg_html *h = ((htmlParserCtxtPtr)ctx)->_private;

	if (h->depth > 0)
		h->depth--;
	if (!put_boundary(h, kind((const char *)name)) && h->hidden > 0) {
		h->hidden--;
		if (strcmp((const char *)name, "style") == 0 &&
		    h->in_style > 0 && --h->in_style == 0)
			style_done(h);
	}
}

static void
on_text(void *ctx, const xmlChar *ch, int len)
{
	struct lg_html *h = ((htmlParserCtxtPtr)ctx)->_private;

	if (len <= 0)
		return;
	if (h->in_style > 0) {
		if (h->css == NULL &&
		    (h->css = buf_new(1024, HTML_CSS_MAX)) == NULL) {
			h->failed = -1;
			xmlStopParser(h->ctxt);
			return;
		}
		if (h->css->buf_len + (size_t)len > HTML_CSS_MAX)
			style_done(h);	/* a huge sheet: read it in parts */
		if (buf_append(h->css, ch, (size_t)len) == -1) {
			h->failed = -1;
			xmlStopParser(h->ctxt);
		}
		return;
	}
	put(h, (const char *)ch, (size_t)len);
}

/*
 * on_comment - a comment's content, read as HTML by a parser of its own:
 * a conditional comment (<!--[if mso]> ... <![endif]-->) is markup that
 * Outlook renders, and a plain one is text a sender hid
 */
static void
on_comment(void *ctx, const xmlChar *value)
{
	struct lg_html *h = ((htmlParserCtxtPtr)ctx)->_private;
	const char *v = (const char *)value, *e;
	size_t len, n;
	char *text;

	if (v == NULL || h->hidden != 0 || h->failed != 0)
		return;
	len = strlen(v);
	if (strncmp(v, "[if", 3) == 0 && (e = strstr(v, "]>")) != NULL) {
		len -= (size_t)(e + 2 - v);
		v = e + 2;
	}
	if (len >= 9 && strncmp(v + len - 9, "<![endif]", 9) == 0)
		len -= 9;
	put(h, "\n", 1);
	/* Plain text, or comment starts inside: as it is, no parser. */
	if (h->nest >= HTML_NEST_MAX || memmem(v, len, "<!--", 4) != NULL ||
	    (memchr(v, '<', len) == NULL && memchr(v, '&', len) == NULL)) {
		put(h, v, len);
		put(h, "\n", 1);
		return;
	}
	if ((text = to_text(v, len, &n, h->nest + 1)) == NULL) {
		put(h, v, len);		/* too deep to parse: as it is */
		return;
	}
	put(h, text, n);
	put(h, "\n", 1);
	free(text);
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

/* new_ctxt - a push parser that reports to h; NULL when out of memory */
static htmlParserCtxtPtr
new_ctxt(struct lg_html *h)
{
	static htmlSAXHandler sax = {
		.startElement = on_start,
		.endElement = on_end,
		.characters = on_text,
		.ignorableWhitespace = on_text,
		.cdataBlock = on_text,
		.comment = on_comment,
		.warning = quiet,
		.error = quiet,
		.fatalError = quiet,
	};
	htmlParserCtxtPtr c;

	c = htmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL,
	    XML_CHAR_ENCODING_UTF8);
	if (c == NULL)
		return NULL;
	htmlCtxtUseOptions(c, HTML_OPTIONS);
	c->_private = h;
	return c;
}

/* HTML_NEW -- a parser whose text goes to fn; NULL when out of memory */
struct lg_html *
html_new(html_text_fn fn, void *arg)
{
	struct lg_html *h;

	if ((h = calloc(1, sizeof *h)) == NULL)
		return NULL;
	h->fn = fn;
	h->arg = arg;
	if ((h->in = buf_new(4096, (size_t)-1 / 2)) == NULL ||
	    (h->ctxt = new_ctxt(h)) == NULL) {
		buf_free(h->in);
		free(h);
		return NULL;
	}
	return h;
}

/*
 * rename_ends - "</html" and "</body" (any case) made "</xtml", "</xody":
 * unknown end tags, which the parser ignores, instead of the end of the
 * document.  Works on in, whose last bytes, if they may be the start of
 * such a tag, are kept back in h->tail for the next piece.
 */
static size_t
rename_ends(struct lg_html *h, char *s, size_t len, bool last)
{
	char *p = s, *end = s + len;
	size_t keep = 0;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (end - p < 7) {
			if (!last)
				keep = (size_t)(end - p);
			break;
		}
		if (p[1] == '/' && (g_ascii_strncasecmp(p + 2, "html", 4) == 0 ||
		    g_ascii_strncasecmp(p + 2, "body", 4) == 0) &&
		    !g_ascii_isalnum(p[6]))
			p[2] = 'x';
		p++;
	}
	memcpy(h->tail, end - keep, keep);
	h->ntail = keep;
	return len - keep;
}

/* parse - one piece into the parser; a parser that stopped is replaced */
static void
parse(struct lg_html *h, const char *data, int n, int terminate)
{
	htmlParserCtxtPtr c;

	htmlParseChunk(h->ctxt, data, n, terminate);
	check_stopped(h);
	if (h->failed != 2 || h->restarts >= HTML_RESTARTS || terminate ||
	    (c = new_ctxt(h)) == NULL)
		return;
	h->restarts++;
	htmlFreeParserCtxt(h->ctxt);
	h->ctxt = c;
	h->failed = 0;
	h->depth = h->hidden = h->in_style = 0;
	htmlParseChunk(h->ctxt, data, n, 0);
	check_stopped(h);
}

/* HTML_FEED -- more of the document: 0, 1 (too deep), 2 (ended), -1 */
int
html_feed(struct lg_html *h, const char *data, size_t len)
{
	size_t n, ready;

	while (h->failed == 0 && len > 0) {
		n = len > (1 << 20) ? 1 << 20 : len;
		buf_reset(h->in);
		if (buf_append(h->in, h->tail, h->ntail) == -1 ||
		    buf_append(h->in, data, n) == -1)
			return -1;
		ready = rename_ends(h, h->in->buf_data, h->in->buf_len, false);
		if (ready > 0)
			parse(h, h->in->buf_data, (int)ready, 0);
		data += n;
		len -= n;
	}
	return h->failed;
}

/* HTML_END -- the document is complete: 0, 1 (too deep), 2 (ended), -1 */
int
html_end(struct lg_html *h)
{
	char rest[HTML_TAIL];
	size_t n = h->ntail;

	memcpy(rest, h->tail, n);
	h->ntail = 0;
	if (h->failed == 0 && n > 0)
		parse(h, rest, (int)rename_ends(h, rest, n, true), 0);
	if (h->failed == 0)
		htmlParseChunk(h->ctxt, NULL, 0, 1);
	if (h->failed == 0 && h->css != NULL)
		style_done(h);		/* a <style> never closed */
	return h->failed;
}

void
html_free(struct lg_html *h)
{
	if (h == NULL)
		return;
	htmlFreeParserCtxt(h->ctxt);
	buf_free(h->css);
	buf_free(h->in);
	free(h);
}

static int
to_buf(void *arg, const char *text, size_t len)
{
	return buf_append(arg, text, len);
}

/* to_text - html_to_text for a comment nest levels deep */
static char *
to_text(const char *html, size_t len, size_t *outlen, unsigned nest)
{
	struct lg_buf *out;
	struct lg_html *h;
	char *text = NULL;

	if ((out = buf_new(len / 2 + 64, (size_t)-1 / 2)) == NULL)
		return NULL;
	if ((h = html_new(to_buf, out)) != NULL) {
		h->nest = nest;
		if (html_feed(h, html, len) != -1 && html_end(h) != -1 &&
		    h->failed != 1) {
			*outlen = out->buf_len;
			text = out->buf_data;
			out->buf_data = NULL;
		}
	}
	html_free(h);
	buf_free(out);
	return text;
}

/*
 * HTML_TO_TEXT -- the text of a whole HTML document or fragment.
 *	Return value: malloc'd NUL-terminated text, or NULL (out of memory,
 *	nesting too deep).
 */
char *
html_to_text(const char *html, size_t len, size_t *outlen)
{
	return to_text(html, len, outlen, 0);
}
