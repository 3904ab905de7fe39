/*
 * store_decide.c - staff decisions in the store and the audit trail that
 * records them.  Every change of a record's status that a person made is
 * written together with its audit row in one SQLite transaction: either
 * both are there or neither.  Status changes are conditional updates
 * ("... WHERE status = 'held'"), so two staff commands racing for one
 * record cannot both win.
 *
 * The audit table is append-only: triggers refuse UPDATE and DELETE, and
 * each row carries a SHA-256 hash chained to the previous row (audit.c),
 * so an edit made around the triggers still shows in "audit verify".
 * Audit rows hold record ids, actors, actions, times and the staff's
 * reason; never a customer's data, so expiry and erasure leave them be.
 *
 * DIAGNOSTICS: changes return 1 done, 0 the record was not in the state
 * asked for (someone else acted first, or no such record), -1 with a
 * reason in err.  Others return 0 or -1.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "audit.h"
#include "store.h"
#include "store_int.h"

#define NOT_FINAL	"('held', 'releasing', 'deleting')"

/* now_iso - the current time as ISO 8601 UTC, like the store's rows */
static void
now_iso(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
db_fail(struct lg_store *s, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(s->st_db));
	return -1;
}

static int
tx_begin(struct lg_store *s, char *err, size_t errlen)
{
	if (sqlite3_exec(s->st_db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return db_fail(s, "begin", err, errlen);
	return 0;
}

static int
tx_commit(struct lg_store *s, char *err, size_t errlen)
{
	if (sqlite3_exec(s->st_db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(s, "commit", err, errlen);
		sqlite3_exec(s->st_db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

static void
tx_rollback(struct lg_store *s)
{
	sqlite3_exec(s->st_db, "ROLLBACK", NULL, NULL, NULL);
}

/* query_int - the first column of the first row of sql, or dflt */
static int
query_int(struct lg_store *s, const char *sql, int64_t *out, int64_t dflt)
{
	sqlite3_stmt *st;
	int rc;

	*out = dflt;
	if (sqlite3_prepare_v2(s->st_db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* audit_append - one chained audit row; the caller holds a transaction */
static int
audit_append(struct lg_store *s, const char *actor, const char *action,
    int64_t record, const char *reason, char *err, size_t errlen)
{
	char prev[AUDIT_HASH_LEN + 1] = AUDIT_GENESIS, hash[AUDIT_HASH_LEN + 1];
	char when[32];
	int64_t issued, top;
	sqlite3_stmt *st;
	struct lg_audit_row r;
	int rc;

	if (query_int(s, "SELECT seq FROM sqlite_sequence WHERE name = 'audit'",
	    &issued, 0) == -1 ||
	    query_int(s, "SELECT max(seq) FROM audit", &top, 0) == -1)
		return db_fail(s, "audit", err, errlen);
	if (sqlite3_prepare_v2(s->st_db, "SELECT hash FROM audit ORDER BY seq"
	    " DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, "audit", err, errlen);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		snprintf(prev, sizeof prev, "%s",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	now_iso(when, sizeof when);
	r = (struct lg_audit_row){
		.au_seq = (issued > top ? issued : top) + 1,
		.au_time = when, .au_actor = actor, .au_action = action,
		.au_record = record, .au_reason = reason ? reason : "",
		.au_config = s->st_config ? s->st_config : "",
		.au_prev = prev,
	};
	if (audit_hash(&r, hash) == -1) {
		snprintf(err, errlen, "audit: SHA-256 failed");
		return -1;
	}
	if (sqlite3_prepare_v2(s->st_db, "INSERT INTO audit (seq, time, actor,"
	    " action, record_id, reason, prev_hash, hash, config) VALUES"
	    " (?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, "audit", err, errlen);
	sqlite3_bind_int64(st, 1, r.au_seq);
	sqlite3_bind_text(st, 2, r.au_time, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r.au_actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r.au_action, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, r.au_record);
	sqlite3_bind_text(st, 6, r.au_reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, r.au_prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, r.au_config, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, "audit insert", err, errlen);
	return 0;
}

/*
 * STORE_AUDIT_APPEND -- an audit row on its own (e.g. a refused attempt
 *	worth recording).  Return value: 0, or -1 with err set.
 */
int
store_audit_append(struct lg_store *s, const char *actor, const char *action,
    int64_t record, const char *reason, char *err, size_t errlen)
{
	if (tx_begin(s, err, errlen) == -1)
		return -1;
	if (audit_append(s, actor, action, record, reason, err, errlen) == -1) {
		tx_rollback(s);
		return -1;
	}
	return tx_commit(s, err, errlen);
}

/*
 * STORE_CLAIM -- move a record from one status to a transitional one
 *	("held" -> "releasing") before acting on the mail; only one of two
 *	racing commands gets 1.  With approvals >= 2 the record must carry
 *	an approval by someone other than actor.  No audit row: the finish
 *	(or the rollback to "held") is what happened.
 *	Return value: 1 claimed, 0 not in that state (or not approved), -1.
 */
int
store_claim(struct lg_store *s, int64_t id, const char *from, const char *to,
    const char *actor, int approvals, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->st_db, "UPDATE quarantine SET status = ?1"
	    " WHERE id = ?2 AND status = ?3 AND (?4 < 2 OR"
	    " (approved_by IS NOT NULL AND approved_by <> ?5))", -1, &st,
	    NULL) != SQLITE_OK)
		return db_fail(s, "claim", err, errlen);
	sqlite3_bind_text(st, 1, to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, approvals);
	sqlite3_bind_text(st, 5, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, "claim", err, errlen);
	return sqlite3_changes(s->st_db) == 1;
}

/*
 * STORE_FINISH -- move a record from one status to another and, when
 *	action is not NULL, write the audit row, in one transaction.
 *	Return value: 1 done, 0 not in status from, -1 with err set.
 */
int
store_finish(struct lg_store *s, int64_t id, const char *from, const char *to,
    const char *actor, const char *action, const char *reason, char *err,
    size_t errlen)
{
	char when[32];
	sqlite3_stmt *st;
	int rc, n;

	now_iso(when, sizeof when);
	if (tx_begin(s, err, errlen) == -1)
		return -1;
	if (sqlite3_prepare_v2(s->st_db, "UPDATE quarantine SET status = ?1,"
	    " decided_by = ?2, decided = ?3 WHERE id = ?4 AND status = ?5", -1,
	    &st, NULL) != SQLITE_OK) {
		db_fail(s, "update", err, errlen);
		goto fail;
	}
	sqlite3_bind_text(st, 1, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, when, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, id);
	sqlite3_bind_text(st, 5, from, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(s, "update", err, errlen);
		goto fail;
	}
	if ((n = sqlite3_changes(s->st_db)) == 1 && action != NULL &&
	    audit_append(s, actor, action, id, reason, err, errlen) == -1)
		goto fail;
	if (tx_commit(s, err, errlen) == -1)
		return -1;
	return n == 1;
fail:
	tx_rollback(s);
	return -1;
}

/*
 * STORE_APPROVE -- the first of two people agrees to release a held
 *	record.  Return value: 1 approved, 0 not held or already approved, -1.
 */
int
store_approve(struct lg_store *s, int64_t id, const char *actor,
    const char *reason, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc, n;

	if (tx_begin(s, err, errlen) == -1)
		return -1;
	if (sqlite3_prepare_v2(s->st_db, "UPDATE quarantine SET approved_by = ?1"
	    " WHERE id = ?2 AND status = 'held' AND approved_by IS NULL", -1,
	    &st, NULL) != SQLITE_OK) {
		db_fail(s, "approve", err, errlen);
		goto fail;
	}
	sqlite3_bind_text(st, 1, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(s, "approve", err, errlen);
		goto fail;
	}
	if ((n = sqlite3_changes(s->st_db)) == 1 &&
	    audit_append(s, actor, "approve", id, reason, err, errlen) == -1)
		goto fail;
	if (tx_commit(s, err, errlen) == -1)
		return -1;
	return n == 1;
fail:
	tx_rollback(s);
	return -1;
}

/*
 * STORE_ADOPT -- a record for held mail that had none (reconcile --fix),
 *	with its audit row.  Return value: 0 with *id set, or -1.
 */
int
store_adopt(struct lg_store *s, const struct lg_store_row *row,
    const char *actor, const char *reason, int64_t *id, char *err,
    size_t errlen)
{
	if (tx_begin(s, err, errlen) == -1)
		return -1;
	if (store_record_decision(s, row, id, err, errlen) == -1 ||
	    audit_append(s, actor, "adopt", *id, reason, err, errlen) == -1) {
		tx_rollback(s);
		return -1;
	}
	return tx_commit(s, err, errlen);
}

/* remove_rows - audit and delete each row sel (one bound text) yields */
static int
remove_rows(struct lg_store *s, const char *sel, const char *arg,
    const char *actor, const char *action, const char *reason, long *count,
    char *err, size_t errlen)
{
	sqlite3_stmt *st, *del;
	int rc;

	*count = 0;
	if (sqlite3_prepare_v2(s->st_db, sel, -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, action, err, errlen);
	if (sqlite3_prepare_v2(s->st_db, "DELETE FROM quarantine WHERE id = ?",
	    -1, &del, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return db_fail(s, action, err, errlen);
	}
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		if (audit_append(s, actor, action, id, reason, err, errlen) == -1)
			break;
		sqlite3_reset(del);
		sqlite3_bind_int64(del, 1, id);
		if (sqlite3_step(del) != SQLITE_DONE) {
			db_fail(s, action, err, errlen);
			break;
		}
		(*count)++;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(del);
	if (rc != SQLITE_DONE) {
		if (rc != SQLITE_ROW)
			db_fail(s, action, err, errlen);
		return -1;
	}
	return 0;
}

/*
 * STORE_PURGE -- remove rows created before the cutoff (ISO 8601 UTC)
 *	that are no longer held: the retention period is over.  Each gets
 *	a "purge" audit row.  Return value: 0 with *count set, or -1.
 */
int
store_purge(struct lg_store *s, const char *before, const char *actor,
    long *count, char *err, size_t errlen)
{
	if (tx_begin(s, err, errlen) == -1)
		return -1;
	if (remove_rows(s, "SELECT id FROM quarantine WHERE created < ?1 AND"
	    " status NOT IN " NOT_FINAL " ORDER BY id", before, actor, "purge",
	    "retention period over", count, err, errlen) == -1) {
		tx_rollback(s);
		return -1;
	}
	return tx_commit(s, err, errlen);
}

/*
 * STORE_ERASE -- remove every row naming a customer (an erasure request),
 *	each with an "erase" audit row.  Refused while any of them is still
 *	held: that mail must be released or deleted first.
 *	Return value: 0 with *count set, or -1 with err set.
 */
int
store_erase(struct lg_store *s, const char *customer_id, const char *actor,
    const char *reason, long *count, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int64_t held = 0;

	if (tx_begin(s, err, errlen) == -1)
		return -1;
	if (sqlite3_prepare_v2(s->st_db, "SELECT count(*) FROM quarantine"
	    " WHERE customer_id = ?1 AND status IN " NOT_FINAL, -1, &st,
	    NULL) != SQLITE_OK) {
		db_fail(s, "erase", err, errlen);
		goto fail;
	}
	sqlite3_bind_text(st, 1, customer_id, -1, SQLITE_STATIC);
	/* A count that could not be taken is no count of zero. */
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_fail(s, "erase", err, errlen);
		sqlite3_finalize(st);
		goto fail;
	}
	held = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (held > 0) {
		snprintf(err, errlen, "%lld record(s) of this customer still "
		    "held: release or delete them first", (long long)held);
		goto fail;
	}
	if (remove_rows(s, "SELECT id FROM quarantine WHERE customer_id = ?1"
	    " ORDER BY id", customer_id, actor, "erase", reason, count, err,
	    errlen) == -1)
		goto fail;
	return tx_commit(s, err, errlen);
fail:
	tx_rollback(s);
	return -1;
}

/*
 * STORE_AUDIT_WALK -- call fn for each audit row in seq order, inside one
 *	read transaction, and report the highest seq ever issued.
 *	Return value: 0, or -1 with err set.
 */
int
store_audit_walk(struct lg_store *s, store_audit_fn fn, void *arg,
    int64_t *last_issued, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_exec(s->st_db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(s, "begin", err, errlen);
	if (query_int(s, "SELECT seq FROM sqlite_sequence WHERE name = 'audit'",
	    last_issued, 0) == -1 ||
	    sqlite3_prepare_v2(s->st_db, "SELECT seq, time, actor, action,"
	    " record_id, reason, prev_hash, hash, config FROM audit"
	    " ORDER BY seq", -1,
	    &st, NULL) != SQLITE_OK) {
		db_fail(s, "audit", err, errlen);
		tx_rollback(s);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lg_audit_row r = {
			.au_seq = sqlite3_column_int64(st, 0),
			.au_time = (const char *)sqlite3_column_text(st, 1),
			.au_actor = (const char *)sqlite3_column_text(st, 2),
			.au_action = (const char *)sqlite3_column_text(st, 3),
			.au_record = sqlite3_column_int64(st, 4),
			.au_reason = (const char *)sqlite3_column_text(st, 5),
			.au_prev = (const char *)sqlite3_column_text(st, 6),
			.au_hash = (const char *)sqlite3_column_text(st, 7),
			.au_config = (const char *)sqlite3_column_text(st, 8),
		};

		if (fn(arg, &r) == -1)
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_fail(s, "audit", err, errlen);
		tx_rollback(s);
		return -1;
	}
	sqlite3_exec(s->st_db, "COMMIT", NULL, NULL, NULL);
	return 0;
}
