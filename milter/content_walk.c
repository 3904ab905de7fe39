/*
 * content_walk.c - the MIME tree of a parsed message walked depth-first:
 * multiparts (their prologue and epilogue are texts too), message/rfc822
 * parts (their headers a text, their body walked), and leaf parts.  A leaf
 * gives its file name to the "attachment names" text; a text leaf is
 * decoded by content_part.c; any other leaf (an "opaque" part: PDF, image,
 * archive...) goes to walk_opaque, the one place where what can be read
 * out of such a part is to be added.  A message/rfc822 part sent base64-
 * or QP-encoded is decoded and parsed again; where two inline text parts
 * meet, their edges are also one text.  Marked incomplete (the mail is
 * then held as unscannable): nesting deeper than max_depth, a part whose
 * headers disagree on how to read it (walk_ambiguous), a message/partial
 * fragment.  What the parse is, and the message's own headers, are
 * content.c's.  Functions return 0, or -1 when memory runs out or the
 * window function failed.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "content_sig.h"
#include "content_walk.h"
#include "textout.h"

/* WALK_TEXT_OPEN -- start a text of the walk */
int
walk_text_open(struct lg_walk *w, struct lg_textout *t, const char *source)
{
	return textout_open(t, source, &w->budget, &w->over, w->fn, w->arg);
}

/* WALK_WRITE_STR -- a NUL-terminated string onto a text */
int
walk_write_str(struct lg_textout *t, const char *s)
{
	return textout_write(t, s, strlen(s));
}

/*
 * walk_opaque - a leaf that is not text (PDF, image, archive, anything a
 * reader opens with another program): its name is already in "attachment
 * names"; its content is read by content_attach.c (source names the part).
 */
static int
walk_opaque(struct lg_walk *w, GMimeObject *obj, const char *filename,
    const char *source)
{
	return attach_part(w, obj, filename, source, w->path);
}

/* walk_leaf - one leaf part: its name, and its text if it has any */
static int
walk_leaf(struct lg_walk *w, GMimeObject *obj, const char *source)
{
	const char *filename = g_mime_part_get_filename(GMIME_PART(obj));

	if (filename != NULL) {
		if (!w->names_open) {
			if (walk_text_open(w, &w->names, "attachment names") == -1)
				return -1;
			w->names_open = true;
		}
		if (walk_write_str(&w->names, "Attachment: ") == -1 ||
		    walk_write_str(&w->names, filename) == -1 ||
		    textout_write(&w->names, "\n", 1) == -1)
			return -1;
	}
	if (!part_is_text(obj, filename) || attach_wants(w, obj, filename))
		return walk_opaque(w, obj, filename, source);
	return part_text(w, obj, filename, source);
}

/* walk_headers - the headers of an embedded message as one text */
static int
walk_headers(struct lg_walk *w, GMimeObject *obj, const char *source)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
	struct lg_textout t;
	int i, n;

	if (walk_text_open(w, &t, source) == -1)
		return -1;
	n = g_mime_header_list_get_count(hl);
	for (i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *v = g_mime_header_get_value(h);

		if (walk_write_str(&t, g_mime_header_get_name(h)) == -1 ||
		    textout_write(&t, ": ", 2) == -1 ||
		    walk_write_str(&t, v != NULL ? v : "") == -1 ||
		    textout_write(&t, "\n", 1) == -1) {
			textout_discard(&t);
			return -1;
		}
	}
	return textout_close(&t);
}

/*
 * walk_source - "prefix path suffix" as a text's source name; a path too
 * long for the name keeps its end ("part …3.1.2"), the part that tells
 * the deepest parts apart: the walk goes on whatever the name's length
 */
static void
walk_source(char *dst, size_t size, const char *prefix, const char *path,
    const char *suffix)
{
	size_t room = size - 1 - strlen(prefix) - strlen(suffix);
	size_t plen = strlen(path);

	if (plen <= room)
		snprintf(dst, size, "%s%s%s", prefix, path, suffix);
	else
		snprintf(dst, size, "%s\xe2\x80\xa6%s%s", prefix,
		    path + plen - (room - 3), suffix);
}

/* walk_extra - a multipart's prologue or epilogue, if it has one */
static int
walk_extra(struct lg_walk *w, const char *text, const char *path,
    const char *what)
{
	char source[sizeof ((struct lg_textout *)0)->to_source], prefix[16];
	struct lg_textout t;

	if (text == NULL || text[strspn(text, " \t\r\n")] == '\0')
		return 0;
	snprintf(prefix, sizeof prefix, "%s%s", what, *path ? " " : "");
	walk_source(source, sizeof source, prefix, path, "");
	if (walk_text_open(w, &t, source) == -1)
		return -1;
	if (walk_write_str(&t, text) == -1) {
		textout_discard(&t);
		return -1;
	}
	return textout_close(&t);
}

