/*
 * ctl_expire.c - "leakguardctl expire --older-than AGE": deletes held mail
 * older than AGE (or than the retention period, if shorter) and marks its
 * record "expired"; then removes every record older than the retention
 * period that is no longer held, so nothing personal outlives it.  Audit
 * rows stay (they name no customer) and the hash chain with them.
 *
 * Meant for cron: staff, or root itself (not through sudo), may run it.
 * Errors are printed here; the exit status is 0 or EXIT_ERROR.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"

struct expire_arg {
	int64_t	*ea_ids;
	size_t	 ea_n, ea_cap;
};

/* collect - the ids of the rows to expire (acted on after the walk) */
static int
collect(void *arg, const struct lg_store_row *r)
{
	struct expire_arg *ea = arg;

	if (ea->ea_n == ea->ea_cap) {
		size_t cap = ea->ea_cap ? 2 * ea->ea_cap : 64;
		int64_t *p = realloc(ea->ea_ids, cap * sizeof *p);

		if (p == NULL)
			return -1;
		ea->ea_ids = p;
		ea->ea_cap = cap;
	}
	ea->ea_ids[ea->ea_n++] = r->row_id;
	return 0;
}

/* ctl_do_expire - held mail past its time, then records past retention */
int
ctl_do_expire(struct lg_config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "older-than", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *actor = ctl_actor(), *age_arg = NULL;
	struct expire_arg ea = { NULL, 0, 0 };
	struct lg_store_filter f = { .sf_status = STORE_HELD };
	struct lg_store *st = NULL;
	char cutoff[32], purge_before[32], reason[128], err[512];
	long age, purged = 0, expired = 0, skipped = 0;
	time_t now = time(NULL);
	int ch, rc = EXIT_ERROR;
	size_t i;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'o')
			usage();
		age_arg = optarg;
	}
	if (optind != argc || age_arg == NULL)
		usage();
	if (ctl_parse_age(age_arg, &age) == -1) {
		fprintf(stderr, "leakguardctl: --older-than %s: not an age (30d, "
		    "12h)\n", age_arg);
		return EXIT_ERROR;
	}
	if (!(getuid() == 0 && getenv("SUDO_USER") == NULL) &&
	    ctl_require_staff(cfg, actor) == -1)
		return EXIT_ERROR;
	if (age > cfg->cfg_retention)
		age = cfg->cfg_retention;
	ctl_iso_time((long long)now - age, cutoff, sizeof cutoff);
	ctl_iso_time((long long)now - cfg->cfg_retention, purge_before,
	    sizeof purge_before);
	snprintf(reason, sizeof reason, "held longer than %lds", age);
	if ((st = ctl_store_open(cfg)) == NULL)
		goto out;
	f.sf_before = cutoff;
	if (store_list(st, &f, collect, &ea, err, sizeof err) == -1) {
		fprintf(stderr, "leakguardctl: %s\n", err);
		goto out;
	}
	for (i = 0; i < ea.ea_n; i++) {
		struct ctl_record cr;
		int n;

		if (ctl_record_get(st, ea.ea_ids[i], &cr) != 1)
			goto out;
		n = strcmp(cr.rec.row_status, STORE_HELD) != 0 ? 0 :
		    ctl_delete_one(cfg, st, &cr.rec, actor, "expired", "expire",
		    reason);
		if (n == 1)
			printf("expired: record %lld, queue id %s\n",
			    (long long)cr.rec.row_id, cr.rec.row_queue_id);
		ctl_record_free(&cr);
		if (n == -1)
			goto out;
		if (n == 1)
			expired++;
		else
			skipped++;
	}
	if (store_purge(st, purge_before, actor, &purged, err, sizeof err) == -1) {
		fprintf(stderr, "leakguardctl: %s\n", err);
		goto out;
	}
	printf("expire: %ld held mail(s) expired, %ld left for reconcile, %ld "
	    "record(s) older than the retention period removed\n", expired,
	    skipped, purged);
	rc = 0;
out:
	free(ea.ea_ids);
	store_close(st);
	return rc;
}
