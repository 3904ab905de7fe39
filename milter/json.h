/*
 * json.h - writing JSON strings.
 */
#ifndef LG_JSON_H
#define LG_JSON_H

#include <stddef.h>
#include <stdio.h>

void json_string(FILE *, const char *);
void json_member(FILE *, const char *key, const char *value, int comma);

#endif
