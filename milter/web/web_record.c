/*
 * web_record.c - leakguard-web's page for one held mail: why it was held
 * (reason in plain words, rule names, the masked excerpt and Subject), who
 * it should go to against who it goes to, the namesake's directory entry,
 * the directory asked again now (its cache flushed first), the actions
 * the staff member may take (release, approve, delete, each with a
 * required reason, the form carrying a token bound to this session and
 * this record) and the record's audit rows.
 *
 * It only shows: the actions are web_http.c's and leakguardctl's, which
 * check everything again.  Every string from the store or the directory
 * goes through web_html().  Returns 0 shown, 1 no such record, -1 when the
 * store cannot be read.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "../address.h"
#include "../directory.h"
#include "web.h"

enum { C_ID, C_CREATED, C_QUEUE, C_SENDER, C_RCPTS, C_CUST, C_CUSTNAME,
    C_EXPECTED, C_REASON, C_RULES, C_EXCERPT, C_SUBJECT, C_DETAILS, C_STATUS,
    C_APPROVED, C_DECIDED_BY, C_DECIDED, C_N };

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t != NULL ? (const char *)t : "";
}

/* row - one "label: value" line of the facts table */
static void
row(FILE *f, const char *label, const char *value, const char *klass)
{
	fputs("<tr><th>", f);
	web_html(f, label);
	fprintf(f, "</th><td%s%s%s>", klass ? " class=\"" : "", klass ? klass :
	    "", klass ? "\"" : "");
	web_html(f, value[0] != '\0' ? value : "-");
	fputs("</td></tr>", f);
}

/* owners - whose directory entry each recipient address is, now */
static void
owners(FILE *f, struct lg_directory *dir, const char *rcpt)
{
	struct lg_record *o = NULL;
	size_t n = 0, i;
	char err[256];

	switch (directory_lookup_owners(dir, rcpt, NULL, &o, &n, err,
	    sizeof err)) {
	case LG_DIR_FOUND:
	case LG_DIR_AMBIGUOUS:
		for (i = 0; i < n; i++) {
			fputs(i ? "; " : "; it belongs to ", f);
			web_html(f, o[i].rec_name ? o[i].rec_name : "(no name)");
			fputs(" <span class=\"dn\">", f);
			web_html(f, o[i].rec_dn ? o[i].rec_dn : "");
			fputs("</span>", f);
		}
		break;
	case LG_DIR_NOT_FOUND:
		fputs("; it is nobody's address in the directory", f);
		break;
	default:
		fputs(" (the directory cannot be asked: try again later)", f);
		break;
	}
	records_free(o, n);
}

/* directory_now - the customer and each recipient, asked again now */
static void
directory_now(FILE *f, struct lg_directory *dir, const char *customer,
    const char *recipients)
{
	struct lg_address_policy policy = { false };
	struct lg_record rec = { 0 };
	enum lg_dir_status ds = LG_DIR_NOT_ASKED;
	char err[256], **rcpts;
	size_t i, n;

	fputs("<h3>The directory, asked again now</h3>", f);
	if (dir == NULL) {
		fputs("<p class=\"bad\">The directory cannot be asked.</p>", f);
		return;
	}
	directory_flush_cache(dir);
	if (customer[0] != '\0') {
		ds = directory_lookup_customer(dir, customer, NULL, &rec, err,
		    sizeof err);
		fputs("<p>Customer ", f);
		web_html(f, customer);
		if (ds == LG_DIR_FOUND) {
			fputs(" is <b>", f);
			web_html(f, rec.rec_name ? rec.rec_name : "(no name)");
			fputs("</b> <span class=\"dn\">", f);
			web_html(f, rec.rec_dn ? rec.rec_dn : "");
			fprintf(f, "</span>, with %zu address%s: ", rec.rec_naddrs,
			    rec.rec_naddrs == 1 ? "" : "es");
			for (i = 0; i < rec.rec_naddrs; i++) {
				fputs(i ? ", " : "", f);
				web_html(f, rec.rec_addrs[i]);
			}
		} else
			fputs(ds == LG_DIR_NOT_FOUND ? " is not in the directory" :
			    ds == LG_DIR_AMBIGUOUS ? " has several entries" :
			    " cannot be looked up now (try again later)", f);
		fputs(".</p>", f);
	}
	if ((rcpts = config_split_list(recipients, &n)) != NULL) {
		fputs("<ul class=\"rcpts\">", f);
		for (i = 0; i < n; i++) {
			int in = ds == LG_DIR_FOUND ? address_in_list(rcpts[i],
			    (const char *const *)rec.rec_addrs, rec.rec_naddrs,
			    &policy) : -1;

			fprintf(f, "<li class=\"%s\">", in == 1 ? "good" : "bad");
			web_html(f, rcpts[i]);
			fputs(in == 1 ? ": the customer's own address" : in == 0 ?
			    ": <b>NOT the customer's address</b>" : "", f);
			owners(f, dir, rcpts[i]);
			fputs("</li>", f);
		}
		fputs("</ul>", f);
		config_free_list(rcpts);
	}
	record_clear(&rec);
}

