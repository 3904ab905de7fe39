/*
 * address.h - envelope and directory addresses: parse, normalise, compare.
 */
#ifndef LG_ADDRESS_H
#define LG_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>

#define LG_ADDRESS_MAX	512

struct lg_address_policy {
	bool		 ap_local_case_sensitive;	/* local_part_case */
	const char	*ap_delimiters;	/* recipient_delimiter; NULL/"": off */
};

/*
 * A parsed address.  addr_local is the local part without quotes or
 * backslash escapes (so "john"@x and john@x are the same); addr_domain is
 * the domain in its ASCII (A-label) form, lower case, no trailing dot.
 */
struct lg_address {
	char	addr_local[LG_ADDRESS_MAX];
	char	addr_domain[LG_ADDRESS_MAX];
};

int address_parse(const char *in, struct lg_address *out);
int address_equal(const struct lg_address *rcpt, const struct lg_address *dir,
    const struct lg_address_policy *);
int address_in_list(const char *addr, const char *const *list, size_t n,
    const struct lg_address_policy *);
int address_forms(const char *in, char *ascii, size_t asciilen,
    char *unicode, size_t unicodelen);

#endif
