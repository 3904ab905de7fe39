/*
 * ctl_reconcile.c - "leakguardctl reconcile [--fix]": the hold queue and
 * the store should tell the same story.  Lists held mail that has no
 * record (held by hand, or a record lost) and records whose mail is no
 * longer held (released or deleted with Postfix's own tools, or a staff
 * command interrupted).  With --fix (staff only): held mail without a
 * record gets one (reason "unrecorded", so staff can release or delete it
 * the usual way), a "held" record whose mail is gone becomes "gone", an
 * interrupted "releasing"/"deleting" becomes "held" again if the mail is
 * still held, else "released"/"deleted"; each change with an audit row.
 * An adopted mail's Message-ID is recorded with every value the rules find
 * in the mail masked (ctl_mask.c), never as it came.
 *
 * Exit status: 0 nothing (left) to reconcile, EXIT_FOUND something listed
 * and not fixed, EXIT_ERROR error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "detect.h"
#include "pipeline.h"
#include "postfix.h"
#include "rules.h"

struct held_list {
	struct lg_queued	*hl_q;
	size_t			 hl_n, hl_cap;
	int			*hl_recorded;
};

static int
collect_held(void *arg, const struct lg_queued *q)
{
	struct held_list *hl = arg;

	if (strcmp(q->q_queue, "hold") != 0)
		return 0;
	if (hl->hl_n == hl->hl_cap) {
		size_t cap = hl->hl_cap ? 2 * hl->hl_cap : 64;
		struct lg_queued *p = realloc(hl->hl_q, cap * sizeof *p);

		if (p == NULL)
			return -1;
		hl->hl_q = p;
		hl->hl_cap = cap;
	}
	hl->hl_q[hl->hl_n++] = *q;
	return 0;
}

struct open_list {
	int64_t	*ol_ids;
	size_t	 ol_n, ol_cap;
};

static int
collect_open(void *arg, const struct lg_store_row *r)
{
	struct open_list *ol = arg;

	if (strcmp(r->row_status, STORE_HELD) != 0 &&
	    strcmp(r->row_status, "releasing") != 0 &&
	    strcmp(r->row_status, "deleting") != 0)
		return 0;
	if (ol->ol_n == ol->ol_cap) {
		size_t cap = ol->ol_cap ? 2 * ol->ol_cap : 64;
		int64_t *p = realloc(ol->ol_ids, cap * sizeof *p);

		if (p == NULL)
			return -1;
		ol->ol_ids = p;
		ol->ol_cap = cap;
	}
	ol->ol_ids[ol->ol_n++] = r->row_id;
	return 0;
}

/* fix_record - the state a record whose mail is (not) held should have */
static int
fix_record(struct lg_store *st, const struct lg_store_row *r, int held,
    const char *actor)
{
	const char *to = held ? STORE_HELD :
	    strcmp(r->row_status, "releasing") == 0 ? "released" :
	    strcmp(r->row_status, "deleting") == 0 ? "deleted" : "gone";
	char err[512];

	if (strcmp(to, r->row_status) == 0)
		return 0;
	if (store_finish(st, r->row_id, r->row_status, to, actor, "reconcile",
	    held ? "mail still held" : "mail no longer held", err,
	    sizeof err) == -1) {
		fprintf(stderr, "leakguardctl: record %lld: %s\n",
		    (long long)r->row_id, err);
		return -1;
	}
	printf("fixed: record %lld is now %s\n", (long long)r->row_id, to);
	return 1;
}

