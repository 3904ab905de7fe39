/*
 * html_css.h - the text CSS puts on the page (content: "..."), for html.c.
 */
#ifndef LG_HTML_CSS_H
#define LG_HTML_CSS_H

#include <stddef.h>

#include "html.h"

int css_content(const char *css, size_t len, html_text_fn fn, void *arg);

#endif
