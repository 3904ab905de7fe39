/*
 * detect.c - the built-in secret detector.  Over each window of text:
 *
 *   1. a prefilter finds the core strings of the label families ("pass",
 *      "salasan", "kod", ...): the only work done on every byte of every
 *      mail;
 *   2. the word around each find is asked whether it is a label
 *      (detect_label.c: lexicon x stemmer x morphology);
 *   3. a label's candidate values are offered place by place
 *      (detect_place.c), and each is judged by its shape
 *      (detect_shape.c), by what the label's class accepts from that
 *      place, and, for letters only, by the dictionaries (detect_morph.c):
 *      an ordinary word of en/fi/sv is no secret;
 *   4. an accepted value becomes a hit "detect_<lang>_<class>" through
 *      hits_add, unless a rule already reported that value.
 *
 * Rule files (rules.c) stay for admins' own wordings; this file knows
 * nothing of them.  detect_scan_range returns 0, or -1 when the text could
 * not be scanned (out of memory): the caller must treat that as
 * unscannable, never as clean.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "detect_label.h"
#include "detect_place.h"

#define WORD_BACK	48		/* bytes searched back for a word start */
#define CORES_MAX	24		/* prefilter strings of all languages */

struct lg_detector {
	bool			 d_langs[DET_NLANG];
	struct det_limits	 d_lim;
	struct det_morph	*d_morph;
	struct det_labeler	*d_labeler;
	const char		*d_cores[CORES_MAX];	/* prefilter strings */
	size_t			 d_corelen[CORES_MAX];
	int			 d_ncores;
	/* per folded byte pair: PAIR_AT0 if a core starts with it, PAIR_AT1
	 * if a core has it at its second byte */
	unsigned char		 d_pairs[65536];
};

#define PAIR_AT0	1
#define PAIR_AT1	2

/*
 * The prefilter: every byte of every mail passes here, so it is a plain
 * loop over a table of byte pairs, both bytes folded with | 0x20 (lower
 * case for ASCII letters; the few other bytes it confuses only cost a
 * comparison), and only where a pair is in the table are the cores
 * compared.  Every core is at least three bytes long, so a core at i
 * has its first pair at i and its second at i + 1, and one of the two
 * starts at an odd offset: the loop reads the pair at every second byte
 * only (PAIR_AT0: a core may start here; PAIR_AT1: one may start a byte
 * before), half the work of reading every pair.  A caseless PCRE2
 * alternation of the same cores cost a fifth of all scanning time on ham:
 * its start letters (p, c, s, t, k, l, o) are most letters of a text.
 */
static unsigned char lc[256];		/* ASCII lower case, other bytes kept */
static pthread_once_t lc_once = PTHREAD_ONCE_INIT;

static void
lc_init(void)
{
	int i;

	for (i = 0; i < 256; i++)
		lc[i] = i >= 'A' && i <= 'Z' ? (unsigned char)(i + 32) :
		    (unsigned char)i;
}

/* pair - the two bytes at s, folded, as one table index (host order) */
static inline unsigned
pair(const unsigned char *s)
{
	uint16_t w;

	memcpy(&w, s, 2);
	return (unsigned)(w | 0x2020);
}

/* build_prefilter - the cores of the languages and their pair table */
static int
build_prefilter(struct lg_detector *d, char *err, size_t errlen)
{
	const char *const *c;
	int l, i;
	unsigned p;

	pthread_once(&lc_once, lc_init);
	for (l = 0; l < DET_NLANG; l++) {
		if (!d->d_langs[l])
			continue;
		for (c = det_lexicons[l].lx_cores; *c != NULL; c++) {
			for (i = 0; i < d->d_ncores; i++)
				if (strcmp(d->d_cores[i], *c) == 0)
					break;
			if (i < d->d_ncores)
				continue;
			if (d->d_ncores == CORES_MAX || strlen(*c) < 3) {
				snprintf(err, errlen, "detector: too many cores, "
				    "or one under three bytes");
				return -1;
			}
			d->d_cores[d->d_ncores] = *c;
			d->d_corelen[d->d_ncores++] = strlen(*c);
			p = pair((const unsigned char *)*c);
			d->d_pairs[p] |= PAIR_AT0;
			p = pair((const unsigned char *)*c + 1);
			d->d_pairs[p] |= PAIR_AT1;
		}
	}
	return 0;
}

