/*
 * ctl_delete.c - "leakguardctl delete": a staff member removes one held
 * mail for good ("postsuper -d ID hold", which can only touch the hold
 * queue), after checking it is still the mail the record speaks of.  The
 * record becomes "deleted" with its audit row only when postsuper
 * confirmed.  expire (ctl_expire.c) deletes through the same function.
 *
 * Errors are printed here; the exit status is 0 or EXIT_ERROR.
 */
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "postfix.h"

/*
 * CTL_DELETE_ONE -- delete a held record's mail and mark the record `to`
 *	("deleted", "expired") with an audit row `action`.
 *	Return value: 1 done, 0 not done (the mail or record was not as
 *	expected; printed), -1 error (printed).
 */
int
ctl_delete_one(const struct lg_config *cfg, struct lg_store *st,
    const struct lg_store_row *r, const char *actor, const char *to,
    const char *action, const char *reason)
{
	long long id = (long long)r->row_id;
	struct lg_queued q;
	char err[512];
	int n;

	if ((n = ctl_check_held(cfg, r, &q, err, sizeof err)) != 1) {
		fprintf(stderr, "leakguardctl: record %lld: %s%s\n", id, err,
		    n == 0 ? "; not deleted (see \"leakguardctl reconcile\")" : "");
		return n;
	}
	if ((n = store_claim(st, r->row_id, STORE_HELD, "deleting", actor, 1,
	    err, sizeof err)) != 1) {
		fprintf(stderr, "leakguardctl: record %lld: %s\n", id, n == 0 ?
		    "someone else is acting on it or has just done so" : err);
		return n;
	}
	if ((n = postfix_delete(cfg->cfg_postfix_config_directory,
	    r->row_queue_id, err, sizeof err)) != 1) {
		fprintf(stderr, "leakguardctl: record %lld: %s; the record stays "
		    "held\n", id, n == 0 ? "postsuper deleted nothing (the mail "
		    "left the hold queue meanwhile)" : err);
		if (store_claim(st, r->row_id, "deleting", STORE_HELD, actor, 1,
		    err, sizeof err) != 1)
			fprintf(stderr, "leakguardctl: record %lld: could not "
			    "mark it held again: %s\n", id, err);
		return n;
	}
	if (store_finish(st, r->row_id, "deleting", to, actor, action, reason,
	    err, sizeof err) != 1) {
		fprintf(stderr, "leakguardctl: record %lld: the mail WAS deleted, "
		    "but the record could not be marked: %s; run \"leakguardctl "
		    "reconcile --fix\"\n", id, err);
		return -1;
	}
	return 1;
}

/* ctl_do_delete - remove one held mail */
int
ctl_do_delete(struct lg_config *cfg, int argc, char **argv)
{
	const char *actor = ctl_actor(), *reason;
	struct ctl_record cr = { 0 };
	struct lg_store *st = NULL;
	int64_t id;
	int rc = EXIT_ERROR;

	if (ctl_parse_decision(argc, argv, &id, &reason) == -1 ||
	    ctl_require_staff(cfg, actor) == -1 ||
	    (st = ctl_store_open(cfg)) == NULL ||
	    ctl_record_get(st, id, &cr) != 1)
		goto out;
	if (strcmp(cr.rec.row_status, STORE_HELD) != 0) {
		fprintf(stderr, "leakguardctl: record %lld is %s, not held: "
		    "nothing to delete\n", (long long)id, cr.rec.row_status);
		goto out;
	}
	if (ctl_delete_one(cfg, st, &cr.rec, actor, "deleted", "delete",
	    reason) != 1)
		goto out;
	printf("deleted: record %lld, queue id %s, by %s\n", (long long)id,
	    cr.rec.row_queue_id, actor);
	rc = 0;
out:
	ctl_record_free(&cr);
	store_close(st);
	return rc;
}
