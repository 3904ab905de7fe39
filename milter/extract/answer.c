/*
 * answer.c - the daemon's reader of one extractor worker's answer: the
 * frames after a request ('B' begin, 'T' text, 'M' a mail found inside,
 * 'I' image, 'U' unreadable, up to 'E'), handed to the sink and the
 * result.  The worker is not trusted: it may have been taken over by the
 * attachment it read, so every frame is bounded (small frames 1 KB, text
 * frames XP_TEXT_CHUNK, all frames together the text budget plus 64 KB)
 * and anything unexpected (an unknown or a request kind, a short read)
 * fails the attachment, which the caller holds.
 *
 * Pure: the bytes come through the caller's read function (pool.c reads
 * the worker's socket with its deadline); starting, timing and killing
 * workers are pool.c's.  xa_read_answer returns XA_DONE, XA_FAILED, or
 * XA_NOMEM (memory ran out, or the sink returned -1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "xproto.h"

#define SMALL_FRAME	1024	/* 'B', 'I', 'U' frames */

/*
 * XA_SET_REASON -- the first reason something was not read, and where;
 *	later ones are counted by the caller, not named.
 */
void
xa_set_reason(struct lg_extract_result *r, const char *reason,
    const char *where, size_t wlen)
{
	if (r->xr_reason[0] != '\0')
		return;
	snprintf(r->xr_reason, sizeof r->xr_reason, "%.31s", reason);
	snprintf(r->xr_where, sizeof r->xr_where, "%.*s", (int)wlen, where);
}

/* keep_msg - a mail found inside, walked once the worker is done */
static int
keep_msg(struct lg_extract_result *r, char *data, size_t len)
{
	struct lg_extract_msg *m;

	if ((m = realloc(r->xr_msgs, (r->xr_nmsgs + 1) * sizeof *m)) == NULL)
		return -1;
	r->xr_msgs = m;
	m[r->xr_nmsgs].xm_data = data;
	m[r->xr_nmsgs++].xm_len = len;
	return 0;
}

/* small_frame - a 'B', 'I' or 'U' frame of n bytes */
static enum xa_outcome
small_frame(xa_read_fn rd, void *io, int kind, uint32_t n,
    const struct lg_extract_sink *sink, struct lg_extract_result *r)
{
	char small[SMALL_FRAME + 1];

	if (n > SMALL_FRAME || rd(io, small, n) == -1)
		return XA_FAILED;
	small[n] = '\0';
	if (kind == XP_IMAGE)
		r->xr_images++;
	else if (kind == XP_UNREADABLE) {
		const char *sp = memchr(small, ' ', n);
		size_t rl = sp ? (size_t)(sp - small) : n;

		r->xr_unreadable++;
		small[rl] = '\0';
		xa_set_reason(r, small, sp ? sp + 1 : "", sp ? n - rl - 1 : 0);
	} else if (sink->xs_begin(sink->xs_arg, small) == -1)
		return XA_NOMEM;
	return XA_DONE;
}

/*
 * XA_READ_ANSWER -- read frames until 'E'.
 *	Parameters: rd/io (exactly len bytes, or -1); max_text, the text
 *	budget the worker was given; sink for the texts; r for images,
 *	reasons and mails found inside (give it back with
 *	extract_result_clear, also after a failure).
 */
enum xa_outcome
xa_read_answer(xa_read_fn rd, void *io, size_t max_text,
    const struct lg_extract_sink *sink, struct lg_extract_result *r)
{
	unsigned char hdr[XP_HEADER];
	size_t total = 0, budget = max_text + 64 * 1024;
	enum xa_outcome oc;
	uint32_t n;
	char *buf;
	int kind;

	for (;;) {
		if (rd(io, hdr, sizeof hdr) == -1 ||
		    xp_parse_header(hdr, &kind, &n) == -1)
			return XA_FAILED;
		/* size_t: n + XP_HEADER in 32 bits wraps for n near 4 GB */
		if ((total += (size_t)n + XP_HEADER) > budget)
			return XA_FAILED;	/* more than it may send */
		switch (kind) {
		case XP_END:
			return XA_DONE;
		case XP_BEGIN:
		case XP_IMAGE:
		case XP_UNREADABLE:
			if ((oc = small_frame(rd, io, kind, n, sink, r)) != XA_DONE)
				return oc;
			break;
		case XP_TEXT:
		case XP_MESSAGE:
			if (kind == XP_TEXT && n > XP_TEXT_CHUNK)
				return XA_FAILED;
			if ((buf = malloc(n > 0 ? n : 1)) == NULL)
				return XA_NOMEM;
			if (rd(io, buf, n) == -1) {
				free(buf);
				return XA_FAILED;
			}
			if (kind == XP_MESSAGE) {
				if (keep_msg(r, buf, n) == -1) {
					free(buf);
					return XA_NOMEM;
				}
				break;
			}
			if (sink->xs_text(sink->xs_arg, buf, n) == -1) {
				free(buf);
				return XA_NOMEM;
			}
			free(buf);
			break;
		default:
			return XA_FAILED;	/* a request frame back */
		}
	}
}
