/*
 * store_report.c - the read-only side of the store that reports use: one
 * or several stores (one per Postfix host, copied to the reporting host)
 * are attached read-only to an in-memory SQLite connection and seen as one
 * view, "r", over which every report query runs.  Rows are streamed in
 * time order (each store's index on created, merged by SQLite); the
 * summary's counts come from one pass (report_summary.c) and two GROUP BY
 * queries for the groupings with unbounded keys, so memory does not grow
 * with the number of rows (SQLite sorts in its temporary files).
 *
 * Stores of schema version 2 and 3 (before the client, SASL login and tagged
 * recipients were recorded) are read too: those columns are empty there
 * and their recipients are tagged "unknown".  Nothing here writes.
 *
 * Rendering is left to report_*.c and ctl_report.c.  Functions return 0,
 * or -1 with a reason in err; callbacks returning -1 stop a walk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "report_summary.h"
#include "store_report.h"

struct lg_report_db {
	sqlite3		*rd_db;
	char		*rd_rcpts;	/* the current row's recipients, split */
	size_t		 rd_rcpts_size;
};

#define REPORT_MMAP_MAX	0x7fff0000LL	/* SQLite's own ceiling */

/* The columns a store before schema 4 lacks, and what stands for them. */
static const char *const v3_columns[] = { "client", "sasl_login",
    "recipient_tags" };

/* The WHERE clause every query shares: ?1 since ?2 until ?3 reason
 * ?4 customer. */
#define FILTER \
	" (?1 IS NULL OR created >= ?1) AND (?2 IS NULL OR created < ?2)" \
	" AND (?3 IS NULL OR reason = ?3) AND (?4 IS NULL OR customer_id = ?4)"

/* A row's recipients as JSON: the tags, or the plain list tagged unknown */
#define RCPTS_JSON \
	"CASE WHEN json_valid(recipient_tags) THEN recipient_tags" \
	" WHEN json_valid('[\"' || replace(replace(replace(recipients, '\\'," \
	" '\\\\'), '\"', '\\\"'), ',', '\",\"') || '\"]') AND recipients <> ''" \
	" THEN '[\"' || replace(replace(replace(recipients, '\\', '\\\\'), '\"'," \
	" '\\\"'), ',', '\",\"') || '\"]' ELSE '[]' END"

/* One recipient's address out of json_each over RCPTS_JSON */
#define RCPT_ADDR \
	"CASE WHEN j.type = 'object' THEN coalesce(j.value ->> 'address', '')" \
	" ELSE j.value END"

/* no_seps - a value with the separators the row query uses replaced */
#define NO_SEPS(x) "replace(replace(coalesce(" x ", ''), char(30), '?')," \
	" char(31), '?')"

static int
db_fail(struct lg_report_db *d, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(d->rd_db));
	return -1;
}

/* uri_path - a file path as a "file:" URI opened read-only */
static int
uri_path(const char *path, char *buf, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o;

	o = (size_t)snprintf(buf, len, "file:");
	for (; *path != '\0'; path++) {
		unsigned char c = (unsigned char)*path;

		if (o + 4 >= len)
			return -1;
		if (c == '%' || c == '?' || c == '#' || c < 0x21 || c >= 0x7f) {
			buf[o++] = '%';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		} else
			buf[o++] = (char)c;
	}
	if (o + sizeof "?mode=ro" > len)
		return -1;
	memcpy(buf + o, "?mode=ro", sizeof "?mode=ro");
	return 0;
}

