/*
 * ctl_priv.c - is leakguardctl running with privileges someone else lent
 * it (sudo, doas, pkexec, a set-id install), and which configuration is
 * in force.  Under lent privileges the caller must get nothing but the
 * staff commands: leakguardctl.c then refuses -c and takes the
 * configuration only if config_check_trust() trusts it.
 *
 * Root itself, run by nobody else, may point leakguardctl anywhere: it
 * could read those files anyway.  This file leaves the refusals to its
 * callers; it only answers.
 */
#include <limits.h>
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
