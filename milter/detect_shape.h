/*
 * detect_shape.h - where a candidate value starts and ends in a text, and
 * what shape it has (digits, grouped code, letters-and-digits, generated
 * password, letters only, passphrase) or why it is no value at all.
 */
#ifndef LG_DETECT_SHAPE_H
#define LG_DETECT_SHAPE_H

#include <stdbool.h>
#include <stddef.h>

enum det_shape {
	DET_SH_NONE,		/* URL, address, date, time, amount, word-ish */
	DET_SH_YEAR,		/* four digits 1900-2099: a value only if direct */
	DET_SH_DIGITS,		/* 4821, 593-027-184, 4 8 2 1 */
	DET_SH_ALNUM,		/* Q7XK2M9D, k3b9xq2m7d */
	DET_SH_GROUPED,		/* XNDC-TQLV, A7F2-99KX */
	DET_SH_GENERATED,	/* Kissa-7241, t#9Lm!x2 */
	DET_SH_LETTERS,		/* zomiboxa: a value only if no word */
	DET_SH_PASSPHRASE,	/* correct-horse-battery */
	DET_SH_COUNT
};

struct det_limits {
	unsigned	 dl_min_digits, dl_max_digits;	/* digit values */
	unsigned	 dl_min_length, dl_max_length;	/* other values */
};

struct det_value {
	size_t		 dv_start, dv_end;	/* the value in the text */
	bool		 dv_quoted;		/* between quotes */
	bool		 dv_lone;		/* alone on its line */
	bool		 dv_word_after;		/* a word follows on the line */
	size_t		 dv_word_at;		/* ... starting here */
	bool		 dv_unit_after;		/* a currency or % follows */
	bool		 dv_after_colon;	/* placed after ':' or '=' */
	bool		 dv_after_field;	/* ... whose last word names another
						   field ("user account:") */
};

int det_value_at(const char *text, size_t len, size_t p, struct det_value *);
enum det_shape det_shape_of(const char *v, size_t len, bool quoted,
    const struct det_limits *);
const char *det_shape_name(enum det_shape);

#endif
