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

struct lg_verdict_input {
	bool			 vi_sensitive;	/* a hit that needs protection */
	bool			 vi_unscannable; /* could not scan all of it */
	const struct lg_binding	*vi_binding;
	enum lg_dir_status	 vi_dir_status;
	const char *const	*vi_record_addrs; /* the customer's addresses */
	size_t			 vi_record_naddrs;
	const char *const	*vi_rcpts;	/* envelope recipients */
	size_t			 vi_nrcpts;
	struct lg_address_policy vi_address_policy;
};

struct lg_verdict {
	enum lg_action	v_action;
	enum lg_reason	v_reason;
	long		v_rcpt;		/* offending recipient index, or -1 */
};

void verdict_decide(const struct lg_verdict_input *, struct lg_verdict *);

#endif
