/*
 * check_store.c - the store against a real SQLite file: the schema is
 * migrated forward from version 1 without losing rows, a newer schema is
 * refused, the file is created 0640, status changes are atomic (two claims,
 * one winner), four-eyes approval, and the audit trail stays a valid chain
 * through purge and erase while an edit made behind the triggers' back is
 * caught.  Failures read "got X, want Y".
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "audit.h"
#include "store.h"
#include "store_int.h"	/* the connection, to make one query fail */
#include "unit.h"

/* The schema as version 1 left it: a fixture, not the code's copy. */
static const char v1_schema[] =
	"CREATE TABLE quarantine (id INTEGER PRIMARY KEY, created TEXT NOT NULL,"
	" host TEXT NOT NULL, queue_id TEXT, message_id TEXT, sender TEXT,"
	" recipients TEXT, customer_id TEXT, customer_name TEXT, expected TEXT,"
	" action TEXT NOT NULL, reason TEXT NOT NULL, rules TEXT, excerpt TEXT,"
	" subject TEXT, details TEXT, status TEXT NOT NULL);"
	"CREATE INDEX quarantine_status ON quarantine(status, created);"
	"CREATE INDEX quarantine_queue_id ON quarantine(queue_id);"
	"INSERT INTO quarantine (created, host, queue_id, message_id, customer_id,"
	" action, reason, status) VALUES ('2026-01-02T03:04:05Z', 'mx1',"
	" 'ABC123', '<m1@x>', '100001', 'hold', 'recipient_mismatch', 'held');"
	"PRAGMA user_version = 1;";

static char dir[64], path[128];
static char err[512];

static void
setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/check_store.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/lg.db", dir);
	umask(022);
}

