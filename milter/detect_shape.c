/*
 * detect_shape.c - the value side of the built-in detector: det_value_at
 * reads the candidate value that starts at a position (inside quotes, or
 * one token; digit groups "593 027 184" joined), det_shape_of says what
 * shape it has or that it is none: a URL, an e-mail address, a date, a
 * time, an amount, a version, a placeholder ("xxxx", "<password>", "{{pw}}")
 * or a plain word with an apostrophe.  Pure: no dictionaries here (whether
 * letters form a word is asked by detect.c, of detect_morph.c, and only for
 * DET_SH_LETTERS), no labels, no placement.
 */
#include <string.h>

#include "detect_shape.h"

#define QUOTED_MAX	80	/* longest quoted value, bytes */
#define TOKEN_MAX	256	/* longest unquoted token read as one value */

static const char *const shape_names[DET_SH_COUNT] = {
	[DET_SH_NONE] = "none", [DET_SH_YEAR] = "year",
	[DET_SH_DIGITS] = "digits", [DET_SH_ALNUM] = "alnum",
	[DET_SH_GROUPED] = "grouped", [DET_SH_GENERATED] = "generated",
	[DET_SH_LETTERS] = "letters", [DET_SH_PASSPHRASE] = "passphrase",
};

const char *
det_shape_name(enum det_shape s)
{
	return s < DET_SH_COUNT ? shape_names[s] : "?";
}

/* quote_len - length of an opening/closing quote mark at s, or 0 */
static size_t
quote_len(const char *s, size_t left)
{
	const unsigned char *u = (const unsigned char *)s;

	if (left >= 1 && (*u == '"' || *u == '\'' || *u == '`'))
		return 1;
	/* “ ” ‘ ’ „ (E2 80 9C/9D/98/99/9E), « » (C2 AB/BB) */
	if (left >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	    (u[2] == 0x9c || u[2] == 0x9d || u[2] == 0x98 || u[2] == 0x99 ||
	    u[2] == 0x9e))
		return 3;
	if (left >= 2 && u[0] == 0xc2 && (u[1] == 0xab || u[1] == 0xbb))
		return 2;
	return 0;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool
is_space(char c)
{
	return is_blank(c) || c == '\n';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (unsigned char)c >= 0x80;
}

/* trailing - punctuation that ends a sentence rather than a value */
static bool
trailing(char c)
{
	return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' ||
	    c == '?' || c == ')' || c == ']' || c == '}' || c == '>' ||
	    c == '*' || c == '"' || c == '\'';
}

/* all_digits - s[0..n) digits only */
static bool
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return n > 0;
}

/* after_value - what follows the value on its line */
static void
after_value(const char *text, size_t len, struct det_value *v)
{
	size_t p = v->dv_end, q;

	while (p < len && (trailing(text[p]) || quote_len(text + p, len - p)))
		p += quote_len(text + p, len - p) ? quote_len(text + p, len - p) : 1;
	while (p < len && is_blank(text[p]))
		p++;
	v->dv_lone = p >= len || text[p] == '\n';
	if (v->dv_lone)
		return;
	/* "50 €", "10 %", "100 EUR", "10 minutes" */
	q = p;
	if (text[q] == '%' || text[q] == '$' ||
	    (len - q >= 3 && memcmp(text + q, "\xe2\x82\xac", 3) == 0) ||
	    (len - q >= 2 && memcmp(text + q, "\xc2\xa3", 2) == 0))
		v->dv_unit_after = true;
	else if (len - q >= 3 && (memcmp(text + q, "EUR", 3) == 0 ||
	    memcmp(text + q, "USD", 3) == 0 || memcmp(text + q, "SEK", 3) == 0 ||
	    memcmp(text + q, "kr", 2) == 0 || memcmp(text + q, "eur", 3) == 0))
		v->dv_unit_after = true;
	if (is_letter(text[q])) {
		v->dv_word_after = true;
		v->dv_word_at = q;
	}
}

/*
 * DET_VALUE_AT -- the candidate value that starts at text[p] (blanks
 *	skipped, not line breaks): the inside of quotes on the same line, or
 *	the token up to white space without sentence punctuation after it;
 *	digit groups separated by one blank are one value ("593 027 184",
 *	"4 8 2 1").
 *	Return value: 1 with v filled in, 0 when there is none.
 */
