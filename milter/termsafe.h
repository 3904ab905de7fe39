/*
 * termsafe.h - mail-controlled text made harmless for a terminal.
 */
#ifndef LG_TERMSAFE_H
#define LG_TERMSAFE_H

#include <stddef.h>
#include <stdint.h>

int termsafe_hostile(uint32_t cp);
size_t termsafe_utf8(const unsigned char *s, uint32_t *cp);
char *termsafe(char *out, size_t outlen, const char *in);
char *termsafe_dup(const char *in);

#endif
