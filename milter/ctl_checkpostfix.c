/*
 * ctl_checkpostfix.c - "leakguardctl check-postfix [-c POSTFIX_CONF_DIR]":
 * read the Postfix configuration as Postfix reads it ("postconf -x" and
 * "postconf -xP", run by postfix.c with an argument vector) and print every
 * path by which mail could bypass or outrun leakguard, each with its fix.
 * What counts as a bypass is pfaudit.c's.
 *
 * Exit status: 0 no finding, 1 findings, 2 postconf could not be read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ctl.h"
#include "pfaudit.h"
#include "termsafe.h"

static void
print_finding(void *arg, const char *where, const char *what, const char *fix)
{
	char a[256], b[1024], c[1024];

	(void)arg;
	printf("%s: %s\n    fix: %s\n", termsafe(a, sizeof a, where),
	    termsafe(b, sizeof b, what), termsafe(c, sizeof c, fix));
}

int
ctl_do_check_postfix(struct lg_config *cfg, int argc, char **argv)
{
	const char *confdir = cfg->cfg_postfix_config_directory;
	struct pfaudit_input in = { .pa_socket = cfg->cfg_socket,
	    .pa_budget = cfg->cfg_ldap_timeout };
	char *main_cf = NULL, *services = NULL, err[512];
	int ch, n, rc = EXIT_ERROR;

	while ((ch = getopt(argc, argv, "c:")) != -1) {
		switch (ch) {
		case 'c':
			if (ctl_privileged()) {
				fprintf(stderr, "leakguardctl: check-postfix -c "
				    "is refused under sudo: it reads %s\n",
				    confdir);
				return EXIT_ERROR;
			}
			confdir = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (postfix_postconf(confdir, "-x", &main_cf, err, sizeof err) == -1 ||
	    postfix_postconf(confdir, "-xP", &services, err, sizeof err) == -1) {
		fprintf(stderr, "leakguardctl: %s: %s\n", confdir, err);
		goto out;
	}
	in.pa_main = main_cf;
	in.pa_services = services;
	n = pfaudit_run(&in, print_finding, NULL);
	if (n == 0)
		printf("%s: no path around leakguard found\n", confdir);
	else
		printf("%s: %d finding%s\n", confdir, n, n == 1 ? "" : "s");
	rc = n == 0 ? 0 : EXIT_FOUND;
out:
	free(main_cf);
	free(services);
	return rc;
}