int
det_value_at(const char *text, size_t len, size_t p, struct det_value *v)
{
	size_t q, e, ql, lead;

	memset(v, 0, sizeof *v);
	while (p < len && is_blank(text[p]))
		p++;
	/* Emphasis marks that survive as text: **value**, __value__ */
	while (p < len && (text[p] == '*' || text[p] == '_'))
		p++;
	if (p >= len || text[p] == '\n')
		return 0;
	if ((ql = quote_len(text + p, len - p)) != 0) {
		for (q = p + ql; q < len && q - p < QUOTED_MAX && text[q] != '\n';
		    q++)
			if (quote_len(text + q, len - q))
				break;
		if (q >= len || text[q] == '\n' || q - p >= QUOTED_MAX ||
		    q == p + ql)
			return 0;
		v->dv_start = p + ql;
		v->dv_end = q;
		v->dv_quoted = true;
		after_value(text, len, v);
		return 1;
	}
	/*
	 * A token longer than TOKEN_MAX is still a value: its first TOKEN_MAX
	 * bytes are judged (a long API key or reset token must not pass for
	 * being long).  The bound keeps a hostile run of labels linear.
	 */
	for (q = p; q < len && !is_space(text[q]) && q - p < TOKEN_MAX; q++)
		;
	e = q;
	while (e > p && trailing(text[e - 1]))
		e--;
	lead = p;
	if (e <= lead)
		return 0;
	/* Join digit groups: "593 027 184", "4 8 2 1". */
	if (all_digits(text + lead, e - lead) && e - lead <= 4) {
		size_t g = e, n;

		while (g < len && text[g] == ' ' && g + 1 < len &&
		    is_digit(text[g + 1])) {
			for (n = g + 1; n < len && is_digit(text[n]); n++)
				;
			if (n - g - 1 > 4 || (n < len && !is_space(text[n]) &&
			    !trailing(text[n])))
				break;
			g = n;
		}
		e = g;
	}
	v->dv_start = lead;
	v->dv_end = e;
	after_value(text, len, v);
	return 1;
}

/* digits_shape - only digits and group separators: a code, or a date... */
static enum det_shape
digits_shape(const char *v, size_t len, const struct det_limits *lim)
{
	size_t i, n = 0, groups = 1, glen = 0, gmin = len, gmax = 0;
	char sep = 0;

	for (i = 0; i < len; i++) {
		if (is_digit(v[i])) {
			n++;
			glen++;
			continue;
		}
		if (v[i] != ' ' && v[i] != '-')
			return DET_SH_NONE;	/* 12.03.2024, 12:30, 1,50 */
		if (sep != 0 && v[i] != sep)
			return DET_SH_NONE;
		sep = v[i];
		if (glen == 0)
			return DET_SH_NONE;
		gmin = glen < gmin ? glen : gmin;
		gmax = glen > gmax ? glen : gmax;
		glen = 0;
		groups++;
	}
	if (glen == 0)
		return DET_SH_NONE;
	gmin = glen < gmin ? glen : gmin;
	gmax = glen > gmax ? glen : gmax;
	if (n < lim->dl_min_digits || n > lim->dl_max_digits)
		return DET_SH_NONE;
	if (groups == 1 && n == 4 && (v[0] == '1' && v[1] == '9'))
		return DET_SH_YEAR;
	if (groups == 1 && n == 4 && (v[0] == '2' && v[1] == '0'))
		return DET_SH_YEAR;
	/* 2024-03-12, 12-03-2024: a date, not a code */
	if (sep == '-' && groups == 3 && (gmax == 4 && gmin <= 2))
		return DET_SH_NONE;
	/* "1 000 000" reads as an amount */
	if (sep == ' ' && groups > 1 && gmax <= 3 && gmin == gmax && v[0] != '0' &&
	    (len - n) > 0 && groups > 2 && gmin == 3 && (v[1] == ' ' ||
	    v[2] == ' '))
		return DET_SH_NONE;
	return DET_SH_DIGITS;
}

/* letters_groups - "XNDC-TQLV" (grouped), "correct-horse-battery" */
static enum det_shape
dashed_shape(const char *v, size_t len, const struct det_limits *lim)
{
	size_t i, start = 0, groups = 0, gmin = len, gmax = 0, digits = 0;
	bool all_lower = true, all_upper_or_digit = true;

	for (i = 0; i <= len; i++) {
		if (i < len && v[i] != '-') {
			if (is_digit(v[i]))
				digits++;
			if (!(v[i] >= 'a' && v[i] <= 'z'))
				all_lower = false;
			if (!(is_digit(v[i]) || (v[i] >= 'A' && v[i] <= 'Z')))
				all_upper_or_digit = false;
			continue;
		}
		if (i == start)
			return DET_SH_NONE;
		gmin = i - start < gmin ? i - start : gmin;
		gmax = i - start > gmax ? i - start : gmax;
		groups++;
		start = i + 1;
	}
	if (groups < 2 || len > lim->dl_max_length)
		return DET_SH_NONE;
	if (all_lower && groups >= 3 && gmin >= 3 && gmax <= 12)
		return DET_SH_PASSPHRASE;
	if ((all_upper_or_digit || digits > 0) && gmin >= 3 && gmax <= 8 &&
	    gmax - gmin <= 2 && len - (groups - 1) >= lim->dl_min_digits)
		return DET_SH_GROUPED;
	return DET_SH_NONE;
}

/*
 * DET_SHAPE_OF -- the shape of a candidate value.
 *	Return value: a shape, DET_SH_NONE when it is no value at all.
 */
