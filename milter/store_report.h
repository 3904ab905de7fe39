/*
 * store_report.h - read-only queries for the incident team's reports over
 * one or several quarantine stores (one per Postfix host).
 */
#ifndef LG_STORE_REPORT_H
#define LG_STORE_REPORT_H

#include <stddef.h>
#include <stdint.h>

#define REPORT_STORES_MAX	10	/* SQLite's default ATTACH limit */

struct lg_report_db;

/* Which rows a report covers; NULL members match everything. */
struct lg_report_filter {
	const char	*rf_since;	/* ISO 8601 UTC, created >= */
	const char	*rf_until;	/* created < */
	const char	*rf_reason;
	const char	*rf_customer;
};

/* One recipient as tagged when the mail was judged (rcpt_tags.c). */
struct lg_report_rcpt {
	const char	*rr_address;
	const char	*rr_tag;	/* on_record, other_record, unknown */
	const char	*rr_entry;	/* other_record: that entry's DN, else "" */
	const char	*rr_entry_name;
};

#define REPORT_RCPTS_MAX	100	/* recipients listed per row */

/* One row of a report: strings are never NULL ("" when absent). */
struct lg_report_row {
	int64_t		 rp_id;		/* record id in its host's store */
	const char	*rp_time;	/* ISO 8601 UTC */
	const char	*rp_host;
	const char	*rp_queue_id;
	const char	*rp_message_id;
	const char	*rp_sender;
	const char	*rp_client;
	const char	*rp_sasl_login;
	const char	*rp_customer_id;
	const char	*rp_customer_name;
	const char	*rp_expected;	/* comma-separated */
	struct lg_report_rcpt rp_rcpts[REPORT_RCPTS_MAX];
	size_t		 rp_nrcpts;
	size_t		 rp_rcpts_more;	/* listed in the store, not here */
	const char	*rp_kind;	/* hold, would_hold, tempfail */
	const char	*rp_reason;
	const char	*rp_rules;	/* comma-separated */
	const char	*rp_disposition; /* held, released, deleted, expired,
					   gone, would_hold, tempfailed */
	const char	*rp_decided_by;
	const char	*rp_decided;
	const char	*rp_approved_by;
	const char	*rp_excerpt;	/* masked */
	const char	*rp_details;
	const char	*rp_recipients;	/* as recorded: comma-separated */
	int64_t		 rp_decision;	/* released/deleted: seconds from
					   hold to decision; else -1 */
};

/* Counts of one group: by kind of decision, and all together. */
enum { RC_HOLD, RC_WOULD_HOLD, RC_TEMPFAIL, RC_TOTAL, RC_N };

/* What the summary groups rows by. */
enum lg_report_group {
	RG_REASON,		/* k1 reason */
	RG_DAY_REASON,		/* k1 day (UTC), k2 reason */
	RG_RULE,		/* k1 rule name */
	RG_DOMAIN,		/* k1 recipient domain (lower case) */
	RG_CLIENT,		/* k1 client address, k2 SASL login */
	RG_DISPOSITION,		/* k1 disposition */
	RG_HOST,		/* k1 host */
	RG_REPEAT_CUSTOMER,	/* k1 customer id, k2 name; mismatches > 1 */
	RG_NAMESAKE_PAIR,	/* k1 customer id, k2 other entry; > 1 */
	RG_COUNT
};

typedef int (*report_row_fn)(void *arg, const struct lg_report_row *);
typedef int (*report_group_fn)(void *arg, const char *k1, const char *k2,
    const int64_t n[RC_N]);

struct lg_report_db *store_report_open(const char *const *paths, size_t n,
    char *err, size_t errlen);
void store_report_close(struct lg_report_db *);
int store_report_rows(struct lg_report_db *, const struct lg_report_filter *,
    int64_t newest, report_row_fn, void *arg, char *err, size_t errlen);
int store_report_group(struct lg_report_db *, const struct lg_report_filter *,
    enum lg_report_group, report_group_fn, void *arg, char *err,
    size_t errlen);
struct lg_summary;
int store_report_summary(struct lg_report_db *,
    const struct lg_report_filter *, struct lg_summary *, char *err,
    size_t errlen);
int64_t report_iso_seconds(const char *);
int store_report_stale(struct lg_report_db *, const struct lg_report_filter *,
    const char *older_than, int64_t *count, int64_t list_max,
    report_row_fn, void *arg, char *err, size_t errlen);

#endif
