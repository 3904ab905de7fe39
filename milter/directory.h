/*
 * directory.h - customer lookups in LDAP.
 */
#ifndef LG_DIRECTORY_H
#define LG_DIRECTORY_H

#include <stddef.h>

#include "config.h"
#include "leakguard.h"

struct lg_directory;

struct lg_record {
	char	 *rec_dn;
	char	 *rec_name;
	char	**rec_addrs;		/* NULL-terminated */
	size_t	  rec_naddrs;
};

struct lg_directory *directory_new(const struct lg_config *, char *err,
    size_t errlen);
void directory_free(struct lg_directory *);
enum lg_dir_status directory_lookup_customer(struct lg_directory *,
    const char *customer_id, struct lg_record *, char *err, size_t errlen);
void record_clear(struct lg_record *);

#endif
