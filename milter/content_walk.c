/*
 * content_walk.c - the MIME tree of a parsed message walked depth-first:
 * multiparts (their prologue and epilogue are texts too), message/rfc822
 * parts (their headers a text, their body walked), and leaf parts.  A leaf
 * gives its file name to the "attachment names" text; a text leaf is
 * decoded by content_part.c; any other leaf (an "opaque" part: PDF, image,
 * archive...) goes to walk_opaque, the one place where what can be read
 * out of such a part is to be added.  Nesting deeper than max_depth or a
 * part path too long to name marks the mail incomplete.  What the parse
 * is, and the message's own headers, are content.c's.  Functions return 0,
 * or -1 when memory runs out or the window function failed.
 */
#include <stdio.h>
#include <string.h>

#include <gmime/gmime.h>

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
 * reader opens with another program).  Nothing reads it yet: its name is
 * already in "attachment names", its content is not scanned.  Extractors
 * that turn such a part into text hook in here (source names the part).
 */
static int
walk_opaque(struct lg_walk *w, GMimeObject *obj, const char *filename,
    const char *source)
{
	(void)w;
	(void)obj;
	(void)filename;
	(void)source;
	return 0;
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
	if (!part_is_text(obj, filename))
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

/* walk_extra - a multipart's prologue or epilogue, if it has one */
static int
walk_extra(struct lg_walk *w, const char *text, const char *path,
    const char *what)
{
	char source[sizeof ((struct lg_textout *)0)->to_source];
	struct lg_textout t;

	if (text == NULL || text[strspn(text, " \t\r\n")] == '\0')
		return 0;
	snprintf(source, sizeof source, "%s%s%s", what, *path ? " " : "", path);
	if (walk_text_open(w, &t, source) == -1)
		return -1;
	if (walk_write_str(&t, text) == -1) {
		textout_discard(&t);
		return -1;
	}
	return textout_close(&t);
}

/* WALK_PART -- a part and everything inside it, depth-first */
int
walk_part(struct lg_walk *w, GMimeObject *obj, unsigned depth, const char *path)
{
	char source[sizeof ((struct lg_textout *)0)->to_source];
	char sub[PATH_MAX_LEN];
	int i, n;

	if (depth > w->max_depth) {
		*w->incomplete = true;
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
				*w->incomplete = true;
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
