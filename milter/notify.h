/*
 * notify.h - staff notices of held mail, sent by a thread of the daemon.
 */
#ifndef LG_NOTIFY_H
#define LG_NOTIFY_H

#include <stdint.h>

#include "config.h"
#include "store.h"

int notify_start(const struct lg_config *, const char *host);
void notify_held(const struct lg_store_row *, int64_t id);

#endif
