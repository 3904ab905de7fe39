/*
 * ctl_priv.c - is leakguardctl running with privileges someone else lent
 * it (sudo, doas, pkexec, a set-id install), and which configuration is
 * in force.  Under lent privileges the caller must get nothing but the
 * staff commands: leakguardctl.c then refuses -c and takes the
 * configuration only if config_check_trust() trusts it.
 *
 * Root itself, run by nobody else, may point leakguardctl anywhere: it
 * could read those files anyway.  This file leaves the refusals to its
 * callers; it only answers, and opens the files a caller names (scan's
 * mail) with that caller's own rights (ctl_fopen_as_caller).
 */
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "ctl.h"

/*
 * CTL_PRIVILEGED -- 1 when the privileges we run with are lent: the real
 *	and effective ids differ (a set-id install), or we are root and one
 *	of sudo, doas or pkexec says it started us for someone else.  sudo
 *	gives real and effective uid 0 alike, so its own variables are what
 *	tell; they are set by sudo itself, and root who sets them by hand
 *	only refuses itself -c.
 */
int
ctl_privileged(void)
{
	static const char *const lenders[] = { "SUDO_USER", "SUDO_UID",
	    "SUDO_COMMAND", "DOAS_USER", "PKEXEC_UID" };
	size_t i;

	if (getuid() != geteuid() || getgid() != getegid())
		return 1;
	if (geteuid() != 0)
		return 0;
	for (i = 0; i < sizeof lenders / sizeof lenders[0]; i++)
		if (getenv(lenders[i]) != NULL)
			return 1;
	return 0;
}

/*
 * CTL_CONFIG_ID -- "PATH sha256:HEX": the configuration's resolved path
 *	and the SHA-256 of its content, as audit rows record it.
 *	Return value: 0, or -1 (out holds what could be said: the path).
 */
int
ctl_config_id(const char *path, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char buf[8192], d[EVP_MAX_MD_SIZE];
	char *real = realpath(path, NULL), sum[2 * EVP_MAX_MD_SIZE + 1];
	unsigned int dlen = 0, i;
	EVP_MD_CTX *md = NULL;
	FILE *fp = NULL;
	size_t n;
	int rc = -1;

	snprintf(out, outlen, "%s", real ? real : path);
	if ((fp = fopen(path, "r")) == NULL || (md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
		goto out;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		if (EVP_DigestUpdate(md, buf, n) != 1)
			goto out;
	if (ferror(fp) || EVP_DigestFinal_ex(md, d, &dlen) != 1)
		goto out;
	for (i = 0; i < dlen; i++) {
		sum[2 * i] = hex[d[i] >> 4];
		sum[2 * i + 1] = hex[d[i] & 0x0f];
	}
	sum[2 * dlen] = '\0';
	snprintf(out, outlen, "%s sha256:%s", real ? real : path, sum);
	rc = 0;
out:
	if (fp != NULL)
		fclose(fp);
	EVP_MD_CTX_free(md);
	free(real);
	return rc;
}

/* caller_ids - who lent us privileges: uid, gid and login; 0 or -1 */
static int
caller_ids(uid_t *uid, gid_t *gid, char *name, size_t namelen)
{
	static const char *const users[] = { "SUDO_USER", "DOAS_USER" };
	const struct passwd *pw = NULL;
	const char *v;
	size_t i;

	if (getuid() != geteuid() || getgid() != getegid())
		pw = getpwuid(getuid());		/* a set-id install */
	for (i = 0; pw == NULL && i < sizeof users / sizeof users[0]; i++)
		if ((v = getenv(users[i])) != NULL && *v != '\0')
			pw = getpwnam(v);
	if (pw == NULL && (v = getenv("PKEXEC_UID")) != NULL)
		pw = getpwuid((uid_t)strtoul(v, NULL, 10));
	if (pw == NULL || (size_t)snprintf(name, namelen, "%s", pw->pw_name) >=
	    namelen)
		return -1;
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return 0;
}

/*
 * CTL_FOPEN_AS_CALLER -- fopen(path, "r"), with lent privileges done as
 *	the user who lent them (their uid, gid and groups, set as effective
 *	ids for the open only): "sudo leakguardctl scan /etc/shadow" reads
 *	only what the staff member could read.  Without lent privileges a
 *	plain fopen.  Exits if the ids cannot be restored.
 *	Return value: the stream, or NULL with errno set.
 */
FILE *
ctl_fopen_as_caller(const char *path)
{
	uid_t uid, euid = geteuid();
	gid_t gid, egid = getegid(), *saved = NULL;
	char name[256];
	int n, e;
	FILE *fp = NULL;

	if (!ctl_privileged())
		return fopen(path, "r");
	if (caller_ids(&uid, &gid, name, sizeof name) == -1) {
		errno = EPERM;
		return NULL;
	}
	if ((n = getgroups(0, NULL)) < 0 ||
	    (saved = calloc((size_t)n + 1, sizeof *saved)) == NULL ||
	    getgroups(n, saved) != n) {
		free(saved);
		errno = ENOMEM;
		return NULL;
	}
	if (initgroups(name, gid) == 0 && setegid(gid) == 0 &&
	    seteuid(uid) == 0)
		fp = fopen(path, "r");
	else
		errno = EPERM;
	e = errno;
	if (seteuid(euid) == -1 || setegid(egid) == -1 ||
	    setgroups((size_t)n, saved) == -1) {
		fprintf(stderr, "leakguardctl: cannot restore privileges: %s\n",
		    strerror(errno));
		_exit(EXIT_ERROR);
	}
	free(saved);
	errno = e;
	return fp;
}