/* core_at - does a core start at t (caseless; "LÖSEN" too)? Its length */
static size_t
core_at(const struct lg_detector *d, const unsigned char *t, size_t left)
{
	int i;
	size_t k;

	for (i = 0; i < d->d_ncores; i++) {
		const unsigned char *c = (const unsigned char *)d->d_cores[i];
		size_t n = d->d_corelen[i];

		if (n > left || lc[t[0]] != c[0])
			continue;
		for (k = 1; k < n; k++) {
			unsigned char b = lc[t[k]];

			if (t[k - 1] == 0xc3 && b >= 0x80 && b <= 0x9e)
				b += 32;	/* Ä Ö Å in UTF-8 */
			if (b != c[k])
				break;
		}
		if (k == n)
			return n;
	}
	return 0;
}

/* prefilter_next - the next core at or after off, before until; or -1 */
static int
prefilter_next(const struct lg_detector *d, const char *text, size_t len,
    size_t off, size_t until, size_t *ms, size_t *me)
{
	const unsigned char *t = (const unsigned char *)text;
	const unsigned char *tab = d->d_pairs;
	size_t i, j, n, last, end = until < len - 1 ? until : len - 1;

	if (len < 3 || off >= end)
		return -1;
	/*
	 * Samples j = off + 1, off + 3, ...: a core at i in [off, end) is
	 * seen at j = i (its first pair) or j = i + 1 (its second), in
	 * order, so the first core found is the leftmost.  A core needs
	 * three bytes, so the second pair of one starting at end - 1 lies
	 * inside the text (end <= len - 1).
	 */
	last = end < len - 2 ? end : len - 2;
	for (j = off + 1; j <= last; j += 2) {
		/* four samples at a time: nearly always none is in the table */
		if (j + 6 <= last && (tab[pair(t + j)] | tab[pair(t + j + 2)] |
		    tab[pair(t + j + 4)] | tab[pair(t + j + 6)]) == 0) {
			j += 6;
			continue;
		}
		if (tab[pair(t + j)] == 0)
			continue;
		for (i = j - 1; i <= j; i++) {
			if (i < off || i >= end ||
			    (tab[pair(t + i)] & PAIR_AT0) == 0)
				continue;
			if ((n = core_at(d, t + i, len - i)) != 0) {
				*ms = i;
				*me = i + n;
				return 0;
			}
		}
	}
	return -1;
}

/* parse_languages - "en fi sv" into flags */
static int
parse_languages(const char *s, bool langs[DET_NLANG], char *err,
    size_t errlen)
{
	char buf[128], *tok, *save;
	int l, any = 0;

	if (strlen(s) >= sizeof buf) {
		snprintf(err, errlen, "detector_languages too long");
		return -1;
	}
	strcpy(buf, s);
	for (tok = strtok_r(buf, " ,\t", &save); tok != NULL;
	    tok = strtok_r(NULL, " ,\t", &save)) {
		if ((l = det_lang_lookup(tok)) == -1) {
			snprintf(err, errlen, "detector_languages: unknown "
			    "language \"%.16s\" (en, fi, sv)", tok);
			return -1;
		}
		langs[l] = true;
		any = 1;
	}
	if (!any) {
		snprintf(err, errlen, "detector_languages: no language");
		return -1;
	}
	return 0;
}

/*
 * DETECT_NEW -- the detector for a configuration: stemmers, dictionaries
 *	and morphology loaded, prefilter compiled.
 *	Return value: the detector, or NULL with the reason in err.
 */
