/*
 * check_termsafe.c - unit tests for termsafe(): C0, DEL, C1, ESC
 * sequences, bidi overrides and isolates, line separators and bytes that
 * are not UTF-8 come out visible; ordinary text (accents, CJK, emoji)
 * passes; a backslash is doubled; a cut never splits an escape.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "termsafe.h"
#include "unit.h"

static const struct {
	const char *label, *in, *want;
} cases[] = {
	{ "plain", "Tunnuksesi: PIN-koodi ****", "Tunnuksesi: PIN-koodi ****" },
	{ "accents and CJK", "Hyv\xc3\xa4\xc3\xa4 \xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x93\xa7",
	  "Hyv\xc3\xa4\xc3\xa4 \xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x93\xa7" },
	{ "ESC clear screen", "a\x1b[2Jb", "a\\x1b[2Jb" },
	{ "OSC title", "\x1b]0;owned\x07", "\\x1b]0;owned\\x07" },
	{ "CR over the line", "held\rpass", "held\\x0dpass" },
	{ "newline and tab", "a\nb\tc", "a\\x0ab\\x09c" },
	{ "DEL", "a\x7f", "a\\x7f" },
	{ "C1 CSI", "a\xc2\x9b" "2J", "a\\u009b2J" },
	{ "RLO", "abc\xe2\x80\xae" "fdp.exe", "abc\\u202efdp.exe" },
	{ "LRE PDF", "\xe2\x80\xaa" "x" "\xe2\x80\xac", "\\u202ax\\u202c" },
	{ "isolates", "\xe2\x81\xa6" "x" "\xe2\x81\xa9", "\\u2066x\\u2069" },
	{ "LRM RLM ALM", "\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\u200e\\u200f\\u061c" },
	{ "line separator", "a\xe2\x80\xa8" "b", "a\\u2028b" },
	{ "not UTF-8", "a\xff\xc0\xafz", "a\\xff\\xc0\\xafz" },
	{ "surrogate encoded", "\xed\xa0\x80", "\\xed\\xa0\\x80" },
	{ "backslash", "a\\x1b", "a\\\\x1b" },
	{ "NULL", NULL, "" },
};

START_TEST(test_cases)
{
	char out[256];

	termsafe(out, sizeof out, cases[_i].in);
	ck_assert_msg(strcmp(out, cases[_i].want) == 0, "%s: got \"%s\", want \"%s\"",
	    cases[_i].label, out, cases[_i].want);
}
END_TEST

START_TEST(test_cut_and_dup)
{
	char out[8], *d;

	/* "ab" + "\x1b" does not fit 8 with "cd": cut before the escape */
	termsafe(out, 6, "ab\x1b" "cd");
	ck_assert_str_eq(out, "ab");
	termsafe(out, sizeof out, "ab\x1b" "cd");
	ck_assert_str_eq(out, "ab\\x1bc");
	d = termsafe_dup("\xe2\x80\xae\xe2\x80\xae\xe2\x80\xae\xff");
	ck_assert_str_eq(d, "\\u202e\\u202e\\u202e\\xff");
	free(d);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("termsafe");
	TCase *tc = tcase_create("escape");

	tcase_add_loop_test(tc, test_cases, 0, sizeof cases / sizeof cases[0]);
	tcase_add_test(tc, test_cut_and_dup);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
