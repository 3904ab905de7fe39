/*
 * message.c - the collected message.  The milter callbacks fill it step by
 * step; "leakguardctl scan" fills it from an RFC 5322 file.  Both hand
 * every header to message_add_header, which stores it the way Postfix
 * hands it to a milter (and delivers it): line breaks inside a folded
 * value are LF, a bare CR is a space, blanks around the value dropped.
 * So the CLI and the daemon read the same file the same way.  Headers and
 * body together never take more than max_size bytes, and no one header
 * more than MESSAGE_HEADER_MAX (a milter cannot be sent more: libmilter
 * takes 64 KB a command, and the MTA cuts what is longer): beyond that
 * the mail is marked oversize (and judged unscannable by the pipeline),
 * never silently cut.  Functions return 0, or -1 when memory runs out.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "message.h"

#define MESSAGE_BODY_INITIAL	(16 * 1024)
#define MESSAGE_HEADER_MAX	(32 * 1024)	/* one header, name and value */

/* message_new - an empty message bounded to max_size bytes */
struct lg_msg *
message_new(size_t max_size)
{
	struct lg_msg *m;

	if ((m = calloc(1, sizeof *m)) == NULL)
		return NULL;
	m->msg_max_size = max_size;
	if ((m->msg_body = buf_new(MESSAGE_BODY_INITIAL, max_size)) == NULL) {
		free(m);
		return NULL;
	}
	return m;
}

void
message_free(struct lg_msg *m)
{
	size_t i;

	if (m == NULL)
		return;
	free(m->msg_client_addr);
	free(m->msg_auth_authen);
	free(m->msg_queue_id);
	free(m->msg_sender);
	for (i = 0; i < m->msg_nrcpts; i++)
		free(m->msg_rcpts[i]);
	free(m->msg_rcpts);
	for (i = 0; i < m->msg_nheaders; i++) {
		free(m->msg_headers[i].hdr_name);
		free(m->msg_headers[i].hdr_value);
	}
	free(m->msg_headers);
	buf_free(m->msg_body);
	free(m);
}

/* message_set - replace a string field with a copy of value (NULL clears) */
int
message_set(char **field, const char *value)
{
	char *c = NULL;

	if (value != NULL && (c = strdup(value)) == NULL)
		return -1;
	free(*field);
	*field = c;
	return 0;
}

/*
 * MESSAGE_SET_ADDRESS -- like message_set, without one pair of angle
 *	brackets: SMTP passes "<a@b>", the sendmail path "a@b".
 */
int
message_set_address(char **field, const char *value)
{
	size_t len;

	if (value == NULL || value[0] != '<')
		return message_set(field, value);
	len = strlen(value);
	if (len < 2 || value[len - 1] != '>')
		return message_set(field, value);
	free(*field);
	*field = strndup(value + 1, len - 2);
	return *field == NULL ? -1 : 0;
}

int
message_add_rcpt(struct lg_msg *m, const char *rcpt)
{
	char **r, *c = NULL;

	if (message_set_address(&c, rcpt) == -1)
		return -1;
	if ((r = realloc(m->msg_rcpts, (m->msg_nrcpts + 1) * sizeof *r)) == NULL) {
		free(c);
		return -1;
	}
	m->msg_rcpts = r;
	m->msg_rcpts[m->msg_nrcpts++] = c;
	return 0;
}

/*
 * canon_value - a header value as Postfix passes it on: blanks (and CRs)
 * at either end dropped, CR LF inside a folded value made LF, any other
 * CR a space; in place
 */
static void
canon_value(char *v)
{
	char *r = v, *w = v;

	while (*r == ' ' || *r == '\t' || *r == '\r')
		r++;
	for (; *r != '\0'; r++) {
		if (*r == '\r' && r[1] == '\n')
			continue;		/* the LF comes next */
		*w++ = *r == '\r' ? ' ' : *r;
	}
	while (w > v && (w[-1] == ' ' || w[-1] == '\t' || w[-1] == '\n'))
		w--;
	*w = '\0';
}

/*
 * MESSAGE_ADD_HEADER -- keep one header, in the form canon_value gives
 *	it; headers count against the size bound, and one that does not fit,
 *	or is longer than MESSAGE_HEADER_MAX, marks the mail oversize.
 */
