/*
 * directory.c - the LDAP adapter: find the one directory entry of a customer
 * id (its name, its verified addresses, whether it passes the verification
 * filter), and find the entries that hold a given recipient address (to tell
 * a namesake from a plain mismatch).
 *
 * Connections.  libmilter runs one thread per SMTP connection, and an LDAP
 * handle must not be used by two threads at once, so handles live in a
 * small pool: a thread takes a free slot, uses its handle for one lookup and
 * gives it back; no handle is ever shared.  A new handle tries each URI of
 * ldap_uri in order (ldaps://, StartTLS with a CA file, ldapi://), and binds
 * (simple with the password from its file, anonymous, or SASL EXTERNAL)
 * before it counts as connected, so a dead or misconfigured first server
 * fails over to the next.  A handle whose server went away is dropped and
 * the lookup retried once on a fresh connection, so a slapd restart costs
 * no mail.  Size limits bound every request, and time is bounded per mail:
 * every step takes only what is left of the mail's budget (dirbudget.c),
 * the wait for a free slot and the retry included.
 *
 * Answers that found entries, and "not found", are cached (dircache.c);
 * errors never are.  Values from mail are escaped (RFC 4515) before they
 * reach a filter.
 *
 * DIAGNOSTICS: lookups return LG_DIR_ERROR, with a reason in err, whenever
 * the directory did not give a definite answer; that must never be read as
 * "not found".
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include <ldap.h>

#include "address.h"
#include "directory.h"
#include "ldap_filter.h"

#define FILTER_MAX	8192	/* longest expanded filter */
#define CUSTOMER_LIMIT	2	/* two entries already mean "ambiguous" */
#define CACHE_KEY_MAX	(LG_ADDRESS_MAX * 2 + 4)
#define CUSTOMER_KEY_MAX 1100	/* "c:" + the longest customer id kept */

struct dir_slot {
	LDAP	*slot_ld;
	int	 slot_busy;
};

struct lg_directory {
	char		**dir_uris;
	char		 *dir_base;
	char		 *dir_filter;
	char		 *dir_verified_filter;	/* "" : none */
	char		 *dir_bind_dn;
	char		 *dir_bind_pw;		/* from the password file */
	char		 *dir_ca_file;
	int		  dir_starttls;
	long		  dir_bind_method;	/* enum lg_bind_method */
	char		**dir_addr_attrs;
	char		 *dir_name_attr;
	char		**dir_attrs;		/* addr attrs + name attr */
	char		 *dir_owner_attrs[2];	/* name attr only */
	long		  dir_timeout, dir_net_timeout, dir_size_limit;
	struct lg_dircache *dir_cache;
	struct dir_slot	 *dir_slots;
	size_t		  dir_nslots;
	pthread_mutex_t	  dir_lock;
	pthread_cond_t	  dir_free_cond;
};

/* read_secret_file - first line of a password file, without the newline */
static char *
read_secret_file(const char *path, char *err, size_t errlen)
{
	char line[1024], *s;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fgets(line, sizeof line, fp) == NULL)
		line[0] = '\0';
	fclose(fp);
	line[strcspn(line, "\r\n")] = '\0';
	s = strdup(line);
	explicit_bzero(line, sizeof line);
	return s;
}

static atomic_ulong dir_hits, dir_misses;

/* directory_count - a lookup answered from the cache (hit) or not */
static void
directory_count(int hit)
{
	atomic_fetch_add_explicit(hit ? &dir_hits : &dir_misses, 1,
	    memory_order_relaxed);
}

/* DIRECTORY_CACHE_COUNTS -- cache hits and misses since start */
void
directory_cache_counts(unsigned long *hits, unsigned long *misses)
{
	*hits = atomic_load_explicit(&dir_hits, memory_order_relaxed);
	*misses = atomic_load_explicit(&dir_misses, memory_order_relaxed);
}

