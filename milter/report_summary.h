/*
 * report_summary.h - the report's counts gathered in one pass over the
 * rows, in memory that grows with the number of distinct keys (reasons,
 * days, rules, domains, clients, hosts), never with the number of rows.
 */
#ifndef LG_REPORT_SUMMARY_H
#define LG_REPORT_SUMMARY_H

#include <stdint.h>

#include "store_report.h"

struct lg_summary;

/* What one row brings to the summary. */
struct lg_summary_row {
	const char	*sr_day;	/* YYYY-MM-DD */
	const char	*sr_host;
	const char	*sr_reason;
	const char	*sr_kind;	/* hold, would_hold, tempfail */
	const char	*sr_disposition;
	const char	*sr_rules;	/* comma-separated */
	const char	*sr_client;
	const char	*sr_sasl_login;
	const char	*sr_recipients;	/* comma-separated addresses */
	int64_t		 sr_decision;	/* seconds hold to decision, or -1 */
};

struct lg_summary *summary_new(void);
void summary_free(struct lg_summary *);
int summary_add(struct lg_summary *, const struct lg_summary_row *);
int64_t summary_rows(const struct lg_summary *);
int summary_walk(struct lg_summary *, enum lg_report_group,
    report_group_fn, void *arg);
void summary_decision_times(const struct lg_summary *, int64_t *n,
    int64_t *median, int64_t *p90);

#endif
