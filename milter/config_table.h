/*
 * config_table.h - the table of configuration keys, shared by the parser
 * (config.c) and the table itself (config_keys.c); nothing else sees it.
 */
#ifndef LG_CONFIG_TABLE_H
#define LG_CONFIG_TABLE_H

#include <stddef.h>

enum config_type {
	CT_STRING,
	CT_PATH,	/* like string; "-t" checks nothing more yet */
	CT_SECRET_FILE,	/* path to a file that must not be group/world readable */
	CT_INT,
	CT_TIME,	/* number with s/m/h/d suffix, stored as seconds */
	CT_SIZE,	/* number with k/m/g suffix, stored as bytes */
	CT_BOOL,
	CT_ENUM,	/* one of the '|'-separated choices, stored as index */
	CT_NETLIST,	/* addresses and CIDR ranges */
	CT_FILTER,	/* LDAP filter template with one %s */
	CT_MODE,	/* octal file mode, 0 to 0777 */
};

#define CF_REQUIRED	0x01

struct config_key {
	const char	*name;
	enum config_type type;
	const char	*def;		/* default as text; NULL: none */
	long		 min, max;	/* for CT_INT / CT_TIME / CT_SIZE */
	const char	*choices;	/* for CT_ENUM */
	unsigned	 flags;
	size_t		 offset;	/* into struct lg_config */
	const char	*doc;
};

extern const struct config_key config_keys[];
extern const size_t config_nkeys;

#endif
