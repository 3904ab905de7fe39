/*
 * detect_morph.h - the language tools the built-in detector asks about
 * words: Snowball stemmers (libstemmer), hunspell dictionaries (en_US,
 * sv_SE) and Finnish morphology (libvoikko).
 */
#ifndef LG_DETECT_MORPH_H
#define LG_DETECT_MORPH_H

#include <stdbool.h>
#include <stddef.h>

#include "detect_lex.h"

#define DET_WORD_MAX	64	/* longest word analysed, bytes with NUL */
#define DET_LEMMAS_MAX	4	/* lemmas kept per word */

struct det_morph;

struct det_morph *det_morph_new(const bool langs[DET_NLANG],
    const char *hunspell_dir, const char *voikko_path, char *err,
    size_t errlen);
void det_morph_free(struct det_morph *);
int det_morph_stem(struct det_morph *, enum det_lang, const char *word,
    char *out, size_t outlen);
int det_morph_lemmas(struct det_morph *, enum det_lang, const char *word,
    char out[][DET_WORD_MAX], int max);
int det_morph_is_word(struct det_morph *, const char *word);
int det_morph_is_en_word(struct det_morph *, const char *word);

#endif
