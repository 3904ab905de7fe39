/*
 * normalize_script.h - what Unicode data decides in normalisation (ICU):
 * ignorable characters, digits of every script, marks, confusables.
 */
#ifndef LG_NORMALIZE_SCRIPT_H
#define LG_NORMALIZE_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

/* Code points from here up may need nscript_fold (marks start at U+0300). */
#define NSCRIPT_FROM	0x0300

int nscript_ignorable(uint32_t c);
size_t nscript_fold(char *s, size_t len);

#endif
