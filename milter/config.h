/*
 * config.h - leakguard.conf: the parsed settings.
 */
#ifndef LG_CONFIG_H
#define LG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "leakguard.h"
#include "netaddr.h"

struct lg_config {
	char	*cfg_path;
	char	*cfg_socket;
	char	*cfg_ldap_uri;
	char	*cfg_ldap_base;
	char	*cfg_ldap_filter;
	char	*cfg_ldap_bind_dn;
	char	*cfg_ldap_bind_password_file;
	char	*cfg_ldap_address_attributes;
	char	*cfg_ldap_name_attribute;
	long	 cfg_ldap_timeout;		/* seconds */
	long	 cfg_ldap_connections;
	char	*cfg_rules_dir;
	char	*cfg_database;
	char	*cfg_binding_header;
	char	*cfg_trusted_clients;
	struct lg_netlist cfg_trusted;		/* parsed from cfg_trusted_clients */
	size_t	 cfg_max_scan_size;
	long	 cfg_mode;			/* enum lg_mode */
	bool	 cfg_protect_customer_numbers;
	char	*cfg_result_header;
	char	*cfg_postfix_config_directory;
	char	*cfg_staff_group;
	long	 cfg_release_approvals;
	long	 cfg_retention;			/* seconds */
};

/*
 * Errors are written one per line, "file:line: key: problem", into the
 * caller's FILE (stderr for -t, a memory stream in tests).
 */
struct lg_config *config_load(const char *path, FILE *errors);
void config_free(struct lg_config *);
void config_print(const struct lg_config *, FILE *, bool defaults_only);
char **config_split_list(const char *text, size_t *count);
void config_free_list(char **list);

#endif
