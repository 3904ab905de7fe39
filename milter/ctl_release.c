/*
 * ctl_release.c - "leakguardctl release" and "approve": a staff member lets
 * one held mail go.  Release checks the mail is still held and is the mail
 * the record was made for, looks the customer up again (the directory may
 * have been corrected since) and shows whether it now lists the
 * recipients, claims the record in SQLite so that of two concurrent
 * releases only one goes on, runs "postsuper -H" (the mail is delivered
 * without being judged again), and marks the record "released", with its
 * audit row, only when postsuper confirmed.  With release_approvals 2,
 * "approve" by one staff member must come first and "release" by another.
 *
 * Errors are printed here; the exit status is 0 or EXIT_ERROR.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "ctl.h"
#include "directory.h"
#include "postfix.h"
#include "termsafe.h"

/* show_directory - the customer's directory record now, and the verdict
 * on each recipient; informational: the decision is the staff's */
static void
show_directory(const struct lg_config *cfg, const struct lg_store_row *r)
{
	struct lg_address_policy policy = { false };
	struct lg_directory *dir;
	struct lg_record rec = { 0 };
	char err[512], **rcpts, cust[256], name[512], addr[1024];
	size_t i, n;

	if (r->row_customer_id[0] == '\0') {
		printf("directory: the mail is bound to no customer: nothing to "
		    "look up\n");
		return;
	}
	if ((dir = directory_new(cfg, err, sizeof err)) == NULL) {
		printf("directory: cannot ask (%s)\n", err);
		return;
	}
	/* the id came with the mail, the name from the directory: shown
	 * through termsafe() like every such string */
	termsafe(cust, sizeof cust, r->row_customer_id);
	switch (directory_lookup_customer(dir, r->row_customer_id, NULL, &rec, err,
	    sizeof err)) {
	case LG_DIR_FOUND:
		printf("directory: customer %s (%s) now has %zu address(es)\n",
		    cust, rec.rec_name ? termsafe(name, sizeof name,
		    rec.rec_name) : "no name", rec.rec_naddrs);
		if ((rcpts = config_split_list(r->row_recipients, &n)) == NULL)
			break;
		for (i = 0; i < n; i++) {
			int in = address_in_list(rcpts[i],
			    (const char *const *)rec.rec_addrs, rec.rec_naddrs,
			    &policy);

			printf("recipient %s: %s\n", termsafe(addr, sizeof addr,
			    rcpts[i]), in == 1 ?
			    "listed by the directory now" : in == 0 ?
			    "NOT listed by the directory" : "cannot be compared");
		}
		config_free_list(rcpts);
		break;
	case LG_DIR_NOT_FOUND:
		printf("directory: customer %s is not in the directory\n",
		    cust);
		break;
	case LG_DIR_AMBIGUOUS:
		printf("directory: customer %s has several entries\n",
		    cust);
		break;
	default:
		printf("directory: cannot ask (%s)\n", err);
		break;
	}
	record_clear(&rec);
	directory_free(dir);
}

/* refuse_status - why a record that is not "held" cannot be acted on */
static int
refuse_status(const struct lg_store_row *r, const char *verb)
{
	fprintf(stderr, "leakguardctl: record %lld is %s%s%s, not held: "
	    "nothing to %s\n", (long long)r->row_id, r->row_status,
	    r->row_decided_by[0] ? " by " : "", r->row_decided_by, verb);
	return EXIT_ERROR;
}

