/*
 * content_part.c - one text leaf part read as a reader reads it: which
 * parts are text (text/ *, or a .txt/.csv/.htm(l) file), its transfer
 * encoding undone (base64, quoted-printable, uuencode) with GMime's
 * filters, its charset converted to UTF-8 (content_conv.c), HTML turned
 * into text (html.c), and the result written as one text (textout.c,
 * which normalises and hands windows on).  Where the part sits in the
 * tree, and parts that are not text, are content_walk.c's.  Functions
 * return 0, or -1 when memory runs out or the window function failed.
 */
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "content_conv.h"
#include "content_walk.h"
#include "html.h"
#include "textout.h"

/* is_html - text/html, or an attachment named *.htm[l] */
static int
is_html(GMimeObject *obj, const char *filename)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	size_t n;

	if (ct != NULL && g_mime_content_type_is_type(ct, "text", "html"))
		return 1;
	if (filename == NULL)
		return 0;
	n = strlen(filename);
	return (n > 4 && strcasecmp(filename + n - 4, ".htm") == 0) ||
	    (n > 5 && strcasecmp(filename + n - 5, ".html") == 0);
}

/* PART_IS_TEXT -- a part a reader reads: text/ *, a .txt/.csv/.htm(l) file */
int
part_is_text(GMimeObject *obj, const char *filename)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	size_t n;

	if (ct != NULL && g_mime_content_type_is_type(ct, "text", "*"))
		return 1;
	if (filename == NULL || is_html(obj, filename))
		return filename != NULL;
	n = strlen(filename);
	return n > 4 && (strcasecmp(filename + n - 4, ".txt") == 0 ||
	    strcasecmp(filename + n - 4, ".csv") == 0);
}

/* html_out - the HTML parser's text onto the part's text */
static int
html_out(void *arg, const char *text, size_t len)
{
	return textout_write(arg, text, len);
}

/* read_stream - a decoded stream through the converter, piece by piece */
static int
read_stream(struct lg_walk *w, GMimeStream *s)
{
	ssize_t n;

	while (!w->over && (n = g_mime_stream_read(s, w->piece,
	    sizeof w->piece)) > 0)
		if (conv_write(&w->conv, w->piece, (size_t)n) == -1)
			return -1;
	return 0;
}

/* PART_TEXT -- one text part: decode, convert, (HTML,) normalise, hand on */
int
part_text(struct lg_walk *w, GMimeObject *obj, const char *filename,
    const char *source)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(GMIME_PART(obj));
	struct conv_target tg = { .tg_incomplete = w->incomplete };
	struct lg_textout t;
	GMimeStream *fs = NULL;
	GMimeContentEncoding enc;
	GMimeFilter *f;
	int rc = -1, h;

	if (walk_text_open(w, &t, source) == -1)
		return -1;
	tg.tg_text = &t;
	if (is_html(obj, filename) &&
	    (tg.tg_html = html_new(html_out, &t)) == NULL)
		goto out;
	conv_open(&w->conv, g_mime_object_get_content_type_parameter(obj,
	    "charset"), &tg);
	if (dw != NULL && g_mime_data_wrapper_get_stream(dw) != NULL) {
		fs = g_mime_stream_filter_new(g_mime_data_wrapper_get_stream(dw));
		g_mime_stream_reset(fs);
		enc = g_mime_data_wrapper_get_encoding(dw);
		if (enc == GMIME_CONTENT_ENCODING_BASE64 ||
		    enc == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
		    enc == GMIME_CONTENT_ENCODING_UUENCODE) {
			f = g_mime_filter_basic_new(enc, FALSE);
			g_mime_stream_filter_add(GMIME_STREAM_FILTER(fs), f);
			g_object_unref(f);
		}
		if (read_stream(w, fs) == -1) {
			(void)conv_close(&w->conv);
			goto out;
		}
	}
	if (conv_close(&w->conv) == -1)
		goto out;
	if (tg.tg_html != NULL && !tg.tg_markup) {
		if ((h = html_end(tg.tg_html)) == -1)
			goto out;
		if (h == 1)
			*w->incomplete = true;
	}
	rc = textout_close(&t);
	t.to_raw = NULL;
out:
	if (fs != NULL)
		g_object_unref(fs);
	html_free(tg.tg_html);
	if (t.to_raw != NULL)
		textout_discard(&t);
	return rc;
}
