/*
 * check_rules.c - unit tests for rule loading (errors as file:line) and
 * matching with the shipped rule sets (customer numbers and national IDs;
 * PINs, passwords and codes are the detector's, check_detect.c): values
 * are found, advice that only names the words is not, values are masked.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules.h"
#include "unit.h"

static struct lg_ruleset *shipped;

static void
load_shipped(void)
{
	shipped = rules_load_dir(LG_TEST_RULES_DIR, stderr);
	ck_assert_ptr_nonnull(shipped);
}

static void
free_shipped(void)
{
	rules_free(shipped);
}

/* scan - hits of text; returns count, first hit's rule and excerpt */
static size_t
scan(const char *text, char *rule, size_t rlen, char *excerpt, size_t elen)
{
	struct lg_hits h;
	size_t n;

	hits_init(&h);
	ck_assert_int_eq(rules_scan(shipped, text, strlen(text), "body", &h), 0);
	n = h.count;
	if (n > 0) {
		snprintf(rule, rlen, "%s", h.hits[0].hit_name);
		snprintf(excerpt, elen, "%s", h.hits[0].hit_excerpt);
	}
	hits_clear(&h);
	return n;
}

static const struct {
	const char *label, *text, *want_rule;
} found[] = {
	{ "fi asiakasnumero", "Asiakasnumero: 100001", "fi_customer" },
	{ "sv kundnummer", "Kundnummer: 100003", "sv_customer" },
	{ "en customer number", "Customer number: 100001", "en_customer" },
	{ "sv kundnummer är", "ditt kundnummer är 100003.", "sv_customer" },
	{ "fi HETU", "Henkilötunnus: 131052-308T", "fi_hetu" },
	{ "fi HETU 2023 sign", "hetu 010594Y9021", "fi_hetu" },
	{ "fi HETU lower-case check", "hetu 131052-308t", "fi_hetu" },
	{ "se personnummer", "Personnummer: 811228-9874", "se_pnr" },
	{ "se personnummer named, no sign", "personnr 8112289874",
	  "se_pnr_named" },
	{ "no fødselsnummer", "Fødselsnummer: 01010750160", "no_fnr_named" },
	{ "dk CPR", "CPR-nr.: 070761-4286", "dk_cpr_named" },
};

START_TEST(test_found)
{
	char rule[64] = "", excerpt[LG_EXCERPT_MAX] = "";
	size_t n = scan(found[_i].text, rule, sizeof rule, excerpt, sizeof excerpt);

	ck_assert_msg(n >= 1, "%s: got no hit, want %s", found[_i].label,
	    found[_i].want_rule);
	ck_assert_msg(strcmp(rule, found[_i].want_rule) == 0,
	    "%s: got rule %s, want %s", found[_i].label, rule, found[_i].want_rule);
	ck_assert_msg(strstr(excerpt, "****") != NULL,
	    "%s: excerpt \"%s\" not masked", found[_i].label, excerpt);
}
END_TEST

static const char *const not_found[] = {
	"Never share your PIN with anyone.",
	"Älä kerro PIN-koodiasi kenellekään.",
	"Dela aldrig din PIN-kod med någon.",
	"Your password is required to log in.",
	"Salasanasi on vaihdettu.",
	"Lösenordet är bytt.",
	"Change your password regularly.",
	"the pin 5 of the connector",
	"customer service is open 9-17",
	"HETU 131052-308U has a wrong check character",
	"personnummer 811228-9873 fails Luhn",
	"call 020315-1234 today",
	"Fødselsnummer: 01010750161",
	"CPR 320761-4285",
	"order 01010750160 shipped",
	"Vahvistuskoodi lähetetään tekstiviestillä.",
	"Your verification code expires in 10 minutes.",
};

START_TEST(test_not_found)
{
	char rule[64] = "", excerpt[LG_EXCERPT_MAX];
	size_t n = scan(not_found[_i], rule, sizeof rule, excerpt, sizeof excerpt);

	ck_assert_msg(n == 0, "\"%s\": got hit %s, want none", not_found[_i], rule);
}
END_TEST

