/*
 * names.c - the stable text names of leakguard's enums, as they appear in
 * logs, the store, rule files and reports.  Pure; no I/O.
 */
#include <assert.h>

#include "leakguard.h"

static const char *const kind_names[LG_KIND_COUNT] = {
	[LG_KIND_SECRET] = "secret",
	[LG_KIND_CUSTOMER] = "customer",
	[LG_KIND_NATIONAL_ID] = "national_id",
};

static const char *const action_names[LG_ACTION_COUNT] = {
	[LG_ACTION_PASS] = "pass",
	[LG_ACTION_HOLD] = "hold",
	[LG_ACTION_TEMPFAIL] = "tempfail",
};

static const char *const reason_names[LG_REASON_COUNT] = {
	[LG_REASON_NO_SECRET] = "no_secret",
	[LG_REASON_RECIPIENT_VERIFIED] = "recipient_verified",
	[LG_REASON_RECIPIENT_MISMATCH] = "recipient_mismatch",
	[LG_REASON_NAMESAKE] = "namesake",
	[LG_REASON_UNBOUND_SECRET] = "unbound_secret",
	[LG_REASON_UNKNOWN_CUSTOMER] = "unknown_customer",
	[LG_REASON_AMBIGUOUS_CUSTOMER] = "ambiguous_customer",
	[LG_REASON_NO_ADDRESS] = "no_address",
	[LG_REASON_BINDING_CONFLICT] = "binding_conflict",
	[LG_REASON_BINDING_INVALID] = "binding_invalid",
	[LG_REASON_CUSTOMER_UNVERIFIED] = "customer_unverified",
	[LG_REASON_RECIPIENT_UNPARSABLE] = "recipient_unparsable",
	[LG_REASON_UNSCANNABLE] = "unscannable",
	[LG_REASON_DIRECTORY_ERROR] = "directory_error",
	[LG_REASON_INTERNAL_ERROR] = "internal_error",
	[LG_REASON_OUT_OF_SCOPE] = "out_of_scope",
};

_Static_assert(sizeof kind_names / sizeof kind_names[0] == LG_KIND_COUNT,
    "kind_names out of step with enum lg_hit_kind");
_Static_assert(sizeof reason_names / sizeof reason_names[0] == LG_REASON_COUNT,
    "reason_names out of step with enum lg_reason");

/* lg_kind_name - rule kind as written in rule files */
const char *
lg_kind_name(enum lg_hit_kind k)
{
	assert(k < LG_KIND_COUNT);
	return kind_names[k];
}

/* lg_action_name - action as logged */
const char *
lg_action_name(enum lg_action a)
{
	assert(a < LG_ACTION_COUNT);
	return action_names[a];
}

/* lg_reason_name - reason code as logged and stored */
const char *
lg_reason_name(enum lg_reason r)
{
	assert(r < LG_REASON_COUNT);
	return reason_names[r];
}
