/*
 * html.h - the readable text of an HTML part.
 */
#ifndef LG_HTML_H
#define LG_HTML_H

#include <stddef.h>

char *html_to_text(const char *html, size_t len, size_t *outlen);

#endif
