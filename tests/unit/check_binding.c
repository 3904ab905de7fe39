/*
 * check_binding.c - unit tests for choosing the bound customer.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "binding.h"
#include "binding_sig.h"
#include "unit.h"

static void
add_customer(struct lg_hits *h, const char *v)
{
	struct lg_hit *hit = &h->hits[h->count++];

	memset(hit, 0, sizeof *hit);
	hit->hit_kind = LG_KIND_CUSTOMER;
	hit->hit_value = strdup(v);
	ck_assert_int_eq(hits_add_id(h, v, strlen(v)), 0);
}

START_TEST(test_cases)
{
	struct lg_hits h;
	struct lg_binding b;
	const char *hdr1[] = { " 100001 " }, *hdr2[] = { "100001", "100002" };
	const char *blank[] = { " \t " };

	hits_init(&h);
	binding_resolve(NULL, 0, &h, &b);
	ck_assert_int_eq(b.bind_state, LG_BIND_NONE);
	/* a blank header value names nobody: no binding */
	binding_resolve(blank, 1, &h, &b);
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

/* Signed bindings.  The signature below was made with openssl(1) exactly as
 * leakguard.conf(5) tells senders to, so C and the documented recipe agree:
 *   { printf 'v1\n%s\n%s\n' 100001 1700000000;
 *     printf '%s\n' Matti.Meikalainen@Example.FI b@example.net |
 *     tr A-Z a-z | LC_ALL=C sort; } |
 *   openssl dgst -sha256 -mac HMAC -macopt key:0123456789abcdef-test-key */
#define KEY	"0123456789abcdef-test-key"
#define SIG	"374294bcf11ce9dd0190d2a5e2faecb186fb00cb03e2960d8fce106d2c5ccf8f"
#define T0	1700000000L

static const char *const rc_signed[] = { "<b@example.net>",
    "<Matti.Meikalainen@Example.FI>" };
/* the same two in the other envelope order: the signer sorts, so must we */
static const char *const rc_reversed[] = { "<Matti.Meikalainen@Example.FI>",
    "<b@example.net>" };
/* three recipients in no sorted order, upper and lower case; signed with
 *   printf '%s\n' Zed@Example.NET a@example.org Matti.Meikalainen@Example.FI
 * in the recipe above */
#define SIG3	"8fc80b71e9ab2e3ae8afb64fcbf7f43c9bebe28f168583ea904e25a2f50678c5"
static const char *const rc_three[] = { "<Zed@Example.NET>", "<a@example.org>",
    "<Matti.Meikalainen@Example.FI>" };
static const char *const rc_three_other[] = { "<a@example.org>",
    "<Matti.Meikalainen@Example.FI>", "<Zed@Example.NET>" };
static const char *const rc_other[] = { "<b@example.net>", "<c@example.net>" };
static const char *const rc_fewer[] = { "<b@example.net>" };

