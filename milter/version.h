/*
 * version.h - leakguard's version and its libraries' (version.c).
 */
#ifndef LG_VERSION_H
#define LG_VERSION_H

#include <stddef.h>
#include <stdio.h>

const char *version_daemon(void);
void version_libraries(char *buf, size_t len);
void version_print(FILE *fp);

#endif
