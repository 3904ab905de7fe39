/*
 * textout.h - one text as it is produced, normalised and handed on in
 * bounded windows (the rules never need a whole text in memory).
 */
#ifndef LG_TEXTOUT_H
#define LG_TEXTOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "normalize.h"

#define TEXTOUT_WINDOW	(256 * 1024)	/* normalised bytes per window */
#define TEXTOUT_OVERLAP	(4 * 1024)	/* longest match seen across windows */
#define TEXTOUT_CONTEXT	256		/* bytes before a window, for \b etc. */
#define TEXTOUT_PIECE	(64 * 1024)	/* raw bytes normalised at a time */

/*
 * One window of a text.  Matches that start in [from, until) belong to
 * this window; data before from is context only (seen by the previous
 * window), matches starting at until or later come again in the next one.
 */
struct lg_window {
	const char	*win_source;	/* "headers", "body", "part 1.2" ... */
	const char	*win_data;	/* NUL-terminated */
	size_t		 win_len;
	size_t		 win_from, win_until;
	size_t		 win_base;	/* offset of win_data[0] in the text */
	bool		 win_first, win_last;
};

/* Called for each window; returns 0, or -1 (out of memory: stop). */
typedef int (*lg_window_fn)(void *arg, const struct lg_window *);

struct lg_textout {
	char		 to_source[32];
	struct lg_norm	 to_norm;
	struct lg_buf	*to_raw;	/* bytes not yet normalised */
	struct lg_buf	*to_win;	/* normalised, not yet handed on */
	size_t		 to_from, to_base;
	bool		 to_first;
	bool		 to_full;	/* budget spent: the rest is dropped */
	size_t		*to_budget;	/* normalised bytes still allowed */
	bool		*to_over;	/* set when the budget ran out */
	lg_window_fn	 to_fn;
	void		*to_arg;
};

int textout_open(struct lg_textout *, const char *source, size_t *budget,
    bool *over, lg_window_fn, void *arg);
int textout_write(struct lg_textout *, const char *data, size_t len);
int textout_close(struct lg_textout *);
void textout_discard(struct lg_textout *);

#endif
