/*
 * check_binding.c - unit tests for choosing the bound customer.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"

static void
add_customer(struct lg_hits *h, const char *v)
{
	struct lg_hit *hit = &h->hits[h->count++];

	memset(hit, 0, sizeof *hit);
	hit->hit_kind = LG_KIND_CUSTOMER;
	hit->hit_value = strdup(v);
}

START_TEST(test_cases)
{
	struct lg_hits h;
	struct lg_binding b;
	const char *hdr1[] = { " 100001 " }, *hdr2[] = { "100001", "100002" };

	hits_init(&h);
	binding_resolve(NULL, 0, &h, &b);
	ck_assert_int_eq(b.bind_state, LG_BIND_NONE);

	binding_resolve(hdr1, 1, &h, &b);
	ck_assert_int_eq(b.bind_state, LG_BIND_ONE);
	ck_assert_str_eq(b.bind_id, "100001");
	ck_assert_uint_eq(b.bind_sources, LG_BIND_FROM_HEADER);

	add_customer(&h, "100001");
	add_customer(&h, "100001");
	binding_resolve(hdr1, 1, &h, &b);
	ck_assert_int_eq(b.bind_state, LG_BIND_ONE);
	ck_assert_uint_eq(b.bind_sources, LG_BIND_FROM_HEADER | LG_BIND_FROM_BODY);

	add_customer(&h, "100002");
	binding_resolve(NULL, 0, &h, &b);
	ck_assert_int_eq(b.bind_state, LG_BIND_CONFLICT);
	ck_assert_str_eq(b.bind_other, "100002");
	hits_clear(&h);

	binding_resolve(hdr2, 2, &h, &b);
	ck_assert_int_eq(b.bind_state, LG_BIND_CONFLICT);

	add_customer(&h, "100002");
	binding_resolve(hdr1, 1, &h, &b);
	ck_assert_int_eq(b.bind_state, LG_BIND_CONFLICT);
	hits_clear(&h);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("binding");
	TCase *tc = tcase_create("binding");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_cases);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
