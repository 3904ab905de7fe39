/*
 * filesafe.c - may a privileged program trust what a path names?  The
 * rule is OpenSSH's safe_path(): the path is resolved (symbolic links
 * followed), and the object and every directory above it up to "/" must
 * be owned by root (or by the one extra owner the caller names, usually
 * the effective uid of an unprivileged run) and not writable by group or
 * others.  Otherwise whoever can write there can swap the file for their
 * own between the check and the use, or rename a directory on the way.
 *
 * One relaxation: a directory above the object may be writable by all if
 * it has the sticky bit and is owned by root (/tmp): others may add names
 * to it but not remove or rename ours, and the next component down is
 * checked for its owner as usual.
 *
 * This file only answers the question; which files must pass (config,
 * rules, Postfix's main.cf, key and password files) and when (running as
 * root, under sudo) is the callers' decision.  Errors: -1 with "PATH:
 * reason" naming the component that failed, in err.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filesafe.h"

/* owner_ok - owned by root or by the named owner */
static int
owner_ok(const struct stat *st, uid_t owner)
{
	return st->st_uid == 0 || st->st_uid == owner;
}

/* check_dir - one directory above the object */
static int
check_dir(const char *dir, uid_t owner, char *err, size_t errlen)
{
	struct stat st;

	if (stat(dir, &st) == -1) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!owner_ok(&st, owner)) {
		snprintf(err, errlen, "%s: directory owned by uid %ld, not by "
		    "root", dir, (long)st.st_uid);
		return -1;
	}
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) &&
	    !((st.st_mode & S_ISVTX) && st.st_uid == 0)) {
		snprintf(err, errlen, "%s: directory writable by group or "
		    "others", dir);
		return -1;
	}
	return 0;
}

/*
 * FILESAFE_CHECK -- may path be trusted?
 *	Parameters: path; kind (a regular file or a directory expected);
 *	owner, a uid accepted besides root (pass 0 to accept root only);
 *	err/errlen for the reason.
 *	Return value: 0 safe, -1 not (or could not be checked), err set.
 */
int
filesafe_check(const char *path, enum filesafe_kind kind, uid_t owner,
    char *err, size_t errlen)
{
	char *real, *slash;
	struct stat st;
	int rc = -1;

	if ((real = realpath(path, NULL)) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (stat(real, &st) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (kind == FILESAFE_FILE && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		goto out;
	}
	if (kind == FILESAFE_DIR && !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: not a directory", path);
		goto out;
	}
	if (!owner_ok(&st, owner)) {
		snprintf(err, errlen, "%s: owned by uid %ld, not by root", path,
		    (long)st.st_uid);
		goto out;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(err, errlen, "%s: writable by group or others", path);
		goto out;
	}
	/* Each directory above, from the nearest up to "/". */
	while ((slash = strrchr(real, '/')) != NULL) {
		if (slash == real) {
			if (real[1] == '\0')
				break;
			real[1] = '\0';
		} else
			*slash = '\0';
		if (check_dir(real, owner, err, errlen) == -1)
			goto out;
	}
	rc = 0;
out:
	free(real);
	return rc;
}

/*
 * FILESAFE_OWNER -- the owner to accept besides root: none when running
 *	with root's effective uid (0 then means root only), else the
 *	effective uid, whose own files an unprivileged run may trust.
 */
uid_t
filesafe_owner(void)
{
	return geteuid();
}
