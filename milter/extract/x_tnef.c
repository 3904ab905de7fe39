/*
 * x_tnef.c - a TNEF stream (winmail.dat, application/ms-tnef: what Outlook
 * and Exchange send) with libytnef: the subject, the plain body (8-bit or
 * UTF-16), the compressed RTF body (decompressed by libytnef, read by
 * rtf.c), the HTML body, and every attached file, sent back to the
 * dispatcher by its kind.  A stream libytnef cannot parse is unreadable.
 * Runs only in the worker.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ytnef.h>

#include "worker.h"

#define NAME_MAX_LEN	200

/* prop - a MAPI property of the message, or NULL */
static variableLength *
prop(TNEFStruct *t, unsigned type, unsigned id)
{
	variableLength *v = MAPIFindProperty(&t->MapiProperties,
	    PROP_TAG(type, id));

	return v == MAPI_UNDEFINED || v == NULL || v->size <= 0 ||
	    v->data == NULL ? NULL : v;
}

/* text_part - one body as a text of its own */
static int
text_part(struct xw *w, const char *name, const char *what,
    const void *data, size_t len, int utf16)
{
	char sub[NAME_MAX_LEN + 1];
	unsigned char *u;
	int rc;

	snprintf(sub, sizeof sub, "%s/%s", name, what);
	if (xw_begin(w, sub) == -1)
		return -1;
	if (!utf16)
		return xw_text_bytes(w, data, strnlen(data, len));
	/* UTF-16LE without a BOM: give it one for xw_text_bytes */
	if ((u = malloc(len + 2)) == NULL)
		return xw_unreadable(w, "limit:memory", sub);
	u[0] = 0xff;
	u[1] = 0xfe;
	memcpy(u + 2, data, len);
	rc = xw_text_bytes(w, (const char *)u, len + 2);
	free(u);
	return rc;
}

static int
bodies(struct xw *w, TNEFStruct *t, const char *name)
{
	variableLength *v;
	char sub[NAME_MAX_LEN + 1];
	BYTE *rtf;
	int size = 0, rc;

	if (t->subject.size > 0 && t->subject.data != NULL &&
	    text_part(w, name, "subject", t->subject.data,
	    (size_t)t->subject.size, 0) == -1)
		return -1;
	if (t->body.size > 0 && t->body.data != NULL &&
	    text_part(w, name, "body", t->body.data, (size_t)t->body.size,
	    0) == -1)
		return -1;
	if ((v = prop(t, PT_STRING8, PR_BODY)) != NULL &&
	    text_part(w, name, "body", v->data, (size_t)v->size, 0) == -1)
		return -1;
	if ((v = prop(t, PT_UNICODE, PR_BODY)) != NULL &&
	    text_part(w, name, "body", v->data, (size_t)v->size, 1) == -1)
		return -1;
	if ((v = prop(t, PT_BINARY, PR_RTF_COMPRESSED)) != NULL) {
		snprintf(sub, sizeof sub, "%s/body.rtf", name);
		if ((rtf = DecompressRTF(v, &size)) == NULL || size <= 0) {
			free(rtf);
			if (xw_unreadable(w, "corrupt", sub) == -1)
				return -1;
		} else {
			rc = xw_begin(w, sub) == -1 ? -1 :
			    x_rtf(w, sub, (const char *)rtf, (size_t)size);
			free(rtf);
			if (rc == -1)
				return -1;
		}
	}
	if ((v = prop(t, PT_BINARY, PR_BODY_HTML)) != NULL ||
	    (v = prop(t, PT_STRING8, PR_BODY_HTML)) != NULL) {
		snprintf(sub, sizeof sub, "%s/body.html", name);
		if (xw_begin(w, sub) == -1 ||
		    x_html(w, sub, (const char *)v->data, (size_t)v->size) == -1)
			return -1;
	}
	return 0;
}

/*
 * X_TNEF -- a TNEF stream's bodies and attachments.
 *	Return value: 0, or -1 when the socket failed.
 */
int
x_tnef(struct xw *w, const char *name, const unsigned char *data, size_t len,
    int depth)
{
	TNEFStruct *t;
	Attachment *a;
	char sub[NAME_MAX_LEN + 1], title[128];
	int rc = 0;

	if (depth > w->xw_lim->lim_depth)
		return xw_unreadable(w, "limit:depth", name);
	if ((t = calloc(1, sizeof *t)) == NULL)
		return xw_unreadable(w, "limit:memory", name);
	TNEFInitialize(t);
	if (TNEFParseMemory((BYTE *)(uintptr_t)data, (long)len, t) < 0) {
		TNEFFree(t);
		free(t);
		return xw_unreadable(w, "corrupt", name);
	}
	rc = bodies(w, t, name);
	for (a = t->starting_attach.next; a != NULL && rc == 0 &&
	    !w->xw_full; a = a->next) {
		variableLength *fn = MAPIFindProperty(&a->MAPI,
		    PROP_TAG(PT_STRING8, PR_ATTACH_LONG_FILENAME));

		if (a->FileData.size <= 0 || a->FileData.data == NULL)
			continue;
		if (++w->xw_entries > w->xw_lim->lim_entries) {
			rc = xw_unreadable(w, "limit:entries", name);
			break;
		}
		if (fn != MAPI_UNDEFINED && fn != NULL && fn->size > 0)
			snprintf(title, sizeof title, "%.*s", fn->size,
			    (const char *)fn->data);
		else if (a->Title.size > 0 && a->Title.data != NULL)
			snprintf(title, sizeof title, "%.*s", a->Title.size,
			    (const char *)a->Title.data);
		else
			snprintf(title, sizeof title, "attachment");
		snprintf(sub, sizeof sub, "%s/%s", name, title);
		rc = xw_extract(w, sub, NULL, a->FileData.data,
		    (size_t)a->FileData.size, depth + 1);
	}
	TNEFFree(t);
	free(t);
	return rc;
}