/*
 * same_value - two values of one header that mean the same: equal but
 * for case and blanks around them
 */
static int
same_value(const char *a, const char *b)
{
	size_t la, lb;

	a += strspn(a, " \t\r\n");
	b += strspn(b, " \t\r\n");
	for (la = strlen(a); la > 0 && strchr(" \t\r\n", a[la - 1]); la--)
		;
	for (lb = strlen(b); lb > 0 && strchr(" \t\r\n", b[lb - 1]); lb--)
		;
	return la == lb && strncasecmp(a, b, la) == 0;
}

/*
 * WALK_AMBIGUOUS -- does a header list say two different things about how
 *	to read its part?  Two Content-Type or two Content-Transfer-Encoding
 *	headers that differ: mail readers differ on which one counts (GMime
 *	takes the last, others the first), so no one reading is the reading.
 *	name/value pairs come from get(arg, i) for i < n.
 *	Return value: 1 ambiguous, 0 not.
 */
int
walk_ambiguous(size_t n, const char *(*get)(void *, size_t, const char **),
    void *arg)
{
	static const char *const names[] = { "Content-Type",
		"Content-Transfer-Encoding", NULL };
	const char *const *nm;
	const char *first, *name, *v;
	size_t i;

	for (nm = names; *nm != NULL; nm++) {
		first = NULL;
		for (i = 0; i < n; i++) {
			if ((name = get(arg, i, &v)) == NULL ||
			    strcasecmp(name, *nm) != 0)
				continue;
			if (v == NULL)
				v = "";
			if (first == NULL)
				first = v;
			else if (!same_value(first, v))
				return 1;
		}
	}
	return 0;
}

/* header_at - walk_ambiguous's view of a GMime header list */
static const char *
header_at(void *arg, size_t i, const char **value)
{
	GMimeHeader *h = g_mime_header_list_get_header_at(arg, (int)i);

	*value = g_mime_header_get_raw_value(h);
	return g_mime_header_get_name(h);
}

/* ambiguous_part - a part whose own headers disagree on how to read it */
static int
ambiguous_part(GMimeObject *obj)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(obj);

	return hl != NULL && walk_ambiguous((size_t)
	    g_mime_header_list_get_count(hl), header_at, hl);
}

/*
 * inline_text - a leaf a reader shows in line with the one before it: a
 * text part not marked as an attachment
 */
static int
inline_text(GMimeObject *obj)
{
	if (!GMIME_IS_PART(obj) || GMIME_IS_MESSAGE_PARTIAL(obj) ||
	    g_mime_part_is_attachment(GMIME_PART(obj)))
		return 0;
	return part_is_text(obj, g_mime_part_get_filename(GMIME_PART(obj)));
}

/*
 * join_open - the text where the inline part before (its tail, kept in
 * the ring) meets the one about to be read (its head, taken as it is
 * read): "inline parts 1-2"
 */
static int
join_open(struct lg_walk *w, const char *path, int i)
{
	struct conv_join *j = &w->join;
	char sub[PATH_MAX_LEN], source[sizeof j->cj_text.to_source];
	size_t start = (j->cj_pos + JOIN_CONTEXT - j->cj_fill) % JOIN_CONTEXT;
	size_t first = JOIN_CONTEXT - start < j->cj_fill ?
	    JOIN_CONTEXT - start : j->cj_fill;

	snprintf(sub, sizeof sub, "%s%s%d-%d", path, *path ? "." : "", i,
	    i + 1);
	walk_source(source, sizeof source, "inline parts ", sub, "");
	if (textout_open(&j->cj_text, source, &w->join_budget, w->incomplete,
	    w->fn, w->arg) == -1)
		return -1;
	j->cj_open = true;
	j->cj_left = JOIN_CONTEXT;
	if (textout_write(&j->cj_text, j->cj_ring + start, first) == -1 ||
	    textout_write(&j->cj_text, j->cj_ring, j->cj_fill - first) == -1 ||
	    textout_write(&j->cj_text, "\n", 1) == -1)
		return -1;
	return 0;
}

/*
 * walk_children - the parts of a multipart in order.  A reader shows the
 * inline text parts of a multipart/mixed (or any multipart but
 * alternative) one after the other, so where two such parts meet, the end
 * of the one and the start of the next (JOIN_CONTEXT bytes each, the
 * longest match a rule makes) are also scanned as one text: a label that
 * ends one part and the value that starts the next are one sentence to
 * the reader.
 */
