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
#define LG_HITS_MAX	64	/* hits listed per message; see struct lg_hits */
#define LG_IDS_MAX	16	/* distinct customer numbers kept per message */

struct lg_ruleset;

struct lg_hit {
	unsigned	 hit_rule;	/* index into the rule set */
	enum lg_hit_kind hit_kind;
	char		 hit_source[32]; /* "body", "header:Subject", "part 2" */
	size_t		 hit_offset;	/* of the value in its source text */
	char		*hit_value;	/* customer numbers only; NULL for secrets */
	char		 hit_excerpt[LG_EXCERPT_MAX]; /* value masked as **** */
};

/*
 * The hits of one message.  Only the first LG_HITS_MAX are listed (for
 * excerpts and review), but nothing a decision needs is lost past that
 * bound: every hit, listed or not, sets its kind's bit, names its rule and
 * gives its kind's first excerpt, and every distinct customer number is
 * kept in ids[] (past LG_IDS_MAX of them ids_over is set: there are then
 * many customers, which binding.c reads as a conflict).
 */
struct lg_hits {
	struct lg_hit	 hits[LG_HITS_MAX];
	size_t		 count;
	size_t		 dropped;	/* hits beyond LG_HITS_MAX, not listed */
	unsigned	 kinds;		/* 1 << kind, for every hit */
	char		 kind_excerpt[LG_KIND_COUNT][LG_EXCERPT_MAX];
	unsigned char	*rules_seen;	/* bitmap by rule index, every hit */
	size_t		 rules_seen_len; /* bytes */
	char		*ids[LG_IDS_MAX]; /* distinct customer numbers */
	size_t		 nids;
	bool		 ids_over;	/* more distinct numbers than LG_IDS_MAX */
	struct lg_maskset values;	/* every value found, secret: for masking
					   only, wiped by hits_clear */
};

struct lg_ruleset *rules_load_dir(const char *dir, FILE *errors);
struct lg_ruleset *rules_load_dirs(const char *dir, const char *local_dir,
    FILE *errors);
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
int hits_add_id(struct lg_hits *, const char *value, size_t len);
bool hits_rule_seen(const struct lg_hits *, unsigned idx);

#endif
