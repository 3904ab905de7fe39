/*
 * rcpt_tags.h - each envelope recipient of a judged mail tagged for the
 * incident team's reports.
 */
#ifndef LG_RCPT_TAGS_H
#define LG_RCPT_TAGS_H

#include <stddef.h>

#include "address.h"
#include "verdict.h"

#define RCPT_ON_RECORD		"on_record"
#define RCPT_OTHER_RECORD	"other_record"
#define RCPT_UNKNOWN		"unknown"

char *rcpt_tags_json(char *const *rcpts, size_t nrcpts,
    const char *const *record_addrs, size_t record_naddrs,
    const char *record_dn, const struct lg_rcpt_owners *owners,
    const struct lg_address_policy *);

#endif
