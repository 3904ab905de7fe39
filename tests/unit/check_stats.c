/*
 * check_stats.c - unit tests for the daemon's counters: decisions by
 * action and reason, the latency histogram and its percentiles, the
 * snapshot's round trip over "key value" lines, and the Prometheus text.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "unit.h"

static struct lg_stats st;

static void
fill(void)
{
	int i;

	memset(&st, 0, sizeof st);
	for (i = 0; i < 90; i++)	/* 90 fast passes, 0.8 ms */
		stats_decision(&st, LG_ACTION_PASS, LG_REASON_NO_SECRET, 1000, 800);
	for (i = 0; i < 5; i++)		/* 5 out of scope */
		stats_decision(&st, LG_ACTION_PASS, LG_REASON_OUT_OF_SCOPE, 0, 10);
	for (i = 0; i < 4; i++)		/* 4 holds after LDAP, 40 ms */
		stats_decision(&st, LG_ACTION_HOLD, LG_REASON_RECIPIENT_MISMATCH,
		    2000, 40000);
	stats_decision(&st, LG_ACTION_TEMPFAIL, LG_REASON_DIRECTORY_ERROR, 500,
	    30000000);			/* one 30 s timeout */
	atomic_store(&st.st_dir_hits, 3);
	atomic_store(&st.st_dir_misses, 1);
	atomic_store(&st.st_dir_errors, 1);
}

START_TEST(test_counts)
{
	struct lg_stats_snapshot ss;

	fill();
	stats_snapshot(&st, 42, &ss);
	ck_assert_uint_eq(ss.ss_decisions[LG_ACTION_PASS][LG_REASON_NO_SECRET], 90);
	ck_assert_uint_eq(ss.ss_decisions[LG_ACTION_PASS][LG_REASON_OUT_OF_SCOPE], 5);
	ck_assert_uint_eq(ss.ss_decisions[LG_ACTION_HOLD][LG_REASON_RECIPIENT_MISMATCH], 4);
	ck_assert_uint_eq(ss.ss_bytes, 90 * 1000 + 4 * 2000 + 500);
	ck_assert_uint_eq(ss.ss_latency[0], 95);	/* <= 1 ms */
	ck_assert_uint_eq(ss.ss_latency[LG_STATS_NBUCKETS], 1);	/* > 10 s */
	ck_assert_uint_eq(stats_percentile_ms(&ss, 0.50), 1);
	ck_assert_uint_eq(stats_percentile_ms(&ss, 0.99), 50);
	ck_assert_uint_eq(stats_percentile_ms(&ss, 1.0), (unsigned long)-1);
}
END_TEST

START_TEST(test_round_trip)
{
	struct lg_stats_snapshot a, b;
	char *text = NULL, err[128];
	size_t len;
	FILE *fp = open_memstream(&text, &len);

	fill();
	stats_snapshot(&st, 42, &a);
	a.ss_generation = 51;		/* set by control.c from reload.c */
	a.ss_reloads = 50;
	a.ss_reload_errors = 2;
	ck_assert_int_eq(stats_write(&a, fp), 0);
	fclose(fp);
	fp = fmemopen(text, len, "r");
	ck_assert_int_eq(stats_read(&b, fp, err, sizeof err), 0);
	fclose(fp);
	ck_assert_int_eq(memcmp(&a, &b, sizeof a), 0);
	/* cut before "end": an error, never a partial answer */
	fp = fmemopen(text, len - 4, "r");
	ck_assert_int_eq(stats_read(&b, fp, err, sizeof err), -1);
	fclose(fp);
	free(text);
}
END_TEST

START_TEST(test_output)
{
	struct lg_stats_snapshot ss;
	char *text = NULL;
	size_t len;
	FILE *fp;

	fill();
	stats_snapshot(&st, 42, &ss);
	ss.ss_generation = 51;
	ss.ss_reloads = 50;
	ss.ss_reload_errors = 2;
	fp = open_memstream(&text, &len);
	stats_print_prometheus(&ss, fp);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(text, "leakguard_mail_total{action=\"hold\","
	    "reason=\"recipient_mismatch\"} 4\n"));
	ck_assert_ptr_nonnull(strstr(text, "leakguard_mail_total{action=\"pass\","
	    "reason=\"out_of_scope\"} 5\n"));
	ck_assert_ptr_nonnull(strstr(text, "leakguard_judgement_seconds_bucket{le=\"0.001\"} 95\n"));
	ck_assert_ptr_nonnull(strstr(text, "leakguard_judgement_seconds_bucket{le=\"0.05\"} 99\n"));
	ck_assert_ptr_nonnull(strstr(text, "leakguard_judgement_seconds_bucket{le=\"+Inf\"} 100\n"));
	ck_assert_ptr_nonnull(strstr(text, "leakguard_judgement_seconds_count 100\n"));
	ck_assert_ptr_nonnull(strstr(text, "leakguard_directory_cache_total{result=\"hit\"} 3\n"));
	ck_assert_ptr_nonnull(strstr(text, "leakguard_config_generation 51\n"));
	ck_assert_ptr_nonnull(strstr(text, "leakguard_reloads_total{result=\"ok\"} 50\n"
	    "leakguard_reloads_total{result=\"error\"} 2\n"));
	free(text);
	text = NULL;
	fp = open_memstream(&text, &len);
	stats_print_text(&ss, fp);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(text, "mail: 100\nout_of_scope: 5\n"));
	ck_assert_ptr_nonnull(strstr(text, "directory_cache: 3 hits, 1 misses (75.0%)\n"));
	ck_assert_ptr_nonnull(strstr(text, "latency: p50<=1ms p90<=1ms p99<=50ms\n"));
	ck_assert_ptr_nonnull(strstr(text, "configuration: generation 51, 50 reloads, 2 refused\n"));
	free(text);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("stats");

	tcase_add_test(tc, test_counts);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_output);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
