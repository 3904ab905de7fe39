/*
 * buf.h - growable byte buffer with a hard upper bound.
 */
#ifndef LG_BUF_H
#define LG_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct lg_buf {
	char	*buf_data;	/* always NUL-terminated */
	size_t	 buf_len;
	size_t	 buf_cap;
	size_t	 buf_max;	/* bytes beyond this are counted, not kept */
	bool	 buf_over;	/* something was cut off */
};

struct lg_buf *buf_new(size_t initial, size_t max);
void buf_free(struct lg_buf *);
int buf_append(struct lg_buf *, const void *, size_t);
int buf_appendstr(struct lg_buf *, const char *);
void buf_reset(struct lg_buf *);

#endif
