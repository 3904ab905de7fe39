/*
 * check_ldap_filter.c - unit tests for RFC 4515 escaping: nothing taken
 * from mail can change the shape of a filter.
 */
#include <check.h>
#include <string.h>

#include "ldap_filter.h"
#include "unit.h"

#define TMPL "(&(objectClass=inetOrgPerson)(employeeNumber=%s))"

static const struct {
	const char *label, *value;
	size_t len;
	const char *want;
} cases[] = {
	{ "plain", "100001", 6, "(&(objectClass=inetOrgPerson)(employeeNumber=100001))" },
	{ "star", "*", 1, "(&(objectClass=inetOrgPerson)(employeeNumber=\\2a))" },
	{ "parens", ")(", 2, "(&(objectClass=inetOrgPerson)(employeeNumber=\\29\\28))" },
	{ "backslash", "\\", 1, "(&(objectClass=inetOrgPerson)(employeeNumber=\\5c))" },
	{ "NUL", "1\0002", 3, "(&(objectClass=inetOrgPerson)(employeeNumber=1\\002))" },
	{ "injection", "*)(mail=*", 9,
	  "(&(objectClass=inetOrgPerson)(employeeNumber=\\2a\\29\\28mail=\\2a))" },
	{ "utf-8 kept", "Ä1", 3, "(&(objectClass=inetOrgPerson)(employeeNumber=Ä1))" },
};

START_TEST(test_expand)
{
	char out[256];

	ck_assert_int_eq(ldap_filter_expand(TMPL, cases[_i].value, cases[_i].len,
	    out, sizeof out), 0);
	ck_assert_msg(strcmp(out, cases[_i].want) == 0, "%s: got %s, want %s",
	    cases[_i].label, out, cases[_i].want);
}
END_TEST

START_TEST(test_percent_and_overflow)
{
	char out[64], big[301];

	ck_assert_int_eq(ldap_filter_expand("(a=%s%%)", "x", 1, out, sizeof out), 0);
	ck_assert_str_eq(out, "(a=x%)");
	memset(big, '*', 300);
	big[300] = '\0';
	/* 300 stars need 900 bytes escaped: must fail, never truncate. */
	ck_assert_int_eq(ldap_filter_expand(TMPL, big, 300, out, sizeof out), -1);
	ck_assert_int_eq(ldap_filter_escape("((", 2, out, 6), -1);
	ck_assert_int_eq(ldap_filter_escape("((", 2, out, 7), 6);
	/* no room even for the terminator: refused, nothing written */
	out[0] = 'x';
	ck_assert_int_eq(ldap_filter_escape("", 0, out, 0), -1);
	ck_assert_int_eq(out[0], 'x');
	ck_assert_int_eq(ldap_filter_escape("ab", 2, out, 2), -1);
	ck_assert_int_eq(ldap_filter_escape("ab", 2, out, 3), 2);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ldap_filter");
	TCase *tc = tcase_create("escape");

	tcase_add_loop_test(tc, test_expand, 0, sizeof cases / sizeof cases[0]);
	tcase_add_test(tc, test_percent_and_overflow);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
