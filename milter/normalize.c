/*
 * normalize.c - fold decoded UTF-8 text into the form the rules are written
 * against: invalid UTF-8 repaired (U+FFFD), every Default_Ignorable_Code_
 * Point removed (soft hyphen, zero-width and bidi characters, variation
 * selectors, tags), Unicode compatibility forms folded (NFKC, via GLib:
 * full-width digits become ASCII digits, no-break spaces become spaces),
 * digits of every script made ASCII digits, marks on ASCII letters and
 * digits dropped, look-alike letters in a word of mixed scripts made Latin
 * (normalize_script.c, with ICU's data), a NUL dropped, white space
 * collapsed: a run of blanks is one space, a run that holds a line break
 * is one line break; and four or more single digits with one blank between
 * each ("4 8 2 1") joined ("4821").  Case is left alone: rules that want
 * it folded ask PCRE2 for caseless matching.  Offsets that rules report
 * are offsets in this text, and excerpts are cut from it.
 *
 * Pure ASCII text, most mail, skips the Unicode steps entirely; text whose
 * only non-ASCII letters are below U+0300 (Finnish, Swedish) skips the
 * script step.  A long
 * text is normalised piece by piece (normalize_cut, normalize_feed) into
 * the caller's buffer, with the pending blank carried in struct lg_norm.
 * Knows nothing of MIME or HTML.  Returns 0/-1 (out of memory), or a
 * malloc'd string / NULL.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "normalize.h"
#include "normalize_script.h"

#define invisible(c)	nscript_ignorable(c)

/* NORMALIZE_HAS_HIGH -- any byte outside ASCII?  Eight bytes at a time. */
int
normalize_has_high(const char *s, size_t len)
{
	const uint64_t high = 0x8080808080808080ULL;
	size_t i = 0;
	uint64_t w;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		if (w & high)
			return 1;
	}
	for (; i < len; i++)
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
	char *valid, *stripped, *o, *folded, *nfkc;
	bool script = false;

	if (!needs_full_nfkc(in, len)) {
		/*
		 * One character can fold into 18 of 4 bytes (U+FDFA is 3 bytes
		 * and becomes 33): grow the output as it fills.
		 */
		size_t cap = len + 160, used;

		o = folded = g_malloc(cap);
		while (p < end) {
			gunichar c;

			if ((size_t)(o - folded) + 80 > cap) {
				used = (size_t)(o - folded);
				cap = cap * 2;
				folded = g_realloc(folded, cap);
				o = folded + used;
			}
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
			if (!script && nscript_needed(c))
				script = true;
			if (!invisible(c))
				o += fold_char(c, o);
		}
		*o = '\0';
		if (script)
			folded[nscript_fold(folded, (size_t)(o - folded))] = '\0';
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
	nfkc = g_utf8_normalize(stripped, -1, G_NORMALIZE_NFKC);
	g_free(stripped);
	if (nfkc != NULL)
		nfkc[nscript_fold(nfkc, strlen(nfkc))] = '\0';
	return nfkc;
}

/*
 * blank[c] - 1 for a blank, 2 for a line break, 3 for a NUL (dropped: it
 * splits no word for a reader), 0 for anything else
 */
static const unsigned char blank[256] = {
	[0] = 3, ['\t'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
	['\n'] = 2,
};

#define DIGIT_RUN_MIN	4	/* "4 8 2 1": single digits joined */

/* is_digit, is_word - ASCII classes for join_digits (high bytes: word) */
#define is_digit(c)	((c) >= '0' && (c) <= '9')
#define is_word(c)	(is_digit(c) || (((c) | 0x20) >= 'a' && \
	((c) | 0x20) <= 'z') || (unsigned char)(c) >= 0x80)

/*
 * join_digits - in s[from..len), DIGIT_RUN_MIN or more single digits with
 * one space between each made one number; returns the new length
 */
static size_t
join_digits(char *s, size_t from, size_t len)
{
	size_t r = from, w = from, q, last, k, t;
	char prev = from > 0 ? s[from - 1] : ' ';

	while (r < len) {
		if (is_digit(s[r]) && !is_word(prev)) {
			for (q = r, k = 0, last = r; is_digit(s[q]) &&
			    (q + 1 >= len || !is_word(s[q + 1])); ) {
				k++;
				last = q;
				if (q + 2 < len && s[q + 1] == ' ' &&
				    is_digit(s[q + 2]))
					q += 2;
				else
					break;
			}
			if (k >= DIGIT_RUN_MIN) {
				for (t = r; t <= last; t += 2)
					s[w++] = s[t];
				prev = s[last];
				r = last + 1;
				continue;
			}
		}
		prev = s[r];
		s[w++] = s[r++];
	}
	return w;
}

/* grow - room for need more bytes (and a NUL) in out; 0 or -1 */
static int
grow(struct lg_buf *out, size_t need)
{
	size_t cap;
	char *n;

	if (out->buf_cap - out->buf_len > need)
		return 0;
	cap = out->buf_cap * 2 > out->buf_len + need + 1 ? out->buf_cap * 2 :
	    out->buf_len + need + 1;
	if ((n = realloc(out->buf_data, cap + 1)) == NULL)
		return -1;
	out->buf_data = n;
	out->buf_cap = cap;
	return 0;
}

/*
 * copy_word - copy the bytes of s[0..len) before the first byte <= 0x20
 * (every blank and NUL is one; so are the other control bytes, which the
 * caller copies one by one) to o; returns how many.  Eight bytes at a time
 * where the machine allows: copied one at a time, words cost a tenth of all
 * scanning.  o must have 8 bytes of room past what is copied.
 */