/* actions - the forms this staff member may use on a held record */
static void
actions(FILE *f, const struct lg_config *cfg, const struct web_session *s,
    long long id, const char *approved_by)
{
	bool four = cfg->cfg_release_approvals >= 2;
	char tok[WEB_ID_HEX + 1];

	if (web_record_token(s, id, tok) == -1)
		return;
	fputs("<h3>Decide</h3><form method=\"post\" action=\"/action\" "
	    "class=\"decide\">", f);
	fprintf(f, "<input type=\"hidden\" name=\"id\" value=\"%lld\">"
	    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", id, tok);
	if (four && approved_by[0] == '\0')
		fputs("<p>Two people decide a release here: you approve it, "
		    "then another member of the release staff releases it.</p>", f);
	else if (four && strcmp(approved_by, s->ws_login) == 0)
		fputs("<p class=\"wait\">You approved this release. Another "
		    "member of the release staff must now release it.</p>", f);
	else if (four) {
		fputs("<p>Approved by <b>", f);
		web_html(f, approved_by);
		fputs("</b>. You can release it.</p>", f);
	}
	fprintf(f, "<label>Reason (required; kept in the audit trail)"
	    "<textarea name=\"reason\" rows=\"2\" maxlength=\"%d\" required>"
	    "</textarea></label><div class=\"buttons\">", WEB_REASON_MAX);
	if (four && approved_by[0] == '\0')
		fputs("<button name=\"action\" value=\"approve\" class=\"go\">"
		    "Approve release</button>", f);
	else if (!four || strcmp(approved_by, s->ws_login) != 0)
		fputs("<button name=\"action\" value=\"release\" class=\"go\">"
		    "Release: deliver it</button>", f);
	fputs("<button name=\"action\" value=\"delete\" class=\"stop\">"
	    "Delete: never deliver it</button></div></form>", f);
}

int
web_page_record(FILE *f, const struct lg_config *cfg,
    struct lg_directory *dir, const struct web_session *s, long long id)
{
	static const char *const sql =
	    "SELECT id, created, queue_id, sender, recipients, customer_id,"
	    " customer_name, expected, reason, rules, excerpt, subject, details,"
	    " status, approved_by, decided_by, decided FROM quarantine"
	    " WHERE id = ?1";
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	const char *det;
	char who[512], when[32], *p;
	int rc = -1;

	if ((db = web_store_open(cfg)) == NULL)
		return -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? 1 : -1;
		goto out;
	}
	_Static_assert(C_N == 17, "the SELECT's columns");
	fprintf(f, "<h2>Held mail No. %lld</h2>", id);
	if (strcmp(col(st, C_STATUS), "held") != 0) {
		fputs("<p class=\"flash good\">This mail is no longer held: ", f);
		web_html(f, col(st, C_STATUS));
		if (col(st, C_DECIDED_BY)[0] != '\0') {
			fputs(" by ", f);
			web_html(f, col(st, C_DECIDED_BY));
			fputs(" at ", f);
			web_time(f, col(st, C_DECIDED));
			fputs(" UTC", f);
		}
		fputs(".</p>", f);
	}
	fputs("<div class=\"why\"><h3>Why it was held</h3><p><b>", f);
	web_html(f, web_reason_text(col(st, C_REASON)));
	fputs("</b> <span class=\"code\">(", f);
	web_html(f, col(st, C_REASON));
	fputs(")</span></p>", f);
	det = col(st, C_DETAILS);
	if (strncmp(det, "namesake=", 9) == 0) {
		fputs("<p>The recipient address belongs to another customer's "
		    "directory entry: <span class=\"dn\">", f);
		web_html(f, det + 9);
		fputs("</span></p>", f);
	}
	fputs("</div><table class=\"facts\">", f);
	snprintf(who, sizeof who, "%s", col(st, C_RULES));
	for (p = who; (p = strchr(p, ',')) != NULL; )
		*p = ' ';		/* "a,b" reads "a b" */
	row(f, "Rules that matched", who, NULL);
	row(f, "Subject (secrets masked)", col(st, C_SUBJECT), NULL);
	row(f, "What was found (masked)", col(st, C_EXCERPT), "excerpt");
	row(f, "From", col(st, C_SENDER), NULL);
	row(f, "Goes to (actual recipients)", col(st, C_RCPTS), "bad");
	snprintf(who, sizeof who, "%s%s%s%s", col(st, C_CUST),
	    col(st, C_CUSTNAME)[0] ? " (" : "", col(st, C_CUSTNAME),
	    col(st, C_CUSTNAME)[0] ? ")" : "");
	row(f, "About customer", who, NULL);
	row(f, "Should go to (the customer's addresses then)",
	    col(st, C_EXPECTED), "good");
	row(f, "Held since (UTC)", web_time_text(col(st, C_CREATED), when), NULL);
	row(f, "Postfix queue id", col(st, C_QUEUE), NULL);
	if (col(st, C_APPROVED)[0] != '\0')
		row(f, "Release approved by", col(st, C_APPROVED), NULL);
	fputs("</table>", f);
	directory_now(f, dir, col(st, C_CUST), col(st, C_RCPTS));
	if (strcmp(col(st, C_STATUS), "held") == 0)
		actions(f, cfg, s, id, col(st, C_APPROVED));
	sqlite3_finalize(st);
	st = NULL;
	sqlite3_close(db);
	db = NULL;
	rc = web_page_audit(f, cfg, id);
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}
