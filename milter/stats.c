/*
 * stats.c - what the daemon counts since it started: decisions by action
 * and reason (out-of-scope mail is the reason out_of_scope), bytes judged,
 * the directory cache's hits and misses, LDAP errors, and the judgement's
 * latency in a small fixed-bucket histogram.  Counters are C11 atomics
 * (relaxed: each is a tally, none orders another), so the libmilter
 * threads never take a lock to count.
 *
 * A snapshot crosses the control socket as "key value" lines
 * (stats_write / stats_read); leakguardctl renders it for people
 * (stats_print_text) or for node_exporter's textfile collector
 * (stats_print_prometheus, the text exposition format 0.0.4).
 *
 * Pure: no sockets, no threads; control.c serves, ctl_stats.c asks.
 */
#include <stdlib.h>
#include <string.h>

#include "stats.h"

const unsigned long lg_stats_bucket_ms[LG_STATS_NBUCKETS] = {
	1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 10000,
};

#define ADD(c, n)	atomic_fetch_add_explicit(&(c), (n), memory_order_relaxed)
#define GET(c)		atomic_load_explicit(&(c), memory_order_relaxed)

/*
 * STATS_DECISION -- count one judged (or out-of-scope) mail.
 *	Parameters: the verdict's action and reason, the mail's size, the
 *	time from end of message to verdict in microseconds.
 */
void
stats_decision(struct lg_stats *st, enum lg_action a, enum lg_reason r,
    size_t bytes, unsigned long latency_us)
{
	size_t b;

	if (a >= LG_ACTION_COUNT || r >= LG_REASON_COUNT)
		return;
	ADD(st->st_decisions[a][r], 1);
	ADD(st->st_bytes, bytes);
	for (b = 0; b < LG_STATS_NBUCKETS; b++)
		if (latency_us <= lg_stats_bucket_ms[b] * 1000)
			break;
	ADD(st->st_latency[b], 1);
	ADD(st->st_latency_sum_us, latency_us);
}

void
stats_snapshot(struct lg_stats *st, long uptime, struct lg_stats_snapshot *ss)
{
	size_t a, r, b;

	memset(ss, 0, sizeof *ss);
	for (a = 0; a < LG_ACTION_COUNT; a++)
		for (r = 0; r < LG_REASON_COUNT; r++)
			ss->ss_decisions[a][r] = GET(st->st_decisions[a][r]);
	ss->ss_bytes = GET(st->st_bytes);
	ss->ss_dir_hits = GET(st->st_dir_hits);
	ss->ss_dir_misses = GET(st->st_dir_misses);
	ss->ss_dir_errors = GET(st->st_dir_errors);
	for (b = 0; b <= LG_STATS_NBUCKETS; b++)
		ss->ss_latency[b] = GET(st->st_latency[b]);
	ss->ss_latency_sum_us = GET(st->st_latency_sum_us);
	ss->ss_uptime = uptime;
}

/* stats_write - the snapshot as "key value" lines, "end" last */
int
stats_write(const struct lg_stats_snapshot *ss, FILE *fp)
{
	size_t a, r, b;

	fprintf(fp, "uptime %ld\nbytes %lu\ndir_hits %lu\ndir_misses %lu\n"
	    "dir_errors %lu\nlatency_sum_us %lu\n", ss->ss_uptime, ss->ss_bytes,
	    ss->ss_dir_hits, ss->ss_dir_misses, ss->ss_dir_errors,
	    ss->ss_latency_sum_us);
	fprintf(fp, "generation %lu\nreloads %lu\nreload_errors %lu\n",
	    ss->ss_generation, ss->ss_reloads, ss->ss_reload_errors);
	for (a = 0; a < LG_ACTION_COUNT; a++)
		for (r = 0; r < LG_REASON_COUNT; r++)
			if (ss->ss_decisions[a][r] > 0)
				fprintf(fp, "decision %s %s %lu\n",
				    lg_action_name(a), lg_reason_name(r),
				    ss->ss_decisions[a][r]);
	for (b = 0; b <= LG_STATS_NBUCKETS; b++)
		fprintf(fp, "latency %zu %lu\n", b, ss->ss_latency[b]);
	fprintf(fp, "end\n");
	return fflush(fp) == 0 && !ferror(fp) ? 0 : -1;
}

/* name_index - index of name in a name function's table, or -1 */
static int
action_index(const char *s)
{
	int i;

	for (i = 0; i < LG_ACTION_COUNT; i++)
		if (strcmp(lg_action_name(i), s) == 0)
			return i;
	return -1;
}

