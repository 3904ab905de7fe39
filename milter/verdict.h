/*
 * verdict.h - the pure decision: pass, hold or tempfail, and why.
 */
#ifndef LG_VERDICT_H
#define LG_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "address.h"
#include "binding.h"
#include "leakguard.h"

/* One directory entry that holds a recipient's address. */
struct lg_owner {
	const char	*own_id;	/* DN */
	const char	*own_name;
};

/* Who owns one recipient, as the directory answered (pipeline asks). */
struct lg_rcpt_owners {
	enum lg_dir_status	 ro_status;	/* NOT_ASKED: nobody asked */
	const struct lg_owner	*ro_owners;
	size_t			 ro_n;
};

struct lg_verdict_input {
	bool			 vi_sensitive;	/* a hit that needs protection */
	bool			 vi_unscannable; /* could not scan all of it */
	const char		*vi_unscannable_why; /* what, if known, or NULL */
	bool			 vi_verify_bound; /* judge a bound mail even
						   * with no secret found */
	const struct lg_binding	*vi_binding;
	enum lg_dir_status	 vi_dir_status;
	enum lg_action		 vi_on_dir_error; /* HOLD; anything else: tempfail */
	const char		*vi_record_id;	/* the customer's DN */
	const char		*vi_record_name;
	bool			 vi_record_unverified; /* fails verified filter */
	const char *const	*vi_record_addrs; /* the customer's addresses */
	size_t			 vi_record_naddrs;
	const char *const	*vi_rcpts;	/* envelope recipients */
	size_t			 vi_nrcpts;
	const struct lg_rcpt_owners *vi_owners;	/* [vi_nrcpts] or NULL */
	struct lg_address_policy vi_address_policy;
};

#define LG_DETAILS_MAX	1200

struct lg_verdict {
	enum lg_action	v_action;
	enum lg_reason	v_reason;
	long		v_rcpt;		/* offending recipient index, or -1 */
	char		v_details[LG_DETAILS_MAX]; /* e.g. "namesake=DN" */
};

void verdict_decide(const struct lg_verdict_input *, struct lg_verdict *);
bool verdict_names_equal(const char *, const char *);

#endif
