/*
 * content_decode.c - streaming byte rewrites that make a part read the way
 * a mail reader shows it, where GMime's filters stop short:
 *
 *   XF_QP_BLANKS  blanks at the end of a quoted-printable line are
 *                 dropped before decoding (RFC 2045 6.7 (3)), so "=  " at
 *                 a line end is the soft break readers make of it;
 *   XF_FLOWED     format=flowed (RFC 3676): a line ending in a space goes
 *                 on with the next one (with delsp=yes that space goes
 *                 too), a space-stuffed line loses its first space; "-- "
 *                 stays a hard line;
 *   XF_CALENDAR   iCalendar text (RFC 5545 3.1, 3.3.11): folded lines
 *                 joined, \n and \N made line breaks, \, \; \\ unescaped.
 *
 * Input comes in pieces cut anywhere; what cannot be decided until the next
 * byte is seen is kept back (at most XF_HOLD bytes) and written with the
 * next piece, or by xf_end.  xf_run writes at most len + XF_HOLD bytes to
 * out.  Nothing here knows MIME, charsets or GMime; the caller picks the
 * rewrite from the part's headers.
 */
#include <string.h>

#include "content_decode.h"

void
xf_init(struct xf *x, enum xf_kind kind, bool delsp)
{
	memset(x, 0, sizeof *x);
	x->kind = kind;
	x->delsp = delsp;
	x->bol = true;
}

/* flush_hold - write what was kept back */
static size_t
flush_hold(struct xf *x, char *out)
{
	size_t n = x->nhold;

	memcpy(out, x->hold, n);
	x->nhold = 0;
	return n;
}

/* qp_blanks - one byte of quoted-printable text */
static size_t
qp_blanks(struct xf *x, char c, char *out)
{
	size_t n = 0;

	if (c == ' ' || c == '\t') {
		if (x->nhold == sizeof x->hold)
			n = flush_hold(x, out);	/* a long run: not trailing */
		x->hold[x->nhold++] = c;
		return n;
	}
	if (c == '\r' || c == '\n')
		x->nhold = 0;		/* trailing: dropped */
	else
		n = flush_hold(x, out);
	out[n++] = c;
	return n;
}

/*
 * flowed - one byte of format=flowed text.  hold keeps a line's trailing
 * space (and a CR after it) until the line end shows whether it was one.
 */
static size_t
flowed(struct xf *x, char c, char *out)
{
	size_t n = 0;
	bool sig;

	if (x->bol && c == ' ') {		/* space-stuffing */
		x->bol = false;
		x->linelen = 1;
		return 0;
	}
	x->bol = false;
	if (c == '\r' && x->nhold == 1) {
		x->hold[x->nhold++] = c;
		return 0;
	}
	if (c == '\n') {
		sig = x->linelen == 3 && memcmp(x->first, "-- ", 3) == 0;
		x->bol = true;
		x->linelen = 0;
		if (x->nhold > 0 && !sig) {	/* soft break: join */
			if (!x->delsp)
				out[n++] = ' ';
			x->nhold = 0;
			return n;
		}
		n = flush_hold(x, out);
		out[n++] = c;
		return n;
	}
	n = flush_hold(x, out);
	if (c == '\r') {
		out[n++] = c;
		return n;
	}
	if (x->linelen < sizeof x->first)
		x->first[x->linelen] = c;
	x->linelen++;
	if (c == ' ') {
		x->hold[x->nhold++] = c;
		return n;
	}
	out[n++] = c;
	return n;
}

/* calendar - one byte of iCalendar text */
static size_t
calendar(struct xf *x, char c, char *out)
{
	size_t n = 0;

	if (x->nhold > 0 && x->hold[0] == '\\') {
		x->nhold = 0;
		switch (c) {
		case 'n':
		case 'N':
			out[n++] = '\n';
			return n;
		case ',':
		case ';':
		case '\\':
			out[n++] = c;
			return n;
		default:
			out[n++] = '\\';
			break;
		}
	} else if (x->nhold > 0) {		/* a line end: folded? */
		if (c == '\n' && x->nhold == 1 && x->hold[0] == '\r') {
			x->hold[x->nhold++] = c;
			return 0;
		}
		if ((c == ' ' || c == '\t') && x->hold[x->nhold - 1] == '\n') {
			x->nhold = 0;		/* folded: joined */
			return 0;
		}
		n = flush_hold(x, out);
	}
	if (c == '\\' || c == '\n' || c == '\r') {
		x->hold[x->nhold++] = c;
		return n;
	}
	out[n++] = c;
	return n;
}

