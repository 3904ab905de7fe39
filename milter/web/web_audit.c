/*
 * web_audit.c - leakguard-web's audit trail: whether the hash chain holds
 * (audit.c checks every row, as "leakguardctl audit verify" does), then
 * the newest rows, all of them or one record's: when, who, what, which
 * record, why.  Reads the store read-only; every string goes through
 * web_html().  Returns 0, or -1 when the store cannot be read.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "../audit.h"
#include "web.h"

#define AUDIT_SHOWN	300	/* newest rows on one page */

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t != NULL ? (const char *)t : "";
}

/* rowof - the audit row in the statement's columns 0..8 */
static void
rowof(sqlite3_stmt *st, struct lg_audit_row *r)
{
	r->au_seq = sqlite3_column_int64(st, 0);
	r->au_time = col(st, 1);
	r->au_actor = col(st, 2);
	r->au_action = col(st, 3);
	r->au_record = sqlite3_column_int64(st, 4);
	r->au_reason = col(st, 5);
	r->au_config = col(st, 6);
	r->au_prev = col(st, 7);
	r->au_hash = col(st, 8);
}

/* why - "How" and "Why" cells: leakguardctl web-action's reasons start
 * "via leakguard-web as DN: "; others came from the command line */
static void
why(FILE *f, const char *reason)
{
	static const char web[] = "via leakguard-web as ";
	const char *colon;
	char dn[WEB_DN_MAX + 1];

	fputs("</td><td>", f);
	if (strncmp(reason, web, sizeof web - 1) == 0 &&
	    (colon = strstr(reason, ": ")) != NULL) {
		reason += sizeof web - 1;
		snprintf(dn, sizeof dn, "%.*s", (int)(colon - reason), reason);
		fputs("web page<br><span class=\"dn\">", f);
		web_html(f, dn);
		fputs("</span>", f);
		reason = colon + 2;
	} else
		fputs("command line", f);
	fputs("</td><td>", f);
	web_html(f, reason);
}

/* verify - the whole chain; 1 intact, 0 broken (err says where), -1 */
static int
verify(sqlite3 *db, char *err, size_t errlen)
{
	struct lg_audit_check ck;
	struct lg_audit_row r;
	sqlite3_stmt *st;
	int64_t issued = 0;
	int rc;

	audit_check_init(&ck);
	if (sqlite3_prepare_v2(db, "SELECT seq FROM sqlite_sequence WHERE name"
	    " = 'audit'", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		issued = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "SELECT seq, time, actor, action, record_id,"
	    " reason, config, prev_hash, hash FROM audit ORDER BY seq", -1, &st,
	    NULL) != SQLITE_OK)
		return -1;
	err[0] = '\0';
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rowof(st, &r);
		if (audit_check_row(&ck, &r, err, errlen) == -1)
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (rc == SQLITE_ROW)
		return 0;
	return audit_check_end(&ck, issued, err, errlen) == 0 ? 1 : 0;
}

int
web_page_audit(FILE *f, const struct lg_config *cfg, long long record)
{
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	char err[256];
	int rc = SQLITE_ERROR, n = 0, ok;

	if ((db = web_store_open(cfg)) == NULL)
		return -1;
	if (record > 0)
		fprintf(f, "<h3>Audit trail of No. %lld</h3>", record);
	else {
		fputs("<h2>Audit trail</h2><p class=\"help\">Every release, "
		    "approval and deletion, by whom and why, newest first. Rows "
		    "are chained by hashes, so a changed or removed row shows."
		    "</p>", f);
		if ((ok = verify(db, err, sizeof err)) == -1)
			goto out;
		fputs(ok ? "<p class=\"flash good\">The audit chain is intact."
		    "</p>" : "<p class=\"flash bad\">The audit chain is BROKEN: ",
		    f);
		if (!ok) {
			web_html(f, err);
			fputs(" Tell the administrator.</p>", f);
		}
	}
	if (sqlite3_prepare_v2(db, "SELECT seq, time, actor, action, record_id,"
	    " reason FROM audit WHERE ?1 = 0 OR record_id = ?1 ORDER BY seq DESC"
	    " LIMIT 300", -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int64(st, 1, record);
	fputs("<table class=\"audit\"><thead><tr><th>No.</th><th>When (UTC)</th>"
	    "<th>Who</th><th>What</th><th>Mail</th><th>How</th><th>Why</th>"
	    "</tr></thead>"
	    "<tbody>", f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long rec = sqlite3_column_int64(st, 4);

		n++;
		fprintf(f, "<tr><td>%lld</td><td>",
		    (long long)sqlite3_column_int64(st, 0));
		web_time(f, col(st, 1));
		fputs("</td><td>", f);
		web_html(f, col(st, 2));
		fputs("</td><td><b>", f);
		web_html(f, col(st, 3));
		fputs("</b></td><td>", f);
		if (rec > 0)
			fprintf(f, "<a href=\"/record?id=%lld\">%lld</a>", rec, rec);
		why(f, col(st, 5));
		fputs("</td></tr>", f);
	}
	if (n == 0)
		fputs("<tr><td colspan=\"7\">Nobody has acted on it yet.</td></tr>",
		    f);
	fprintf(f, "</tbody></table><p class=\"count\">%d row%s shown%s.</p>",
	    n, n == 1 ? "" : "s", n == AUDIT_SHOWN ? " (the newest 300)" : "");
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc == SQLITE_DONE ? 0 : -1;
}
