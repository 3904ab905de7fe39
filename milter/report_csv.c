/*
 * report_csv.c - "leakguardctl report --format csv": one header line and
 * one line per row, oldest first, as RFC 4180 says (CRLF line ends, UTF-8,
 * cells escaped by report_text.c so a spreadsheet runs no formula).  Rows
 * are streamed from the store; no summary here (JSON and HTML have one).
 * The columns are listed in leakguardctl(8) and must stay stable.
 */
#include <stdio.h>
#include <stdlib.h>

#include "report.h"

static const char *const csv_columns[] = {
	"id", "time", "host", "queue_id", "message_id", "sender", "client",
	"sasl_login", "customer_id", "customer_name", "expected",
	"recipients", "reason", "rules", "kind", "disposition", "decided_by",
	"decided", "approved_by", "excerpt", "details",
};

struct csv_state {
	FILE	*cs_fp;
	char	*cs_buf;	/* the recipients cell being built */
	size_t	 cs_len;
	int	 cs_failed;	/* out of memory or write error */
};

static void
put_raw(FILE *fp, const char *s)
{
	fputs(s, fp);
}

/* recipients_cell - "a@x (on_record); b@y (other_record: DN "name")" */
static int
recipients_cell(struct csv_state *cs, const struct lg_report_row *r)
{
	FILE *m;
	size_t i;

	free(cs->cs_buf);
	cs->cs_buf = NULL;
	if ((m = open_memstream(&cs->cs_buf, &cs->cs_len)) == NULL)
		return -1;
	for (i = 0; i < r->rp_nrcpts; i++) {
		if (i > 0)
			fputs("; ", m);
		report_rcpt_text(m, &r->rp_rcpts[i], put_raw);
	}
	if (r->rp_rcpts_more > 0)
		fprintf(m, "; and %zu more", r->rp_rcpts_more);
	return fclose(m) == 0 ? 0 : -1;
}

static int
csv_row(void *arg, const struct lg_report_row *r)
{
	struct csv_state *cs = arg;
	const char *cells[sizeof csv_columns / sizeof csv_columns[0]];
	char id[32];
	size_t i, n = 0;

	if (recipients_cell(cs, r) == -1)
		return cs->cs_failed = -1;
	snprintf(id, sizeof id, "%lld", (long long)r->rp_id);
	cells[n++] = id;
	cells[n++] = r->rp_time;
	cells[n++] = r->rp_host;
	cells[n++] = r->rp_queue_id;
	cells[n++] = r->rp_message_id;
	cells[n++] = r->rp_sender;
	cells[n++] = r->rp_client;
	cells[n++] = r->rp_sasl_login;
	cells[n++] = r->rp_customer_id;
	cells[n++] = r->rp_customer_name;
	cells[n++] = r->rp_expected;
	cells[n++] = cs->cs_buf;
	cells[n++] = r->rp_reason;
	cells[n++] = r->rp_rules;
	cells[n++] = r->rp_kind;
	cells[n++] = r->rp_disposition;
	cells[n++] = r->rp_decided_by;
	cells[n++] = r->rp_decided;
	cells[n++] = r->rp_approved_by;
	cells[n++] = r->rp_excerpt;
	cells[n++] = r->rp_details;
	_Static_assert(sizeof cells / sizeof cells[0] == 21, "one per column");
	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', cs->cs_fp);
		report_csv_cell(cs->cs_fp, cells[i]);
	}
	fputs("\r\n", cs->cs_fp);
	return ferror(cs->cs_fp) ? (cs->cs_failed = -1) : 0;
}

/*
 * REPORT_CSV -- the rows the options select, as CSV.
 *	Return value: 0, or -1 with err set.
 */
int
report_csv(FILE *fp, struct lg_report_db *db, const struct lg_report_opts *o,
    char *err, size_t errlen)
{
	struct csv_state cs = { fp, NULL, 0, 0 };
	size_t i;
	int rc;

	for (i = 0; i < sizeof csv_columns / sizeof csv_columns[0]; i++)
		fprintf(fp, "%s%s", i > 0 ? "," : "", csv_columns[i]);
	fputs("\r\n", fp);
	rc = store_report_rows(db, &o->ro_filter, 0, csv_row, &cs, err, errlen);
	free(cs.cs_buf);
	if (rc == 0 && (cs.cs_failed || ferror(fp))) {
		snprintf(err, errlen, "out of memory or write error");
		rc = -1;
	}
	return rc;
}
