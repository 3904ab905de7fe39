/*
 * detect_morph.c - the language tools behind the built-in detector, each a
 * well-kept library rather than word lists of our own:
 *
 *  - libstemmer's Snowball stemmers reduce an inflected word to its stem
 *    ("passwords" -> "password", "koden" -> "kod");
 *  - hunspell's en_US and sv_SE dictionaries give a word's dictionary
 *    forms ("lösenordet" -> "lösenord", "engångskoden" -> "engångskod")
 *    and say whether a string is a word at all;
 *  - libvoikko's Finnish morphology gives base forms of inflected
 *    compounds ("sisäänkirjautumiskoodisi" -> "sisäänkirjautumiskoodi",
 *    "tunnusluvun" -> "tunnusluku") and spells Finnish.
 *
 * None of these is safe to share between threads, and libmilter runs one
 * thread per connection: one mutex serialises them.  They are asked only
 * about words next to a label candidate and about candidate values, never
 * about every word of a mail, so the lock is rarely held.  Loading reads
 * the dictionaries (detect_new, at start and for -t); errors name the file.
 * Deciding what a word means is detect_label.c's.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hunspell/hunspell.h>
#include <libstemmer.h>
#include <libvoikko/voikko.h>

#include "detect_morph.h"

/* hunspell dictionary per language (NULL: none; Finnish is voikko's) */
static const char *const hunspell_names[DET_NLANG] = {
	[DET_EN] = "en_US", [DET_SV] = "sv_SE",
};

struct det_morph {
	pthread_mutex_t		 m_lock;
	struct sb_stemmer	*m_stem[DET_NLANG];
	Hunhandle		*m_hun[DET_NLANG];
	struct VoikkoHandle	*m_voikko;
};

/* file_readable - can the dictionary file be opened? */
static int
file_readable(const char *path)
{
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return 0;
	fclose(f);
	return 1;
}

