/*
 * address.h - envelope and directory addresses: parse and compare.
 */
#ifndef LG_ADDRESS_H
#define LG_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>

#define LG_ADDRESS_MAX	512

struct lg_address_policy {
	bool	ap_local_case_sensitive;
};

struct lg_address {
	char	addr_local[LG_ADDRESS_MAX];
	char	addr_domain[LG_ADDRESS_MAX];	/* lower case */
};

int address_parse(const char *in, struct lg_address *out);
int address_equal(const struct lg_address *, const struct lg_address *,
    const struct lg_address_policy *);
int address_in_list(const char *addr, const char *const *list, size_t n,
    const struct lg_address_policy *);

#endif