int
message_add_header(struct lg_msg *m, const char *name, const char *value)
{
	struct lg_header *h;
	size_t nlen = strlen(name), len = nlen + strlen(value) + 4;

	while (nlen > 0 && (name[nlen - 1] == ' ' || name[nlen - 1] == '\t'))
		nlen--;
	if (len > MESSAGE_HEADER_MAX ||
	    m->msg_header_bytes + len > m->msg_max_size) {
		m->msg_oversize = true;
		return 0;
	}
	h = realloc(m->msg_headers, (m->msg_nheaders + 1) * sizeof *h);
	if (h == NULL)
		return -1;
	m->msg_headers = h;
	h = &m->msg_headers[m->msg_nheaders];
	if ((h->hdr_name = strndup(name, nlen)) == NULL)
		return -1;
	if ((h->hdr_value = strdup(value)) == NULL) {
		free(h->hdr_name);
		return -1;
	}
	canon_value(h->hdr_value);
	m->msg_nheaders++;
	m->msg_header_bytes += len;
	/* The body buffer shrinks by what the headers took. */
	m->msg_body->buf_max = m->msg_max_size - m->msg_header_bytes;
	return 0;
}

int
message_add_body(struct lg_msg *m, const void *data, size_t len)
{
	if (buf_append(m->msg_body, data, len) == -1)
		return -1;
	if (m->msg_body->buf_over)
		m->msg_oversize = true;
	return 0;
}

/* message_header - first value of a header, case-insensitive name; or NULL */
const char *
message_header(const struct lg_msg *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->msg_nheaders; i++)
		if (strcasecmp(m->msg_headers[i].hdr_name, name) == 0)
			return m->msg_headers[i].hdr_value;
	return NULL;
}

/* flush_header - store the header collected so far in hb */
static int
flush_header(struct lg_msg *m, struct lg_buf *hb)
{
	char *colon, *v;
	int rc = 0;

	if (hb->buf_len == 0)
		return 0;
	if (hb->buf_over)
		m->msg_oversize = true;	/* longer than any header may be */
	colon = memchr(hb->buf_data, ':', hb->buf_len);
	if (colon != NULL) {
		*colon = '\0';
		v = colon + 1;
		rc = message_add_header(m, hb->buf_data, v);
	}
	buf_reset(hb);
	return rc;
}

/*
 * is_header_line - "Name:" (printable ASCII, blanks before the colon
 * allowed) starts the line, as Postfix decides where the headers end
 */
static int
is_header_line(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] > ' ' && s[i] < 127 && s[i] != ':')
		i++;
	if (i == 0)
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n && s[i] == ':';
}

/*
 * MESSAGE_READ_FILE -- fill headers and body from an RFC 5322 message
 *	(an mbox "From " first line is skipped; CRLF or LF line ends).  Each
 *	header goes to message_add_header as the MTA would pass it: the one
 *	path for both; the first line that is not a header starts the body.
 *	Return value: 0, or -1 (out of memory or read error).
 */
int
message_read_file(struct lg_msg *m, FILE *fp)
{
	struct lg_buf *hb;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int in_headers = 1, first = 1, rc = 0;

	if ((hb = buf_new(256, MESSAGE_HEADER_MAX + 1)) == NULL)
		return -1;
	while ((n = getline(&line, &cap, fp)) != -1) {
		if (first && n >= 5 && strncmp(line, "From ", 5) == 0) {
			first = 0;
			continue;
		}
		first = 0;
		if (!in_headers) {
			if (message_add_body(m, line, (size_t)n) == -1)
				goto fail;
			continue;
		}
		/* The line end: LF, or CR LF (one CR, as SMTP reads it). */
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (n == 0) {
			in_headers = 0;
			if (flush_header(m, hb) == -1)
				goto fail;
			continue;
		}
		if (line[0] != ' ' && line[0] != '\t' &&
		    !is_header_line(line, (size_t)n)) {
			/* Not a header: the body starts here (as in Postfix). */
			in_headers = 0;
			if (flush_header(m, hb) == -1 || message_add_body(m,
			    line, (size_t)n) == -1 || message_add_body(m,
			    "\n", 1) == -1)
				goto fail;
			continue;
		}
		if ((line[0] == ' ' || line[0] == '\t') && hb->buf_len > 0) {
			if (buf_append(hb, "\n", 1) == -1 ||
			    buf_append(hb, line, (size_t)n) == -1)
				goto fail;
			continue;
		}
		if (flush_header(m, hb) == -1 || buf_append(hb, line, (size_t)n) == -1)
			goto fail;
	}
	if (ferror(fp) || flush_header(m, hb) == -1)
		goto fail;
	goto out;
fail:
	rc = -1;
out:
	free(line);
	buf_free(hb);
	return rc;
}
