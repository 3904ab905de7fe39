/*
 * leakguardctl.c - the staff and incident command line.  A table maps each
 * command to its handler; handlers use the store, the directory and the
 * pipeline through their own interfaces and never touch SQL or LDAP
 * themselves.
 *
 *	leakguardctl [-c FILE] list [--status S] [--json]
 *	leakguardctl [-c FILE] scan MAIL.eml --rcpt ADDR... [--from ADDR]
 *	    [--client IP] [--json]
 *
 * Exit status: scan: 0 pass, 1 hold, 2 error (tempfail included); other
 * commands: 0 success, 2 error.  Each command's handler lives in a file of
 * its own (ctl_scan.c ...) when it is more than a screen long.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "config.h"
#include "content.h"
#include "ctl.h"
#include "json.h"
#include "log.h"
#include "store.h"

#ifndef LG_SYSCONFDIR
#define LG_SYSCONFDIR "/etc"
#endif
#define DEFAULT_CONFIG	LG_SYSCONFDIR "/leakguard/leakguard.conf"

static int ctl_do_list(struct lg_config *, int, char **);

static const struct ctl_command ctl_commands[] = {
	{ "list", ctl_do_list, "list [--status STATUS] [--json]" },
	{ "scan", ctl_do_scan, "scan MAIL.eml --rcpt ADDR [--rcpt ADDR...] "
	  "[--from ADDR] [--client IP] [--json]\n"
	  "       leakguardctl scan --batch FILE... | -" },
};

_Noreturn void
usage(void)
{
	size_t i;

	fprintf(stderr, "usage: leakguardctl [-c config] command [options]\n");
	for (i = 0; i < sizeof ctl_commands / sizeof ctl_commands[0]; i++)
		fprintf(stderr, "       leakguardctl %s\n", ctl_commands[i].cmd_usage);
	exit(EXIT_ERROR);
}

struct list_arg {
	int	json;
	int	count;
};

/* cut - s cut to width columns (bytes), with "~" marking a cut */
static void
print_cut(const char *s, int width)
{
	int len = (int)strlen(s);

	if (len <= width)
		printf("%-*s", width, s);
	else
		printf("%.*s~", width - 1, s);
}

static int
list_row(void *arg, const struct lg_store_row *r)
{
	struct list_arg *la = arg;

	if (la->json) {
		printf("%s{\"id\":%lld", la->count ? ",\n" : "", (long long)r->row_id);
		json_member(stdout, "created", r->row_created, 1);
		json_member(stdout, "host", r->row_host, 1);
		json_member(stdout, "queue_id", r->row_queue_id, 1);
		json_member(stdout, "message_id", r->row_message_id, 1);
		json_member(stdout, "sender", r->row_sender, 1);
		json_member(stdout, "recipients", r->row_recipients, 1);
		json_member(stdout, "customer_id", r->row_customer_id, 1);
		json_member(stdout, "customer_name", r->row_customer_name, 1);
		json_member(stdout, "expected", r->row_expected, 1);
		json_member(stdout, "action", r->row_action, 1);
		json_member(stdout, "reason", r->row_reason, 1);
		json_member(stdout, "rules", r->row_rules, 1);
		json_member(stdout, "excerpt", r->row_excerpt, 1);
		json_member(stdout, "subject", r->row_subject, 1);
		json_member(stdout, "details", r->row_details, 1);
		json_member(stdout, "status", r->row_status, 1);
		putchar('}');
	} else {
		/* 5+1+11+1+16+1+18+1+10+1+15 = 80 columns */
		printf("%5lld ", (long long)r->row_id);
		/* "2026-11-23T06:33:12Z" shown as "11-23 06:33" */
		printf("%-5.5s %-5.5s ", strlen(r->row_created) >= 16 ?
		    r->row_created + 5 : r->row_created,
		    strlen(r->row_created) >= 16 ? r->row_created + 11 : "");
		print_cut(r->row_queue_id, 16);
		putchar(' ');
		print_cut(r->row_reason, 18);
		putchar(' ');
		print_cut(r->row_customer_id, 10);
		putchar(' ');
		print_cut(r->row_recipients, 15);
		putchar('\n');
	}
	la->count++;
	return 0;
}

/* ctl_do_list - rows of the store, held mail by default */
static int
ctl_do_list(struct lg_config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct list_arg la = { 0, 0 };
	const char *status = "held";
	struct lg_store *st;
	char err[512];
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			status = strcmp(optarg, "all") == 0 ? NULL : optarg;
			break;
		case 'j':
			la.json = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if ((st = store_open(cfg->cfg_database, 0, err, sizeof err)) == NULL) {
		fprintf(stderr, "leakguardctl: %s\n", err);
		return EXIT_ERROR;
	}
	if (la.json)
		printf("[");
	else
		printf("%5s %-11s %-16s %-18s %-10s %s\n", "ID", "TIME (UTC)",
		    "QUEUE ID", "REASON", "CUSTOMER", "RECIPIENTS");
	rc = store_list(st, status, list_row, &la, err, sizeof err);
	if (la.json)
		printf("]\n");
	store_close(st);
	if (rc == -1) {
		fprintf(stderr, "leakguardctl: %s\n", err);
		return EXIT_ERROR;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	const char *conffile = DEFAULT_CONFIG;
	struct lg_config *cfg;
	size_t i;
	int ch, rc;

	while ((ch = getopt(argc, argv, "+c:")) != -1) {
		switch (ch) {
		case 'c':
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
	log_init("leakguardctl", 1, 0);
	if ((cfg = config_load(conffile, stderr)) == NULL) {
		fprintf(stderr, "leakguardctl: %s: configuration has errors\n",
		    conffile);
		return EXIT_ERROR;
	}
	optind = 0;	/* glibc: restart getopt on the sub-command */
	content_init();
	rc = ctl_commands[i].cmd_fn(cfg, argc, argv);
	content_shutdown();
	config_free(cfg);
	return rc;
}
