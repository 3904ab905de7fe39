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
 *  - config_check_paths: the directories, files and group the daemon
 *    will need exist, with safe modes (checks this machine, not the text).
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
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <sys/stat.h>
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

	if ((uris = config_split_list(cfg->cfg_ldap_uri, &n)) == NULL) {
		fprintf(errors, "%s: ldap_uri: out of memory\n", cfg->cfg_path);
		return 1;
	}
	for (i = 0; i < n; i++) {
		LDAPURLDesc *lud = NULL;
		const char *why = NULL;

		if (ldap_url_parse(uris[i], &lud) != LDAP_URL_SUCCESS)
			why = "not an LDAP URL (e.g. ldaps://host/)";
		else if (strcasecmp(lud->lud_scheme, "ldap") != 0 &&
		    strcasecmp(lud->lud_scheme, "ldaps") != 0 &&
		    strcasecmp(lud->lud_scheme, "ldapi") != 0)
			why = "not an LDAP URL (e.g. ldaps://host/)";
		else if (cfg->cfg_ldap_allow_cleartext)
			;
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

/* dir_of - the directory part of path into buf ("." when none) */
static void
dir_of(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(buf, len, ".");
	else if (slash == path)
		snprintf(buf, len, "/");
	else
		snprintf(buf, len, "%.*s", (int)(slash - path), path);
}

/*
 * check_dir - a directory a key needs: it must exist and must not be
 * writable by others without the sticky bit (anyone could replace what
 * leakguard puts there).  Returns 1 for a problem printed, else 0.
 */
static int
check_dir(const struct lg_config *cfg, const char *key, const char *file,
    FILE *errors)
{
	char dir[4096];
	struct stat st;

	dir_of(file, dir, sizeof dir);
	if (stat(dir, &st) == -1) {
		fprintf(errors, "%s: %s: directory %s: %s\n", cfg->cfg_path, key,
		    dir, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(errors, "%s: %s: %s: not a directory\n", cfg->cfg_path,
		    key, dir);
		return 1;
	}
	if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX)) {
		fprintf(errors, "%s: %s: directory %s: anyone may write it "
		    "(mode %04o): chmod o-w\n", cfg->cfg_path, key, dir,
		    (unsigned)(st.st_mode & 07777));
		return 1;
	}
	return 0;
}

/* check_file - a file a key names must exist, be a file, and not be
 * writable by group or others */
static int
check_file(const struct lg_config *cfg, const char *key, const char *path,
    FILE *errors)
{
	struct stat st;

	if (path == NULL || *path == '\0')
		return 0;
	if (stat(path, &st) == -1) {
		fprintf(errors, "%s: %s: %s: %s\n", cfg->cfg_path, key, path,
		    strerror(errno));
		return 1;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(errors, "%s: %s: %s: not a regular file\n", cfg->cfg_path,
		    key, path);
		return 1;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		fprintf(errors, "%s: %s: %s: group or others may write it "
		    "(mode %04o): chmod go-w\n", cfg->cfg_path, key, path,
		    (unsigned)(st.st_mode & 07777));
		return 1;
	}
	return 0;
}

/*
 * CONFIG_CHECK_PATHS -- what the daemon will need on this machine: the
 *	directory of a unix socket and of the database exist and are not
 *	writable by everyone; the key, password and CA files exist and are
 *	not writable by group or others; staff_group names a group.
 *	Return value: the number of problems printed.
 */
int
config_check_paths(const struct lg_config *cfg, FILE *errors)
{
	const char *sock = cfg->cfg_socket;
	int bad = 0;

	if (strncmp(sock, "unix:", 5) == 0 || strncmp(sock, "local:", 6) == 0)
		bad += check_dir(cfg, "socket", strchr(sock, ':') + 1, errors);
	else if (sock[0] == '/')
		bad += check_dir(cfg, "socket", sock, errors);
	bad += check_dir(cfg, "database", cfg->cfg_database, errors);
	bad += check_file(cfg, "ldap_bind_password_file",
	    cfg->cfg_ldap_bind_password_file, errors);
	bad += check_file(cfg, "binding_key_file", cfg->cfg_binding_key_file,
	    errors);
	bad += check_file(cfg, "ldap_tls_ca_file", cfg->cfg_ldap_tls_ca_file,
	    errors);
	if (cfg->cfg_staff_group != NULL && *cfg->cfg_staff_group != '\0' &&
	    getgrnam(cfg->cfg_staff_group) == NULL) {
		fprintf(errors, "%s: staff_group: no such group \"%s\" (groupadd "
		    "--system %s)\n", cfg->cfg_path, cfg->cfg_staff_group,
		    cfg->cfg_staff_group);
		bad++;
	}
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
