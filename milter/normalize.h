/*
 * normalize.h - fold text into the form rules are written against.
 */
#ifndef LG_NORMALIZE_H
#define LG_NORMALIZE_H

#include <stddef.h>

#include "buf.h"

/* State carried from one piece of a text to the next. */
struct lg_norm {
	int	norm_pend;	/* 0 none, 1 blank, 2 line break pending */
	int	norm_started;	/* something was written */
	size_t	norm_digit_gap;	/* where "d d" was first written, or 0 */
};

int normalize_has_high(const char *, size_t);
void normalize_init(struct lg_norm *);
size_t normalize_cut(const char *in, size_t len);
int normalize_feed(struct lg_norm *, const char *in, size_t len,
    struct lg_buf *out);
char *normalize_text(const char *in, size_t len, size_t *outlen);

#endif
