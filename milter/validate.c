/*
 * validate.c - checksum validators that tell a real identifier from a number
 * that merely looks like one.  A value that fails its validator is not a hit.
 * Each validator takes the value as the rule captured it (separators such
 * as blanks and dashes where the format has them) and checks format, date
 * and check digits.  Pure: no I/O, no locale.  validate_value returns 1
 * valid, 0 invalid.
 */
#include <ctype.h>
#include <string.h>

#include "validate.h"

#define ID_DIGITS_MAX	34	/* longest value any validator looks at */

static const char *const validator_names[LG_VALIDATOR_COUNT] = {
	[LG_VALIDATOR_NONE] = "none",
	[LG_VALIDATOR_LUHN] = "luhn",
	[LG_VALIDATOR_FI_HETU] = "fi_hetu",
	[LG_VALIDATOR_SE_PNR] = "se_personnummer",
	[LG_VALIDATOR_NO_FNR] = "no_fodselsnummer",
	[LG_VALIDATOR_DK_CPR] = "dk_cpr",
	[LG_VALIDATOR_IBAN] = "iban",
};

/* validate_lookup - validator by name; -1 if there is none such */
int
validate_lookup(const char *name, enum lg_validator *out)
{
	int i;

	for (i = 0; i < LG_VALIDATOR_COUNT; i++)
		if (strcmp(name, validator_names[i]) == 0) {
			*out = (enum lg_validator)i;
			return 0;
		}
	return -1;
}

const char *
validate_name(enum lg_validator v)
{
	return v < LG_VALIDATOR_COUNT ? validator_names[v] : "?";
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* num - the decimal value of n digits at s (caller checked they are digits) */
static int
num(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

/*
 * compact - copy s without blanks (and dashes when drop_dash) into out;
 * returns the length, or -1 if it does not fit
 */
static int
compact(const char *s, size_t len, int drop_dash, char *out, size_t outlen)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || (drop_dash && s[i] == '-'))
			continue;
		if (o + 1 >= outlen)
			return -1;
		out[o++] = s[i];
	}
	out[o] = '\0';
	return (int)o;
}

/* valid_date - day/month exist; year is the full year, or -1 if unknown */
static int
valid_date(int year, int month, int day)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (month < 1 || month > 12 || day < 1 || day > mdays[month - 1])
		return 0;
	if (month == 2 && day == 29 && year >= 0 &&
	    !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
		return 0;
	return 1;
}

/* validate_luhn - mod-10 check over the digits; spaces and dashes skipped */
static int
validate_luhn(const char *s, size_t len)
{
	int sum = 0, ndigits = 0, dbl = 0;
	size_t i;

	for (i = len; i-- > 0;) {
		int d;

		if (s[i] == ' ' || s[i] == '-')
			continue;
		if (!is_digit(s[i]))
			return 0;
		d = s[i] - '0';
		if (dbl && (d *= 2) > 9)
			d -= 9;
		sum += d;
		dbl = !dbl;
		ndigits++;
	}
	return ndigits >= 2 && sum % 10 == 0;
}

/*
 * validate_fi_hetu - DDMMYYCZZZQ: C the century sign ('+' 1800s; '-' and,
 * since 2023, U V W X Y the 1900s; A and, since 2023, B C D E F the 2000s),
 * ZZZ the individual number 002-999, Q the check character of
 * DDMMYYZZZ mod 31.
 */
static int
validate_fi_hetu(const char *s, size_t len)
{
	static const char checks[] = "0123456789ABCDEFHJKLMNPRSTUVWXY";
	char v[ID_DIGITS_MAX];
	int i, century, n, zzz;
	long whole;

	if (compact(s, len, 0, v, sizeof v) != 11)
		return 0;
	/* Readers take "131052-308t" for the same number. */
	v[6] = (char)toupper((unsigned char)v[6]);
	v[10] = (char)toupper((unsigned char)v[10]);
	for (i = 0; i < 6; i++)
		if (!is_digit(v[i]))
			return 0;
	for (i = 7; i < 10; i++)
		if (!is_digit(v[i]))
			return 0;
	if (v[6] == '+')
		century = 1800;
	else if (v[6] == '-' || (v[6] >= 'U' && v[6] <= 'Y'))
		century = 1900;
	else if (v[6] >= 'A' && v[6] <= 'F')
		century = 2000;
	else
		return 0;
	if (!valid_date(century + num(v + 4, 2), num(v + 2, 2), num(v, 2)))
		return 0;
	if ((zzz = num(v + 7, 3)) < 2)
		return 0;
	whole = (long)num(v, 6) * 1000 + zzz;
	n = (int)(whole % 31);
	return v[10] == checks[n];
}

/*
 * validate_se_pnr - YYMMDD-NNNC, YYMMDD+NNNC (over 100 years old),
 * YYYYMMDD-NNNC or the same without the sign; the Luhn check runs over
 * the ten digits YYMMDDNNNC.  A samordningsnummer has 60 added to the day.
 */
