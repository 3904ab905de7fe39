/*
 * ctl.h - what the leakguardctl command files share: the handler signature,
 * exit codes and usage().
 */
#ifndef LG_CTL_H
#define LG_CTL_H

#include "config.h"

#define EXIT_ERROR	2	/* any command that failed */

struct ctl_command {
	const char	*cmd_name;
	int		(*cmd_fn)(struct lg_config *, int, char **);
	const char	*cmd_usage;
};

_Noreturn void usage(void);

int ctl_do_scan(struct lg_config *, int, char **);

#endif
