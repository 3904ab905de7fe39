/*
 * check_config_check.c - unit tests for the checks across keys the daemon
 * makes at -t and at start: the directory link must be encrypted unless it
 * stays on this machine, and a loopback trusted client without signed
 * bindings is warned about.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char keypath[] = "/tmp/check_config_check.key.XXXXXX";

#include "config_check.h"
#include "unit.h"

/* load - a config from text; NULL fails the test */
static struct lg_config *
load(const char *text)
{
	char path[] = "/tmp/check_config_check.XXXXXX";
	int fd = mkstemp(path);
	struct lg_config *cfg;

	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	cfg = config_load(path, stderr);
	unlink(path);
	ck_assert_ptr_nonnull(cfg);
	return cfg;
}

static const struct {
	const char *label, *lines;
	int want;		/* URIs refused */
} links[] = {
	{ "loopback v4", "ldap_uri ldap://127.0.0.1:389/\n", 0 },
	{ "loopback 127/8", "ldap_uri ldap://127.1.2.3/\n", 0 },
	{ "loopback v6", "ldap_uri ldap://[::1]:389/\n", 0 },
	{ "localhost", "ldap_uri ldap://localhost/\n", 0 },
	{ "ldapi", "ldap_uri ldapi://%2Frun%2Fslapd%2Fldapi\n", 0 },
	{ "ldaps", "ldap_uri ldaps://ldap1.example.fi/\n", 0 },
	{ "starttls", "ldap_uri ldap://ldap1.example.fi/\nldap_starttls yes\n", 0 },
	{ "cleartext remote", "ldap_uri ldap://ldap1.example.fi/\n", 1 },
	{ "cleartext remote address", "ldap_uri ldap://10.0.0.5/\n", 1 },
	{ "v4-mapped remote", "ldap_uri ldap://[::ffff:10.0.0.5]/\n", 1 },
	{ "name that starts like loopback", "ldap_uri ldap://127.0.0.1.evil.test/\n", 1 },
	{ "default host", "ldap_uri ldap:///\n", 1 },
	{ "one of two", "ldap_uri ldaps://a.example.fi/ ldap://b.example.fi/\n", 1 },
	{ "simple bind, remote",
	  "ldap_uri ldap://ldap1.example.fi/\nldap_bind_dn cn=x,dc=example,dc=fi\n", 1 },
	{ "allowed in writing",
	  "ldap_uri ldap://ldap1.example.fi/\nldap_allow_cleartext yes\n", 0 },
	{ "not a URL", "ldap_uri http://ldap1.example.fi/\n", 1 },
};

START_TEST(test_link)
{
	char text[512];
	struct lg_config *cfg;
	FILE *err = tmpfile();
	int got;

	snprintf(text, sizeof text, "ldap_base dc=example,dc=fi\n%s",
	    links[_i].lines);
	cfg = load(text);
	got = config_check_link(cfg, err);
	ck_assert_msg(got == links[_i].want, "%s: got %d refused, want %d",
	    links[_i].label, got, links[_i].want);
	if (got > 0) {
		char line[1024] = "";

		rewind(err);
		ck_assert_ptr_nonnull(fgets(line, sizeof line, err));
		ck_assert_msg(strstr(line, ": ldap_uri: ") != NULL, "%s", line);
	}
	fclose(err);
	config_free(cfg);
}
END_TEST

static const struct {
	const char *label, *lines;
	int want;		/* warnings */
} warns[] = {
	{ "loopback trusted, no key", "trusted_clients 127.0.0.1\n", 1 },
	{ "loopback range trusted, no key", "trusted_clients 127.0.0.0/8\n", 1 },
	{ "v6 loopback trusted, no key", "trusted_clients ::1\n", 1 },
	{ "remote trusted only", "trusted_clients 10.20.0.0/24\n", 0 },
	{ "nobody trusted", "", 0 },
	{ "loopback trusted, signed", "trusted_clients 127.0.0.1\n"
	  "binding_key_file ", 0 },
};

START_TEST(test_warnings)
{
	char text[512];
	struct lg_config *cfg;
	FILE *out = tmpfile();

	size_t n = strlen(warns[_i].lines);

	/* A line ending in a blank is completed with the key file's path. */
	snprintf(text, sizeof text, "ldap_uri ldap://127.0.0.1/\n"
	    "ldap_base dc=example,dc=fi\n%s%s\n", warns[_i].lines,
	    n > 0 && warns[_i].lines[n - 1] == ' ' ? keypath : "");
	cfg = load(text);
	ck_assert_msg(config_check_warnings(cfg, out) == warns[_i].want,
	    "%s", warns[_i].label);
	fclose(out);
	config_free(cfg);
}
END_TEST

static void
key_setup(void)
{
	const char *key = "0123456789abcdef-test-key-0123456789\n";
	int fd = mkstemp(keypath);	/* mode 0600 */

	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, key, strlen(key)), (int)strlen(key));
	close(fd);
}

static void
key_teardown(void)
{
	unlink(keypath);
}

int
main(void)
{
	Suite *s = suite_create("config_check");
	TCase *tc = tcase_create("config_check");

	tcase_add_unchecked_fixture(tc, key_setup, key_teardown);
	tcase_add_loop_test(tc, test_link, 0, sizeof links / sizeof links[0]);
	tcase_add_loop_test(tc, test_warnings, 0, sizeof warns / sizeof warns[0]);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
