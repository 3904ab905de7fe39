/*
 * check_address.c - unit tests for address parsing and comparison.
 */
#include <check.h>
#include <string.h>

#include "address.h"
#include "unit.h"

static const char *const list[] = {
	"matti.meikalainen@example.fi", "Anna@Example.SE", "not-an-address",
	"liisa@xn--mkinen-bua.example", "pekka@m\xc3\xa4kinen.example",
	"\"john doe\"@example.org", "jane@example.org",
	"anna-maria.lahtinen@example.fi", "x+y@example.fi",
	"+ops@example.fi", "+ops@example.org",
};
#define NLIST (sizeof list / sizeof list[0])

static const struct {
	const char *label, *addr;
	int sensitive;
	const char *delim;
	int want;
} cases[] = {
	{ "exact", "matti.meikalainen@example.fi", 0, NULL, 1 },
	{ "angle brackets", "<matti.meikalainen@example.fi>", 0, NULL, 1 },
	{ "domain case", "<matti.meikalainen@EXAMPLE.FI>", 0, NULL, 1 },
	{ "local case, insensitive", "<Matti.Meikalainen@example.fi>", 0, NULL, 1 },
	{ "local case, sensitive", "<Matti.Meikalainen@example.fi>", 1, NULL, 0 },
	{ "list entry case", "<anna@example.se>", 0, NULL, 1 },
	{ "trailing dot", "<matti.meikalainen@example.fi.>", 0, NULL, 1 },
	{ "namesake", "<matti.m@example.net>", 0, NULL, 0 },
	{ "other domain", "<matti.meikalainen@example.net>", 0, NULL, 0 },
	{ "suffix trick", "<matti.meikalainen@example.fi.evil.test>", 0, NULL, 0 },
	{ "no domain", "<matti>", 0, NULL, -1 },
	{ "empty", "<>", 0, NULL, -1 },
	{ "unbalanced", "<matti@example.fi", 0, NULL, -1 },
	{ "unbalanced right", "matti@example.fi>", 0, NULL, -1 },
	{ "two ats unquoted", "<a@b@example.fi>", 0, NULL, -1 },
	{ "empty label", "<matti.meikalainen@example..fi>", 0, NULL, -1 },
	{ "blank in local", "<matti meikalainen@example.fi>", 0, NULL, -1 },
	{ "leading dot in local", "<.jane@example.org>", 0, NULL, -1 },
	{ "trailing dot in local", "<jane.@example.org>", 0, NULL, -1 },
	/* IDNA: A-label and U-label of one domain, any case */
	{ "A-label upper vs A-label", "<liisa@XN--MKINEN-BUA.example>", 0, NULL, 1 },
	{ "U-label vs A-label", "<liisa@m\xc3\xa4kinen.example>", 0, NULL, 1 },
	{ "U-label upper vs A-label", "<liisa@M\xc3\x84KINEN.EXAMPLE>", 0, NULL, 1 },
	{ "A-label vs U-label entry", "<pekka@xn--mkinen-bua.example>", 0, NULL, 1 },
	{ "other IDN domain", "<liisa@m\xc3\xb6kinen.example>", 0, NULL, 0 },
	{ "bad punycode", "<liisa@xn--.example>", 0, NULL, -1 },
	/* quoted local parts */
	{ "quoted entry, quoted rcpt", "<\"john doe\"@example.org>", 0, NULL, 1 },
	{ "quoted rcpt of atom entry", "<\"jane\"@example.org>", 0, NULL, 1 },
	{ "quoted escape", "<\"ja\\ne\"@example.org>", 0, NULL, 1 },
	{ "quoted at sign", "<\"jane@example.org\"@evil.test>", 0, NULL, 0 },
	{ "unterminated quote", "<\"jane@example.org>", 0, NULL, -1 },
	/* source route */
	{ "source route", "<@relay.test,@r2.test:jane@example.org>", 0, NULL, 1 },
	{ "source route without colon", "<@relay.test,jane@example.org>", 0, NULL, -1 },
	/* recipient_delimiter */
	{ "delimiter off", "<jane+news@example.org>", 0, NULL, 0 },
	{ "delimiter on", "<jane+news@example.org>", 0, "+", 1 },
	{ "delimiter set", "<jane-news@example.org>", 0, "+-", 1 },
	{ "delimiter not a prefix trick", "<janet+x@example.org>", 0, "+", 0 },
	{ "delimiter at start", "<+jane@example.org>", 0, "+", 0 },
	/* a delimiter at position 0 is part of the name: "+sales" is not
	 * "+ops" (both would be "" if it split there), "+ops+x" is "+ops" */
	{ "delimiter at start, other name", "<+sales@example.org>", 0, "+", 0 },
	{ "delimiter at start, then a tag", "<+ops+x@example.org>", 0, "+", 1 },
	/* a local part that is a prefix of a customer's is another mailbox */
	{ "prefix of local part", "<jan@example.org>", 0, NULL, 0 },
	{ "prefix of local part, delimiter", "<jan+x@example.org>", 0, "+", 0 },
	{ "local part longer", "<janet@example.org>", 0, NULL, 0 },
	/* only the recipient loses its extension, never the directory's */
	{ "delimited entry, whole", "<anna-maria.lahtinen@example.fi>", 0, "+-", 1 },
	{ "delimited entry, ext", "<anna-maria.lahtinen+news@example.fi>", 0, "+", 1 },
	{ "entry cut is no match", "<anna-liisa.virtanen@example.fi>", 0, "+-", 0 },
	{ "entry base is no match", "<anna@example.fi>", 0, "+-", 0 },
	{ "entry base + ext", "<anna+x@example.fi>", 0, "+-", 0 },
	{ "delimiter in entry", "<x+y@example.fi>", 0, "+", 1 },
	{ "entry's base is no match", "<x@example.fi>", 0, "+", 0 },
	{ "entry's other ext", "<x+z@example.fi>", 0, "+", 0 },
	{ "delimiter at start, then ext", "<+ops+x@example.fi>", 0, "+", 1 },
	{ "entry with delimiter at start", "<ops@example.fi>", 0, "+", 0 },
};

