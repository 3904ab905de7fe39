/*
 * content.c - turn a collected message into the texts the rules scan, with
 * GMime: the headers (RFC 2047 words decoded, one "Name: value" line each,
 * except those the caller skips), and every text part at any depth of
 * multipart nesting and inside message/rfc822 parts, decoded from base64 or
 * quoted-printable and converted from its charset to UTF-8.  This file
 * holds the entry points, the message's own headers, the plain-text fast
 * path and the parse; the MIME tree is walked in content_walk.c, one text
 * part decoded in content_part.c (charsets in content_conv.c, HTML in
 * html.c, every text normalised by normalize.c by way of textout.c).
 * Attachment names (RFC 2231 decoded) are a text of their own.
 *
 * Streaming: each part is read from the collected body (GMime's parts
 * point into it; nothing is copied), decoded, converted and normalised a
 * piece at a time, and handed to the caller's window function in windows
 * of constant size (textout.c) before the next piece is read.  Memory per
 * message is the collected message (at most max_scan_size), GMime's parse
 * tree (its headers), and a constant: no decoded text is ever held whole.
 *
 * Headers that disagree on how to read the mail (two different
 * Content-Type or Content-Transfer-Encoding headers) skip the plain-text
 * fast path, whose first-header reading could differ from GMime's, and
 * mark the mail incomplete (content_walk.c decides it for every part).
 *
 * Bounds: nesting deeper than max_depth, more containers than
 * CONTAINERS_PER_DEPTH * max_depth (a cheap count made before GMime runs,
 * whose parser recurses and checks each line against every open boundary),
 * or normalised text beyond the message's own size bound (max_scan_size,
 * one budget for all texts) mark the mail incomplete: the caller judges
 * such mail unscannable.
 *
 * content_init must run once before any thread calls content_scan; after
 * that each call has its own parser and objects, so threads are safe.
 * content_scan and content_extract return 0, or -1 when memory runs out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>
#include <libxml/parser.h>

#include "content.h"
#include "content_conv.h"
#include "content_walk.h"
#include "normalize.h"
#include "textout.h"

#define CONTAINERS_PER_DEPTH	8	/* multipart/message parts per level */
#define DELIMITERS_MAX	10000	/* lines starting "--": bounds MIME parts,
				   and so GMime's tree (~300 bytes a part) */

/*
 * CONTENT_INIT -- initialise GMime and libxml2; once, before threads.
 *	Return value: 0.
 */
int
content_init(void)
{
	g_mime_init();
	xmlInitParser();
	return 0;
}

void
content_shutdown(void)
{
	xmlCleanupParser();
	g_mime_shutdown();
}

static int
skipped(const char *name, const char *const *skip)
{
	for (; skip != NULL && *skip != NULL; skip++)
		if (strcasecmp(name, *skip) == 0)
			return 1;
	return 0;
}

/* plain_header - ASCII without encoded words: nothing to decode */
static int
plain_header(const char *v)
{
	for (; *v != '\0'; v++)
		if ((unsigned char)*v >= 0x80 || (v[0] == '=' && v[1] == '?'))
			return 0;
	return 1;
}

/*
 * CONTENT_HEADER_TEXT -- one header value as the rules see it: unfolded,
 *	RFC 2047 words decoded, normalised.  Whatever is masked for people to
 *	read (a stored Subject, "leakguardctl show") must be masked in this
 *	form: masking the raw value would miss a PIN inside an encoded word.
 *	Return value: a malloc'd string, or NULL when memory runs out.
 */
char *
content_header_text(const char *raw)
{
	char *unfolded, *decoded, *norm;
	size_t nlen;

	if ((unfolded = g_mime_utils_header_unfold(raw)) == NULL)
		return NULL;
	decoded = g_mime_utils_header_decode_text(NULL, unfolded);
	g_free(unfolded);
	if (decoded == NULL)
		return NULL;
	norm = normalize_text(decoded, strlen(decoded), &nlen);
	g_free(decoded);
	return norm;
}

/*
 * count_containers - multipart and message Content-Type lines in the raw
 * body (each starts a line), plus one for the top level if it is one; and
 * in *delims the lines that start "--", of which every part boundary is one
 */
