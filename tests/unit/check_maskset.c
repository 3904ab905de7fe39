/*
 * check_maskset.c - unit tests for the per-mail value set: a value found
 * in one place is masked wherever it appears; the longest value wins at a
 * place; duplicates are kept once; an overflowing set refuses to mask
 * (callers then show nothing); clearing empties it.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "maskset.h"
#include "unit.h"

static const struct {
	const char *label, *values[4], *in, *want;
} cases[] = {
	{ "PIN from the body in the Subject", { "4821" },
	  "Your PIN is ready: 4821", "Your PIN is ready: ****" },
	{ "Message-ID", { "Karhu-88412x" }, "<Karhu-88412x.1@telecom.example>",
	  "<****.1@telecom.example>" },
	{ "every occurrence", { "4821" }, "4821 and 4821x", "**** and ****x" },
	{ "longest wins", { "48", "4821" }, "a4821b", "a****b" },
	{ "two values side by side", { "4821", "Susi" }, "4821Susi", "********" },
	{ "nothing found", { NULL }, "plain", "plain" },
	{ "empty value ignored", { "" }, "plain", "plain" },
};

START_TEST(test_cases)
{
	struct lg_maskset ms;
	char *out;
	int i;

	maskset_init(&ms);
	for (i = 0; i < 4 && cases[_i].values[i] != NULL; i++)
		maskset_add(&ms, cases[_i].values[i], strlen(cases[_i].values[i]));
	out = maskset_apply(&ms, cases[_i].in);
	ck_assert_msg(out != NULL && strcmp(out, cases[_i].want) == 0,
	    "%s: got \"%s\", want \"%s\"", cases[_i].label, out ? out : "(null)",
	    cases[_i].want);
	free(out);
	maskset_clear(&ms);
}
END_TEST

START_TEST(test_bounds)
{
	struct lg_maskset ms;
	char v[16], *out;
	int i;

	maskset_init(&ms);
	maskset_add(&ms, "1234", 4);
	maskset_add(&ms, "1234", 4);
	ck_assert_uint_eq(ms.ms_count, 1);
	/* past MASKSET_MAX distinct values: nothing may be shown */
	for (i = 0; i < MASKSET_MAX + 1; i++) {
		snprintf(v, sizeof v, "v%05d", i);
		maskset_add(&ms, v, strlen(v));
	}
	ck_assert(ms.ms_overflow);
	out = maskset_apply(&ms, "1234");
	ck_assert_msg(out == NULL, "overflowed set: got \"%s\", want NULL", out);
	maskset_clear(&ms);
	ck_assert_uint_eq(ms.ms_count, 0);
	ck_assert(!ms.ms_overflow);
	/* a value longer than kept: overflow, not a silent skip */
	{
		char big[MASKSET_VALUE_MAX + 2];

		memset(big, 'x', sizeof big - 1);
		big[sizeof big - 1] = '\0';
		maskset_add(&ms, big, strlen(big));
		ck_assert(ms.ms_overflow);
		maskset_clear(&ms);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("maskset");
	TCase *tc = tcase_create("mask");

	tcase_add_loop_test(tc, test_cases, 0, sizeof cases / sizeof cases[0]);
	tcase_add_test(tc, test_bounds);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
