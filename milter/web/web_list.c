/*
 * web_list.c - leakguard-web's first page: the held mail, newest first,
 * filtered by reason, age and customer number, with how many are held for
 * each reason.  Each row links to its record page (web_record.c).  Reads
 * the store read-only with bound parameters; every string from the store
 * goes through web_html().  Errors: -1 when the store cannot be read.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "web.h"

#define LIST_MAX	500	/* rows on one page */

static const long ages[] = { 0, 1, 24, 168 };	/* hours; 0: any */
static const char *const age_names[] = { "Any age", "Last hour",
    "Last 24 hours", "Last 7 days" };
_Static_assert(sizeof ages / sizeof ages[0] ==
    sizeof age_names / sizeof age_names[0], "one name per age");

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t != NULL ? (const char *)t : "";
}

/* counts - "N held" and the reason filter with a count for each reason */
static int
counts(FILE *f, sqlite3 *db, const char *reason)
{
	sqlite3_stmt *st;
	int rc, total = 0;

	if (sqlite3_prepare_v2(db, "SELECT reason, count(*) FROM quarantine"
	    " WHERE status = 'held' GROUP BY reason ORDER BY 2 DESC, 1", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	fputs("<label>Why held <select name=\"reason\"><option value=\"\">"
	    "Any reason</option>", f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		total += sqlite3_column_int(st, 1);
		fputs("<option value=\"", f);
		web_html(f, col(st, 0));
		fputs(strcmp(reason, col(st, 0)) == 0 ? "\" selected>" : "\">", f);
		web_html(f, col(st, 0));
		fprintf(f, " (%d)</option>", sqlite3_column_int(st, 1));
	}
	sqlite3_finalize(st);
	fprintf(f, "</select></label><span class=\"total\">%d held in all"
	    "</span>", total);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
web_page_list(FILE *f, const struct lg_config *cfg, const char *reason,
    const char *customer, long max_age)
{
	static const char *const sql =
	    "SELECT id, created, reason, customer_id, customer_name, recipients,"
	    " subject, approved_by FROM quarantine WHERE status = 'held'"
	    " AND (?1 = '' OR reason = ?1) AND (?2 = '' OR customer_id = ?2)"
	    " AND (?3 = 0 OR strftime('%s', created) >= strftime('%s','now') - ?3)"
	    " ORDER BY id DESC LIMIT 500";
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	int rc = SQLITE_ERROR, n = 0;
	size_t i;

	if ((db = web_store_open(cfg)) == NULL)
		return -1;
	fputs("<h2>Held mail</h2><p class=\"help\">These mails were stopped "
	    "before they left. Open one to see why, then release it (it is "
	    "delivered as it is) or delete it.</p>"
	    "<form method=\"get\" action=\"/\" class=\"filters\">", f);
	if (counts(f, db, reason) == -1)
		goto out;
	fputs("<label>Held for <select name=\"hours\">", f);
	for (i = 0; i < sizeof ages / sizeof ages[0]; i++)
		fprintf(f, "<option value=\"%ld\"%s>%s</option>", ages[i],
		    ages[i] * 3600 == max_age ? " selected" : "", age_names[i]);
	fputs("</select></label><label>Customer number <input name=\"customer\" "
	    "size=\"12\" value=\"", f);
	web_html(f, customer);
	fputs("\"></label><button>Show</button></form>", f);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, customer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, max_age);
	fputs("<table><thead><tr><th>No.</th><th>Held since (UTC)</th>"
	    "<th>Why</th><th>Customer</th><th>To</th><th>Subject</th>"
	    "<th>Approval</th></tr></thead><tbody>", f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);

		n++;
		fprintf(f, "<tr><td><a class=\"open\" href=\"/record?id=%lld\">"
		    "%lld</a></td><td>", id, id);
		web_time(f, col(st, 1));
		fputs("</td><td><b>", f);
		web_html(f, col(st, 2));
		fputs("</b><br><small>", f);
		web_html(f, web_reason_text(col(st, 2)));
		fputs("</small></td><td>", f);
		web_html(f, col(st, 3));
		if (col(st, 4)[0] != '\0') {
			fputs("<br><small>", f);
			web_html(f, col(st, 4));
			fputs("</small>", f);
		}
		fputs("</td><td>", f);
		web_html(f, col(st, 5));
		fprintf(f, "</td><td><a href=\"/record?id=%lld\">", id);
		web_html(f, col(st, 6)[0] != '\0' ? col(st, 6) : "(no subject)");
		fputs("</a></td><td>", f);
		if (col(st, 7)[0] != '\0') {
			fputs("approved by ", f);
			web_html(f, col(st, 7));
			fputs("<br><small>waiting for a second person</small>", f);
		}
		fputs("</td></tr>", f);
	}
	fprintf(f, "</tbody></table><p class=\"count\">%d held mail%s shown%s."
	    "</p>", n, n == 1 ? "" : "s", n == LIST_MAX ? " (the newest "
	    "500: narrow the filter)" : "");
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc == SQLITE_DONE ? 0 : -1;
}
