/*
 * content_decode.h - small streaming rewrites of a part's bytes that GMime
 * does not do (content_part.c's helpers; nothing else includes them).
 */
#ifndef LG_CONTENT_DECODE_H
#define LG_CONTENT_DECODE_H

#include <stdbool.h>
#include <stddef.h>

enum xf_kind {
	XF_QP_BLANKS,		/* blanks before a line end dropped (QP) */
	XF_FLOWED,		/* format=flowed soft breaks joined */
	XF_CALENDAR,		/* iCalendar folding and \n \, \; \\ undone */
};

#define XF_HOLD		256	/* bytes a rewrite may keep back */

struct xf {
	enum xf_kind	 kind;
	bool		 delsp;		/* format=flowed; delsp=yes */
	bool		 bol;		/* at the start of a line */
	size_t		 linelen;	/* bytes of the line so far */
	char		 first[3];	/* its first bytes ("-- " test) */
	char		 hold[XF_HOLD];	/* kept back until what follows shows */
	size_t		 nhold;
};

void xf_init(struct xf *, enum xf_kind, bool delsp);
size_t xf_run(struct xf *, const char *in, size_t len, char *out);
size_t xf_end(struct xf *, char *out);
int xf_uu_line(const char *s, size_t len);
int xf_uu_begin(const char *s, size_t len, bool *bol);

#endif
