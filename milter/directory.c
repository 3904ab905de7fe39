/*
 * directory.c - the LDAP adapter: find the one directory entry of a customer
 * id and read its name and addresses.
 *
 * libmilter runs one thread per SMTP connection, and an LDAP handle must not
 * be used by two threads at once, so handles live in a small pool: a thread
 * takes a free handle, uses it for one lookup and gives it back.  A handle
 * whose server went away is dropped and the lookup retried once on a fresh
 * connection, so a slapd restart costs no mail.  The customer id comes from
 * mail and is escaped (RFC 4515) before it reaches the filter.
 *
 * DIAGNOSTICS: directory_lookup_customer returns LG_DIR_ERROR, with a reason
 * in err, whenever the directory did not give a definite answer; that must
 * never be read as "not found".
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <ldap.h>

#include "directory.h"
#include "ldap_filter.h"

#define FILTER_MAX	8192	/* longest expanded filter */
#define SIZE_LIMIT	2	/* two entries already mean "ambiguous" */

struct dir_slot {
	LDAP	*slot_ld;
	int	 slot_busy;
};

struct lg_directory {
	char		*dir_uri;
	char		*dir_base;
	char		*dir_filter;
	char		*dir_bind_dn;
	char		*dir_bind_pw;		/* from the password file */
	char	       **dir_addr_attrs;
	char		*dir_name_attr;
	char	       **dir_attrs;		/* addr attrs + name attr */
	long		 dir_timeout;
	struct dir_slot	*dir_slots;
	size_t		 dir_nslots;
	pthread_mutex_t	 dir_lock;
	pthread_cond_t	 dir_free_cond;
};

/* read_secret_file - first line of a password file, without the newline */
static char *
read_secret_file(const char *path, char *err, size_t errlen)
{
	char line[1024];
	FILE *fp;
	size_t n;

	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fgets(line, sizeof line, fp) == NULL)
		line[0] = '\0';
	fclose(fp);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	return strdup(line);
}

/*
 * DIRECTORY_NEW -- set up the pool (no connection is made yet).
 *	Reads the bind password file now, before privileges are dropped.
 *	Return value: the directory, or NULL with err set.
 */
struct lg_directory *
directory_new(const struct lg_config *cfg, char *err, size_t errlen)
{
	struct lg_directory *d;
	size_t naddr, i;

	if ((d = calloc(1, sizeof *d)) == NULL)
		goto nomem;
	pthread_mutex_init(&d->dir_lock, NULL);
	pthread_cond_init(&d->dir_free_cond, NULL);
	d->dir_timeout = cfg->cfg_ldap_timeout;
	d->dir_nslots = (size_t)cfg->cfg_ldap_connections;
	if ((d->dir_uri = strdup(cfg->cfg_ldap_uri)) == NULL ||
	    (d->dir_base = strdup(cfg->cfg_ldap_base)) == NULL ||
	    (d->dir_filter = strdup(cfg->cfg_ldap_filter)) == NULL ||
	    (d->dir_bind_dn = strdup(cfg->cfg_ldap_bind_dn)) == NULL ||
	    (d->dir_name_attr = strdup(cfg->cfg_ldap_name_attribute)) == NULL ||
	    (d->dir_slots = calloc(d->dir_nslots, sizeof *d->dir_slots)) == NULL ||
	    (d->dir_addr_attrs = config_split_list(cfg->cfg_ldap_address_attributes,
	    &naddr)) == NULL)
		goto nomem;
	if (naddr == 0) {
		snprintf(err, errlen, "ldap_address_attributes is empty");
		directory_free(d);
		return NULL;
	}
	if ((d->dir_attrs = calloc(naddr + 2, sizeof *d->dir_attrs)) == NULL)
		goto nomem;
	for (i = 0; i < naddr; i++)
		d->dir_attrs[i] = d->dir_addr_attrs[i];
	d->dir_attrs[naddr] = d->dir_name_attr;
	if (cfg->cfg_ldap_bind_password_file[0] != '\0' &&
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
	free(d->dir_uri);
	free(d->dir_base);
	free(d->dir_filter);
	free(d->dir_bind_dn);
	free(d->dir_name_attr);
	free(d->dir_attrs);
	config_free_list(d->dir_addr_attrs);
	pthread_mutex_destroy(&d->dir_lock);
	pthread_cond_destroy(&d->dir_free_cond);
	free(d);
}

/* dir_connect - a new, bound handle; NULL with err set */
static LDAP *
dir_connect(struct lg_directory *d, char *err, size_t errlen)
{
	struct timeval tv = { d->dir_timeout, 0 };
	int version = LDAP_VERSION3, rc;
	LDAP *ld = NULL;

	if ((rc = ldap_initialize(&ld, d->dir_uri)) != LDAP_SUCCESS) {
		snprintf(err, errlen, "ldap_initialize: %s", ldap_err2string(rc));
		return NULL;
	}
	ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
	ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
	ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv);
	ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
	if (d->dir_bind_dn[0] != '\0') {
		struct berval cred;

		cred.bv_val = d->dir_bind_pw ? d->dir_bind_pw : "";
		cred.bv_len = strlen(cred.bv_val);
		rc = ldap_sasl_bind_s(ld, d->dir_bind_dn, LDAP_SASL_SIMPLE, &cred,
		    NULL, NULL, NULL);
		if (rc != LDAP_SUCCESS) {
			snprintf(err, errlen, "bind as %s: %s", d->dir_bind_dn,
			    ldap_err2string(rc));
			ldap_unbind_ext_s(ld, NULL, NULL);
			return NULL;
		}
	}
	return ld;
}

