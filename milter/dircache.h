/*
 * dircache.h - a bounded, thread-safe cache of directory answers.
 */
#ifndef LG_DIRCACHE_H
#define LG_DIRCACHE_H

#include <stddef.h>
#include <time.h>

#include "leakguard.h"

/* One directory entry as leakguard reads it. */
struct lg_record {
	char	 *rec_dn;
	char	 *rec_name;
	char	**rec_addrs;		/* NULL-terminated, or NULL */
	size_t	  rec_naddrs;
	int	  rec_unverified;	/* fails ldap_verified_filter */
};

struct lg_dircache;

struct lg_dircache *dircache_new(long ttl, long negative_ttl, size_t max);
void dircache_free(struct lg_dircache *);
int dircache_get(struct lg_dircache *, const char *key, time_t now,
    enum lg_dir_status *status, struct lg_record **recs, size_t *nrecs);
void dircache_put(struct lg_dircache *, const char *key, time_t now,
    enum lg_dir_status status, const struct lg_record *recs, size_t nrecs);
void dircache_flush(struct lg_dircache *);
size_t dircache_count(struct lg_dircache *);

int record_copy(struct lg_record *dst, const struct lg_record *src);
void record_clear(struct lg_record *);
void records_free(struct lg_record *, size_t);

#endif
