/*
 * check_web_session.c - unit tests for leakguard-web's sessions, tokens
 * and rate limits (milter/web/web_session.c, pure): the record token is
 * bound to the session and to the record; tokens compare only at full
 * length; idle and absolute expiry; sign-in replaces the id; sign-out
 * forgets it; five failures block a key for the window.  "got X, want Y"
 * on failure.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "web/web.h"
#include "unit.h"

static const char hex_a[] =
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char hex_b[] =
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab";

START_TEST(token_equal_table)
{
	static const struct {
		const char *a, *b;
		bool want;
	} rows[] = {
		{ hex_a, hex_a, true },
		{ hex_a, hex_b, false },
		{ hex_a, "aaaa", false },		/* a prefix is not enough */
		{ "aaaa", "aaaa", false },		/* nor a short token */
		{ "", "", false },
		{ hex_a, NULL, false },
		{ NULL, NULL, false },
	};
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		ck_assert_msg(web_token_equal(rows[i].a, rows[i].b) ==
		    rows[i].want, "row %zu: got %d, want %d", i,
		    !rows[i].want, rows[i].want);
}
END_TEST

START_TEST(record_token_bound)
{
	struct web_session s1 = { .ws_live = true }, s2 = { .ws_live = true };
	char t1[WEB_ID_HEX + 1], t1again[WEB_ID_HEX + 1], t2[WEB_ID_HEX + 1],
	    other[WEB_ID_HEX + 1];

	memcpy(s1.ws_csrf, hex_a, sizeof hex_a);
	memcpy(s2.ws_csrf, hex_b, sizeof hex_b);
	ck_assert_int_eq(web_record_token(&s1, 7, t1), 0);
	ck_assert_int_eq(web_record_token(&s1, 7, t1again), 0);
	ck_assert_int_eq(web_record_token(&s1, 8, t2), 0);
	ck_assert_int_eq(web_record_token(&s2, 7, other), 0);
	ck_assert_msg(strlen(t1) == WEB_ID_HEX &&
	    strspn(t1, "0123456789abcdef") == WEB_ID_HEX,
	    "got %s, want 64 hex digits", t1);
	ck_assert_msg(web_token_equal(t1, t1again), "got %s then %s, want the "
	    "same token twice", t1, t1again);
	ck_assert_msg(!web_token_equal(t1, t2), "record 7 and 8: got the same "
	    "token %s, want different", t1);
	ck_assert_msg(!web_token_equal(t1, other), "two sessions: got the same "
	    "token %s, want different", t1);
	ck_assert_msg(!web_token_equal(t1, s1.ws_csrf), "got the session's "
	    "token, want one of its own");
}
END_TEST

START_TEST(session_expiry)
{
	struct web_session *s;
	char id[WEB_ID_HEX + 1];

	web_sessions_init(60, 300);
	ck_assert_ptr_nonnull(s = web_session_new(1000));
	memcpy(id, s->ws_id, sizeof id);
	ck_assert_ptr_eq(web_session_find(id, 1030), s);
	ck_assert_ptr_null(web_session_find(id, 1091));	/* idle 61 s */

	ck_assert_ptr_nonnull(s = web_session_new(2000));
	memcpy(id, s->ws_id, sizeof id);
	ck_assert_ptr_eq(web_session_find(id, 2050), s);
	ck_assert_ptr_eq(web_session_find(id, 2100), s);
	ck_assert_ptr_eq(web_session_find(id, 2150), s);
	ck_assert_ptr_eq(web_session_find(id, 2200), s);
	ck_assert_ptr_eq(web_session_find(id, 2250), s);
	ck_assert_ptr_eq(web_session_find(id, 2300), s);
	ck_assert_ptr_null(web_session_find(id, 2301));	/* 301 s old */
}
END_TEST

START_TEST(login_and_logout)
{
	struct web_session *s;
	char before[WEB_ID_HEX + 1], csrf[WEB_ID_HEX + 1];

	web_sessions_init(900, 28800);
	ck_assert_ptr_nonnull(s = web_session_new(5000));
	memcpy(before, s->ws_id, sizeof before);
	memcpy(csrf, s->ws_csrf, sizeof csrf);
	ck_assert_int_eq(web_session_login(s, "alice",
	    "uid=alice,dc=example,dc=fi", 5001), 0);
	ck_assert_msg(strcmp(before, s->ws_id) != 0, "got the same id after "
	    "sign-in, want a new one");
	ck_assert_msg(strcmp(csrf, s->ws_csrf) != 0, "got the same token after "
	    "sign-in, want a new one");
	ck_assert_ptr_null(web_session_find(before, 5002));
	ck_assert_ptr_eq(web_session_find(s->ws_id, 5002), s);
	ck_assert_str_eq(s->ws_dn, "uid=alice,dc=example,dc=fi");
	memcpy(before, s->ws_id, sizeof before);
	web_session_end(s);
	ck_assert_ptr_null(web_session_find(before, 5003));
}
END_TEST

START_TEST(rate_limit)
{
	int i;

	for (i = 0; i < 5; i++) {
		ck_assert_msg(web_rate_allowed("user:bob", 100 + i), "failure %d:"
		    " got refused, want allowed", i);
		web_rate_failed("user:bob", 100 + i);
	}
	ck_assert_msg(!web_rate_allowed("user:bob", 110), "after 5 failures: "
	    "got allowed, want refused");
	ck_assert_msg(web_rate_allowed("user:carol", 110), "another key: got "
	    "refused, want allowed");
	ck_assert_msg(web_rate_allowed("user:bob", 100 + 901), "after the "
	    "window: got refused, want allowed");
	for (i = 0; i < 5; i++)
		web_rate_failed("addr:1", 2000);
	ck_assert(!web_rate_allowed("addr:1", 2000));
	web_rate_reset("addr:1", 2000);
	ck_assert_msg(web_rate_allowed("addr:1", 2000), "after reset: got "
	    "refused, want allowed");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("web_session");
	TCase *tc = tcase_create("web_session");

	tcase_add_test(tc, token_equal_table);
	tcase_add_test(tc, record_token_bound);
	tcase_add_test(tc, session_expiry);
	tcase_add_test(tc, login_and_logout);
	tcase_add_test(tc, rate_limit);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
