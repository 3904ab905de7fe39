/*
 * detect_label.c - label recognition for the built-in detector.  A word is
 * a label when one of its forms (as written, its Snowball stem, its
 * dictionary forms from voikko or hunspell) is a head of the language's
 * lexicon (detect_lex.c), either itself ("salasanasi" -> "salasana") or as
 * the last part of a compound ("kertakäyttösalasana", "engångskoden",
 * "pin-code").  A head that labels only when qualified ("code", "koodi",
 * "kod") needs a qualifier as its compound modifier or as the word before
 * it ("verification code", "henkilökohtainen koodi"); bare, it is a weak
 * label after a determiner ("your code", "Din kod"), at the start of a line
 * ("Code: ...") or with a Finnish possessive suffix ("koodisi").
 *
 * The morphology is asked only for words that hold one of the language's
 * core strings (the caller's prefilter found one), and only when the cheap
 * forms did not decide.  Where the value is, is detect_place.c's; the
 * functions return 1 (a label) or 0.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect_label.h"

#define HEADS_MAX	16
#define QUALS_MAX	48
#define CACHE_SIZE	32	/* words remembered per thread */

struct det_labeler {
	unsigned long		 lr_serial;	/* unique per labeler made */
	struct det_morph	*lr_morph;
	bool			 lr_langs[DET_NLANG];
	/* Snowball stems of the heads and qualifiers, made once */
	char	 lr_head_stem[DET_NLANG][HEADS_MAX][DET_WORD_MAX];
	char	 lr_qual_stem[DET_NLANG][QUALS_MAX][DET_WORD_MAX];
};

/*
 * DET_LOWER_WORD -- s[0..len) in lower case (ASCII and the Latin-1 letters
 *	of UTF-8: Ä Ö Å É ...), into out.  Return value: 1, or 0 if too long.
 */
int
det_lower_word(const char *s, size_t len, char *out, size_t outlen)
{
	size_t i;

	if (len >= outlen)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c += 32;
		else if (i > 0 && (unsigned char)s[i - 1] == 0xc3 && c >= 0x80 &&
		    c <= 0x9e && c != 0x97)
			c += 32;
		out[i] = (char)c;
	}
	out[len] = '\0';
	return 1;
}

/* DET_WORD_IN -- is word one of list (NULL-terminated)? */
int
det_word_in(const char *word, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(word, *list) == 0)
			return 1;
	return 0;
}

/* Serial numbers of labelers: a reload frees one and makes the next,
 * maybe at the same address (see try_forms). */
static atomic_ulong labeler_serials;

struct det_labeler *
det_labeler_new(struct det_morph *m, const bool langs[DET_NLANG])
{
	struct det_labeler *lr = calloc(1, sizeof *lr);
	int l, i;

	if (lr == NULL)
		return NULL;
	lr->lr_serial = atomic_fetch_add(&labeler_serials, 1) + 1;
	lr->lr_morph = m;
	for (l = 0; l < DET_NLANG; l++) {
		const struct det_lexicon *lx = &det_lexicons[l];

		lr->lr_langs[l] = langs[l];
		if (!langs[l])
			continue;
		for (i = 0; i < HEADS_MAX && lx->lx_heads[i].dh_lemma; i++)
			if (!det_morph_stem(m, l, lx->lx_heads[i].dh_lemma,
			    lr->lr_head_stem[l][i], DET_WORD_MAX))
				strcpy(lr->lr_head_stem[l][i], "");
		for (i = 0; i < QUALS_MAX && lx->lx_qualifiers[i]; i++)
			if (!det_morph_stem(m, l, lx->lx_qualifiers[i],
			    lr->lr_qual_stem[l][i], DET_WORD_MAX))
				strcpy(lr->lr_qual_stem[l][i], "");
	}
	return lr;
}

void
det_labeler_free(struct det_labeler *lr)
{
	free(lr);
}

