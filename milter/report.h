/*
 * report.h - the incident team's reports: what the renderers share (the
 * options of one report and the escaping of text for each format).
 */
#ifndef LG_REPORT_H
#define LG_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "store_report.h"

#define REPORT_STALE_LIST	50	/* stale mails listed by name */

struct lg_report_opts {
	struct lg_report_filter	 ro_filter;
	const char		*ro_generated;	/* ISO 8601 UTC, now */
	const char		*ro_stale_before; /* ISO 8601 UTC */
	long			 ro_stale_age;	/* seconds */
	int64_t			 ro_max_rows;	/* html: newest rows shown */
	const char *const	*ro_stores;	/* store file names */
	size_t			 ro_nstores;
};

/* report_text.c: escaping, each writes s (NULL as "") to fp */
void report_csv_cell(FILE *, const char *);
void report_html_text(FILE *, const char *);
void report_duration(char *buf, size_t len, int64_t seconds);
void report_rcpt_text(FILE *, const struct lg_report_rcpt *,
    void (*put)(FILE *, const char *));

/* the renderers: 0, or -1 with err set */
int report_csv(FILE *, struct lg_report_db *, const struct lg_report_opts *,
    char *err, size_t errlen);
int report_json(FILE *, struct lg_report_db *, const struct lg_report_opts *,
    char *err, size_t errlen);
int report_html(FILE *, struct lg_report_db *, const struct lg_report_opts *,
    char *err, size_t errlen);

#endif