/*
 * DIRECTORY_NEW -- set up the pool and the cache (no connection is made).
 *	Reads the bind password file now, before privileges are dropped.
 *	Return value: the directory, or NULL with err set.
 */
struct lg_directory *
directory_new(const struct lg_config *cfg, char *err, size_t errlen)
{
	struct lg_directory *d;
	size_t naddr, nuri, i;

	if ((d = calloc(1, sizeof *d)) == NULL)
		goto nomem;
	pthread_mutex_init(&d->dir_lock, NULL);
	{
		pthread_condattr_t ca;	/* timed waits on the monotonic clock */

		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&d->dir_free_cond, &ca);
		pthread_condattr_destroy(&ca);
	}
	d->dir_timeout = cfg->cfg_ldap_timeout;
	d->dir_net_timeout = cfg->cfg_ldap_network_timeout;
	d->dir_size_limit = cfg->cfg_ldap_size_limit;
	d->dir_starttls = cfg->cfg_ldap_starttls;
	d->dir_bind_method = cfg->cfg_ldap_bind_method;
	d->dir_nslots = (size_t)cfg->cfg_ldap_connections;
	if ((d->dir_uris = config_split_list(cfg->cfg_ldap_uri, &nuri)) == NULL ||
	    (d->dir_base = strdup(cfg->cfg_ldap_base)) == NULL ||
	    (d->dir_filter = strdup(cfg->cfg_ldap_filter)) == NULL ||
	    (d->dir_verified_filter = strdup(cfg->cfg_ldap_verified_filter)) == NULL ||
	    (d->dir_bind_dn = strdup(cfg->cfg_ldap_bind_dn)) == NULL ||
	    (d->dir_ca_file = strdup(cfg->cfg_ldap_tls_ca_file)) == NULL ||
	    (d->dir_name_attr = strdup(cfg->cfg_ldap_name_attribute)) == NULL ||
	    (d->dir_slots = calloc(d->dir_nslots, sizeof *d->dir_slots)) == NULL ||
	    (d->dir_addr_attrs = config_split_list(cfg->cfg_ldap_address_attributes,
	    &naddr)) == NULL)
		goto nomem;
	if (naddr == 0 || nuri == 0) {
		snprintf(err, errlen, "%s is empty", nuri == 0 ? "ldap_uri" :
		    "ldap_address_attributes");
		directory_free(d);
		return NULL;
	}
	if ((d->dir_attrs = calloc(naddr + 2, sizeof *d->dir_attrs)) == NULL)
		goto nomem;
	for (i = 0; i < naddr; i++)
		d->dir_attrs[i] = d->dir_addr_attrs[i];
	d->dir_attrs[naddr] = d->dir_name_attr;
	d->dir_owner_attrs[0] = d->dir_name_attr;
	if (cfg->cfg_ldap_cache_ttl > 0 || cfg->cfg_ldap_negative_cache_ttl > 0) {
		if ((d->dir_cache = dircache_new(cfg->cfg_ldap_cache_ttl,
		    cfg->cfg_ldap_negative_cache_ttl,
		    (size_t)cfg->cfg_ldap_cache_size)) == NULL)
			goto nomem;
	}
	if (cfg->cfg_ldap_bind_method == LG_BIND_SIMPLE &&
	    cfg->cfg_ldap_bind_password_file[0] != '\0' &&
	    (d->dir_bind_pw = read_secret_file(cfg->cfg_ldap_bind_password_file,
	    err, errlen)) == NULL) {
		directory_free(d);
		return NULL;
	}
	return d;
nomem:
	snprintf(err, errlen, "out of memory");
	directory_free(d);
	return NULL;
}

