/*
 * check_verdict.c - unit tests for the pure decision: one row per case,
 * "got X, want Y" on failure.
 */
#include <check.h>
#include <string.h>

#include "verdict.h"

static const char *const matti[] = { "matti.meikalainen@example.fi" };
static const char *const to_matti[] = { "<matti.meikalainen@example.fi>" };
static const char *const to_namesake[] = { "<matti.m@example.net>" };
static const char *const to_both[] = { "<matti.meikalainen@example.fi>",
    "<matti.m@example.net>" };
static const char *const to_garbage[] = { "<nobody>" };

enum { B_NONE, B_ONE, B_CONFLICT };

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
	in.vi_sensitive = cases[_i].sensitive;
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

int
main(void)
{
	Suite *s = suite_create("verdict");
	TCase *tc = tcase_create("decide");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_decide, 0, sizeof cases / sizeof cases[0]);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
