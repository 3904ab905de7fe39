/*
 * maskset.h - the values the rules found in one mail, to mask wherever
 * they appear again.
 */
#ifndef LG_MASKSET_H
#define LG_MASKSET_H

#include <stdbool.h>
#include <stddef.h>

#define MASKSET_MAX	1024	/* distinct values kept per mail */
#define MASKSET_VALUE_MAX 256	/* longest value kept */

struct lg_maskset {
	char	**ms_values;
	size_t	  ms_count, ms_cap;
	bool	  ms_overflow;	/* a value could not be kept: mask all */
};

void maskset_init(struct lg_maskset *);
void maskset_clear(struct lg_maskset *);
void maskset_add(struct lg_maskset *, const char *value, size_t len);
char *maskset_apply(const struct lg_maskset *, const char *text);

#endif
