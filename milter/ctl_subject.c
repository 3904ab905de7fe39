/*
 * ctl_subject.c - "leakguardctl subject CUSTOMER_ID": a data subject's
 * requests.  Without options it lists every record that names the
 * customer (an access request; --json for the answer to send); with
 * --erase --reason TEXT (staff only) it removes them, each with an
 * "erase" audit row; refused while any of them is still held, since that
 * mail must be released or deleted first.
 *
 * Errors are printed here; the exit status is 0 or EXIT_ERROR.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"

/* ctl_do_subject - access and erasure requests */
int
ctl_do_subject(struct lg_config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "erase", no_argument, NULL, 'e' },
		{ "reason", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct lg_store_filter f = { 0 };
	const char *actor = ctl_actor(), *reason = NULL, *id;
	struct lg_store *st = NULL;
	char err[512];
	int ch, json = 0, erase = 0, rc = EXIT_ERROR;
	long count;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'j': json = 1; break;
		case 'e': erase = 1; break;
		case 'r': reason = optarg; break;
		default: usage();
		}
	}
	if (optind + 1 != argc || (reason != NULL && !erase))
		usage();
	id = argv[optind];
	if (*id == '\0') {
		fprintf(stderr, "leakguardctl: subject: empty customer id\n");
		return EXIT_ERROR;
	}
	f.sf_customer = id;
	if (!erase) {
		if ((st = ctl_store_open(cfg)) == NULL)
			return EXIT_ERROR;
		rc = ctl_print_rows(st, &f, json) == -1 ? EXIT_ERROR : 0;
		store_close(st);
		return rc;
	}
	if (reason == NULL || *reason == '\0') {
		fprintf(stderr, "leakguardctl: subject --erase: --reason TEXT is "
		    "required (it goes into the audit trail)\n");
		return EXIT_ERROR;
	}
	if (ctl_require_staff(cfg, actor) == -1 ||
	    (st = ctl_store_open(cfg)) == NULL)
		goto out;
	if (store_erase(st, id, actor, reason, &count, err, sizeof err) == -1) {
		fprintf(stderr, "leakguardctl: subject %s: %s\n", id, err);
		goto out;
	}
	printf("erased: %ld record(s) naming customer %s, by %s\n", count, id,
	    actor);
	rc = 0;
out:
	store_close(st);
	return rc;
}