/* ends_with - does s end with t?  Sets *plen to the length before t. */
static bool
ends_with(const char *s, const char *t, size_t *plen)
{
	size_t n = strlen(s), k = strlen(t);

	if (k == 0 || k > n || strcmp(s + n - k, t) != 0)
		return false;
	*plen = n - k;
	return true;
}

/* is_qualifier - is this word (or compound modifier) a qualifier? */
static bool
is_qualifier(const struct det_labeler *lr, enum det_lang l, const char *w,
    bool modifier)
{
	const struct det_lexicon *lx = &det_lexicons[l];
	size_t n = strlen(w), k, i;
	char stem[DET_WORD_MAX];

	if (n > 0 && w[n - 1] == '-')
		n--;
	for (i = 0; i < QUALS_MAX && lx->lx_qualifiers[i] != NULL; i++) {
		const char *q = lx->lx_qualifiers[i];

		k = strlen(q);
		/* "sisäänkirjautumis" ends with "kirjautumis" */
		if (k <= n && strncmp(w + n - k, q, k) == 0 &&
		    (modifier || k == n))
			return true;
	}
	if (modifier || !det_morph_stem(lr->lr_morph, l, w, stem, sizeof stem))
		return false;
	for (i = 0; i < QUALS_MAX && lx->lx_qualifiers[i] != NULL; i++)
		if (lr->lr_qual_stem[l][i][0] != '\0' &&
		    strcmp(stem, lr->lr_qual_stem[l][i]) == 0)
			return true;
	return false;
}

enum match { M_NONE, M_BARE, M_QUALIFIED };

/*
 * match_form - does one form of a word name a head, bare or qualified?
 * A short head ("pin", "kod") only as itself or the end of a compound:
 * stemming "pinned" to "pin" is not evidence.  A word or a dictionary form
 * compares with the heads' lemmas, a Snowball stem with their stems too
 * (Snowball stems "tunnussana" to "tunnus", a word of its own).
 */
static enum match
match_form(const struct det_labeler *lr, enum det_lang l, const char *f,
    bool stemmed, int *head, enum det_class *cls)
{
	const struct det_lexicon *lx = &det_lexicons[l];
	char mod[DET_WORD_MAX];
	size_t plen;
	int i;

	for (i = 0; i < HEADS_MAX && lx->lx_heads[i].dh_lemma; i++) {
		const struct det_head *h = &lx->lx_heads[i];
		const char *hs = lr->lr_head_stem[l][i];
		size_t hl = strlen(h->dh_lemma);

		if (strcmp(f, h->dh_lemma) == 0 ||
		    (stemmed && hl > 3 && *hs && strcmp(f, hs) == 0)) {
			if ((stemmed && hl <= 3) || (h->dh_strength != DET_STRONG &&
			    !h->dh_bare_ok))
				continue;
			*head = i;
			*cls = h->dh_class;
			return h->dh_strength == DET_STRONG ? M_QUALIFIED : M_BARE;
		}
		if (!ends_with(f, h->dh_lemma, &plen) &&
		    !(stemmed && hl > 3 && *hs && ends_with(f, hs, &plen)))
			continue;
		if (plen < 2 || plen >= sizeof mod)
			continue;
		memcpy(mod, f, plen);
		mod[plen] = '\0';
		if (h->dh_strength == DET_STRONG && (mod[plen - 1] != '-' ||
		    is_qualifier(lr, l, mod, true) || strchr(mod, '-') ==
		    mod + plen - 1)) {
			/* "kertakäyttösalasana", "one-time-password", but not
			 * "sv-redmine-lost-password" */
			/* any compound of a strong head, but not "xpassword" junk:
			 * the modifier must be a word part, and long enough */
			if (plen < 3 && mod[plen - 1] != '-')
				continue;
			*head = i;
			*cls = h->dh_class;
			return M_QUALIFIED;
		}
		if (is_qualifier(lr, l, mod, true)) {
			*head = i;
			*cls = h->dh_class;
			if (strncmp(mod, "pin", 3) == 0)
				*cls = DET_PIN;
			return M_QUALIFIED;
		}
	}
	return M_NONE;
}