static const struct {
	const char *label, *value;
	const char *const *rcpts;
	size_t nrcpts;
	long now;
	enum lg_sig_status want;
} sigs[] = {
	{ "good", "v=1; id=100001; t=1700000000; sig=" SIG, rc_signed, 2, T0 + 60,
	  LG_SIG_OK },
	{ "good, upper-case hex, no blanks",
	  "v=1;id=100001;t=1700000000;sig=374294BCF11CE9DD0190D2A5E2FAECB186FB00CB03E2960D8FCE106D2C5CCF8F",
	  rc_signed, 2, T0, LG_SIG_OK },
	{ "fields in another order", "sig=" SIG "; t=1700000000; id=100001; v=1",
	  rc_signed, 2, T0, LG_SIG_OK },
	{ "recipients in the other order", "v=1; id=100001; t=1700000000; sig=" SIG,
	  rc_reversed, 2, T0, LG_SIG_OK },
	{ "three recipients, unsorted", "v=1; id=100001; t=1700000000; sig=" SIG3,
	  rc_three, 3, T0, LG_SIG_OK },
	{ "three recipients, another order", "v=1; id=100001; t=1700000000; sig="
	  SIG3, rc_three_other, 3, T0, LG_SIG_OK },
	{ "three recipients, one dropped", "v=1; id=100001; t=1700000000; sig="
	  SIG3, rc_three, 2, T0, LG_SIG_BAD },
	{ "other customer id", "v=1; id=100002; t=1700000000; sig=" SIG,
	  rc_signed, 2, T0, LG_SIG_BAD },
	{ "other time", "v=1; id=100001; t=1700000001; sig=" SIG, rc_signed, 2,
	  T0, LG_SIG_BAD },
	{ "other recipients", "v=1; id=100001; t=1700000000; sig=" SIG, rc_other,
	  2, T0, LG_SIG_BAD },
	{ "a recipient dropped", "v=1; id=100001; t=1700000000; sig=" SIG,
	  rc_fewer, 1, T0, LG_SIG_BAD },
	{ "one bit off",
	  "v=1; id=100001; t=1700000000; sig=374294bcf11ce9dd0190d2a5e2faecb186fb00cb03e2960d8fce106d2c5ccf8e",
	  rc_signed, 2, T0, LG_SIG_BAD },
	{ "expired", "v=1; id=100001; t=1700000000; sig=" SIG, rc_signed, 2,
	  T0 + 901, LG_SIG_EXPIRED },
	{ "just in time", "v=1; id=100001; t=1700000000; sig=" SIG, rc_signed, 2,
	  T0 + 900, LG_SIG_OK },
	{ "from the future", "v=1; id=100001; t=1700000000; sig=" SIG, rc_signed,
	  2, T0 - 301, LG_SIG_EXPIRED },
	{ "plain id, unsigned", "100001", rc_signed, 2, T0, LG_SIG_MALFORMED },
	{ "no signature", "v=1; id=100001; t=1700000000", rc_signed, 2, T0,
	  LG_SIG_MALFORMED },
	{ "short signature", "v=1; id=100001; t=1700000000; sig=3742", rc_signed,
	  2, T0, LG_SIG_MALFORMED },
	{ "version 2", "v=2; id=100001; t=1700000000; sig=" SIG, rc_signed, 2, T0,
	  LG_SIG_MALFORMED },
	{ "time not a number", "v=1; id=100001; t=17e8; sig=" SIG, rc_signed, 2,
	  T0, LG_SIG_MALFORMED },
};

START_TEST(test_sig)
{
	char id[LG_CUSTOMER_ID_MAX] = "";
	enum lg_sig_status got;

	got = binding_sig_verify((const unsigned char *)KEY, strlen(KEY),
	    sigs[_i].value, sigs[_i].rcpts, sigs[_i].nrcpts, sigs[_i].now, 900,
	    id, sizeof id);
	ck_assert_msg(got == sigs[_i].want, "%s: got %s, want %s", sigs[_i].label,
	    binding_sig_status_name(got), binding_sig_status_name(sigs[_i].want));
	if (got == LG_SIG_OK)
		ck_assert_msg(strcmp(id, "100001") == 0, "%s: id got %s, want 100001",
		    sigs[_i].label, id);
}
END_TEST

START_TEST(test_sig_wrong_key)
{
	char id[64];
	const char *k = "another-key-of-16-bytes";

	ck_assert_int_eq(binding_sig_verify((const unsigned char *)k, strlen(k),
	    "v=1; id=100001; t=1700000000; sig=" SIG, rc_signed, 2, T0, 900, id,
	    sizeof id), LG_SIG_BAD);
}
END_TEST

static const struct {
	const char *label, *client, *auth;
	int want;
} trust[] = {
	{ "listed IPv4", "192.0.2.7", NULL, 1 },
	{ "IPv4 in range", "198.51.100.200", NULL, 1 },
	{ "IPv4 outside", "198.51.101.1", NULL, 0 },
	{ "IPv6 in range", "2001:db8::25", NULL, 1 },
	{ "IPv6 outside", "2001:db9::25", NULL, 0 },
	/* prefixes that are not whole bytes: 10.128.0.0/9, 203.0.113.128/25,
	 * 2001:db9:0:8::/61 (2001:db9:0:8:: to 2001:db9:0:f:ffff:...) */
	{ "/9, first in", "10.128.0.0", NULL, 1 },
	{ "/9, last in", "10.255.255.255", NULL, 1 },
	{ "/9, just below", "10.127.255.255", NULL, 0 },
	{ "/25, in", "203.0.113.200", NULL, 1 },
	{ "/25, first in", "203.0.113.128", NULL, 1 },
	{ "/25, just below", "203.0.113.127", NULL, 0 },
	{ "/61, first in", "2001:db9:0:8::", NULL, 1 },
	{ "/61, last in", "2001:db9:0:f:ffff:ffff:ffff:ffff", NULL, 1 },
	{ "/61, just below", "2001:db9:0:7:ffff::1", NULL, 0 },
	{ "/61, just above", "2001:db9:0:10::", NULL, 0 },
	{ "mapped IPv4 in /9", "::ffff:10.200.0.1", NULL, 1 },
	/* 32.1.13.184 has the bytes of 2001:db8::/32: IPv4 is not IPv6 */
	{ "IPv4 against an IPv6 range", "32.1.13.184", NULL, 0 },
	{ "IPv6 against an IPv4 range", "c000:207::", NULL, 0 },
	{ "unknown client", NULL, NULL, 0 },
	{ "SASL user listed", "203.0.113.9", "crm-app", 1 },
	{ "SASL user, other", "203.0.113.9", "crm", 0 },
	{ "SASL user prefix", "203.0.113.9", "crm-app2", 0 },
	{ "SASL second entry", "203.0.113.9", "billing", 1 },
	{ "empty SASL", "203.0.113.9", "", 0 },
};

