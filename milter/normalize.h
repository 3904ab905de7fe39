/*
 * normalize.h - fold text into the form rules are written against.
 */
#ifndef LG_NORMALIZE_H
#define LG_NORMALIZE_H

#include <stddef.h>

char *normalize_text(const char *in, size_t len, size_t *outlen);

#endif