static int
walk_children(struct lg_walk *w, GMimeMultipart *mp, unsigned depth,
    const char *path)
{
	GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(mp));
	struct conv_join *j = &w->join;
	char sub[PATH_MAX_LEN];
	bool alternative = ct != NULL &&
	    g_mime_content_type_is_type(ct, "multipart", "alternative");
	bool prev = false, inl;
	int i, n = g_mime_multipart_get_count(mp);

	for (i = 0; i < n; i++) {
		GMimeObject *part = g_mime_multipart_get_part(mp, i);

		if (content_is_detached_signature(mp, i, part))
			continue;	/* no text, not an attachment */
		inl = !alternative && inline_text(part);
		if (inl && prev && join_open(w, path, i) == -1)
			return -1;
		if (inl) {
			j->cj_capture = true;
			j->cj_pos = j->cj_fill = 0;
		}
		snprintf(sub, sizeof sub, "%s%s%d", path, *path ? "." : "",
		    i + 1);
		if (walk_part(w, part, depth + 1, sub) == -1)
			return -1;
		j->cj_capture = false;
		if (j->cj_open) {
			j->cj_open = false;
			if (textout_close(&j->cj_text) == -1)
				return -1;
		}
		prev = inl;
	}
	return 0;
}

/*
 * encoded_message - a message/rfc822 (or message/global) part sent with a
 * transfer encoding (base64, quoted-printable), which RFC 2046 forbids
 * but readers decode: GMime leaves it a leaf, so it is decoded and parsed
 * here.  Returns the message (unref it), or NULL if it is not one.
 */
static GMimeMessage *
encoded_message(GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	GMimeDataWrapper *dw;
	GMimeStream *mem;
	GMimeParser *parser;
	GMimeMessage *inner;

	if (ct == NULL || (!g_mime_content_type_is_type(ct, "message",
	    "rfc822") && !g_mime_content_type_is_type(ct, "message",
	    "global")) || (dw = g_mime_part_get_content(GMIME_PART(obj))) ==
	    NULL)
		return NULL;
	mem = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(dw, mem) == -1) {
		g_object_unref(mem);
		return NULL;
	}
	g_mime_stream_reset(mem);
	parser = g_mime_parser_new_with_stream(mem);
	g_object_unref(mem);
	inner = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	return inner;
}

/* WALK_MESSAGE -- an embedded message: its headers, then its body */
int
walk_message(struct lg_walk *w, GMimeMessage *m, unsigned depth,
    const char *path)
{
	char source[sizeof ((struct lg_textout *)0)->to_source];

	walk_source(source, sizeof source, "part ", path, " headers");
	if (walk_headers(w, GMIME_OBJECT(m), source) == -1)
		return -1;
	if (g_mime_message_get_mime_part(m) == NULL)
		return 0;
	return walk_part(w, g_mime_message_get_mime_part(m), depth + 1, path);
}
/* WALK_PART -- a part and everything inside it, depth-first */
int
walk_part(struct lg_walk *w, GMimeObject *obj, unsigned depth, const char *path)
{
	char source[sizeof ((struct lg_textout *)0)->to_source];
	GMimeMessage *m;
	int rc;

	if (depth > w->max_depth || strlen(path) + 12 > PATH_MAX_LEN) {
		*w->incomplete = true;
		return 0;
	}
	if (ambiguous_part(obj))
		*w->incomplete = true;	/* read, and held as unscannable */
	if (GMIME_IS_MULTIPART(obj)) {
		/* Text around the parts: no reader sees it, but it is mail. */
		if (walk_extra(w, g_mime_multipart_get_prologue(
		    GMIME_MULTIPART(obj)), path, "prologue") == -1 ||
		    walk_extra(w, g_mime_multipart_get_epilogue(
		    GMIME_MULTIPART(obj)), path, "epilogue") == -1)
			return -1;
		return walk_children(w, GMIME_MULTIPART(obj), depth, path);
	}
	if (GMIME_IS_MESSAGE_PART(obj)) {
		if ((m = g_mime_message_part_get_message(
		    GMIME_MESSAGE_PART(obj))) == NULL)
			return 0;
		return walk_message(w, m, depth, path);
	}
	if (GMIME_IS_MESSAGE_PARTIAL(obj)) {
		/*
		 * One fragment of a message sent in pieces (RFC 2046 5.2.2):
		 * the other pieces are other mails, so it cannot be read whole.
		 */
		*w->incomplete = true;
		return 0;
	}
	if (GMIME_IS_PART(obj) && (m = encoded_message(obj)) != NULL) {
		rc = walk_message(w, m, depth, path);
		g_object_unref(m);
		return rc;
	}
	if (GMIME_IS_PART(obj)) {
		if (*path == '\0')
			snprintf(source, sizeof source, "body");
		else
			walk_source(source, sizeof source, "part ", path, "");
		w->depth = depth;
		w->path = path;
		return walk_leaf(w, obj, source);
	}
	return 0;
}
