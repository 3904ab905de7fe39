/*
 * report_json.c - "leakguardctl report --format json": one JSON document,
 * {"report": what was asked, "rows": [...], "summary": {...}}, rows
 * streamed oldest first, then the summary the store's GROUP BY queries
 * give.  Keys are stable and listed in leakguardctl(8); strings are
 * escaped by json.c (terminal-safe too).  Rendering only: the queries are
 * store_report.c's.
 */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "report.h"
#include "report_summary.h"

struct json_state {
	FILE	*js_fp;
	int64_t	 js_rows;
	int	 js_n;		/* members written in the current array */
	const char *js_k1;	/* key names of the current grouping */
	const char *js_k2;
	char	 js_day[16];	/* by_day: the day being written */
	struct lg_summary *js_sum;	/* counts the rows as they go */
};

/* opt - a string member, null when empty */
static void
opt(FILE *fp, const char *key, const char *v)
{
	json_member(fp, key, v[0] ? v : NULL, 1);
}

/* list - a comma-separated list as a JSON array of strings */
static void
list(FILE *fp, const char *key, const char *v)
{
	char buf[1024];
	int n = 0;

	fputc(',', fp);
	json_string(fp, key);
	fputs(":[", fp);
	while (*v != '\0') {
		size_t len = strcspn(v, ",");

		if (len > 0) {
			snprintf(buf, sizeof buf, "%.*s", (int)len, v);
			if (n++ > 0)
				fputc(',', fp);
			json_string(fp, buf);
		}
		v += len;
		if (*v == ',')
			v++;
	}
	fputc(']', fp);
}

/* ROW_JSON -- one row (also the stale list's entries) */
static void
row_json(FILE *fp, const struct lg_report_row *r)
{
	size_t i;

	fprintf(fp, "{\"id\":%lld", (long long)r->rp_id);
	json_member(fp, "time", r->rp_time, 1);
	json_member(fp, "host", r->rp_host, 1);
	json_member(fp, "queue_id", r->rp_queue_id, 1);
	json_member(fp, "message_id", r->rp_message_id, 1);
	json_member(fp, "sender", r->rp_sender, 1);
	opt(fp, "client", r->rp_client);
	opt(fp, "sasl_login", r->rp_sasl_login);
	opt(fp, "customer_id", r->rp_customer_id);
	opt(fp, "customer_name", r->rp_customer_name);
	list(fp, "expected", r->rp_expected);
	fputs(",\"recipients\":[", fp);
	for (i = 0; i < r->rp_nrcpts; i++) {
		const struct lg_report_rcpt *rc = &r->rp_rcpts[i];

		fputs(i ? ",{" : "{", fp);
		json_member(fp, "address", rc->rr_address, 0);
		json_member(fp, "tag", rc->rr_tag, 1);
		opt(fp, "entry", rc->rr_entry);
		opt(fp, "entry_name", rc->rr_entry_name);
		fputc('}', fp);
	}
	fprintf(fp, "],\"recipients_not_listed\":%zu", r->rp_rcpts_more);
	json_member(fp, "reason", r->rp_reason, 1);
	list(fp, "rules", r->rp_rules);
	json_member(fp, "kind", r->rp_kind, 1);
	json_member(fp, "disposition", r->rp_disposition, 1);
	opt(fp, "decided_by", r->rp_decided_by);
	opt(fp, "decided", r->rp_decided);
	opt(fp, "approved_by", r->rp_approved_by);
	opt(fp, "excerpt", r->rp_excerpt);
	opt(fp, "details", r->rp_details);
	fputc('}', fp);
}

static int
json_row(void *arg, const struct lg_report_row *r)
{
	struct json_state *js = arg;

	fputs(js->js_rows++ ? ",\n" : "\n", js->js_fp);
	row_json(js->js_fp, r);
	if (js->js_sum != NULL) {
		char day[11];
		struct lg_summary_row sr = {
			.sr_day = day, .sr_host = r->rp_host,
			.sr_reason = r->rp_reason, .sr_kind = r->rp_kind,
			.sr_disposition = r->rp_disposition,
			.sr_rules = r->rp_rules, .sr_client = r->rp_client,
			.sr_sasl_login = r->rp_sasl_login,
			.sr_recipients = r->rp_recipients,
			.sr_decision = r->rp_decision,
		};

		snprintf(day, sizeof day, "%s", r->rp_time);
		summary_add(js->js_sum, &sr);
	}
	return ferror(js->js_fp) ? -1 : 0;
}

static void
counts(FILE *fp, const int64_t n[RC_N])
{
	fprintf(fp, ",\"hold\":%lld,\"would_hold\":%lld,\"tempfail\":%lld,"
	    "\"total\":%lld", (long long)n[RC_HOLD], (long long)n[RC_WOULD_HOLD],
	    (long long)n[RC_TEMPFAIL], (long long)n[RC_TOTAL]);
}

static int
json_group(void *arg, const char *k1, const char *k2, const int64_t n[RC_N])
{
	struct json_state *js = arg;

	fputs(js->js_n++ ? ",{" : "{", js->js_fp);
	json_member(js->js_fp, js->js_k1, k1, 0);
	if (js->js_k2 != NULL)
		json_member(js->js_fp, js->js_k2, k2, 1);
	counts(js->js_fp, n);
	fputc('}', js->js_fp);
	return 0;
}

