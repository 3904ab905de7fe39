/*
 * html.h - the readable text of an HTML part, as it streams in.
 */
#ifndef LG_HTML_H
#define LG_HTML_H

#include <stddef.h>

#define HTML_DEPTH_MAX	256	/* element nesting read as text */

/* Gets the text in document order; returns 0, or -1 to stop (no memory). */
typedef int (*html_text_fn)(void *arg, const char *text, size_t len);

struct lg_html;

struct lg_html *html_new(html_text_fn, void *arg);
int html_feed(struct lg_html *, const char *data, size_t len);
int html_end(struct lg_html *);
void html_free(struct lg_html *);
char *html_to_text(const char *html, size_t len, size_t *outlen);

#endif
