/*
 * json.h - writing JSON strings.
 */
#ifndef LG_JSON_H
#define LG_JSON_H

#include <stddef.h>
#include <stdio.h>

void json_string(FILE *, const char *);
void json_member(FILE *, const char *key, const char *value, int comma);
size_t json_utf8_len(const unsigned char *);
unsigned long json_code_point(const unsigned char *, size_t n);
int json_unsafe_char(const unsigned char *, size_t n);

#endif