/* json_day - by_day entries, each with its reasons, from RG_DAY_REASON */
static int
json_day(void *arg, const char *day, const char *reason,
    const int64_t n[RC_N])
{
	struct json_state *js = arg;

	if (strcmp(day, js->js_day) != 0) {
		fputs(js->js_day[0] ? "]},{" : "{", js->js_fp);
		json_member(js->js_fp, "day", day, 0);
		fputs(",\"by_reason\":[", js->js_fp);
		snprintf(js->js_day, sizeof js->js_day, "%s", day);
		js->js_n = 0;
	}
	fputs(js->js_n++ ? ",{" : "{", js->js_fp);
	json_member(js->js_fp, "reason", reason, 0);
	counts(js->js_fp, n);
	fputc('}', js->js_fp);
	return 0;
}

/* group - one grouping as "name":[...] */
static int
group(struct json_state *js, struct lg_report_db *db,
    const struct lg_report_opts *o, const char *name, enum lg_report_group g,
    const char *k1, const char *k2, char *err, size_t errlen)
{
	fprintf(js->js_fp, ",\n\"%s\":[", name);
	js->js_n = 0;
	js->js_k1 = k1;
	js->js_k2 = k2;
	if (summary_walk(js->js_sum, g, json_group, js) == -1 &&
	    store_report_group(db, &o->ro_filter, g, json_group, js, err,
	    errlen) == -1)
		return -1;
	fputc(']', js->js_fp);
	return 0;
}

/* summary - every grouping, decision times and stale mail */
static int
summary(struct json_state *js, struct lg_report_db *db,
    const struct lg_report_opts *o, char *err, size_t errlen)
{
	FILE *fp = js->js_fp;
	int64_t n, median, p90, stale;

	fprintf(fp, "\"summary\":{\"rows\":%lld", (long long)js->js_rows);
	if (group(js, db, o, "by_disposition", RG_DISPOSITION,
	    "disposition", NULL, err, errlen) == -1 ||
	    group(js, db, o, "by_host", RG_HOST, "host", NULL, err,
	    errlen) == -1 ||
	    group(js, db, o, "by_reason", RG_REASON, "reason", NULL, err,
	    errlen) == -1)
		return -1;
	fputs(",\n\"by_day\":[", fp);
	js->js_day[0] = '\0';
	summary_walk(js->js_sum, RG_DAY_REASON, json_day, js);
	fputs(js->js_day[0] ? "]}]" : "]", fp);
	if (group(js, db, o, "by_rule", RG_RULE, "rule", NULL, err,
	    errlen) == -1 ||
	    group(js, db, o, "by_recipient_domain", RG_DOMAIN, "domain", NULL,
	    err, errlen) == -1 ||
	    group(js, db, o, "by_client", RG_CLIENT, "client", "sasl_login",
	    err, errlen) == -1 ||
	    group(js, db, o, "repeat_customers", RG_REPEAT_CUSTOMER,
	    "customer_id", "customer_name", err, errlen) == -1 ||
	    group(js, db, o, "namesake_pairs", RG_NAMESAKE_PAIR,
	    "customer_id", "other_entry", err, errlen) == -1)
		return -1;
	summary_decision_times(js->js_sum, &n, &median, &p90);
	fprintf(fp, ",\n\"decision_time\":{\"decided\":%lld", (long long)n);
	if (n > 0)
		fprintf(fp, ",\"median_seconds\":%lld,\"p90_seconds\":%lld}",
		    (long long)median, (long long)p90);
	else
		fputs(",\"median_seconds\":null,\"p90_seconds\":null}", fp);
	fprintf(fp, ",\n\"stale\":{\"age_seconds\":%ld", o->ro_stale_age);
	json_member(fp, "held_before", o->ro_stale_before, 1);
	fputs(",\"oldest\":[", fp);
	js->js_rows = 0;
	js->js_sum = NULL;	/* these rows are counted already */
	if (store_report_stale(db, &o->ro_filter, o->ro_stale_before, &stale,
	    REPORT_STALE_LIST, json_row, js, err, errlen) == -1)
		return -1;
	fprintf(fp, "],\"count\":%lld}}", (long long)stale);
	return 0;
}

/*
 * REPORT_JSON -- the whole document.  Return value: 0, or -1 with err set.
 */
int
report_json(FILE *fp, struct lg_report_db *db, const struct lg_report_opts *o,
    char *err, size_t errlen)
{
	struct json_state js = { .js_fp = fp };
	struct lg_summary *sum;
	size_t i;
	int rc = -1;

	fputs("{\"report\":{", fp);
	json_member(fp, "generated", o->ro_generated, 0);
	json_member(fp, "since", o->ro_filter.rf_since, 1);
	json_member(fp, "until", o->ro_filter.rf_until, 1);
	json_member(fp, "reason", o->ro_filter.rf_reason, 1);
	json_member(fp, "customer", o->ro_filter.rf_customer, 1);
	fputs(",\"stores\":[", fp);
	for (i = 0; i < o->ro_nstores; i++) {
		if (i > 0)
			fputc(',', fp);
		json_string(fp, o->ro_stores[i]);
	}
	fputs("]},\n\"rows\":[", fp);
	if ((js.js_sum = sum = summary_new()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (store_report_rows(db, &o->ro_filter, 0, json_row, &js, err,
	    errlen) == -1)
		goto out;
	fputs("],\n", fp);
	if (summary(&js, db, o, err, errlen) == -1)
		goto out;
	fputs("}\n", fp);
	if (ferror(fp))
		snprintf(err, errlen, "write error");
	else
		rc = 0;
out:
	summary_free(sum);
	return rc;
}
