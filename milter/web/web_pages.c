/*
 * web_pages.c - leakguard-web's HTML: one escaping helper for every string,
 * the login form and the held-mail list read from the store opened
 * read-only (SQLITE_OPEN_READONLY, bound parameters only).  No script, no
 * inline style.  HTTP and headers are web_http.c's.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "web.h"

void
web_html(FILE *f, const char *t)
{
	for (; t != NULL && *t != '\0'; t++) {
		switch (*t) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			if ((unsigned char)*t < 0x20 && *t != '\n' && *t != '\t')
				fputc('?', f);
			else
				fputc(*t, f);
		}
	}
}

void
web_page_head(FILE *f, const char *title, const char *login, const char *csrf)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<title>", f);
	web_html(f, title);
	fputs(" - leakguard</title><link rel=\"stylesheet\" href=\"/style.css\">"
	    "</head><body><header><h1>leakguard: held mail review</h1>", f);
	if (login != NULL) {
		fputs("<form method=\"post\" action=\"/logout\">Signed in as <b>", f);
		web_html(f, login);
		fputs("</b> <input type=\"hidden\" name=\"csrf\" value=\"", f);
		web_html(f, csrf);
		fputs("\"><button>Sign out</button></form>", f);
	}
	fputs("</header><main>", f);
}

void
web_page_tail(FILE *f)
{
	fputs("</main></body></html>\n", f);
}

void
web_page_login(FILE *f, const char *csrf, const char *message)
{
	web_page_head(f, "Sign in", NULL, NULL);
	fputs("<h2>Sign in with your company account</h2>", f);
	if (message != NULL) {
		fputs("<p class=\"error\">", f);
		web_html(f, message);
		fputs("</p>", f);
	}
	fputs("<form method=\"post\" action=\"/login\">"
	    "<label>User name <input name=\"user\" autocomplete=\"username\">"
	    "</label><label>Password <input type=\"password\" name=\"password\""
	    " autocomplete=\"current-password\"></label>"
	    "<input type=\"hidden\" name=\"csrf\" value=\"", f);
	web_html(f, csrf);
	fputs("\"><button>Sign in</button></form>", f);
	web_page_tail(f);
}

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t != NULL ? (const char *)t : "";
}

int
web_page_list(FILE *f, const struct lg_config *cfg, const char *reason,
    const char *customer, long max_age)
{
	static const char *const sql =
	    "SELECT id, created, reason, customer_id, customer_name, rules,"
	    " subject, status FROM quarantine WHERE status = 'held'"
	    " AND (?1 = '' OR reason = ?1) AND (?2 = '' OR customer_id = ?2)"
	    " AND (?3 = 0 OR strftime('%s', created) >= strftime('%s','now') - ?3)"
	    " ORDER BY id DESC LIMIT 500";
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc, n = 0;

	if (sqlite3_open_v2(cfg->cfg_database, &db, SQLITE_OPEN_READONLY,
	    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	sqlite3_bind_text(st, 1, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, customer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, max_age);
	fputs("<h2>Held mail</h2><form method=\"get\" action=\"/\" "
	    "class=\"filters\"><label>Reason <input name=\"reason\" value=\"", f);
	web_html(f, reason);
	fputs("\"></label><label>Customer number <input name=\"customer\" "
	    "value=\"", f);
	web_html(f, customer);
	fputs("\"></label><label>Newer than (hours) <input name=\"hours\" "
	    "value=\"", f);
	if (max_age > 0)
		fprintf(f, "%ld", max_age / 3600);
	fputs("\"></label><button>Filter</button></form>"
	    "<table><thead><tr><th>No.</th><th>Held since</th><th>Why</th>"
	    "<th>Customer</th><th>Rules</th><th>Subject</th></tr></thead>"
	    "<tbody>", f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int i;

		n++;
		fputs("<tr>", f);
		for (i = 0; i < 7; i++) {
			if (i == 4)
				continue;
			fputs("<td>", f);
			web_html(f, col(st, i));
			if (i == 3 && col(st, 4)[0] != '\0') {
				fputs(" (", f);
				web_html(f, col(st, 4));
				fputs(")", f);
			}
			fputs("</td>", f);
		}
		fputs("</tr>", f);
	}
	fprintf(f, "</tbody></table><p class=\"count\">%d held mail%s shown."
	    "</p>", n, n == 1 ? "" : "s");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc == SQLITE_DONE ? 0 : -1;
}
