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
 * commands: 0 success, 2 error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "config.h"
#include "directory.h"
#include "json.h"
#include "log.h"
#include "message.h"
#include "pipeline.h"
#include "rules.h"
#include "store.h"

#ifndef LG_SYSCONFDIR
#define LG_SYSCONFDIR "/etc"
#endif
#define DEFAULT_CONFIG	LG_SYSCONFDIR "/leakguard/leakguard.conf"
#define EXIT_ERROR	2

struct ctl_command {
	const char	*cmd_name;
	int		(*cmd_fn)(struct lg_config *, int, char **);
	const char	*cmd_usage;
};

static int ctl_do_list(struct lg_config *, int, char **);
static int ctl_do_scan(struct lg_config *, int, char **);

static const struct ctl_command ctl_commands[] = {
	{ "list", ctl_do_list, "list [--status STATUS] [--json]" },
	{ "scan", ctl_do_scan, "scan MAIL.eml --rcpt ADDR [--rcpt ADDR...] "
	  "[--from ADDR] [--client IP] [--json]" },
};

static void
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

/* print_scan_json - the scan result as one JSON object */
static void
print_scan_json(const struct lg_runtime *rt, const struct lg_result *res)
{
	size_t i;

	printf("{");
	json_member(stdout, "verdict", lg_action_name(res->res_verdict.v_action), 0);
	json_member(stdout, "reason", lg_reason_name(res->res_verdict.v_reason), 1);
	json_member(stdout, "customer", res->res_binding.bind_state ==
	    LG_BIND_NONE ? NULL : res->res_binding.bind_id, 1);
	json_member(stdout, "customer_name", res->res_record.rec_name, 1);
	printf(",\"expected\":[");
	for (i = 0; i < res->res_record.rec_naddrs; i++) {
		if (i)
			putchar(',');
		json_string(stdout, res->res_record.rec_addrs[i]);
	}
	printf("],\"hits\":[");
	for (i = 0; i < res->res_hits.count; i++) {
		const struct lg_hit *h = &res->res_hits.hits[i];

		printf("%s{", i ? "," : "");
		json_member(stdout, "rule", rules_name(rt->rt_rules, h->hit_rule), 0);
		json_member(stdout, "kind", lg_kind_name(h->hit_kind), 1);
		json_member(stdout, "source", h->hit_source, 1);
		json_member(stdout, "excerpt", h->hit_excerpt, 1);
		putchar('}');
	}
	printf("]");
	json_member(stdout, "subject", res->res_subject, 1);
	json_member(stdout, "error", res->res_error[0] ? res->res_error : NULL, 1);
	printf("}\n");
}

static void
print_scan_text(const struct lg_runtime *rt, const struct lg_result *res)
{
	size_t i;

	printf("verdict: %s\n", lg_action_name(res->res_verdict.v_action));
	printf("reason: %s\n", lg_reason_name(res->res_verdict.v_reason));
	if (res->res_binding.bind_state != LG_BIND_NONE)
		printf("customer: %s%s%s\n", res->res_binding.bind_id,
		    res->res_binding.bind_state == LG_BIND_CONFLICT ? " vs " : "",
		    res->res_binding.bind_state == LG_BIND_CONFLICT ?
		    res->res_binding.bind_other : "");
	if (res->res_record.rec_name != NULL)
		printf("customer_name: %s\n", res->res_record.rec_name);
	for (i = 0; i < res->res_record.rec_naddrs; i++)
		printf("expected: %s\n", res->res_record.rec_addrs[i]);
	for (i = 0; i < res->res_hits.count; i++) {
		const struct lg_hit *h = &res->res_hits.hits[i];

		printf("hit: %s %s %s \"%s\"\n", rules_name(rt->rt_rules, h->hit_rule),
		    lg_kind_name(h->hit_kind), h->hit_source, h->hit_excerpt);
	}
	if (res->res_binding_headers > 0 && !res->res_binding_trusted)
		printf("note: binding header ignored (client not trusted)\n");
	if (res->res_error[0])
		printf("error: %s\n", res->res_error);
}

/* ctl_do_scan - the daemon's pipeline, offline, on one file */
static int
ctl_do_scan(struct lg_config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rcpt", required_argument, NULL, 'r' },
		{ "from", required_argument, NULL, 'f' },
		{ "client", required_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct lg_runtime rt = { .rt_cfg = cfg };
	struct lg_result res;
	struct lg_msg *msg;
	FILE *fp;
	char err[512];
	int ch, json = 0, rc = EXIT_ERROR;

	if ((msg = message_new(cfg->cfg_max_scan_size)) == NULL) {
		fprintf(stderr, "leakguardctl: out of memory\n");
		return EXIT_ERROR;
	}
	memset(&res, 0, sizeof res);
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			if (message_add_rcpt(msg, optarg) == -1)
				goto out;
			break;
		case 'f':
			if (message_set_address(&msg->msg_sender, optarg) == -1)
				goto out;
			break;
		case 'a':
			if (message_set(&msg->msg_client_addr, optarg) == -1)
				goto out;
			break;
		case 'j':
			json = 1;
			break;
		default:
			usage();
		}
	}
	if (optind + 1 != argc || msg->msg_nrcpts == 0)
		usage();
	if ((fp = fopen(argv[optind], "r")) == NULL) {
		fprintf(stderr, "leakguardctl: %s: %m\n", argv[optind]);
		goto out;
	}
	if (message_read_file(msg, fp) == -1) {
		fprintf(stderr, "leakguardctl: %s: read error\n", argv[optind]);
		fclose(fp);
		goto out;
	}
	fclose(fp);
	if ((rt.rt_rules = rules_load_dir(cfg->cfg_rules_dir, stderr)) == NULL)
		goto out;
	if ((rt.rt_dir = directory_new(cfg, err, sizeof err)) == NULL) {
		fprintf(stderr, "leakguardctl: directory: %s\n", err);
		goto out;
	}
	if (pipeline_judge(&rt, msg, &res) == -1) {
		fprintf(stderr, "leakguardctl: out of memory\n");
		goto out;
	}
	if (json)
		print_scan_json(&rt, &res);
	else
		print_scan_text(&rt, &res);
	rc = res.res_verdict.v_action == LG_ACTION_PASS ? 0 :
	    res.res_verdict.v_action == LG_ACTION_HOLD ? 1 : EXIT_ERROR;
out:
	pipeline_result_clear(&res);
	directory_free(rt.rt_dir);
	rules_free(rt.rt_rules);
	message_free(msg);
	return rc;
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
	rc = ctl_commands[i].cmd_fn(cfg, argc, argv);
	config_free(cfg);
	return rc;
}
