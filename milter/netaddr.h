/*
 * netaddr.h - IPv4/IPv6 address ranges (CIDR) for trusted_clients.
 */
#ifndef LG_NETADDR_H
#define LG_NETADDR_H

#include <stdbool.h>
#include <stddef.h>

struct lg_netrange {
	int		nr_family;	/* AF_INET or AF_INET6 */
	unsigned char	nr_addr[16];
	unsigned	nr_prefix;
};

struct lg_netlist {
	struct lg_netrange *nl_ranges;
	size_t		    nl_count;
};

int netlist_parse(const char *text, struct lg_netlist *out, char *err, size_t errlen);
void netlist_free(struct lg_netlist *);
int netlist_contains(const struct lg_netlist *, const char *addr);

#endif
