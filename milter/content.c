/*
 * content.c - turn a collected message into the texts the rules scan, with
 * GMime: the headers (RFC 2047 words decoded, one "Name: value" line each,
 * except those the caller skips), and every text part at any depth of
 * multipart nesting and inside message/rfc822 parts, decoded from base64 or
 * quoted-printable and converted from its charset to UTF-8 (an unknown or
 * wrong charset still gives text: valid UTF-8 is kept, anything else is
 * read as Windows-1252).  HTML parts go through html.c, every text through
 * normalize.c.  Attachment names (RFC 2231 decoded) are a text of their
 * own.
 *
 * Bounds: nesting deeper than max_depth, more containers than
 * CONTAINERS_PER_DEPTH * max_depth (a cheap count made before GMime runs,
 * whose parser recurses and checks each line against every open boundary),
 * or decoded text beyond the message's own size bound (max_scan_size) set
 * tl_incomplete: the caller judges such mail unscannable.  Besides the
 * collected message, memory is the parse tree plus the texts (at most
 * max_scan_size) plus one part's decoding buffers.
 *
 * content_init must run once before any thread calls content_extract;
 * after that each call has its own parser and objects, so threads are
 * safe.  content_extract returns 0, or -1 when memory runs out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>
#include <libxml/parser.h>

#include "content.h"
#include "html.h"
#include "normalize.h"

#define CONTAINERS_PER_DEPTH	8	/* multipart/message parts per level */
#define PATH_MAX_LEN		24	/* "1.2.3" part numbers kept */

struct walk {
	struct lg_textlist	*tl;
	struct lg_buf		*names;		/* attachment names */
	size_t			 budget;	/* text bytes still allowed */
	unsigned		 max_depth;
	int			 oom;
};

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

/* textlist_take - add text (malloc'd) to the list, owning it */
static int
textlist_take(struct lg_textlist *tl, const char *source, char *data,
    size_t len)
{
	struct lg_text *t;

	t = realloc(tl->tl_items, (tl->tl_count + 1) * sizeof *t);
	if (t == NULL) {
		free(data);
		return -1;
	}
	tl->tl_items = t;
	t = &tl->tl_items[tl->tl_count++];
	snprintf(t->text_source, sizeof t->text_source, "%s", source);
	t->text_data = data;
	t->text_len = len;
	return 0;
}

