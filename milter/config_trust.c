/*
 * config_trust.c - may a privileged run trust what a configuration names?
 * A program running as root for someone else (leakguardctl under sudo,
 * the daemon started as root) must not take orders from a file that
 * person could write: the configuration itself, the rules, Postfix's
 * configuration directory (its main.cf names the programs postqueue and
 * postsuper run), the key, password and CA files.  Each must pass
 * filesafe_check(): owned by root (or the one extra owner the caller
 * accepts) and not writable by group or others, nor any directory above.
 *
 * This file does not decide when the check applies (the callers do: see
 * leakguardctl(8) and leakguard(8)) and does not open the store: the
 * daemon's own user owns it.  Problems are printed, one per line, as
 * "config: key: path: reason", into the caller's FILE.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "filesafe.h"

/* trust_one - check one path a key names; 1 if it failed, else 0 */
static int
trust_one(const struct lg_config *cfg, const char *key, const char *path,
    enum filesafe_kind kind, uid_t owner, FILE *errors)
{
	char err[1024];

	if (path == NULL || *path == '\0')
		return 0;
	if (filesafe_check(path, kind, owner, err, sizeof err) == 0)
		return 0;
	fprintf(errors, "%s: %s: %s: not trusted: it and every directory above "
	    "it must be owned by root and not writable by group or others\n",
	    cfg->cfg_path, key, err);
	return 1;
}

static int check_trust(const struct lg_config *, uid_t, FILE *, bool);

/* trust_postfix - Postfix's configuration directory and its main.cf */
static int
trust_postfix(const struct lg_config *cfg, uid_t owner, FILE *errors)
{
	char path[4096];
	int bad;

	bad = trust_one(cfg, "postfix_config_directory",
	    cfg->cfg_postfix_config_directory, FILESAFE_DIR, owner, errors);
	if ((size_t)snprintf(path, sizeof path, "%s/main.cf",
	    cfg->cfg_postfix_config_directory) < sizeof path)
		bad += trust_one(cfg, "postfix_config_directory", path,
		    FILESAFE_FILE, owner, errors);
	else {
		fprintf(errors, "%s: postfix_config_directory: path too long\n",
		    cfg->cfg_path);
		bad++;
	}
	return bad;
}

/* rules_file - a *.rules name, as rules_load_dir() picks them */
static int
rules_file(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 6 && strcmp(name + n - 6, ".rules") == 0;
}

/* trust_rules - a rules directory and each *.rules file in it */
static int
trust_rules(const struct lg_config *cfg, const char *key, const char *dir_path,
    uid_t owner, FILE *errors)
{
	char path[4096];
	struct dirent *d;
	DIR *dir;
	int bad = 0;

	bad += trust_one(cfg, key, dir_path, FILESAFE_DIR, owner, errors);
	if ((dir = opendir(dir_path)) == NULL)
		return bad;
	while ((d = readdir(dir)) != NULL) {
		if (!rules_file(d->d_name))
			continue;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir_path,
		    d->d_name) >= sizeof path) {
			fprintf(errors, "%s: %s: path too long\n", cfg->cfg_path,
			    key);
			bad++;
			continue;
		}
		bad += trust_one(cfg, key, path, FILESAFE_FILE, owner, errors);
	}
	closedir(dir);
	return bad;
}

/*
 * CONFIG_CHECK_TRUST -- check every file and directory cfg names that a
 *	privileged run takes orders from, and the configuration file itself.
 *	Parameters: cfg; owner, a uid accepted besides root (0: root only);
 *	errors for the problems.
 *	Return value: the number of problems (0: all trusted).
 */
int
config_check_trust(const struct lg_config *cfg, uid_t owner, FILE *errors)
{
	return check_trust(cfg, owner, errors, true);
}

/*
 * CONFIG_CHECK_TRUST_DAEMON -- the same for the daemon started as root:
 *	root only, and without postfix_config_directory, which the daemon
 *	never reads (leakguardctl does).
 */
int
config_check_trust_daemon(const struct lg_config *cfg, FILE *errors)
{
	return check_trust(cfg, 0, errors, false);
}

/* check_trust - config_check_trust, Postfix's directory or not */
static int
check_trust(const struct lg_config *cfg, uid_t owner, FILE *errors,
    bool postfix)
{
	int bad = 0;

	bad += trust_one(cfg, "configuration", cfg->cfg_path, FILESAFE_FILE,
	    owner, errors);
	bad += trust_rules(cfg, "rules_dir", cfg->cfg_rules_dir, owner, errors);
	if (access(cfg->cfg_local_rules_dir, F_OK) == 0)
		bad += trust_rules(cfg, "local_rules_dir", cfg->cfg_local_rules_dir,
		    owner, errors);
	if (postfix)
		bad += trust_postfix(cfg, owner, errors);
	bad += trust_one(cfg, "ldap_bind_password_file",
	    cfg->cfg_ldap_bind_password_file, FILESAFE_FILE, owner, errors);
	bad += trust_one(cfg, "binding_key_file", cfg->cfg_binding_key_file,
	    FILESAFE_FILE, owner, errors);
	bad += trust_one(cfg, "ldap_tls_ca_file", cfg->cfg_ldap_tls_ca_file,
	    FILESAFE_FILE, owner, errors);
	return bad;
}
