/*
 * check_rules_keys.c - unit tests for the key-word prefilter
 * (rules_keys.c): the byte-pair tables that decide where the caseless
 * pattern is tried must never skip a place where it matches.  Each case
 * compares the filtered pass with the exhaustive one (the pattern tried at
 * every byte) and with the key words the text was made to hold, over
 * Unicode's awkward case pairs (Kelvin sign, long s, Ångström sign, final
 * sigma, the Ǆ digraph) and over many random texts built from them.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules_impl.h"
#include "unit.h"

/*
 * The key words, in the order the rule file names them (bit i is key i).
 * One rule each, so every key word gets its own bit.
 */
static const char *const keys[] = {
	"customer", "kelvin", "ſtop", "ångström", "σίγμας", "ǆemal",
	"straße", "fødselsn", "x", "ab", "d-nummer", "ΣΟΦΙΑ",
};
#define NKEYS	(sizeof keys / sizeof keys[0])

static struct lg_ruleset *rs;
static pcre2_match_data *md;

static void
load_keys(void)
{
	char path[] = "/tmp/check_rules_keys.XXXXXX";
	FILE *f;
	int fd = mkstemp(path);
	size_t i;

	ck_assert_int_ne(fd, -1);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	for (i = 0; i < NKEYS; i++)
		fprintf(f, "k%zu customer key=%s (?<value>\\d{5})\n", i, keys[i]);
	fclose(f);
	rs = rules_load_file(path, stderr);
	unlink(path);
	ck_assert_ptr_nonnull(rs);
	ck_assert_uint_eq(rs->rs_nkeys, NKEYS);
	ck_assert_ptr_nonnull(md = pcre2_match_data_create(4, NULL));
}

static void
free_keys(void)
{
	pcre2_match_data_free(md);
	rules_free(rs);
}

/* present - the key bits of text, filtered and exhaustive (must agree) */
static uint64_t
present(const char *text)
{
	uint64_t fast, slow;
	size_t len = strlen(text);

	ck_assert_int_eq(rules_keys_present(rs, md, NULL, text, len, 0, false,
	    &fast), 0);
	ck_assert_int_eq(rules_keys_present(rs, md, NULL, text, len, 0, true,
	    &slow), 0);
	ck_assert_msg(fast == slow, "\"%s\": filtered %#llx, exhaustive %#llx",
	    text, (unsigned long long)fast, (unsigned long long)slow);
	return fast;
}

#define BIT(i)	((uint64_t)1 << (i))

static const struct {
	const char	*text;
	uint64_t	 want;
} spelled[] = {
	{ "Your CUSTOMER number", BIT(0) },
	{ "your CuStOmEr number", BIT(0) },
	{ "\xe2\x84\xaa" "ELVIN scale", BIT(1) },	/* KELVIN SIGN */
	{ "the \xe2\x84\xaa" "elvin", BIT(1) },
	{ "STOP here", BIT(2) },			/* ſ = s = S */
	{ "\xc5\xbftop here", BIT(2) },
	{ "\xe2\x84\xab" "NGSTR\xc3\x96M", BIT(3) },	/* ANGSTROM SIGN */
	{ "\xc3\x85ngstr\xc3\xb6m", BIT(3) },
	{ "\xce\xa3\xce\x8a\xce\x93\xce\x9c\xce\x91\xce\xa3", BIT(4) },
	{ "\xcf\x83\xce\xaf\xce\xb3\xce\xbc\xce\xb1\xcf\x82", BIT(4) },
	{ "\xc7\x84" "EMAL", BIT(5) },			/* Ǆ */
	{ "\xc7\x85" "emal", BIT(5) },			/* ǅ */
	{ "STRASSE", 0 },			/* ß is one character */
	{ "STRA\xe1\xba\x9e" "E", BIT(6) },		/* capital sharp s */
	{ "F\xc3\x98" "DSELSNUMMER", BIT(7) },
	{ "f\xc3\xb8" "dselsn", BIT(7) },
	{ "X", BIT(8) },
	{ "at the end: x", BIT(8) },
	{ "aB", BIT(9) },
	{ "D-NUMMER", BIT(10) },
	{ "\xcf\x83\xce\xbf\xcf\x86\xce\xb9\xce\xb1", BIT(11) },
	{ "\xcf\x82\xce\xbf\xcf\x86\xce\xb9\xce\xb1", BIT(11) },
	{ "no key here at all", 0 },
	{ "", 0 },
	{ "customer\xff\xfe kelvin", BIT(0) | BIT(1) },	/* invalid UTF-8 */
};

START_TEST(test_spelled)
{
	uint64_t got = present(spelled[_i].text);

	/* "x" is in nearly every text: only the others are compared exactly */
	if (spelled[_i].want != BIT(8))
		got &= ~BIT(8);
	ck_assert_msg(got == spelled[_i].want, "\"%s\": got %#llx, want %#llx",
	    spelled[_i].text, (unsigned long long)got,
	    (unsigned long long)spelled[_i].want);
}
END_TEST

/* Pieces random texts are built from: parts of key words in odd cases. */
static const char *const pieces[] = {
	"c", "C", "us", "US", "tomer", "TOMER", "k", "K", "\xe2\x84\xaa",
	"elvin", "ELVIN", "s", "S", "\xc5\xbf", "top", "TOP", "\xc3\xa5",
	"\xc3\x85", "\xe2\x84\xab", "ngstr", "\xc3\xb6m", "\xc3\x96M",
	"\xcf\x83", "\xcf\x82", "\xce\xa3", "\xce\xaf\xce\xb3\xce\xbc\xce\xb1",
	"\xc7\x84", "\xc7\x85", "\xc7\x86", "emal", "stra", "\xc3\x9f",
	"\xe1\xba\x9e", "e", "f", "\xc3\xb8", "\xc3\x98", "dselsn", "a", "B",
	"d-", "NUMMER", " ", "\n", "\xff", "\xc3", "0123",
};

START_TEST(test_random_texts)
{
	char text[256];
	unsigned seed = 12345;
	int n, k;

	for (n = 0; n < 20000; n++) {
		size_t len = 0;

		text[0] = '\0';
		for (k = rand_r(&seed) % 12; k >= 0; k--) {
			const char *p = pieces[rand_r(&seed) %
			    (sizeof pieces / sizeof pieces[0])];

			if (len + strlen(p) >= sizeof text)
				break;
			memcpy(text + len, p, strlen(p) + 1);
			len += strlen(p);
		}
		(void)present(text);
	}
}
END_TEST

START_TEST(test_from_offset)
{
	uint64_t got;
	const char *t = "customer kelvin";

	/* a key word before from does not count; one at from does */
	ck_assert_int_eq(rules_keys_present(rs, md, NULL, t, strlen(t), 9,
	    false, &got), 0);
	ck_assert_uint_eq(got, BIT(1));
	ck_assert_int_eq(rules_keys_present(rs, md, NULL, t, strlen(t), 1,
	    false, &got), 0);
	ck_assert_uint_eq(got, BIT(1));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("rules_keys");
	TCase *tc = tcase_create("keys");

	tcase_add_unchecked_fixture(tc, load_keys, free_keys);
	tcase_add_loop_test(tc, test_spelled, 0,
	    sizeof spelled / sizeof spelled[0]);
	tcase_add_test(tc, test_random_texts);
	tcase_add_test(tc, test_from_offset);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
