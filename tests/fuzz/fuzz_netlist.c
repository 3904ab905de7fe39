/*
 * fuzz_netlist.c - libFuzzer target: trusted_clients CIDR lists
 * (netaddr.c) parsed and matched against an address.  Input: the list,
 * a newline, the address.
 */
#include "fuzz.h"
#include "netaddr.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_netlist nl;
	char err[256], *s, *addr;

	s = fuzz_strdup(data, size);
	if ((addr = strchr(s, '\n')) != NULL)
		*addr++ = '\0';
	memset(&nl, 0, sizeof nl);
	if (netlist_parse(s, &nl, err, sizeof err) == 0) {
		(void)netlist_contains(&nl, addr != NULL ? addr : "127.0.0.1");
		netlist_free(&nl);
	}
	free(s);
	return 0;
}
