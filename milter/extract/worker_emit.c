/*
 * worker_emit.c - inside the worker: the frames one extraction sends back
 * (with the text budget kept here, so no extractor can exceed it), and the
 * dispatcher that sends each attachment or archive entry to the extractor
 * for its kind.  The extractors themselves are in x_*.c; the sandbox in
 * sandbox.c.  Functions return 0, or -1 when the daemon's socket failed
 * (nothing more can be said).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "worker.h"
#include "xproto.h"

/* Windows-1252 0x80..0x9f; the rest of its upper half is Latin-1. */
static const uint16_t cp1252[32] = {
	0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
	0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
};

static int
raw_frame(struct xw *w, int kind, const void *data, size_t len)
{
	if (w->xw_error)
		return -1;
	if (xp_write_frame(w->xw_fd, kind, data, len) == -1) {
		w->xw_error = true;
		return -1;
	}
	return 0;
}

/* flush - the text gathered so far, as one 'T' frame */
static int
flush(struct xw *w)
{
	size_t n = w->xw_olen;

	w->xw_olen = 0;
	return n > 0 ? raw_frame(w, XP_TEXT, w->xw_out, n) : 0;
}

/* frame - any frame but text: the text before it goes first */
static int
frame(struct xw *w, int kind, const void *data, size_t len)
{
	if (flush(w) == -1)
		return -1;
	if (xp_write_frame(w->xw_fd, kind, data, len) == -1) {
		w->xw_error = true;
		return -1;
	}
	return 0;
}

int
xw_begin(struct xw *w, const char *name)
{
	return frame(w, XP_BEGIN, name, strlen(name));
}

/*
 * XW_UNREADABLE -- something could not be read: reason is one word
 *	(encrypted, opaque, corrupt, path, limit:WHAT), name says where.
 */
int
xw_unreadable(struct xw *w, const char *reason, const char *name)
{
	char msg[256];

	snprintf(msg, sizeof msg, "%s %s", reason, name);
	return frame(w, XP_UNREADABLE, msg, strlen(msg));
}

/*
 * XW_TEXT -- UTF-8 text of the current text.  Past the text budget the
 *	rest is dropped and the attachment is unreadable (limit:text), once.
 */
int
xw_text(struct xw *w, const char *s, size_t len)
{
	size_t n;

	if (w->xw_full)
		return 0;
	if (len > w->xw_lim->lim_max_text - w->xw_text) {
		len = w->xw_lim->lim_max_text - w->xw_text;
		w->xw_full = true;
	}
	w->xw_text += len;
	while (len > 0) {
		if (w->xw_olen == sizeof w->xw_out && flush(w) == -1)
			return -1;
		n = sizeof w->xw_out - w->xw_olen;
		if (n > len)
			n = len;
		memcpy(w->xw_out + w->xw_olen, s, n);
		w->xw_olen += n;
		s += n;
		len -= n;
	}
	if (w->xw_full)
		return xw_unreadable(w, "limit:text", "text");
	return 0;
}

/* utf8_valid - all of s is UTF-8 */
static int
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, k, j;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		k = s[i] >= 0xf0 && s[i] <= 0xf4 ? 4 : s[i] >= 0xe0 &&
		    s[i] <= 0xef ? 3 : s[i] >= 0xc2 && s[i] <= 0xdf ? 2 : 0;
		if (k == 0 || i + k > n)
			return 0;
		for (j = 1; j < k; j++)
			if ((s[i + j] & 0xc0) != 0x80)
				return 0;
		i += k;
	}
	return 1;
}

