/*
 * hits.h - what a detector found in a message: the hits every detector
 * (a PCRE2 rule set, the built-in detector) adds through hits_add, named by
 * the detector, with the value already masked in the excerpt.
 */
#ifndef LG_HITS_H
#define LG_HITS_H

#include <stdbool.h>
#include <stddef.h>

#include "leakguard.h"

#define LG_EXCERPT_MAX	96	/* masked excerpt, bytes including NUL */
#define LG_HITS_MAX	64	/* hits kept per message; more are counted */
#define LG_HIT_NAME_MAX	32	/* "fi_pin", "detect_sv_code" */

struct lg_hit {
	char		 hit_name[LG_HIT_NAME_MAX]; /* rule or detector name */
	enum lg_hit_kind hit_kind;
	bool		 hit_sensitive;	/* needs a verified recipient by itself */
	char		 hit_source[32]; /* "body", "header:Subject", "part 2" */
	size_t		 hit_offset;	/* of the value in its source text */
	size_t		 hit_length;	/* of the value, bytes */
	char		*hit_value;	/* customer numbers only; NULL for secrets */
	char		 hit_excerpt[LG_EXCERPT_MAX]; /* value masked as **** */
};

struct lg_hits {
	struct lg_hit	 hits[LG_HITS_MAX];
	size_t		 count;
	size_t		 dropped;	/* hits beyond LG_HITS_MAX */
};

/* Where a hit stands in its text: the whole match and the value in it. */
struct lg_hit_span {
	size_t	 hs_mstart, hs_mend;	/* label .. value, for the excerpt */
	size_t	 hs_vstart, hs_vend;	/* the value itself */
};

void hits_init(struct lg_hits *);
void hits_clear(struct lg_hits *);
int hits_add(struct lg_hits *, const char *name, enum lg_hit_kind,
    bool sensitive, const char *source, size_t base, const char *text,
    const struct lg_hit_span *);
bool hits_has_value(const struct lg_hits *, const char *source,
    size_t offset);

#endif