/* add_text - normalise and add; charges the budget */
static int
add_text(struct walk *w, const char *source, const char *data, size_t len)
{
	char *norm;
	size_t nlen;

	if ((norm = normalize_text(data, len, &nlen)) == NULL)
		return -1;
	if (nlen > w->budget) {
		w->tl->tl_incomplete = true;
		free(norm);
		return 0;
	}
	w->budget -= nlen;
	return textlist_take(w->tl, source, norm, nlen);
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

/* append_header - "Name: decoded value\n" onto b */
static int
append_header(struct lg_buf *b, const char *name, const char *raw)
{
	char *unfolded, *decoded;
	const char *p;
	int rc;

	if (plain_header(raw)) {
		/* Unfold: drop the line breaks, keep the folding blanks. */
		if (buf_appendstr(b, name) == -1 || buf_append(b, ": ", 2) == -1)
			return -1;
		for (p = raw; *p != '\0'; p++)
			if (*p != '\r' && *p != '\n' && buf_append(b, p, 1) == -1)
				return -1;
		return buf_append(b, "\n", 1);
	}

	if ((unfolded = g_mime_utils_header_unfold(raw)) == NULL)
		return -1;
	decoded = g_mime_utils_header_decode_text(NULL, unfolded);
	g_free(unfolded);
	if (decoded == NULL)
		return -1;
	rc = buf_appendstr(b, name) == -1 || buf_append(b, ": ", 2) == -1 ||
	    buf_appendstr(b, decoded) == -1 || buf_append(b, "\n", 1) == -1 ?
	    -1 : 0;
	g_free(decoded);
	return rc;
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

/* is_utf8_name - a charset name that means UTF-8 or its ASCII subset */
static int
is_utf8_name(const char *cs)
{
	return cs == NULL || strcasecmp(cs, "utf-8") == 0 ||
	    strcasecmp(cs, "utf8") == 0 || strcasecmp(cs, "us-ascii") == 0 ||
	    strcasecmp(cs, "ascii") == 0;
}

/* convert - bytes in charset cs to UTF-8; NULL when cs is unknown */
static GByteArray *
convert(const guint8 *data, size_t len, const char *cs)
{
	GMimeStream *mem, *fs;
	GMimeFilter *f;
	GByteArray *out;

	if ((f = g_mime_filter_charset_new(cs, "UTF-8")) == NULL)
		return NULL;
	mem = g_mime_stream_mem_new();
	fs = g_mime_stream_filter_new(mem);
	g_mime_stream_filter_add(GMIME_STREAM_FILTER(fs), f);
	g_object_unref(f);
	g_mime_stream_write(fs, (const char *)data, len);
	g_mime_stream_flush(fs);
	g_object_unref(fs);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	out = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	g_object_unref(mem);
	return out;
}

/*
 * to_utf8 - decoded bytes as UTF-8: declared charset first; Latin-1 read
 * as its superset Windows-1252; text that is not valid in what it claims
 * (or claims nothing) is read as Windows-1252.  NULL: keep raw as it is.
 */
static GByteArray *
to_utf8(const guint8 *data, size_t len, const char *cs)
{
	GByteArray *conv = NULL;

	if (cs != NULL && (strcasecmp(cs, "iso-8859-1") == 0 ||
	    strcasecmp(cs, "latin1") == 0 || strcasecmp(cs, "iso_8859-1") == 0))
		cs = "windows-1252";
	if (!is_utf8_name(cs))
		conv = convert(data, len, cs);
	if (conv == NULL && !g_utf8_validate((const char *)data, (gssize)len,
	    NULL))
		conv = convert(data, len, "windows-1252");
	return conv;
}

/* part_utf8 - the decoded content of a leaf part as UTF-8 */
static GByteArray *
part_utf8(GMimeObject *obj)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(GMIME_PART(obj));
	const char *cs = g_mime_object_get_content_type_parameter(obj, "charset");
	GMimeStream *mem;
	GByteArray *raw, *conv;

	mem = g_mime_stream_mem_new();
	if (dw != NULL)
		g_mime_data_wrapper_write_to_stream(dw, mem);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	raw = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	g_object_unref(mem);
	if ((conv = to_utf8(raw->data, raw->len, cs)) == NULL)
		return raw;
	g_byte_array_free(raw, TRUE);
	return conv;
}

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

/* is_text - a part a reader reads: text/ *, or a *.txt/.csv/.htm(l) file */
static int
is_text(GMimeObject *obj, const char *filename)
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

/* walk_leaf - one leaf part: its name, and its text if it has any */
static int
walk_leaf(struct walk *w, GMimeObject *obj, const char *source)
{
	const char *filename = g_mime_part_get_filename(GMIME_PART(obj));
	GByteArray *ba;
	char *html;
	size_t hlen;
	int rc;

	if (filename != NULL && (buf_appendstr(w->names, "Attachment: ") == -1 ||
	    buf_appendstr(w->names, filename) == -1 ||
	    buf_append(w->names, "\n", 1) == -1))
		return -1;
	if (!is_text(obj, filename))
		return 0;
	ba = part_utf8(obj);
	if (ba->len > w->budget) {
		w->tl->tl_incomplete = true;
		g_byte_array_free(ba, TRUE);
		return 0;
	}
	if (!is_html(obj, filename))
		rc = add_text(w, source, (const char *)ba->data, ba->len);
	else if ((html = html_to_text((const char *)ba->data, ba->len,
	    &hlen)) != NULL) {
		rc = add_text(w, source, html, hlen);
		free(html);
	} else {
		/* Unreadable HTML: scan the markup, and say it was not read. */
		w->tl->tl_incomplete = true;
		rc = add_text(w, source, (const char *)ba->data, ba->len);
	}
	g_byte_array_free(ba, TRUE);
	return rc;
}

/* walk_headers - the headers of an embedded message as one text */
static int
walk_headers(struct walk *w, GMimeObject *obj, const char *source)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
	struct lg_buf *b;
	int i, n, rc = -1;

	if ((b = buf_new(512, w->budget + 1)) == NULL)
		return -1;
	n = g_mime_header_list_get_count(hl);
	for (i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *v = g_mime_header_get_value(h);

		if (buf_appendstr(b, g_mime_header_get_name(h)) == -1 ||
		    buf_append(b, ": ", 2) == -1 ||
		    buf_appendstr(b, v != NULL ? v : "") == -1 ||
		    buf_append(b, "\n", 1) == -1)
			goto out;
	}
	if (b->buf_over)
		w->tl->tl_incomplete = true;
	rc = add_text(w, source, b->buf_data, b->buf_len);
out:
	buf_free(b);
	return rc;
}