enum det_shape
det_shape_of(const char *v, size_t len, bool quoted,
    const struct det_limits *lim)
{
	size_t i, digits = 0, upper = 0, lower = 0, high = 0, sym = 0,
	    blanks = 0, dashes = 0, wordsym = 0, curr = 0;

	if (len == 0)
		return DET_SH_NONE;
	for (i = 0; i < len; i++) {
		char c = v[i];

		if (is_digit(c))
			digits++;
		else if (c >= 'A' && c <= 'Z')
			upper++;
		else if (c >= 'a' && c <= 'z')
			lower++;
		else if ((unsigned char)c >= 0x80)
			high++;
		else if (c == ' ')
			blanks++;
		else {
			sym++;
			if (c == '-')
				dashes++;
			if (c == '\'' || c == '.' || c == ',' || c == '-')
				wordsym++;
			if (c == '$' || c == '%' || c == '+')
				curr++;
		}
	}
	/* URLs, addresses, paths, templates, placeholders */
	if (memmem(v, len, "://", 3) != NULL || (len > 4 &&
	    (memcmp(v, "www.", 4) == 0 || memcmp(v, "http", 4) == 0)))
		return DET_SH_NONE;
	if (memchr(v, '@', len) != NULL && memchr(memchr(v, '@', len), '.',
	    len - (size_t)((const char *)memchr(v, '@', len) - v)) != NULL)
		return DET_SH_NONE;
	if (v[0] == '/' || v[0] == '~' || v[0] == '<' || v[0] == '[' ||
	    v[0] == '{' || v[0] == '(' || v[0] == '#' || v[0] == '%' ||
	    v[0] == '$' || v[0] == '+' || memmem(v, len, "{{", 2) != NULL ||
	    memmem(v, len, "${", 2) != NULL || memmem(v, len, "%(", 2) != NULL ||
	    memchr(v, '\\', len) != NULL)
		return DET_SH_NONE;
	/* markup left in the text ("lookup</a>"), URL parameters ("id=7&") */
	if (memchr(v, '<', len) != NULL || memchr(v, '>', len) != NULL)
		return DET_SH_NONE;
	for (i = 2; i < len; i++)
		if (v[i] == '=' && is_letter(v[i - 1]) && is_letter(v[i - 2]) &&
		    i + 1 < len && v[i + 1] != '=')
			return DET_SH_NONE;
	for (i = 1; i < len && v[i] == v[0]; i++)
		;
	if (i == len && !is_digit(v[0]))
		return DET_SH_NONE;		/* xxxxxx, ****** */
	if (high > 0 && high + blanks + wordsym == len - lower - upper &&
	    digits == 0 && !quoted)
		return DET_SH_LETTERS;		/* "Linkki", "välkommen" */

	/* A quoted phrase: a passphrase of three or more words, or none. */
	if (blanks > 0) {
		size_t words = 1;

		if (!quoted || digits + sym > 0)
			return digits + blanks == len ||
			    (digits + blanks + dashes == len) ?
			    digits_shape(v, len, lim) : DET_SH_NONE;
		for (i = 0; i < len; i++)
			if (v[i] == ' ')
				words++;
		return words >= 3 && len <= lim->dl_max_length ?
		    DET_SH_PASSPHRASE : DET_SH_NONE;
	}
	if (digits > 0 && digits + sym == len)
		return curr > 0 || sym > dashes ? DET_SH_NONE :
		    digits_shape(v, len, lim);
	if (dashes > 0 && dashes == sym && high == 0)
		return dashed_shape(v, len, lim);
	if (sym == 0 && high == 0 && digits > 0) {
		/* 10min, 24h, 100MB, 3rd: a number with a unit */
		for (i = 0; i < len && is_digit(v[i]); i++)
			;
		if (i > 0 && i < len) {
			size_t j;

			for (j = i; j < len && !is_digit(v[j]); j++)
				;
			if (j == len && len - i <= 5)
				return DET_SH_NONE;
		}
		/* no upper bound: a 40-byte hex token is as secret as a short one */
		return len >= lim->dl_min_digits && len >= 5 ?
		    DET_SH_ALNUM : DET_SH_NONE;
	}
	if (digits == 0 && sym == 0)
		return len >= lim->dl_min_length && len <= lim->dl_max_length ?
		    DET_SH_LETTERS : DET_SH_NONE;
	/* Symbols: a generated password, unless only word punctuation */
	if (sym == wordsym && digits == 0)
		return DET_SH_NONE;		/* don't, e.g., well-known */
	/*
	 * No upper bound here either: detector_max_length bounds words and
	 * phrases (prose grows long, generated values need not); a long mix
	 * of classes after a label is a token, API key or reset secret.
	 */
	if (len < lim->dl_min_length)
		return DET_SH_NONE;
	if (upper + lower + high == 0 && digits == 0)
		return DET_SH_NONE;
	if ((digits > 0) + (upper > 0) + (lower > 0 || high > 0) + (sym > 0) < 2)
		return DET_SH_NONE;
	return DET_SH_GENERATED;
}
