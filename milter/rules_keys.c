/*
 * rules_keys.c - the key-word prefilter: which of the rules' key words
 * occur in a text (as substrings, in any case), so that a rule with key
 * words runs only over text that holds one of them.  rules.c calls
 * rules_keys_build once the rule files are read; rules_scan.c calls
 * rules_keys_present before the rules.  Nothing here knows of MIME, the
 * milter or the directory.
 *
 * One caseless pattern of all key words, anchored, says whether a key word
 * starts at a given place.  The unanchored form of the same pattern cost a
 * quarter of all scanning of ordinary mail: a dozen common letters can start
 * a key word, and each restarted the alternation.  So a place is tried only
 * if its first three bytes can begin a key word, which two bit tables of
 * byte pairs answer: (byte 0, byte 1) and (byte 1, byte 2), filled from
 * every way the first three characters of a key word can be written in any
 * case.  "Any case" is Unicode's caseless closure (ICU's), a superset of
 * what PCRE2's caseless matching accepts for one character, so the tables
 * never skip a place where the pattern matches.  The exhaustive mode of
 * rules_keys_present, which tries every place, is there to test that.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uset.h>
#include <unicode/utf8.h>

#include "rules_impl.h"

#define SPELLINGS_MAX	32	/* ways to write one character, in UTF-8 */

struct lg_keyfilter {
	uint8_t		kf_start[256];		/* byte 0 alone: most fail here */
	uint64_t	kf_first[65536 / 64];	/* (byte 0, byte 1) */
	uint64_t	kf_second[65536 / 64];	/* (byte 1, byte 2) */
};

static void
pair_set(uint64_t *t, unsigned a, unsigned b)
{
	unsigned i = a << 8 | b;

	t[i >> 6] |= (uint64_t)1 << (i & 63);
}

static int
pair_has(const uint64_t *t, unsigned char a, unsigned char b)
{
	unsigned i = (unsigned)a << 8 | b;

	return (int)(t[i >> 6] >> (i & 63) & 1);
}

/* pair_set_any - (a, every byte); a < 0: every pair */
static void
pair_set_any(uint64_t *t, int a)
{
	unsigned b;

	if (a < 0) {
		memset(t, 0xff, 65536 / 8);
		return;
	}
	for (b = 0; b < 256; b++)
		pair_set(t, (unsigned)a, b);
}

struct spellings {
	size_t	n;
	char	enc[SPELLINGS_MAX][U8_MAX_LENGTH];
	uint8_t	len[SPELLINGS_MAX];
};

/*
 * spell - every single character caselessly equal to c, in UTF-8.
 * Returns 0, or -1 when there are more than fit (the caller then marks
 * every pair: slower, never wrong).
 */
static int
spell(UChar32 c, struct spellings *sp)
{
	UErrorCode ec = U_ZERO_ERROR;
	USet *set;
	UChar32 from, to, x;
	UChar str[8];
	int32_t i, n;
	int rc = 0;

	sp->n = 0;
	if ((set = uset_open(c, c)) == NULL)
		return -1;
	uset_closeOver(set, USET_CASE_INSENSITIVE);
	n = uset_getItemCount(set);
	for (i = 0; i < n && rc == 0; i++) {
		ec = U_ZERO_ERROR;
		/* Strings ("ss" for ß) are skipped: PCRE2 folds one
		 * character to one character only. */
		if (uset_getItem(set, i, &from, &to, str, 8, &ec) != 0 ||
		    U_FAILURE(ec))
			continue;
		for (x = from; x <= to; x++) {
			int32_t off = 0;

			if (sp->n == SPELLINGS_MAX) {
				rc = -1;
				break;
			}
			U8_APPEND_UNSAFE(sp->enc[sp->n], off, x);
			sp->len[sp->n++] = (uint8_t)off;
		}
	}
	uset_close(set);
	return sp->n == 0 ? -1 : rc;
}

/*
 * key_mark - the pairs every spelling of the key's first three characters
 * starts with.  Returns 0, or -1 when the key is not valid UTF-8 (the
 * caller marks every pair).
 */
static int
key_mark(struct lg_keyfilter *kf, const char *key)
{
	struct spellings sp[3];
	const uint8_t *k = (const uint8_t *)key;
	int32_t klen = (int32_t)strlen(key), off = 0;
	size_t nch = 0, a, b, c;
	UChar32 ch;

	while (off < klen && nch < 3) {
		U8_NEXT(k, off, klen, ch);
		if (ch < 0 || spell(ch, &sp[nch]) == -1)
			return -1;
		nch++;
	}
	for (; nch < 3; nch++) {		/* short key: one empty spelling */
		sp[nch].n = 1;
		sp[nch].len[0] = 0;
	}
	for (a = 0; a < sp[0].n; a++)
		for (b = 0; b < sp[1].n; b++)
			for (c = 0; c < sp[2].n; c++) {
				uint8_t s[3 * U8_MAX_LENGTH];
				size_t n = 0;

				memcpy(s + n, sp[0].enc[a], sp[0].len[a]);
				n += sp[0].len[a];
				memcpy(s + n, sp[1].enc[b], sp[1].len[b]);
				n += sp[1].len[b];
				memcpy(s + n, sp[2].enc[c], sp[2].len[c]);
				n += sp[2].len[c];
				if (n >= 2)
					pair_set(kf->kf_first, s[0], s[1]);
				else
					pair_set_any(kf->kf_first, s[0]);
				if (n >= 3)
					pair_set(kf->kf_second, s[1], s[2]);
				else
					pair_set_any(kf->kf_second, n == 2 ?
					    s[1] : -1);
			}
	return 0;
}

