/*
 * report_html.h - what the HTML page's files share (report_html.c writes
 * the page, report_html_chart.c the inline SVG chart and the colours).
 */
#ifndef LG_REPORT_HTML_H
#define LG_REPORT_HTML_H

#include <stdint.h>
#include <stdio.h>

#include "report.h"

#define HTML_REASONS_MAX	32	/* distinct reasons told apart */
#define HTML_DAYS_MAX		400	/* days drawn (the newest) */

/* What the page knows before it writes anything. */
struct html_page {
	char		 hp_reasons[HTML_REASONS_MAX][48]; /* by count */
	int64_t		 hp_reason_n[HTML_REASONS_MAX][RC_N];
	size_t		 hp_nreasons;
	int64_t		 hp_kind[RC_N];		/* all rows */
	int64_t		 hp_held, hp_released, hp_deleted, hp_expired;
	int64_t		 hp_decided, hp_median, hp_p90;
	int64_t		 hp_stale;
};

/* One day of the chart: counts by reason index, per kind. */
struct html_day {
	char		 hd_day[11];
	int64_t		 hd_n[2][HTML_REASONS_MAX];	/* [hold, would] */
};

/* The page being written. */
struct html_state {
	FILE			*hs_fp;
	struct html_page	*hs_pg;
	struct html_day		*hs_days;	/* the chart's days */
	size_t			 hs_ndays, hs_size;
	int64_t			 hs_shown, hs_more;	/* a table's rows */
	int			 hs_cols;	/* k2 shown */
	int			 hs_chip;	/* k1 is a reason */
	int			 hs_failed;
	struct lg_summary	*hs_sum;	/* counts of all the rows */
};

extern const char html_rows_head[];

const char *html_reason_color(const char *reason, size_t index);
void html_reason_class(char *buf, size_t len, const char *reason);
int html_chart(FILE *, const struct html_page *, const struct html_day *,
    size_t ndays, int kind, const char *title);
void html_chip(FILE *, const char *reason);
int html_row(void *arg, const struct lg_report_row *);
int html_rows(struct html_state *, struct lg_report_db *,
    const struct lg_report_opts *, char *err, size_t errlen);

#endif
