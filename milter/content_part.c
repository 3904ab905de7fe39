/*
 * content_part.c - one text leaf part read as a reader reads it: which
 * parts are text (text/ *, XHTML, or a .txt/.csv/.htm(l) file), its
 * transfer encoding undone (base64, quoted-printable, uuencode) with
 * GMime's filters, read leniently where readers are lenient (an encoding
 * name in quotes or with a ";", "=" padding in the middle of base64, blanks
 * after a QP soft break), format=flowed and iCalendar text undone
 * (content_decode.c), a uuencoded block inside the text decoded as a text
 * of its own, its charset converted to UTF-8 (content_conv.c), HTML turned
 * into text (html.c), and the result written as one text (textout.c,
 * which normalises and hands windows on).  Where the part sits in the
 * tree, and parts that are not text, are content_walk.c's.  Functions
 * return 0, or -1 when memory runs out or the window function failed.
 */
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "content_conv.h"
#include "content_decode.h"
#include "content_walk.h"
#include "html.h"
#include "textout.h"

/* is_html - text/html or XHTML, or an attachment named *.htm[l] */
static int
is_html(GMimeObject *obj, const char *filename)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	size_t n;

	if (ct != NULL && (g_mime_content_type_is_type(ct, "text", "html") ||
	    g_mime_content_type_is_type(ct, "application", "xhtml+xml") ||
	    g_mime_content_type_is_type(ct, "text", "xhtml")))
		return 1;
	if (filename == NULL)
		return 0;
	n = strlen(filename);
	return (n > 4 && strcasecmp(filename + n - 4, ".htm") == 0) ||
	    (n > 5 && strcasecmp(filename + n - 5, ".html") == 0) ||
	    (n > 6 && strcasecmp(filename + n - 6, ".xhtml") == 0);
}

/*
 * PART_IS_TEXT -- a part a reader reads: text/ *, XHTML, a .txt, .csv or
 *	.htm(l) file
 */
int
part_is_text(GMimeObject *obj, const char *filename)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	size_t n;

	if (ct != NULL && g_mime_content_type_is_type(ct, "text", "*"))
		return 1;
	if (is_html(obj, filename))
		return 1;
	if (filename == NULL)
		return 0;
	n = strlen(filename);
	return n > 4 && (strcasecmp(filename + n - 4, ".txt") == 0 ||
	    strcasecmp(filename + n - 4, ".csv") == 0);
}

/*
 * part_encoding - a Content-Transfer-Encoding value read as a lenient
 * reader reads it: quotes, a ";" or a comment after the name ignored
 * ("base64;", "\"base64\"").  NULL or unknown: the default (none).
 */
static GMimeContentEncoding
part_encoding(const char *cte)
{
	char tok[32];
	size_t n;

	if (cte == NULL)
		return GMIME_CONTENT_ENCODING_DEFAULT;
	cte += strspn(cte, " \t\r\n\"'");
	n = strcspn(cte, " \t\r\n\"';(");
	if (n == 0 || n >= sizeof tok)
		return GMIME_CONTENT_ENCODING_DEFAULT;
	memcpy(tok, cte, n);
	tok[n] = '\0';
	return g_mime_content_encoding_from_string(tok);
}

/* html_out - the HTML parser's text onto the part's text(s) */
static int
html_out(void *arg, const char *text, size_t len)
{
	return conv_target_text(arg, text, len);
}

/* One pass over a part's raw bytes, from transfer encoding to text. */
struct reader {
	struct lg_walk		*rd_w;
	GMimeContentEncoding	 rd_enc;
	GMimeFilter		*rd_dec;	/* transfer decoding, or NULL */
	GMimeFilter		*rd_uu;		/* uudecode after it, or NULL */
	bool			 rd_pad;	/* base64 "=" seen */
	bool			 rd_qp;		/* trailing blanks dropped */
	struct xf		 rd_qpx;
	bool			 rd_text;	/* flowed or calendar rewrite */
	struct xf		 rd_textx;
	bool			 rd_bol;	/* uuencode "begin" search */
	bool			 rd_uu_found;
};

