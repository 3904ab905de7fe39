/*
 * leakguardctl.c - the staff and incident command line.  A table maps each
 * command to its handler, in the order of leakguardctl(8); each handler
 * lives in a ctl_*.c file of its own and uses the store, Postfix's queue
 * tools, the directory and the pipeline through their own interfaces,
 * never SQL or LDAP directly.  Who acts, and whether they may, is decided
 * in ctl_common.c.
 *
 * Under privileges lent by sudo (or doas, pkexec, a set-id install:
 * ctl_privileged()) the staff get the staff commands and nothing more:
 * -c is refused, no environment variable names another configuration, and
 * the compiled-in configuration, the rules, Postfix's configuration
 * directory and the key, password and CA files are used only if root owns
 * them and no one else can write them (config_check_trust()).
 *
 * Exit status: scan: 0 pass, 1 hold, 2 error (tempfail included); audit
 * verify and reconcile: 1 when they found something; other commands:
 * 0 success, 2 error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "config.h"
#include "content.h"
#include "filesafe.h"
#include "ctl.h"
#include "json.h"
#include "log.h"
#include "store.h"

#ifndef LG_SYSCONFDIR
#define LG_SYSCONFDIR "/etc"
#endif
#define DEFAULT_CONFIG	LG_SYSCONFDIR "/leakguard/leakguard.conf"

static const struct ctl_command ctl_commands[] = {
	{ "list", ctl_do_list, "list [--status STATUS|all] [--since AGE|DATE] "
	  "[--reason REASON] [--customer ID] [--json]", 0 },
	{ "show", ctl_do_show, "show ID [--json]", 0 },
	{ "release", ctl_do_release, "release ID --reason TEXT", 0 },
	{ "approve", ctl_do_approve, "approve ID --reason TEXT", 0 },
	{ "delete", ctl_do_delete, "delete ID --reason TEXT", 0 },
	{ "expire", ctl_do_expire, "expire --older-than AGE", 0 },
	{ "reconcile", ctl_do_reconcile, "reconcile [--fix]", 0 },
	{ "subject", ctl_do_subject, "subject CUSTOMER_ID [--json] "
	  "[--erase --reason TEXT]", 0 },
	{ "audit", ctl_do_audit, "audit verify [--head SEQ:HASH] | "
	  "audit list [--record ID] [--json]", 0 },
	{ "report", ctl_do_report, "report --since DATE|AGE --until DATE|AGE|now "
	  "--format csv|json|html\n"
	  "           [--out FILE] [--reason REASON] [--customer ID] "
	  "[--db FILE]... [--stale AGE] [--max-rows N]", 0 },
	{ "scan", ctl_do_scan, "scan MAIL.eml --rcpt ADDR [--rcpt ADDR...] "
	  "[--from ADDR] [--client IP] [--sasl LOGIN] [--json]\n"
	  "       leakguardctl scan --batch FILE... | -", 0 },
	{ "stats", ctl_do_stats, "stats [--prometheus]", 0 },
	{ "check-postfix", ctl_do_check_postfix, "check-postfix "
	  "[-c POSTFIX_CONF_DIR]", 0 },
	{ "web-action", ctl_do_web_action, "web-action  (leakguard-web's, "
	  "through sudo: one request on standard input)", 0 },
	{ "sign-binding", ctl_do_sign_binding, "sign-binding --key-file FILE "
	  "--id CUSTOMER_ID --rcpt ADDR [--rcpt ADDR...] [--time UNIXTIME]", 1 },
};

_Noreturn void
usage(void)
{
	size_t i;

	fprintf(stderr, "usage: leakguardctl [-c config] command [options]\n"
	    "       (default config: %s)\n", DEFAULT_CONFIG);
	for (i = 0; i < sizeof ctl_commands / sizeof ctl_commands[0]; i++)
		fprintf(stderr, "       leakguardctl %s\n", ctl_commands[i].cmd_usage);
	exit(EXIT_ERROR);
}

int
main(int argc, char *argv[])
{
	const char *conffile = DEFAULT_CONFIG;
	struct lg_config *cfg;
	char err[1024];
	size_t i;
	int ch, rc, lent = ctl_privileged();

	while ((ch = getopt(argc, argv, "+c:")) != -1) {
		switch (ch) {
		case 'c':
			if (lent) {
				fprintf(stderr, "leakguardctl: -c is refused "
				    "under sudo (or any lent privilege): the "
				    "staff commands use %s\n", DEFAULT_CONFIG);
				return EXIT_ERROR;
			}
			conffile = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	for (i = 0; i < sizeof ctl_commands / sizeof ctl_commands[0]; i++)
		if (strcmp(argv[0], ctl_commands[i].cmd_name) == 0)
			break;
	if (i == sizeof ctl_commands / sizeof ctl_commands[0])
		usage();
	log_init("leakguardctl", 1, 0, 0);
	if (ctl_commands[i].cmd_no_config) {
		optind = 0;
		return ctl_commands[i].cmd_fn(NULL, argc, argv);
	}
	/* Under lent privileges, trust the file before reading a line. */
	if (lent && filesafe_check(conffile, FILESAFE_FILE, filesafe_owner(),
	    err, sizeof err) == -1) {
		fprintf(stderr, "leakguardctl: %s: not trusted under sudo: it and "
		    "every directory above it must be owned by root and not "
		    "writable by group or others\n", err);
		return EXIT_ERROR;
	}
	if ((cfg = config_load(conffile, stderr)) == NULL) {
		fprintf(stderr, "leakguardctl: %s: configuration has errors\n",
		    conffile);
		return EXIT_ERROR;
	}
	if (lent && config_check_trust(cfg, filesafe_owner(), stderr) != 0) {
		fprintf(stderr, "leakguardctl: %s: refused under sudo\n",
		    conffile);
		config_free(cfg);
		return EXIT_ERROR;
	}
	optind = 0;	/* glibc: restart getopt on the sub-command */
	content_init();
	rc = ctl_commands[i].cmd_fn(cfg, argc, argv);
	content_shutdown();
	config_free(cfg);
	return rc;
}
