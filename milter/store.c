/*
 * store.c - the SQLite adapter: one row per decision that was not a plain
 * pass.  Postfix's hold queue keeps the mail itself; this store keeps why
 * it was held, for review and reports, and never the secret (callers pass
 * masked excerpts and Subjects only).
 *
 * The database runs in WAL mode with a busy timeout, so the milter's threads
 * and a staff command do not fail on each other's locks.  One connection is
 * opened in serialized mode and shared by the milter's threads.  Statements
 * use bound parameters only.  The schema carries its version in
 * PRAGMA user_version and is migrated forward when opened for writing.
 *
 * Staff decisions and the audit trail live in store_decide.c; both share
 * store_int.h.
 *
 * DIAGNOSTICS: functions return 0 (lookups: 1 found, 0 not found), or -1
 * with a reason in err; a failed write must make the caller tempfail the
 * mail, never pass it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"
#include "store_int.h"

#define BUSY_TIMEOUT_MS	10000
#define WAL_CHECKPOINT_PAGES	256	/* about 1 MB of WAL between checkpoints */
#define WAL_SIZE_LIMIT		1048576	/* bytes the WAL is cut back to */
#define LG_STR2(x)	#x
#define LG_STR(x)	LG_STR2(x)

/* Each entry moves the schema from version i to i + 1. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE quarantine ("
	"  id INTEGER PRIMARY KEY,"
	"  created TEXT NOT NULL,"
	"  host TEXT NOT NULL,"
	"  queue_id TEXT,"
	"  message_id TEXT,"
	"  sender TEXT,"
	"  recipients TEXT,"
	"  customer_id TEXT,"
	"  customer_name TEXT,"
	"  expected TEXT,"
	"  action TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  rules TEXT,"
	"  excerpt TEXT,"
	"  subject TEXT,"
	"  details TEXT,"
	"  status TEXT NOT NULL"
	");"
	"CREATE INDEX quarantine_status ON quarantine(status, created);"
	"CREATE INDEX quarantine_queue_id ON quarantine(queue_id);",
	/*
	 * 1 -> 2: staff decisions and the audit trail.  The quarantine table
	 * is rebuilt with AUTOINCREMENT so a purged or erased record's id is
	 * never given to another mail.  Audit rows name only
	 * record ids, actors, actions, times and the staff's reason, so they
	 * outlive the quarantine rows they speak of.  AUTOINCREMENT keeps the
	 * highest seq ever issued, which shows rows deleted from the end; the
	 * triggers refuse ordinary edits (the hash chain catches the rest).
	 */
	"CREATE TABLE quarantine2 ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"	/* ids never reused: */
	"  created TEXT NOT NULL,"			/* audit rows name them */
	"  host TEXT NOT NULL,"
	"  queue_id TEXT,"
	"  message_id TEXT,"
	"  sender TEXT,"
	"  recipients TEXT,"
	"  customer_id TEXT,"
	"  customer_name TEXT,"
	"  expected TEXT,"
	"  action TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  rules TEXT,"
	"  excerpt TEXT,"
	"  subject TEXT,"
	"  details TEXT,"
	"  status TEXT NOT NULL,"
	"  approved_by TEXT,"
	"  decided_by TEXT,"
	"  decided TEXT"
	");"
	"INSERT INTO quarantine2 (id, created, host, queue_id, message_id,"
	"  sender, recipients, customer_id, customer_name, expected, action,"
	"  reason, rules, excerpt, subject, details, status)"
	"  SELECT id, created, host, queue_id, message_id, sender, recipients,"
	"  customer_id, customer_name, expected, action, reason, rules,"
	"  excerpt, subject, details, status FROM quarantine;"
	"DROP TABLE quarantine;"
	"ALTER TABLE quarantine2 RENAME TO quarantine;"
	"CREATE INDEX quarantine_status ON quarantine(status, created);"
	"CREATE INDEX quarantine_queue_id ON quarantine(queue_id);"
	"CREATE INDEX quarantine_customer ON quarantine(customer_id);"
	"CREATE INDEX quarantine_created ON quarantine(created);"
	"CREATE TABLE audit ("
	"  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  time TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  record_id INTEGER NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  prev_hash TEXT NOT NULL,"
	"  hash TEXT NOT NULL"
	");"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;",
	/*
	 * 2 -> 3: each audit row names the configuration in force when the
	 * staff command ran (its path and SHA-256), so a decision taken
	 * under another configuration shows.  Rows written before carry ''
	 * and keep their version-1 hash (audit.c).
	 */
	"ALTER TABLE audit ADD COLUMN config TEXT NOT NULL DEFAULT '';",
	/*
	 * 3 -> 4: for the incident team's reports (leakguardctl report): the
	 * sending client and SASL login, and each recipient tagged on_record,
	 * other_record (with that entry) or unknown, as a JSON array.  Added
	 * columns only: older leakguardctl versions read the store as before.
	 */
	"ALTER TABLE quarantine ADD COLUMN client TEXT;"
	"ALTER TABLE quarantine ADD COLUMN sasl_login TEXT;"
	"ALTER TABLE quarantine ADD COLUMN recipient_tags TEXT;",
};

