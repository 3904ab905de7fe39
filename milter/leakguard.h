/*
 * leakguard.h - the few types every part of leakguard shares: what a rule hit
 * is, what a verdict is, and why.  Anything used by one module only lives in
 * that module's own header.
 */
#ifndef LEAKGUARD_H
#define LEAKGUARD_H

#include <stdbool.h>
#include <stddef.h>

/* What a rule found. */
enum lg_hit_kind {
	LG_KIND_SECRET,		/* PIN, password, one-time code */
	LG_KIND_CUSTOMER,	/* customer number: binds the mail to a customer */
	LG_KIND_NATIONAL_ID,	/* personal identity number */
	LG_KIND_COUNT
};

/* What happens to the mail. */
enum lg_action {
	LG_ACTION_PASS,
	LG_ACTION_HOLD,		/* Postfix hold queue + store row */
	LG_ACTION_TEMPFAIL,	/* 4xx: the client tries again later */
	LG_ACTION_COUNT
};

/* Why.  Names are stable: they appear in logs, the store and reports. */
enum lg_reason {
	LG_REASON_NO_SECRET,
	LG_REASON_RECIPIENT_VERIFIED,
	LG_REASON_RECIPIENT_MISMATCH,
	LG_REASON_NAMESAKE,		/* recipient is another customer of the same name */
	LG_REASON_UNBOUND_SECRET,
	LG_REASON_UNKNOWN_CUSTOMER,
	LG_REASON_AMBIGUOUS_CUSTOMER,
	LG_REASON_NO_ADDRESS,
	LG_REASON_BINDING_CONFLICT,
	LG_REASON_BINDING_INVALID,	/* signed binding header: bad or expired */
	LG_REASON_CUSTOMER_UNVERIFIED,	/* record fails the verification filter */
	LG_REASON_RECIPIENT_UNPARSABLE,
	LG_REASON_UNSCANNABLE,
	LG_REASON_DIRECTORY_ERROR,
	LG_REASON_INTERNAL_ERROR,
	LG_REASON_OUT_OF_SCOPE,		/* not judged: scope_* (scope.c) */
	LG_REASON_COUNT
};

/* Outcome of one directory lookup: an error must never read as "not found". */
enum lg_dir_status {
	LG_DIR_NOT_ASKED,
	LG_DIR_FOUND,
	LG_DIR_NOT_FOUND,
	LG_DIR_AMBIGUOUS,
	LG_DIR_ERROR
};

enum lg_mode {
	LG_MODE_ENFORCE,
	LG_MODE_MONITOR
};

const char *lg_kind_name(enum lg_hit_kind);
const char *lg_action_name(enum lg_action);
const char *lg_reason_name(enum lg_reason);

#endif
