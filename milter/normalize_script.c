/*
 * normalize_script.c - the steps of normalisation that need the Unicode
 * character database, taken from ICU rather than from lists of our own:
 *
 *   - Default_Ignorable_Code_Point characters (zero-width characters, bidi
 *     controls and isolates, the Arabic letter mark, variation selectors,
 *     tag characters, soft hyphen...) are removed: nscript_ignorable;
 *   - a decimal digit of any script (Arabic-Indic, Persian, Devanagari,
 *     Bengali, Thai... whatever ICU calls Nd) becomes its ASCII digit;
 *   - a combining mark on an ASCII letter or digit ("4\u0332",
 *     "P\u0336IN") is dropped: after NFKC composition it can only be
 *     decoration; marks on other letters (Devanagari vowels, Hebrew
 *     points) stay;
 *   - a word mixing letters of two scripts ("PIN" with a Cyrillic Р,
 *     "Salasana" with Cyrillic а) has each letter that looks like a Latin
 *     one replaced by it: the Latin letter whose UTS #39 skeleton (ICU
 *     uspoof_getSkeleton) equals the letter's own, of the same case.  A
 *     word in one script ("ПИН", "пароль") is left alone.
 *
 * nscript_fold works on text that normalize.c has already made valid
 * UTF-8 and NFKC, in place (every change makes the text shorter or keeps
 * its length).  The confusable table is built once (pthread_once), so
 * threads are safe.  Nothing here knows blanks, MIME or rules.
 */
#include <pthread.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include "normalize_script.h"

#define CONF_FROM	0x0370		/* Greek, Cyrillic, Armenian, ... */
#define CONF_UNTIL	0x3000		/* ... up to CJK: no Latin lookalikes */

static unsigned char conf[CONF_UNTIL - CONF_FROM];	/* 0 or a letter */
static pthread_once_t conf_once = PTHREAD_ONCE_INIT;

/* skeleton - the UTS #39 skeleton of one code point, in sk (UTF-16) */
static int32_t
skeleton(const USpoofChecker *sc, UChar32 c, UChar *sk, int32_t cap)
{
	UChar in[2];
	int32_t n = 0;
	UErrorCode st = U_ZERO_ERROR;
	UBool err = false;

	U16_APPEND(in, n, 2, c, err);
	if (err)
		return 0;
	n = uspoof_getSkeleton(sc, 0, in, n, sk, cap, &st);
	return U_SUCCESS(st) ? n : 0;
}

/* conf_build - for each letter of CONF_FROM..CONF_UNTIL, its Latin twin */
static void
conf_build(void)
{
	UChar latin[52][8], sk[8];
	int32_t nlatin[52], n;
	UErrorCode st = U_ZERO_ERROR;
	USpoofChecker *sc = uspoof_open(&st);
	UChar32 c;
	int i, pick;

	if (U_FAILURE(st))
		return;		/* no table: words are left as they are */
	for (i = 0; i < 52; i++)
		nlatin[i] = skeleton(sc, i < 26 ? 'A' + i : 'a' + i - 26,
		    latin[i], 8);
	for (c = CONF_FROM; c < CONF_UNTIL; c++) {
		if (!u_isalpha(c) || uscript_getScript(c, &st) ==
		    USCRIPT_LATIN || (n = skeleton(sc, c, sk, 8)) == 0)
			continue;
		pick = -1;
		for (i = 0; i < 52; i++) {
			if (nlatin[i] != n || memcmp(latin[i], sk,
			    (size_t)n * sizeof *sk) != 0)
				continue;
			/* Same skeleton: take the one of the same case. */
			if (pick == -1 || (u_isupper(c) ? i < 26 : i >= 26))
				pick = i;
		}
		if (pick != -1)
			conf[c - CONF_FROM] = (unsigned char)(pick < 26 ?
			    'A' + pick : 'a' + pick - 26);
	}
	uspoof_close(sc);
}

/* NSCRIPT_IGNORABLE -- a Default_Ignorable_Code_Point: drop it */
int
nscript_ignorable(uint32_t c)
{
	if (c < 0x300)
		return c == 0xAD;	/* the only one below U+0300 */
	return u_hasBinaryProperty((UChar32)c,
	    UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

/* is_mark - a combining mark (Mn, Me, Mc) */
static int
is_mark(UChar32 c)
{
	int8_t t = u_charType(c);

	return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK ||
	    t == U_COMBINING_SPACING_MARK;
}

/*
 * mixed_word - does the word at s[i..) (letters and marks) use letters of
 * two scripts?  *end is set to where it ends.
 */
static int
mixed_word(const char *s, int32_t i, int32_t len, int32_t *end)
{
	UScriptCode first = USCRIPT_INVALID_CODE, sc;
	UErrorCode st = U_ZERO_ERROR;
	int mixed = 0;
	int32_t j;
	UChar32 c;

	while (i < len) {
		j = i;
		U8_NEXT(s, i, len, c);
		if (c < 0 || !(u_isalpha(c) || is_mark(c))) {
			i = j;
			break;
		}
		if (is_mark(c))
			continue;
		sc = c < 0x80 ? USCRIPT_LATIN : uscript_getScript(c, &st);
		if (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED)
			continue;
		if (first == USCRIPT_INVALID_CODE)
			first = sc;
		else if (sc != first)
			mixed = 1;
	}
	*end = i;
	return mixed;
}

/*
 * NSCRIPT_FOLD -- digits, marks and confusables of valid UTF-8 text, in
 *	place.  Return value: the new length.
 */
size_t
nscript_fold(char *s, size_t len)
{
	int32_t i = 0, j, n = (int32_t)len, o = 0, word_end = 0;
	int ascii_base = 0, fold = 0;
	UChar32 c;

	pthread_once(&conf_once, conf_build);
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			c = (unsigned char)s[i];
			ascii_base = (c >= '0' && c <= '9') ||
			    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
			if (i >= word_end && ascii_base && c > '9')
				fold = mixed_word(s, i, n, &word_end);
			s[o++] = s[i++];
			continue;
		}
		j = i;
		U8_NEXT(s, i, n, c);
		if (c < 0) {		/* cannot happen: the text is valid */
			memmove(s + o, s + j, (size_t)(i - j));
			o += i - j;
			ascii_base = 0;
			continue;
		}
		if (u_charType(c) == U_DECIMAL_DIGIT_NUMBER) {
			s[o++] = (char)('0' + u_charDigitValue(c));
			ascii_base = 1;
			continue;
		}
		if (is_mark(c)) {
			if (!ascii_base) {
				memmove(s + o, s + j, (size_t)(i - j));
				o += i - j;
			}
			continue;
		}
		if (j >= word_end && u_isalpha(c))
			fold = mixed_word(s, j, n, &word_end);
		if (fold && j < word_end && c >= CONF_FROM && c < CONF_UNTIL &&
		    conf[c - CONF_FROM] != 0) {
			s[o++] = (char)conf[c - CONF_FROM];
			ascii_base = 1;
			continue;
		}
		memmove(s + o, s + j, (size_t)(i - j));
		o += i - j;
		ascii_base = 0;
	}
	return (size_t)o;
}
