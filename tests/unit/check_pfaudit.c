/*
 * check_pfaudit.c - unit tests for the Postfix bypass audit over fixed
 * "postconf -x" / "postconf -xP" texts: milter lists (chroot path, inet
 * forms, "{ ... }" groups), per-service overrides, time units.
 */
#include <check.h>
#include <string.h>

#include "pfaudit.h"
#include "unit.h"

#define CLEAN	"queue_directory = /var/spool/postfix\n" \
		"enable_long_queue_ids = yes\n" \
		"milter_content_timeout = 300s\n" \
		"milter_default_action = tempfail\n"

static char seen[4096];

static void
collect(void *arg, const char *where, const char *what, const char *fix)
{
	(void)arg;
	strncat(seen, where, sizeof seen - strlen(seen) - 1);
	strncat(seen, ": ", sizeof seen - strlen(seen) - 1);
	strncat(seen, what, sizeof seen - strlen(seen) - 1);
	strncat(seen, " | ", sizeof seen - strlen(seen) - 1);
	strncat(seen, fix, sizeof seen - strlen(seen) - 1);
	strncat(seen, "\n", sizeof seen - strlen(seen) - 1);
}

static const struct {
	const char *label, *sock, *main_cf, *services, *want;
	int n;
} cases[] = {
	{ "chroot path", "unix:/var/spool/postfix/lg/s",
	  CLEAN "smtpd_milters = unix:/lg/s\nnon_smtpd_milters = unix:/lg/s\n",
	  "", NULL, 0 },
	{ "full path", "unix:/var/spool/postfix/lg/s",
	  CLEAN "smtpd_milters = unix:/var/spool/postfix/lg/s\n"
	  "non_smtpd_milters = unix:/lg/s, inet:x:1\n", "", NULL, 0 },
	{ "another path is not it", "unix:/run/lg/s",
	  CLEAN "smtpd_milters = unix:/lg/s\nnon_smtpd_milters = unix:/run/lg/s\n",
	  "", "main.cf: smtpd_milters does not list leakguard", 1 },
	{ "a path that only starts alike", "unix:/lg/s",
	  CLEAN "smtpd_milters = unix:/lg/s2\nnon_smtpd_milters = unix:/lg/s\n",
	  "", "smtpd_milters does not list", 1 },
	{ "inet forms", "inet:99@127.0.0.1",
	  CLEAN "smtpd_milters = inet:127.0.0.1:99\n"
	  "non_smtpd_milters = inet:localhost:99\n", "", NULL, 0 },
	{ "inet other port", "inet:99@127.0.0.1",
	  CLEAN "smtpd_milters = inet:127.0.0.1:999\n"
	  "non_smtpd_milters = inet:localhost:99\n", "", "smtpd_milters does not", 1 },
	{ "group, accept on another milter is not ours", "unix:/a",
	  CLEAN "smtpd_milters = { unix:/b, default_action=accept }, unix:/a\n"
	  "non_smtpd_milters = { unix:/a, command_timeout=60s }\n", "", NULL, 0 },
	{ "group, accept on ours", "unix:/a",
	  CLEAN "smtpd_milters = unix:/a\n"
	  "non_smtpd_milters = {unix:/a,default_action=accept}\n", "",
	  "non_smtpd_milters gives leakguard default_action=accept", 1 },
	{ "timeout in minutes is long enough", "unix:/a",
	  "queue_directory = /q\nenable_long_queue_ids = yes\n"
	  "smtpd_milters = unix:/a\nnon_smtpd_milters = unix:/a\n"
	  "milter_content_timeout = 1m\n", "", NULL, 0 },
	{ "timeout equal to the budget", "unix:/a",
	  "queue_directory = /q\nenable_long_queue_ids = yes\n"
	  "smtpd_milters = unix:/a\nnon_smtpd_milters = unix:/a\n"
	  "milter_content_timeout = 30\n", "", "milter_content_timeout = 30 is "
	  "not longer", 1 },
	{ "service override drops milters", "unix:/a",
	  CLEAN "smtpd_milters = unix:/a\nnon_smtpd_milters = unix:/a\n",
	  "smtp/inet/syslog_name = postfix/smtp\n"
	  "submission/inet/smtpd_milters =\n"
	  "10025/inet/milter_default_action = accept\n",
	  "master.cf submission/inet: smtpd_milters does not list", 2 },
	{ "service override keeps ours", "unix:/a",
	  CLEAN "smtpd_milters = unix:/a\nnon_smtpd_milters = unix:/a\n",
	  "submission/inet/smtpd_milters = unix:/a, unix:/dkim\n", NULL, 0 },
	{ "no_milters among others", "unix:/a",
	  CLEAN "smtpd_milters = unix:/a\nnon_smtpd_milters = unix:/a\n",
	  "10025/inet/receive_override_options = no_header_body_checks,"
	  "no_milters\n", "master.cf 10025/inet: receive_override_options=no_milters", 1 },
	{ "no_milters is not no_milters_x", "unix:/a",
	  CLEAN "smtpd_milters = unix:/a\nnon_smtpd_milters = unix:/a\n"
	  "receive_override_options = no_address_mappings\n", "", NULL, 0 },
};

START_TEST(test_audit)
{
	struct pfaudit_input in = { .pa_main = cases[_i].main_cf,
	    .pa_services = cases[_i].services, .pa_socket = cases[_i].sock,
	    .pa_budget = 30 };
	int n;

	seen[0] = '\0';
	n = pfaudit_run(&in, collect, NULL);
	ck_assert_msg(n == cases[_i].n, "%s: %d findings: %s", cases[_i].label,
	    n, seen);
	if (cases[_i].want != NULL)
		ck_assert_msg(strstr(seen, cases[_i].want) != NULL, "%s: %s",
		    cases[_i].label, seen);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("pfaudit");
	TCase *tc = tcase_create("pfaudit");

	tcase_add_loop_test(tc, test_audit, 0, sizeof cases / sizeof cases[0]);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