/* walk_extra - a multipart's prologue or epilogue, if it has one */
static int
walk_extra(struct walk *w, const char *text, const char *path,
    const char *what)
{
	char source[sizeof ((struct lg_text *)0)->text_source];

	if (text == NULL || text[strspn(text, " \t\r\n")] == '\0')
		return 0;
	snprintf(source, sizeof source, "%s%s%s", what, *path ? " " : "", path);
	return add_text(w, source, text, strlen(text));
}

/* walk_part - a part and everything inside it, depth-first */
static int
walk_part(struct walk *w, GMimeObject *obj, unsigned depth, const char *path)
{
	char source[sizeof ((struct lg_text *)0)->text_source], sub[PATH_MAX_LEN];
	int i, n;

	if (depth > w->max_depth) {
		w->tl->tl_incomplete = true;
		return 0;
	}
	if (GMIME_IS_MULTIPART(obj)) {
		/* Text around the parts: no reader sees it, but it is mail. */
		if (walk_extra(w, g_mime_multipart_get_prologue(
		    GMIME_MULTIPART(obj)), path, "prologue") == -1 ||
		    walk_extra(w, g_mime_multipart_get_epilogue(
		    GMIME_MULTIPART(obj)), path, "epilogue") == -1)
			return -1;
		n = g_mime_multipart_get_count(GMIME_MULTIPART(obj));
		for (i = 0; i < n; i++) {
			if (snprintf(sub, sizeof sub, "%s%s%d", path,
			    *path ? "." : "", i + 1) >= (int)sizeof sub) {
				w->tl->tl_incomplete = true;
				return 0;
			}
			if (walk_part(w, g_mime_multipart_get_part(
			    GMIME_MULTIPART(obj), i), depth + 1, sub) == -1)
				return -1;
		}
		return 0;
	}
	if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *m = g_mime_message_part_get_message(
		    GMIME_MESSAGE_PART(obj));

		if (m == NULL)
			return 0;
		snprintf(source, sizeof source, "part %s headers", path);
		if (walk_headers(w, GMIME_OBJECT(m), source) == -1)
			return -1;
		if (g_mime_message_get_mime_part(m) == NULL)
			return 0;
		return walk_part(w, g_mime_message_get_mime_part(m), depth + 1,
		    path);
	}
	if (GMIME_IS_PART(obj)) {
		if (*path == '\0')
			snprintf(source, sizeof source, "body");
		else
			snprintf(source, sizeof source, "part %s", path);
		return walk_leaf(w, obj, source);
	}
	return 0;		/* message/partial and the like: nothing to read */
}

/*
 * count_containers - multipart and message Content-Type lines in the raw
 * body (each starts a line), plus one for the top level if it is one
 */
static size_t
count_containers(const char *s, size_t len, const char *top_type)
{
	const char *p = s, *end = s + len, *v;
	size_t n = 0;

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
		}
		if ((p = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		p++;
	}
	return n;
}

