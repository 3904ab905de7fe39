/*
 * detect_place.h - the places a value may stand relative to its label.
 */
#ifndef LG_DETECT_PLACE_H
#define LG_DETECT_PLACE_H

#include "detect_label.h"
#include "detect_shape.h"

enum det_place {
	DET_PL_DIRECT,		/* "PIN: 4821", "password is k3b9", "on: x" */
	DET_PL_GAP,		/* "password for user X is now Y" */
	DET_PL_ADJACENT,	/* "PIN 4821", next table cell */
	DET_PL_NEXTLINE,	/* label line, then the value alone */
	DET_PL_ANNOUNCED,	/* "...enter the following code:" ... value */
	DET_PL_BEFORE,		/* "593027 is your verification code" */
	DET_PL_COLUMN,		/* heading "Password", the cell below it */
	DET_PL_ECHO,		/* "...has been reset. Now it is X." */
	DET_PL_COUNT
};

/* Offered each candidate: 1 accept (stop), 0 try the next, -1 error. */
typedef int (*det_offer_fn)(void *arg, enum det_place,
    const struct det_value *);

int det_place_values(const char *text, size_t len,
    const struct det_label *, det_offer_fn, void *arg);
const char *det_place_name(enum det_place);

#endif
