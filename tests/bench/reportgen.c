/*
 * reportgen.c - fill a leakguard store with N made-up decisions spread over
 * the 30 days before now, for tests/bench/report.sh: the store is created
 * by store_open (the daemon's very schema and indexes), the rows by one
 * INSERT ... SELECT over a recursive CTE in one transaction.  Values are a
 * function of the row number, so two runs make the same store.
 *
 *	reportgen STORE N [HOST]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sqlite3.h>

#include "store.h"

static const char *const fill_sql =
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
    "  WHERE i < ?1),"
    " g(i, h, t) AS (SELECT i, (i * 2654435761) % 4294967296,"
    "  ?2 + i * (30 * 86400) / ?1 FROM n)"
    " INSERT INTO quarantine (created, host, queue_id, message_id, sender,"
    "  recipients, customer_id, customer_name, expected, action, reason,"
    "  rules, excerpt, subject, details, status, approved_by, decided_by,"
    "  decided, client, sasl_login, recipient_tags)"
    " SELECT strftime('%Y-%m-%dT%H:%M:%SZ', t, 'unixepoch'), ?3,"
    "  printf('4Q%010X', i), printf('<gen-%d@telecom.example>', i),"
    "  'noreply@telecom.example',"
    "  printf('user%d@example%d.net', h % 50000, h % 40),"
    "  printf('%d', 100000 + h % 200000),"
    "  printf('Customer %d', h % 200000),"
    "  printf('customer%d@example.fi', h % 200000),"
    "  CASE WHEN i % 10 = 0 THEN 'monitor' ELSE 'hold' END,"
    "  CASE h % 7 WHEN 0 THEN 'namesake' WHEN 1 THEN 'unbound_secret'"
    "   WHEN 2 THEN 'unknown_customer' WHEN 3 THEN 'unscannable'"
    "   ELSE 'recipient_mismatch' END,"
    "  CASE h % 3 WHEN 0 THEN 'fi_pin,fi_customer' WHEN 1 THEN"
    "   'en_password' ELSE 'sv_pin,sv_customer' END,"
    "  'PIN-koodi: ****', 'Tervetuloa', CASE WHEN h % 7 = 0 THEN"
    "   printf('namesake=uid=c%d,ou=customers,dc=example,dc=fi', h % 999)"
    "   END,"
    "  CASE WHEN i % 10 = 0 THEN 'monitored' ELSE CASE h % 5 WHEN 0 THEN"
    "   'held' WHEN 1 THEN 'released' WHEN 2 THEN 'deleted' WHEN 3 THEN"
    "   'released' ELSE 'expired' END END, NULL,"
    "  CASE WHEN i % 10 <> 0 AND h % 5 IN (1, 2, 3) THEN 'alice' END,"
    "  CASE WHEN i % 10 <> 0 AND h % 5 IN (1, 2, 3) THEN"
    "   strftime('%Y-%m-%dT%H:%M:%SZ', t + h % 7200, 'unixepoch') END,"
    "  printf('10.20.0.%d', h % 20), CASE WHEN h % 4 = 0 THEN 'crm-app'"
    "   ELSE '' END,"
    "  printf('[{\"address\":\"user%d@example%d.net\",\"tag\":\"%s\"}]',"
    "   h % 50000, h % 40, CASE WHEN h % 7 = 0 THEN 'other_record'"
    "   ELSE 'unknown' END)"
    " FROM g";

int
main(int argc, char *argv[])
{
	struct lg_store *s;
	sqlite3 *db;
	sqlite3_stmt *st;
	char err[512];
	int rc;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: reportgen STORE N [HOST]\n");
		return 2;
	}
	if ((s = store_open(argv[1], 1, err, sizeof err)) == NULL) {
		fprintf(stderr, "reportgen: %s\n", err);
		return 1;
	}
	store_close(s);
	if (sqlite3_open(argv[1], &db) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, fill_sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "reportgen: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_bind_int64(st, 1, atoll(argv[2]));
	sqlite3_bind_int64(st, 2, (long long)time(NULL) - 30 * 86400 - 3600);
	sqlite3_bind_text(st, 3, argc == 4 ? argv[3] : "bench-host", -1,
	    SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE ||
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "reportgen: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_close(db);
	return 0;
}
