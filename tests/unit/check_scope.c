/*
 * check_scope.c - unit tests for the scope stage: which mail is judged
 * (scope_senders, scope_clients, scope_sasl_users; any list that is set
 * widens the scope) and the config errors for a bad sender entry.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "scope.h"
#include "unit.h"

/* load - a config from text (plus the required keys); errs gets the errors */
static struct lg_config *
load(const char *text, char *errs, size_t errlen)
{
	char path[] = "/tmp/check_scope.XXXXXX";
	int fd = mkstemp(path);
	struct lg_config *cfg;
	FILE *err = fmemopen(errs, errlen, "w");

	ck_assert_int_ne(fd, -1);
	ck_assert_ptr_nonnull(err);
	dprintf(fd, "ldap_uri ldap://127.0.0.1\nldap_base dc=x\n%s", text);
	close(fd);
	cfg = config_load(path, err);
	fclose(err);
	unlink(path);
	return cfg;
}

static const struct {
	const char *label, *conf, *sender, *client, *sasl;
	bool want;
} cases[] = {
	{ "no lists: all mail", "", "staff@corp.example", "10.1.1.1", NULL, true },
	{ "no lists: null sender", "", "", NULL, NULL, true },
	{ "exact sender", "scope_senders noreply@bank.example\n",
	  "noreply@bank.example", "10.1.1.1", NULL, true },
	{ "exact sender, domain case", "scope_senders noreply@bank.example\n",
	  "NoReply@BANK.example", NULL, NULL, true },
	{ "exact sender, other local part", "scope_senders noreply@bank.example\n",
	  "staff@bank.example", NULL, NULL, false },
	{ "exact sender, with extension", "scope_senders noreply@bank.example\n"
	  "recipient_delimiter +\n", "noreply+pin@bank.example", NULL, NULL, true },
	{ "@domain", "scope_senders @bank.example, @other.example\n",
	  "anyone@other.example", NULL, NULL, true },
	{ "@domain is not a subdomain", "scope_senders @bank.example\n",
	  "x@mail.bank.example", NULL, NULL, false },
	{ "@domain: a look-alike suffix", "scope_senders @bank.example\n",
	  "x@evilbank.example", NULL, NULL, false },
	{ "@domain, IDNA form", "scope_senders @pänkki.example\n",
	  "x@xn--pnkki-gra.example", NULL, NULL, true },
	{ "null sender is out", "scope_senders @bank.example\n", "", NULL,
	  NULL, false },
	{ "unparsable sender is out", "scope_senders @bank.example\n",
	  "not an address", NULL, NULL, false },
	{ "client in range", "scope_clients 192.0.2.0/24 2001:db8::/32\n",
	  "staff@corp.example", "192.0.2.99", NULL, true },
	{ "client v6 in range", "scope_clients 192.0.2.0/24 2001:db8::/32\n",
	  "staff@corp.example", "2001:db8::5", NULL, true },
	{ "client outside", "scope_clients 192.0.2.0/24\n",
	  "staff@corp.example", "198.51.100.1", NULL, false },
	{ "client unknown", "scope_clients 192.0.2.0/24\n",
	  "staff@corp.example", NULL, NULL, false },
	{ "sasl exact", "scope_sasl_users confirm-app, otp-app\n",
	  "x@corp.example", "10.0.0.1", "otp-app", true },
	{ "sasl prefix is not it", "scope_sasl_users confirm-app\n",
	  "x@corp.example", "10.0.0.1", "confirm", false },
	{ "sasl case matters", "scope_sasl_users confirm-app\n",
	  "x@corp.example", "10.0.0.1", "Confirm-App", false },
	{ "sasl none", "scope_sasl_users confirm-app\n",
	  "x@corp.example", "10.0.0.1", NULL, false },
	{ "lists widen: client matches, sender not",
	  "scope_senders @bank.example\nscope_clients 192.0.2.0/24\n",
	  "staff@corp.example", "192.0.2.1", NULL, true },
	{ "lists widen: sasl matches, client not",
	  "scope_clients 192.0.2.0/24\nscope_sasl_users app\n",
	  "staff@corp.example", "10.9.9.9", "app", true },
	{ "lists widen: none matches",
	  "scope_senders @bank.example\nscope_clients 192.0.2.0/24\n"
	  "scope_sasl_users app\n", "staff@corp.example", "10.9.9.9", "bob",
	  false },
	{ "blank list is no list", "scope_senders  \n", "x@y.example", NULL,
	  NULL, true },
};

START_TEST(test_scope)
{
	char errs[1024] = "";
	struct lg_config *cfg = load(cases[_i].conf, errs, sizeof errs);

	ck_assert_msg(cfg != NULL, "%s: %s", cases[_i].label, errs);
	ck_assert_msg(scope_in(cfg, cases[_i].sender, cases[_i].client,
	    cases[_i].sasl) == cases[_i].want, "%s", cases[_i].label);
	config_free(cfg);
}
END_TEST

static const struct {
	const char *conf, *want;
} bad[] = {
	{ "scope_senders noreply\n", "scope_senders: \"noreply\" is neither" },
	{ "scope_senders @bank.example, bank.example\n",
	  "scope_senders: \"bank.example\" is neither" },
	{ "scope_senders @\n", "scope_senders: \"@\" is neither" },
	{ "scope_clients 192.0.2.0/33\n", "scope_clients: " },
};

START_TEST(test_bad)
{
	char errs[1024] = "";
	struct lg_config *cfg = load(bad[_i].conf, errs, sizeof errs);

	ck_assert_ptr_null(cfg);
	ck_assert_msg(strstr(errs, ":3: ") != NULL, "no file:line in %s", errs);
	ck_assert_msg(strstr(errs, bad[_i].want) != NULL, "want %s in %s",
	    bad[_i].want, errs);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("scope");
	TCase *tc = tcase_create("scope");

	tcase_add_loop_test(tc, test_scope, 0, sizeof cases / sizeof cases[0]);
	tcase_add_loop_test(tc, test_bad, 0, sizeof bad / sizeof bad[0]);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