/* has_column - 1 if store k's quarantine table has the column, 0, -1 */
static int
has_column(struct lg_report_db *d, size_t k, const char *name)
{
	char sql[128];
	sqlite3_stmt *st;
	int rc, found = 0;

	snprintf(sql, sizeof sql, "SELECT 1 FROM pragma_table_info('quarantine',"
	    " 's%zu') WHERE name = ?1", k);
	if (sqlite3_prepare_v2(d->rd_db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		found = 1;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? found : -1;
}

/* select_store - the SELECT of store k for the view, into sql */
static int
select_store(struct lg_report_db *d, size_t k, FILE *sql)
{
	size_t i;

	fprintf(sql, "%sSELECT id, created, coalesce(host, '') AS host,"
	    " queue_id, message_id, sender, recipients, customer_id,"
	    " customer_name, expected, action, reason, rules, excerpt, details,"
	    " status, approved_by, decided_by, decided", k > 0 ?
	    " UNION ALL " : "");
	for (i = 0; i < sizeof v3_columns / sizeof v3_columns[0]; i++) {
		int rc = has_column(d, k, v3_columns[i]);

		if (rc == -1)
			return -1;
		fprintf(sql, rc ? ", %s" : ", NULL AS %s", v3_columns[i]);
	}
	fprintf(sql, " FROM s%zu.quarantine", k);
	return 0;
}

/* attach - store k, read-only, after checking its schema version */
static int
attach(struct lg_report_db *d, size_t k, const char *path, char *err,
    size_t errlen)
{
	char uri[8192], sql[96];
	sqlite3_stmt *st;
	int v = -1;

	if (uri_path(path, uri, sizeof uri) == -1) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	snprintf(sql, sizeof sql, "ATTACH ?1 AS s%zu", k);
	if (sqlite3_prepare_v2(d->rd_db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(d, path, err, errlen);
	sqlite3_bind_text(st, 1, uri, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_fail(d, path, err, errlen);
	}
	sqlite3_finalize(st);
	/* Read through a mapping, not a pread per page: a million-row
	 * report read its store in 116,000 system calls.  Read-only, so a
	 * stray write cannot reach the file through it. */
	snprintf(sql, sizeof sql, "PRAGMA s%zu.mmap_size = %lld", k,
	    (long long)REPORT_MMAP_MAX);
	(void)sqlite3_exec(d->rd_db, sql, NULL, NULL, NULL);
	snprintf(sql, sizeof sql, "PRAGMA s%zu.user_version", k);
	if (sqlite3_prepare_v2(d->rd_db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(d, path, err, errlen);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (v < 2) {
		snprintf(err, errlen, "%s: %s", path, v == -1 ?
		    sqlite3_errmsg(d->rd_db) : "not a leakguard store of schema "
		    "version 2 or later (open it with leakguard once)");
		return -1;
	}
	return 0;
}

/*
 * STORE_REPORT_OPEN -- attach the stores read-only and build the view.
 *	Return value: the report connection, or NULL with err set.
 */
struct lg_report_db *
store_report_open(const char *const *paths, size_t n, char *err,
    size_t errlen)
{
	struct lg_report_db *d;
	char *sql = NULL;
	size_t len = 0, k;
	FILE *fp = NULL;

	if (n == 0 || n > REPORT_STORES_MAX) {
		snprintf(err, errlen, "between 1 and %d stores, not %zu",
		    REPORT_STORES_MAX, n);
		return NULL;
	}
	if ((d = calloc(1, sizeof *d)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	/* one thread: no mutexes */
	if (sqlite3_open_v2(":memory:", &d->rd_db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "sqlite: cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(d->rd_db, 10000);
	for (k = 0; k < n; k++)
		if (attach(d, k, paths[k], err, errlen) == -1)
			goto fail;
	if ((fp = open_memstream(&sql, &len)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	fputs("CREATE TEMP VIEW r AS SELECT *, CASE action WHEN 'monitor' THEN"
	    " 'would_hold' WHEN 'tempfail' THEN 'tempfail' ELSE 'hold' END AS"
	    " kind, CASE WHEN action = 'monitor' THEN 'would_hold' WHEN action ="
	    " 'tempfail' THEN 'tempfailed' WHEN status IN ('releasing',"
	    " 'deleting') THEN 'held' ELSE status END AS disposition FROM (", fp);
	for (k = 0; k < n; k++)
		if (select_store(d, k, fp) == -1) {
			fclose(fp);
			db_fail(d, paths[k], err, errlen);
			goto fail;
		}
	fputs(")", fp);
	if (fclose(fp) != 0 || sql == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (sqlite3_exec(d->rd_db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(d, "view", err, errlen);
		goto fail;
	}
	free(sql);
	return d;
fail:
	free(sql);
	store_report_close(d);
	return NULL;
}

void
store_report_close(struct lg_report_db *d)
{
	if (d == NULL)
		return;
	sqlite3_close(d->rd_db);
	free(d->rd_rcpts);
	free(d);
}

/* prepare - a query with the filter bound as ?1..?4 */
static sqlite3_stmt *
prepare(struct lg_report_db *d, const char *sql,
    const struct lg_report_filter *f, char *err, size_t errlen)
{
	static const struct lg_report_filter all;
	sqlite3_stmt *st;

	if (f == NULL)
		f = &all;
	if (sqlite3_prepare_v2(d->rd_db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_fail(d, "query", err, errlen);
		return NULL;
	}
	sqlite3_bind_text(st, 1, f->rf_since, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->rf_until, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->rf_reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->rf_customer, -1, SQLITE_STATIC);
	return st;
}

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? (const char *)t : "";
}

/* digits - the n decimal digits at s as a number, or -1 */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (; n > 0; n--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/*
 * REPORT_ISO_SECONDS -- "YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|+HH:MM|-HH:MM]"
 *	(what the store writes, and what SQLite's strftime read here before)
 *	as seconds since the epoch, or -1 when it is not such a time.  Done
 *	here rather than by strftime('%s') in the row query: twice per row
 *	over a million rows was a tenth of a report's time.
 */
int64_t
report_iso_seconds(const char *s)
{
	struct tm tm = { 0 };
	int y, mo, d, h, mi, sec, off = 0;
	time_t t;

	if (strlen(s) < 19 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':' ||
	    (y = digits(s, 4)) < 0 || (mo = digits(s + 5, 2)) < 1 || mo > 12 ||
	    (d = digits(s + 8, 2)) < 1 || d > 31 || (h = digits(s + 11, 2)) < 0 ||
	    h > 24 || (mi = digits(s + 14, 2)) < 0 || mi > 59 ||
	    (sec = digits(s + 17, 2)) < 0 || sec > 60)
		return -1;
	s += 19;
	if (*s == '.') {		/* a fraction: one digit at least */
		if (s[1] < '0' || s[1] > '9')
			return -1;
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	}
	if (*s == '+' || *s == '-') {
		int oh = digits(s + 1, 2), om = -1;

		if (oh >= 0 && s[3] == ':')	/* s[1], s[2] digits: s[3] is in */
			om = digits(s + 4, 2);

		if (oh < 0 || om < 0 || oh > 14 || om > 59)
			return -1;
		off = (*s == '+' ? 1 : -1) * (oh * 3600 + om * 60);
		s += 6;
	} else if (*s == 'Z' || *s == 'z')
		s++;
	if (*s != '\0')
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	if ((t = timegm(&tm)) == (time_t)-1)
		return -1;
	return (int64_t)t - off;
}

/* decision - seconds from hold to release or delete, or -1 */
static int64_t
decision(const char *kind, const char *status, const char *created,
    const char *decided)
{
	int64_t a, b;

	if (strcmp(kind, "hold") != 0 || (strcmp(status, "released") != 0 &&
	    strcmp(status, "deleted") != 0) || decided[0] == '\0' ||
	    (a = report_iso_seconds(created)) == -1 ||
	    (b = report_iso_seconds(decided)) == -1)
		return -1;
	return b - a;
}

#define ROW_SELECT \
	"SELECT id, created, status, host," \
	" queue_id, message_id, sender, client, sasl_login, customer_id," \
	" customer_name, expected, kind, reason, rules, disposition," \
	" decided_by, decided, approved_by, excerpt, details," \
	" (SELECT group_concat(" NO_SEPS(RCPT_ADDR) " || char(31) ||" \
	" " NO_SEPS("CASE WHEN j.type = 'object' THEN j.value ->> 'tag' END") \
	" || char(31) || " NO_SEPS("CASE WHEN j.type = 'object' THEN" \
	" j.value ->> 'entry' END") " || char(31) || " \
	NO_SEPS("CASE WHEN j.type = 'object' THEN j.value ->> 'entry_name'" \
	" END") ", char(30)) FROM json_each(" RCPTS_JSON ") AS j)," \
	" recipients" \
	" FROM r WHERE" FILTER

/* split_rcpts - the row query's recipient column into r->rp_rcpts */
static int
split_rcpts(struct lg_report_db *d, const char *text,
    struct lg_report_row *r)
{
	size_t len = strlen(text) + 1;
	char *p;

	r->rp_nrcpts = r->rp_rcpts_more = 0;
	if (len > d->rd_rcpts_size) {
		if ((p = realloc(d->rd_rcpts, len)) == NULL)
			return -1;
		d->rd_rcpts = p;
		d->rd_rcpts_size = len;
	}
	memcpy(d->rd_rcpts, text, len);
	for (p = d->rd_rcpts; *text != '\0' && p != NULL;) {
		char *next = strchr(p, '\x1e'), *f[4] = { p, "", "", "" };
		size_t i;

		if (next != NULL)
			*next++ = '\0';
		for (i = 1; i < 4 && (f[i] = strchr(f[i - 1], '\x1f')) != NULL;
		    i++)
			*f[i]++ = '\0';
		for (; i < 4; i++)
			f[i] = "";
		if (r->rp_nrcpts < REPORT_RCPTS_MAX)
			r->rp_rcpts[r->rp_nrcpts++] = (struct lg_report_rcpt){
				.rr_address = f[0],
				.rr_tag = *f[1] ? f[1] : "unknown",
				.rr_entry = f[2], .rr_entry_name = f[3],
			};
		else
			r->rp_rcpts_more++;
		p = next;
	}
	return 0;
}

/* walk - call fn for each row of st (a ROW_SELECT) */
static int
walk(struct lg_report_db *d, sqlite3_stmt *st, report_row_fn fn, void *arg,
    char *err, size_t errlen)
{
	struct lg_report_row *r;
	int rc;

	if ((r = calloc(1, sizeof *r)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->rp_id = sqlite3_column_int64(st, 0);
		r->rp_time = col(st, 1);
		r->rp_host = col(st, 3);
		r->rp_queue_id = col(st, 4);
		r->rp_message_id = col(st, 5);
		r->rp_sender = col(st, 6);
		r->rp_client = col(st, 7);
		r->rp_sasl_login = col(st, 8);
		r->rp_customer_id = col(st, 9);
		r->rp_customer_name = col(st, 10);
		r->rp_expected = col(st, 11);
		r->rp_kind = col(st, 12);
		r->rp_reason = col(st, 13);
		r->rp_rules = col(st, 14);
		r->rp_disposition = col(st, 15);
		r->rp_decided_by = col(st, 16);
		r->rp_decided = col(st, 17);
		r->rp_approved_by = col(st, 18);
		r->rp_excerpt = col(st, 19);
		r->rp_details = col(st, 20);
		r->rp_recipients = col(st, 22);
		r->rp_decision = decision(r->rp_kind, col(st, 2), r->rp_time,
		    r->rp_decided);
		if (split_rcpts(d, col(st, 21), r) == -1) {
			snprintf(err, errlen, "out of memory");
			free(r);
			return -1;
		}
		if (fn(arg, r) == -1)
			break;
	}
	free(r);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(d, "query", err, errlen);
	return 0;
}

/*
 * STORE_REPORT_ROWS -- call fn for each row the filter selects, oldest
 *	first; with newest > 0 only the newest that many, newest first.
 */
int
store_report_rows(struct lg_report_db *d, const struct lg_report_filter *f,
    int64_t newest, report_row_fn fn, void *arg, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	st = prepare(d, newest > 0 ? ROW_SELECT " ORDER BY created DESC,"
	    " host DESC, id DESC LIMIT ?5" : ROW_SELECT " ORDER BY created,"
	    " host, id", f, err, errlen);
	if (st == NULL)
		return -1;
	if (newest > 0)
		sqlite3_bind_int64(st, 5, newest);
	rc = walk(d, st, fn, arg, err, errlen);
	sqlite3_finalize(st);
	return rc;
}

/*
 * STORE_REPORT_SUMMARY -- feed every selected row to the summary (one
 *	pass, the columns it needs only).
 */
int
store_report_summary(struct lg_report_db *d, const struct lg_report_filter *f,
    struct lg_summary *sum, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = prepare(d, "SELECT substr(created, 1, 10), host, reason, kind,"
	    " disposition, rules, client, sasl_login, recipients, status,"
	    " created, decided FROM r WHERE" FILTER, f, err, errlen)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct lg_summary_row r = {
			.sr_day = col(st, 0), .sr_host = col(st, 1),
			.sr_reason = col(st, 2), .sr_kind = col(st, 3),
			.sr_disposition = col(st, 4), .sr_rules = col(st, 5),
			.sr_client = col(st, 6), .sr_sasl_login = col(st, 7),
			.sr_recipients = col(st, 8),
			.sr_decision = decision(col(st, 3), col(st, 9),
			    col(st, 10), col(st, 11)),
		};

		summary_add(sum, &r);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(d, "query", err, errlen);
	return 0;
}

#define COUNTS \
	" sum(kind = 'hold'), sum(kind = 'would_hold'), sum(kind = 'tempfail')," \
	" count(*)"

/*
 * The groupings whose keys are unbounded (customers, pairs) stay SQL, so
 * memory stays flat: SQLite sorts in its temporary files.  "|| ''" keeps
 * the planner from walking the customer index (one random row read per
 * row); it reads the time range in order and sorts.  The other groupings
 * are counted in one pass by report_summary.c.
 */
static const char *const group_sql[RG_COUNT] = {
	[RG_REPEAT_CUSTOMER] = "SELECT customer_id || '' AS c, max(coalesce("
	    "customer_name, ''))," COUNTS " FROM r WHERE reason IN"
	    " ('recipient_mismatch', 'namesake') AND customer_id <> '' AND"
	    FILTER " GROUP BY c HAVING count(*) > 1 ORDER BY count(*) DESC, c",
	[RG_NAMESAKE_PAIR] = "SELECT customer_id || '' AS c, substr(details, 10)"
	    " AS other," COUNTS " FROM r WHERE reason = 'namesake' AND details"
	    " LIKE 'namesake=%' AND" FILTER " GROUP BY c, other"
	    " HAVING count(*) > 1 ORDER BY count(*) DESC, c, other",
};

/*
 * STORE_REPORT_GROUP -- counts of the selected rows by one grouping;
 *	fn gets the keys and the counts of each group.
 */
int
store_report_group(struct lg_report_db *d, const struct lg_report_filter *f,
    enum lg_report_group g, report_group_fn fn, void *arg, char *err,
    size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	if (group_sql[g] == NULL) {
		snprintf(err, errlen, "grouping %d is counted by the summary",
		    (int)g);
		return -1;
	}
	if ((st = prepare(d, group_sql[g], f, err, errlen)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t n[RC_N];
		int i;

		for (i = 0; i < RC_N; i++)
			n[i] = sqlite3_column_int64(st, 2 + i);
		if (fn(arg, col(st, 0), col(st, 1), n) == -1)
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(d, "query", err, errlen);
	return 0;
}

#define STALE \
	" FROM r WHERE kind = 'hold' AND status IN ('held', 'releasing'," \
	" 'deleting') AND created < ?5 AND" FILTER

/*
 * STORE_REPORT_STALE -- held mail nobody decided on, created before
 *	older_than: the count, and fn called for the oldest list_max.
 */
int
store_report_stale(struct lg_report_db *d, const struct lg_report_filter *f,
    const char *older_than, int64_t *count, int64_t list_max,
    report_row_fn fn, void *arg, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc;

	*count = 0;
	if ((st = prepare(d, "SELECT count(*)" STALE, f, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_text(st, 5, older_than, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(d, "query", err, errlen);
	if (*count == 0 || list_max <= 0)
		return 0;
	if ((st = prepare(d, ROW_SELECT " AND kind = 'hold' AND status IN"
	    " ('held', 'releasing', 'deleting') AND created < ?5"
	    " ORDER BY created, host, id LIMIT ?6", f, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_text(st, 5, older_than, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, list_max);
	rc = walk(d, st, fn, arg, err, errlen);
	sqlite3_finalize(st);
	return rc;
}
