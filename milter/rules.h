/*
 * rules.h - rule sets: loading rule files and scanning text for hits.
 */
#ifndef LG_RULES_H
#define LG_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "leakguard.h"
#include "maskset.h"

#define LG_EXCERPT_MAX	96	/* masked excerpt, bytes including NUL */
#define LG_HITS_MAX	64	/* hits kept per message; more are counted */

struct lg_ruleset;

struct lg_hit {
	unsigned	 hit_rule;	/* index into the rule set */
	enum lg_hit_kind hit_kind;
	char		 hit_source[32]; /* "body", "header:Subject", "part 2" */
	size_t		 hit_offset;	/* of the value in its source text */
	char		*hit_value;	/* customer numbers only; NULL for secrets */
	char		 hit_excerpt[LG_EXCERPT_MAX]; /* value masked as **** */
};

struct lg_hits {
	struct lg_hit	 hits[LG_HITS_MAX];
	size_t		 count;
	size_t		 dropped;	/* hits beyond LG_HITS_MAX */
	struct lg_maskset values;	/* every value found, secret: for masking
					   only, wiped by hits_clear */
};

struct lg_ruleset *rules_load_dir(const char *dir, FILE *errors);
struct lg_ruleset *rules_load_file(const char *path, FILE *errors);
void rules_free(struct lg_ruleset *);
size_t rules_count(const struct lg_ruleset *);
const char *rules_name(const struct lg_ruleset *, unsigned idx);

int rules_scan(const struct lg_ruleset *, const char *text, size_t len,
    const char *source, struct lg_hits *hits);
int rules_scan_range(const struct lg_ruleset *, const char *text, size_t len,
    size_t from, size_t until, size_t base, const char *source,
    struct lg_hits *hits);
char *rules_mask(const struct lg_ruleset *, const char *text, size_t len);
void hits_init(struct lg_hits *);
void hits_clear(struct lg_hits *);

#endif
