/*
 * report_html_rows.c - the rows of the HTML page: one table row per
 * decision (also the stale list's), and the newest rows behind radio
 * buttons that filter them by reason with CSS alone (the page's style
 * rules "#f-REASON:checked~table tbody tr:not(.r-REASON)" hide the
 * others).  Every string from the store is HTML-escaped.
 */
#include <stdio.h>
#include <string.h>

#include "report_html.h"

/* HTML_CHIP -- a reason as a coloured chip */
void
html_chip(FILE *fp, const char *reason)
{
	char cls[48];

	html_reason_class(cls, sizeof cls, reason);
	fprintf(fp, "<span class=\"chip c-%s\">", cls);
	report_html_text(fp, reason);
	fputs("</span>", fp);
}

/* text_cell - escaped text in a cell of the given class */
static void
text_cell(FILE *fp, const char *cls, const char *s)
{
	fprintf(fp, "<td class=\"%s\">", cls);
	report_html_text(fp, s);
	fputs("</td>", fp);
}

/* HTML_ROW -- one row of the rows table (and of the stale table) */
int
html_row(void *arg, const struct lg_report_row *r)
{
	struct html_state *hs = arg;
	FILE *fp = hs->hs_fp;
	char cls[48], when[32];
	size_t i;

	html_reason_class(cls, sizeof cls, r->rp_reason);
	fprintf(fp, "<tr class=\"row r-%s\"><td class=\"mono time\">", cls);
	/* 2026-11-23T06:33:12Z shown as 2026-11-23 06:33:12 */
	snprintf(when, sizeof when, "%s", r->rp_time);
	if (strlen(when) == 20 && when[10] == 'T' && when[19] == 'Z') {
		when[10] = ' ';
		when[19] = '\0';
	}
	report_html_text(fp, when);
	fputs("<br><span class=\"small\">", fp);
	report_html_text(fp, r->rp_host);
	fputs("</span></td><td class=\"mono wrap\"><span class=\"time\">", fp);
	report_html_text(fp, r->rp_queue_id);
	fputs("</span><br><span class=\"small\">", fp);
	report_html_text(fp, r->rp_message_id);
	fputs("</span></td><td>", fp);
	html_chip(fp, r->rp_reason);
	fputs("<br><span class=\"small\">", fp);
	report_html_text(fp, r->rp_rules);
	fputs("</span></td><td>", fp);
	report_html_text(fp, r->rp_customer_id);
	fputs(" ", fp);
	report_html_text(fp, r->rp_customer_name);
	fputs("<br><span class=\"small wrap\">", fp);
	report_html_text(fp, r->rp_expected);
	fputs("</span></td><td class=\"wrap\">", fp);
	for (i = 0; i < r->rp_nrcpts; i++) {
		const struct lg_report_rcpt *rc = &r->rp_rcpts[i];

		html_reason_class(cls, sizeof cls, rc->rr_tag);
		if (i > 0)
			fputs("<br>", fp);
		report_html_text(fp, rc->rr_address);
		fprintf(fp, " <span class=\"tag t-%s\">", cls);
		report_html_text(fp, rc->rr_tag);
		if (rc->rr_entry[0] != '\0') {
			fputs(": ", fp);
			report_html_text(fp, rc->rr_entry);
			if (rc->rr_entry_name[0] != '\0') {
				fputs(" (", fp);
				report_html_text(fp, rc->rr_entry_name);
				fputs(")", fp);
			}
		}
		fputs("</span>", fp);
	}
	if (r->rp_rcpts_more > 0)
		fprintf(fp, "<br>and %zu more", r->rp_rcpts_more);
	fputs("</td><td class=\"wrap\">", fp);
	report_html_text(fp, r->rp_sender);
	fputs("<br><span class=\"small\">", fp);
	report_html_text(fp, r->rp_client);
	if (r->rp_sasl_login[0] != '\0') {
		fputs(" login ", fp);
		report_html_text(fp, r->rp_sasl_login);
	}
	html_reason_class(cls, sizeof cls, r->rp_disposition);
	fprintf(fp, "</span></td><td><span class=\"d-%s\">", cls);
	report_html_text(fp, r->rp_disposition);
	fputs("</span>", fp);
	if (r->rp_decided_by[0] != '\0') {
		fputs("<br><span class=\"small\">by ", fp);
		report_html_text(fp, r->rp_decided_by);
		fputs(" ", fp);
		report_html_text(fp, r->rp_decided);
		if (r->rp_approved_by[0] != '\0') {
			fputs(", approved by ", fp);
			report_html_text(fp, r->rp_approved_by);
		}
		fputs("</span>", fp);
	}
	fputs("</td>", fp);
	text_cell(fp, "mono small ex", r->rp_excerpt);
	fputs("</tr>\n", fp);
	return ferror(fp) ? (hs->hs_failed = -1) : 0;
}

const char html_rows_head[] = "<thead><tr><th>time (UTC) · host</th>"
    "<th>queue id · Message-ID</th><th>reason · rules</th>"
    "<th>customer · expected</th><th>recipients</th>"
    "<th>sender · client</th><th>decision</th><th>excerpt</th></tr>"
    "</thead>\n";

/* HTML_ROWS -- the filter and the newest rows */
int
html_rows(struct html_state *hs, struct lg_report_db *db,
    const struct lg_report_opts *o, char *err, size_t errlen)
{
	const struct html_page *pg = hs->hs_pg;
	int64_t total = pg->hp_kind[RC_TOTAL];
	int64_t shown = total < o->ro_max_rows ? total : o->ro_max_rows;
	FILE *fp = hs->hs_fp;
	char cls[48];
	size_t i;

	fprintf(fp, "<h2>Decisions <span class=\"mute\" id=\"rows-shown\" "
	    "data-shown=\"%lld\" data-total=\"%lld\">newest %lld of %lld, "
	    "newest first</span></h2>\n<section class=\"filter panel\">\n"
	    "<input type=\"radio\" name=\"reason\" id=\"f-all\" checked>",
	    (long long)shown, (long long)total, (long long)shown,
	    (long long)total);
	for (i = 0; i < pg->hp_nreasons; i++) {
		html_reason_class(cls, sizeof cls, pg->hp_reasons[i]);
		fprintf(fp, "<input type=\"radio\" name=\"reason\" id=\"f-%s\">",
		    cls);
	}
	fputs("\n<div class=\"labels\"><span class=\"small\">show: </span>"
	    "<label for=\"f-all\">all</label>", fp);
	for (i = 0; i < pg->hp_nreasons; i++) {
		html_reason_class(cls, sizeof cls, pg->hp_reasons[i]);
		fprintf(fp, "<label for=\"f-%s\">", cls);
		report_html_text(fp, pg->hp_reasons[i]);
		fprintf(fp, " <span class=\"mute\">%lld</span></label>",
		    (long long)pg->hp_reason_n[i][RC_TOTAL]);
	}
	fprintf(fp, "</div>\n<table id=\"rows\">%s<tbody>\n", html_rows_head);
	if (store_report_rows(db, &o->ro_filter, o->ro_max_rows, html_row, hs,
	    err, errlen) == -1)
		return -1;
	fputs("</tbody></table>\n</section>\n", fp);
	return 0;
}

