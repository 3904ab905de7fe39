/*
 * normalize_script.h - what Unicode data decides in normalisation (ICU):
 * ignorable characters, digits of every script, marks, confusables.
 */
#ifndef LG_NORMALIZE_SCRIPT_H
#define LG_NORMALIZE_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Code points that may need nscript_fold: from U+0300 (marks) up, but not
 * the punctuation, symbols and arrows of U+2000-U+2BFF (smart quotes,
 * dashes, currency: common in Latin mail), except the combining marks for
 * symbols (U+20D0-U+20FF).
 */
#define nscript_needed(c)	((c) >= 0x300 && ((c) < 0x2000 || \
	(c) > 0x2BFF || ((c) >= 0x20D0 && (c) <= 0x20FF)))

int nscript_ignorable(uint32_t c);
size_t nscript_fold(char *s, size_t len);

#endif
