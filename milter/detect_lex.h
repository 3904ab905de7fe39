/*
 * detect_lex.h - the built-in detector's vocabulary, per language: the word
 * families that label a secret, the words that qualify a bare "code", the
 * connectors between a label and its value and the words that announce a
 * value on a line of its own.  Data only; detect_label.c matches words
 * against it.
 */
#ifndef LG_DETECT_LEX_H
#define LG_DETECT_LEX_H

#include <stdbool.h>
#include <stddef.h>

enum det_lang { DET_EN, DET_FI, DET_SV, DET_NLANG };

/* What a label says its value is: the shapes it accepts follow from it. */
enum det_class { DET_PASSWORD, DET_PIN, DET_CODE, DET_NCLASS };

/*
 * How a head word labels on its own.  STRONG: always ("password",
 * "salasana", in any compound).  QUALIFIED: only with a qualifier before it
 * or as the modifier of its compound ("verification code", "vahvistuskoodi");
 * with bare_ok also bare after a determiner ("your code"), as a weak label.
 */
enum det_strength { DET_STRONG, DET_QUALIFIED };

struct det_head {
	const char	*dh_lemma;	/* dictionary form, lower case */
	enum det_class	 dh_class;
	enum det_strength dh_strength;
	bool		 dh_bare_ok;
};

struct det_lexicon {
	const char		*lx_name;	/* "en" */
	const char		*lx_stemmer;	/* libstemmer algorithm */
	const char *const	*lx_cores;	/* substrings every form has */
	const struct det_head	*lx_heads;
	const char *const	*lx_qualifiers;	/* lemmas or compound modifiers */
	const char *const	*lx_determiners; /* make a bare head a weak label */
	const char *const	*lx_connectors;	/* "is", "has been set to" */
	const char *const	*lx_announcers;	/* "below", "alla", "nedan" */
	const char *const	*lx_echo_pronouns; /* "det": "Nu är det X", the
						   pronoun after the verb */
	const char *const	*lx_fields;	/* "account", "tili", "konto": a
						   word that names another field */
	const char *const	*lx_clause_words; /* "and", "ja", "för": the
						   clause goes on past a value
						   (not a unit: "1000 lines") */
};

extern const struct det_lexicon det_lexicons[DET_NLANG];

const char *det_class_name(enum det_class);
int det_lang_lookup(const char *name);

#endif