static size_t
count_containers(const char *s, size_t len, const char *top_type,
    size_t *delims)
{
	const char *p = s, *end = s + len, *v;
	size_t n = 0;

	*delims = 0;
	if (top_type != NULL && (strncasecmp(top_type, "multipart/", 10) == 0 ||
	    strncasecmp(top_type, "message/", 8) == 0))
		n++;
	while (p < end) {
		if (end - p > 14 && (*p == 'C' || *p == 'c') &&
		    strncasecmp(p, "content-type:", 13) == 0) {
			for (v = p + 13; v < end && (*v == ' ' || *v == '\t' ||
			    *v == '\r' || *v == '\n'); v++)
				;
			if ((end - v > 10 && strncasecmp(v, "multipart/", 10) == 0) ||
			    (end - v > 8 && strncasecmp(v, "message/", 8) == 0))
				n++;
		} else if (end - p > 2 && p[0] == '-' && p[1] == '-')
			(*delims)++;
		if ((p = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		p++;
	}
	return n;
}

/* parse_message - GMime's view of headers + body, without copying the body */
static GMimeMessage *
parse_message(const struct lg_msg *m, GByteArray *hdr, GByteArray **bodyp)
{
	GMimeStream *cat, *hs, *bs;
	GMimeParser *parser;
	GMimeMessage *msg;
	GByteArray *body;

	/*
	 * The body array borrows the collected body: the parts GMime builds
	 * read it in place, and the caller gives it back (free_segment FALSE)
	 * once the message is gone.
	 */
	*bodyp = body = g_byte_array_new_take((guint8 *)m->msg_body->buf_data,
	    m->msg_body->buf_len);
	hs = g_mime_stream_mem_new_with_byte_array(hdr);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(hs), FALSE);
	bs = g_mime_stream_mem_new_with_byte_array(body);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(bs), FALSE);
	cat = g_mime_stream_cat_new();
	g_mime_stream_cat_add_source(GMIME_STREAM_CAT(cat), hs);
	g_mime_stream_cat_add_source(GMIME_STREAM_CAT(cat), bs);
	g_object_unref(hs);
	g_object_unref(bs);
	parser = g_mime_parser_new_with_stream(cat);
	g_object_unref(cat);
	msg = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	return msg;
}

/* write_header - "Name: value\n", the value unfolded and decoded */
static int
write_header(struct lg_textout *t, const char *name, const char *raw)
{
	char *unfolded, *decoded;
	const char *p, *q;
	int rc;

	if (walk_write_str(t, name) == -1 || textout_write(t, ": ", 2) == -1)
		return -1;
	if (plain_header(raw)) {
		/* Unfold: drop the line breaks, keep the folding blanks. */
		for (p = raw; *p != '\0'; p = q) {
			q = p + strcspn(p, "\r\n");
			if (textout_write(t, p, (size_t)(q - p)) == -1)
				return -1;
			q += strspn(q, "\r\n");
		}
		return textout_write(t, "\n", 1);
	}
	if ((unfolded = g_mime_utils_header_unfold(raw)) == NULL)
		return -1;
	decoded = g_mime_utils_header_decode_text(NULL, unfolded);
	g_free(unfolded);
	if (decoded == NULL)
		return -1;
	rc = walk_write_str(t, decoded) == -1 || textout_write(t, "\n", 1) == -1 ?
	    -1 : 0;
	g_free(decoded);
	return rc;
}

/* has_uuencode - a "begin NNN name" line: a uuencoded file in the text */
static int
has_uuencode(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while ((p = memmem(p, (size_t)(end - p), "begin ", 6)) != NULL) {
		if ((p == s || p[-1] == '\n') && xf_uu_line(p,
		    (size_t)(end - p)))
			return 1;
		p += 6;
	}
	return 0;
}

/*
 * plain_body - the common simple case without GMime: no Content-Type or a
 * text/plain one without format=, no uuencoded block, and no transfer
 * encoding (or 7bit, 8bit, binary): the
 * body is the text, only its charset needs converting.  GMime would do
 * the same, at several times the cost.  Returns 1 if the mail is not that
 * simple, 0 done, -1 out of memory.
 */
static int
plain_body(struct lg_walk *w, const struct lg_msg *m)
{
	const char *ct = message_header(m, "Content-Type");
	const char *cte = message_header(m, "Content-Transfer-Encoding");
	const struct lg_buf *body = m->msg_body;
	GMimeContentType *type = NULL;
	struct conv_target tg = { .tg_incomplete = w->incomplete };
	struct lg_textout t;
	int rc;

	if (cte != NULL) {
		cte += strspn(cte, " \t\r\n");
		if (strncasecmp(cte, "7bit", 4) != 0 &&
		    strncasecmp(cte, "8bit", 4) != 0 &&
		    strncasecmp(cte, "binary", 6) != 0)
			return 1;
	}
	if (ct != NULL) {
		if ((type = g_mime_content_type_parse(NULL, ct)) == NULL)
			return 1;
		if (!g_mime_content_type_is_type(type, "text", "plain") ||
		    g_mime_content_type_get_parameter(type, "format") != NULL) {
			g_object_unref(type);
			return 1;
		}
	}
	if (has_uuencode(body->buf_data, body->buf_len)) {
		if (type != NULL)
			g_object_unref(type);
		return 1;
	}
	if (walk_text_open(w, &t, "body") == -1) {
		if (type != NULL)
			g_object_unref(type);
		return -1;
	}
	tg.tg_text = &t;
	conv_open(&w->conv, type != NULL ?
	    g_mime_content_type_get_parameter(type, "charset") : NULL, &tg);
	if (type != NULL)
		g_object_unref(type);
	rc = conv_write(&w->conv, body->buf_data, body->buf_len);
	if (conv_close(&w->conv) == -1)
		rc = -1;
	if (rc == -1) {
		textout_discard(&t);
		return -1;
	}
	return textout_close(&t);
}