START_TEST(test_trust)
{
	struct lg_netlist nl;
	char err[128];
	int got;

	ck_assert_int_eq(netlist_parse("192.0.2.7 198.51.100.0/24, 2001:db8::/32 "
	    "10.128.0.0/9 203.0.113.128/25 2001:db9:0:8::/61",
	    &nl, err, sizeof err), 0);
	got = binding_source_trusted(&nl, trust[_i].client, "crm-app, billing",
	    trust[_i].auth);
	ck_assert_msg(got == trust[_i].want, "%s: got %d, want %d",
	    trust[_i].label, got, trust[_i].want);
	netlist_free(&nl);
}
END_TEST

/* lists trusted_clients must refuse, each naming the bad entry */
static const char *const bad_lists[] = {
	"10.0.0.0/8x", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/33", "::/129",
	"10.0.0.0/8/8", "10.0.0.256", "localhost",
};

START_TEST(test_netlist_bad)
{
	struct lg_netlist nl;
	char err[128] = "";

	ck_assert_msg(netlist_parse(bad_lists[_i], &nl, err, sizeof err) == -1,
	    "\"%s\": got accepted, want an error", bad_lists[_i]);
	ck_assert_msg(err[0] != '\0', "\"%s\": no reason given", bad_lists[_i]);
	ck_assert_uint_eq(nl.nl_count, 0);
}
END_TEST

/* Past the bounds: a cut number or too many numbers is a conflict. */
START_TEST(test_bounds)
{
	struct lg_hits h;
	struct lg_binding b;
	char longid[LG_CUSTOMER_ID_MAX + 10];
	const char *hdr[] = { longid }, *hdr1[] = { "100001" };
	char v[16];
	int i;

	memset(longid, '7', sizeof longid - 1);
	longid[sizeof longid - 1] = '\0';
	hits_init(&h);
	binding_resolve(hdr, 1, &h, &b);
	ck_assert_int_eq(b.bind_state, LG_BIND_CONFLICT);
	for (i = 0; i < LG_IDS_MAX + 1; i++) {
		snprintf(v, sizeof v, "%d", 300000 + i);
		ck_assert_int_eq(hits_add_id(&h, v, strlen(v)), 0);
		ck_assert_int_eq(hits_add_id(&h, v, strlen(v)), 0);
	}
	ck_assert(h.ids_over);
	ck_assert_uint_eq(h.nids, LG_IDS_MAX);
	binding_resolve(hdr1, 1, &h, &b);
	ck_assert_int_eq(b.bind_state, LG_BIND_CONFLICT);
	hits_clear(&h);
}
END_TEST

START_TEST(test_invalid)
{
	struct lg_hits h;
	struct lg_binding b;
	const char *hdr[] = { "100001" };

	hits_init(&h);
	binding_resolve(hdr, 1, &h, &b);
	binding_mark_invalid(&b, "expired");
	ck_assert_int_eq(b.bind_state, LG_BIND_INVALID);
	ck_assert_str_eq(b.bind_invalid_why, "expired");
	hits_clear(&h);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("binding");
	TCase *tc = tcase_create("binding");

	tcase_add_test(tc, test_cases);
	tcase_add_loop_test(tc, test_sig, 0, sizeof sigs / sizeof sigs[0]);
	tcase_add_test(tc, test_sig_wrong_key);
	tcase_add_loop_test(tc, test_trust, 0, sizeof trust / sizeof trust[0]);
	tcase_add_loop_test(tc, test_netlist_bad, 0,
	    sizeof bad_lists / sizeof bad_lists[0]);
	tcase_add_test(tc, test_invalid);
	tcase_add_test(tc, test_bounds);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