/* slot_take - wait for a free pool slot and mark it busy */
static struct dir_slot *
slot_take(struct lg_directory *d)
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
		pthread_cond_wait(&d->dir_free_cond, &d->dir_lock);
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

/* read_record - fill rec from the single entry e */
static int
read_record(struct lg_directory *d, LDAP *ld, LDAPMessage *e,
    struct lg_record *rec)
{
	struct berval **names;
	char *dn;
	size_t i;

	if ((dn = ldap_get_dn(ld, e)) != NULL) {
		rec->rec_dn = strdup(dn);
		ldap_memfree(dn);
	}
	if ((names = ldap_get_values_len(ld, e, d->dir_name_attr)) != NULL) {
		if (names[0] != NULL)
			rec->rec_name = strndup(names[0]->bv_val, names[0]->bv_len);
		ldap_value_free_len(names);
	}
	for (i = 0; d->dir_addr_attrs[i] != NULL; i++)
		if (copy_values(ld, e, d->dir_addr_attrs[i], &rec->rec_addrs,
		    &rec->rec_naddrs) == -1)
			return -1;
	return 0;
}

/* lookup_once - one search on one handle; sets *rc_out to the LDAP code */
static enum lg_dir_status
lookup_once(struct lg_directory *d, LDAP *ld, const char *filter,
    struct lg_record *rec, int *rc_out, char *err, size_t errlen)
{
	struct timeval tv = { d->dir_timeout, 0 };
	LDAPMessage *res = NULL, *e;
	enum lg_dir_status st;
	int rc, n;

	rc = ldap_search_ext_s(ld, d->dir_base, LDAP_SCOPE_SUBTREE, filter,
	    d->dir_attrs, 0, NULL, NULL, &tv, SIZE_LIMIT, &res);
	*rc_out = rc;
	if (rc != LDAP_SUCCESS && rc != LDAP_SIZELIMIT_EXCEEDED) {
		snprintf(err, errlen, "search: %s", ldap_err2string(rc));
		st = LG_DIR_ERROR;
		goto out;
	}
	n = ldap_count_entries(ld, res);
	if (rc == LDAP_SIZELIMIT_EXCEEDED || n > 1) {
		st = LG_DIR_AMBIGUOUS;
		goto out;
	}
	if (n <= 0) {
		st = LG_DIR_NOT_FOUND;
		goto out;
	}
	e = ldap_first_entry(ld, res);
	if (read_record(d, ld, e, rec) == -1) {
		snprintf(err, errlen, "out of memory");
		record_clear(rec);
		st = LG_DIR_ERROR;
		goto out;
	}
	st = LG_DIR_FOUND;
out:
	if (res != NULL)
		ldap_msgfree(res);
	return st;
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
    struct lg_record *rec, char *err, size_t errlen)
{
	char filter[FILTER_MAX];
	struct dir_slot *s;
	enum lg_dir_status st = LG_DIR_ERROR;
	int attempt, rc;

	memset(rec, 0, sizeof *rec);
	if (ldap_filter_expand(d->dir_filter, customer_id, strlen(customer_id),
	    filter, sizeof filter) == -1)
		return LG_DIR_NOT_FOUND;	/* no customer id is that long */
	s = slot_take(d);
	for (attempt = 0; attempt < 2; attempt++) {
		if (s->slot_ld == NULL &&
		    (s->slot_ld = dir_connect(d, err, errlen)) == NULL) {
			st = LG_DIR_ERROR;
			continue;
		}
		st = lookup_once(d, s->slot_ld, filter, rec, &rc, err, errlen);
		if (st != LG_DIR_ERROR || !connection_lost(rc))
			break;
		/* The server went away (restart?): drop the handle, try anew. */
		ldap_unbind_ext_s(s->slot_ld, NULL, NULL);
		s->slot_ld = NULL;
	}
	slot_give(d, s);
	return st;
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