START_TEST(test_excerpt_never_holds_value)
{
	struct lg_hits h;
	size_t i;
	const char *text = "Hei!\nAsiakasnumero: 100001\nHenkil\xc3\xb6tunnus: 131052-308T\n";

	hits_init(&h);
	ck_assert_int_eq(rules_scan(shipped, text, strlen(text), "body", &h), 0);
	ck_assert_uint_eq(h.count, 2);
	for (i = 0; i < h.count; i++) {
		ck_assert_ptr_null(strstr(h.hits[i].hit_excerpt, "100001"));
		ck_assert_ptr_null(strstr(h.hits[i].hit_excerpt, "308T"));
		if (h.hits[i].hit_kind != LG_KIND_CUSTOMER)
			ck_assert_ptr_null(h.hits[i].hit_value); /* no copy */
	}
	hits_clear(&h);
}
END_TEST

START_TEST(test_customer_value_captured)
{
	struct lg_hits h;
	const char *text = "Asiakasnumero: 100001";

	hits_init(&h);
	ck_assert_int_eq(rules_scan(shipped, text, strlen(text), "body", &h), 0);
	ck_assert_uint_eq(h.count, 1);
	ck_assert_str_eq(h.hits[0].hit_value, "100001");
	hits_clear(&h);
}
END_TEST

START_TEST(test_mask_subject)
{
	char *m = rules_mask(shipped, "Tervetuloa (asiakasnumero 100001)", 33);

	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m, "Tervetuloa (asiakasnumero ****)");
	free(m);
}
END_TEST

/* load_text - load a one-file rule set, return NULL or the set; errors in buf */
static struct lg_ruleset *
load_text(const char *content, char *errbuf, size_t errlen)
{
	char path[] = "/tmp/check_rules.XXXXXX";
	struct lg_ruleset *rs;
	FILE *errs;
	int fd = mkstemp(path);

	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, content, strlen(content)), (int)strlen(content));
	close(fd);
	errs = fmemopen(errbuf, errlen, "w");
	rs = rules_load_file(path, errs);
	fclose(errs);
	unlink(path);
	return rs;
}

static const struct {
	const char *label, *content, *want;
} bad_files[] = {
	{ "no value group", "# c\nr1 secret - PIN: \\d+\n", ":2: r1: pattern has no (?<value>...) group" },
	{ "bad kind", "r1 sekret - (?<value>x)\n", ":1: r1: kind \"sekret\" is not" },
	{ "bad pattern", "\nr1 secret - (?<value>x\n", ":2: r1: pattern error at offset" },
	{ "missing fields", "r1 secret\n", ":1: expected NAME KIND OPTIONS PATTERN" },
	{ "duplicate", "r1 secret - (?<value>a)\nr1 secret - (?<value>b)\n", ":2: rule r1 defined twice" },
	{ "bad validator", "r1 secret validator=nope (?<value>a)\n", ":1: r1: unknown validator \"nope\"" },
	{ "bad name", "r/1 secret - (?<value>a)\n", ":1: a rule name may use only" },
	{ "a shadow line", "root:$y$j9T$Q2x$HhJ:19000:0:99999:7::: a b c\n",
	  ":1: a rule name may use only" },
	{ "kind not echoed", "r1 $y$j9T$Q2x - (?<value>x)\n", ":1: r1: kind \"?\" is not" },
	{ "empty key word", "r1 secret key=a||b (?<value>a)\n", ":1: r1: key words must be" },
	{ "long name", "r12345678901234567890123456789012 secret - (?<value>a)\n", "at most 31" },
	{ "bad sensitive", "r1 secret sensitive=maybe (?<value>a)\n", ":1: r1: unknown option \"sensitive=maybe\"" },
};

/* Sensitivity is each rule's: by kind unless the rule says otherwise. */
static const struct {
	const char *label, *content;
	bool want;
} sensitivity[] = {
	{ "secret default", "r1 secret - (?<value>x\\d+)\n", true },
	{ "national_id default", "r1 national_id - (?<value>x\\d+)\n", true },
	{ "customer default", "r1 customer - (?<value>x\\d+)\n", false },
	{ "secret, sensitive=no", "r1 secret sensitive=no (?<value>x\\d+)\n", false },
	{ "customer, sensitive=yes", "r1 customer sensitive=yes (?<value>x\\d+)\n", true },
};