/*
 * XF_RUN -- rewrite one piece into out (room for len + XF_HOLD bytes).
 *	Return value: the bytes written.
 */
/*
 * qp_run - XF_QP_BLANKS over a piece: lines copied whole, only the blanks
 * before each line end looked at
 */
static size_t
qp_run(struct xf *x, const char *in, size_t len, char *out)
{
	const char *p = in, *end = in + len, *nl, *e;
	size_t n = 0;

	while (p < end) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			/* No line end yet: blanks at the end wait for one. */
			for (e = end; e > p && (e[-1] == ' ' || e[-1] == '\t' ||
			    e[-1] == '\r'); e--)
				;
			if (e > p) {
				n += flush_hold(x, out + n);
				memcpy(out + n, p, (size_t)(e - p));
				n += (size_t)(e - p);
			}
			for (; e < end; e++)
				n += qp_blanks(x, *e, out + n);
			return n;
		}
		for (e = nl; e > p && (e[-1] == ' ' || e[-1] == '\t' ||
		    e[-1] == '\r'); e--)
			;
		if (e > p)
			n += flush_hold(x, out + n);
		memcpy(out + n, p, (size_t)(e - p));
		n += (size_t)(e - p);
		x->nhold = 0;			/* blanks before the end: dropped */
		for (; e < nl; e++)
			if (*e == '\r')
				out[n++] = '\r';
		out[n++] = '\n';
		p = nl + 1;
	}
	return n;
}

size_t
xf_run(struct xf *x, const char *in, size_t len, char *out)
{
	size_t i, n = 0;

	if (x->kind == XF_QP_BLANKS)
		return qp_run(x, in, len, out);

	for (i = 0; i < len; i++) {
		switch (x->kind) {
		case XF_QP_BLANKS:
			n += qp_blanks(x, in[i], out + n);
			break;
		case XF_FLOWED:
			n += flowed(x, in[i], out + n);
			break;
		case XF_CALENDAR:
			n += calendar(x, in[i], out + n);
			break;
		}
	}
	return n;
}

/* XF_END -- the input is complete: what was kept back; bytes written */
size_t
xf_end(struct xf *x, char *out)
{
	if (x->kind == XF_QP_BLANKS) {
		x->nhold = 0;		/* blanks at the very end: trailing */
		return 0;
	}
	return flush_hold(x, out);
}

/* XF_UU_LINE -- is the line at s a uuencode "begin NNN name" line? */
int
xf_uu_line(const char *s, size_t len)
{
	const char *q, *end = s + len;

	if (len < 10 || memcmp(s, "begin ", 6) != 0)
		return 0;
	for (q = s + 6; q < end && *q >= '0' && *q <= '7'; q++)
		;
	return q - (s + 6) >= 3 && q - (s + 6) <= 4 && q < end && *q == ' ';
}

/*
 * XF_UU_BEGIN -- does this decoded text hold a uuencoded block, a line
 *	"begin NNN name" (NNN an octal file mode)?  *bol carries "at the
 *	start of a line" from one piece to the next; a "begin" line cut
 *	between two pieces is missed only if the cut falls inside it.
 *	Return value: 1 yes, 0 no.
 */
int
xf_uu_begin(const char *s, size_t len, bool *bol)
{
	const char *p = s, *end = s + len;

	if (len == 0)
		return 0;
	if (*bol && xf_uu_line(s, len))
		return 1;
	/* "begin " is rare: look for it, then whether it starts a line. */
	while ((p = memmem(p, (size_t)(end - p), "begin ", 6)) != NULL) {
		if (p > s && p[-1] == '\n' && xf_uu_line(p, (size_t)(end - p)))
			return 1;
		p += 6;
	}
	*bol = end[-1] == '\n';
	return 0;
}