/* morph_load - det_morph_new's work */
static struct det_morph *
morph_load(const bool langs[DET_NLANG], const char *hunspell_dir,
    const char *voikko_path, char *err, size_t errlen)
{
	struct det_morph *m = calloc(1, sizeof *m);
	char aff[512], dic[512];
	const char *verr = NULL;
	int l;

	if (m == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	pthread_mutex_init(&m->m_lock, NULL);
	for (l = 0; l < DET_NLANG; l++) {
		if (!langs[l])
			continue;
		m->m_stem[l] = sb_stemmer_new(det_lexicons[l].lx_stemmer, "UTF_8");
		if (m->m_stem[l] == NULL) {
			snprintf(err, errlen, "detector_languages: no Snowball "
			    "stemmer \"%s\" in libstemmer",
			    det_lexicons[l].lx_stemmer);
			goto fail;
		}
		if (hunspell_names[l] != NULL) {
			snprintf(aff, sizeof aff, "%s/%s.aff", hunspell_dir,
			    hunspell_names[l]);
			snprintf(dic, sizeof dic, "%s/%s.dic", hunspell_dir,
			    hunspell_names[l]);
			if (!file_readable(aff) || !file_readable(dic)) {
				snprintf(err, errlen, "hunspell_dir: dictionary "
				    "%s (or its .aff) cannot be read", dic);
				goto fail;
			}
			if ((m->m_hun[l] = Hunspell_create(aff, dic)) == NULL) {
				snprintf(err, errlen, "hunspell_dir: hunspell "
				    "cannot load %s", dic);
				goto fail;
			}
		}
	}
	if (langs[DET_FI]) {
		m->m_voikko = voikkoInit(&verr, "fi",
		    voikko_path != NULL && *voikko_path != '\0' ? voikko_path : NULL);
		if (m->m_voikko == NULL) {
			snprintf(err, errlen, "voikko_dir: no Finnish morphology%s%s: %s",
			    voikko_path && *voikko_path ? " under " : "",
			    voikko_path ? voikko_path : "", verr ? verr : "?");
			goto fail;
		}
	}
	return m;
fail:
	det_morph_free(m);
	return NULL;
}

struct load_args {
	const bool		*la_langs;
	const char		*la_hunspell_dir, *la_voikko_path;
	char			*la_err;
	size_t			 la_errlen;
	struct det_morph	*la_out;
};

static void *
load_thread(void *p)
{
	struct load_args *la = p;

	la->la_out = morph_load(la->la_langs, la->la_hunspell_dir,
	    la->la_voikko_path, la->la_err, la->la_errlen);
	return NULL;
}

/*
 * DET_MORPH_NEW -- load the tools for the given languages.
 *	The dictionaries are loaded by a thread of their own: their hundreds
 *	of thousands of small allocations then live in that thread's malloc
 *	arena, not in the one the caller goes on to scan mail with (where they
 *	made every later allocation slower).
 *	Return value: the handle, or NULL with the reason in err (a missing
 *	dictionary names its file).
 */
struct det_morph *
det_morph_new(const bool langs[DET_NLANG], const char *hunspell_dir,
    const char *voikko_path, char *err, size_t errlen)
{
	struct load_args la = { langs, hunspell_dir, voikko_path, err, errlen,
		NULL };
	pthread_t t;

	if (pthread_create(&t, NULL, load_thread, &la) != 0)
		return morph_load(langs, hunspell_dir, voikko_path, err, errlen);
	pthread_join(t, NULL);
	return la.la_out;
}

void
det_morph_free(struct det_morph *m)
{
	int l;

	if (m == NULL)
		return;
	for (l = 0; l < DET_NLANG; l++) {
		if (m->m_stem[l] != NULL)
			sb_stemmer_delete(m->m_stem[l]);
		if (m->m_hun[l] != NULL)
			Hunspell_destroy(m->m_hun[l]);
	}
	if (m->m_voikko != NULL)
		voikkoTerminate(m->m_voikko);
	pthread_mutex_destroy(&m->m_lock);
	free(m);
}

/*
 * DET_MORPH_STEM -- the Snowball stem of a lower-case word.
 *	Return value: 1 with the stem in out, 0 when the language is not
 *	loaded or the stem does not fit.
 */
int
det_morph_stem(struct det_morph *m, enum det_lang l, const char *word,
    char *out, size_t outlen)
{
	const sb_symbol *s;
	int ok = 0;

	if (m->m_stem[l] == NULL)
		return 0;
	pthread_mutex_lock(&m->m_lock);
	s = sb_stemmer_stem(m->m_stem[l], (const sb_symbol *)word,
	    (int)strlen(word));
	if (s != NULL && (size_t)sb_stemmer_length(m->m_stem[l]) < outlen) {
		memcpy(out, s, (size_t)sb_stemmer_length(m->m_stem[l]));
		out[sb_stemmer_length(m->m_stem[l])] = '\0';
		ok = 1;
	}
	pthread_mutex_unlock(&m->m_lock);
	return ok;
}

/* add_lemma - keep a lemma once, lower-cased ASCII; returns the new count */
static int
add_lemma(char out[][DET_WORD_MAX], int n, int max, const char *s)
{
	char buf[DET_WORD_MAX];
	size_t i;
	int j;

	if (n >= max || strlen(s) >= DET_WORD_MAX)
		return n;
	for (i = 0; s[i]; i++)
		buf[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
	buf[i] = '\0';
	for (j = 0; j < n; j++)
		if (strcmp(out[j], buf) == 0)
			return n;
	memcpy(out[n], buf, i + 1);
	return n + 1;
}

/*
 * DET_MORPH_LEMMAS -- the dictionary forms a word may be an inflection
 *	of: voikko's base forms for Finnish, hunspell's stems for English
 *	and Swedish.
 *	Return value: how many were written into out (0: the word is unknown).
 */
int
det_morph_lemmas(struct det_morph *m, enum det_lang l, const char *word,
    char out[][DET_WORD_MAX], int max)
{
	int n = 0, i, k;

	pthread_mutex_lock(&m->m_lock);
	if (l == DET_FI && m->m_voikko != NULL) {
		struct voikko_mor_analysis **a =
		    voikkoAnalyzeWordCstr(m->m_voikko, word);

		for (i = 0; a != NULL && a[i] != NULL; i++) {
			char *b = voikko_mor_analysis_value_cstr(a[i], "BASEFORM");

			if (b != NULL) {
				n = add_lemma(out, n, max, b);
				voikko_free_mor_analysis_value_cstr(b);
			}
		}
		if (a != NULL)
			voikko_free_mor_analysis(a);
	} else if (m->m_hun[l] != NULL) {
		char **list = NULL;

		k = Hunspell_stem(m->m_hun[l], &list, word);
		for (i = 0; i < k; i++)
			n = add_lemma(out, n, max, list[i]);
		if (list != NULL)
			Hunspell_free_list(m->m_hun[l], &list, k);
	}
	pthread_mutex_unlock(&m->m_lock);
	return n;
}

/*
 * DET_MORPH_IS_WORD -- is this string a word of any loaded language?
 *	Return value: 1 a word, 2 a Finnish word only as a compound of
 *	several (voikko builds compounds freely, "lokasivu"), 0 no word.
 */
int
det_morph_is_word(struct det_morph *m, const char *word)
{
	int l, yes = 0;

	pthread_mutex_lock(&m->m_lock);
	for (l = 0; l < DET_NLANG && !yes; l++)
		if (m->m_hun[l] != NULL && Hunspell_spell(m->m_hun[l], word))
			yes = 1;
	if (!yes && m->m_voikko != NULL &&
	    voikkoSpellCstr(m->m_voikko, word) == VOIKKO_SPELL_OK) {
		struct voikko_mor_analysis **a =
		    voikkoAnalyzeWordCstr(m->m_voikko, word);
		int i;

		/* 2: Finnish only as a compound ("loka" + "sivu"); 1: a word */
		yes = 2;
		for (i = 0; a != NULL && a[i] != NULL && yes == 2; i++) {
			char *st = voikko_mor_analysis_value_cstr(a[i],
			    "STRUCTURE");

			if (st == NULL || strchr(st + 1, '=') == NULL)
				yes = 1;
			if (st != NULL)
				voikko_free_mor_analysis_value_cstr(st);
		}
		if (a != NULL)
			voikko_free_mor_analysis(a);
	}
	pthread_mutex_unlock(&m->m_lock);
	return yes;
}

/* DET_MORPH_IS_EN_WORD -- is this string an English word?  1 or 0 */
int
det_morph_is_en_word(struct det_morph *m, const char *word)
{
	int yes;

	if (m->m_hun[DET_EN] == NULL)
		return 0;
	pthread_mutex_lock(&m->m_lock);
	yes = Hunspell_spell(m->m_hun[DET_EN], word) != 0;
	pthread_mutex_unlock(&m->m_lock);
	return yes;
}