/* has_core - does the word hold one of the language's core strings? */
static bool
has_core(enum det_lang l, const char *w)
{
	const char *const *c;

	for (c = det_lexicons[l].lx_cores; *c != NULL; c++)
		if (strstr(w, *c) != NULL)
			return true;
	return false;
}

/* word_before - the word that ends before p on the same line, or 0 */
static int
word_before(const char *text, size_t p, size_t *ws, size_t *we)
{
	size_t e = p, s;

	while (e > 0 && (text[e - 1] == ' ' || text[e - 1] == '\t'))
		e--;
	s = e;
	while (s > 0 && text[s - 1] != ' ' && text[s - 1] != '\t' &&
	    text[s - 1] != '\n' && e - s < DET_WORD_MAX)
		s--;
	if (s == e || e - s >= DET_WORD_MAX)
		return 0;
	*ws = s;
	*we = e;
	return 1;
}

/* line_start - only blanks, bullets or emphasis before p on its line */
static bool
line_start(const char *text, size_t p)
{
	while (p > 0 && text[p - 1] != '\n') {
		char c = text[p - 1];

		if (c != ' ' && c != '\t' && c != '*' && c != '-' && c != '_' &&
		    c != '>' && c != '#' && c != '"' && c != '(')
			return false;
		p--;
	}
	return true;
}

/*
 * bracket_opens_sentence - p follows an opening bracket that begins a
 * sentence inside its line ("... ignore it. (Code R7KD2Q)"), as a line
 * start does.  Without the bracket a bare "Code:" after a full stop is too
 * often a promotion's ("... Developer Symposium. Code: EX8664").
 */
static bool
bracket_opens_sentence(const char *text, size_t p)
{
	if (p < 3 || text[p - 1] != '(')
		return false;
	p--;
	if (text[p - 1] != ' ' && text[p - 1] != '\t')
		return false;
	while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t'))
		p--;
	return p > 0 && (text[p - 1] == '.' || text[p - 1] == '!' ||
	    text[p - 1] == '?');
}

/* bare_head - a bare qualified head: qualified by the word before, weak, or no label */
static int
bare_head(struct det_labeler *lr, enum det_lang l, const char *text,
    size_t ws, const char *w, struct det_label *out)
{
	const struct det_lexicon *lx = &det_lexicons[l];
	char prev[DET_WORD_MAX], lemmas[DET_LEMMAS_MAX][DET_WORD_MAX];
	size_t ps, pe, n;
	int i, k;

	if (word_before(text, ws, &ps, &pe) &&
	    det_lower_word(text + ps, pe - ps, prev, sizeof prev)) {
		if (is_qualifier(lr, l, prev, false)) {
			out->lb_start = ps;
			if (strcmp(prev, "pin") == 0)
				out->lb_class = DET_PIN;
			return 1;
		}
		if (l == DET_FI) {
			k = det_morph_lemmas(lr->lr_morph, l, prev, lemmas,
			    DET_LEMMAS_MAX);
			for (i = 0; i < k; i++)
				if (is_qualifier(lr, l, lemmas[i], false)) {
					out->lb_start = ps;
					return 1;
				}
		}
		if (det_word_in(prev, lx->lx_determiners)) {
			out->lb_weak = true;
			return 1;
		}
	}
	if (line_start(text, ws) || bracket_opens_sentence(text, ws)) {
		out->lb_weak = true;
		return 1;
	}
	/* Finnish possessive suffix: "koodisi", "koodinne" */
	n = strlen(w);
	if (l == DET_FI && n > 2 && (strcmp(w + n - 2, "si") == 0 ||
	    (n > 3 && strcmp(w + n - 3, "nne") == 0))) {
		out->lb_weak = true;
		return 1;
	}
	return 0;
}

/*
 * A word's analysis depends on the word alone, and mail repeats its words
 * ("code", "PIN-koodi" down a table): each thread remembers the last
 * CACHE_SIZE, so morphology is asked once per word, not per occurrence.
 * An entry belongs to one labeler, named by its serial number, not its
 * address: after a reload (new dictionaries) a new labeler may sit where
 * the freed one was, and must not inherit its answers.
 */