/* adopt - a record for held mail that has none */
static int
adopt(const struct lg_config *cfg, struct lg_store *st,
    const struct lg_queued *q, const char *actor)
{
	char host[256] = "", created[32], err[512], *mail = NULL, *mid = NULL;
	char *raw = NULL, *end;
	struct lg_store_row row = { 0 };
	struct lg_runtime rt = { .rt_cfg = (struct lg_config *)cfg };
	struct lg_result res;
	int64_t id;
	int rc;

	memset(&res, 0, sizeof res);
	gethostname(host, sizeof host - 1);
	/* The Message-ID is recorded with every value the rules find in
	 * the mail masked, as the daemon records it; if that cannot be
	 * done, it is not recorded. */
	if (postfix_message(cfg->cfg_postfix_config_directory, q->q_id,
	    &mail, err, sizeof err) == 1 &&
	    (rt.rt_rules = rules_load_dirs(cfg->cfg_rules_dir,
	    cfg->cfg_local_rules_dir, stderr)) != NULL &&
	    pipeline_load_detector(cfg, &rt.rt_detect, err, sizeof err) == 0 &&
	    ctl_mail_values(cfg, rt.rt_rules, rt.rt_detect, mail, &res) == 0) {
		if ((end = strstr(mail, "\n\n")) != NULL)
			end[1] = '\0';
		if ((raw = ctl_header_value(mail, "Message-ID")) != NULL) {
			char *ruled = pipeline_mask(&rt, raw);

			mid = ruled ? pipeline_masked(&res, ruled) : NULL;
			free(ruled);
		}
	}
	ctl_iso_time(q->q_arrival, created, sizeof created);
	row = (struct lg_store_row){
		.row_created = created, .row_host = host, .row_queue_id = q->q_id,
		.row_message_id = mid ? mid : "", .row_sender = q->q_sender,
		.row_recipients = "", .row_action = "hold",
		.row_reason = "unrecorded", .row_details = "adopted by reconcile",
		.row_status = STORE_HELD,
	};
	rc = store_adopt(st, &row, actor, "held mail had no record", &id, err,
	    sizeof err);
	if (rc == -1)
		fprintf(stderr, "leakguardctl: queue id %s: %s\n", q->q_id, err);
	else
		printf("fixed: queue id %s has record %lld (reason unrecorded)\n",
		    q->q_id, (long long)id);
	free(mid);
	free(raw);
	free(mail);
	pipeline_result_clear(&res);
	detect_free(rt.rt_detect);
	rules_free(rt.rt_rules);
	return rc;
}

/* ctl_do_reconcile - compare the hold queue and the store */
int
ctl_do_reconcile(struct lg_config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fix", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *actor = ctl_actor();
	struct held_list hl = { 0 };
	struct open_list ol = { 0 };
	struct lg_store *st = NULL;
	char err[512];
	int ch, fix = 0, rc = EXIT_ERROR, found = 0;
	size_t i, j;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'f')
			usage();
		fix = 1;
	}
	if (optind != argc)
		usage();
	if (fix && ctl_require_staff(cfg, actor) == -1)
		return EXIT_ERROR;
	if ((st = ctl_store_open(cfg)) == NULL)
		return EXIT_ERROR;
	if (postfix_queue_walk(cfg->cfg_postfix_config_directory, collect_held,
	    &hl, err, sizeof err) == -1 ||
	    store_list(st, NULL, collect_open, &ol, err, sizeof err) == -1) {
		fprintf(stderr, "leakguardctl: %s\n", err);
		goto out;
	}
	if (hl.hl_n > 0 && (hl.hl_recorded = calloc(hl.hl_n,
	    sizeof *hl.hl_recorded)) == NULL) {
		fprintf(stderr, "leakguardctl: out of memory\n");
		goto out;
	}
	for (i = 0; i < ol.ol_n; i++) {
		struct ctl_record cr;
		struct lg_queued q;
		int held, n;

		if (ctl_record_get(st, ol.ol_ids[i], &cr) != 1)
			goto out;
		held = ctl_check_held(cfg, &cr.rec, &q, err, sizeof err);
		if (held == -1) {
			fprintf(stderr, "leakguardctl: record %lld: %s\n",
			    (long long)cr.rec.row_id, err);
			ctl_record_free(&cr);
			goto out;
		}
		for (j = 0; held && j < hl.hl_n; j++)
			if (strcmp(hl.hl_q[j].q_id, cr.rec.row_queue_id) == 0)
				hl.hl_recorded[j] = 1;
		if (held && strcmp(cr.rec.row_status, STORE_HELD) == 0) {
			ctl_record_free(&cr);
			continue;
		}
		printf("record %lld (%s, queue id %s): %s\n",
		    (long long)cr.rec.row_id, cr.rec.row_status,
		    cr.rec.row_queue_id, held ? "mail still held" : err);
		n = fix ? fix_record(st, &cr.rec, held, actor) : 0;
		ctl_record_free(&cr);
		if (n == -1)
			goto out;
		if (!fix)
			found++;
	}
	for (j = 0; j < hl.hl_n; j++) {
		if (hl.hl_recorded[j])
			continue;
		printf("queue id %s: held by Postfix, no leakguard record\n",
		    hl.hl_q[j].q_id);
		if (!fix)
			found++;
		else if (adopt(cfg, st, &hl.hl_q[j], actor) == -1)
			goto out;
	}
	rc = found ? EXIT_FOUND : 0;
	if (found)
		printf("reconcile: %d thing(s) to fix (run with --fix)\n", found);
out:
	free(hl.hl_q);
	free(hl.hl_recorded);
	free(ol.ol_ids);
	store_close(st);
	return rc;
}