START_TEST(test_sensitivity)
{
	char errbuf[256] = "";
	struct lg_ruleset *rs = load_text(sensitivity[_i].content, errbuf,
	    sizeof errbuf);
	struct lg_hits h;

	ck_assert_msg(rs != NULL, "%s: %s", sensitivity[_i].label, errbuf);
	hits_init(&h);
	ck_assert_int_eq(rules_scan(rs, "a x42 b", 7, "body", &h), 0);
	ck_assert_uint_eq(h.count, 1);
	ck_assert_str_eq(h.hits[0].hit_name, "r1");
	ck_assert_msg(h.hits[0].hit_sensitive == sensitivity[_i].want,
	    "%s: got sensitive=%d, want %d", sensitivity[_i].label,
	    h.hits[0].hit_sensitive, sensitivity[_i].want);
	hits_clear(&h);
	rules_free(rs);
}
END_TEST

START_TEST(test_bad_rule_files)
{
	char errbuf[1024] = "";
	struct lg_ruleset *rs = load_text(bad_files[_i].content, errbuf, sizeof errbuf);

	ck_assert_msg(rs == NULL, "%s: loaded, want an error", bad_files[_i].label);
	ck_assert_msg(strstr(errbuf, bad_files[_i].want) != NULL,
	    "%s: got \"%s\", want \"%s\"", bad_files[_i].label, errbuf,
	    bad_files[_i].want);
	ck_assert_msg(strstr(errbuf, "$y$") == NULL && strstr(errbuf, "root") == NULL,
	    "%s: got \"%s\": echoes the line", bad_files[_i].label, errbuf);
}
END_TEST

START_TEST(test_validator)
{
	char errbuf[256] = "";
	struct lg_ruleset *rs = load_text(
	    "card secret validator=luhn \\bcard:\\s*(?<value>[\\d ]{12,19}\\d)\n",
	    errbuf, sizeof errbuf);
	struct lg_hits h;
	const char *good = "card: 4111 1111 1111 1111", *bad = "card: 4111 1111 1111 1112";

	ck_assert_msg(rs != NULL, "load: %s", errbuf);
	hits_init(&h);
	rules_scan(rs, good, strlen(good), "body", &h);
	ck_assert_uint_eq(h.count, 1);
	hits_clear(&h);
	rules_scan(rs, bad, strlen(bad), "body", &h);
	ck_assert_uint_eq(h.count, 0);
	hits_clear(&h);
	rules_free(rs);
}
END_TEST

START_TEST(test_limit_is_an_error)
{
	/*
	 * A pattern and a text that reach PCRE2's match limit: the scan
	 * reports an error (the caller makes the mail unscannable) and masking
	 * returns nothing rather than a text it could not fully mask.
	 */
	char errbuf[256] = "", text[64];
	struct lg_ruleset *rs = load_text("boom secret - (?<value>(?:q+)+[!?])\n",
	    errbuf, sizeof errbuf);
	struct lg_hits h;
	char *m;

	ck_assert_msg(rs != NULL, "load: %s", errbuf);
	memset(text, 'q', 40);
	text[40] = '\0';
	hits_init(&h);
	ck_assert_int_eq(rules_scan(rs, text, 40, "body", &h), -1);
	hits_clear(&h);
	m = rules_mask(rs, text, 40);
	ck_assert_msg(m == NULL, "mask after a scan error: got \"%s\", want NULL", m);
	/* the same rule on a text it can finish: a hit, masked */
	hits_init(&h);
	ck_assert_int_eq(rules_scan(rs, "qq!", 3, "body", &h), 0);
	ck_assert_uint_eq(h.count, 1);
	hits_clear(&h);
	m = rules_mask(rs, "a qq! b", 7);
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m, "a **** b");
	free(m);
	rules_free(rs);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("shipped");
	TCase *tl = tcase_create("load");

	tcase_add_unchecked_fixture(tc, load_shipped, free_shipped);
	tcase_add_loop_test(tc, test_found, 0, sizeof found / sizeof found[0]);
	tcase_add_loop_test(tc, test_not_found, 0,
	    sizeof not_found / sizeof not_found[0]);
	tcase_add_test(tc, test_excerpt_never_holds_value);
	tcase_add_test(tc, test_customer_value_captured);
	tcase_add_test(tc, test_mask_subject);
	tcase_add_loop_test(tl, test_bad_rule_files, 0,
	    sizeof bad_files / sizeof bad_files[0]);
	tcase_add_test(tl, test_validator);
	tcase_add_test(tl, test_limit_is_an_error);
	tcase_add_loop_test(tl, test_sensitivity, 0,
	    sizeof sensitivity / sizeof sensitivity[0]);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tl);
	return unit_run(s);
}
