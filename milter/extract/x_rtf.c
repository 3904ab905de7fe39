/*
 * x_rtf.c - an RTF document's text (rtf.c) onto the current text.  Runs
 * in the worker, where RTF attachments, RTF inside archives and TNEF's
 * compressed RTF bodies are read.
 */
#include "rtf.h"
#include "worker.h"

static int
out(void *arg, const char *text, size_t len)
{
	return xw_text(arg, text, len);
}

/*
 * X_RTF -- the text of an RTF document; groups nested past rtf.c's bound
 *	make it unreadable (limit:depth).
 *	Return value: 0, or -1 when the socket failed.
 */
int
x_rtf(struct xw *w, const char *name, const char *data, size_t len)
{
	int rc = rtf_to_text(data, len, out, w);

	if (rc == 1)
		return xw_unreadable(w, "limit:depth", name);
	return rc == -1 && w->xw_error ? -1 : 0;
}
