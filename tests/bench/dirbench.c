/*
 * dirbench.c - figures for tests/bench/directory.sh: customer lookups per
 * second against a running slapd with the cache off and on, and the time
 * the whole pipeline takes per message with and without a directory
 * lookup.  Prints "key value" lines; it asserts nothing.
 *
 *	dirbench CONF N SECRET.eml PLAIN.eml RCPT ID...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "content.h"
#include "directory.h"
#include "message.h"
#include "pipeline.h"
#include "rules.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* lookups - n customer lookups cycling over ids; seconds taken, -1 on error */
static double
lookups(struct lg_directory *d, long n, char **ids, int nids)
{
	struct lg_record rec;
	char err[512];
	double t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		if (directory_lookup_customer(d, ids[i % nids], NULL, &rec, err,
		    sizeof err) != LG_DIR_FOUND) {
			fprintf(stderr, "dirbench: lookup %s: %s\n", ids[i % nids], err);
			return -1;
		}
		record_clear(&rec);
	}
	return now() - t0;
}

static struct lg_msg *
load(const char *path, size_t max, const char *rcpt)
{
	struct lg_msg *m = message_new(max);
	FILE *fp = fopen(path, "r");

	if (m == NULL || fp == NULL || message_read_file(m, fp) == -1 ||
	    message_add_rcpt(m, rcpt) == -1 ||
	    message_set(&m->msg_client_addr, "127.0.0.1") == -1) {
		fprintf(stderr, "dirbench: cannot load %s\n", path);
		exit(2);
	}
	fclose(fp);
	return m;
}

/* judge - n pipeline runs over msg; microseconds per message */
static double
judge(struct lg_runtime *rt, struct lg_msg *msg, long n, enum lg_action want)
{
	struct lg_result res;
	double t0 = now();
	long i;

	for (i = 0; i < n; i++) {
		if (pipeline_judge(rt, msg, &res) == -1 ||
		    res.res_verdict.v_action != want) {
			fprintf(stderr, "dirbench: unexpected verdict %s (%s) %s\n",
			    lg_action_name(res.res_verdict.v_action),
			    lg_reason_name(res.res_verdict.v_reason), res.res_error);
			exit(2);
		}
		pipeline_result_clear(&res);
	}
	return (now() - t0) * 1e6 / (double)n;
}

int
main(int argc, char **argv)
{
	struct lg_runtime rt = { 0 };
	struct lg_msg *secret, *plain;
	char err[512];
	double off, on, j_plain, j_off, j_on;
	long n;
	int cache;

	if (argc < 7) {
		fprintf(stderr, "usage: dirbench CONF N SECRET.eml PLAIN.eml RCPT ID...\n");
		return 2;
	}
	n = atol(argv[2]);
	if (content_init() == -1)
		return 2;
	if ((rt.rt_cfg = config_load(argv[1], stderr)) == NULL ||
	    (rt.rt_rules = rules_load_dirs(rt.rt_cfg->cfg_rules_dir,
	    rt.rt_cfg->cfg_local_rules_dir, stderr)) == NULL)
		return 2;
	secret = load(argv[3], rt.rt_cfg->cfg_max_scan_size, argv[5]);
	plain = load(argv[4], rt.rt_cfg->cfg_max_scan_size, argv[5]);
	for (cache = 0; cache < 2; cache++) {
		rt.rt_cfg->cfg_ldap_cache_ttl = cache ? 300 : 0;
		rt.rt_cfg->cfg_ldap_negative_cache_ttl = cache ? 300 : 0;
		if ((rt.rt_dir = directory_new(rt.rt_cfg, err, sizeof err)) == NULL) {
			fprintf(stderr, "dirbench: %s\n", err);
			return 2;
		}
		if (lookups(rt.rt_dir, 20, argv + 6, argc - 6) < 0)	/* warm up */
			return 2;
		if ((cache ? (on = lookups(rt.rt_dir, n, argv + 6, argc - 6)) :
		    (off = lookups(rt.rt_dir, n, argv + 6, argc - 6))) < 0)
			return 2;
		if (cache)
			j_on = judge(&rt, secret, n / 4, LG_ACTION_PASS);
		else {
			j_off = judge(&rt, secret, n / 4, LG_ACTION_PASS);
			j_plain = judge(&rt, plain, n / 4, LG_ACTION_PASS);
		}
		directory_free(rt.rt_dir);
	}
	printf("lookups %ld over %d customers\n", n, argc - 6);
	printf("lookups_per_second_cache_off %.0f\n", (double)n / off);
	printf("lookups_per_second_cache_on %.0f\n", (double)n / on);
	printf("us_per_lookup_cache_off %.1f\n", off * 1e6 / (double)n);
	printf("us_per_lookup_cache_on %.2f\n", on * 1e6 / (double)n);
	printf("us_per_message_no_secret %.1f\n", j_plain);
	printf("us_per_message_bound_cache_off %.1f\n", j_off);
	printf("us_per_message_bound_cache_on %.1f\n", j_on);
	printf("added_us_per_message_cache_off %.1f\n", j_off - j_plain);
	printf("added_us_per_message_cache_on %.1f\n", j_on - j_plain);
	message_free(secret);
	message_free(plain);
	rules_free(rt.rt_rules);
	config_free(rt.rt_cfg);
	return 0;
}
