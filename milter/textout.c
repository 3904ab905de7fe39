/*
 * textout.c - one text (the headers, a body, a part) written in pieces as
 * it is decoded, normalised (normalize.c) a piece at a time and handed to
 * the consumer (the rules) in windows of about TEXTOUT_WINDOW bytes that
 * overlap by TEXTOUT_OVERLAP, so that memory per text is a constant
 * however large the text: the raw piece being normalised and one window.
 * A match longer than TEXTOUT_OVERLAP that crosses a window boundary is
 * the one thing a window can miss; the shipped patterns match at most a
 * few hundred bytes.
 *
 * Normalised bytes count against a budget shared by all texts of a
 * message (max_scan_size): when it runs out, *over is set and the rest of
 * every text is dropped; the caller judges such mail unscannable.
 * Functions return 0, or -1 when memory runs out (or the consumer said
 * stop).
 */
#include <stdio.h>
#include <string.h>

#include "textout.h"

/*
 * TEXTOUT_OPEN -- start a text.  budget and over are shared by all texts
 *	of a message; fn gets the windows.
 */
int
textout_open(struct lg_textout *t, const char *source, size_t *budget,
    bool *over, lg_window_fn fn, void *arg)
{
	memset(t, 0, sizeof *t);
	snprintf(t->to_source, sizeof t->to_source, "%s", source);
	normalize_init(&t->to_norm);
	t->to_budget = budget;
	t->to_over = over;
	t->to_fn = fn;
	t->to_arg = arg;
	t->to_first = true;
	if ((t->to_raw = buf_new(1024, TEXTOUT_PIECE + 1024)) == NULL ||
	    (t->to_win = buf_new(4096, (size_t)-1 / 2)) == NULL) {
		textout_discard(t);
		return -1;
	}
	return 0;
}

void
textout_discard(struct lg_textout *t)
{
	buf_free(t->to_raw);
	buf_free(t->to_win);
	t->to_raw = t->to_win = NULL;
}

/* emit - hand the window on; unless last, keep its tail as the next start */
static int
emit(struct lg_textout *t, bool last)
{
	struct lg_buf *w = t->to_win;
	struct lg_window win;
	size_t keep;

	win.win_source = t->to_source;
	win.win_data = w->buf_data;
	win.win_len = w->buf_len;
	win.win_from = t->to_from;
	win.win_until = last ? w->buf_len : w->buf_len - TEXTOUT_OVERLAP;
	win.win_base = t->to_base;
	win.win_first = t->to_first;
	win.win_last = last;
	if (t->to_fn(t->to_arg, &win) == -1)
		return -1;
	t->to_first = false;
	if (last)
		return 0;
	keep = win.win_until > TEXTOUT_CONTEXT ? win.win_until -
	    TEXTOUT_CONTEXT : 0;
	memmove(w->buf_data, w->buf_data + keep, w->buf_len - keep + 1);
	w->buf_len -= keep;
	t->to_base += keep;
	t->to_from = win.win_until - keep;
	return 0;
}

/* feed - normalise in[0..len) onto the window, charge the budget */
static int
feed(struct lg_textout *t, const char *in, size_t len)
{
	size_t before = t->to_win->buf_len, made;

	if (t->to_full || len == 0)
		return 0;
	if (normalize_feed(&t->to_norm, in, len, t->to_win) == -1)
		return -1;
	made = t->to_win->buf_len - before;
	if (made > *t->to_budget) {
		/* Over the bound: keep what fits, drop the rest. */
		t->to_win->buf_len = before + *t->to_budget;
		t->to_win->buf_data[t->to_win->buf_len] = '\0';
		*t->to_budget = 0;
		*t->to_over = true;
		t->to_full = true;
	} else
		*t->to_budget -= made;
	if (t->to_win->buf_len >= TEXTOUT_WINDOW + TEXTOUT_OVERLAP)
		return emit(t, false);
	return 0;
}

/*
 * TEXTOUT_WRITE -- more raw UTF-8 of the text (possibly invalid, cut
 *	anywhere, even inside a character).
 */
int
textout_write(struct lg_textout *t, const char *data, size_t len)
{
	struct lg_buf *r = t->to_raw;
	size_t n, cut;

	while (len > 0 && !t->to_full) {
		if (r->buf_len == 0 && len > TEXTOUT_PIECE) {
			/* Large writes are normalised in place, piece by piece. */
			cut = normalize_cut(data, TEXTOUT_PIECE);
			if (feed(t, data, cut) == -1)
				return -1;
			data += cut;
			len -= cut;
			continue;
		}
		n = TEXTOUT_PIECE - r->buf_len < len ? TEXTOUT_PIECE -
		    r->buf_len : len;
		if (buf_append(r, data, n) == -1)
			return -1;
		data += n;
		len -= n;
		if (r->buf_len < TEXTOUT_PIECE)
			break;
		cut = normalize_cut(r->buf_data, r->buf_len);
		if (feed(t, r->buf_data, cut) == -1)
			return -1;
		memmove(r->buf_data, r->buf_data + cut, r->buf_len - cut);
		r->buf_len -= cut;
	}
	return 0;
}

/*
 * TEXTOUT_CLOSE -- the text is complete: normalise what is left and hand
 *	on the last window (an empty text too).  Frees the buffers.
 */
int
textout_close(struct lg_textout *t)
{
	int rc = 0;

	if (feed(t, t->to_raw->buf_data, t->to_raw->buf_len) == -1 ||
	    emit(t, true) == -1)
		rc = -1;
	textout_discard(t);
	return rc;
}
