/*
 * content_attach.c - the MIME walk's hook for attachments: a leaf that is
 * not plain text (content_walk.c's walk_opaque) or is RTF is decoded from
 * its transfer encoding and its kind decided from its bytes, label and
 * name (extract/xtype.c).  Text (json, ics, dat of text ...) goes to the
 * text-part reader (content_part.c), a mail (an .eml sent as octet-stream)
 * back to the walk as a message, an image is counted, and PDF, office,
 * archive, TNEF and RTF go to an isolated extractor worker (extract/pool.c)
 * whose text enters the same scanning windows as every other text.
 *
 * What cannot be read is a decision: the first such case is named in
 * ca_reason (opaque, encrypted, corrupt, path, limit:WHAT, crash:SIGNAL,
 * protocol, spawn) with its part, and the mail is marked incomplete (held
 * as unscannable), except that "opaque_attachments pass" lets unknown
 * binary, encrypted and corrupt files pass (counted).  Bounds met, path
 * tricks and failed workers always hold.  Parsing those formats is the
 * worker's; walking the tree is content_walk.c's.  Functions return 0, or
 * -1 when memory runs out or the window function failed.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "content_attach.h"
#include "content_walk.h"
#include "extract/extract.h"
#include "extract/xtype.h"
#include "textout.h"

/*
 * ATTACH_WANTS -- a text/ * part that is not read as plain text (RTF),
 *	when there is an extractor to read it
 */
bool
attach_wants(const struct lg_walk *w, GMimeObject *obj, const char *filename)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	size_t n = filename != NULL ? strlen(filename) : 0;

	if (w->attach == NULL || w->attach->ca_extractor == NULL)
		return false;
	return (ct != NULL && (g_mime_content_type_is_type(ct, "text", "rtf") ||
	    g_mime_content_type_is_type(ct, "text", "richtext") ||
	    g_mime_content_type_is_type(ct, "application", "rtf"))) ||
	    (n > 4 && strcasecmp(filename + n - 4, ".rtf") == 0);
}

/* holds - does this reason hold the mail under the configured policy? */
static bool
holds(const struct content_attach *ca, const char *reason, bool failed)
{
	if (failed)
		return true;
	if (ca->ca_opaque_pass && (strcmp(reason, "opaque") == 0 ||
	    strcmp(reason, "encrypted") == 0 || strcmp(reason, "corrupt") == 0))
		return false;
	return true;
}

/* unreadable - one thing not read: counted, and the mail held if it must */
static void
unreadable(struct lg_walk *w, const char *reason, bool failed,
    const char *source)
{
	struct content_attach *ca = w->attach;

	ca->ca_unreadable++;
	if (!holds(ca, reason, failed))
		return;
	*w->incomplete = true;
	if (ca->ca_reason[0] == '\0') {
		snprintf(ca->ca_reason, sizeof ca->ca_reason, "%s", reason);
		snprintf(ca->ca_part, sizeof ca->ca_part, "%s", source);
	}
}

/* the worker's texts into the walk's windows */
struct sink {
	struct lg_walk		*sk_w;
	struct lg_textout	 sk_t;
	bool			 sk_open;
	const char		*sk_source;
};

static int
sink_begin(void *arg, const char *name)
{
	struct sink *sk = arg;

	(void)name;		/* entry names are mail text: not a source */
	if (sk->sk_open) {
		sk->sk_open = false;
		if (textout_close(&sk->sk_t) == -1)
			return -1;
	}
	if (walk_text_open(sk->sk_w, &sk->sk_t, sk->sk_source) == -1)
		return -1;
	sk->sk_open = true;
	return 0;
}

static int
sink_text(void *arg, const char *text, size_t len)
{
	struct sink *sk = arg;

	if (!sk->sk_open && sink_begin(arg, "") == -1)
		return -1;
	return textout_write(&sk->sk_t, text, len);
}

/* walk_bytes_message - a mail found in an attachment, walked as a part */
static int
walk_bytes_message(struct lg_walk *w, const char *data, size_t len,
    const char *path)
{
	GMimeStream *mem;
	GMimeParser *parser;
	GMimeMessage *m;
	int rc;

	if (w->depth + 1 > w->max_depth) {
		*w->incomplete = true;
		return 0;
	}
	mem = g_mime_stream_mem_new_with_buffer(data, len);
	parser = g_mime_parser_new_with_stream(mem);
	g_object_unref(mem);
	m = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	if (m == NULL)
		return 0;
	rc = walk_message(w, m, w->depth + 1, path);
	g_object_unref(m);
	return rc;
}

/* run_worker - an attachment through an extractor worker */
static int
run_worker(struct lg_walk *w, const char *label, const char *filename,
    const unsigned char *data, size_t len, const char *source,
    const char *path)
{
	struct sink sk = { w, { .to_raw = NULL }, false, source };
	struct lg_extract_sink s = { &sk, sink_begin, sink_text };
	struct lg_extract_result r;
	unsigned depth = w->depth;
	size_t i;
	int rc;

	rc = extract_run(w->attach->ca_extractor, label, filename, data, len,
	    &s, &r);
	if (sk.sk_open) {
		if (rc == 0)
			rc = textout_close(&sk.sk_t);
		else
			textout_discard(&sk.sk_t);
	}
	if (rc == 0) {
		w->attach->ca_read++;
		w->attach->ca_images += r.xr_images;
		if (r.xr_reason[0] != '\0')
			unreadable(w, r.xr_reason, r.xr_failed, source);
		for (i = 0; i < r.xr_nmsgs && rc == 0; i++)
			rc = walk_bytes_message(w, r.xr_msgs[i].xm_data,
			    r.xr_msgs[i].xm_len, path);
	}
	w->depth = depth;
	extract_result_clear(&r);
	return rc;
}

/*
 * ATTACH_PART -- read one attachment (see the head of this file).
 *	Parameters: the part, its file name (or NULL), source ("part 2")
 *	naming its texts, path ("2") its place in the tree.
 */
int
attach_part(struct lg_walk *w, GMimeObject *obj, const char *filename,
    const char *source, const char *path)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(GMIME_PART(obj));
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	GMimeStream *mem;
	GByteArray *bytes;
	char *label = NULL;
	enum xtype t;
	int rc = 0;

	if (w->attach == NULL || w->attach->ca_extractor == NULL)
		return 0;		/* no extraction: as before */
	if (dw == NULL)
		return 0;
	mem = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(dw, mem) == -1) {
		g_object_unref(mem);
		unreadable(w, "corrupt", false, source);
		return 0;
	}
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	if (ct != NULL)
		label = g_mime_content_type_get_mime_type(ct);
	t = xtype_detect(bytes->data, bytes->len, label, filename);
	switch (t) {
	case XT_TEXT:
		rc = part_text(w, obj, filename, source);
		break;
	case XT_MESSAGE:
		rc = walk_bytes_message(w, (const char *)bytes->data,
		    bytes->len, path);
		break;
	case XT_IMAGE:
		w->attach->ca_images++;
		break;
	case XT_UNKNOWN:
	case XT_OLE:
		unreadable(w, "opaque", false, source);
		break;
	default:
		rc = run_worker(w, label, filename, bytes->data, bytes->len,
		    source, path);
		break;
	}
	g_free(label);
	g_object_unref(mem);
	return rc;
}