static int
validate_se_pnr(const char *s, size_t len)
{
	char v[ID_DIGITS_MAX], d[11];
	int n, i, o = 0, year = -1, day;

	if ((n = compact(s, len, 0, v, sizeof v)) == -1)
		return 0;
	/* 10 or 12 digits, optionally a sign before the last four. */
	for (i = 0; i < n; i++) {
		if (is_digit(v[i]))
			v[o++] = v[i];
		else if (!((v[i] == '-' || v[i] == '+') && i == n - 5))
			return 0;
	}
	if (o != 10 && o != 12)
		return 0;
	if (o == 12) {
		year = num(v, 4);
		if (year < 1800)
			return 0;
		memcpy(d, v + 2, 10);
	} else
		memcpy(d, v, 10);
	d[10] = '\0';
	day = num(d + 4, 2);
	if (day > 60)
		day -= 60;
	if (!valid_date(year, num(d + 2, 2), day))
		return 0;
	return validate_luhn(d, 10);
}

/*
 * validate_no_fnr - DDMMYYIIIKK, two mod-11 check digits.  A D-number has
 * 4 added to the first digit of the day, an H-number 4 added to the first
 * digit of the month.
 */
static int
validate_no_fnr(const char *s, size_t len)
{
	static const int w1[9] = { 3, 7, 6, 1, 8, 9, 4, 5, 2 };
	static const int w2[10] = { 5, 4, 3, 2, 7, 6, 5, 4, 3, 2 };
	char v[ID_DIGITS_MAX];
	int i, sum, k, day, month;

	if (compact(s, len, 0, v, sizeof v) != 11)
		return 0;
	for (i = 0; i < 11; i++)
		if (!is_digit(v[i]))
			return 0;
	day = num(v, 2);
	month = num(v + 2, 2);
	if (day > 40)
		day -= 40;		/* D-number */
	else if (month > 40)
		month -= 40;		/* H-number */
	if (!valid_date(-1, month, day))
		return 0;
	for (sum = 0, i = 0; i < 9; i++)
		sum += (v[i] - '0') * w1[i];
	if ((k = 11 - sum % 11) == 11)
		k = 0;
	if (k == 10 || k != v[9] - '0')
		return 0;
	for (sum = 0, i = 0; i < 10; i++)
		sum += (v[i] - '0') * w2[i];
	if ((k = 11 - sum % 11) == 11)
		k = 0;
	return k != 10 && k == v[10] - '0';
}

/*
 * validate_dk_cpr - DDMMYY-SSSS or DDMMYYSSSS: a real date, its century
 * from the seventh digit.  The mod-11 check was given up in 2007, so a
 * valid CPR number may fail it: format and date are all there is.
 */
static int
validate_dk_cpr(const char *s, size_t len)
{
	char v[ID_DIGITS_MAX];
	int i, yy, d7, century;

	if (compact(s, len, 1, v, sizeof v) != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (!is_digit(v[i]))
			return 0;
	yy = num(v + 4, 2);
	d7 = v[6] - '0';
	if (d7 <= 3)
		century = 1900;
	else if (d7 == 4 || d7 == 9)
		century = yy <= 36 ? 2000 : 1900;
	else
		century = yy <= 57 ? 2000 : 1800;
	return valid_date(century + yy, num(v + 2, 2), num(v, 2));
}

/*
 * validate_iban - two letters, two check digits, up to 30 letters and
 * digits; blanks allowed; the rearranged number mod 97 is 1.
 */
static int
validate_iban(const char *s, size_t len)
{
	char v[ID_DIGITS_MAX + 2];
	int n, i, rem = 0;

	if ((n = compact(s, len, 0, v, sizeof v)) < 15 || n > 34)
		return 0;
	for (i = 0; i < n; i++) {
		char c = v[i];

		if (c >= 'a' && c <= 'z')
			v[i] = c = (char)(c - 'a' + 'A');
		if (i < 2 ? !(c >= 'A' && c <= 'Z') : i < 4 ? !is_digit(c) :
		    !(is_digit(c) || (c >= 'A' && c <= 'Z')))
			return 0;
	}
	for (i = 0; i < n; i++) {
		char c = v[(i + 4) % n];

		if (is_digit(c))
			rem = (rem * 10 + (c - '0')) % 97;
		else
			rem = (rem * 100 + (c - 'A' + 10)) % 97;
	}
	return rem == 1;
}

/*
 * VALIDATE_VALUE -- run a validator over a captured value.
 *	Return value: 1 valid (or no validator), 0 invalid.
 */
int
validate_value(enum lg_validator v, const char *value, size_t len)
{
	switch (v) {
	case LG_VALIDATOR_NONE:
		return 1;
	case LG_VALIDATOR_LUHN:
		return validate_luhn(value, len);
	case LG_VALIDATOR_FI_HETU:
		return validate_fi_hetu(value, len);
	case LG_VALIDATOR_SE_PNR:
		return validate_se_pnr(value, len);
	case LG_VALIDATOR_NO_FNR:
		return validate_no_fnr(value, len);
	case LG_VALIDATOR_DK_CPR:
		return validate_dk_cpr(value, len);
	case LG_VALIDATOR_IBAN:
		return validate_iban(value, len);
	default:
		return 0;
	}
}
