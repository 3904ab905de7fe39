/*
 * check_verdict.c - unit tests for the pure decision: one row per case,
 * "got X, want Y" on failure.
 */
#include <check.h>
#include <string.h>

#include "verdict.h"
#include "unit.h"

static const char *const matti[] = { "matti.meikalainen@example.fi" };
static const char *const to_matti[] = { "<matti.meikalainen@example.fi>" };
static const char *const to_namesake[] = { "<matti.m@example.net>" };
static const char *const to_both[] = { "<matti.meikalainen@example.fi>",
    "<matti.m@example.net>" };
static const char *const to_garbage[] = { "<nobody>" };

enum { B_NONE, B_ONE, B_CONFLICT, B_INVALID };

static const struct {
	const char *label;
	int sensitive, unscannable, bind;
	enum lg_dir_status dir;
	const char *const *addrs;
	size_t naddrs;
	const char *const *rcpts;
	size_t nrcpts;
	enum lg_action want_action;
	enum lg_reason want_reason;
} cases[] = {
	{ "no secret", 0, 0, B_NONE, LG_DIR_NOT_ASKED, NULL, 0, to_namesake, 1,
	  LG_ACTION_PASS, LG_REASON_NO_SECRET },
	/* sensitive 2: no secret found, but verify_bound_mail applies */
	{ "bound, no secret, customer's address", 2, 0, B_ONE, LG_DIR_FOUND,
	  matti, 1, to_matti, 1, LG_ACTION_PASS, LG_REASON_RECIPIENT_VERIFIED },
	{ "bound, no secret, other address", 2, 0, B_ONE, LG_DIR_FOUND, matti,
	  1, to_namesake, 1, LG_ACTION_HOLD, LG_REASON_RECIPIENT_MISMATCH },
	{ "bound, no secret, directory down", 2, 0, B_ONE, LG_DIR_ERROR, NULL,
	  0, to_matti, 1, LG_ACTION_TEMPFAIL, LG_REASON_DIRECTORY_ERROR },
	{ "verify_bound_mail, not bound", 2, 0, B_NONE, LG_DIR_NOT_ASKED, NULL,
	  0, to_namesake, 1, LG_ACTION_PASS, LG_REASON_NO_SECRET },
	{ "right customer", 1, 0, B_ONE, LG_DIR_FOUND, matti, 1, to_matti, 1,
	  LG_ACTION_PASS, LG_REASON_RECIPIENT_VERIFIED },
	{ "namesake", 1, 0, B_ONE, LG_DIR_FOUND, matti, 1, to_namesake, 1,
	  LG_ACTION_HOLD, LG_REASON_RECIPIENT_MISMATCH },
	{ "one of two wrong", 1, 0, B_ONE, LG_DIR_FOUND, matti, 1, to_both, 2,
	  LG_ACTION_HOLD, LG_REASON_RECIPIENT_MISMATCH },
	{ "unbound", 1, 0, B_NONE, LG_DIR_NOT_ASKED, NULL, 0, to_matti, 1,
	  LG_ACTION_HOLD, LG_REASON_UNBOUND_SECRET },
	{ "conflict", 1, 0, B_CONFLICT, LG_DIR_NOT_ASKED, NULL, 0, to_matti, 1,
	  LG_ACTION_HOLD, LG_REASON_BINDING_CONFLICT },
	{ "unknown", 1, 0, B_ONE, LG_DIR_NOT_FOUND, NULL, 0, to_matti, 1,
	  LG_ACTION_HOLD, LG_REASON_UNKNOWN_CUSTOMER },
	{ "ambiguous", 1, 0, B_ONE, LG_DIR_AMBIGUOUS, NULL, 0, to_matti, 1,
	  LG_ACTION_HOLD, LG_REASON_AMBIGUOUS_CUSTOMER },
	{ "no address", 1, 0, B_ONE, LG_DIR_FOUND, NULL, 0, to_matti, 1,
	  LG_ACTION_HOLD, LG_REASON_NO_ADDRESS },
	{ "directory down", 1, 0, B_ONE, LG_DIR_ERROR, NULL, 0, to_matti, 1,
	  LG_ACTION_TEMPFAIL, LG_REASON_DIRECTORY_ERROR },
	{ "directory not asked", 1, 0, B_ONE, LG_DIR_NOT_ASKED, NULL, 0, to_matti, 1,
	  LG_ACTION_TEMPFAIL, LG_REASON_DIRECTORY_ERROR },
	{ "unscannable, no hit seen", 0, 1, B_NONE, LG_DIR_NOT_ASKED, NULL, 0,
	  to_matti, 1, LG_ACTION_HOLD, LG_REASON_UNSCANNABLE },
	{ "unscannable beats match", 1, 1, B_ONE, LG_DIR_FOUND, matti, 1, to_matti,
	  1, LG_ACTION_HOLD, LG_REASON_UNSCANNABLE },
	{ "unparsable recipient", 1, 0, B_ONE, LG_DIR_FOUND, matti, 1, to_garbage,
	  1, LG_ACTION_HOLD, LG_REASON_RECIPIENT_UNPARSABLE },
	{ "no recipients", 1, 0, B_ONE, LG_DIR_FOUND, matti, 1, NULL, 0,
	  LG_ACTION_HOLD, LG_REASON_RECIPIENT_UNPARSABLE },
};