void
directory_free(struct lg_directory *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; d->dir_slots != NULL && i < d->dir_nslots; i++)
		if (d->dir_slots[i].slot_ld != NULL)
			ldap_unbind_ext_s(d->dir_slots[i].slot_ld, NULL, NULL);
	free(d->dir_slots);
	if (d->dir_bind_pw != NULL) {
		explicit_bzero(d->dir_bind_pw, strlen(d->dir_bind_pw));
		free(d->dir_bind_pw);
	}
	dircache_free(d->dir_cache);
	config_free_list(d->dir_uris);
	free(d->dir_base);
	free(d->dir_filter);
	free(d->dir_verified_filter);
	free(d->dir_bind_dn);
	free(d->dir_ca_file);
	free(d->dir_name_attr);
	free(d->dir_attrs);
	config_free_list(d->dir_addr_attrs);
	pthread_mutex_destroy(&d->dir_lock);
	pthread_cond_destroy(&d->dir_free_cond);
	free(d);
}

/* DIRECTORY_FLUSH_CACHE -- forget every cached answer (SIGHUP) */
void
directory_flush_cache(struct lg_directory *d)
{
	if (d != NULL)
		dircache_flush(d->dir_cache);
}

/* dir_tls_setup - CA file and certificate checking for one handle */
static int
dir_tls_setup(struct lg_directory *d, LDAP *ld)
{
	int demand = LDAP_OPT_X_TLS_DEMAND, zero = 0;

	if (d->dir_ca_file[0] != '\0' && ldap_set_option(ld,
	    LDAP_OPT_X_TLS_CACERTFILE, d->dir_ca_file) != LDAP_OPT_SUCCESS)
		return LDAP_LOCAL_ERROR;
	if (ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand) !=
	    LDAP_OPT_SUCCESS)
		return LDAP_LOCAL_ERROR;
	/* A context of this handle's own, built from the options above. */
	if (ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &zero) != LDAP_OPT_SUCCESS)
		return LDAP_LOCAL_ERROR;
	return LDAP_SUCCESS;
}

/* dir_connect_one - a bound handle to one URI; NULL with *rcp set */
static LDAP *
dir_connect_one(struct lg_directory *d, const char *uri,
    const struct timeval *left, const char **what, int *rcp, char *diag,
    size_t diaglen)
{
	struct timeval net = { d->dir_net_timeout, 0 }, tv = *left;
	int version = LDAP_VERSION3, rc;
	int is_ldaps = strncmp(uri, "ldaps://", 8) == 0;
	int is_ldap = strncmp(uri, "ldap://", 7) == 0;
	struct berval cred = { 0, NULL };
	LDAP *ld = NULL;

	*what = "initialize";
	if (timercmp(&tv, &net, <))
		net = tv;		/* no step outlasts the mail's budget */
	if ((rc = ldap_initialize(&ld, uri)) != LDAP_SUCCESS)
		goto fail;
	ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
	ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &net);
	ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv);
	ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
	*what = "TLS setup";
	if ((is_ldaps || (is_ldap && d->dir_starttls)) &&
	    (rc = dir_tls_setup(d, ld)) != LDAP_SUCCESS)
		goto fail;
	*what = "StartTLS";
	if (is_ldap && d->dir_starttls &&
	    (rc = ldap_start_tls_s(ld, NULL, NULL)) != LDAP_SUCCESS)
		goto fail;
	*what = "bind";
	if (d->dir_bind_method == LG_BIND_EXTERNAL) {
		struct berval *srv = NULL;

		/* An empty initial response: "act as the identity you see". */
		cred.bv_val = "";
		rc = ldap_sasl_bind_s(ld, NULL, "EXTERNAL", &cred, NULL, NULL, &srv);
		ber_bvfree(srv);
	} else {
		if (d->dir_bind_dn[0] != '\0' && d->dir_bind_pw != NULL) {
			cred.bv_val = d->dir_bind_pw;
			cred.bv_len = strlen(d->dir_bind_pw);
		}
		/* Anonymous too: the bind proves the server answers. */
		rc = ldap_sasl_bind_s(ld, d->dir_bind_dn, LDAP_SASL_SIMPLE, &cred,
		    NULL, NULL, NULL);
	}
	if (rc != LDAP_SUCCESS)
		goto fail;
	return ld;
