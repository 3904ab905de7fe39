/*
 * validate.c - checksum validators that tell a real identifier from a number
 * that merely looks like one.  A value that fails its validator is not a hit.
 * Pure: no I/O.  validate_value returns 1 valid, 0 invalid.
 */
#include <ctype.h>
#include <string.h>

#include "validate.h"

static const char *const validator_names[LG_VALIDATOR_COUNT] = {
	[LG_VALIDATOR_NONE] = "none",
	[LG_VALIDATOR_LUHN] = "luhn",
};

/* validate_lookup - validator by name; -1 if there is none such */
int
validate_lookup(const char *name, enum lg_validator *out)
{
	int i;

	for (i = 0; i < LG_VALIDATOR_COUNT; i++)
		if (strcmp(name, validator_names[i]) == 0) {
			*out = (enum lg_validator)i;
			return 0;
		}
	return -1;
}

const char *
validate_name(enum lg_validator v)
{
	return v < LG_VALIDATOR_COUNT ? validator_names[v] : "?";
}

/* validate_luhn - mod-10 check over the digits; spaces and dashes skipped */
static int
validate_luhn(const char *s, size_t len)
{
	int sum = 0, ndigits = 0, dbl = 0;
	size_t i;

	for (i = len; i-- > 0;) {
		int d;

		if (s[i] == ' ' || s[i] == '-')
			continue;
		if (!isdigit((unsigned char)s[i]))
			return 0;
		d = s[i] - '0';
		if (dbl && (d *= 2) > 9)
			d -= 9;
		sum += d;
		dbl = !dbl;
		ndigits++;
	}
	return ndigits >= 2 && sum % 10 == 0;
}

/*
 * VALIDATE_VALUE -- run a validator over a captured value.
 *	Return value: 1 valid (or no validator), 0 invalid.
 */
int
validate_value(enum lg_validator v, const char *value, size_t len)
{
	switch (v) {
	case LG_VALIDATOR_NONE:
		return 1;
	case LG_VALIDATOR_LUHN:
		return validate_luhn(value, len);
	default:
		return 0;
	}
}