_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_SCHEMA_VERSION,
    "one migration per schema version");

/* user_version - the schema version, or -1 */
static int
user_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/*
 * store_migrate - bring the schema up to STORE_SCHEMA_VERSION, one step
 * per transaction.  The version is read inside the write transaction, so
 * the daemon and a staff command starting together migrate once.
 */
static int
store_migrate(sqlite3 *db, char *err, size_t errlen)
{
	char *msg = NULL;
	int v = 0;

	for (;;) {
		char sql[64];

		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) !=
		    SQLITE_OK)
			goto fail_msg;
		if ((v = user_version(db)) == -1) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			snprintf(err, errlen, "%s", sqlite3_errmsg(db));
			return -1;
		}
		if (v >= STORE_SCHEMA_VERSION) {
			sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
			break;
		}
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if (sqlite3_exec(db, migrations[v], NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			goto fail_msg;
		}
	}
	if (v > STORE_SCHEMA_VERSION) {
		snprintf(err, errlen, "database schema version %d is newer than "
		    "this leakguard (%d)", v, STORE_SCHEMA_VERSION);
		return -1;
	}
	return 0;
fail_msg:
	snprintf(err, errlen, "schema migration to version %d: %s", v + 1,
	    msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

/*
 * STORE_OPEN -- open the store (with create, create the file if missing)
 *	and migrate its schema forward.  A new database file is created mode
 *	0640: it names customers.
 *	Return value: the store, or NULL with err set.
 */
struct lg_store *
store_open(const char *path, int create, char *err, size_t errlen)
{
	struct lg_store *s;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX;

	if ((s = calloc(1, sizeof *s)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (create) {
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);

		if (fd == -1) {
			snprintf(err, errlen, "%s: %m", path);
			free(s);
			return NULL;
		}
		close(fd);
	}
	if (sqlite3_open_v2(path, &s->st_db, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, s->st_db ?
		    sqlite3_errmsg(s->st_db) : "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(s->st_db, BUSY_TIMEOUT_MS);
	if (sqlite3_exec(s->st_db, "PRAGMA journal_mode=WAL", NULL, NULL,
	    NULL) != SQLITE_OK ||
	    sqlite3_exec(s->st_db, "PRAGMA synchronous=NORMAL", NULL, NULL,
	    NULL) != SQLITE_OK ||
	    /*
	     * The WAL is checkpointed every WAL_CHECKPOINT_PAGES and cut back
	     * to WAL_SIZE_LIMIT after each checkpoint: without the limit it
	     * keeps its high-water size (about 28 KB a held mail) for good.
	     */
	    sqlite3_exec(s->st_db, "PRAGMA wal_autocheckpoint="
	    LG_STR(WAL_CHECKPOINT_PAGES), NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(s->st_db, "PRAGMA journal_size_limit="
	    LG_STR(WAL_SIZE_LIMIT), NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->st_db));
		goto fail;
	}
	if (store_migrate(s->st_db, err, errlen) == -1)
		goto fail;
	if (sqlite3_prepare_v2(s->st_db,
	    "INSERT INTO quarantine (created, host, queue_id, message_id, sender,"
	    " recipients, customer_id, customer_name, expected, action, reason,"
	    " rules, excerpt, subject, details, status, client, sasl_login,"
	    " recipient_tags) VALUES"
	    " (coalesce(?16, strftime('%Y-%m-%dT%H:%M:%SZ','now')), ?1, ?2, ?3,"
	    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?17, ?18,"
	    " ?19)", -1,
	    &s->st_insert, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(s->st_db));
		goto fail;
	}
	return s;
fail:
	store_close(s);
	return NULL;
}

void
store_close(struct lg_store *s)
{
	if (s == NULL)
		return;
	sqlite3_finalize(s->st_insert);
	sqlite3_close(s->st_db);
	free(s->st_config);
	free(s);
}

/*
 * STORE_SET_CONFIG -- the configuration in force (e.g. "PATH sha256:HEX"),
 *	written into every audit row this store handle appends from now on.
 *	Return value: 0, or -1 when out of memory.
 */
int
store_set_config(struct lg_store *s, const char *config)
{
	char *c = strdup(config ? config : "");

	if (c == NULL)
		return -1;
	free(s->st_config);
	s->st_config = c;
	return 0;
}

/*
 * STORE_RECORD_DECISION -- insert one row, created now unless
 *	row_created says when.
 *	Return value: 0 with *id set, or -1 with err set.
 */
int
store_record_decision(struct lg_store *s, const struct lg_store_row *r,
    int64_t *id, char *err, size_t errlen)
{
	const char *vals[] = {
		r->row_host, r->row_queue_id, r->row_message_id, r->row_sender,
		r->row_recipients, r->row_customer_id, r->row_customer_name,
		r->row_expected, r->row_action, r->row_reason, r->row_rules,
		r->row_excerpt, r->row_subject, r->row_details, r->row_status,
	};
	sqlite3_mutex *mx = sqlite3_db_mutex(s->st_db);
	size_t i;
	int rc;

	/* The shared prepared statement and last_insert_rowid need the lock. */
	sqlite3_mutex_enter(mx);
	sqlite3_reset(s->st_insert);
	sqlite3_clear_bindings(s->st_insert);
	for (i = 0; i < sizeof vals / sizeof vals[0]; i++)
		sqlite3_bind_text(s->st_insert, (int)i + 1, vals[i], -1,
		    SQLITE_TRANSIENT);
	/* a record made later for older mail (reconcile) brings its time */
	sqlite3_bind_text(s->st_insert, 16, r->row_created, -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_text(s->st_insert, 17, r->row_client, -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_text(s->st_insert, 18, r->row_sasl_login, -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_text(s->st_insert, 19, r->row_recipient_tags, -1,
	    SQLITE_TRANSIENT);
	rc = sqlite3_step(s->st_insert);
	if (rc == SQLITE_DONE && id != NULL)
		*id = sqlite3_last_insert_rowid(s->st_db);
	if (rc != SQLITE_DONE)
		snprintf(err, errlen, "insert: %s", sqlite3_errmsg(s->st_db));
	sqlite3_reset(s->st_insert);
	sqlite3_mutex_leave(mx);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* STORE_SCHEMA_VERSION -- the database's PRAGMA user_version, or -1 */
int
store_schema_version(struct lg_store *s)
{
	return user_version(s->st_db);
}

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

#define ROW_COLUMNS \
	"SELECT id, created, CAST(strftime('%s', created) AS INTEGER), host," \
	" queue_id, message_id, sender, recipients, customer_id," \
	" customer_name, expected, action, reason, rules, excerpt, subject," \
	" details, status, approved_by, decided_by, decided, client," \
	" sasl_login, recipient_tags FROM quarantine"

/* walk_rows - call fn for each row st yields; fn returning -1 stops */
static int
walk_rows(struct lg_store *s, sqlite3_stmt *st, store_row_fn fn, void *arg,
    int *found, char *err, size_t errlen)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lg_store_row r = {
			.row_id = sqlite3_column_int64(st, 0),
			.row_created = col(st, 1),
			.row_epoch = sqlite3_column_int64(st, 2),
			.row_host = col(st, 3),
			.row_queue_id = col(st, 4), .row_message_id = col(st, 5),
			.row_sender = col(st, 6), .row_recipients = col(st, 7),
			.row_customer_id = col(st, 8),
			.row_customer_name = col(st, 9), .row_expected = col(st, 10),
			.row_action = col(st, 11), .row_reason = col(st, 12),
			.row_rules = col(st, 13), .row_excerpt = col(st, 14),
			.row_subject = col(st, 15), .row_details = col(st, 16),
			.row_status = col(st, 17), .row_approved_by = col(st, 18),
			.row_decided_by = col(st, 19), .row_decided = col(st, 20),
			.row_client = col(st, 21), .row_sasl_login = col(st, 22),
			.row_recipient_tags = col(st, 23),
		};

		(*found)++;
		if (fn(arg, &r) == -1)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(s->st_db));
		return -1;
	}
	return 0;
}

/*
 * STORE_LIST -- call fn for each row matching the filter (oldest first).
 *	fn returning -1 stops the walk.
 *	Return value: 0, or -1 with err set.
 */
int
store_list(struct lg_store *s, const struct lg_store_filter *f,
    store_row_fn fn, void *arg, char *err, size_t errlen)
{
	static const struct lg_store_filter all;
	sqlite3_stmt *st;
	int rc, found = 0;

	if (f == NULL)
		f = &all;
	if (sqlite3_prepare_v2(s->st_db, ROW_COLUMNS
	    " WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR created >= ?2)"
	    " AND (?3 IS NULL OR created < ?3) AND (?4 IS NULL OR reason = ?4)"
	    " AND (?5 IS NULL OR customer_id = ?5) ORDER BY id", -1, &st,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(s->st_db));
		return -1;
	}
	sqlite3_bind_text(st, 1, f->sf_status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->sf_since, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->sf_before, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->sf_reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, f->sf_customer, -1, SQLITE_STATIC);
	rc = walk_rows(s, st, fn, arg, &found, err, errlen);
	sqlite3_finalize(st);
	return rc;
}

/*
 * STORE_GET -- call fn with one row.
 *	Return value: 1 found, 0 no such row, -1 with err set.
 */
int
store_get(struct lg_store *s, int64_t id, store_row_fn fn, void *arg,
    char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if (sqlite3_prepare_v2(s->st_db, ROW_COLUMNS " WHERE id = ?1", -1, &st,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(s->st_db));
		return -1;
	}
	sqlite3_bind_int64(st, 1, id);
	rc = walk_rows(s, st, fn, arg, &found, err, errlen);
	sqlite3_finalize(st);
	return rc == -1 ? -1 : found > 0;
}
