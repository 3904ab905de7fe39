/*
 * detect_label.h - is this word of a text a label of a secret, in which
 * language, of which class, and how strongly?
 */
#ifndef LG_DETECT_LABEL_H
#define LG_DETECT_LABEL_H

#include <stdbool.h>
#include <stddef.h>

#include "detect_lex.h"
#include "detect_morph.h"

struct det_label {
	enum det_lang	 lb_lang;
	enum det_class	 lb_class;
	bool		 lb_weak;	/* a bare "code" after "your": digits only */
	size_t		 lb_start;	/* qualifier or label word */
	size_t		 lb_end;	/* end of the label word */
};

struct det_labeler;

struct det_labeler *det_labeler_new(struct det_morph *,
    const bool langs[DET_NLANG]);
void det_labeler_free(struct det_labeler *);
int det_label_word(struct det_labeler *, const char *text, size_t len,
    size_t ws, size_t we, struct det_label *);
int det_lower_word(const char *s, size_t len, char *out, size_t outlen);
int det_word_in(const char *word, const char *const *list);

#endif
