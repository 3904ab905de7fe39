/*
 * check_validate.c - unit tests for the checksum validators: valid and
 * invalid examples of each identifier, read from one table.
 */
#include <check.h>
#include <string.h>

#include "validate.h"
#include "unit.h"

static const struct {
	const char *validator, *value;
	int want;
	const char *label;
} cases[] = {
	{ "luhn", "4111 1111 1111 1111", 1, "test card" },
	{ "luhn", "4111 1111 1111 1112", 0, "one digit off" },
	{ "luhn", "5555 5555 5555 4444", 1, "doubled 5s (10 counts as 1)" },
	{ "luhn", "5555 5555 5555 4445", 0, "doubled 5s, one digit off" },
	{ "luhn", "7", 0, "too short" },

	{ "fi_hetu", "131052-308T", 1, "classic '-' sign" },
	{ "fi_hetu", "241199+110E", 1, "1800s '+'" },
	{ "fi_hetu", "010594Y9021", 1, "2023 sign Y (1900s)" },
	{ "fi_hetu", "010105B123P", 1, "2023 sign B (2000s)" },
	{ "fi_hetu", "131052-308U", 0, "wrong check character" },
	{ "fi_hetu", "131052-308t", 1, "lower-case check character" },
	{ "fi_hetu", "010105b123p", 1, "lower-case century sign and check" },
	{ "fi_hetu", "131052-308u", 0, "wrong lower-case check character" },
	{ "fi_hetu", "131052G308T", 0, "G is no century sign" },
	{ "fi_hetu", "310252-308Y", 0, "31 February (check character right)" },
	{ "fi_hetu", "131052-001W", 0, "individual number 001 (check character right)" },
	{ "fi_hetu", "131052-308", 0, "too short" },
	{ "fi_hetu", "290201A123J", 0, "29.2.2001 does not exist (check character right)" },

	{ "se_personnummer", "811228-9874", 1, "Skatteverket example" },
	{ "se_personnummer", "8112289874", 1, "without sign" },
	{ "se_personnummer", "19811228-9874", 1, "four-digit year" },
	{ "se_personnummer", "811228+9874", 1, "over 100: '+'" },
	{ "se_personnummer", "701063-2391", 1, "samordningsnummer (day+60)" },
	{ "se_personnummer", "811228-9873", 0, "Luhn fails" },
	{ "se_personnummer", "811328-9874", 0, "month 13" },
	{ "se_personnummer", "701093-2391", 0, "day 93" },
	{ "se_personnummer", "81122-89874", 0, "sign misplaced" },
	{ "se_personnummer", "17811228-9874", 0, "year 1781" },

	{ "no_fodselsnummer", "01010750160", 1, "ordinary" },
	{ "no_fodselsnummer", "15038512363", 1, "ordinary 2" },
	{ "no_fodselsnummer", "55038512357", 1, "D-number (day+40)" },
	{ "no_fodselsnummer", "15438512346", 1, "H-number (month+40)" },
	{ "no_fodselsnummer", "01010750161", 0, "second check digit wrong" },
	{ "no_fodselsnummer", "01010750170", 0, "first check digit wrong" },
	{ "no_fodselsnummer", "32010750160", 0, "day 32" },
	{ "no_fodselsnummer", "0101075016", 0, "ten digits" },

	{ "dk_cpr", "070761-4285", 1, "ordinary" },
	{ "dk_cpr", "0707614286", 1, "no mod-11 since 2007: any serial" },
	{ "dk_cpr", "290200-4000", 1, "29.2.2000 (7th digit 4)" },
	{ "dk_cpr", "290200-1000", 0, "29.2.1900 does not exist" },
	{ "dk_cpr", "320761-4285", 0, "day 32" },
	{ "dk_cpr", "071361-4285", 0, "month 13" },
	{ "dk_cpr", "070761-428", 0, "too short" },

	{ "iban", "GB82 WEST 1234 5698 7654 32", 1, "UK example" },
	{ "iban", "FI2112345600000785", 1, "Finnish example" },
	{ "iban", "NO9386011117947", 1, "Norway: the shortest, 15" },
	{ "iban", "DE791234567890", 0, "14 characters (checksum right): no IBAN is that short" },
	{ "iban", "fi21 1234 5600 0007 85", 1, "lower case" },
	{ "iban", "FI2112345600000786", 0, "mod 97 fails" },
	{ "iban", "FI21", 0, "too short" },
	{ "iban", "1I2112345600000785", 0, "country not letters" },

	{ "none", "anything", 1, "no validator" },
};

START_TEST(test_cases)
{
	enum lg_validator v;
	int got;

	ck_assert_msg(validate_lookup(cases[_i].validator, &v) == 0,
	    "%s: validator %s unknown", cases[_i].label, cases[_i].validator);
	ck_assert_str_eq(validate_name(v), cases[_i].validator);
	got = validate_value(v, cases[_i].value, strlen(cases[_i].value));
	ck_assert_msg(got == cases[_i].want, "%s %s (%s): got %d, want %d",
	    cases[_i].validator, cases[_i].value, cases[_i].label, got,
	    cases[_i].want);
}
END_TEST

START_TEST(test_unknown)
{
	enum lg_validator v;

	ck_assert_int_eq(validate_lookup("crc32", &v), -1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("validate");
	TCase *tc = tcase_create("validators");

	tcase_add_loop_test(tc, test_cases, 0, sizeof cases / sizeof cases[0]);
	tcase_add_test(tc, test_unknown);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
