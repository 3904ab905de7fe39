/*
 * content_list.c - content_extract: every text of a message collected
 * whole, for the unit tests and tools that want to look at the texts.  The
 * milter does not use it (content_scan streams windows to the rules, see
 * content.c); memory here grows with the texts.  Returns 0, or -1 when
 * memory runs out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"

/* collect - content_extract's window function: texts kept whole */
static int
collect(void *arg, const struct lg_window *win)
{
	struct lg_textlist *tl = arg;
	struct lg_text *t;
	size_t i, n = win->win_until - win->win_from;
	char *d;

	if (win->win_first) {
		t = realloc(tl->tl_items, (tl->tl_count + 1) * sizeof *t);
		if (t == NULL)
			return -1;
		tl->tl_items = t;
		t = &tl->tl_items[tl->tl_count++];
		memset(t, 0, sizeof *t);
		snprintf(t->text_source, sizeof t->text_source, "%s",
		    win->win_source);
	} else {
		/* Windows of one text come in order; texts may interleave. */
		for (i = tl->tl_count; i > 0; i--)
			if (strcmp(tl->tl_items[i - 1].text_source,
			    win->win_source) == 0)
				break;
		if (i == 0)
			return -1;
		t = &tl->tl_items[i - 1];
	}
	if ((d = realloc(t->text_data, t->text_len + n + 1)) == NULL)
		return -1;
	memcpy(d + t->text_len, win->win_data + win->win_from, n);
	t->text_len += n;
	d[t->text_len] = '\0';
	t->text_data = d;
	return 0;
}

/*
 * CONTENT_EXTRACT -- every text of the message, each whole (the tests and
 *	tools that want to see them; the milter uses content_scan).
 *	Return value: 0 (out->tl_incomplete set if not all could be read), or
 *	-1 when memory runs out.
 */
int
content_extract(const struct lg_msg *m, const char *const *skip_headers,
    unsigned max_depth, struct lg_textlist *out)
{
	memset(out, 0, sizeof *out);
	if (content_scan(m, skip_headers, max_depth, NULL, collect, out,
	    &out->tl_incomplete) == -1) {
		content_free(out);
		return -1;
	}
	return 0;
}

void
content_free(struct lg_textlist *tl)
{
	size_t i;

	for (i = 0; i < tl->tl_count; i++)
		free(tl->tl_items[i].text_data);
	free(tl->tl_items);
	memset(tl, 0, sizeof *tl);
}
