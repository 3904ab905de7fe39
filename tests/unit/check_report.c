/*
 * check_report.c - the incident team's reports: escaping for CSV (RFC 4180
 * and no spreadsheet formula), HTML and JSON (terminal-safe), the recipient
 * tags the daemon stores, and the report queries over two real SQLite
 * stores, one of them of the older schema 2: rows merged in time order with
 * their hosts, filters, and the summary's counts, decision times, stale
 * mail, repeated customers and namesake pairs.  Failures read "got X, want
 * Y".
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "json.h"
#include "rcpt_tags.h"
#include "report.h"
#include "report_summary.h"
#include "store.h"
#include "store_report.h"
#include "unit.h"

/* out - what fn wrote for s */
static char *
out(void (*fn)(FILE *, const char *), const char *s)
{
	static char *buf;
	size_t len;
	FILE *fp;

	free(buf);
	buf = NULL;
	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	fn(fp, s);
	fclose(fp);
	return buf;
}

static const struct { const char *in, *want; } csv_cases[] = {
	{ "plain text", "plain text" },
	{ "", "" },
	{ "a,b", "\"a,b\"" },
	{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
	{ "=1+2", "'=1+2" },
	{ "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
	{ "+4 PIN", "'+4 PIN" },
	{ "-2+3", "'-2+3" },
	{ "@SUM(A1:A9)", "'@SUM(A1:A9)" },
	{ "\t=x", "'\t=x" },
	{ "\r=x", "\"'\r=x\"" },
	{ "line\nnext", "\"line\nnext\"" },
	{ "a=b", "a=b" },
	{ "esc\x1b[31mred", "esc\xef\xbf\xbd[31mred" },
	{ "bad\xff utf8", "bad\xef\xbf\xbd utf8" },
	{ "rlo\xe2\x80\xaex", "rlo\xef\xbf\xbdx" },
	{ "c1\xc2\x9b" "2J", "c1\xef\xbf\xbd" "2J" },
	{ "Meik\xc3\xa4l\xc3\xa4inen", "Meik\xc3\xa4l\xc3\xa4inen" },
};

START_TEST(test_csv_cell)
{
	const char *got = out(report_csv_cell, csv_cases[_i].in);

	ck_assert_msg(strcmp(got, csv_cases[_i].want) == 0,
	    "csv %d: got [%s], want [%s]", _i, got, csv_cases[_i].want);
}
END_TEST

static const struct { const char *in, *want; } html_cases[] = {
	{ "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;" },
	{ "a&b \"q\" 'x'", "a&amp;b &quot;q&quot; &#39;x&#39;" },
	{ "</title><script>", "&lt;/title&gt;&lt;script&gt;" },
	{ "tab\there\nline", "tab here line" },
	{ "esc\x1b]0;x\x07", "esc\xef\xbf\xbd]0;x\xef\xbf\xbd" },
	{ "bad\xc3", "bad\xef\xbf\xbd" },
	{ "\xe2\x81\xa6iso", "\xef\xbf\xbdiso" },
};

START_TEST(test_html_text)
{
	const char *got = out(report_html_text, html_cases[_i].in);

	ck_assert_msg(strcmp(got, html_cases[_i].want) == 0,
	    "html %d: got [%s], want [%s]", _i, got, html_cases[_i].want);
}
END_TEST

static const struct { const char *in, *want; } json_cases[] = {
	{ "a\"b\\c", "\"a\\\"b\\\\c\"" },
	{ "del\x7f", "\"del\\u007f\"" },
	{ "c1\xc2\x9b", "\"c1\\u009b\"" },
	{ "rlo\xe2\x80\xae", "\"rlo\\u202e\"" },
	{ "esc\x1b", "\"esc\\u001b\"" },
	{ "bad\xfe", "\"bad\\ufffd\"" },
	{ "\xc3\xa4", "\"\xc3\xa4\"" },
};

START_TEST(test_json_string)
{
	const char *got = out(json_string, json_cases[_i].in);

	ck_assert_msg(strcmp(got, json_cases[_i].want) == 0,
	    "json %d: got [%s], want [%s]", _i, got, json_cases[_i].want);
}
END_TEST

/* The store's times as seconds: what strftime('%s') gave the queries. */
static const struct { const char *in; long long want; } iso_cases[] = {
	{ "1970-01-01T00:00:00Z", 0 },
	{ "2026-11-02T10:10:00Z", 1793614200 },
	{ "2026-11-02 10:10:00", 1793614200 },
	{ "2026-11-02T10:10:00.250Z", 1793614200 },
	{ "2026-11-02T12:10:00+02:00", 1793614200 },
	{ "2026-11-02T07:40:00-02:30", 1793614200 },
	{ "2024-02-29T00:00:00Z", 1709164800 },
	{ "", -1 },
	{ "2026-11-02T10:10Z", -1 },
	{ "2026-13-01T00:00:00Z", -1 },
	{ "2026-11-02T10:10:00Zjunk", -1 },
	{ "2026-11-02T10:10:00+0200", -1 },
	{ "2026-11-02T10:10:00+", -1 },	/* nothing read past the end */
	{ "2026-11-02T10:10:00+0", -1 },
	{ "2026-11-02T10:10:00+02:", -1 },
	{ "2026-11-02T10:10:00.", -1 },
	{ "2026-11-02X10:10:00Z", -1 },
	{ "20x6-11-02T10:10:00Z", -1 },
};

START_TEST(test_iso_seconds)
{
	long long got = (long long)report_iso_seconds(iso_cases[_i].in);

	ck_assert_msg(got == iso_cases[_i].want, "iso %d [%s]: got %lld, "
	    "want %lld", _i, iso_cases[_i].in, got, iso_cases[_i].want);
}
END_TEST

START_TEST(test_rcpt_tags)
{
	char *rcpts[] = { "Matti.Meikalainen@EXAMPLE.fi", "matti.m@example.net",
	    "x@nowhere.example" };
	const char *addrs[] = { "matti.meikalainen@example.fi" };
	const char *own = "uid=c100001,ou=customers,dc=example,dc=fi";
	struct lg_owner o[] = {
		{ own, "Matti Meik\xc3\xa4l\xc3\xa4inen" },
		{ "uid=c100002,ou=customers,dc=example,dc=fi",
		  "Matti Meik\xc3\xa4l\xc3\xa4inen" },
	};
	struct lg_rcpt_owners owners[3] = {
		{ LG_DIR_NOT_ASKED, NULL, 0 },
		{ LG_DIR_FOUND, o, 2 },
		{ LG_DIR_FOUND, NULL, 0 },
	};
	struct lg_address_policy pol = { false, NULL };
	const char *want = "[{\"address\":\"Matti.Meikalainen@EXAMPLE.fi\","
	    "\"tag\":\"on_record\"},{\"address\":\"matti.m@example.net\","
	    "\"tag\":\"other_record\",\"entry\":\"uid=c100002,ou=customers,"
	    "dc=example,dc=fi\",\"entry_name\":\"Matti Meik\xc3\xa4l\xc3\xa4inen\"},"
	    "{\"address\":\"x@nowhere.example\",\"tag\":\"unknown\"}]";
	char *got = rcpt_tags_json(rcpts, 3, addrs, 1, own, owners, &pol);

	ck_assert_ptr_nonnull(got);
	ck_assert_msg(strcmp(got, want) == 0, "got %s, want %s", got, want);
	free(got);
	/* unbound: nothing is on record */
	got = rcpt_tags_json(rcpts, 1, NULL, 0, NULL, NULL, &pol);
	ck_assert_str_eq(got, "[{\"address\":\"Matti.Meikalainen@EXAMPLE.fi\","
	    "\"tag\":\"unknown\"}]");
	free(got);
}
END_TEST

/* collect - summary_walk into "k1/k2=total;" text */
static int
collect(void *arg, const char *k1, const char *k2, const int64_t n[RC_N])
{
	char *buf = arg;

	snprintf(buf + strlen(buf), 512 - strlen(buf), "%s/%s=%lld/%lld;", k1,
	    k2, (long long)n[RC_TOTAL], (long long)n[RC_WOULD_HOLD]);
	return 0;
}

START_TEST(test_summary)
{
	static const struct { const char *day, *reason, *kind, *rules, *rcpts;
	    int64_t t; } rows[] = {
		{ "2026-11-02", "namesake", "hold", "fi_pin,fi_customer",
		  "a@X.example,b@y.example", 30 },
		{ "2026-11-01", "namesake", "would_hold", "fi_pin", "c@x.example",
		  -1 },
		{ "2026-11-02", "unbound_secret", "hold", "", "d@x.example",
		  90000 },	/* 25 h: counted to the minute */
		{ "2026-11-02", "namesake", "hold", "fi_pin", "", 3600 },
	};
	struct lg_summary *s = summary_new();
	char buf[512];
	int64_t n, median, p90;
	size_t i;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct lg_summary_row r = {
			.sr_day = rows[i].day, .sr_host = "mx1",
			.sr_reason = rows[i].reason, .sr_kind = rows[i].kind,
			.sr_disposition = "held", .sr_rules = rows[i].rules,
			.sr_client = "10.0.0.1", .sr_sasl_login = "",
			.sr_recipients = rows[i].rcpts,
			.sr_decision = rows[i].t,
		};

		summary_add(s, &r);
	}
	ck_assert_int_eq(summary_rows(s), 4);
	buf[0] = '\0';
	summary_walk(s, RG_REASON, collect, buf);
	ck_assert_str_eq(buf, "namesake/=3/1;unbound_secret/=1/0;");
	buf[0] = '\0';
	summary_walk(s, RG_DAY_REASON, collect, buf);
	ck_assert_str_eq(buf, "2026-11-01/namesake=1/1;2026-11-02/namesake=2/0;"
	    "2026-11-02/unbound_secret=1/0;");
	buf[0] = '\0';
	summary_walk(s, RG_RULE, collect, buf);
	ck_assert_str_eq(buf, "fi_pin/=3/1;fi_customer/=1/0;");
	buf[0] = '\0';
	summary_walk(s, RG_DOMAIN, collect, buf);
	ck_assert_str_eq(buf, "x.example/=3/1;y.example/=1/0;");
	/* 30 s, 3600 s, 90000 s: median 3600, p90 90000 (to the minute) */
	summary_decision_times(s, &n, &median, &p90);
	ck_assert_msg(n == 3 && median == 3600 && p90 == 90000, "got %lld %lld "
	    "%lld, want 3 3600 90000", (long long)n, (long long)median,
	    (long long)p90);
	ck_assert_int_eq(summary_walk(s, RG_NAMESAKE_PAIR, collect, buf), -1);
	summary_free(s);
}
END_TEST

/* Two stores: mx1 of this schema, mx2 as schema 2 left it. */
static char dir[64], path1[128], path2[128];

/* The schema as version 2 left it: a fixture, not the code's copy. */
static const char v2_store[] =
	"CREATE TABLE quarantine (id INTEGER PRIMARY KEY AUTOINCREMENT,"
	" created TEXT NOT NULL, host TEXT NOT NULL, queue_id TEXT,"
	" message_id TEXT, sender TEXT, recipients TEXT, customer_id TEXT,"
	" customer_name TEXT, expected TEXT, action TEXT NOT NULL,"
	" reason TEXT NOT NULL, rules TEXT, excerpt TEXT, subject TEXT,"
	" details TEXT, status TEXT NOT NULL, approved_by TEXT,"
	" decided_by TEXT, decided TEXT);"
	"CREATE INDEX quarantine_created ON quarantine(created);"
	"INSERT INTO quarantine (created, host, queue_id, message_id, sender,"
	" recipients, customer_id, customer_name, expected, action, reason,"
	" rules, excerpt, status, decided_by, decided) VALUES"
	" ('2026-11-02T12:00:00Z', 'mx2', 'B1', '<b1@x>', 'app@telecom.example',"
	" 'anna@other.example', '100003', 'Anna Andersson',"
	" 'anna.andersson@example.se', 'hold', 'recipient_mismatch',"
	" 'sv_pin', 'PIN-kod: ****', 'released', 'bob', '2026-11-02T12:01:00Z'),"
	" ('2026-11-04T00:00:00Z', 'mx2', 'B2', '<b2@x>',"
	" '=HYPERLINK(\"http://evil.example\",\"x\")@evil.example',"
	" 'anna@other.example,second@Other.Example', '100003', 'Anna Andersson',"
	" 'anna.andersson@example.se', 'hold', 'recipient_mismatch', 'sv_pin',"
	" 'PIN-kod: ****', 'held', NULL, NULL);"
	"PRAGMA user_version = 2;";

static void
raw(const char *p, const char *sql)
{
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(p, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK,
	    "%s", sqlite3_errmsg(db));
	sqlite3_close(db);
}

static void
add(struct lg_store *s, const char *created, const char *action,
    const char *reason, const char *status, const char *details,
    const char *tags)
{
	struct lg_store_row r = {
		.row_created = created, .row_host = "mx1", .row_queue_id = "A",
		.row_message_id = "<a@x>", .row_sender = "noreply@telecom.example",
		.row_recipients = "matti.m@example.net",
		.row_customer_id = "100001",
		.row_customer_name = "Matti Meik\xc3\xa4l\xc3\xa4inen",
		.row_expected = "matti.meikalainen@example.fi",
		.row_action = action, .row_reason = reason,
		.row_rules = "fi_pin,fi_customer", .row_excerpt = "PIN: ****",
		.row_subject = "Tervetuloa", .row_details = details,
		.row_status = status, .row_client = "10.20.0.5",
		.row_sasl_login = "crm-app", .row_recipient_tags = tags,
	};
	char err[256];

	ck_assert_msg(store_record_decision(s, &r, NULL, err, sizeof err) == 0,
	    "%s", err);
}

static void
setup(void)
{
	struct lg_store *s;
	char err[256];
	const char *ns = "namesake=uid=c100002,ou=customers,dc=example,dc=fi";
	const char *tags = "[{\"address\":\"matti.m@example.net\",\"tag\":"
	    "\"other_record\",\"entry\":\"uid=c100002,ou=customers,dc=example,"
	    "dc=fi\",\"entry_name\":\"Matti\"}]";

	snprintf(dir, sizeof dir, "/tmp/check_report.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path1, sizeof path1, "%s/mx1.db", dir);
	snprintf(path2, sizeof path2, "%s/mx2.db", dir);
	s = store_open(path1, 1, err, sizeof err);
	ck_assert_msg(s != NULL, "%s", err);
	add(s, "2026-11-02T10:00:00Z", "hold", "namesake", "released", ns, tags);
	add(s, "2026-11-02T11:00:00Z", "hold", "namesake", "deleted", ns, tags);
	add(s, "2026-11-03T09:00:00Z", "hold", "recipient_mismatch", "held",
	    NULL, NULL);
	add(s, "2026-11-03T09:30:00Z", "monitor", "unbound_secret", "monitored",
	    NULL, NULL);
	store_close(s);
	raw(path1, "UPDATE quarantine SET decided_by = 'alice', decided ="
	    " '2026-11-02T10:10:00Z' WHERE created = '2026-11-02T10:00:00Z';"
	    "UPDATE quarantine SET decided_by = 'carol', approved_by = 'dave',"
	    " decided = '2026-11-02T12:00:00Z' WHERE created ="
	    " '2026-11-02T11:00:00Z';");
	raw(path2, v2_store);
}

static void
teardown(void)
{
	char cmd[160];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

/* render - one report over both stores, into a string */
static char *
render(int (*fn)(FILE *, struct lg_report_db *, const struct lg_report_opts *,
    char *, size_t), const char *since)
{
	const char *stores[] = { path1, path2 };
	struct lg_report_opts o = {
		.ro_filter = { .rf_since = since, .rf_until =
		    "2026-12-01T00:00:00Z" },
		.ro_generated = "2026-11-06T00:00:00Z",
		.ro_stale_before = "2026-11-05T00:00:00Z",
		.ro_stale_age = 86400, .ro_max_rows = 10000,
		.ro_stores = stores, .ro_nstores = 2,
	};
	struct lg_report_db *db;
	char err[256], *buf = NULL;
	size_t len;
	FILE *fp;

	db = store_report_open(stores, 2, err, sizeof err);
	ck_assert_msg(db != NULL, "%s", err);
	fp = open_memstream(&buf, &len);
	ck_assert_msg(fn(fp, db, &o, err, sizeof err) == 0, "%s", err);
	fclose(fp);
	store_report_close(db);
	return buf;
}

/* has - s contains want */
#define has(s, want) do { \
	if (strstr((s), (want)) == NULL) \
		fprintf(stderr, "report:\n%s\n", (s)); \
	ck_assert_msg(strstr((s), (want)) != NULL, "want [%s] in the report " \
	    "(on stderr)", (want)); \
} while (0)

START_TEST(test_csv_merged)
{
	char *csv = render(report_csv, "2026-11-01T00:00:00Z"), *p;
	const char *hosts[] = { ",mx1,", ",mx1,", ",mx2,", ",mx1,", ",mx1,",
	    ",mx2," };
	size_t i, lines = 0;

	for (p = csv; (p = strstr(p, "\r\n")) != NULL; p += 2)
		lines++;
	ck_assert_msg(lines == 7, "got %zu lines, want a header and 6 rows",
	    lines);
	ck_assert_msg(strncmp(csv, "id,time,host,queue_id,message_id,sender,"
	    "client,sasl_login,customer_id,customer_name,expected,recipients,"
	    "reason,rules,kind,disposition,decided_by,decided,approved_by,"
	    "excerpt,details\r\n", 141) == 0, "header: %s", csv);
	/* oldest first across both stores, each row naming its host */
	for (p = strstr(csv, "\r\n") + 2, i = 0; i < 6; i++) {
		char *eol = strstr(p, "\r\n");

		*eol = '\0';
		ck_assert_msg(strstr(p, hosts[i]) != NULL, "row %zu: got %s, "
		    "want host %s", i, p, hosts[i]);
		*eol = '\r';
		p = eol + 2;
	}
	has(csv, "matti.m@example.net (other_record: uid=c100002,ou=customers,"
	    "dc=example,dc=fi \"\"Matti\"\")");
	has(csv, "unbound_secret,\"fi_pin,fi_customer\",would_hold,would_hold,");
	has(csv, ",hold,deleted,carol,2026-11-02T12:00:00Z,dave,");
	/* the sender that is a formula is neutralised, quoted */
	has(csv, ",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")"
	    "@evil.example\",");
	/* the schema 2 store: no client, recipients tagged unknown */
	has(csv, "anna@other.example (unknown); second@Other.Example (unknown)");
	free(csv);
}
END_TEST

START_TEST(test_json_summary)
{
	char *js = render(report_json, "2026-11-01T00:00:00Z");

	has(js, "\"summary\":{\"rows\":6,");
	has(js, "\"by_host\":[{\"host\":\"mx1\",\"hold\":3,\"would_hold\":1,"
	    "\"tempfail\":0,\"total\":4},{\"host\":\"mx2\",\"hold\":2,");
	has(js, "\"by_reason\":[{\"reason\":\"recipient_mismatch\",\"hold\":3,"
	    "\"would_hold\":0,\"tempfail\":0,\"total\":3},{\"reason\":"
	    "\"namesake\",\"hold\":2,");
	has(js, "{\"day\":\"2026-11-02\",\"by_reason\":[{\"reason\":"
	    "\"namesake\",\"hold\":2,\"would_hold\":0,\"tempfail\":0,"
	    "\"total\":2},{\"reason\":\"recipient_mismatch\",\"hold\":1,");
	has(js, "{\"domain\":\"other.example\",\"hold\":3,");
	has(js, "{\"client\":\"10.20.0.5\",\"sasl_login\":\"crm-app\","
	    "\"hold\":3,\"would_hold\":1,");
	has(js, "\"repeat_customers\":[{\"customer_id\":\"100001\","
	    "\"customer_name\":\"Matti Meik\xc3\xa4l\xc3\xa4inen\",\"hold\":3,");
	has(js, "{\"customer_id\":\"100003\",\"customer_name\":"
	    "\"Anna Andersson\",\"hold\":2,");
	has(js, "\"namesake_pairs\":[{\"customer_id\":\"100001\","
	    "\"other_entry\":\"uid=c100002,ou=customers,dc=example,dc=fi\","
	    "\"hold\":2,\"would_hold\":0,\"tempfail\":0,\"total\":2}]");
	/* 60 s, 600 s, 3600 s: median 600, p90 3600 (nearest rank) */
	has(js, "\"decision_time\":{\"decided\":3,\"median_seconds\":600,"
	    "\"p90_seconds\":3600}");
	has(js, "\"stale\":{\"age_seconds\":86400,\"held_before\":"
	    "\"2026-11-05T00:00:00Z\",\"oldest\":[\n{\"id\":3,");
	has(js, "],\"count\":2}}");
	has(js, "\"recipients\":[{\"address\":\"matti.m@example.net\","
	    "\"tag\":\"other_record\",\"entry\":\"uid=c100002,");
	free(js);
}
END_TEST

START_TEST(test_json_filtered)
{
	char *js = render(report_json, "2026-11-03T00:00:00Z");

	has(js, "\"summary\":{\"rows\":3,");
	has(js, "\"namesake_pairs\":[]");
	has(js, "\"decision_time\":{\"decided\":0,\"median_seconds\":null,");
	free(js);
}
END_TEST

START_TEST(test_not_a_store)
{
	const char *bad[] = { "/nonexistent/dir/x.db" };
	char err[256];

	ck_assert_ptr_null(store_report_open(bad, 1, err, sizeof err));
	ck_assert_msg(strstr(err, "/nonexistent/dir/x.db") != NULL,
	    "error names the file: %s", err);
}
END_TEST

static Suite *
report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("escaping");
	TCase *db = tcase_create("stores");

	tcase_add_loop_test(tc, test_csv_cell, 0,
	    sizeof csv_cases / sizeof csv_cases[0]);
	tcase_add_loop_test(tc, test_html_text, 0,
	    sizeof html_cases / sizeof html_cases[0]);
	tcase_add_loop_test(tc, test_json_string, 0,
	    sizeof json_cases / sizeof json_cases[0]);
	tcase_add_loop_test(tc, test_iso_seconds, 0,
	    sizeof iso_cases / sizeof iso_cases[0]);
	tcase_add_test(tc, test_rcpt_tags);
	tcase_add_test(tc, test_summary);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(db, setup, teardown);
	tcase_add_test(db, test_csv_merged);
	tcase_add_test(db, test_json_summary);
	tcase_add_test(db, test_json_filtered);
	tcase_add_test(db, test_not_a_store);
	suite_add_tcase(s, db);
	return s;
}

int
main(void)
{
	return unit_run(report_suite());
}
