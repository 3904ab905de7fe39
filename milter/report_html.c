/*
 * report_html.c - "leakguardctl report --format html": one self-contained
 * page an incident lead can read in a minute: the period and totals as
 * cards, a chart per day of holds by reason (report_html_chart.c), the
 * summary tables, and the newest rows (--max-rows, 10,000 by default, with
 * the total) that can be filtered by reason in the page without any
 * script: radio buttons and CSS :checked rules.
 *
 * Self-contained and strict: no script, font, image or link to anything
 * outside; a Content-Security-Policy of default-src 'none' that allows
 * only this page's one <style> element, by its SHA-256 hash.  Every string
 * from the store is HTML-escaped (report_text.c), in text, attributes and
 * SVG <title> alike.  The queries are store_report.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "report_html.h"
#include "report_summary.h"

#define TABLE_ROWS	15	/* rows of a summary table; JSON has all */

static const char base_css[] =
":root{--ink:#1f2933;--mute:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;"
"--head:#102a43}\n"
"*{box-sizing:border-box}\n"
"body{margin:0;font:14px/1.45 \"DejaVu Sans\",system-ui,sans-serif;"
"color:var(--ink);background:var(--bg)}\n"
"header{background:var(--head);color:#fff;padding:16px 28px}\n"
"header h1{margin:0;font-size:21px;font-weight:600}\n"
"header p{margin:3px 0 0;color:#bcccdc;font-size:13px}\n"
"main{padding:12px 28px 40px}\n"
"h2{font-size:15px;margin:22px 0 8px;color:var(--head)}\n"
".mute{color:var(--mute);font-weight:normal}\n"
".cards{display:grid;grid-template-columns:repeat(auto-fill,"
"minmax(112px,1fr));gap:10px;margin-top:8px}\n"
".card{background:#fff;border:1px solid var(--line);border-radius:8px;"
"padding:8px 12px}\n"
".card b{display:block;font-size:23px;font-weight:600;"
"font-variant-numeric:tabular-nums}\n"
".card span{color:var(--mute);font-size:11px;text-transform:uppercase;"
"letter-spacing:.04em}\n"
".card.alert{border-color:#e12d39}.card.alert b{color:#cf1124}\n"
".card.monitor b{color:#0072b2}\n"
".panel,figure{background:#fff;border:1px solid var(--line);"
"border-radius:8px;padding:10px 14px;margin:0}\n"
"figure{margin-top:12px}figcaption{font-weight:600;color:var(--head)}\n"
"svg{width:100%;height:auto;display:block}\n"
"svg .grid{stroke:#e4e7eb}svg text{font:11px \"DejaVu Sans\",sans-serif;"
"fill:#616e7c}svg .axis{text-anchor:end}svg .date{text-anchor:middle}\n"
".legend{list-style:none;margin:4px 0 0;padding:0;font-size:12px}\n"
".legend li{display:inline-block;margin-right:14px}\n"
".sw{display:inline-block;width:10px;height:10px;border-radius:2px;"
"margin-right:4px}\n"
".grid2{display:grid;grid-template-columns:repeat(auto-fill,"
"minmax(370px,1fr));gap:12px}\n"
".grid2 h3{font-size:13px;margin:0 0 4px;color:var(--head)}\n"
"table{border-collapse:collapse;width:100%;font-size:12.5px}\n"
"th,td{text-align:left;padding:3px 7px;border-bottom:1px solid "
"var(--line);vertical-align:top}\n"
"th{color:var(--mute);font-weight:600;font-size:11.5px;background:#fafbfc}\n"
".n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
".chip{display:inline-block;padding:0 7px;border-radius:9px;color:#fff;"
"font-size:11.5px;white-space:nowrap}\n"
".tag{display:inline-block;padding:0 5px;border-radius:4px;"
"font-size:11px;border:1px solid}\n"
".t-on_record{color:#18794e;border-color:#8bd5b0}\n"
".t-other_record{color:#fff;background:#cf1124;border-color:#cf1124}\n"
".t-unknown{color:#616e7c;border-color:#cbd2d9}\n"
".mono{font-family:\"DejaVu Sans Mono\",monospace;font-size:11.5px}\n"
".small{font-size:11.5px;color:var(--mute)}\n"
".wrap{word-break:break-all}.time{white-space:nowrap}.ex{min-width:9em}\n"
"details>summary{cursor:pointer;font-weight:600;color:var(--head);"
"margin:18px 0 8px}\n"
".filter>input{position:absolute;opacity:0;pointer-events:none}\n"
".labels label{display:inline-block;padding:2px 10px;margin:0 5px 6px 0;"
"border:1px solid #cbd2d9;border-radius:14px;background:#fff;"
"cursor:pointer;font-size:12.5px}\n"
"#rows tbody tr:nth-child(even){background:#fafbfc}\n"
".d-held{color:#cf1124;font-weight:600}.d-would_hold{color:#0072b2}\n"
".d-released{color:#18794e}.d-deleted{color:#616e7c}\n";

