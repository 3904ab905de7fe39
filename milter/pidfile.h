/*
 * pidfile.h - the daemon's locked pid file (pidfile.c).
 */
#ifndef LG_PIDFILE_H
#define LG_PIDFILE_H

#include <stddef.h>

int pidfile_acquire(const char *path, char *err, size_t errlen);
void pidfile_release(const char *path, int fd);

#endif
