/*
 * x_pdf.c - the text of a PDF with poppler-glib: every page's text (up to
 * the page bound) and the values of its form fields, as one text with a
 * form feed between pages, so a label on one line and its value on the
 * next are one text as a reader sees them.  Files embedded in the PDF go
 * back to the dispatcher.  An encrypted PDF that needs a password, one
 * poppler cannot open, and pages past the bound are unreadable.  Runs only
 * in the worker.
 */
#include <stdio.h>
#include <string.h>

#include <poppler.h>

#include "worker.h"

/* form_text - the values a reader sees in the page's form fields */
static int
form_text(struct xw *w, PopplerPage *page)
{
	GList *map = poppler_page_get_form_field_mapping(page), *l;
	int rc = 0;

	for (l = map; l != NULL && rc == 0; l = l->next) {
		PopplerFormFieldMapping *m = l->data;
		gchar *t = NULL;

		if (poppler_form_field_get_field_type(m->field) ==
		    POPPLER_FORM_FIELD_TEXT)
			t = poppler_form_field_text_get_text(m->field);
		if (t != NULL) {
			rc = xw_text(w, "\n", 1) == -1 ||
			    xw_text(w, t, strlen(t)) == -1 ? -1 : 0;
			g_free(t);
		}
	}
	poppler_page_free_form_field_mapping(map);
	return rc;
}

struct att_buf {
	GByteArray	*ab_data;
	size_t		 ab_max;
};

/* att_save - an embedded file's bytes, bounded */
static gboolean
att_save(const gchar *buf, gsize count, gpointer data, GError **error)
{
	struct att_buf *ab = data;

	(void)error;
	if (ab->ab_data->len + count > ab->ab_max)
		return FALSE;
	g_byte_array_append(ab->ab_data, (const guint8 *)buf, (guint)count);
	return TRUE;
}

/* attachments - files embedded in the PDF, each read by its kind */
static int
attachments(struct xw *w, PopplerDocument *doc, const char *name, int depth)
{
	GList *atts, *l;
	char sub[256];
	int rc = 0;

	if (!poppler_document_has_attachments(doc))
		return 0;
	atts = poppler_document_get_attachments(doc);
	for (l = atts; l != NULL && rc == 0; l = l->next) {
		PopplerAttachment *a = l->data;
		struct att_buf ab = { g_byte_array_new(), w->xw_lim->lim_max_in };

		snprintf(sub, sizeof sub, "%s/%s", name,
		    a->name != NULL ? a->name : "attachment");
		if (!poppler_attachment_save_to_callback(a, att_save, &ab, NULL))
			rc = xw_unreadable(w, "limit:size", sub);
		else if (depth + 1 > w->xw_lim->lim_depth)
			rc = xw_unreadable(w, "limit:depth", sub);
		else
			rc = xw_extract(w, sub, NULL, ab.ab_data->data,
			    ab.ab_data->len, depth + 1);
		g_byte_array_free(ab.ab_data, TRUE);
	}
	g_list_free_full(atts, g_object_unref);
	return rc;
}

/*
 * X_PDF -- a PDF's text.
 *	Return value: 0, or -1 when the socket failed.
 */
int
x_pdf(struct xw *w, const char *name, const unsigned char *data, size_t len,
    int depth)
{
	GBytes *bytes = g_bytes_new_static(data, len);
	GError *err = NULL;
	PopplerDocument *doc;
	int i, n, rc = 0;

	doc = poppler_document_new_from_bytes(bytes, NULL, &err);
	g_bytes_unref(bytes);
	if (doc == NULL) {
		rc = xw_unreadable(w, err != NULL &&
		    err->domain == POPPLER_ERROR &&
		    err->code == POPPLER_ERROR_ENCRYPTED ? "encrypted" :
		    "corrupt", name);
		if (err != NULL)
			g_error_free(err);
		return rc;
	}
	if (xw_begin(w, name) == -1) {
		g_object_unref(doc);
		return -1;
	}
	n = poppler_document_get_n_pages(doc);
	for (i = 0; i < n && i < w->xw_lim->lim_pages && rc == 0 &&
	    !w->xw_full; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		char *t;

		if (page == NULL)
			continue;
		if ((t = poppler_page_get_text(page)) != NULL) {
			rc = (i > 0 && xw_text(w, "\f", 1) == -1) ||
			    xw_text(w, t, strlen(t)) == -1 ? -1 : 0;
			g_free(t);
		}
		if (rc == 0)
			rc = form_text(w, page);
		g_object_unref(page);
	}
	if (rc == 0 && n > w->xw_lim->lim_pages)
		rc = xw_unreadable(w, "limit:pages", name);
	if (rc == 0)
		rc = attachments(w, doc, name, depth);
	g_object_unref(doc);
	return rc;
}