static size_t
copy_word(const char *s, size_t len, char *o)
{
	size_t n = 0;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
    defined(__GNUC__)
	while (n + 8 <= len) {
		uint64_t x, low;

		memcpy(&x, s + n, 8);
		memcpy(o + n, &x, 8);
		/* a high bit in each byte below 0x21; the lowest is exact */
		low = (x - 0x2121212121212121ULL) & ~x & 0x8080808080808080ULL;
		if (low != 0)
			return n + (size_t)__builtin_ctzll(low) / 8;
		n += 8;
	}
#endif
	while (n < len && (unsigned char)s[n] > 0x20) {
		o[n] = s[n];
		n++;
	}
	return n;
}

/* collapse - white space runs of src onto out; src is already folded */
static int
collapse(struct lg_norm *st, const char *src, size_t len, struct lg_buf *out)
{
	size_t i = 0;
	char *o;

	if (grow(out, len + 1 + 8) == -1)	/* copy_word writes 8 at a time */
		return -1;
	o = out->buf_data + out->buf_len;
	while (i < len) {
		unsigned char k = blank[(unsigned char)src[i]];

		if (k != 0) {
			if (k == 3) {		/* NUL: dropped */
				i++;
				continue;
			}
			if (k == 2)
				st->norm_pend = 2;
			else if (st->norm_pend == 0)
				st->norm_pend = 1;
			i++;
			continue;
		}
		if (st->norm_pend && st->norm_started) {
			/* "d d", the first d standing alone: maybe "4 8 2 1" */
			if (is_digit(src[i]) && st->norm_pend == 1 &&
			    st->norm_digit_gap == 0 && o - out->buf_data >= 2 &&
			    is_digit(o[-1]) && !is_word(o[-2]))
				st->norm_digit_gap = (size_t)(o -
				    out->buf_data) - 1;
			*o++ = st->norm_pend == 2 ? '\n' : ' ';
		}
		st->norm_pend = 0;
		st->norm_started = 1;
		/* The word: see copy_word. */
		while (i < len && blank[(unsigned char)src[i]] == 0) {
			size_t n = copy_word(src + i, len - i, o);

			i += n;
			o += n;
			if (n == 0)		/* a control byte in the word */
				*o++ = src[i++];
		}
	}
	*o = '\0';
	out->buf_len = (size_t)(o - out->buf_data);
	return 0;
}

/* collapse_join - collapse, then join spaced digits if there may be some */
static int
collapse_join(struct lg_norm *st, const char *src, size_t len,
    struct lg_buf *out)
{
	size_t before = out->buf_len;

	st->norm_digit_gap = 0;
	if (collapse(st, src, len, out) == -1)
		return -1;
	if (st->norm_digit_gap) {
		/* From the first "d d" on: a run starts one byte before it. */
		before = st->norm_digit_gap > before ? st->norm_digit_gap - 1 :
		    before;
		out->buf_len = join_digits(out->buf_data, before, out->buf_len);
		out->buf_data[out->buf_len] = '\0';
	}
	return 0;
}

void
normalize_init(struct lg_norm *st)
{
	st->norm_pend = 0;
	st->norm_started = 0;
	st->norm_digit_gap = 0;
}

/*
 * NORMALIZE_CUT -- how much of in can be normalised without seeing what
 *	follows: everything before the last ASCII byte (a combining mark or
 *	the rest of a UTF-8 sequence may come next).  A long run without any
 *	ASCII is cut before a character of combining class 0.  The caller
 *	keeps the rest and puts it in front of the next piece.
 */
size_t
normalize_cut(const char *in, size_t len)
{
	size_t i = len, stop = len > 256 ? len - 256 : 0;

	while (i > stop && (unsigned char)in[i - 1] >= 0x80)
		i--;
	if (i > stop)
		return i - 1;
	/* No ASCII in the last 256 bytes: find a starter to cut before. */
	for (i = len; i > stop; i--) {
		const char *p = in + i - 1;
		gunichar c;

		if (((unsigned char)*p & 0xc0) == 0x80)
			continue;
		c = g_utf8_get_char_validated(p, (gssize)(len - i + 1));
		if (c != (gunichar)-1 && c != (gunichar)-2 &&
		    g_unichar_combining_class(c) == 0)
			return i - 1;
	}
	return len > 256 ? len - 256 : 0;
}

/*
 * NORMALIZE_FEED -- normalise one piece of a text onto out (NUL kept
 *	after it).  Pieces must be cut where normalize_cut says; the blank
 *	pending at the end of one piece is written before the next one's
 *	first character (and never at the end of the text).
 *	Return value: 0, or -1 when memory runs out.
 */
int
normalize_feed(struct lg_norm *st, const char *in, size_t len,
    struct lg_buf *out)
{
	char *folded;
	int rc;

	if (!normalize_has_high(in, len))
		return collapse_join(st, in, len, out);
	if ((folded = unicode_fold(in, len)) == NULL)
		return -1;
	rc = collapse_join(st, folded, strlen(folded), out);
	g_free(folded);
	return rc;
}

/*
 * NORMALIZE_TEXT -- the text as rules see it, in one piece.
 *	Parameters: in (UTF-8, possibly invalid, need not be NUL-terminated),
 *	outlen (set to the length of the result).
 *	Return value: malloc'd string, or NULL when memory runs out.
 */
char *
normalize_text(const char *in, size_t len, size_t *outlen)
{
	struct lg_norm st;
	struct lg_buf *b;
	char *out;

	normalize_init(&st);
	if ((b = buf_new(len + 1, (size_t)-1 / 2)) == NULL)
		return NULL;
	if (normalize_feed(&st, in, len, b) == -1) {
		buf_free(b);
		return NULL;
	}
	out = b->buf_data;
	*outlen = b->buf_len;
	b->buf_data = NULL;
	buf_free(b);
	return out;
}
