/*
 * ctl_audit.c - "leakguardctl audit verify|list": the audit trail.  verify
 * walks the hash chain (audit.c) and names every row that was edited,
 * deleted or reordered; it prints the head as SEQ:HASH, which an operator
 * can keep elsewhere and give back with --head to catch a rewrite of the
 * whole chain up to that row (rows added since are normal growth).  list
 * prints the rows, with the configuration each was written under.
 *
 * Exit status: 0, EXIT_FOUND when verify found tampering, EXIT_ERROR.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "ctl.h"
#include "json.h"
#include "termsafe.h"

struct verify_arg {
	struct lg_audit_check	va_check;
};

static int
verify_row(void *arg, const struct lg_audit_row *r)
{
	struct verify_arg *va = arg;
	char err[256];

	if (audit_check_row(&va->va_check, r, err, sizeof err) == -1)
		printf("audit: %s\n", err);
	return 0;
}

struct list_arg {
	int	la_json;
	int64_t	la_record;
	int	la_count;
};

static int
list_row(void *arg, const struct lg_audit_row *r)
{
	struct list_arg *la = arg;
	char rec[32];

	if (la->la_record != 0 && r->au_record != la->la_record)
		return 0;
	snprintf(rec, sizeof rec, "%" PRId64, r->au_record);
	if (la->la_json) {
		printf("%s{\"seq\":%" PRId64, la->la_count ? ",\n" : "",
		    r->au_seq);
		json_member(stdout, "time", r->au_time, 1);
		json_member(stdout, "actor", r->au_actor, 1);
		json_member(stdout, "action", r->au_action, 1);
		printf(",\"record\":%s", rec);
		json_member(stdout, "reason", r->au_reason, 1);
		json_member(stdout, "config", r->au_config, 1);
		json_member(stdout, "hash", r->au_hash, 1);
		putchar('}');
	} else {
		char actor[256], reason[2048], config[4352];

		/* what was typed or stored may hold controls: made visible */
		printf("%5" PRId64 " %s %-12s %-9s %6s %s\n", r->au_seq,
		    r->au_time ? r->au_time : "",
		    termsafe(actor, sizeof actor, r->au_actor),
		    r->au_action ? r->au_action : "", rec,
		    termsafe(reason, sizeof reason, r->au_reason));
		if (r->au_config != NULL && *r->au_config != '\0')
			printf("      config %s\n", termsafe(config, sizeof config,
			    r->au_config));
	}
	la->la_count++;
	return 0;
}

/* ctl_do_audit - verify or list the audit trail */
int
ctl_do_audit(struct lg_config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "head", required_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "record", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct verify_arg va;
	struct list_arg la = { 0, 0, 0 };
	const char *head = NULL, *verb;
	struct lg_store *st;
	char err[512];
	int64_t issued;
	int ch, rc = EXIT_ERROR;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'h': head = optarg; break;
		case 'j': la.la_json = 1; break;
		case 'r':
			if (ctl_parse_id(optarg, &la.la_record) == -1)
				usage();
			break;
		default: usage();
		}
	}
	if (optind + 1 != argc)
		usage();
	verb = argv[optind];
	if (strcmp(verb, "verify") != 0 && strcmp(verb, "list") != 0)
		usage();
	if ((st = ctl_store_open(cfg)) == NULL)
		return EXIT_ERROR;
	if (strcmp(verb, "list") == 0) {
		if (la.la_json)
			printf("[");
		rc = store_audit_walk(st, list_row, &la, &issued, err, sizeof err);
		if (la.la_json)
			printf("]\n");
		if (rc == -1)
			fprintf(stderr, "leakguardctl: %s\n", err);
		store_close(st);
		return rc == -1 ? EXIT_ERROR : 0;
	}
	audit_check_init(&va.va_check);
	if (head != NULL && audit_check_head(&va.va_check, head) == -1) {
		fprintf(stderr, "leakguardctl: --head wants SEQ:HASH as audit "
		    "verify printed it (e.g. 42:644a...)\n");
		goto out;
	}
	if (store_audit_walk(st, verify_row, &va, &issued, err, sizeof err) == -1) {
		fprintf(stderr, "leakguardctl: %s\n", err);
		goto out;
	}
	if (audit_check_end(&va.va_check, issued, err, sizeof err) == -1)
		printf("audit: %s\n", err);
	if (va.va_check.ac_bad) {
		printf("audit: %" PRId64 " rows, %d problem(s): the audit trail "
		    "was tampered with\n", va.va_check.ac_rows, va.va_check.ac_bad);
		rc = EXIT_FOUND;
	} else {
		printf("audit: %" PRId64 " rows, chain intact%s, head %" PRId64
		    ":%s\n", va.va_check.ac_rows, head != NULL ?
		    " up to and past the checkpoint" : "", va.va_check.ac_seq,
		    va.va_check.ac_prev);
		rc = 0;
	}
out:
	store_close(st);
	return rc;
}