fail:
	*rcp = rc;
	diag[0] = '\0';
	if (ld != NULL) {
		char *msg = NULL;

		/* libldap keeps the TLS or SASL detail here, not in rc. */
		if (ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &msg) ==
		    LDAP_OPT_SUCCESS && msg != NULL) {
			snprintf(diag, diaglen, " (%s)", msg);
			ldap_memfree(msg);
		}
		ldap_unbind_ext_s(ld, NULL, NULL);
	}
	return NULL;
}

/* budget_spent - the reason for a mail whose budget ran out */
static void
budget_spent(const struct lg_directory *d, char *err, size_t errlen)
{
	if (errlen > 0)
		snprintf(err, errlen, "no answer within ldap_timeout (%lds)",
		    d->dir_timeout);
}

/* dir_connect - the first URI that connects and binds; NULL with err set */
static LDAP *
dir_connect(struct lg_directory *d, const struct lg_dir_budget *b, char *err,
    size_t errlen)
{
	struct timeval left;
	char diag[160];
	size_t i, off = 0;
	const char *what;
	LDAP *ld;
	int rc = 0;

	err[0] = '\0';
	for (i = 0; d->dir_uris[i] != NULL; i++) {
		if (!dirbudget_left(b, &left)) {
			budget_spent(d, err + off, off < errlen ? errlen - off : 0);
			return NULL;
		}
		if ((ld = dir_connect_one(d, d->dir_uris[i], &left, &what, &rc,
		    diag, sizeof diag)) != NULL) {
			err[0] = '\0';	/* an earlier URI's failure is no error */
			return ld;
		}
		if (off < errlen)
			off += (size_t)snprintf(err + off, errlen - off, "%s%s: %s: %s%s",
			    i ? "; " : "", d->dir_uris[i], what, ldap_err2string(rc),
			    diag);
	}
	return NULL;
}

/*
 * slot_take - wait for a free pool slot, at most until the budget's
 * deadline, and mark it busy; NULL (err set) when the budget ran out
 */
static struct dir_slot *
slot_take(struct lg_directory *d, const struct lg_dir_budget *b, char *err,
    size_t errlen)
{
	struct dir_slot *s = NULL;
	size_t i;

	pthread_mutex_lock(&d->dir_lock);
	for (;;) {
		for (i = 0; i < d->dir_nslots; i++)
			if (!d->dir_slots[i].slot_busy) {
				s = &d->dir_slots[i];
				break;
			}
		if (s != NULL)
			break;
		if (pthread_cond_timedwait(&d->dir_free_cond, &d->dir_lock,
		    &b->db_deadline) == ETIMEDOUT) {
			pthread_mutex_unlock(&d->dir_lock);
			budget_spent(d, err, errlen);
			return NULL;
		}
	}
	s->slot_busy = 1;
	pthread_mutex_unlock(&d->dir_lock);
	return s;
}

static void
slot_give(struct lg_directory *d, struct dir_slot *s)
{
	pthread_mutex_lock(&d->dir_lock);
	s->slot_busy = 0;
	pthread_cond_signal(&d->dir_free_cond);
	pthread_mutex_unlock(&d->dir_lock);
}

/* connection_lost - does this result code mean the handle is dead? */
static int
connection_lost(int rc)
{
	return rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR ||
	    rc == LDAP_TIMEOUT || rc == LDAP_UNAVAILABLE || rc == LDAP_BUSY;
}

/*
 * slot_search - one search on the slot's handle, connecting first if need
 * be and once more on a fresh connection if the server went away.  Returns
 * the LDAP result code; *res is set (free with ldap_msgfree) on success and
 * on LDAP_SIZELIMIT_EXCEEDED.
 */
