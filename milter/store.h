/*
 * store.h - the SQLite quarantine store.
 */
#ifndef LG_STORE_H
#define LG_STORE_H

#include <stddef.h>
#include <stdint.h>

struct lg_store;

/* One decision that was not a plain pass.  Nothing secret goes in here. */
struct lg_store_row {
	int64_t		 row_id;
	const char	*row_created;	/* ISO 8601 UTC; filled by the store */
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
	const char	*row_status;		/* held, monitored, released, ... */
};

#define STORE_SCHEMA_VERSION	1

struct lg_store *store_open(const char *path, int create, char *err,
    size_t errlen);
void store_close(struct lg_store *);
int store_record_decision(struct lg_store *, const struct lg_store_row *,
    int64_t *id, char *err, size_t errlen);

typedef int (*store_row_fn)(void *arg, const struct lg_store_row *);
int store_list(struct lg_store *, const char *status, store_row_fn, void *arg,
    char *err, size_t errlen);

#endif
