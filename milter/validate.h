/*
 * validate.h - checksum validators for values captured by rules.
 */
#ifndef LG_VALIDATE_H
#define LG_VALIDATE_H

#include <stddef.h>

enum lg_validator {
	LG_VALIDATOR_NONE,
	LG_VALIDATOR_LUHN,
	LG_VALIDATOR_COUNT
};

int validate_lookup(const char *name, enum lg_validator *out);
const char *validate_name(enum lg_validator);
int validate_value(enum lg_validator, const char *value, size_t len);

#endif
