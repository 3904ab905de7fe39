/*
 * content.c - turn a collected message into the texts the rules scan: the
 * headers (one "Name: value" line each, except those the caller skips) and
 * the body.  This first version passes the body on as it arrived; MIME
 * decoding (base64, quoted-printable, charsets, HTML) belongs here too and
 * nowhere else.  Returns 0, or -1 when memory runs out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content.h"

static int
textlist_add(struct lg_textlist *tl, const char *source, const char *data,
    size_t len)
{
	struct lg_text *t;

	t = realloc(tl->tl_items, (tl->tl_count + 1) * sizeof *t);
	if (t == NULL)
		return -1;
	tl->tl_items = t;
	t = &tl->tl_items[tl->tl_count];
	snprintf(t->text_source, sizeof t->text_source, "%s", source);
	if ((t->text_data = malloc(len + 1)) == NULL)
		return -1;
	memcpy(t->text_data, data, len);
	t->text_data[len] = '\0';
	t->text_len = len;
	tl->tl_count++;
	return 0;
}

static int
skipped(const char *name, const char *const *skip)
{
	for (; skip != NULL && *skip != NULL; skip++)
		if (strcasecmp(name, *skip) == 0)
			return 1;
	return 0;
}

/*
 * CONTENT_EXTRACT -- the texts to scan.
 *	Parameters: skip_headers is a NULL-terminated list of header names
 *	left out (the binding and result headers), or NULL.
 */
int
content_extract(const struct lg_msg *m, const char *const *skip_headers,
    struct lg_textlist *out)
{
	struct lg_buf *hb;
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if ((hb = buf_new(1024, m->msg_header_bytes + 1)) == NULL)
		return -1;
	for (i = 0; i < m->msg_nheaders; i++) {
		const struct lg_header *h = &m->msg_headers[i];

		if (skipped(h->hdr_name, skip_headers))
			continue;
		if (buf_appendstr(hb, h->hdr_name) == -1 ||
		    buf_append(hb, ": ", 2) == -1 ||
		    buf_appendstr(hb, h->hdr_value) == -1 ||
		    buf_append(hb, "\n", 1) == -1)
			goto out;
	}
	if (textlist_add(out, "headers", hb->buf_data, hb->buf_len) == -1 ||
	    textlist_add(out, "body", m->msg_body->buf_data,
	    m->msg_body->buf_len) == -1)
		goto out;
	rc = 0;
out:
	buf_free(hb);
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