/* emit_text - decoded bytes: look for uuencode, rewrite, convert */
static int
emit_text(struct reader *rd, const char *data, size_t len)
{
	struct lg_walk *w = rd->rd_w;
	size_t take, n;

	if (!rd->rd_uu_found && rd->rd_uu == NULL)
		rd->rd_uu_found = xf_uu_begin(data, len, &rd->rd_bol);
	if (!rd->rd_text)
		return conv_write(&w->conv, data, len);
	while (len > 0) {
		take = len > CONV_PIECE ? CONV_PIECE : len;
		n = xf_run(&rd->rd_textx, data, take, w->xt);
		if (conv_write(&w->conv, w->xt, n) == -1)
			return -1;
		data += take;
		len -= take;
	}
	return 0;
}

/* emit_decoded - transfer-decoded bytes, through uudecode if asked */
static int
emit_decoded(struct reader *rd, const char *data, size_t len, int last)
{
	char *out;
	size_t outlen, pre;

	if (rd->rd_uu == NULL)
		return emit_text(rd, data, len);
	if (last)
		g_mime_filter_complete(rd->rd_uu, (char *)data, len, 0, &out,
		    &outlen, &pre);
	else
		g_mime_filter_filter(rd->rd_uu, (char *)data, len, 0, &out,
		    &outlen, &pre);
	return emit_text(rd, out, outlen);
}

/* decode - raw bytes through the transfer decoding; last: flush it */
static int
decode(struct reader *rd, const char *data, size_t len, int last)
{
	char *out;
	size_t outlen, pre;

	if (rd->rd_dec == NULL)
		return len > 0 || last ? emit_decoded(rd, data, len, last) : 0;
	if (last)
		g_mime_filter_complete(rd->rd_dec, (char *)data, len, 0, &out,
		    &outlen, &pre);
	else
		g_mime_filter_filter(rd->rd_dec, (char *)data, len, 0, &out,
		    &outlen, &pre);
	return emit_decoded(rd, out, outlen, last);
}

/*
 * base64 - base64 text; "=" padding in the middle (pieces encoded one by
 * one and joined) ends one run and a new one starts at the next letter,
 * as readers that decode quartet by quartet read it
 */
static int
base64(struct reader *rd, const char *data, size_t len)
{
	size_t i, from = 0;
	unsigned char c;

	if (!rd->rd_pad && memchr(data, '=', len) == NULL)
		return decode(rd, data, len, 0);
	for (i = 0; i < len; i++) {
		c = (unsigned char)data[i];
		if (c == '=')
			rd->rd_pad = true;
		else if (rd->rd_pad && (g_ascii_isalnum(c) || c == '+' ||
		    c == '/')) {
			if (decode(rd, data + from, i - from, 1) == -1)
				return -1;
			g_mime_filter_reset(rd->rd_dec);
			rd->rd_pad = false;
			from = i;
		}
	}
	return decode(rd, data + from, len - from, 0);
}

/* raw_piece - one piece of the part as it stands in the mail */
static int
raw_piece(struct reader *rd, const char *data, size_t len)
{
	if (rd->rd_qp) {
		len = xf_run(&rd->rd_qpx, data, len, rd->rd_w->xq);
		data = rd->rd_w->xq;
	}
	if (rd->rd_enc == GMIME_CONTENT_ENCODING_BASE64)
		return base64(rd, data, len);
	return decode(rd, data, len, 0);
}

/*
 * read_part - a part's raw stream through its transfer decoding (and
 * uudecode if uu), the text rewrites its type asks for, and the converter
 */
