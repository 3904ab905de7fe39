/*
 * verdict.c - the decision itself, a pure function of what the earlier
 * stages found: the hits, the binding, the directory's answers (about the
 * customer and about who owns each recipient) and the envelope recipients.
 * No I/O, no clock, no configuration file: everything it needs comes in the
 * input, so every case can be unit-tested.  Monitor mode is not decided
 * here: the caller records a hold and lets it pass.
 *
 * The order of the checks is the order of trust: a mail we could not read
 * completely is held before anything else; a binding that is absent,
 * conflicting or forged is held; a directory that did not answer is a
 * tempfail (or a hold, as configured), never a pass; a customer whose entry
 * is not verified is held; only a mail whose every recipient is one of the
 * bound customer's own verified addresses passes.  Of the recipients that
 * are not, one that belongs to another entry with the customer's very name
 * makes the reason "namesake" (the incident team's case), naming that
 * entry in the details; otherwise "recipient_mismatch".
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "verdict.h"

static void
set(struct lg_verdict *v, enum lg_action a, enum lg_reason r, long rcpt)
{
	v->v_action = a;
	v->v_reason = r;
	v->v_rcpt = rcpt;
}

/* trimmed_len - s without surrounding blanks: start in *s, length back */
static size_t
trimmed(const char **s)
{
	size_t n;

	while (isspace((unsigned char)**s))
		(*s)++;
	n = strlen(*s);
	while (n > 0 && isspace((unsigned char)(*s)[n - 1]))
		n--;
	return n;
}

/*
 * VERDICT_NAMES_EQUAL -- do two directory names name the same person's name?
 *	Surrounding blanks and ASCII case are ignored; a missing or empty name
 *	equals nothing.
 */
bool
verdict_names_equal(const char *a, const char *b)
{
	size_t la, lb;

	if (a == NULL || b == NULL)
		return false;
	la = trimmed(&a);
	lb = trimmed(&b);
	return la > 0 && la == lb && strncasecmp(a, b, la) == 0;
}

/* namesake_of - the owner of a recipient that bears the customer's name */
static const struct lg_owner *
namesake_of(const struct lg_verdict_input *in, const struct lg_rcpt_owners *ro)
{
	size_t i;

	for (i = 0; i < ro->ro_n; i++) {
		const struct lg_owner *o = &ro->ro_owners[i];

		if (in->vi_record_id != NULL && o->own_id != NULL &&
		    strcasecmp(o->own_id, in->vi_record_id) == 0)
			continue;	/* the customer's own entry */
		if (verdict_names_equal(o->own_name, in->vi_record_name))
			return o;
	}
	return NULL;
}

/* judge_recipients - every recipient against the customer's addresses */
static void
judge_recipients(const struct lg_verdict_input *in, struct lg_verdict *out)
{
	long mismatch = -1, unparsable = -1, owner_error = -1;
	size_t i;

	for (i = 0; i < in->vi_nrcpts; i++) {
		const struct lg_rcpt_owners *ro;
		const struct lg_owner *o;

		switch (address_in_list(in->vi_rcpts[i], in->vi_record_addrs,
		    in->vi_record_naddrs, &in->vi_address_policy)) {
		case 1:
			continue;
		case -1:
			if (unparsable == -1)
				unparsable = (long)i;
			continue;
		default:
			break;
		}
		ro = in->vi_owners != NULL ? &in->vi_owners[i] : NULL;
		if (ro != NULL && ro->ro_status == LG_DIR_ERROR) {
			if (owner_error == -1)
				owner_error = (long)i;
			continue;
		}
		if (ro != NULL && (o = namesake_of(in, ro)) != NULL) {
			/* The worst case wins: report it at once. */
			set(out, LG_ACTION_HOLD, LG_REASON_NAMESAKE, (long)i);
			snprintf(out->v_details, sizeof out->v_details,
			    "namesake=%s", o->own_id ? o->own_id : "?");
			return;
		}
		if (mismatch == -1)
			mismatch = (long)i;
	}
	if (owner_error != -1)
		/* Namesake or not cannot be told: ask again later (or hold). */
		set(out, in->vi_on_dir_error == LG_ACTION_HOLD ? LG_ACTION_HOLD :
		    LG_ACTION_TEMPFAIL, LG_REASON_DIRECTORY_ERROR, owner_error);
	else if (mismatch != -1)
		set(out, LG_ACTION_HOLD, LG_REASON_RECIPIENT_MISMATCH, mismatch);
	else if (unparsable != -1)
		set(out, LG_ACTION_HOLD, LG_REASON_RECIPIENT_UNPARSABLE, unparsable);
	else
		set(out, LG_ACTION_PASS, LG_REASON_RECIPIENT_VERIFIED, -1);
}

/*
 * VERDICT_DECIDE -- decide what happens to the mail.
 *	Parameters: in (all inputs), out (filled in).
 */
void
verdict_decide(const struct lg_verdict_input *in, struct lg_verdict *out)
{
	out->v_details[0] = '\0';
	if (in->vi_unscannable) {
		set(out, LG_ACTION_HOLD, LG_REASON_UNSCANNABLE, -1);
		if (in->vi_unscannable_why != NULL)
			snprintf(out->v_details, sizeof out->v_details, "%s",
			    in->vi_unscannable_why);
		return;
	}
	/* No secret found: nothing to protect, unless the mail is bound to a
	 * customer and verify_bound_mail asks for its recipients anyway. */
	if (!in->vi_sensitive && (!in->vi_verify_bound ||
	    in->vi_binding == NULL || in->vi_binding->bind_state == LG_BIND_NONE)) {
		set(out, LG_ACTION_PASS, LG_REASON_NO_SECRET, -1);
		return;
	}
	if (in->vi_binding != NULL &&
	    in->vi_binding->bind_state == LG_BIND_INVALID) {
		set(out, LG_ACTION_HOLD, LG_REASON_BINDING_INVALID, -1);
		snprintf(out->v_details, sizeof out->v_details, "binding=%s",
		    in->vi_binding->bind_invalid_why ?
		    in->vi_binding->bind_invalid_why : "invalid");
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
		set(out, in->vi_on_dir_error == LG_ACTION_HOLD ? LG_ACTION_HOLD :
		    LG_ACTION_TEMPFAIL, LG_REASON_DIRECTORY_ERROR, -1);
		return;
	}
	if (in->vi_record_unverified) {
		set(out, LG_ACTION_HOLD, LG_REASON_CUSTOMER_UNVERIFIED, -1);
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
	judge_recipients(in, out);
}
