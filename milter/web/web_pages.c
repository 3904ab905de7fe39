/*
 * web_pages.c - what every leakguard-web page shares: one escaping helper
 * for every string, the page frame (title, navigation, who is signed in,
 * the sign-out form), the outcome of the last action, the login form, the
 * store opened read-only, and the reasons in plain words.  No script, no
 * inline style.  The pages themselves are web_list.c, web_record.c and
 * web_audit.c; HTTP and headers are web_http.c's.
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
		fputs("<nav><a href=\"/\">Held mail</a> <a href=\"/audit\">"
		    "Audit trail</a></nav>", f);
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
	fputs("<h2>Sign in with your company account</h2><p class=\"help\">"
	    "The same user name and password as on your workstation. Only "
	    "release staff can sign in.</p>", f);
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

/* web_time_text - an ISO 8601 UTC time from the store as
 * "2026-12-01 04:53:56" in buf (anything else as it is) */
const char *
web_time_text(const char *iso, char buf[32])
{
	if (strlen(iso) != 20 || iso[10] != 'T' || iso[19] != 'Z')
		return iso;
	memcpy(buf, iso, 19);
	buf[10] = ' ';
	buf[19] = '\0';
	return buf;
}

/* web_time - the same, HTML-escaped to f */
void
web_time(FILE *f, const char *iso)
{
	char buf[32];

	web_html(f, web_time_text(iso, buf));
}

/* web_flash - the outcome of the last action, shown once */
void
web_flash(FILE *f, struct web_session *s)
{
	if (s->ws_flash[0] == '\0')
		return;
	fputs(s->ws_flash_bad ? "<p class=\"flash bad\">" :
	    "<p class=\"flash good\">", f);
	web_html(f, s->ws_flash);
	fputs("</p>", f);
	s->ws_flash[0] = '\0';
}

/* web_store_open - the store, read-only; NULL when it cannot be opened */
sqlite3 *
web_store_open(const struct lg_config *cfg)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(cfg->cfg_database, &db, SQLITE_OPEN_READONLY,
	    NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 3000);
	return db;
}

static const struct {
	const char *rt_reason, *rt_text;
} reasons[] = {
	{ "namesake", "It goes to another customer with the same name." },
	{ "recipient_mismatch", "It goes to an address the customer does not "
	  "have." },
	{ "unbound_secret", "It carries a secret but names no customer." },
	{ "unknown_customer", "The customer number is not in the directory." },
	{ "ambiguous_customer", "The customer number has several directory "
	  "entries." },
	{ "no_address", "The customer has no e-mail address in the "
	  "directory." },
	{ "binding_conflict", "It names more than one customer." },
	{ "binding_invalid", "The customer tag on the mail is not valid." },
	{ "customer_unverified", "The customer's address is not verified." },
	{ "recipient_unparsable", "A recipient address cannot be read." },
	{ "unscannable", "Part of it could not be read to check it." },
	{ "unrecorded", "It was held without a record (found by reconcile)." },
};

/* web_reason_text - a reason code in plain words ("" if unknown) */
const char *
web_reason_text(const char *reason)
{
	size_t i;

	for (i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if (strcmp(reason, reasons[i].rt_reason) == 0)
			return reasons[i].rt_text;
	return "";
}
