/*
 * binding.h - which customer a mail is about.
 */
#ifndef LG_BINDING_H
#define LG_BINDING_H

#include <stddef.h>

#include "rules.h"

enum lg_binding_state {
	LG_BIND_NONE,		/* nothing names a customer */
	LG_BIND_ONE,		/* exactly one customer */
	LG_BIND_CONFLICT	/* two different customers named */
};

enum lg_binding_source {
	LG_BIND_FROM_HEADER = 0x1,
	LG_BIND_FROM_BODY = 0x2
};

#define LG_CUSTOMER_ID_MAX	1024	/* longer ids are taken as they are, cut */

struct lg_binding {
	enum lg_binding_state	bind_state;
	unsigned		bind_sources;	/* enum lg_binding_source bits */
	char			bind_id[LG_CUSTOMER_ID_MAX];
	char			bind_other[LG_CUSTOMER_ID_MAX]; /* on conflict */
};

void binding_resolve(const char *const *header_values, size_t nheader,
    const struct lg_hits *hits, struct lg_binding *out);

#endif