/* XW_PUT_UTF8 -- one code point into b (4 bytes room); its length */
size_t
xw_put_utf8(char *b, unsigned cp)
{
	if (cp < 0x80) {
		b[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp >= 0x10000) {
		b[0] = (char)(0xf0 | cp >> 18);
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		return 4;
	}
	b[0] = (char)(0xe0 | cp >> 12);
	b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	b[2] = (char)(0x80 | (cp & 0x3f));
	return 3;
}

/*
 * XW_TEXT_BYTES -- text of unknown encoding: UTF-16 with a BOM, UTF-8 if
 *	it is valid, else Windows-1252 (a superset of Latin-1 for text).
 */
int
xw_text_bytes(struct xw *w, const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *)data;
	char out[4096];
	size_t i = 0, o = 0;
	unsigned cp, lo;
	int be;

	if (len >= 2 && ((s[0] == 0xff && s[1] == 0xfe) ||
	    (s[0] == 0xfe && s[1] == 0xff))) {
		be = s[0] == 0xfe;
		for (i = 2; i + 1 < len; i += 2) {
			cp = be ? (unsigned)(s[i] << 8 | s[i + 1]) :
			    (unsigned)(s[i + 1] << 8 | s[i]);
			if (cp >= 0xd800 && cp <= 0xdbff && i + 3 < len) {
				lo = be ? (unsigned)(s[i + 2] << 8 | s[i + 3]) :
				    (unsigned)(s[i + 3] << 8 | s[i + 2]);
				if (lo >= 0xdc00 && lo <= 0xdfff) {
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					    (lo - 0xdc00);
					i += 2;
				}
			}
			if (cp >= 0xd800 && cp <= 0xdfff)
				cp = 0xfffd;
			o += xw_put_utf8(out + o, cp);
			if (o > sizeof out - 4) {
				if (xw_text(w, out, o) == -1)
					return -1;
				o = 0;
			}
		}
		return o > 0 ? xw_text(w, out, o) : 0;
	}
	if (utf8_valid(s, len))
		return xw_text(w, data, len);
	for (i = 0; i < len; i++) {
		cp = s[i] >= 0x80 && s[i] < 0xa0 ? cp1252[s[i] - 0x80] : s[i];
		o += xw_put_utf8(out + o, cp);
		if (o > sizeof out - 4) {
			if (xw_text(w, out, o) == -1)
				return -1;
			o = 0;
		}
	}
	return o > 0 ? xw_text(w, out, o) : 0;
}

int
xw_message(struct xw *w, const char *data, size_t len)
{
	if (w->xw_full)
		return 0;
	if (len > w->xw_lim->lim_max_text - w->xw_text)
		return xw_unreadable(w, "limit:text", "message");
	w->xw_text += len;
	return frame(w, XP_MESSAGE, data, len);
}

/* XW_END -- the last frame: all is said */
int
xw_end(struct xw *w)
{
	return frame(w, XP_END, NULL, 0);
}

int
xw_image(struct xw *w, const char *name)
{
	return frame(w, XP_IMAGE, name, strlen(name));
}

/* is_html_name - a web page, by name or first bytes */
static int
is_html(const char *name, const unsigned char *d, size_t len)
{
	size_t n = strlen(name), i = 0;

	if ((n > 4 && strcasecmp(name + n - 4, ".htm") == 0) ||
	    (n > 5 && strcasecmp(name + n - 5, ".html") == 0))
		return 1;
	while (i < len && i < 64 && (d[i] == ' ' || d[i] == '\t' ||
	    d[i] == '\r' || d[i] == '\n'))
		i++;
	return len - i > 5 && (strncasecmp((const char *)d + i, "<html", 5) == 0 ||
	    (len - i > 14 && strncasecmp((const char *)d + i, "<!doctype html", 14) == 0));
}

/*
 * XW_EXTRACT -- one attachment or archive entry, by its kind.
 *	Parameters: name (for the texts and reasons), label (Content-Type
 *	or NULL), the bytes, depth (archives around it).
 *	Return value: 0, or -1 when the socket failed.
 */
int
xw_extract(struct xw *w, const char *name, const char *label,
    const unsigned char *data, size_t len, int depth)
{
	enum xtype t;

	/* an empty archive entry comes as NULL: no reader may do NULL + 0 */
	if (data == NULL)
		data = (const unsigned char *)"";
	t = xtype_detect(data, len, label, name);
	if (w->xw_full)
		return 0;
	if (len > w->xw_lim->lim_max_in)
		return xw_unreadable(w, "limit:size", name);
	switch (t) {
	case XT_PDF:
		return x_pdf(w, name, data, len, depth);
	case XT_ZIP:
	case XT_ARCHIVE:
		return x_archive(w, name, data, len, depth);
	case XT_TNEF:
		return x_tnef(w, name, data, len, depth);
	case XT_RTF:
		if (xw_begin(w, name) == -1)
			return -1;
		return x_rtf(w, name, (const char *)data, len);
	case XT_MESSAGE:
		return xw_message(w, (const char *)data, len);
	case XT_JSON:
		if (xw_begin(w, name) == -1)
			return -1;
		return x_json(w, (const char *)data, len);
	case XT_IMAGE:
		return xw_image(w, name);
	case XT_TEXT:
		if (xw_begin(w, name) == -1)
			return -1;
		if (is_html(name, data, len))
			return x_html(w, name, (const char *)data, len);
		return xw_text_bytes(w, (const char *)data, len);
	case XT_OLE:
	case XT_UNKNOWN:
	default:
		return xw_unreadable(w, "opaque", name);
	}
}
