/*
 * config.h - leakguard.conf: the parsed settings.
 */
#ifndef LG_CONFIG_H
#define LG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "leakguard.h"
#include "netaddr.h"

struct lg_config {
	char	*cfg_path;
	char	*cfg_socket;
	long	 cfg_socket_mode;		/* unix socket permissions */
	char	*cfg_socket_group;
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
	char	*cfg_local_rules_dir;
	char	*cfg_database;
	char	*cfg_binding_header;
	char	*cfg_trusted_clients;
	struct lg_netlist cfg_trusted;		/* parsed from cfg_trusted_clients */
	size_t	 cfg_max_scan_size;
	long	 cfg_max_mime_depth;
	/* attachments: extractor workers and their bounds (issue 11) */
	char	*cfg_extract_program;
	char	*cfg_extract_user;
	long	 cfg_extract_workers;
	size_t	 cfg_extract_max_size;		/* bytes in, per attachment */
	size_t	 cfg_extract_max_text;		/* bytes of text out */
	long	 cfg_extract_max_pages;
	long	 cfg_extract_max_entries;
	long	 cfg_extract_max_depth;
	long	 cfg_extract_max_ratio;
	long	 cfg_extract_cpu;		/* seconds */
	size_t	 cfg_extract_memory;		/* bytes of address space */
	long	 cfg_extract_timeout;		/* seconds */
	long	 cfg_opaque_attachments;	/* enum lg_opaque_action */
	long	 cfg_mode;			/* enum lg_mode */
	bool	 cfg_protect_customer_numbers;
	char	*cfg_result_header;
	/* binding: trusted sources and signatures (issue 5) */
	char	*cfg_trusted_sasl_users;
	char	*cfg_binding_key_file;
	unsigned char *cfg_binding_key;		/* read from the file; secret */
	size_t	 cfg_binding_key_len;
	long	 cfg_binding_max_age;		/* seconds */
	/* addresses */
	long	 cfg_local_part_case;		/* 0 insensitive, 1 sensitive */
	char	*cfg_recipient_delimiter;
	/* directory */
	char	*cfg_ldap_verified_filter;
	bool	 cfg_ldap_starttls;
	char	*cfg_ldap_tls_ca_file;
	bool	 cfg_ldap_allow_cleartext;	/* ldap:// to another host */
	long	 cfg_ldap_bind_method;		/* enum lg_bind_method */
	long	 cfg_ldap_network_timeout;	/* seconds */
	long	 cfg_ldap_size_limit;
	long	 cfg_ldap_cache_ttl;		/* seconds; 0: off */
	long	 cfg_ldap_negative_cache_ttl;	/* seconds; 0: off */
	long	 cfg_ldap_cache_size;
	long	 cfg_on_directory_error;	/* enum lg_dir_error_action */
	char	*cfg_postfix_config_directory;
	char	*cfg_staff_group;
	long	 cfg_release_approvals;
	long	 cfg_retention;			/* seconds */
	/* scope (scope.c): empty lists, all mail */
	char	*cfg_scope_senders;
	char	*cfg_scope_clients;
	struct lg_netlist cfg_scope_nets;	/* parsed from cfg_scope_clients */
	char	*cfg_control_socket;		/* control.c; "" off */
	char	*cfg_scope_sasl_users;
	/* the daemon's privileges */
	char	*cfg_user;
	char	*cfg_group;
	char	*cfg_pid_file;
	long	 cfg_syslog_facility;		/* index in LOG_FACILITY_CHOICES */
	char	*cfg_host_name;			/* "": gethostname() */
	long	 cfg_report_stale_age;		/* seconds */
	/* leakguard-web (issue 15) */
	char	*cfg_web_listen;
	char	*cfg_web_tls_cert;
	char	*cfg_web_tls_key;
	char	*cfg_web_user;
	long	 cfg_web_session_idle;		/* seconds */
	long	 cfg_web_session_max;		/* seconds */
	char	*cfg_web_helper;
	char	*cfg_web_login_base;
	char	*cfg_web_login_filter;
	/* the built-in detector (issue 10) */
	bool	 cfg_detector;
	char	*cfg_detector_languages;
	long	 cfg_detector_min_digits;
	long	 cfg_detector_max_digits;
	long	 cfg_detector_min_length;
	long	 cfg_detector_max_length;
	char	*cfg_hunspell_dir;
	char	*cfg_voikko_dir;
	bool	 cfg_verify_bound_mail;
	/* staff notices of held mail (notify.c) */
	char	*cfg_notify_address;		/* "": off */
	long	 cfg_notify_interval;		/* seconds */
	char	*cfg_notify_sendmail;		/* "": postconf sendmail_path */
};

enum lg_bind_method { LG_BIND_SIMPLE, LG_BIND_EXTERNAL };
enum lg_dir_error_action { LG_ON_DIR_ERROR_TEMPFAIL, LG_ON_DIR_ERROR_HOLD };
enum lg_opaque_action { LG_OPAQUE_HOLD, LG_OPAQUE_PASS };

/*
 * Errors are written one per line, "file:line: key: problem", into the
 * caller's FILE (stderr for -t, a memory stream in tests).
 */
struct lg_config *config_load(const char *path, FILE *errors);
void config_free(struct lg_config *);
void config_print(const struct lg_config *, FILE *, bool defaults_only);
char **config_split_list(const char *text, size_t *count);
void config_free_list(char **list);

/* config_trust.c: the files a privileged run takes orders from */
int config_check_trust(const struct lg_config *, uid_t owner, FILE *errors);
int config_check_trust_daemon(const struct lg_config *, FILE *errors);

#endif