static int
slot_search(struct lg_directory *d, struct dir_slot *s,
    const struct lg_dir_budget *b, const char *base, int scope,
    const char *filter, char **attrs, int sizelimit, LDAPMessage **res,
    char *err, size_t errlen)
{
	struct timeval tv;
	int attempt, rc = LDAP_SERVER_DOWN;

	*res = NULL;
	for (attempt = 0; attempt < 2; attempt++) {
		if (s->slot_ld == NULL &&
		    (s->slot_ld = dir_connect(d, b, err, errlen)) == NULL)
			return LDAP_SERVER_DOWN;
		if (!dirbudget_left(b, &tv)) {
			budget_spent(d, err, errlen);
			return LDAP_TIMEOUT;
		}
		rc = ldap_search_ext_s(s->slot_ld, base, scope, filter, attrs, 0,
		    NULL, NULL, &tv, sizelimit, res);
		if (rc == LDAP_SUCCESS || rc == LDAP_SIZELIMIT_EXCEEDED)
			return rc;
		if (*res != NULL) {
			ldap_msgfree(*res);
			*res = NULL;
		}
		snprintf(err, errlen, "search: %s", ldap_err2string(rc));
		if (rc == LDAP_TIMEOUT && !dirbudget_left(b, &tv))
			budget_spent(d, err, errlen);
		if (!connection_lost(rc))
			return rc;
		/* The server went away (restart?): drop the handle, try anew. */
		ldap_unbind_ext_s(s->slot_ld, NULL, NULL);
		s->slot_ld = NULL;
	}
	return rc;
}

/* copy_values - append an attribute's values to a NULL-terminated list */
static int
copy_values(LDAP *ld, LDAPMessage *e, const char *attr, char ***list, size_t *n)
{
	struct berval **vals;
	size_t i;

	if ((vals = ldap_get_values_len(ld, e, attr)) == NULL)
		return 0;
	for (i = 0; vals[i] != NULL; i++) {
		char **l = realloc(*list, (*n + 2) * sizeof *l);

		if (l == NULL) {
			ldap_value_free_len(vals);
			return -1;
		}
		*list = l;
		if (((*list)[*n] = strndup(vals[i]->bv_val, vals[i]->bv_len)) == NULL) {
			ldap_value_free_len(vals);
			return -1;
		}
		(*list)[++*n] = NULL;
	}
	ldap_value_free_len(vals);
	return 0;
}

/* read_record - DN, name and (if addrs) addresses of entry e */
static int
read_record(struct lg_directory *d, LDAP *ld, LDAPMessage *e,
    struct lg_record *rec, int addrs)
{
	struct berval **names;
	char *dn;
	size_t i;

	if ((dn = ldap_get_dn(ld, e)) != NULL) {
		rec->rec_dn = strdup(dn);
		ldap_memfree(dn);
		if (rec->rec_dn == NULL)
			return -1;
	}
	if ((names = ldap_get_values_len(ld, e, d->dir_name_attr)) != NULL) {
		if (names[0] != NULL)
			rec->rec_name = strndup(names[0]->bv_val, names[0]->bv_len);
		ldap_value_free_len(names);
	}
	for (i = 0; addrs && d->dir_addr_attrs[i] != NULL; i++)
		if (copy_values(ld, e, d->dir_addr_attrs[i], &rec->rec_addrs,
		    &rec->rec_naddrs) == -1)
			return -1;
	return 0;
}

/* check_verified - does the entry rec also match the verified filter? */
static enum lg_dir_status
check_verified(struct lg_directory *d, struct dir_slot *s,
    const struct lg_dir_budget *b, struct lg_record *rec, char *err,
    size_t errlen)
{
	LDAPMessage *res;
	int rc, n;

	if (d->dir_verified_filter[0] == '\0')
		return LG_DIR_FOUND;
	rc = slot_search(d, s, b, rec->rec_dn, LDAP_SCOPE_BASE,
	    d->dir_verified_filter, d->dir_owner_attrs, 1, &res, err, errlen);
	if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED)
		return LG_DIR_ERROR;
	n = ldap_count_entries(s->slot_ld, res);
	ldap_msgfree(res);
	rec->rec_unverified = n < 1;
	return LG_DIR_FOUND;
}

