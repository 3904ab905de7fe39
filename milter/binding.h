/*
 * binding.h - which customer a mail is about.
 */
#ifndef LG_BINDING_H
#define LG_BINDING_H

#include <stddef.h>

#include "netaddr.h"
#include "rules.h"

enum lg_binding_state {
	LG_BIND_NONE,		/* nothing names a customer */
	LG_BIND_ONE,		/* exactly one customer */
	LG_BIND_CONFLICT,	/* two different customers named */
	LG_BIND_INVALID		/* a signed binding header failed its check */
};

enum lg_binding_source {
	LG_BIND_FROM_HEADER = 0x1,
	LG_BIND_FROM_BODY = 0x2
};

#define LG_CUSTOMER_ID_MAX	1024	/* a longer id is a conflict */

struct lg_binding {
	enum lg_binding_state	bind_state;
	unsigned		bind_sources;	/* enum lg_binding_source bits */
	char			bind_id[LG_CUSTOMER_ID_MAX];
	char			bind_other[LG_CUSTOMER_ID_MAX]; /* on conflict */
	const char		*bind_invalid_why;	/* static text */
};

void binding_init(struct lg_binding *);
void binding_add_header(struct lg_binding *, const char *value);
void binding_add_hits(struct lg_binding *, const struct lg_hits *);
void binding_resolve(const char *const *header_values, size_t nheader,
    const struct lg_hits *hits, struct lg_binding *out);
void binding_mark_invalid(struct lg_binding *, const char *why);
int binding_source_trusted(const struct lg_netlist *clients,
    const char *client_addr, const char *sasl_users, const char *auth_authen);

#endif