/* ctl_do_release - let one held mail go */
int
ctl_do_release(struct lg_config *cfg, int argc, char **argv)
{
	const char *actor = ctl_actor(), *reason;
	int approvals = (int)cfg->cfg_release_approvals;
	struct ctl_record cr = { 0 };
	struct lg_store_row *r = &cr.rec;
	struct lg_store *st = NULL;
	struct lg_queued q;
	char err[512];
	int64_t id;
	int rc = EXIT_ERROR, n;

	if (ctl_parse_decision(argc, argv, &id, &reason) == -1 ||
	    ctl_require_staff(cfg, actor) == -1 ||
	    (st = ctl_store_open(cfg)) == NULL ||
	    ctl_record_get(st, id, &cr) != 1)
		goto out;
	if (strcmp(r->row_status, STORE_HELD) != 0) {
		rc = refuse_status(r, "release");
		goto out;
	}
	if (approvals >= 2 && r->row_approved_by[0] == '\0') {
		fprintf(stderr, "leakguardctl: record %lld needs an approval "
		    "first (release_approvals %d): another staff member runs "
		    "\"leakguardctl approve %lld\"\n", (long long)id, approvals,
		    (long long)id);
		goto out;
	}
	if (approvals >= 2 && strcmp(r->row_approved_by, actor) == 0) {
		fprintf(stderr, "leakguardctl: record %lld was approved by %s: "
		    "another staff member must release it\n", (long long)id,
		    actor);
		goto out;
	}
	printf("record %lld: queue id %s, held since %s, reason %s\n",
	    (long long)id, r->row_queue_id, r->row_created, r->row_reason);
	if ((n = ctl_check_held(cfg, r, &q, err, sizeof err)) != 1) {
		fprintf(stderr, "leakguardctl: record %lld: %s%s\n", (long long)id,
		    err, n == 0 ? "; not released (see \"leakguardctl "
		    "reconcile\")" : "");
		goto out;
	}
	show_directory(cfg, r);
	if ((n = store_claim(st, id, STORE_HELD, "releasing", actor, approvals,
	    err, sizeof err)) != 1) {
		fprintf(stderr, "leakguardctl: record %lld: %s\n", (long long)id,
		    n == 0 ? "someone else is acting on it or has just done so; "
		    "not released" : err);
		goto out;
	}
	if ((n = postfix_release(cfg->cfg_postfix_config_directory,
	    r->row_queue_id, err, sizeof err)) != 1) {
		fprintf(stderr, "leakguardctl: record %lld: %s; the record stays "
		    "held\n", (long long)id, n == 0 ? "postsuper released "
		    "nothing (the mail left the hold queue meanwhile)" : err);
		if (store_claim(st, id, "releasing", STORE_HELD, actor, 1, err,
		    sizeof err) != 1)
			fprintf(stderr, "leakguardctl: record %lld: could not "
			    "mark it held again: %s\n", (long long)id, err);
		goto out;
	}
	if (store_finish(st, id, "releasing", "released", actor, "release",
	    reason, err, sizeof err) != 1) {
		fprintf(stderr, "leakguardctl: record %lld: the mail WAS released, "
		    "but the record could not be marked: %s; run \"leakguardctl "
		    "reconcile --fix\"\n", (long long)id, err);
		goto out;
	}
	printf("released: record %lld, queue id %s, by %s\n", (long long)id,
	    r->row_queue_id, actor);
	/* postsuper -H leaves it deferred: ask for delivery now. */
	if (postfix_deliver_now(cfg->cfg_postfix_config_directory,
	    r->row_queue_id, err, sizeof err) == -1)
		fprintf(stderr, "leakguardctl: record %lld: released, but %s: "
		    "it leaves at Postfix's next queue run\n", (long long)id,
		    err);
	rc = 0;
out:
	ctl_record_free(&cr);
	store_close(st);
	return rc;
}

/* ctl_do_approve - the first of two staff members agrees to a release */
int
ctl_do_approve(struct lg_config *cfg, int argc, char **argv)
{
	const char *actor = ctl_actor(), *reason;
	struct ctl_record cr = { 0 };
	struct lg_store *st = NULL;
	char err[512];
	int64_t id;
	int rc = EXIT_ERROR, n;

	if (ctl_parse_decision(argc, argv, &id, &reason) == -1 ||
	    ctl_require_staff(cfg, actor) == -1)
		goto out;
	if (cfg->cfg_release_approvals < 2) {
		fprintf(stderr, "leakguardctl: release_approvals is 1: a staff "
		    "member releases on their own; nothing to approve\n");
		goto out;
	}
	if ((st = ctl_store_open(cfg)) == NULL || ctl_record_get(st, id, &cr) != 1)
		goto out;
	if (strcmp(cr.rec.row_status, STORE_HELD) != 0) {
		rc = refuse_status(&cr.rec, "approve");
		goto out;
	}
	if ((n = store_approve(st, id, actor, reason, err, sizeof err)) != 1) {
		fprintf(stderr, "leakguardctl: record %lld: %s\n", (long long)id,
		    n == 0 ? "already approved (or no longer held)" : err);
		goto out;
	}
	printf("approved: record %lld by %s; another member of %s can now "
	    "release it\n", (long long)id, actor, cfg->cfg_staff_group);
	rc = 0;
out:
	ctl_record_free(&cr);
	store_close(st);
	return rc;
}
