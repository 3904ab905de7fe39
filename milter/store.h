/*
 * store.h - the SQLite quarantine store and its audit trail.
 */
#ifndef LG_STORE_H
#define LG_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "audit.h"

struct lg_store;

/* One decision that was not a plain pass.  Nothing secret goes in here. */
struct lg_store_row {
	int64_t		 row_id;
	const char	*row_created;	/* ISO 8601 UTC; filled by the store */
	int64_t		 row_epoch;	/* row_created in seconds; filled */
	const char	*row_host;
	const char	*row_queue_id;
	const char	*row_message_id;
	const char	*row_sender;
	const char	*row_recipients;	/* comma-separated */
	const char	*row_customer_id;
	const char	*row_customer_name;
	const char	*row_expected;		/* comma-separated */
	const char	*row_action;		/* hold, monitor */
	const char	*row_reason;
	const char	*row_rules;		/* comma-separated rule names */
	const char	*row_excerpt;		/* masked */
	const char	*row_subject;		/* masked */
	const char	*row_details;		/* e.g. "namesake=DN"; never secret */
	const char	*row_status;		/* see below */
	const char	*row_approved_by;	/* four-eyes: who approved */
	const char	*row_decided_by;	/* who released/deleted/... */
	const char	*row_decided;		/* and when */
	/* schema 4: who sent it and what each recipient is (reports) */
	const char	*row_client;		/* client IP address */
	const char	*row_sasl_login;	/* SMTP AUTH login, "" none */
	const char	*row_recipient_tags;	/* JSON array, rcpt_tags.c */
};

/*
 * Statuses: "held" (in Postfix's hold queue), "releasing" and "deleting"
 * (a staff command is acting on it right now), "released", "deleted",
 * "expired", "gone" (the mail left the hold queue behind leakguard's back;
 * set by reconcile), "monitored" (monitor mode: never held).
 */
#define STORE_HELD	"held"

/* Which rows store_list walks; NULL members match everything. */
struct lg_store_filter {
	const char	*sf_status;
	const char	*sf_since;	/* ISO 8601 UTC; rows created at or after */
	const char	*sf_before;	/* rows created before */
	const char	*sf_reason;
	const char	*sf_customer;
};

#define STORE_SCHEMA_VERSION	4

struct lg_store *store_open(const char *path, int create, char *err,
    size_t errlen);
void store_close(struct lg_store *);
int store_set_config(struct lg_store *, const char *config);
int store_record_decision(struct lg_store *, const struct lg_store_row *,
    int64_t *id, char *err, size_t errlen);
int store_schema_version(struct lg_store *);

typedef int (*store_row_fn)(void *arg, const struct lg_store_row *);
int store_list(struct lg_store *, const struct lg_store_filter *,
    store_row_fn, void *arg, char *err, size_t errlen);
int store_get(struct lg_store *, int64_t id, store_row_fn, void *arg,
    char *err, size_t errlen);

/* Decisions (store_decide.c): each writes its audit row in the same
 * transaction as the change it records. */
int store_claim(struct lg_store *, int64_t id, const char *from,
    const char *to, const char *actor, int approvals, char *err,
    size_t errlen);
int store_finish(struct lg_store *, int64_t id, const char *from,
    const char *to, const char *actor, const char *action, const char *reason,
    char *err, size_t errlen);
int store_approve(struct lg_store *, int64_t id, const char *actor,
    const char *reason, char *err, size_t errlen);
int store_adopt(struct lg_store *, const struct lg_store_row *,
    const char *actor, const char *reason, int64_t *id, char *err,
    size_t errlen);
int store_purge(struct lg_store *, const char *before, const char *actor,
    long *count, char *err, size_t errlen);
int store_erase(struct lg_store *, const char *customer_id, const char *actor,
    const char *reason, long *count, char *err, size_t errlen);
int store_audit_append(struct lg_store *, const char *actor,
    const char *action, int64_t record, const char *reason, char *err,
    size_t errlen);

typedef int (*store_audit_fn)(void *arg, const struct lg_audit_row *);
int store_audit_walk(struct lg_store *, store_audit_fn, void *arg,
    int64_t *last_issued, char *err, size_t errlen);

#endif