struct cached {
	unsigned long	 c_serial;	/* the labeler's; 0: empty */
	char		 c_word[DET_WORD_MAX];
	enum det_lang	 c_lang;
	enum match	 c_match;
	enum det_class	 c_class;
};
static _Thread_local struct cached cache[CACHE_SIZE];
static _Thread_local unsigned cache_next;

static enum match try_forms_uncached(struct det_labeler *, enum det_lang,
    const char *, enum det_class *);

/* try_forms - try_forms_uncached, remembered */
static enum match
try_forms(struct det_labeler *lr, enum det_lang l, const char *w,
    enum det_class *cls)
{
	struct cached *c;
	unsigned i;

	for (i = 0; i < CACHE_SIZE; i++) {
		c = &cache[i];
		if (c->c_serial == lr->lr_serial && c->c_lang == l &&
		    strcmp(c->c_word, w) == 0) {
			*cls = c->c_class;
			return c->c_match;
		}
	}
	c = &cache[cache_next++ % CACHE_SIZE];
	c->c_match = try_forms_uncached(lr, l, w, &c->c_class);
	c->c_serial = lr->lr_serial;
	c->c_lang = l;
	snprintf(c->c_word, sizeof c->c_word, "%s", w);
	*cls = c->c_class;
	return c->c_match;
}

/* try_forms_uncached - the word's forms, cheap ones first, against one language */
static enum match
try_forms_uncached(struct det_labeler *lr, enum det_lang l, const char *w,
    enum det_class *cls)
{
	char stem[DET_WORD_MAX], lemmas[DET_LEMMAS_MAX][DET_WORD_MAX];
	enum match m;
	int head, i, k;

	/* Finnish: voikko's base forms first (Snowball mixes "tunnus" and
	 * "tunnussana"); English and Swedish: the word, then its stem. */
	if (l == DET_FI) {
		k = det_morph_lemmas(lr->lr_morph, l, w, lemmas, DET_LEMMAS_MAX);
		for (i = 0; i < k; i++)
			if ((m = match_form(lr, l, lemmas[i], false, &head,
			    cls)) != M_NONE)
				return m;
		if (k > 0)
			return M_NONE;
	}
	if ((m = match_form(lr, l, w, false, &head, cls)) != M_NONE)
		return m;
	if (det_morph_stem(lr->lr_morph, l, w, stem, sizeof stem) &&
	    strcmp(stem, w) != 0 &&
	    (m = match_form(lr, l, stem, true, &head, cls)) != M_NONE)
		return m;
	if (l == DET_SV) {
		k = det_morph_lemmas(lr->lr_morph, l, w, lemmas, DET_LEMMAS_MAX);
		for (i = 0; i < k; i++)
			if ((m = match_form(lr, l, lemmas[i], false, &head,
			    cls)) != M_NONE)
				return m;
	}
	return M_NONE;
}

/*
 * DET_LABEL_WORD -- is text[ws..we) a label?
 *	Return value: 1 with out filled in, 0 when it is not.
 */
int
det_label_word(struct det_labeler *lr, const char *text, size_t len,
    size_t ws, size_t we, struct det_label *out)
{
	char w[DET_WORD_MAX];
	enum det_class cls;
	enum match m;
	int l;

	(void)len;
	if (!det_lower_word(text + ws, we - ws, w, sizeof w))
		return 0;
	for (l = 0; l < DET_NLANG; l++) {
		if (!lr->lr_langs[l] || !has_core(l, w))
			continue;
		if ((m = try_forms(lr, l, w, &cls)) == M_NONE)
			continue;
		memset(out, 0, sizeof *out);
		out->lb_lang = l;
		out->lb_class = cls;
		out->lb_start = ws;
		out->lb_end = we;
		if (m == M_QUALIFIED || bare_head(lr, l, text, ws, w, out))
			return 1;
	}
	return 0;
}
