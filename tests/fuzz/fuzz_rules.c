/*
 * fuzz_rules.c - libFuzzer target: the rule-file parser (rules.c: names,
 * kinds, validators, PCRE2 compile with limits).  A rule set that loads
 * is also used once, on its own text, so compile and scan meet, and the
 * key-word prefilter's byte-pair tables (rules_keys.c) must find on that
 * text every key word that trying the pattern at every byte finds.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "rules_impl.h"

/* keys_agree - the filtered prefilter pass finds what the exhaustive does */
static void
keys_agree(const struct lg_ruleset *rs, const char *text, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);
	uint64_t fast, slow;
	int rf, re;

	if (md == NULL)
		return;
	rf = rules_keys_present(rs, md, NULL, text, len, 0, false, &fast);
	re = rules_keys_present(rs, md, NULL, text, len, 0, true, &slow);
	if (rf == 0 && re == 0 && fast != slow)
		abort();
	pcre2_match_data_free(md);
}

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
		keys_agree(rs, (const char *)data, size);
		if ((masked = rules_mask(rs, (const char *)data, size)) != NULL)
			free(masked);
		rules_free(rs);
	}
	if (devnull != NULL)
		fclose(devnull);
	return 0;
}
