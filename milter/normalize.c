/*
 * normalize.c - fold decoded UTF-8 text into the form the rules are written
 * against: invalid UTF-8 repaired (U+FFFD), soft hyphens and zero-width
 * characters removed, Unicode compatibility forms folded (NFKC, via GLib:
 * full-width digits become ASCII digits, no-break spaces become spaces),
 * and white space collapsed: a run of blanks is one space, a run that holds
 * a line break is one line break.  Case is left alone: rules that want it
 * folded ask PCRE2 for caseless matching.
 *
 * Pure ASCII text, most mail, skips the Unicode steps entirely.  Knows
 * nothing of MIME or HTML.  Returns a malloc'd NUL-terminated string, or
 * NULL when memory runs out.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "normalize.h"

/* invisible - characters that only hide what is next to them */
static int
invisible(gunichar c)
{
	return c == 0x00AD ||			/* soft hyphen */
	    (c >= 0x200B && c <= 0x200F) ||	/* zero width, LRM, RLM */
	    (c >= 0x202A && c <= 0x202E) ||	/* bidi embedding */
	    (c >= 0x2060 && c <= 0x2064) ||	/* word joiner, invisible ops */
	    c == 0xFEFF || c == 0x180E || c == 0x034F;
}

/* has_high - any byte outside ASCII? */
static int
has_high(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

/* needs_full_nfkc - text with combining marks needs real composition */
static int
needs_full_nfkc(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while (p < end) {
		gunichar c;

		if ((unsigned char)*p < 0x80) {
			p++;
			continue;
		}
		c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			p++;
			continue;
		}
		if (g_unichar_combining_class(c) != 0)
			return 1;
		p = g_utf8_next_char(p);
	}
	return 0;
}

/* fold_char - NFKC of one precomposed character, into o; returns bytes */
static int
fold_char(gunichar c, char *o)
{
	gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
	gsize n, i;
	int len = 0;

	if (c >= 0xAC00 && c <= 0xD7A3)		/* Hangul: composes back */
		return g_unichar_to_utf8(c, o);
	n = g_unichar_fully_decompose(c, TRUE, d, G_N_ELEMENTS(d));
	for (i = 0; i < n; i++)
		if (g_unichar_combining_class(d[i]) != 0)
			return g_unichar_to_utf8(c, o);	/* é stays é */
	for (i = 0; i < n; i++)
		len += g_unichar_to_utf8(d[i], o + len);
	return len;
}

/*
 * unicode_fold - repair, drop invisibles, NFKC; g_free the result.  Text
 * without combining marks (nearly all mail) is folded one character at a
 * time, which is NFKC for precomposed text and several times faster than
 * g_utf8_normalize; anything else goes the full way.
 */
static char *
unicode_fold(const char *in, size_t len)
{
	const char *p = in, *end = in + len;
	char *valid, *stripped, *o, *folded;

	if (!needs_full_nfkc(in, len)) {
		/* A decomposition is at most 18 characters of 4 bytes. */
		if (len > G_MAXSIZE / 80)
			return NULL;
		o = folded = g_malloc(len * 4 + 80);
		while (p < end) {
			gunichar c;

			if ((unsigned char)*p < 0x80) {
				*o++ = *p++;
				continue;
			}
			c = g_utf8_get_char_validated(p, end - p);
			if (c == (gunichar)-1 || c == (gunichar)-2) {
				o += g_unichar_to_utf8(0xFFFD, o);
				p++;
				continue;
			}
			p = g_utf8_next_char(p);
			if (!invisible(c))
				o += fold_char(c, o);
		}
		*o = '\0';
		return folded;
	}
	if ((valid = g_utf8_make_valid(in, (gssize)len)) == NULL)
		return NULL;
	stripped = g_malloc(strlen(valid) + 1);
	for (p = valid, o = stripped; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		int n = (int)(g_utf8_next_char(p) - p);

		if (invisible(c))
			continue;
		memcpy(o, p, (size_t)n);
		o += n;
	}
	*o = '\0';
	g_free(valid);
	folded = g_utf8_normalize(stripped, -1, G_NORMALIZE_NFKC);
	g_free(stripped);
	return folded;
}

/*
 * NORMALIZE_TEXT -- the text as rules see it.
 *	Parameters: in (UTF-8, possibly invalid, need not be NUL-terminated),
 *	outlen (set to the length of the result).
 *	Return value: malloc'd string, or NULL when memory runs out.
 */
char *
normalize_text(const char *in, size_t len, size_t *outlen)
{
	char *folded = NULL, *out;
	const char *src = in;
	size_t i, o = 0;
	int pend = 0;		/* 0 none, 1 blank, 2 line break pending */

	if (has_high(in, len)) {
		if ((folded = unicode_fold(in, len)) == NULL)
			return NULL;
		src = folded;
		len = strlen(folded);
	}
	if ((out = malloc(len + 1)) == NULL) {
		g_free(folded);
		return NULL;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];

		if (c == '\n') {
			pend = 2;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
		    c == '\v' || c == '\0') {
			if (pend == 0)
				pend = 1;
			continue;
		}
		if (pend && o > 0)
			out[o++] = pend == 2 ? '\n' : ' ';
		pend = 0;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	*outlen = o;
	g_free(folded);
	return out;
}
