/*
 * verdict.c - the decision itself, a pure function of what the earlier
 * stages found: the hits, the binding, the directory's answer and the
 * envelope recipients.  No I/O, no clock, no configuration file: everything
 * it needs comes in the input, so every case can be unit-tested.  Monitor
 * mode is not decided here: the caller records a hold and lets it pass.
 *
 * The order of the checks is the order of trust: a mail we could not read
 * completely is held before anything else; a directory that did not answer
 * is a tempfail, never a pass; only a mail whose every recipient is one of
 * the bound customer's own addresses passes.
 */
#include "verdict.h"

static void
set(struct lg_verdict *v, enum lg_action a, enum lg_reason r, long rcpt)
{
	v->v_action = a;
	v->v_reason = r;
	v->v_rcpt = rcpt;
}

/*
 * VERDICT_DECIDE -- decide what happens to the mail.
 *	Parameters: in (all inputs), out (filled in).
 */
void
verdict_decide(const struct lg_verdict_input *in, struct lg_verdict *out)
{
	size_t i;

	if (in->vi_unscannable) {
		set(out, LG_ACTION_HOLD, LG_REASON_UNSCANNABLE, -1);
		return;
	}
	if (!in->vi_sensitive) {
		set(out, LG_ACTION_PASS, LG_REASON_NO_SECRET, -1);
		return;
	}
	if (in->vi_binding == NULL || in->vi_binding->bind_state == LG_BIND_NONE) {
		set(out, LG_ACTION_HOLD, LG_REASON_UNBOUND_SECRET, -1);
		return;
	}
	if (in->vi_binding->bind_state == LG_BIND_CONFLICT) {
		set(out, LG_ACTION_HOLD, LG_REASON_BINDING_CONFLICT, -1);
		return;
	}
	switch (in->vi_dir_status) {
	case LG_DIR_FOUND:
		break;
	case LG_DIR_NOT_FOUND:
		set(out, LG_ACTION_HOLD, LG_REASON_UNKNOWN_CUSTOMER, -1);
		return;
	case LG_DIR_AMBIGUOUS:
		set(out, LG_ACTION_HOLD, LG_REASON_AMBIGUOUS_CUSTOMER, -1);
		return;
	case LG_DIR_NOT_ASKED:
	case LG_DIR_ERROR:
	default:
		set(out, LG_ACTION_TEMPFAIL, LG_REASON_DIRECTORY_ERROR, -1);
		return;
	}
	if (in->vi_record_naddrs == 0) {
		set(out, LG_ACTION_HOLD, LG_REASON_NO_ADDRESS, -1);
		return;
	}
	if (in->vi_nrcpts == 0) {
		/* Nobody to check against: never a reason to let it go. */
		set(out, LG_ACTION_HOLD, LG_REASON_RECIPIENT_UNPARSABLE, -1);
		return;
	}
	for (i = 0; i < in->vi_nrcpts; i++) {
		switch (address_in_list(in->vi_rcpts[i], in->vi_record_addrs,
		    in->vi_record_naddrs, &in->vi_address_policy)) {
		case 1:
			continue;
		case 0:
			set(out, LG_ACTION_HOLD, LG_REASON_RECIPIENT_MISMATCH, (long)i);
			return;
		default:
			set(out, LG_ACTION_HOLD, LG_REASON_RECIPIENT_UNPARSABLE, (long)i);
			return;
		}
	}
	set(out, LG_ACTION_PASS, LG_REASON_RECIPIENT_VERIFIED, -1);
}
