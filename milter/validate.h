/*
 * validate.h - checksum validators for values captured by rules.
 */
#ifndef LG_VALIDATE_H
#define LG_VALIDATE_H

#include <stddef.h>

enum lg_validator {
	LG_VALIDATOR_NONE,
	LG_VALIDATOR_LUHN,
	LG_VALIDATOR_FI_HETU,		/* Finnish henkilötunnus */
	LG_VALIDATOR_SE_PNR,		/* Swedish personnummer/samordningsnummer */
	LG_VALIDATOR_NO_FNR,		/* Norwegian fødselsnummer, D/H-number */
	LG_VALIDATOR_DK_CPR,		/* Danish CPR: format and date */
	LG_VALIDATOR_IBAN,		/* ISO 13616 mod 97 */
	LG_VALIDATOR_COUNT
};

int validate_lookup(const char *name, enum lg_validator *out);
const char *validate_name(enum lg_validator);
int validate_value(enum lg_validator, const char *value, size_t len);

#endif