/*
 * plain_body - the common simple case without GMime: no Content-Type or a
 * text/plain one, and no transfer encoding (or 7bit, 8bit, binary): the
 * body is the text, only its charset needs converting.  GMime would do
 * the same, at several times the cost.  Returns 1 if the mail is not that
 * simple, 0 done, -1 out of memory.
 */
static int
plain_body(struct walk *w, const struct lg_msg *m)
{
	const char *ct = message_header(m, "Content-Type");
	const char *cte = message_header(m, "Content-Transfer-Encoding");
	const struct lg_buf *body = m->msg_body;
	GMimeContentType *type = NULL;
	GByteArray *conv;
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
		if (!g_mime_content_type_is_type(type, "text", "plain")) {
			g_object_unref(type);
			return 1;
		}
	}
	conv = to_utf8((const guint8 *)body->buf_data, body->buf_len,
	    type != NULL ? g_mime_content_type_get_parameter(type, "charset") :
	    NULL);
	if (type != NULL)
		g_object_unref(type);
	if (conv == NULL)
		return add_text(w, "body", body->buf_data, body->buf_len);
	rc = add_text(w, "body", (const char *)conv->data, conv->len);
	g_byte_array_free(conv, TRUE);
	return rc;
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

/*
 * CONTENT_EXTRACT -- the texts to scan.
 *	Parameters: skip_headers is a NULL-terminated list of header names
 *	left out (the binding and result headers), or NULL; max_depth bounds
 *	the nesting of multipart and message parts.
 *	Return value: 0 (out->tl_incomplete set if not all could be read), or
 *	-1 when memory runs out.
 */
int
content_extract(const struct lg_msg *m, const char *const *skip_headers,
    unsigned max_depth, struct lg_textlist *out)
{
	struct walk w = { .tl = out, .max_depth = max_depth };
	struct lg_buf *hb = NULL;
	GByteArray *raw = NULL, *body = NULL;
	GMimeMessage *msg = NULL;
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof *out);
	w.budget = m->msg_max_size;
	if ((hb = buf_new(1024, 4 * m->msg_header_bytes + 1024)) == NULL ||
	    (w.names = buf_new(256, m->msg_max_size)) == NULL)
		goto out;
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
		if (!skipped(h->hdr_name, skip_headers) &&
		    append_header(hb, h->hdr_name, h->hdr_value) == -1)
			goto out;
	}
	g_byte_array_append(raw, (const guint8 *)"\n", 1);
	if (add_text(&w, "headers", hb->buf_data, hb->buf_len) == -1)
		goto out;

	if ((rc = plain_body(&w, m)) != 1)
		goto out;
	rc = -1;
	if (count_containers(m->msg_body->buf_data, m->msg_body->buf_len,
	    message_header(m, "Content-Type")) >
	    (size_t)CONTAINERS_PER_DEPTH * max_depth) {
		out->tl_incomplete = true;
		rc = 0;
		goto out;
	}
	if ((msg = parse_message(m, raw, &body)) == NULL ||
	    g_mime_message_get_mime_part(msg) == NULL) {
		/* Nothing GMime can read as MIME: scan the body as it is. */
		rc = add_text(&w, "body", m->msg_body->buf_data,
		    m->msg_body->buf_len);
		goto out;
	}
	if (walk_part(&w, g_mime_message_get_mime_part(msg), 0, "") == -1)
		goto out;
	if (w.names->buf_len > 0 && add_text(&w, "attachment names",
	    w.names->buf_data, w.names->buf_len) == -1)
		goto out;
	rc = 0;
out:
	if (msg != NULL)
		g_object_unref(msg);
	if (body != NULL)
		(void)g_byte_array_free(body, FALSE);
	if (raw != NULL)
		g_byte_array_free(raw, TRUE);
	buf_free(hb);
	buf_free(w.names);
	if (rc == -1)
		content_free(out);
	return rc;
}

void
content_free(struct lg_textlist *tl)
{
	size_t i;

	for (i = 0; i < tl->tl_count; i++)
		free(tl->tl_items[i].text_data);
	free(tl->tl_items);
	memset(tl, 0, sizeof *tl);
}