/* scan_headers - the message's own headers as the "headers" text */
static int
scan_headers(struct lg_walk *w, const struct lg_msg *m,
    const char *const *skip_headers)
{
	struct lg_textout t;
	size_t i;

	if (walk_text_open(w, &t, "headers") == -1)
		return -1;
	for (i = 0; i < m->msg_nheaders; i++) {
		const struct lg_header *h = &m->msg_headers[i];

		if (!skipped(h->hdr_name, skip_headers) &&
		    write_header(&t, h->hdr_name, h->hdr_value) == -1) {
			textout_discard(&t);
			return -1;
		}
	}
	return textout_close(&t);
}

/* msg_header_at - walk_ambiguous's view of the collected headers */
static const char *
msg_header_at(void *arg, size_t i, const char **value)
{
	const struct lg_msg *m = arg;

	*value = m->msg_headers[i].hdr_value;
	return m->msg_headers[i].hdr_name;
}

/* body_as_is - a body GMime cannot read as MIME, scanned as it is */
static int
body_as_is(struct lg_walk *w, const struct lg_msg *m)
{
	struct lg_textout t;

	if (walk_text_open(w, &t, "body") == -1)
		return -1;
	if (textout_write(&t, m->msg_body->buf_data, m->msg_body->buf_len) ==
	    -1) {
		textout_discard(&t);
		return -1;
	}
	return textout_close(&t);
}

/*
 * CONTENT_SCAN -- hand every text of the message to fn, window by window,
 *	as it is decoded.
 *	Parameters: skip_headers is a NULL-terminated list of header names
 *	left out (the binding and result headers), or NULL; max_depth bounds
 *	the nesting of multipart and message parts; attach says how
 *	attachments are read and gets what was found in them (NULL: they
 *	are not read, content_attach.h); *incomplete is set when
 *	not all could be read (left alone otherwise).
 *	Return value: 0, or -1 when memory runs out or fn returned -1.
 */
int
content_scan(const struct lg_msg *m, const char *const *skip_headers,
    unsigned max_depth, struct content_attach *attach, lg_window_fn fn,
    void *arg, bool *incomplete)
{
	struct lg_walk *w;
	GByteArray *raw = NULL, *body = NULL;
	GMimeMessage *msg = NULL;
	size_t i, delims;
	int rc = -1;

	if ((w = malloc(sizeof *w)) == NULL)
		return -1;
	w->budget = m->msg_max_size;
	w->over = false;
	w->incomplete = incomplete;
	w->max_depth = max_depth;
	w->attach = attach;
	w->depth = 0;
	w->path = "";
	w->fn = fn;
	w->arg = arg;
	w->names_open = false;
	w->join.cj_open = w->join.cj_capture = false;
	w->join_budget = m->msg_max_size;
	if (scan_headers(w, m, skip_headers) == -1)
		goto out;
	/* Headers that disagree: read as GMime does, and held (walk_part). */
	if (!walk_ambiguous(m->msg_nheaders, msg_header_at, (void *)m) &&
	    (rc = plain_body(w, m)) != 1)
		goto out;
	rc = -1;
	if (count_containers(m->msg_body->buf_data, m->msg_body->buf_len,
	    message_header(m, "Content-Type"), &delims) >
	    (size_t)CONTAINERS_PER_DEPTH * max_depth || delims > DELIMITERS_MAX) {
		*incomplete = true;
		rc = 0;
		goto out;
	}
	/* GMime gets only the headers that shape the MIME structure. */
	raw = g_byte_array_sized_new(256);
	for (i = 0; i < m->msg_nheaders; i++) {
		const struct lg_header *h = &m->msg_headers[i];

		if (strncasecmp(h->hdr_name, "content-", 8) == 0 ||
		    strcasecmp(h->hdr_name, "mime-version") == 0) {
			g_byte_array_append(raw, (const guint8 *)h->hdr_name,
			    (guint)strlen(h->hdr_name));
			g_byte_array_append(raw, (const guint8 *)": ", 2);
			g_byte_array_append(raw, (const guint8 *)h->hdr_value,
			    (guint)strlen(h->hdr_value));
			g_byte_array_append(raw, (const guint8 *)"\n", 1);
		}
	}
	g_byte_array_append(raw, (const guint8 *)"\n", 1);
	if ((msg = parse_message(m, raw, &body)) == NULL ||
	    g_mime_message_get_mime_part(msg) == NULL) {
		/* Nothing GMime can read as MIME: scan the body as it is. */
		rc = body_as_is(w, m);
		goto out;
	}
	if (walk_part(w, g_mime_message_get_mime_part(msg), 0, "") == -1)
		goto out;
	if (w->names_open) {
		w->names_open = false;
		if (textout_close(&w->names) == -1)
			goto out;
	}
	rc = 0;
out:
	if (w->names_open)
		textout_discard(&w->names);
	if (w->join.cj_open)
		textout_discard(&w->join.cj_text);
	if (w->over)
		*incomplete = true;
	if (msg != NULL)
		g_object_unref(msg);
	if (body != NULL)
		(void)g_byte_array_free(body, FALSE);
	if (raw != NULL)
		g_byte_array_free(raw, TRUE);
	free(w);
	return rc;
}