static int
read_part(struct lg_walk *w, GMimeObject *obj, GMimeStream *raw, bool uu,
    bool *uu_found)
{
	struct reader rd = { .rd_w = w, .rd_bol = true };
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	const char *fmt, *delsp;
	ssize_t n;
	int rc = -1;

	rd.rd_enc = part_encoding(g_mime_object_get_header(obj,
	    "Content-Transfer-Encoding"));
	if (rd.rd_enc == GMIME_CONTENT_ENCODING_BASE64 ||
	    rd.rd_enc == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
	    rd.rd_enc == GMIME_CONTENT_ENCODING_UUENCODE)
		rd.rd_dec = g_mime_filter_basic_new(rd.rd_enc, FALSE);
	if (rd.rd_enc == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE) {
		rd.rd_qp = true;
		xf_init(&rd.rd_qpx, XF_QP_BLANKS, false);
	}
	if (uu)
		rd.rd_uu = g_mime_filter_basic_new(
		    GMIME_CONTENT_ENCODING_UUENCODE, FALSE);
	else if (ct != NULL && (g_mime_content_type_is_type(ct, "text",
	    "calendar") || g_mime_content_type_is_type(ct, "application",
	    "ics"))) {
		rd.rd_text = true;
		xf_init(&rd.rd_textx, XF_CALENDAR, false);
	} else if (ct != NULL && (fmt = g_mime_content_type_get_parameter(ct,
	    "format")) != NULL && g_ascii_strcasecmp(fmt, "flowed") == 0) {
		delsp = g_mime_content_type_get_parameter(ct, "delsp");
		rd.rd_text = true;
		xf_init(&rd.rd_textx, XF_FLOWED, delsp != NULL &&
		    g_ascii_strcasecmp(delsp, "yes") == 0);
	}
	g_mime_stream_reset(raw);
	while (!w->over && (n = g_mime_stream_read(raw, w->piece,
	    sizeof w->piece)) > 0)
		if (raw_piece(&rd, w->piece, (size_t)n) == -1)
			goto out;
	if (rd.rd_qp && decode(&rd, rd.rd_w->xq, xf_end(&rd.rd_qpx,
	    rd.rd_w->xq), 0) == -1)
		goto out;
	if (decode(&rd, "", 0, 1) == -1)
		goto out;
	if (rd.rd_text && conv_write(&w->conv, w->xt, xf_end(&rd.rd_textx,
	    w->xt)) == -1)
		goto out;
	if (uu_found != NULL)
		*uu_found = rd.rd_uu_found;
	rc = 0;
out:
	if (rd.rd_dec != NULL)
		g_object_unref(rd.rd_dec);
	if (rd.rd_uu != NULL)
		g_object_unref(rd.rd_uu);
	return rc;
}

/*
 * one_text - the part (or, uu, the uuencoded files inside it) as one text
 * named source; *uu_found tells whether a uuencoded block was seen
 */
static int
one_text(struct lg_walk *w, GMimeObject *obj, const char *filename,
    const char *source, bool uu, bool *uu_found)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(GMIME_PART(obj));
	struct conv_target tg = { .tg_incomplete = w->incomplete };
	struct lg_textout t;
	int rc = -1, h;

	if (walk_text_open(w, &t, source) == -1)
		return -1;
	tg.tg_text = &t;
	if (!uu && (w->join.cj_open || w->join.cj_capture))
		tg.tg_join = &w->join;
	if (!uu && is_html(obj, filename) &&
	    (tg.tg_html = html_new(html_out, &tg)) == NULL)
		goto out;
	conv_open(&w->conv, uu ? NULL : g_mime_object_get_content_type_parameter(
	    obj, "charset"), &tg);
	if (dw != NULL && g_mime_data_wrapper_get_stream(dw) != NULL &&
	    read_part(w, obj, g_mime_data_wrapper_get_stream(dw), uu,
	    uu_found) == -1) {
		(void)conv_close(&w->conv);
		goto out;
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
	html_free(tg.tg_html);
	if (t.to_raw != NULL)
		textout_discard(&t);
	return rc;
}

/*
 * PART_TEXT -- one text part: decode, convert, (HTML,) normalise, hand
 *	on.  A uuencoded block inside it ("begin 644 name" ... "end", which
 *	readers show as an attached file) is decoded as a text of its own.
 */
int
part_text(struct lg_walk *w, GMimeObject *obj, const char *filename,
    const char *source)
{
	char uusource[sizeof ((struct lg_textout *)0)->to_source];
	bool uu_found = false;

	if (one_text(w, obj, filename, source, false, &uu_found) == -1)
		return -1;
	if (!uu_found)
		return 0;
	snprintf(uusource, sizeof uusource, "%s uuencoded", source);
	return one_text(w, obj, filename, uusource, true, NULL);
}
