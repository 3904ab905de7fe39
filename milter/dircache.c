/*
 * dircache.c - positive and negative cache of directory answers, so the
 * same customer (or recipient owner) asked about by a burst of mail costs
 * one LDAP search, not one per mail.
 *
 * Keys are opaque strings chosen by directory.c.  An answer that found
 * entries lives ttl seconds, a "not found" negative_ttl seconds; a ttl of 0
 * turns that half off.  Errors and ambiguous answers are never stored: the
 * next mail must ask the directory again.  Entries are deep copies, so a
 * caller owns what dircache_get hands out.  When max entries are held, the
 * oldest goes.  dircache_flush empties it (SIGHUP).  One mutex guards it
 * all; the work under it is a hash lookup and a copy.
 *
 * DIAGNOSTICS: dircache_get returns 1 hit, 0 miss, -1 out of memory (a
 * miss to the caller); dircache_put drops the answer when memory runs out.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "dircache.h"

#define NBUCKETS_MIN	64

struct cache_entry {
	char			*ce_key;
	enum lg_dir_status	 ce_status;
	struct lg_record	*ce_recs;
	size_t			 ce_nrecs;
	time_t			 ce_expires;
	struct cache_entry	*ce_next;	/* same bucket */
	struct cache_entry	*ce_older, *ce_newer;	/* age order */
};

struct lg_dircache {
	pthread_mutex_t		  dc_lock;
	long			  dc_ttl, dc_negative_ttl;
	size_t			  dc_max, dc_count, dc_nbuckets;
	struct cache_entry	**dc_buckets;
	struct cache_entry	 *dc_oldest, *dc_newest;
};

/* hash - FNV-1a of the key */
static size_t
hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* dircache_new - an empty cache; NULL when out of memory */
struct lg_dircache *
dircache_new(long ttl, long negative_ttl, size_t max)
{
	struct lg_dircache *c;

	if ((c = calloc(1, sizeof *c)) == NULL)
		return NULL;
	c->dc_ttl = ttl;
	c->dc_negative_ttl = negative_ttl;
	c->dc_max = max > 0 ? max : 1;
	for (c->dc_nbuckets = NBUCKETS_MIN; c->dc_nbuckets < c->dc_max &&
	    c->dc_nbuckets < (1u << 20); c->dc_nbuckets *= 2)
		;
	if ((c->dc_buckets = calloc(c->dc_nbuckets, sizeof *c->dc_buckets)) == NULL) {
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->dc_lock, NULL);
	return c;
}

/* entry_unlink - take e out of its bucket and the age list, free it */
static void
entry_drop(struct lg_dircache *c, struct cache_entry *e)
{
	struct cache_entry **pp = &c->dc_buckets[hash(e->ce_key) % c->dc_nbuckets];

	while (*pp != e)
		pp = &(*pp)->ce_next;
	*pp = e->ce_next;
	if (e->ce_older != NULL)
		e->ce_older->ce_newer = e->ce_newer;
	else
		c->dc_oldest = e->ce_newer;
	if (e->ce_newer != NULL)
		e->ce_newer->ce_older = e->ce_older;
	else
		c->dc_newest = e->ce_older;
	records_free(e->ce_recs, e->ce_nrecs);
	free(e->ce_key);
	free(e);
	c->dc_count--;
}

static struct cache_entry *
entry_find(struct lg_dircache *c, const char *key)
{
	struct cache_entry *e = c->dc_buckets[hash(key) % c->dc_nbuckets];

	while (e != NULL && strcmp(e->ce_key, key) != 0)
		e = e->ce_next;
	return e;
}