/* reason_index - the place of a reason in hp_reasons, or -1 */
static int
reason_index(const struct html_page *pg, const char *reason)
{
	size_t i;

	for (i = 0; i < pg->hp_nreasons; i++)
		if (strcmp(pg->hp_reasons[i], reason) == 0)
			return (int)i;
	return -1;
}

/* --- collecting what the page knows before it is written --- */

static int
got_reason(void *arg, const char *k1, const char *k2, const int64_t n[RC_N])
{
	struct html_page *pg = arg;
	int i;

	(void)k2;
	for (i = 0; i < RC_N; i++)
		pg->hp_kind[i] += n[i];
	if (pg->hp_nreasons < HTML_REASONS_MAX) {
		snprintf(pg->hp_reasons[pg->hp_nreasons],
		    sizeof pg->hp_reasons[0], "%s", k1);
		memcpy(pg->hp_reason_n[pg->hp_nreasons++], n,
		    sizeof pg->hp_reason_n[0]);
	}
	return 0;
}

static int
got_disposition(void *arg, const char *k1, const char *k2,
    const int64_t n[RC_N])
{
	struct html_page *pg = arg;

	(void)k2;
	if (strcmp(k1, "held") == 0)
		pg->hp_held = n[RC_TOTAL];
	else if (strcmp(k1, "released") == 0)
		pg->hp_released = n[RC_TOTAL];
	else if (strcmp(k1, "deleted") == 0)
		pg->hp_deleted = n[RC_TOTAL];
	else if (strcmp(k1, "expired") == 0)
		pg->hp_expired = n[RC_TOTAL];
	return 0;
}

/* day_epoch - "YYYY-MM-DD" as seconds, or -1 */
static time_t
day_epoch(const char *day)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (strptime(day, "%Y-%m-%d", &tm) == NULL)
		return -1;
	return timegm(&tm);
}

/* got_day - RG_DAY_REASON rows into the chart's days, gaps filled */
static int
got_day(void *arg, const char *day, const char *reason, const int64_t n[RC_N])
{
	struct html_state *hs = arg;
	struct html_day *d;
	int r = reason_index(hs->hs_pg, reason);

	while (hs->hs_ndays == 0 ||
	    strcmp(hs->hs_days[hs->hs_ndays - 1].hd_day, day) < 0) {
		time_t t = hs->hs_ndays == 0 ? day_epoch(day) :
		    day_epoch(hs->hs_days[hs->hs_ndays - 1].hd_day) + 86400;
		struct tm tm;

		if (t == -1)
			return 0;	/* not a date: not drawn */
		if (hs->hs_ndays == HTML_DAYS_MAX) {	/* keep the newest */
			memmove(hs->hs_days, hs->hs_days + 1,
			    (HTML_DAYS_MAX - 1) * sizeof *hs->hs_days);
			hs->hs_ndays--;
		}
		d = &hs->hs_days[hs->hs_ndays++];
		memset(d, 0, sizeof *d);
		gmtime_r(&t, &tm);
		strftime(d->hd_day, sizeof d->hd_day, "%Y-%m-%d", &tm);
	}
	d = &hs->hs_days[hs->hs_ndays - 1];
	if (r >= 0 && strcmp(d->hd_day, day) == 0) {
		d->hd_n[0][r] += n[RC_HOLD];
		d->hd_n[1][r] += n[RC_WOULD_HOLD];
	}
	return 0;
}

/* --- writing --- */

