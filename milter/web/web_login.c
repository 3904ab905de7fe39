/*
 * web_login.c - leakguard-web's login: the staff member's entry is found in
 * the directory by an RFC 4515-escaped filter, the password is checked by a
 * simple bind as that entry over TLS (ldaps:// or StartTLS), and the entry's
 * uid must be a system login in staff_group.  No local passwords; the
 * password is never logged or kept.  Sessions are web_session.c's.
 */
#include <grp.h>
#include <ldap.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "../ldap_filter.h"
#include "web.h"

/* login_base - web_login_base, or the dc= suffix of ldap_base */
static const char *
login_base(const struct lg_config *cfg)
{
	const char *dc;

	if (cfg->cfg_web_login_base[0] != '\0')
		return cfg->cfg_web_login_base;
	dc = strstr(cfg->cfg_ldap_base, "dc=");
	return dc != NULL ? dc : cfg->cfg_ldap_base;
}

/* connect_tls - a handle to the first URI, refusing any cleartext path */
static LDAP *
connect_tls(const struct lg_config *cfg, char *err, size_t errlen)
{
	char uri[512];
	int version = LDAP_VERSION3, demand = LDAP_OPT_X_TLS_DEMAND, zero = 0;
	struct timeval tv = { cfg->cfg_ldap_timeout, 0 };
	bool ldaps, ldapi, starttls;
	LDAP *ld = NULL;
	int rc;

	sscanf(cfg->cfg_ldap_uri, "%511s", uri);
	ldaps = strncmp(uri, "ldaps://", 8) == 0;
	ldapi = strncmp(uri, "ldapi://", 8) == 0;
	starttls = strncmp(uri, "ldap://", 7) == 0 && cfg->cfg_ldap_starttls;
	if (!ldaps && !ldapi && !starttls) {
		snprintf(err, errlen, "%s: staff passwords need ldaps://, "
		    "ldapi:// or ldap_starttls", uri);
		return NULL;
	}
	if ((rc = ldap_initialize(&ld, uri)) != LDAP_SUCCESS)
		goto fail;
	ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
	ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
	ldap_set_option(ld, LDAP_OPT_TIMEOUT, &tv);
	ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
	if (ldaps || starttls) {
		if ((cfg->cfg_ldap_tls_ca_file[0] != '\0' &&
		    ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE,
		    cfg->cfg_ldap_tls_ca_file) != LDAP_OPT_SUCCESS) ||
		    ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand) !=
		    LDAP_OPT_SUCCESS ||
		    ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &zero) !=
		    LDAP_OPT_SUCCESS) {
			rc = LDAP_LOCAL_ERROR;
			goto fail;
		}
	}
	if (starttls && (rc = ldap_start_tls_s(ld, NULL, NULL)) != LDAP_SUCCESS)
		goto fail;
	return ld;
fail:
	snprintf(err, errlen, "%s: %s", uri, ldap_err2string(rc));
	if (ld != NULL)
		ldap_unbind_ext_s(ld, NULL, NULL);
	return NULL;
}

/* in_staff_group - the system login is a member of staff_group */
static bool
in_staff_group(const char *login, const char *group)
{
	struct passwd *pw = getpwnam(login);
	struct group *gr = getgrnam(group);
	gid_t groups[256];
	int n = 256, i;

	if (pw == NULL || gr == NULL ||
	    getgrouplist(login, pw->pw_gid, groups, &n) == -1)
		return false;
	for (i = 0; i < n; i++)
		if (groups[i] == gr->gr_gid)
			return true;
	return false;
}

int
web_login_check(const struct lg_config *cfg, const char *login,
    const char *password, char *dnout, size_t dnlen, char *err, size_t errlen)
{
	char filter[1024], *dn = NULL, *attrs[] = { "uid", NULL };
	struct berval cred, **uids = NULL, anon = { 0, NULL };
	LDAPMessage *res = NULL, *e;
	int rc, result = 1;
	LDAP *ld;

	snprintf(err, errlen, "refused");
	/* an empty password would be an unauthenticated bind: never */
	if (login[0] == '\0' || password[0] == '\0')
		return 1;
	if (ldap_filter_expand(cfg->cfg_web_login_filter, login, strlen(login),
	    filter, sizeof filter) == -1)
		return 1;
	if ((ld = connect_tls(cfg, err, errlen)) == NULL)
		return -1;
	rc = ldap_sasl_bind_s(ld, NULL, LDAP_SASL_SIMPLE, &anon, NULL, NULL,
	    NULL);
	if (rc == LDAP_SUCCESS)
		rc = ldap_search_ext_s(ld, login_base(cfg), LDAP_SCOPE_SUBTREE,
		    filter, attrs, 0, NULL, NULL, NULL, 2, &res);
	if (rc != LDAP_SUCCESS) {
		snprintf(err, errlen, "search: %s", ldap_err2string(rc));
		result = -1;
		goto out;
	}
	if (ldap_count_entries(ld, res) != 1 ||
	    (e = ldap_first_entry(ld, res)) == NULL ||
	    (dn = ldap_get_dn(ld, e)) == NULL ||
	    (uids = ldap_get_values_len(ld, e, "uid")) == NULL ||
	    uids[0] == NULL || uids[1] != NULL)
		goto out;		/* unknown, ambiguous or no uid */
	cred.bv_val = (char *)password;
	cred.bv_len = strlen(password);
	rc = ldap_sasl_bind_s(ld, dn, LDAP_SASL_SIMPLE, &cred, NULL, NULL, NULL);
	if (rc == LDAP_INVALID_CREDENTIALS)
		goto out;
	if (rc != LDAP_SUCCESS) {
		snprintf(err, errlen, "bind: %s", ldap_err2string(rc));
		result = -1;
		goto out;
	}
	/* the directory's uid, not the typed name, is the staff identity */
	if (uids[0]->bv_len != strlen(login) ||
	    memcmp(uids[0]->bv_val, login, uids[0]->bv_len) != 0) {
		snprintf(err, errlen, "login name differs from the entry's uid");
		goto out;
	}
	if (!in_staff_group(login, cfg->cfg_staff_group)) {
		snprintf(err, errlen, "not in %s", cfg->cfg_staff_group);
		goto out;
	}
	if ((size_t)snprintf(dnout, dnlen, "%s", dn) >= dnlen) {
		snprintf(err, errlen, "directory entry name too long");
		goto out;
	}
	result = 0;
out:
	ldap_value_free_len(uids);
	ldap_memfree(dn);
	ldap_msgfree(res);
	ldap_unbind_ext_s(ld, NULL, NULL);
	return result;
}
