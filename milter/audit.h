/*
 * audit.h - the audit trail's hash chain: hashing one row and checking a
 * chain of rows in order.
 */
#ifndef LG_AUDIT_H
#define LG_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#define AUDIT_HASH_LEN	64		/* SHA-256 in lower-case hex */

/* The hash of the row before the first one. */
#define AUDIT_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* One audit row: who did what to which record, when and why. */
struct lg_audit_row {
	int64_t		 au_seq;	/* 1, 2, 3 ... with no gaps */
	const char	*au_time;	/* ISO 8601 UTC */
	const char	*au_actor;
	const char	*au_action;	/* release, delete, approve, ... */
	int64_t		 au_record;	/* quarantine id; 0: none */
	const char	*au_reason;
	const char	*au_config;	/* configuration in force; "" in rows
					   written before schema 3 */
	const char	*au_prev;	/* the previous row's au_hash */
	const char	*au_hash;	/* over all the above */
};

/* The state of a check walking the rows in seq order. */
struct lg_audit_check {
	int64_t	ac_rows;			/* rows seen */
	int64_t	ac_seq;				/* last seq seen */
	char	ac_prev[AUDIT_HASH_LEN + 1];	/* last row's hash */
	int	ac_bad;				/* problems found */
	int64_t	ac_head_seq;			/* checkpoint kept elsewhere; */
	char	ac_head[AUDIT_HASH_LEN + 1];	/* 0: none */
	int	ac_head_seen;			/* its row was met */
};

int audit_hash(const struct lg_audit_row *, char out[AUDIT_HASH_LEN + 1]);
void audit_check_init(struct lg_audit_check *);
int audit_check_head(struct lg_audit_check *, const char *seq_hash);
int audit_check_row(struct lg_audit_check *, const struct lg_audit_row *,
    char *err, size_t errlen);
int audit_check_end(struct lg_audit_check *, int64_t last_issued, char *err,
    size_t errlen);

#endif
