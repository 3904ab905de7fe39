/*
 * rules_impl.h - the rule set as rules.c (loading) and rules_scan.c
 * (scanning) and rules_keys.c (the key-word prefilter) share it; nothing
 * else includes this file but the unit test of the prefilter.
 */
#ifndef LG_RULES_IMPL_H
#define LG_RULES_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "rules.h"
#include "validate.h"

#define MATCH_LIMIT	1000000		/* backtracking steps per match call */
#define DEPTH_LIMIT	10000		/* nested backtracking (non-JIT) */
#define KEYS_MAX	64		/* distinct key words, one bit each */

struct lg_rule {
	char		*rule_name;
	enum lg_hit_kind rule_kind;
	enum lg_validator rule_validator;
	bool		 rule_sensitive; /* a hit alone needs a verified recipient */
	pcre2_code	*rule_code;
	int		 rule_value_group;
	uint64_t	 rule_keys;	/* key words (bits); 0: always run */
};

struct lg_ruleset {
	struct lg_rule	*rs_rules;
	size_t		 rs_count;
	uint32_t	 rs_max_groups;
	char		*rs_keys[KEYS_MAX];
	unsigned	 rs_nkeys;
	pcre2_code	*rs_prefilter;	/* all key words, anchored; NULL: none */
	struct lg_keyfilter *rs_keyfilter; /* where one may start (rules_keys.c) */
};

/* rules_keys.c */
int rules_keys_build(struct lg_ruleset *, FILE *errors);
void rules_keys_free(struct lg_ruleset *);
int rules_keys_present(const struct lg_ruleset *, pcre2_match_data *,
    pcre2_match_context *, const char *text, size_t len, size_t from,
    bool exhaustive, uint64_t *present);

#endif