static int
reason_index(const char *s)
{
	int i;

	for (i = 0; i < LG_REASON_COUNT; i++)
		if (strcmp(lg_reason_name(i), s) == 0)
			return i;
	return -1;
}

/*
 * STATS_READ -- a snapshot back from stats_write's lines.  Unknown keys
 *	are skipped (a newer daemon); a missing "end" is an error.
 *	Return value: 0, or -1 with err set.
 */
int
stats_read(struct lg_stats_snapshot *ss, FILE *fp, char *err, size_t errlen)
{
	char line[256], w1[64], w2[64];
	unsigned long n;
	long l;
	int a, r;

	memset(ss, 0, sizeof *ss);
	while (fgets(line, sizeof line, fp) != NULL) {
		if (strcmp(line, "end\n") == 0)
			return 0;
		if (sscanf(line, "decision %63s %63s %lu", w1, w2, &n) == 3) {
			if ((a = action_index(w1)) >= 0 && (r = reason_index(w2)) >= 0)
				ss->ss_decisions[a][r] = n;
		} else if (sscanf(line, "latency %ld %lu", &l, &n) == 2) {
			if (l >= 0 && l <= LG_STATS_NBUCKETS)
				ss->ss_latency[l] = n;
		} else if (sscanf(line, "uptime %ld", &l) == 1)
			ss->ss_uptime = l;
		else if (sscanf(line, "bytes %lu", &n) == 1)
			ss->ss_bytes = n;
		else if (sscanf(line, "dir_hits %lu", &n) == 1)
			ss->ss_dir_hits = n;
		else if (sscanf(line, "dir_misses %lu", &n) == 1)
			ss->ss_dir_misses = n;
		else if (sscanf(line, "dir_errors %lu", &n) == 1)
			ss->ss_dir_errors = n;
		else if (sscanf(line, "latency_sum_us %lu", &n) == 1)
			ss->ss_latency_sum_us = n;
		else if (sscanf(line, "generation %lu", &n) == 1)
			ss->ss_generation = n;
		else if (sscanf(line, "reloads %lu", &n) == 1)
			ss->ss_reloads = n;
		else if (sscanf(line, "reload_errors %lu", &n) == 1)
			ss->ss_reload_errors = n;
	}
	snprintf(err, errlen, "the daemon's answer ended early");
	return -1;
}

/*
 * STATS_PERCENTILE_MS -- the upper bound of the bucket holding the q-th
 *	quantile (0 < q <= 1); 0 with no mail; ULONG_MAX past the last bound.
 */
unsigned long
stats_percentile_ms(const struct lg_stats_snapshot *ss, double q)
{
	unsigned long total = 0, seen = 0, want;
	size_t b;

	for (b = 0; b <= LG_STATS_NBUCKETS; b++)
		total += ss->ss_latency[b];
	if (total == 0)
		return 0;
	want = (unsigned long)(q * (double)total + 0.999999);
	if (want == 0)
		want = 1;
	for (b = 0; b < LG_STATS_NBUCKETS; b++) {
		seen += ss->ss_latency[b];
		if (seen >= want)
			return lg_stats_bucket_ms[b];
	}
	return (unsigned long)-1;
}

static unsigned long
total_mail(const struct lg_stats_snapshot *ss)
{
	unsigned long t = 0;
	size_t a, r;

	for (a = 0; a < LG_ACTION_COUNT; a++)
		for (r = 0; r < LG_REASON_COUNT; r++)
			t += ss->ss_decisions[a][r];
	return t;
}

static void
print_pct(FILE *fp, const char *label, unsigned long ms)
{
	if (ms == (unsigned long)-1)
		fprintf(fp, " %s>%lums", label,
		    lg_stats_bucket_ms[LG_STATS_NBUCKETS - 1]);
	else
		fprintf(fp, " %s<=%lums", label, ms);
}

