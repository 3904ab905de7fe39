/*
 * check_dircache.c - unit tests for the directory answer cache: what is
 * kept, for how long, what never is, the size bound and the flush.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "dircache.h"
#include "unit.h"

static char *addrs[] = { "matti.meikalainen@example.fi", NULL };
static struct lg_record matti = { "uid=c100001,ou=customers,dc=example,dc=fi",
    "Matti", addrs, 1, 0 };

/* get - status of key at time t, or -1 for a miss */
static int
get(struct lg_dircache *c, const char *key, time_t t)
{
	enum lg_dir_status st;
	struct lg_record *r = NULL;
	size_t n = 0;
	int rc = dircache_get(c, key, t, &st, &r, &n);

	records_free(r, n);
	return rc == 1 ? (int)st : -1;
}

static const struct {
	const char *label;
	long ttl, neg;
	enum lg_dir_status put;
	time_t at;
	int want;
} cases[] = {
	{ "found, fresh", 60, 10, LG_DIR_FOUND, 1059, LG_DIR_FOUND },
	{ "found, expired", 60, 10, LG_DIR_FOUND, 1060, -1 },
	{ "not found, fresh", 60, 10, LG_DIR_NOT_FOUND, 1009, LG_DIR_NOT_FOUND },
	{ "not found, expired", 60, 10, LG_DIR_NOT_FOUND, 1010, -1 },
	{ "negative cache off", 60, 0, LG_DIR_NOT_FOUND, 1000, -1 },
	{ "positive cache off", 0, 10, LG_DIR_FOUND, 1000, -1 },
	{ "error never cached", 60, 60, LG_DIR_ERROR, 1000, -1 },
	{ "ambiguous never cached", 60, 60, LG_DIR_AMBIGUOUS, 1000, -1 },
};

START_TEST(test_ttl)
{
	struct lg_dircache *c = dircache_new(cases[_i].ttl, cases[_i].neg, 10);
	int got;

	dircache_put(c, "c:100001", 1000, cases[_i].put, &matti,
	    cases[_i].put == LG_DIR_FOUND ? 1 : 0);
	got = get(c, "c:100001", cases[_i].at);
	ck_assert_msg(got == cases[_i].want, "%s: got %d, want %d",
	    cases[_i].label, got, cases[_i].want);
	dircache_free(c);
}
END_TEST

START_TEST(test_copy_bound_flush)
{
	struct lg_dircache *c = dircache_new(60, 60, 3);
	struct lg_record *r = NULL;
	enum lg_dir_status st;
	size_t n = 0;
	char key[16];
	int i;

	dircache_put(c, "c:100001", 1000, LG_DIR_FOUND, &matti, 1);
	ck_assert_int_eq(dircache_get(c, "c:100001", 1001, &st, &r, &n), 1);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(r[0].rec_addrs[0], "matti.meikalainen@example.fi");
	ck_assert_ptr_ne(r[0].rec_dn, matti.rec_dn);	/* a copy */
	records_free(r, n);
	for (i = 0; i < 5; i++) {
		snprintf(key, sizeof key, "c:%d", i);
		dircache_put(c, key, 1000, LG_DIR_NOT_FOUND, NULL, 0);
	}
	ck_assert_uint_eq(dircache_count(c), 3);
	ck_assert_int_eq(get(c, "c:100001", 1001), -1);	/* oldest went */
	ck_assert_int_eq(get(c, "c:4", 1001), LG_DIR_NOT_FOUND);
	dircache_flush(c);
	ck_assert_uint_eq(dircache_count(c), 0);
	ck_assert_int_eq(get(c, "c:4", 1001), -1);
	dircache_free(c);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("dircache");
	TCase *tc = tcase_create("dircache");

	tcase_add_loop_test(tc, test_ttl, 0, sizeof cases / sizeof cases[0]);
	tcase_add_test(tc, test_copy_bound_flush);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