/*
 * RULES_KEYS_BUILD -- the prefilter of a loaded rule set: one anchored
 *	caseless pattern of every key word, each marked with its number,
 *	(?i)(?:\Qpin\E(*MARK:0)|\Qsalasana\E(*MARK:1)|...), and the pair
 *	tables.  A rule set without key words gets none.
 *	Return value: 0, or -1 after printing the problem to errors.
 */
int
rules_keys_build(struct lg_ruleset *rs, FILE *errors)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE erroff;
	size_t len = 16, i;
	char *pat;
	int errcode;

	if (rs->rs_nkeys == 0)
		return 0;
	for (i = 0; i < rs->rs_nkeys; i++)
		len += strlen(rs->rs_keys[i]) + 24;
	if ((pat = malloc(len)) == NULL ||
	    (rs->rs_keyfilter = calloc(1, sizeof *rs->rs_keyfilter)) == NULL) {
		free(pat);
		fprintf(errors, "key words: out of memory\n");
		return -1;
	}
	strcpy(pat, "(?i)(?:");
	for (i = 0; i < rs->rs_nkeys; i++)
		snprintf(pat + strlen(pat), len - strlen(pat), "%s\\Q%s\\E(*MARK:%zu)",
		    i ? "|" : "", rs->rs_keys[i], i);
	strcat(pat, ")");
	rs->rs_prefilter = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_ANCHORED, &errcode,
	    &erroff, NULL);
	free(pat);
	if (rs->rs_prefilter == NULL) {
		pcre2_get_error_message(errcode, msg, sizeof msg);
		fprintf(errors, "key words: pattern error: %s\n", (char *)msg);
		return -1;
	}
	/* Anchoring is compiled in: PCRE2_ANCHORED given at match time
	 * would send every call to the interpreter instead of the JIT. */
	(void)pcre2_jit_compile(rs->rs_prefilter, PCRE2_JIT_COMPLETE);
	for (i = 0; i < rs->rs_nkeys; i++)
		if (key_mark(rs->rs_keyfilter, rs->rs_keys[i]) == -1) {
			pair_set_any(rs->rs_keyfilter->kf_first, -1);
			pair_set_any(rs->rs_keyfilter->kf_second, -1);
		}
	for (i = 0; i < 256 * 256; i++)
		if (pair_has(rs->rs_keyfilter->kf_first, (unsigned char)(i >> 8),
		    (unsigned char)i))
			rs->rs_keyfilter->kf_start[i >> 8] = 1;
	return 0;
}

void
rules_keys_free(struct lg_ruleset *rs)
{
	pcre2_code_free(rs->rs_prefilter);
	free(rs->rs_keyfilter);
	rs->rs_prefilter = NULL;
	rs->rs_keyfilter = NULL;
}

/*
 * RULES_KEYS_PRESENT -- the key words that start in text[from..len), as
 *	bits; exhaustive tries the pattern at every byte instead of only
 *	where the pair tables allow (for tests: both must agree).
 *	Return value: 0, or -1 on a PCRE2 error.
 */
int
rules_keys_present(const struct lg_ruleset *rs, pcre2_match_data *md,
    pcre2_match_context *mctx, const char *text, size_t len, size_t from,
    bool exhaustive, uint64_t *present)
{
	const struct lg_keyfilter *kf = rs->rs_keyfilter;
	const unsigned char *t = (const unsigned char *)text;
	uint64_t all = rs->rs_nkeys == 64 ? ~(uint64_t)0 :
	    ((uint64_t)1 << rs->rs_nkeys) - 1;
	size_t i, fast_end = len > 2 ? len - 2 : 0;
	int m;

	*present = 0;
	if (rs->rs_prefilter == NULL)
		return 0;
	for (i = from; i < len && *present != all; i++) {
		if (!exhaustive) {
			/* the hot loop: most places fail the first table */
			while (i < fast_end && !(kf->kf_start[t[i]] &&
			    pair_has(kf->kf_first, t[i], t[i + 1]) &&
			    pair_has(kf->kf_second, t[i + 1], t[i + 2])))
				i++;
			/* the last two places are simply tried */
		}
		m = pcre2_match(rs->rs_prefilter, (PCRE2_SPTR)text, len, i, 0,
		    md, mctx);
		if (m == PCRE2_ERROR_NOMATCH)
			continue;
		if (m < 0)
			return -1;
		*present |= (uint64_t)1 << strtoul((const char *)
		    pcre2_get_mark(md), NULL, 10);
	}
	return 0;
}