struct lg_detector *
detect_new(const struct lg_detect_config *dc, char *err, size_t errlen)
{
	struct lg_detector *d = calloc(1, sizeof *d);

	if (d == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	d->d_lim.dl_min_digits = dc->dc_min_digits;
	d->d_lim.dl_max_digits = dc->dc_max_digits;
	d->d_lim.dl_min_length = dc->dc_min_length;
	d->d_lim.dl_max_length = dc->dc_max_length;
	if (dc->dc_min_digits > dc->dc_max_digits ||
	    dc->dc_min_length > dc->dc_max_length) {
		snprintf(err, errlen, "detector_min_digits/detector_min_length: "
		    "a minimum is above its maximum");
		goto fail;
	}
	if (parse_languages(dc->dc_languages, d->d_langs, err, errlen) == -1)
		goto fail;
	if ((d->d_morph = det_morph_new(d->d_langs, dc->dc_hunspell_dir,
	    dc->dc_voikko_path, err, errlen)) == NULL)
		goto fail;
	if ((d->d_labeler = det_labeler_new(d->d_morph, d->d_langs)) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (build_prefilter(d, err, errlen) == -1)
		goto fail;
	return d;
fail:
	detect_free(d);
	return NULL;
}

void
detect_free(struct lg_detector *d)
{
	if (d == NULL)
		return;
	det_labeler_free(d->d_labeler);
	det_morph_free(d->d_morph);
	free(d);
}

/* word_char - part of a word: letters, digits, '-' inside, UTF-8 */
static bool
word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (unsigned char)c >= 0x80 || c == '-';
}

/*
 * in_link - is the word part of a URL, a path, an address or an
 * identifier ("lost_password?token=", "/password/reset/", "pin@")?  Such a
 * word labels nothing.
 */
static bool
in_link(const char *text, size_t len, size_t ws, size_t we)
{
	size_t s = ws, e = we, i;

	while (s > 0 && s > ws - 64 && text[s - 1] != ' ' &&
	    text[s - 1] != '\n' && text[s - 1] != '\t')
		s--;
	while (e < len && e < we + 64 && text[e] != ' ' && text[e] != '\n' &&
	    text[e] != '\t')
		e++;
	for (i = s; i < e; i++)
		if (text[i] == '/' || text[i] == '_' || text[i] == '=' ||
		    text[i] == '@' || text[i] == '\\' || text[i] == '?')
			return true;
	return false;
}

/* Which shapes each class of label accepts, by place. */
static bool
class_accepts(enum det_class c, enum det_shape s)
{
	switch (c) {
	case DET_PASSWORD:
		return s != DET_SH_NONE;
	case DET_PIN:
		return s == DET_SH_DIGITS || s == DET_SH_YEAR;
	case DET_CODE:
		return s == DET_SH_DIGITS || s == DET_SH_YEAR ||
		    s == DET_SH_ALNUM || s == DET_SH_GROUPED ||
		    s == DET_SH_LETTERS;
	default:
		return false;
	}
}

struct offer_ctx {
	const struct lg_detector	*oc_d;
	const struct det_label		*oc_lb;
	const char			*oc_text;
	size_t				 oc_len;
	struct det_value		 oc_value;
	enum det_place			 oc_place;
};

/* is_word - letters that are a word, or two words run together */
static bool
is_word(struct det_morph *m, const char *v, size_t len, bool alone)
{
	char w[DET_WORD_MAX], a[DET_WORD_MAX];
	size_t i;

	bool lower = true;
	int r;

	if (len >= sizeof w)
		return false;
	memcpy(w, v, len);
	w[len] = '\0';
	for (i = 0; i < len; i++)
		if (v[i] >= 'A' && v[i] <= 'Z')
			lower = false;
	/* A lower-case run alone on its line or in quotes that Finnish reads
	 * only as a compound of several words is more likely generated
	 * ("lokasivu") than written ("tervetuloa" in a sentence is a word). */
	if ((r = det_morph_is_word(m, w)) == 1 || (r == 2 && (!lower || !alone)))
		return true;
	if (!lower && det_lower_word(v, len, a, sizeof a) &&
	    det_morph_is_word(m, a) == 1)
		return true;
	if (lower)
		memcpy(a, w, len + 1);
	else if (!det_lower_word(v, len, a, sizeof a))
		return false;
	/* "yourpassword", "newpassword": two English words run together
	 * (hunspell's sv_SE and voikko know their own compounds) */
	for (i = 3; i + 3 <= len; i++) {
		if ((unsigned char)a[i] >= 0x80)
			continue;
		memcpy(w, a, i);
		w[i] = '\0';
		if (det_morph_is_en_word(m, w) && det_morph_is_en_word(m, a + i))
			return true;
	}
	return false;
}

/*
 * is_label_form - is the value a form of one of its language's label heads
 * ("salasanasi", "lösenordet")?  Such a word is the next label, a heading
 * or a table's header repeated, never the secret.
 */
static bool
is_label_form(struct det_morph *m, enum det_lang l, const char *v, size_t n)
{
	char w[DET_WORD_MAX], lemmas[DET_LEMMAS_MAX][DET_WORD_MAX];
	const struct det_head *h;
	int i, k;

	if (!det_lower_word(v, n, w, sizeof w))
		return false;
	k = det_morph_lemmas(m, l, w, lemmas, DET_LEMMAS_MAX);
	for (i = -1; i < k; i++)
		for (h = det_lexicons[l].lx_heads; h->dh_lemma != NULL; h++)
			if (strcmp(i < 0 ? w : lemmas[i], h->dh_lemma) == 0)
				return true;
	return false;
}

/* case_of - letters in upper case only, lower case only, or mixed */
static void
case_of(const char *v, size_t len, bool *upper, bool *lower)
{
	size_t i;

	*upper = *lower = false;
	for (i = 0; i < len; i++) {
		if (v[i] >= 'A' && v[i] <= 'Z')
			*upper = true;
		else if ((v[i] >= 'a' && v[i] <= 'z') ||
		    (unsigned char)v[i] >= 0x80)
			*lower = true;
	}
}

/*
 * clause_goes_on - a strong label, its value right after it, then a word
 * that carries the sentence on ("copy the one-time password 583920 and
 * paste it", "Använd engångslösenordet 271946 för att"): digits there are
 * the value, not a count of something ("1000 lines", where a noun
 * follows).
 */
static bool
clause_goes_on(const char *text, size_t len, const struct det_label *lb,
    enum det_place pl, const struct det_value *v)
{
	char w[16];
	size_t e;

	if (lb->lb_weak || pl != DET_PL_ADJACENT || !v->dv_word_after)
		return false;
	for (e = v->dv_word_at; e < len && e - v->dv_word_at < sizeof w &&
	    (((text[e] | 0x20) >= 'a' && (text[e] | 0x20) <= 'z') ||
	    (unsigned char)text[e] >= 0x80); e++)
		;
	return det_lower_word(text + v->dv_word_at, e - v->dv_word_at, w,
	    sizeof w) && det_word_in(w, det_lexicons[lb->lb_lang].lx_clause_words);
}

/*
 * judge - is this candidate the label's value?  The class decides which
 * shapes count; looser places and weak labels ask for stronger shapes.
 */
static int
judge(void *arg, enum det_place pl, const struct det_value *v)
{
	struct offer_ctx *oc = arg;
	const struct det_label *lb = oc->oc_lb;
	const char *s = oc->oc_text + v->dv_start;
	size_t n = v->dv_end - v->dv_start;
	enum det_shape sh = det_shape_of(s, n, v->dv_quoted, &oc->oc_d->d_lim);
	bool direct = pl == DET_PL_DIRECT, up, low;
	/* "(Code R7KD2Q)": label and value alone between brackets, given
	 * as surely as after a colon */
	bool bracketed = pl == DET_PL_ADJACENT && lb->lb_start > 0 &&
	    oc->oc_text[lb->lb_start - 1] == '(' && v->dv_end < oc->oc_len &&
	    oc->oc_text[v->dv_end] == ')';

	if (!class_accepts(lb->lb_class, sh))
		return 0;
	if (sh == DET_SH_YEAR && (!direct || lb->lb_weak ||
	    lb->lb_class == DET_CODE))
		return 0;
	if ((sh == DET_SH_DIGITS || sh == DET_SH_YEAR) && (v->dv_unit_after ||
	    ((lb->lb_weak || !direct) && pl != DET_PL_BEFORE &&
	    v->dv_word_after && !v->dv_lone && !bracketed &&
	    !clause_goes_on(oc->oc_text, oc->oc_len, lb, pl, v))))
		return 0;		/* "1000 lines", "50 €" */
	if (lb->lb_weak && sh != DET_SH_DIGITS && sh != DET_SH_ALNUM &&
	    sh != DET_SH_GROUPED)
		return 0;
	if (lb->lb_weak && pl == DET_PL_GAP && !v->dv_after_colon)
		return 0;		/* "the following code in the app: X" */
	if (pl == DET_PL_ADJACENT && !v->dv_quoted && (sh == DET_SH_LETTERS ||
	    sh == DET_SH_PASSPHRASE || (lb->lb_weak && !bracketed)))
		return 0;		/* "password manager", "code review" */
	if (v->dv_after_field && (sh == DET_SH_LETTERS ||
	    sh == DET_SH_PASSPHRASE))
		return 0;		/* "... for user account: ecollins" */
	if (sh == DET_SH_LETTERS) {
		bool alone = v->dv_lone || v->dv_quoted;

		if (is_label_form(oc->oc_d->d_morph, lb->lb_lang, s, n))
			return 0;	/* "salasanasi" under "salasanasi" */

		case_of(s, n, &up, &low);
		if (lb->lb_class == DET_CODE && low)
			return 0;	/* letter codes are capitals */
		if (!direct && up && low)
			return 0;	/* a Name on a line of its own */
		if (n < oc->oc_d->d_lim.dl_min_length)
			return 0;
		if (is_word(oc->oc_d->d_morph, s, n, alone))
			return 0;
	}
	oc->oc_value = *v;
	oc->oc_place = pl;
	return 1;
}

/* add_hit - the accepted value as a hit named by language and class */
static int
add_hit(const struct det_label *lb, const struct offer_ctx *oc,
    const char *text, size_t base, const char *source, struct lg_hits *hits)
{
	struct lg_hit_span sp;
	char name[LG_HIT_NAME_MAX];

	if (hits_has_value(hits, source, base + oc->oc_value.dv_start))
		return 0;
	sp.hs_vstart = oc->oc_value.dv_start;
	sp.hs_vend = oc->oc_value.dv_end;
	sp.hs_mstart = lb->lb_start < sp.hs_vstart ? lb->lb_start : sp.hs_vstart;
	sp.hs_mend = lb->lb_end > sp.hs_vend ? lb->lb_end : sp.hs_vend;
	snprintf(name, sizeof name, "detect_%s_%s",
	    det_lexicons[lb->lb_lang].lx_name, det_class_name(lb->lb_class));
	return hits_add(hits, name, LG_KIND_SECRET, true, source, base, text,
	    &sp);
}

/*
 * DETECT_SCAN_RANGE -- find secrets in one window of a text: labels that
 *	start in [from, until) count; text before from is context, text
 *	after until is read for their values.  Parameters as
 *	rules_scan_range.
 *	Return value: 0, or -1 when the window could not be scanned.
 */
int
detect_scan_range(const struct lg_detector *d, const char *text, size_t len,
    size_t from, size_t until, size_t base, const char *source,
    struct lg_hits *hits)
{
	size_t off = from, ms, me, ws, we, done = 0;
	int m;

	if (d == NULL)
		return 0;
	while (off < len) {
		struct det_label lb;
		struct offer_ctx oc;

		/* A label belongs to the window its word starts in: cores are
		 * looked for a word's length past until, and words that start
		 * before from were the previous window's. */
		if (prefilter_next(d, text, len, off, until + DET_WORD_MAX < len ?
		    until + DET_WORD_MAX : len, &ms, &me) == -1)
			return 0;
		for (ws = ms; ws > 0 && ms - ws < WORD_BACK &&
		    word_char(text[ws - 1]); ws--)
			;
		for (we = me; we < len && we - ws < DET_WORD_MAX &&
		    word_char(text[we]); we++)
			;
		off = we > me ? we : me;
		while (we > ws && text[we - 1] == '-')
			we--;
		if (ws >= until)
			return 0;
		if (ws < done || ws < from || we - ws >= DET_WORD_MAX)
			continue;
		done = we;
		if (in_link(text, len, ws, we) ||
		    !det_label_word(d->d_labeler, text, len, ws, we, &lb))
			continue;
		memset(&oc, 0, sizeof oc);
		oc.oc_d = d;
		oc.oc_lb = &lb;
		oc.oc_text = text;
		oc.oc_len = len;
		m = det_place_values(text, len, &lb, judge, &oc);
		if (m == -1)
			return -1;
		if (m == 1 && add_hit(&lb, &oc, text, base, source, hits) == -1)
			return -1;
	}
	return 0;
}

/*
 * DETECT_MASK -- a copy of a short text (a Subject) with every value the
 *	detector finds in it reading "****".
 *	Return value: a malloc'd string, or NULL (out of memory, scan error):
 *	callers must then show nothing rather than the unmasked text.
 */
char *
detect_mask(const struct lg_detector *d, const char *text, size_t len)
{
	struct lg_hits *h = malloc(sizeof *h);
	char *out = NULL, *mask = NULL;
	size_t i, o = 0;

	if (h == NULL)
		return NULL;
	hits_init(h);
	if (detect_scan_range(d, text, len, 0, len, 0, "mask", h) == -1 ||
	    h->dropped > 0)
		goto out;
	if ((out = malloc(len + 4 * h->count + 1)) == NULL ||
	    (mask = calloc(len + 1, 1)) == NULL) {
		free(out);
		out = NULL;
		goto out;
	}
	for (i = 0; i < h->count; i++)
		memset(mask + h->hits[i].hit_offset, 1, h->hits[i].hit_length);
	for (i = 0; i < len; i++) {
		if (!mask[i])
			out[o++] = text[i];
		else if (i == 0 || !mask[i - 1]) {
			memcpy(out + o, "****", 4);
			o += 4;
		}
	}
	out[o] = '\0';
out:
	free(mask);
	hits_clear(h);
	free(h);
	return out;
}
