/*
 * fuzz_binding.c - libFuzzer target: the binding header and its signature
 * (binding_sig.c: "v=1; id=...; t=...; sig=..." under a fixed key, against
 * the recipients that follow it) and the binding decision over header
 * instances (binding.c).  Input: header value, then recipients, one a line.
 */
#include "binding.h"
#include "binding_sig.h"
#include "fuzz.h"

#define MAX_RCPTS	8

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[] = "fuzzing key, 32 bytes long......";
	const char *rcpts[MAX_RCPTS], *values[2];
	struct lg_binding bind;
	struct lg_hits hits;
	char id[LG_CUSTOMER_ID_MAX], *s, *p, *nl;
	size_t n = 0;

	s = fuzz_strdup(data, size);
	if ((p = strchr(s, '\n')) != NULL)
		*p++ = '\0';
	while (p != NULL && n < MAX_RCPTS) {
		rcpts[n++] = p;
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		p = nl;
	}
	(void)binding_sig_verify(key, sizeof key - 1, s, rcpts, n, 1700000000L,
	    600, id, sizeof id);
	values[0] = s;
	values[1] = n > 0 ? rcpts[0] : s;
	hits_init(&hits);
	memset(&bind, 0, sizeof bind);
	binding_resolve(values, 2, &hits, &bind);
	hits_clear(&hits);
	free(s);
	return 0;
}