/* style - the page's CSS: the fixed part and one rule set per reason */
static char *
style(const struct html_page *pg)
{
	char *css = NULL, cls[48];
	size_t len = 0, i;
	FILE *m;

	if ((m = open_memstream(&css, &len)) == NULL)
		return NULL;
	fputs(base_css, m);
	fputs("#f-all:checked~.labels label[for=f-all]", m);
	for (i = 0; i < pg->hp_nreasons; i++) {
		html_reason_class(cls, sizeof cls, pg->hp_reasons[i]);
		fprintf(m, ",\n#f-%s:checked~.labels label[for=f-%s]", cls, cls);
	}
	fputs("{background:var(--head);color:#fff;border-color:var(--head)}\n",
	    m);
	for (i = 0; i < pg->hp_nreasons; i++) {
		const char *c = html_reason_color(pg->hp_reasons[i], i);

		html_reason_class(cls, sizeof cls, pg->hp_reasons[i]);
		fprintf(m, ".c-%s{fill:%s;background:%s}\n", cls, c, c);
		fprintf(m, "#f-%s:checked~table tbody tr:not(.r-%s){display:none}"
		    "\n", cls, cls);
	}
	if (fclose(m) != 0) {
		free(css);
		return NULL;
	}
	return css;
}

/* csp_hash - base64 SHA-256 of the style text, for the CSP */
static int
csp_hash(const char *css, char *out, size_t len)
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int dlen = 0;

	if (len < 64 || EVP_Digest(css, strlen(css), d, &dlen, EVP_sha256(),
	    NULL) != 1)
		return -1;
	EVP_EncodeBlock((unsigned char *)out, d, (int)dlen);
	return 0;
}

static void
card(FILE *fp, const char *cls, const char *id, int64_t n, const char *what)
{
	fprintf(fp, "<div class=\"card %s\" id=\"%s\" data-n=\"%lld\"><b>%lld"
	    "</b><span>%s</span></div>\n", cls, id, (long long)n, (long long)n,
	    what);
}

static void
card_time(FILE *fp, const char *id, int64_t s, const char *what)
{
	char buf[32];

	report_duration(buf, sizeof buf, s);
	fprintf(fp, "<div class=\"card\" id=\"%s\"><b>%s</b><span>%s</span>"
	    "</div>\n", id, buf, what);
}

/* table_row - a summary table row, up to TABLE_ROWS of them */
static int
table_row(void *arg, const char *k1, const char *k2, const int64_t n[RC_N])
{
	struct html_state *hs = arg;
	FILE *fp = hs->hs_fp;

	if (hs->hs_shown >= TABLE_ROWS) {
		hs->hs_more++;
		return 0;
	}
	hs->hs_shown++;
	fputs("<tr><td>", fp);
	if (hs->hs_chip)
		html_chip(fp, k1);
	else
		report_html_text(fp, k1[0] ? k1 : "(none)");
	fputs("</td>", fp);
	if (hs->hs_cols) {
		fputs("<td class=\"wrap\">", fp);
		report_html_text(fp, k2);
		fputs("</td>", fp);
	}
	fprintf(fp, "<td class=\"n\">%lld</td><td class=\"n\">%lld</td>"
	    "<td class=\"n\"><b>%lld</b></td></tr>\n", (long long)n[RC_HOLD],
	    (long long)n[RC_WOULD_HOLD], (long long)n[RC_TOTAL]);
	return 0;
}

/* table - one summary table of a grouping */
static int
table(struct html_state *hs, struct lg_report_db *db,
    const struct lg_report_opts *o, enum lg_report_group g, const char *id,
    const char *title, const char *h1, const char *h2, char *err,
    size_t errlen)
{
	FILE *fp = hs->hs_fp;

	fprintf(fp, "<div class=\"panel\" id=\"%s\"><h3>%s</h3><table><thead>"
	    "<tr><th>%s</th>", id, title, h1);
	if (h2 != NULL)
		fprintf(fp, "<th>%s</th>", h2);
	fputs("<th class=\"n\">held</th><th class=\"n\">would hold</th>"
	    "<th class=\"n\">total</th></tr></thead><tbody>\n", fp);
	hs->hs_shown = hs->hs_more = 0;
	hs->hs_cols = h2 != NULL;
	hs->hs_chip = g == RG_REASON;
	if (summary_walk(hs->hs_sum, g, table_row, hs) == -1 &&
	    store_report_group(db, &o->ro_filter, g, table_row, hs, err,
	    errlen) == -1)
		return -1;
	if (hs->hs_shown == 0)
		fprintf(fp, "<tr><td colspan=\"%d\" class=\"small\">none</td></tr>",
		    h2 ? 5 : 4);
	fputs("</tbody></table>", fp);
	if (hs->hs_more > 0)
		fprintf(fp, "<p class=\"small\">and %lld more (all of them in "
		    "the JSON report)</p>", (long long)hs->hs_more);
	fputs("</div>\n", fp);
	return 0;
}