/*
 * DIRECTORY_LOOKUP_CUSTOMER -- find the entry of one customer id.
 *	Parameters: customer_id as taken from mail (escaped here); rec is
 *	filled in on LG_DIR_FOUND and must be released with record_clear.
 *	Return value: LG_DIR_FOUND, LG_DIR_NOT_FOUND, LG_DIR_AMBIGUOUS, or
 *	LG_DIR_ERROR with err set.
 */
enum lg_dir_status
directory_lookup_customer(struct lg_directory *d, const char *customer_id,
    struct lg_dir_budget *b, struct lg_record *rec, char *err, size_t errlen)
{
	struct lg_dir_budget own;
	char filter[FILTER_MAX], key[CUSTOMER_KEY_MAX];
	struct lg_record *cached = NULL;
	enum lg_dir_status st;
	struct dir_slot *s;
	LDAPMessage *res;
	size_t ncached = 0;
	int rc, n;

	memset(rec, 0, sizeof *rec);
	if (ldap_filter_expand(d->dir_filter, customer_id, strlen(customer_id),
	    filter, sizeof filter) == -1 ||
	    (size_t)snprintf(key, sizeof key, "c:%s", customer_id) >= sizeof key)
		return LG_DIR_NOT_FOUND;	/* no customer id is that long */
	if (dircache_get(d->dir_cache, key, time(NULL), &st, &cached,
	    &ncached) == 1) {
		rc = st == LG_DIR_FOUND && ncached == 1 ?
		    record_copy(rec, &cached[0]) : 0;
		records_free(cached, ncached);
		if (rc == 0) {
			directory_count(1);
			return st;
		}
	}
	directory_count(0);
	if (b == NULL)
		dirbudget_start(b = &own, d->dir_timeout);
	if ((s = slot_take(d, b, err, errlen)) == NULL)
		return LG_DIR_ERROR;
	rc = slot_search(d, s, b, d->dir_base, LDAP_SCOPE_SUBTREE, filter,
	    d->dir_attrs, CUSTOMER_LIMIT, &res, err, errlen);
	if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
		slot_give(d, s);
		return LG_DIR_ERROR;
	}
	n = ldap_count_entries(s->slot_ld, res);
	if (n < 0) {			/* not "no entry": an error */
		snprintf(err, errlen, "ldap_count_entries failed");
		st = LG_DIR_ERROR;
	} else if (rc == LDAP_SIZELIMIT_EXCEEDED || n > 1)
		st = LG_DIR_AMBIGUOUS;
	else if (n <= 0)
		st = LG_DIR_NOT_FOUND;
	else if (read_record(d, s->slot_ld, ldap_first_entry(s->slot_ld, res),
	    rec, 1) == -1) {
		snprintf(err, errlen, "out of memory");
		st = LG_DIR_ERROR;
	} else
		st = check_verified(d, s, b, rec, err, errlen);
	ldap_msgfree(res);
	slot_give(d, s);
	if (st == LG_DIR_ERROR)
		record_clear(rec);
	else
		dircache_put(d->dir_cache, key, time(NULL), st, rec,
		    st == LG_DIR_FOUND ? 1 : 0);
	return st;
}

/* owner_filter - (|(attr=ascii)(attr=unicode)...) over the address attrs */
static int
owner_filter(struct lg_directory *d, const char *ascii, const char *unicode,
    char *out, size_t outlen)
{
	char ea[LG_ADDRESS_MAX * 4], eu[LG_ADDRESS_MAX * 4];
	size_t off, i;

	if (ldap_filter_escape(ascii, strlen(ascii), ea, sizeof ea) < 0 ||
	    ldap_filter_escape(unicode, strlen(unicode), eu, sizeof eu) < 0)
		return -1;
	off = (size_t)snprintf(out, outlen, "(|");
	for (i = 0; d->dir_addr_attrs[i] != NULL && off < outlen; i++) {
		off += (size_t)snprintf(out + off, outlen - off, "(%s=%s)",
		    d->dir_addr_attrs[i], ea);
		if (strcmp(ea, eu) != 0 && off < outlen)
			off += (size_t)snprintf(out + off, outlen - off, "(%s=%s)",
			    d->dir_addr_attrs[i], eu);
	}
	if (off < outlen)
		off += (size_t)snprintf(out + off, outlen - off, ")");
	return off < outlen ? 0 : -1;
}

