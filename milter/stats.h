/*
 * stats.h - the daemon's counters since start, and their two renderings.
 */
#ifndef LG_STATS_H
#define LG_STATS_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include "leakguard.h"

/* Upper bounds (milliseconds) of the judgement-latency buckets; one more
 * bucket past the last holds everything slower. */
#define LG_STATS_NBUCKETS	12
extern const unsigned long lg_stats_bucket_ms[LG_STATS_NBUCKETS];

struct lg_stats {
	atomic_ulong	st_decisions[LG_ACTION_COUNT][LG_REASON_COUNT];
	atomic_ulong	st_bytes;		/* bytes of mail judged */
	atomic_ulong	st_dir_hits, st_dir_misses;	/* directory cache */
	atomic_ulong	st_dir_errors;		/* LDAP requests that failed */
	atomic_ulong	st_latency[LG_STATS_NBUCKETS + 1];
	atomic_ulong	st_latency_sum_us;
};

/* A copy taken at one moment; what crosses the control socket. */
struct lg_stats_snapshot {
	unsigned long	ss_decisions[LG_ACTION_COUNT][LG_REASON_COUNT];
	unsigned long	ss_bytes, ss_dir_hits, ss_dir_misses, ss_dir_errors;
	unsigned long	ss_latency[LG_STATS_NBUCKETS + 1];
	unsigned long	ss_latency_sum_us;
	long		ss_uptime;		/* seconds since start */
	/* the configuration in force (reload.c): its generation, 1 at
	   start; reloads taken and refused since start */
	unsigned long	ss_generation, ss_reloads, ss_reload_errors;
};

void stats_decision(struct lg_stats *, enum lg_action, enum lg_reason,
    size_t bytes, unsigned long latency_us);
void stats_snapshot(struct lg_stats *, long uptime, struct lg_stats_snapshot *);
int stats_write(const struct lg_stats_snapshot *, FILE *);
int stats_read(struct lg_stats_snapshot *, FILE *, char *err, size_t errlen);
unsigned long stats_percentile_ms(const struct lg_stats_snapshot *, double q);
void stats_print_text(const struct lg_stats_snapshot *, FILE *);
void stats_print_prometheus(const struct lg_stats_snapshot *, FILE *);

#endif
