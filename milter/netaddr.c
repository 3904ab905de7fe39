/*
 * netaddr.c - parse lists of addresses and CIDR ranges ("127.0.0.1
 * 10.0.0.0/8 ::1 2001:db8::/32") and test whether a client address falls in
 * one.  IPv4-mapped IPv6 clients (::ffff:a.b.c.d) are compared as IPv4.
 * Pure: no I/O.  netlist_parse returns -1 with a reason in err on bad input.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netaddr.h"

/* netrange_parse - one "addr" or "addr/prefix" */
static int
netrange_parse(const char *tok, struct lg_netrange *r, char *err, size_t errlen)
{
	char addr[INET6_ADDRSTRLEN + 8], *slash, *end;
	unsigned maxbits;
	long prefix;

	if (strlen(tok) >= sizeof addr) {
		snprintf(err, errlen, "\"%.40s\": not an address", tok);
		return -1;
	}
	strcpy(addr, tok);
	slash = strchr(addr, '/');
	if (slash != NULL)
		*slash++ = '\0';
	memset(r, 0, sizeof *r);
	if (inet_pton(AF_INET, addr, r->nr_addr) == 1) {
		r->nr_family = AF_INET;
		maxbits = 32;
	} else if (inet_pton(AF_INET6, addr, r->nr_addr) == 1) {
		r->nr_family = AF_INET6;
		maxbits = 128;
	} else {
		snprintf(err, errlen, "\"%s\": not an IPv4 or IPv6 address", addr);
		return -1;
	}
	r->nr_prefix = maxbits;
	if (slash != NULL) {
		prefix = strtol(slash, &end, 10);
		if (*slash == '\0' || *end != '\0' || prefix < 0 ||
		    prefix > (long)maxbits) {
			snprintf(err, errlen, "\"%s\": bad prefix length", tok);
			return -1;
		}
		r->nr_prefix = (unsigned)prefix;
	}
	return 0;
}

/*
 * NETLIST_PARSE -- parse a blank- or comma-separated list of ranges.
 *	Return value: 0, or -1 with err set (out is left empty).
 */
int
netlist_parse(const char *text, struct lg_netlist *out, char *err, size_t errlen)
{
	char *copy, *tok, *save = NULL;

	memset(out, 0, sizeof *out);
	if ((copy = strdup(text)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (tok = strtok_r(copy, " \t,", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t,", &save)) {
		struct lg_netrange *n;

		n = realloc(out->nl_ranges, (out->nl_count + 1) * sizeof *n);
		if (n == NULL) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		out->nl_ranges = n;
		if (netrange_parse(tok, &n[out->nl_count], err, errlen) == -1)
			goto fail;
		out->nl_count++;
	}
	free(copy);
	return 0;
fail:
	free(copy);
	netlist_free(out);
	return -1;
}

void
netlist_free(struct lg_netlist *l)
{
	if (l == NULL)
		return;
	free(l->nl_ranges);
	l->nl_ranges = NULL;
	l->nl_count = 0;
}

/* prefix_equal - do the first bits of a and b agree? */
static int
prefix_equal(const unsigned char *a, const unsigned char *b, unsigned bits)
{
	unsigned full = bits / 8, rest = bits % 8;

	if (memcmp(a, b, full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((a[full] ^ b[full]) & (0xff << (8 - rest))) == 0;
}

/*
 * NETLIST_CONTAINS -- is addr (text form) inside any range of the list?
 *	Return value: 1 yes, 0 no (also for an unparsable address).
 */
int
netlist_contains(const struct lg_netlist *l, const char *addr)
{
	unsigned char a[16];
	int family;
	size_t i;

	if (addr == NULL)
		return 0;
	if (inet_pton(AF_INET, addr, a) == 1)
		family = AF_INET;
	else if (inet_pton(AF_INET6, addr, a) == 1) {
		static const unsigned char mapped[12] =
		    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

		family = AF_INET6;
		if (memcmp(a, mapped, 12) == 0) {
			memmove(a, a + 12, 4);
			family = AF_INET;
		}
	} else
		return 0;
	for (i = 0; i < l->nl_count; i++) {
		const struct lg_netrange *r = &l->nl_ranges[i];

		if (r->nr_family == family &&
		    prefix_equal(a, r->nr_addr, r->nr_prefix))
			return 1;
	}
	return 0;
}
