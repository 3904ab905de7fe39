/*
 * filesafe.h - may a privileged program trust a file: is it, and every
 * directory above it, out of reach of anyone but root (or one named owner)?
 */
#ifndef LG_FILESAFE_H
#define LG_FILESAFE_H

#include <stddef.h>
#include <sys/types.h>

enum filesafe_kind {
	FILESAFE_FILE,		/* a regular file */
	FILESAFE_DIR,		/* a directory */
};

int filesafe_check(const char *path, enum filesafe_kind kind, uid_t owner,
    char *err, size_t errlen);
uid_t filesafe_owner(void);

#endif