START_TEST(test_decide)
{
	struct lg_binding b;
	struct lg_verdict_input in;
	struct lg_verdict v;

	memset(&b, 0, sizeof b);
	b.bind_state = cases[_i].bind == B_ONE ? LG_BIND_ONE :
	    cases[_i].bind == B_CONFLICT ? LG_BIND_CONFLICT : LG_BIND_NONE;
	strcpy(b.bind_id, "100001");
	memset(&in, 0, sizeof in);
	in.vi_sensitive = cases[_i].sensitive == 1;
	in.vi_verify_bound = cases[_i].sensitive == 2;
	in.vi_unscannable = cases[_i].unscannable;
	in.vi_binding = &b;
	in.vi_dir_status = cases[_i].dir;
	in.vi_record_addrs = cases[_i].addrs;
	in.vi_record_naddrs = cases[_i].naddrs;
	in.vi_rcpts = cases[_i].rcpts;
	in.vi_nrcpts = cases[_i].nrcpts;
	verdict_decide(&in, &v);
	ck_assert_msg(v.v_action == cases[_i].want_action &&
	    v.v_reason == cases[_i].want_reason, "%s: got %s/%s, want %s/%s",
	    cases[_i].label, lg_action_name(v.v_action), lg_reason_name(v.v_reason),
	    lg_action_name(cases[_i].want_action),
	    lg_reason_name(cases[_i].want_reason));
}
END_TEST

/* The reasons that need more than the table above: owners, verification,
 * signed bindings and the configured answer to a directory error. */
static const struct lg_owner own_namesake[] = {
	{ "uid=c100002,ou=customers,dc=example,dc=fi", "Matti Meik\xc3\xa4l\xc3\xa4inen" },
};
static const struct lg_owner own_namesake_case[] = {
	{ "uid=c100002,ou=customers,dc=example,dc=fi", " matti MEIK\xc3\xa4l\xc3\xa4inen " },
};
static const struct lg_owner own_other[] = {
	{ "uid=c100003,ou=customers,dc=example,dc=fi", "Anna Andersson" },
};
static const struct lg_owner own_self[] = {
	{ "uid=c100001,ou=customers,dc=example,dc=fi", "Matti Meik\xc3\xa4l\xc3\xa4inen" },
};
static const struct lg_owner own_two[] = {
	{ "uid=c100003,ou=customers,dc=example,dc=fi", "Anna Andersson" },
	{ "uid=c100009,ou=customers,dc=example,dc=fi", "Matti Meik\xc3\xa4l\xc3\xa4inen" },
};

enum { O_NONE, O_NAMESAKE, O_NAMESAKE_CASE, O_OTHER, O_SELF, O_TWO, O_ERROR,
    O_NOTFOUND };

