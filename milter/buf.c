/*
 * buf.c - growable byte buffer with a hard upper bound, for everything whose
 * size depends on mail content.  Going over the bound is a defined outcome:
 * the excess is dropped and buf_over is set, so the caller can judge the mail
 * "unscannable" instead of crashing or silently scanning half of it.
 * buf_append returns -1 only when memory runs out.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* buf_new - a buffer that never holds more than max bytes */
struct lg_buf *
buf_new(size_t initial, size_t max)
{
	struct lg_buf *b;

	if (initial > max)
		initial = max;
	if ((b = calloc(1, sizeof *b)) == NULL)
		return NULL;
	if ((b->buf_data = malloc(initial + 1)) == NULL) {
		free(b);
		return NULL;
	}
	b->buf_data[0] = '\0';
	b->buf_cap = initial;
	b->buf_max = max;
	return b;
}

void
buf_free(struct lg_buf *b)
{
	if (b == NULL)
		return;
	free(b->buf_data);
	free(b);
}

void
buf_reset(struct lg_buf *b)
{
	b->buf_len = 0;
	b->buf_over = false;
	b->buf_data[0] = '\0';
}

/*
 * BUF_APPEND -- append bytes, keeping at most buf_max.
 *	Return value: 0 (also when bytes were cut: see buf_over), -1 out of memory.
 */
int
buf_append(struct lg_buf *b, const void *p, size_t n)
{
	size_t room;

	room = b->buf_max - b->buf_len;
	if (n > room) {
		b->buf_over = true;
		n = room;
	}
	if (n == 0)
		return 0;
	if (b->buf_len + n > b->buf_cap) {
		size_t cap = b->buf_cap ? b->buf_cap : 64;
		char *d;

		while (cap < b->buf_len + n)
			cap = cap > b->buf_max / 2 ? b->buf_max : cap * 2;
		if ((d = realloc(b->buf_data, cap + 1)) == NULL)
			return -1;
		b->buf_data = d;
		b->buf_cap = cap;
	}
	memcpy(b->buf_data + b->buf_len, p, n);
	b->buf_len += n;
	b->buf_data[b->buf_len] = '\0';
	return 0;
}

int
buf_appendstr(struct lg_buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}