/* head - everything before the cards */
static int
head(FILE *fp, const struct html_page *pg, const struct lg_report_opts *o)
{
	char *css = style(pg), hash[128];
	size_t i;

	if (css == NULL || csp_hash(css, hash, sizeof hash) == -1) {
		free(css);
		return -1;
	}
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-"
	    "Policy\" content=\"default-src 'none'; style-src 'sha256-%s'; "
	    "base-uri 'none'; form-action 'none'\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width\">\n<title>leakguard report ", hash);
	report_html_text(fp, o->ro_filter.rf_since);
	fputs(" to ", fp);
	report_html_text(fp, o->ro_filter.rf_until);
	fprintf(fp, "</title>\n<style>%s</style></head>\n<body>\n<header><h1>"
	    "Held and would-be-held mail</h1><p>", css);
	free(css);
	report_html_text(fp, o->ro_filter.rf_since);
	fputs(" to ", fp);
	report_html_text(fp, o->ro_filter.rf_until);
	fputs(" (UTC)", fp);
	if (o->ro_filter.rf_reason != NULL) {
		fputs(" · reason ", fp);
		report_html_text(fp, o->ro_filter.rf_reason);
	}
	if (o->ro_filter.rf_customer != NULL) {
		fputs(" · customer ", fp);
		report_html_text(fp, o->ro_filter.rf_customer);
	}
	fputs(" · stores: ", fp);
	for (i = 0; i < o->ro_nstores; i++) {
		fputs(i ? ", " : "", fp);
		report_html_text(fp, o->ro_stores[i]);
	}
	fputs(" · generated ", fp);
	report_html_text(fp, o->ro_generated);
	fputs("</p></header>\n<main>\n", fp);
	return 0;
}

/* cards - the totals at a glance */
static void
cards(FILE *fp, const struct html_page *pg, const struct lg_report_opts *o)
{
	char what[96], age[32];

	fputs("<section class=\"cards\">\n", fp);
	card(fp, "", "total-rows", pg->hp_kind[RC_TOTAL], "decisions");
	card(fp, "", "total-hold", pg->hp_kind[RC_HOLD], "held (enforce)");
	card(fp, "monitor", "total-would-hold", pg->hp_kind[RC_WOULD_HOLD],
	    "would hold (monitor)");
	if (pg->hp_kind[RC_TEMPFAIL] > 0)
		card(fp, "", "total-tempfail", pg->hp_kind[RC_TEMPFAIL],
		    "tempfailed");
	card(fp, pg->hp_held ? "alert" : "", "total-held", pg->hp_held,
	    "still held");
	if (o->ro_stale_age % 86400 == 0 && o->ro_stale_age % (86400 * 7) != 0
	    && o->ro_stale_age > 86400)
		snprintf(age, sizeof age, "%ldd", o->ro_stale_age / 86400);
	else if (o->ro_stale_age % 3600 == 0)
		snprintf(age, sizeof age, "%ldh", o->ro_stale_age / 3600);
	else
		report_duration(age, sizeof age, o->ro_stale_age);
	snprintf(what, sizeof what, "undecided &gt; %s", age);
	card(fp, pg->hp_stale ? "alert" : "", "total-stale", pg->hp_stale, what);
	card(fp, "", "total-released", pg->hp_released, "released");
	card(fp, "", "total-deleted", pg->hp_deleted, "deleted");
	if (pg->hp_expired > 0)
		card(fp, "", "total-expired", pg->hp_expired, "expired");
	card_time(fp, "median", pg->hp_decided ? pg->hp_median : -1,
	    "median hold to decision");
	card_time(fp, "p90", pg->hp_decided ? pg->hp_p90 : -1,
	    "90th percentile");
	fputs("</section>\n", fp);
}

