/*
 * fuzz_config.c - libFuzzer target: the configuration parser (config.c and
 * its key table: every type, list and range check), errors to /dev/null.
 */
#include "config.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_config *cfg;
	char path[64];
	FILE *devnull;

	if (size > 65536 || fuzz_tempfile(data, size, path, sizeof path) == -1)
		return 0;
	devnull = fopen("/dev/null", "w");
	cfg = config_load(path, devnull);
	unlink(path);
	if (cfg != NULL) {
		if (devnull != NULL)
			config_print(cfg, devnull, false);
		config_free(cfg);
	}
	if (devnull != NULL)
		fclose(devnull);
	return 0;
}