static const struct {
	const char *label;
	int bind;
	const char *invalid_why;
	enum lg_dir_status dir;
	enum lg_action on_dir_error;
	int unverified;
	const char *const *rcpts;
	size_t nrcpts;
	int owner;		/* owners of the last recipient */
	enum lg_action want_action;
	enum lg_reason want_reason;
	const char *want_details;
} more[] = {
	{ "namesake", B_ONE, NULL, LG_DIR_FOUND, LG_ACTION_TEMPFAIL, 0,
	  to_namesake, 1, O_NAMESAKE, LG_ACTION_HOLD, LG_REASON_NAMESAKE,
	  "namesake=uid=c100002,ou=customers,dc=example,dc=fi" },
	{ "namesake, name case and blanks", B_ONE, NULL, LG_DIR_FOUND,
	  LG_ACTION_TEMPFAIL, 0, to_namesake, 1, O_NAMESAKE_CASE, LG_ACTION_HOLD,
	  LG_REASON_NAMESAKE, "namesake=uid=c100002,ou=customers,dc=example,dc=fi" },
	{ "namesake among two owners", B_ONE, NULL, LG_DIR_FOUND,
	  LG_ACTION_TEMPFAIL, 0, to_namesake, 1, O_TWO, LG_ACTION_HOLD,
	  LG_REASON_NAMESAKE, "namesake=uid=c100009,ou=customers,dc=example,dc=fi" },
	{ "namesake second recipient", B_ONE, NULL, LG_DIR_FOUND,
	  LG_ACTION_TEMPFAIL, 0, to_both, 2, O_NAMESAKE, LG_ACTION_HOLD,
	  LG_REASON_NAMESAKE, "namesake=uid=c100002,ou=customers,dc=example,dc=fi" },
	{ "other person's address", B_ONE, NULL, LG_DIR_FOUND,
	  LG_ACTION_TEMPFAIL, 0, to_namesake, 1, O_OTHER, LG_ACTION_HOLD,
	  LG_REASON_RECIPIENT_MISMATCH, "" },
	{ "nobody's address", B_ONE, NULL, LG_DIR_FOUND, LG_ACTION_TEMPFAIL, 0,
	  to_namesake, 1, O_NOTFOUND, LG_ACTION_HOLD,
	  LG_REASON_RECIPIENT_MISMATCH, "" },
	{ "own entry is no namesake", B_ONE, NULL, LG_DIR_FOUND,
	  LG_ACTION_TEMPFAIL, 0, to_namesake, 1, O_SELF, LG_ACTION_HOLD,
	  LG_REASON_RECIPIENT_MISMATCH, "" },
	{ "owner lookup failed: tempfail", B_ONE, NULL, LG_DIR_FOUND,
	  LG_ACTION_TEMPFAIL, 0, to_namesake, 1, O_ERROR, LG_ACTION_TEMPFAIL,
	  LG_REASON_DIRECTORY_ERROR, "" },
	{ "owner lookup failed: hold", B_ONE, NULL, LG_DIR_FOUND,
	  LG_ACTION_HOLD, 0, to_namesake, 1, O_ERROR, LG_ACTION_HOLD,
	  LG_REASON_DIRECTORY_ERROR, "" },
	{ "directory down, hold configured", B_ONE, NULL, LG_DIR_ERROR,
	  LG_ACTION_HOLD, 0, to_matti, 1, O_NONE, LG_ACTION_HOLD,
	  LG_REASON_DIRECTORY_ERROR, "" },
	{ "unverified customer", B_ONE, NULL, LG_DIR_FOUND, LG_ACTION_TEMPFAIL, 1,
	  to_matti, 1, O_NONE, LG_ACTION_HOLD, LG_REASON_CUSTOMER_UNVERIFIED, "" },
	{ "signed binding expired", B_INVALID, "expired", LG_DIR_NOT_ASKED,
	  LG_ACTION_TEMPFAIL, 0, to_matti, 1, O_NONE, LG_ACTION_HOLD,
	  LG_REASON_BINDING_INVALID, "binding=expired" },
	{ "signed binding bad", B_INVALID, "bad_signature", LG_DIR_NOT_ASKED,
	  LG_ACTION_TEMPFAIL, 0, to_matti, 1, O_NONE, LG_ACTION_HOLD,
	  LG_REASON_BINDING_INVALID, "binding=bad_signature" },
	{ "right customer, owners asked", B_ONE, NULL, LG_DIR_FOUND,
	  LG_ACTION_TEMPFAIL, 0, to_matti, 1, O_NAMESAKE, LG_ACTION_PASS,
	  LG_REASON_RECIPIENT_VERIFIED, "" },
};