/* collect - the counts the page needs before it is written */
static int
collect(struct html_state *hs, struct lg_report_db *db,
    const struct lg_report_opts *o, char *err, size_t errlen)
{
	struct html_page *pg = hs->hs_pg;
	const struct lg_report_filter *f = &o->ro_filter;

	if ((hs->hs_sum = summary_new()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (store_report_summary(db, f, hs->hs_sum, err, errlen) == -1 ||
	    store_report_stale(db, f, o->ro_stale_before, &pg->hp_stale, 0,
	    NULL, NULL, err, errlen) == -1)
		return -1;
	summary_walk(hs->hs_sum, RG_REASON, got_reason, pg);
	summary_walk(hs->hs_sum, RG_DISPOSITION, got_disposition, pg);
	summary_decision_times(hs->hs_sum, &pg->hp_decided, &pg->hp_median,
	    &pg->hp_p90);
	return summary_walk(hs->hs_sum, RG_DAY_REASON, got_day, hs);
}

/* summary - the summary tables */
static int
summary(struct html_state *hs, struct lg_report_db *db,
    const struct lg_report_opts *o, char *err, size_t errlen)
{
	FILE *fp = hs->hs_fp;

	fputs("<h2>Summary</h2>\n<section class=\"grid2\">\n", fp);
	if (table(hs, db, o, RG_REASON, "by-reason", "By reason", "reason",
	    NULL, err, errlen) == -1 ||
	    table(hs, db, o, RG_REPEAT_CUSTOMER, "repeat-customers",
	    "Customers with repeated mismatches", "customer", "name", err,
	    errlen) == -1 ||
	    table(hs, db, o, RG_NAMESAKE_PAIR, "namesake-pairs",
	    "Namesake pairs seen more than once", "customer", "other entry",
	    err, errlen) == -1 ||
	    table(hs, db, o, RG_CLIENT, "by-client", "By sending client and "
	    "login", "client", "SASL login", err, errlen) == -1 ||
	    table(hs, db, o, RG_DOMAIN, "by-domain", "By recipient domain "
	    "(recipients)", "domain", NULL, err, errlen) == -1 ||
	    table(hs, db, o, RG_RULE, "by-rule", "By rule", "rule", NULL, err,
	    errlen) == -1 ||
	    table(hs, db, o, RG_HOST, "by-host", "By host", "host", NULL, err,
	    errlen) == -1 ||
	    table(hs, db, o, RG_DISPOSITION, "by-disposition", "By disposition",
	    "disposition", NULL, err, errlen) == -1)
		return -1;
	fputs("</section>\n", fp);
	return 0;
}

/*
 * REPORT_HTML -- the page.  Return value: 0, or -1 with err set.
 */
int
report_html(FILE *fp, struct lg_report_db *db, const struct lg_report_opts *o,
    char *err, size_t errlen)
{
	struct html_state hs = { .hs_fp = fp };
	int rc = -1;

	hs.hs_pg = calloc(1, sizeof *hs.hs_pg);
	hs.hs_days = calloc(HTML_DAYS_MAX, sizeof *hs.hs_days);
	if (hs.hs_pg == NULL || hs.hs_days == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (collect(&hs, db, o, err, errlen) == -1)
		goto out;
	if (head(fp, hs.hs_pg, o) == -1) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	cards(fp, hs.hs_pg, o);
	html_chart(fp, hs.hs_pg, hs.hs_days, hs.hs_ndays, 0,
	    "Held per day, by reason");
	html_chart(fp, hs.hs_pg, hs.hs_days, hs.hs_ndays, 1,
	    "Would hold per day (monitor mode), by reason");
	if (summary(&hs, db, o, err, errlen) == -1)
		goto out;
	if (hs.hs_pg->hp_stale > 0) {
		fprintf(fp, "<details id=\"stale-list\"><summary>Undecided for "
		    "too long: %lld held before ", (long long)hs.hs_pg->hp_stale);
		report_html_text(fp, o->ro_stale_before);
		fprintf(fp, " <span class=\"mute\">(the oldest %d; open)</span>"
		    "</summary>\n<section class=\"panel\"><table id=\"stale\">%s"
		    "<tbody>\n", REPORT_STALE_LIST, html_rows_head);
		if (store_report_stale(db, &o->ro_filter, o->ro_stale_before,
		    &hs.hs_pg->hp_stale, REPORT_STALE_LIST, html_row, &hs, err,
		    errlen) == -1)
			goto out;
		fputs("</tbody></table></section></details>\n", fp);
	}
	if (html_rows(&hs, db, o, err, errlen) == -1)
		goto out;
	fputs("</main>\n</body></html>\n", fp);
	if (hs.hs_failed || ferror(fp))
		snprintf(err, errlen, "write error");
	else
		rc = 0;
out:
	summary_free(hs.hs_sum);
	free(hs.hs_pg);
	free(hs.hs_days);
	return rc;
}
