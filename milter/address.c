/*
 * address.c - parse RFC 5321 envelope addresses ("<Local@Domain>") and
 * compare them with the addresses a directory record holds.  Domains are
 * compared case-insensitively; local parts case-insensitively unless the
 * policy says otherwise (most real mailbox systems ignore case, RFC 5321
 * allows them not to).  Pure: no I/O.  address_parse returns -1 for input
 * that is not an address: the caller must treat that as a mismatch.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "address.h"

/* trim_copy - copy [s, e) without surrounding blanks; -1 if too long */
static int
span_copy(char *dst, size_t dstlen, const char *s, const char *e)
{
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if ((size_t)(e - s) >= dstlen)
		return -1;
	memcpy(dst, s, (size_t)(e - s));
	dst[e - s] = '\0';
	return 0;
}

/*
 * ADDRESS_PARSE -- split an address into local part and domain.
 *	Accepts optional angle brackets and a trailing dot on the domain.
 *	Return value: 0, or -1 for something that is not local@domain.
 */
int
address_parse(const char *in, struct lg_address *out)
{
	const char *s = in, *e, *at;
	char *p;

	if (in == NULL)
		return -1;
	e = s + strlen(s);
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (s < e && *s == '<') {
		if (e[-1] != '>')
			return -1;
		s++;
		e--;
	}
	/* The last '@' outside a quoted local part separates the domain. */
	at = NULL;
	for (const char *q = s; q < e; q++)
		if (*q == '@')
			at = q;
	if (at == NULL || at == s || at + 1 >= e)
		return -1;
	if (span_copy(out->addr_local, sizeof out->addr_local, s, at) == -1 ||
	    span_copy(out->addr_domain, sizeof out->addr_domain, at + 1, e) == -1)
		return -1;
	for (p = out->addr_domain; *p; p++) {
		if (isspace((unsigned char)*p) || *p == '@' || *p == '<' || *p == '>')
			return -1;
		*p = (char)tolower((unsigned char)*p);
	}
	if (p > out->addr_domain && p[-1] == '.')
		*--p = '\0';
	if (out->addr_domain[0] == '\0' || out->addr_local[0] == '\0')
		return -1;
	for (p = out->addr_local; *p; p++)
		if (*p == '<' || *p == '>' || (unsigned char)*p < 0x20)
			return -1;
	return 0;
}

/* ADDRESS_EQUAL -- 1 when both name the same mailbox, else 0 */
int
address_equal(const struct lg_address *a, const struct lg_address *b,
    const struct lg_address_policy *pol)
{
	if (strcmp(a->addr_domain, b->addr_domain) != 0)
		return 0;
	if (pol != NULL && pol->ap_local_case_sensitive)
		return strcmp(a->addr_local, b->addr_local) == 0;
	return strcasecmp(a->addr_local, b->addr_local) == 0;
}

/*
 * ADDRESS_IN_LIST -- is addr one of list[0..n)?
 *	Return value: 1 yes, 0 no, -1 addr itself is not an address.
 *	Unparsable list entries never match.
 */
int
address_in_list(const char *addr, const char *const *list, size_t n,
    const struct lg_address_policy *pol)
{
	struct lg_address a, b;
	size_t i;

	if (address_parse(addr, &a) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (address_parse(list[i], &b) == 0 && address_equal(&a, &b, pol))
			return 1;
	return 0;
}