START_TEST(test_in_list)
{
	struct lg_address_policy pol = {
		.ap_local_case_sensitive = cases[_i].sensitive,
		.ap_delimiters = cases[_i].delim,
	};
	int got = address_in_list(cases[_i].addr, list, NLIST, &pol);

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
	ck_assert_int_eq(address_parse("<\"a b\"@M\xc3\x84KINEN.example>", &a), 0);
	ck_assert_str_eq(a.addr_local, "a b");
	ck_assert_str_eq(a.addr_domain, "xn--mkinen-bua.example");
}
END_TEST

static const struct {
	const char *in, *want_ascii, *want_unicode;
} forms[] = {
	{ "<Liisa@XN--MKINEN-BUA.example>", "Liisa@xn--mkinen-bua.example",
	  "Liisa@m\xc3\xa4kinen.example" },
	{ "liisa@m\xc3\xa4kinen.example.", "liisa@xn--mkinen-bua.example",
	  "liisa@m\xc3\xa4kinen.example" },
	{ "<jane@Example.ORG>", "jane@example.org", "jane@example.org" },
};

START_TEST(test_forms)
{
	char a[LG_ADDRESS_MAX * 2], u[LG_ADDRESS_MAX * 2];

	ck_assert_int_eq(address_forms(forms[_i].in, a, sizeof a, u, sizeof u), 0);
	ck_assert_msg(strcmp(a, forms[_i].want_ascii) == 0, "%s: got %s, want %s",
	    forms[_i].in, a, forms[_i].want_ascii);
	ck_assert_msg(strcmp(u, forms[_i].want_unicode) == 0, "%s: got %s, want %s",
	    forms[_i].in, u, forms[_i].want_unicode);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("address");
	TCase *tc = tcase_create("address");

	tcase_add_loop_test(tc, test_in_list, 0, sizeof cases / sizeof cases[0]);
	tcase_add_test(tc, test_parse);
	tcase_add_loop_test(tc, test_forms, 0, sizeof forms / sizeof forms[0]);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