/*
 * DIRECTORY_LOOKUP_OWNERS -- the entries holding an address (in either
 *	IDNA form) in one of the address attributes: DN and name each.
 *	Return value: LG_DIR_FOUND with *owners (free with records_free),
 *	LG_DIR_NOT_FOUND, or LG_DIR_ERROR with err set.  More entries than
 *	ldap_size_limit still answer LG_DIR_FOUND with the first ones.
 */
enum lg_dir_status
directory_lookup_owners(struct lg_directory *d, const char *address,
    struct lg_dir_budget *b, struct lg_record **owners, size_t *nowners,
    char *err, size_t errlen)
{
	struct lg_dir_budget own;
	char ascii[LG_ADDRESS_MAX * 2], unicode[LG_ADDRESS_MAX * 2];
	char filter[FILTER_MAX], key[CACHE_KEY_MAX];
	enum lg_dir_status st;
	struct dir_slot *s;
	LDAPMessage *res, *e;
	size_t n = 0;
	int rc, total;

	*owners = NULL;
	*nowners = 0;
	if (address_forms(address, ascii, sizeof ascii, unicode,
	    sizeof unicode) == -1 ||
	    owner_filter(d, ascii, unicode, filter, sizeof filter) == -1 ||
	    (size_t)snprintf(key, sizeof key, "a:%s", ascii) >= sizeof key) {
		/* Not "nobody holds it": nobody could be asked. */
		snprintf(err, errlen, "recipient cannot be looked up (not an "
		    "address, or too long)");
		return LG_DIR_ERROR;
	}
	if (dircache_get(d->dir_cache, key, time(NULL), &st, owners,
	    nowners) == 1) {
		directory_count(1);
		return st;
	}
	directory_count(0);
	if (b == NULL)
		dirbudget_start(b = &own, d->dir_timeout);
	if ((s = slot_take(d, b, err, errlen)) == NULL)
		return LG_DIR_ERROR;
	rc = slot_search(d, s, b, d->dir_base, LDAP_SCOPE_SUBTREE, filter,
	    d->dir_owner_attrs, (int)d->dir_size_limit, &res, err, errlen);
	if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
		slot_give(d, s);
		return LG_DIR_ERROR;
	}
	st = LG_DIR_NOT_FOUND;
	if ((total = ldap_count_entries(s->slot_ld, res)) < 0) {
		snprintf(err, errlen, "ldap_count_entries failed");
		st = LG_DIR_ERROR;
	} else if (total > 0 &&
	    (*owners = calloc((size_t)total, sizeof **owners)) == NULL) {
		snprintf(err, errlen, "out of memory");
		st = LG_DIR_ERROR;
	}
	for (e = ldap_first_entry(s->slot_ld, res); st != LG_DIR_ERROR &&
	    e != NULL && n < (size_t)total; e = ldap_next_entry(s->slot_ld, e)) {
		if (read_record(d, s->slot_ld, e, &(*owners)[n++], 0) == -1) {
			snprintf(err, errlen, "out of memory");
			st = LG_DIR_ERROR;
		} else
			st = LG_DIR_FOUND;
	}
	ldap_msgfree(res);
	slot_give(d, s);
	if (st == LG_DIR_ERROR) {
		records_free(*owners, n);
		*owners = NULL;
		n = 0;
	}
	*nowners = n;
	if (st != LG_DIR_ERROR)
		dircache_put(d->dir_cache, key, time(NULL), st, *owners, n);
	return st;
}