void
stats_print_text(const struct lg_stats_snapshot *ss, FILE *fp)
{
	unsigned long lookups = ss->ss_dir_hits + ss->ss_dir_misses, oos = 0;
	size_t a, r;

	for (a = 0; a < LG_ACTION_COUNT; a++)
		oos += ss->ss_decisions[a][LG_REASON_OUT_OF_SCOPE];
	fprintf(fp, "uptime: %lds\nmail: %lu\nout_of_scope: %lu\n"
	    "scanned_bytes: %lu\n", ss->ss_uptime, total_mail(ss), oos,
	    ss->ss_bytes);
	for (a = 0; a < LG_ACTION_COUNT; a++)
		for (r = 0; r < LG_REASON_COUNT; r++)
			if (ss->ss_decisions[a][r] > 0)
				fprintf(fp, "%s %s: %lu\n", lg_action_name(a),
				    lg_reason_name(r), ss->ss_decisions[a][r]);
	if (lookups > 0)
		fprintf(fp, "directory_cache: %lu hits, %lu misses (%.1f%%)\n",
		    ss->ss_dir_hits, ss->ss_dir_misses,
		    100.0 * (double)ss->ss_dir_hits / (double)lookups);
	else
		fprintf(fp, "directory_cache: no lookups\n");
	fprintf(fp, "configuration: generation %lu, %lu reloads, %lu refused\n",
	    ss->ss_generation, ss->ss_reloads, ss->ss_reload_errors);
	fprintf(fp, "ldap_errors: %lu\nlatency:", ss->ss_dir_errors);
	if (total_mail(ss) == 0)
		fprintf(fp, " no mail\n");
	else {
		print_pct(fp, "p50", stats_percentile_ms(ss, 0.50));
		print_pct(fp, "p90", stats_percentile_ms(ss, 0.90));
		print_pct(fp, "p99", stats_percentile_ms(ss, 0.99));
		fprintf(fp, "\n");
	}
}

/* stats_print_prometheus - text exposition format, for node_exporter's
 * textfile collector (write to a temp file, rename into place) */
void
stats_print_prometheus(const struct lg_stats_snapshot *ss, FILE *fp)
{
	unsigned long cum = 0;
	size_t a, r, b;

	fprintf(fp, "# HELP leakguard_mail_total Mail decided since start, by "
	    "action and reason.\n# TYPE leakguard_mail_total counter\n");
	for (a = 0; a < LG_ACTION_COUNT; a++)
		for (r = 0; r < LG_REASON_COUNT; r++)
			if (ss->ss_decisions[a][r] > 0)
				fprintf(fp, "leakguard_mail_total{action=\"%s\","
				    "reason=\"%s\"} %lu\n", lg_action_name(a),
				    lg_reason_name(r), ss->ss_decisions[a][r]);
	fprintf(fp, "# HELP leakguard_scanned_bytes_total Bytes of mail "
	    "judged.\n# TYPE leakguard_scanned_bytes_total counter\n"
	    "leakguard_scanned_bytes_total %lu\n", ss->ss_bytes);
	fprintf(fp, "# HELP leakguard_directory_cache_total Directory cache "
	    "lookups.\n# TYPE leakguard_directory_cache_total counter\n"
	    "leakguard_directory_cache_total{result=\"hit\"} %lu\n"
	    "leakguard_directory_cache_total{result=\"miss\"} %lu\n",
	    ss->ss_dir_hits, ss->ss_dir_misses);
	fprintf(fp, "# HELP leakguard_ldap_errors_total Directory requests "
	    "that failed.\n# TYPE leakguard_ldap_errors_total counter\n"
	    "leakguard_ldap_errors_total %lu\n", ss->ss_dir_errors);
	fprintf(fp, "# HELP leakguard_judgement_seconds Time from end of "
	    "message to verdict.\n# TYPE leakguard_judgement_seconds "
	    "histogram\n");
	for (b = 0; b < LG_STATS_NBUCKETS; b++) {
		cum += ss->ss_latency[b];
		fprintf(fp, "leakguard_judgement_seconds_bucket{le=\"%g\"} %lu\n",
		    (double)lg_stats_bucket_ms[b] / 1000.0, cum);
	}
	cum += ss->ss_latency[LG_STATS_NBUCKETS];
	fprintf(fp, "leakguard_judgement_seconds_bucket{le=\"+Inf\"} %lu\n"
	    "leakguard_judgement_seconds_sum %.6f\n"
	    "leakguard_judgement_seconds_count %lu\n", cum,
	    (double)ss->ss_latency_sum_us / 1e6, cum);
	fprintf(fp, "# HELP leakguard_uptime_seconds Seconds since the daemon "
	    "started.\n# TYPE leakguard_uptime_seconds gauge\n"
	    "leakguard_uptime_seconds %ld\n", ss->ss_uptime);
	fprintf(fp, "# HELP leakguard_config_generation Configuration "
	    "generation in force (1 at start, +1 per reload).\n"
	    "# TYPE leakguard_config_generation gauge\n"
	    "leakguard_config_generation %lu\n", ss->ss_generation);
	fprintf(fp, "# HELP leakguard_reloads_total Reloads (SIGHUP) since "
	    "start: taken, or refused for errors (old configuration kept).\n"
	    "# TYPE leakguard_reloads_total counter\n"
	    "leakguard_reloads_total{result=\"ok\"} %lu\n"
	    "leakguard_reloads_total{result=\"error\"} %lu\n",
	    ss->ss_reloads, ss->ss_reload_errors);
}