START_TEST(test_more)
{
	struct lg_rcpt_owners owners[2];
	struct lg_binding b;
	struct lg_verdict_input in;
	struct lg_verdict v;
	struct lg_rcpt_owners *last;

	memset(&b, 0, sizeof b);
	b.bind_state = more[_i].bind == B_ONE ? LG_BIND_ONE :
	    more[_i].bind == B_INVALID ? LG_BIND_INVALID : LG_BIND_NONE;
	b.bind_invalid_why = more[_i].invalid_why;
	strcpy(b.bind_id, "100001");
	memset(owners, 0, sizeof owners);
	last = &owners[more[_i].nrcpts - 1];
	switch (more[_i].owner) {
	case O_NAMESAKE: last->ro_status = LG_DIR_FOUND;
		last->ro_owners = own_namesake; last->ro_n = 1; break;
	case O_NAMESAKE_CASE: last->ro_status = LG_DIR_FOUND;
		last->ro_owners = own_namesake_case; last->ro_n = 1; break;
	case O_OTHER: last->ro_status = LG_DIR_FOUND;
		last->ro_owners = own_other; last->ro_n = 1; break;
	case O_SELF: last->ro_status = LG_DIR_FOUND;
		last->ro_owners = own_self; last->ro_n = 1; break;
	case O_TWO: last->ro_status = LG_DIR_FOUND;
		last->ro_owners = own_two; last->ro_n = 2; break;
	case O_ERROR: last->ro_status = LG_DIR_ERROR; break;
	case O_NOTFOUND: last->ro_status = LG_DIR_NOT_FOUND; break;
	}
	memset(&in, 0, sizeof in);
	in.vi_sensitive = true;
	in.vi_binding = &b;
	in.vi_dir_status = more[_i].dir;
	in.vi_on_dir_error = more[_i].on_dir_error;
	in.vi_record_id = "uid=c100001,ou=customers,dc=example,dc=fi";
	in.vi_record_name = "Matti Meik\xc3\xa4l\xc3\xa4inen";
	in.vi_record_unverified = more[_i].unverified;
	in.vi_record_addrs = matti;
	in.vi_record_naddrs = 1;
	in.vi_rcpts = more[_i].rcpts;
	in.vi_nrcpts = more[_i].nrcpts;
	in.vi_owners = owners;
	verdict_decide(&in, &v);
	ck_assert_msg(v.v_action == more[_i].want_action &&
	    v.v_reason == more[_i].want_reason &&
	    strcmp(v.v_details, more[_i].want_details) == 0,
	    "%s: got %s/%s \"%s\", want %s/%s \"%s\"", more[_i].label,
	    lg_action_name(v.v_action), lg_reason_name(v.v_reason), v.v_details,
	    lg_action_name(more[_i].want_action),
	    lg_reason_name(more[_i].want_reason), more[_i].want_details);
}
END_TEST

/* A namesake is an owner whose directory name is the customer's: same
 * text, blanks around it and ASCII case aside; an empty or missing name
 * is nobody's, and a name is not the name it is a prefix of. */
static const struct {
	const char *a, *b;
	bool want;
} names[] = {
	{ "Matti Meik\xc3\xa4l\xc3\xa4inen", " matti meik\xc3\xa4l\xc3\xa4inen ", true },
	{ "Matti", "MATTI", true },
	{ "Matti", "Matti Meik\xc3\xa4l\xc3\xa4inen", false },
	{ "Matti Meik\xc3\xa4l\xc3\xa4inen", "Matti", false },
	{ "Matti", "Mattias", false },
	{ "", "", false },
	{ "  ", " ", false },
	{ NULL, "Matti", false },
	{ "Matti", NULL, false },
	{ NULL, NULL, false },
};

START_TEST(test_names_equal)
{
	bool got = verdict_names_equal(names[_i].a, names[_i].b);

	ck_assert_msg(got == names[_i].want, "\"%s\" vs \"%s\": got %d, want %d",
	    names[_i].a ? names[_i].a : "(null)",
	    names[_i].b ? names[_i].b : "(null)", got, names[_i].want);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("verdict");
	TCase *tc = tcase_create("decide");

	tcase_add_loop_test(tc, test_decide, 0, sizeof cases / sizeof cases[0]);
	tcase_add_loop_test(tc, test_more, 0, sizeof more / sizeof more[0]);
	tcase_add_loop_test(tc, test_names_equal, 0, sizeof names / sizeof names[0]);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
