/*
 * rules.h - rule sets: loading rule files and scanning text for hits.
 */
#ifndef LG_RULES_H
#define LG_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "hits.h"

struct lg_ruleset;

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

#endif
