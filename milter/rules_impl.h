/*
 * rules_impl.h - the rule set as rules.c (loading) and rules_scan.c
 * (scanning) share it; nothing else includes this file.
 */
#ifndef LG_RULES_IMPL_H
#define LG_RULES_IMPL_H

#include <stdint.h>

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
	pcre2_code	*rs_prefilter;	/* all key words; NULL: none */
};

#endif
