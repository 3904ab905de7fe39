/*
 * hits.h - what the detectors found in a message: the hits every detector
 * (a PCRE2 rule set, the built-in detector) adds through hits_add, named by
 * the rule or detector, with the value masked in the excerpt.  Finding
 * values is the detectors'; deciding what the hits mean is pipeline.c's and
 * binding.c's.
 */
#ifndef LG_HITS_H
#define LG_HITS_H

#include <stdbool.h>
#include <stddef.h>

#include "leakguard.h"
#include "maskset.h"

#define LG_EXCERPT_MAX	96	/* masked excerpt, bytes including NUL */
#define LG_HITS_MAX	64	/* hits listed per message; see struct lg_hits */
#define LG_IDS_MAX	16	/* distinct customer numbers kept per message */
#define LG_HIT_NAME_MAX	32	/* "fi_pin", "detect_sv_code" */
#define LG_NAMES_MAX	32	/* distinct rule/detector names kept */

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

/*
 * The hits of one message.  Only the first LG_HITS_MAX are listed (for
 * excerpts and review), but nothing a decision needs is lost past that
 * bound: every hit, listed or not, sets its kind's bit (and sensitive_seen),
 * gives its kind's first excerpt, names its rule or detector in names[]
 * (past LG_NAMES_MAX distinct names names_over is set), adds its value to
 * values (masked wherever it appears), and every distinct customer number
 * is kept in ids[] (past LG_IDS_MAX of them ids_over is set: there are then
 * many customers, which binding.c reads as a conflict).
 */
struct lg_hits {
	struct lg_hit	 hits[LG_HITS_MAX];
	size_t		 count;
	size_t		 dropped;	/* hits beyond LG_HITS_MAX, not listed */
	unsigned	 kinds;		/* 1 << kind, for every hit */
	unsigned	 sensitive_kinds; /* 1 << kind, for every sensitive hit */
	char		 kind_excerpt[LG_KIND_COUNT][LG_EXCERPT_MAX];
	char		 names[LG_NAMES_MAX][LG_HIT_NAME_MAX]; /* every hit's */
	size_t		 nnames;
	bool		 names_over;	/* more distinct names than LG_NAMES_MAX */
	char		*ids[LG_IDS_MAX]; /* distinct customer numbers */
	size_t		 nids;
	bool		 ids_over;	/* more distinct numbers than LG_IDS_MAX */
	struct lg_maskset values;	/* every value found, secret: for masking
					   only, wiped by hits_clear */
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
int hits_add_id(struct lg_hits *, const char *value, size_t len);
bool hits_name_seen(const struct lg_hits *, const char *name);
bool hits_has_value(const struct lg_hits *, const char *source,
    size_t offset);

#endif
