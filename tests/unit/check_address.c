/*
 * check_address.c - unit tests for address parsing and comparison.
 */
#include <check.h>
#include <string.h>

#include "address.h"

static const char *const list[] = {
	"matti.meikalainen@example.fi", "Anna@Example.SE", "not-an-address",
};

static const struct {
	const char *label, *addr;
	int sensitive, want;
} cases[] = {
	{ "exact", "matti.meikalainen@example.fi", 0, 1 },
	{ "angle brackets", "<matti.meikalainen@example.fi>", 0, 1 },
	{ "domain case", "<matti.meikalainen@EXAMPLE.FI>", 0, 1 },
	{ "local case, insensitive", "<Matti.Meikalainen@example.fi>", 0, 1 },
	{ "local case, sensitive", "<Matti.Meikalainen@example.fi>", 1, 0 },
	{ "list entry case", "<anna@example.se>", 0, 1 },
	{ "trailing dot", "<matti.meikalainen@example.fi.>", 0, 1 },
	{ "namesake", "<matti.m@example.net>", 0, 0 },
	{ "other domain", "<matti.meikalainen@example.net>", 0, 0 },
	{ "suffix trick", "<matti.meikalainen@example.fi.evil.test>", 0, 0 },
	{ "no domain", "<matti>", 0, -1 },
	{ "empty", "<>", 0, -1 },
	{ "unbalanced", "<matti@example.fi", 0, -1 },
	{ "two ats", "<a@b@example.fi>", 0, 0 },
};

START_TEST(test_in_list)
{
	struct lg_address_policy pol = { .ap_local_case_sensitive = cases[_i].sensitive };
	int got = address_in_list(cases[_i].addr, list, 3, &pol);

	ck_assert_msg(got == cases[_i].want, "%s: %s: got %d, want %d",
	    cases[_i].label, cases[_i].addr, got, cases[_i].want);
}
END_TEST

START_TEST(test_parse)
{
	struct lg_address a;

	ck_assert_int_eq(address_parse(" <Liisa@XN--MKINEN-BUA.Example.> ", &a), 0);
	ck_assert_str_eq(a.addr_local, "Liisa");
	ck_assert_str_eq(a.addr_domain, "xn--mkinen-bua.example");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("address");
	TCase *tc = tcase_create("address");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_in_list, 0, sizeof cases / sizeof cases[0]);
	tcase_add_test(tc, test_parse);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