/* records_dup - deep copy of n records; NULL when out of memory */
static struct lg_record *
records_dup(const struct lg_record *src, size_t n)
{
	struct lg_record *r;
	size_t i;

	if ((r = calloc(n ? n : 1, sizeof *r)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (record_copy(&r[i], &src[i]) == -1) {
			records_free(r, n);
			return NULL;
		}
	return r;
}

/*
 * DIRCACHE_GET -- a fresh cached answer for key.
 *	Return value: 1 with *status and a copy in *recs and *nrecs (free with
 *	records_free), 0 when nothing fresh is cached, -1 out of memory.
 */
int
dircache_get(struct lg_dircache *c, const char *key, time_t now,
    enum lg_dir_status *status, struct lg_record **recs, size_t *nrecs)
{
	struct cache_entry *e;
	int rc = 0;

	if (c == NULL)
		return 0;
	pthread_mutex_lock(&c->dc_lock);
	if ((e = entry_find(c, key)) != NULL && e->ce_expires <= now) {
		entry_drop(c, e);
		e = NULL;
	}
	if (e != NULL) {
		*status = e->ce_status;
		*nrecs = e->ce_nrecs;
		rc = (*recs = records_dup(e->ce_recs, e->ce_nrecs)) == NULL ? -1 : 1;
	}
	pthread_mutex_unlock(&c->dc_lock);
	return rc;
}

/* DIRCACHE_PUT -- remember a definite answer (found / not found) */
void
dircache_put(struct lg_dircache *c, const char *key, time_t now,
    enum lg_dir_status status, const struct lg_record *recs, size_t nrecs)
{
	struct cache_entry *e, *old;
	long ttl;
	size_t b;

	if (c == NULL)
		return;
	ttl = status == LG_DIR_FOUND ? c->dc_ttl :
	    status == LG_DIR_NOT_FOUND ? c->dc_negative_ttl : 0;
	if (ttl <= 0)
		return;
	if ((e = calloc(1, sizeof *e)) == NULL ||
	    (e->ce_key = strdup(key)) == NULL ||
	    (e->ce_recs = records_dup(recs, nrecs)) == NULL) {
		if (e != NULL)
			free(e->ce_key);
		free(e);
		return;
	}
	e->ce_status = status;
	e->ce_nrecs = nrecs;
	e->ce_expires = now + ttl;
	pthread_mutex_lock(&c->dc_lock);
	if ((old = entry_find(c, key)) != NULL)
		entry_drop(c, old);
	while (c->dc_count >= c->dc_max && c->dc_oldest != NULL)
		entry_drop(c, c->dc_oldest);
	b = hash(key) % c->dc_nbuckets;
	e->ce_next = c->dc_buckets[b];
	c->dc_buckets[b] = e;
	e->ce_older = c->dc_newest;
	if (c->dc_newest != NULL)
		c->dc_newest->ce_newer = e;
	else
		c->dc_oldest = e;
	c->dc_newest = e;
	c->dc_count++;
	pthread_mutex_unlock(&c->dc_lock);
}

/* DIRCACHE_FLUSH -- forget every answer */
void
dircache_flush(struct lg_dircache *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->dc_lock);
	while (c->dc_oldest != NULL)
		entry_drop(c, c->dc_oldest);
	pthread_mutex_unlock(&c->dc_lock);
}

size_t
dircache_count(struct lg_dircache *c)
{
	size_t n;

	if (c == NULL)
		return 0;
	pthread_mutex_lock(&c->dc_lock);
	n = c->dc_count;
	pthread_mutex_unlock(&c->dc_lock);
	return n;
}

void
dircache_free(struct lg_dircache *c)
{
	if (c == NULL)
		return;
	dircache_flush(c);
	pthread_mutex_destroy(&c->dc_lock);
	free(c->dc_buckets);
	free(c);
}

/* RECORD_COPY -- deep copy; -1 when out of memory (dst then cleared) */
int
record_copy(struct lg_record *dst, const struct lg_record *src)
{
	size_t i;

	memset(dst, 0, sizeof *dst);
	dst->rec_unverified = src->rec_unverified;
	if ((src->rec_dn != NULL && (dst->rec_dn = strdup(src->rec_dn)) == NULL) ||
	    (src->rec_name != NULL &&
	    (dst->rec_name = strdup(src->rec_name)) == NULL))
		goto fail;
	if (src->rec_naddrs > 0) {
		if ((dst->rec_addrs = calloc(src->rec_naddrs + 1,
		    sizeof *dst->rec_addrs)) == NULL)
			goto fail;
		for (i = 0; i < src->rec_naddrs; i++) {
			if ((dst->rec_addrs[i] = strdup(src->rec_addrs[i])) == NULL)
				goto fail;
			dst->rec_naddrs++;
		}
	}
	return 0;
fail:
	record_clear(dst);
	return -1;
}

void
record_clear(struct lg_record *rec)
{
	size_t i;

	free(rec->rec_dn);
	free(rec->rec_name);
	for (i = 0; i < rec->rec_naddrs; i++)
		free(rec->rec_addrs[i]);
	free(rec->rec_addrs);
	memset(rec, 0, sizeof *rec);
}

void
records_free(struct lg_record *recs, size_t n)
{
	size_t i;

	if (recs == NULL)
		return;
	for (i = 0; i < n; i++)
		record_clear(&recs[i]);
	free(recs);
}
