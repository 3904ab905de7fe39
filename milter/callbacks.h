/*
 * callbacks.h - the libmilter side of leakguard.
 */
#ifndef LG_CALLBACKS_H
#define LG_CALLBACKS_H

#include <libmilter/mfapi.h>

#include "pipeline.h"
#include "store.h"

void callbacks_init(struct lg_store *, const char *host);
extern struct smfiDesc callbacks_desc;

#endif