static void
teardown(void)
{
	char cmd[160];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

/* raw_exec - SQL on the file with plain SQLite, as an admin (or an
 * attacker) with sqlite3 would */
static int
raw_exec(const char *sql)
{
	sqlite3 *db;
	int rc;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static int64_t
add_row(struct lg_store *s, const char *customer, const char *status)
{
	struct lg_store_row r = {
		.row_host = "mx1", .row_queue_id = "QID1",
		.row_message_id = "<m@x>", .row_customer_id = customer,
		.row_action = "hold", .row_reason = "recipient_mismatch",
		.row_status = status,
	};
	int64_t id = 0;

	ck_assert_msg(store_record_decision(s, &r, &id, err, sizeof err) == 0,
	    "insert: %s", err);
	return id;
}

static int
status_is(void *arg, const struct lg_store_row *r)
{
	snprintf(arg, 32, "%s", r->row_status);
	return 0;
}

static const char *
status_of(struct lg_store *s, int64_t id)
{
	static char st[32];

	st[0] = '\0';
	ck_assert_int_eq(store_get(s, id, status_is, st, err, sizeof err), 1);
	return st;
}

static int
check_row(void *arg, const struct lg_audit_row *r)
{
	char e[256];

	if (audit_check_row(arg, r, e, sizeof e) == -1)
		fprintf(stderr, "# %s\n", e);
	return 0;
}

/* chain_problems - what "audit verify" would count */
static int
chain_problems(struct lg_store *s, int64_t *rows)
{
	struct lg_audit_check c;
	int64_t issued;
	char e[256];

	audit_check_init(&c);
	ck_assert_int_eq(store_audit_walk(s, check_row, &c, &issued, err,
	    sizeof err), 0);
	audit_check_end(&c, issued, e, sizeof e);
	*rows = c.ac_rows;
	return c.ac_bad;
}

START_TEST(test_create_mode_and_version)
{
	struct lg_store *s = store_open(path, 1, err, sizeof err);
	struct stat st;

	ck_assert_msg(s != NULL, "open: %s", err);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_msg((st.st_mode & 0777) == 0640, "mode got %o, want 640",
	    st.st_mode & 0777);
	ck_assert_msg(store_schema_version(s) == STORE_SCHEMA_VERSION,
	    "version got %d, want %d", store_schema_version(s),
	    STORE_SCHEMA_VERSION);
	store_close(s);
}
END_TEST

START_TEST(test_migrate_from_v1)
{
	struct lg_store *s;
	int64_t rows;

	ck_assert_int_eq(raw_exec(v1_schema), SQLITE_OK);
	s = store_open(path, 0, err, sizeof err);
	ck_assert_msg(s != NULL, "open v1: %s", err);
	ck_assert_msg(store_schema_version(s) == STORE_SCHEMA_VERSION,
	    "version got %d, want %d", store_schema_version(s),
	    STORE_SCHEMA_VERSION);
	ck_assert_msg(strcmp(status_of(s, 1), "held") == 0,
	    "v1 row status got %s, want held", status_of(s, 1));
	ck_assert_int_eq(store_finish(s, 1, "held", "deleted", "alice",
	    "delete", "spam", err, sizeof err), 1);
	ck_assert_msg(chain_problems(s, &rows) == 0 && rows == 1,
	    "audit after migration: got %lld rows, want 1 good", (long long)rows);
	store_close(s);
	/* opening again migrates nothing and loses nothing */
	s = store_open(path, 1, err, sizeof err);
	ck_assert_msg(s != NULL, "reopen: %s", err);
	ck_assert_msg(strcmp(status_of(s, 1), "deleted") == 0,
	    "status after reopen got %s, want deleted", status_of(s, 1));
	store_close(s);
}
END_TEST

START_TEST(test_newer_schema_refused)
{
	struct lg_store *s;

	ck_assert_int_eq(raw_exec("PRAGMA user_version = 99"), SQLITE_OK);
	s = store_open(path, 1, err, sizeof err);
	ck_assert_msg(s == NULL && strstr(err, "newer") != NULL,
	    "open of version 99: got %s (%s), want refusal naming \"newer\"",
	    s ? "success" : "failure", err);
	store_close(s);
}
END_TEST

START_TEST(test_claim_once)
{
	struct lg_store *s = store_open(path, 1, err, sizeof err);
	struct lg_store *s2 = store_open(path, 0, err, sizeof err);
	int64_t id = add_row(s, "100001", "held"), rows;
	int a, b;

	a = store_claim(s, id, "held", "releasing", "alice", 1, err, sizeof err);
	b = store_claim(s2, id, "held", "releasing", "bob", 1, err, sizeof err);
	ck_assert_msg(a == 1 && b == 0, "two claims: got %d and %d, want 1 and 0",
	    a, b);
	ck_assert_int_eq(store_finish(s, id, "releasing", "released", "alice",
	    "release", "verified by phone", err, sizeof err), 1);
	ck_assert_msg(store_finish(s2, id, "releasing", "released", "bob",
	    "release", "again", err, sizeof err) == 0,
	    "second finish: got done, want 0");
	ck_assert_msg(chain_problems(s, &rows) == 0 && rows == 1,
	    "audit: got %lld rows, want exactly 1 release row", (long long)rows);
	store_close(s);
	store_close(s2);
}
END_TEST

START_TEST(test_four_eyes)
{
	struct lg_store *s = store_open(path, 1, err, sizeof err);
	int64_t id = add_row(s, "100001", "held");
	static const struct {
		const char *label, *op, *actor;
		int want;
	} steps[] = {
		{ "release before approval", "claim", "alice", 0 },
		{ "approve", "approve", "alice", 1 },
		{ "second approval", "approve", "bob", 0 },
		{ "release by the approver", "claim", "alice", 0 },
		{ "release by another", "claim", "bob", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		int got = strcmp(steps[i].op, "approve") == 0 ?
		    store_approve(s, id, steps[i].actor, "ok", err, sizeof err) :
		    store_claim(s, id, "held", "releasing", steps[i].actor, 2, err,
		    sizeof err);

		ck_assert_msg(got == steps[i].want, "%s: got %d, want %d",
		    steps[i].label, got, steps[i].want);
	}
	store_close(s);
}
END_TEST

START_TEST(test_purge_erase_keep_chain)
{
	struct lg_store *s = store_open(path, 1, err, sizeof err);
	int64_t a = add_row(s, "100001", "held"), rows;
	long n;

	add_row(s, "100002", "held");
	add_row(s, "100002", "held");
	ck_assert_int_eq(store_finish(s, a, "held", "released", "alice",
	    "release", "ok", err, sizeof err), 1);
	ck_assert_msg(store_erase(s, "100002", "alice", "asked", &n, err,
	    sizeof err) == -1, "erase with held rows: got success, want refusal");
	ck_assert_int_eq(store_finish(s, a + 1, "held", "deleted", "bob",
	    "delete", "x", err, sizeof err), 1);
	ck_assert_int_eq(store_finish(s, a + 2, "held", "deleted", "bob",
	    "delete", "x", err, sizeof err), 1);
	ck_assert_int_eq(store_erase(s, "100002", "alice", "asked", &n, err,
	    sizeof err), 0);
	ck_assert_msg(n == 2, "erased got %ld, want 2", n);
	ck_assert_int_eq(store_purge(s, "2999-01-01T00:00:00Z", "root", &n, err,
	    sizeof err), 0);
	ck_assert_msg(n == 1, "purged got %ld, want 1", n);
	ck_assert_msg(chain_problems(s, &rows) == 0 && rows == 6,
	    "audit after purge: got %lld rows, want 6 good", (long long)rows);
	store_close(s);
}
END_TEST

/* rows_of - rows of a customer in the file, read with plain SQLite */
static int
rows_of(const char *customer)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int n = -1;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM quarantine"
	    " WHERE customer_id = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, customer, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

START_TEST(test_purge_erase_spare_mail_in_flight)
{
	/* A record being released or deleted (a staff command between its
	 * claim and its end) is still mail in flight: neither purge nor
	 * erase may remove it. */
	static const char *const busy[] = { "held", "releasing", "deleting" };
	struct lg_store *s = store_open(path, 1, err, sizeof err);
	long n;
	size_t i;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < 3; i++) {
		char cust[16];

		snprintf(cust, sizeof cust, "20000%zu", i);
		add_row(s, cust, busy[i]);
		add_row(s, cust, "deleted");
		ck_assert_int_eq(store_purge(s, "2999-01-01T00:00:00Z", "root", &n,
		    err, sizeof err), 0);
		ck_assert_msg(rows_of(cust) == 1, "purge with a %s row: %d rows "
		    "left, want 1 (the %s one)", busy[i], rows_of(cust), busy[i]);
		ck_assert_msg(store_erase(s, cust, "alice", "asked", &n, err,
		    sizeof err) == -1, "erase with a %s row: got success, want "
		    "refusal", busy[i]);
		ck_assert_msg(rows_of(cust) == 1, "erase with a %s row: %d rows "
		    "left, want 1", busy[i], rows_of(cust));
	}
	store_close(s);
}
END_TEST

/* count() that always fails: the held-records count of an erasure cannot
 * be taken */
static void
count_step(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	(void)c; (void)argc; (void)argv;
}

static void
count_final(sqlite3_context *c)
{
	sqlite3_result_error(c, "count failed on purpose", -1);
}

START_TEST(test_erase_count_error_is_no_zero)
{
	struct lg_store *s = store_open(path, 1, err, sizeof err);
	long n = -1;

	ck_assert_ptr_nonnull(s);
	add_row(s, "100007", "held");
	add_row(s, "100007", "deleted");
	ck_assert_int_eq(sqlite3_create_function(s->st_db, "count", 0,
	    SQLITE_UTF8, NULL, NULL, count_step, count_final), SQLITE_OK);
	err[0] = '\0';
	ck_assert_msg(store_erase(s, "100007", "alice", "asked", &n, err,
	    sizeof err) == -1, "erase whose held count failed: got success "
	    "(%ld removed), want an error", n);
	ck_assert_msg(strstr(err, "count failed on purpose") != NULL,
	    "error got \"%s\", want the database's reason", err);
	store_close(s);
	ck_assert_int_eq(rows_of("100007"), 2);
}
END_TEST

START_TEST(test_ids_not_reused)
{
	struct lg_store *s = store_open(path, 1, err, sizeof err);
	int64_t a, b;
	long n;

	a = add_row(s, "100009", "deleted");
	ck_assert_int_eq(store_erase(s, "100009", "alice", "asked", &n, err,
	    sizeof err), 0);
	b = add_row(s, "100001", "held");
	ck_assert_msg(b > a, "id after erasing the newest row got %lld, want "
	    "more than %lld", (long long)b, (long long)a);
	store_close(s);
}
END_TEST

/* last_seq - the highest audit seq the walk shows */
static int
last_seq_of(void *arg, const struct lg_audit_row *r)
{
	*(int64_t *)arg = r->au_seq;
	return 0;
}

START_TEST(test_audit_seq_never_reused)
{
	/* Rows cut from the end by hand (triggers dropped): the next row must
	 * not take their numbers, so the cut still shows as a gap. */
	struct lg_store *s = store_open(path, 1, err, sizeof err);
	int64_t id = add_row(s, "100001", "held"), last = 0, issued;
	int i;

	for (i = 0; i < 3; i++)
		ck_assert_int_eq(store_audit_append(s, "alice", "note", id, "x",
		    err, sizeof err), 0);
	store_close(s);
	ck_assert_int_eq(raw_exec("DROP TRIGGER audit_no_delete;"
	    "DELETE FROM audit WHERE seq = 3"), SQLITE_OK);
	s = store_open(path, 1, err, sizeof err);
	ck_assert_int_eq(store_audit_append(s, "bob", "note", id, "y", err,
	    sizeof err), 0);
	ck_assert_int_eq(store_audit_walk(s, last_seq_of, &last, &issued, err,
	    sizeof err), 0);
	ck_assert_msg(last == 4, "seq after cutting row 3: got %lld, want 4",
	    (long long)last);
	store_close(s);
}
END_TEST

START_TEST(test_tamper_caught)
{
	struct lg_store *s = store_open(path, 1, err, sizeof err);
	int64_t id = add_row(s, "100001", "held"), rows;
	int i;

	for (i = 0; i < 3; i++)
		ck_assert_int_eq(store_audit_append(s, "alice", "note", id, "x",
		    err, sizeof err), 0);
	store_close(s);
	ck_assert_msg(raw_exec("UPDATE audit SET actor = 'mallory' WHERE seq = 2")
	    != SQLITE_OK, "plain UPDATE of an audit row: got accepted, want the "
	    "trigger to refuse");
	ck_assert_msg(raw_exec("DELETE FROM audit WHERE seq = 2") != SQLITE_OK,
	    "plain DELETE of an audit row: got accepted, want refused");
	ck_assert_int_eq(raw_exec("DROP TRIGGER audit_no_update;"
	    "UPDATE audit SET actor = 'mallory' WHERE seq = 2"), SQLITE_OK);
	s = store_open(path, 0, err, sizeof err);
	ck_assert_msg(chain_problems(s, &rows) == 1, "edited row: got no "
	    "problem, want 1");
	store_close(s);
}
END_TEST

int
main(void)
{
	Suite *su = suite_create("store");
	TCase *tc = tcase_create("sqlite");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_create_mode_and_version);
	tcase_add_test(tc, test_migrate_from_v1);
	tcase_add_test(tc, test_newer_schema_refused);
	tcase_add_test(tc, test_claim_once);
	tcase_add_test(tc, test_four_eyes);
	tcase_add_test(tc, test_purge_erase_keep_chain);
	tcase_add_test(tc, test_purge_erase_spare_mail_in_flight);
	tcase_add_test(tc, test_erase_count_error_is_no_zero);
	tcase_add_test(tc, test_ids_not_reused);
	tcase_add_test(tc, test_audit_seq_never_reused);
	tcase_add_test(tc, test_tamper_caught);
	suite_add_tcase(su, tc);
	return unit_run(su);
}
