/*
 * fuzz_address.c - libFuzzer target: envelope and directory address
 * parsing, IDNA forms and comparison (address.c over libidn2).  The input
 * is two addresses separated by a newline; the first byte picks the
 * comparison policy.
 */
#include "address.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_address a, b;
	struct lg_address_policy pol = { 0 };
	char ascii[LG_ADDRESS_MAX], uni[LG_ADDRESS_MAX * 4];
	const char *list[1];
	char *s, *nl;

	if (size == 0)
		return 0;
	pol.ap_local_case_sensitive = data[0] & 1;
	pol.ap_delimiters = (data[0] & 2) ? "+-" : NULL;
	s = fuzz_strdup(data + 1, size - 1);
	if ((nl = strchr(s, '\n')) != NULL)
		*nl++ = '\0';
	else
		nl = s;
	(void)address_forms(s, ascii, sizeof ascii, uni, sizeof uni);
	if (address_parse(s, &a) == 0 && address_parse(nl, &b) == 0)
		(void)address_equal(&a, &b, &pol);
	list[0] = nl;
	(void)address_in_list(s, list, 1, &pol);
	free(s);
	return 0;
}
