/*
 * privdrop.h - the daemon gives up root before it judges any mail.
 */
#ifndef LG_PRIVDROP_H
#define LG_PRIVDROP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define LG_PRIV_NAME_MAX	64

struct lg_priv {
	bool	priv_drop;			/* false: stay who we are */
	bool	priv_root;			/* "user root" written out */
	uid_t	priv_uid;
	gid_t	priv_gid;
	char	priv_user[LG_PRIV_NAME_MAX];
};

void privdrop_early(void);
int privdrop_plan(const char *user, const char *group, struct lg_priv *,
    char *err, size_t errlen);
int privdrop_apply(const struct lg_priv *, char *err, size_t errlen);

#endif
