/*
 * fuzz_rules.c - libFuzzer target: the rule-file parser (rules.c: names,
 * kinds, validators, PCRE2 compile with limits).  A rule set that loads
 * is also used once, on its own text, so compile and scan meet.
 */
#include "fuzz.h"
#include "rules.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_ruleset *rs;
	struct lg_hits hits;
	char path[64], *masked;
	FILE *devnull;

	if (size > 65536 || fuzz_tempfile(data, size, path, sizeof path) == -1)
		return 0;
	devnull = fopen("/dev/null", "w");
	rs = rules_load_file(path, devnull);
	unlink(path);
	if (rs != NULL) {
		hits_init(&hits);
		(void)rules_scan(rs, (const char *)data, size, "body", &hits);
		hits_clear(&hits);
		if ((masked = rules_mask(rs, (const char *)data, size)) != NULL)
			free(masked);
		rules_free(rs);
	}
	if (devnull != NULL)
		fclose(devnull);
	return 0;
}
