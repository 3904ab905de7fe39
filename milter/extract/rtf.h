/*
 * rtf.h - the text of an RTF document, as a reader shows it.
 */
#ifndef LG_RTF_H
#define LG_RTF_H

#include <stddef.h>

/* Called with UTF-8 text; returns 0, or -1 to stop. */
typedef int (*rtf_out_fn)(void *arg, const char *text, size_t len);

int rtf_to_text(const char *data, size_t len, rtf_out_fn, void *arg);

#endif
