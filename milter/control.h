/*
 * control.h - the daemon's local control socket (stats today).
 */
#ifndef LG_CONTROL_H
#define LG_CONTROL_H

#include <sys/types.h>

#include "config.h"
#include "stats.h"

extern struct lg_stats control_stats;	/* counted by callbacks.c */

int control_setup(const struct lg_config *, uid_t owner, char *err,
    size_t errlen);
int control_open(const char *path, uid_t owner, gid_t group, char *err,
    size_t errlen);
int control_start(int fd, char *err, size_t errlen);
void control_close(int fd, const char *path);

#endif
