/*
 * directory.h - customer and recipient-owner lookups in LDAP.
 */
#ifndef LG_DIRECTORY_H
#define LG_DIRECTORY_H

#include <stddef.h>

#include "config.h"
#include "dirbudget.h"
#include "dircache.h"
#include "leakguard.h"

struct lg_directory;

struct lg_directory *directory_new(const struct lg_config *, char *err,
    size_t errlen);
void directory_free(struct lg_directory *);
/* budget: the mail's (dirbudget.h), or NULL for ldap_timeout from now */
enum lg_dir_status directory_lookup_customer(struct lg_directory *,
    const char *customer_id, struct lg_dir_budget *budget, struct lg_record *,
    char *err, size_t errlen);
enum lg_dir_status directory_lookup_owners(struct lg_directory *,
    const char *address, struct lg_dir_budget *budget,
    struct lg_record **owners, size_t *nowners, char *err, size_t errlen);
void directory_flush_cache(struct lg_directory *);
void directory_cache_counts(unsigned long *hits, unsigned long *misses);

#endif
