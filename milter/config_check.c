/*
 * config_check.c - checks that look at several keys of a loaded
 * configuration at once, made by the daemon at -t and at start (parsing one
 * key at a time is config.c's).
 *
 *  - config_check_link: the link to the directory must be authenticated
 *    and encrypted.  A proxy between leakguard and ldap:// would read the
 *    bind password and could rewrite a customer's mail attribute so the PIN
 *    goes to an attacker.  Every ldap_uri must be ldaps://, ldap:// with
 *    ldap_starttls yes, ldapi://, or ldap:// to a loopback host (127.0.0.0/8,
 *    ::1, localhost); anything else is refused unless
 *    "ldap_allow_cleartext yes" is written out.  (TLS always demands a
 *    certificate that checks against ldap_tls_ca_file: directory.c.)
 *  - config_check_warnings: settings that are legal but weaker than they
 *    look: trusted_clients holding a loopback address without
 *    binding_key_file trusts every local user who can run sendmail.
 *
 * URIs are split with libldap's own parser (ldap_url_parse), so leakguard
 * reads them as the directory adapter will.  Pure otherwise: no network.
 * Both write one line per finding, "file: key: problem", and return the
 * number of findings.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>

#include <ldap.h>

#include "config_check.h"

/*
 * CONFIG_HOST_IS_LOOPBACK -- is host (a name or an address, IPv6 with or
 *	without brackets) this machine's loopback?  Only "localhost" counts as
 *	a name; every other name could resolve anywhere.
 */
bool
config_host_is_loopback(const char *host)
{
	unsigned char a[16];
	char buf[INET6_ADDRSTRLEN + 2];
	size_t n;

	if (host == NULL || *host == '\0')
		return false;
	if (strcasecmp(host, "localhost") == 0 ||
	    strcasecmp(host, "localhost.") == 0)
		return true;
	n = strlen(host);
	if (host[0] == '[' && n >= 2 && host[n - 1] == ']' && n - 2 < sizeof buf) {
		memcpy(buf, host + 1, n - 2);
		buf[n - 2] = '\0';
		host = buf;
	}
	if (inet_pton(AF_INET, host, a) == 1)
		return a[0] == 127;
	if (inet_pton(AF_INET6, host, a) == 1) {
		static const unsigned char lo[16] = { [15] = 1 };
		static const unsigned char v4[12] = { [10] = 0xff, [11] = 0xff };

		return memcmp(a, lo, 16) == 0 ||
		    (memcmp(a, v4, 12) == 0 && a[12] == 127);
	}
	return false;
}

/*
 * CONFIG_CHECK_LINK -- refuse a cleartext directory link to another host.
 *	Return value: the number of URIs refused (0: fine).
 */
int
config_check_link(const struct lg_config *cfg, FILE *errors)
{
	char **uris;
	size_t n, i;
	int bad = 0;

	if (cfg->cfg_ldap_allow_cleartext)
		return 0;
	if ((uris = config_split_list(cfg->cfg_ldap_uri, &n)) == NULL) {
		fprintf(errors, "%s: ldap_uri: out of memory\n", cfg->cfg_path);
		return 1;
	}
	for (i = 0; i < n; i++) {
		LDAPURLDesc *lud = NULL;
		const char *why = NULL;

		if (ldap_url_parse(uris[i], &lud) != LDAP_URL_SUCCESS)
			why = "not an LDAP URL";
		else if (strcasecmp(lud->lud_scheme, "ldaps") == 0 ||
		    strcasecmp(lud->lud_scheme, "ldapi") == 0)
			;
		else if (strcasecmp(lud->lud_scheme, "ldap") != 0)
			why = "not an LDAP URL";
		else if (!cfg->cfg_ldap_starttls &&
		    !config_host_is_loopback(lud->lud_host))
			why = "is not encrypted and not loopback: a bind password "
			    "and customers' addresses would cross the network in "
			    "clear, for anyone on the way to read or rewrite; use "
			    "ldaps:// or \"ldap_starttls yes\" with "
			    "ldap_tls_ca_file (or write \"ldap_allow_cleartext "
			    "yes\")";
		if (why != NULL) {
			fprintf(errors, "%s: ldap_uri: %s: %s\n", cfg->cfg_path,
			    uris[i], why);
			bad++;
		}
		if (lud != NULL)
			ldap_free_urldesc(lud);
	}
	config_free_list(uris);
	return bad;
}

/*
 * CONFIG_CHECK_WARNINGS -- legal settings weaker than they look.
 *	Return value: the number of warnings written.
 */
int
config_check_warnings(const struct lg_config *cfg, FILE *warnings)
{
	int n = 0;

	if (cfg->cfg_binding_key == NULL &&
	    (netlist_contains(&cfg->cfg_trusted, "127.0.0.1") == 1 ||
	    netlist_contains(&cfg->cfg_trusted, "::1") == 1)) {
		fprintf(warnings, "%s: trusted_clients: warning: holds a loopback "
		    "address and binding_key_file is not set: every local user "
		    "who can run sendmail may bind mail to any customer; set "
		    "binding_key_file so binding headers must be signed\n",
		    cfg->cfg_path);
		n++;
	}
	return n;
}
