/*
 * config_keys.c - every key of leakguard.conf: name, type, default, bounds,
 * flags and a one-line description.  This table is the one source of truth
 * for the parser (config.c), "leakguard -t -v" and "leakguard -d", and
 * tests/check-manpage.sh diffs it against leakguard.conf(5).  Adding a key
 * means a field in struct lg_config, a row here and an entry in the page.
 */
#include <stddef.h>

#include "config.h"
#include "config_table.h"
#include "log.h"

#ifndef LG_SYSCONFDIR
#define LG_SYSCONFDIR "/etc"
#endif
#ifndef LG_DATADIR
#define LG_DATADIR "/usr/share"
#endif
#ifndef LG_LOCALSTATEDIR
#define LG_LOCALSTATEDIR "/var"
#endif
#ifndef LG_RUNSTATEDIR
#define LG_RUNSTATEDIR "/run"
#endif

#define OFF(f) offsetof(struct lg_config, f)

const struct config_key config_keys[] = {
	{ "user", CT_STRING, "", 0, 0, NULL, 0, OFF(cfg_user),
	  "user the daemon runs as after start; required when started as root" },
	{ "group", CT_STRING, "", 0, 0, NULL, 0, OFF(cfg_group),
	  "group the daemon runs as; empty: the user's own" },
	{ "pid_file", CT_PATH, LG_RUNSTATEDIR "/leakguard/leakguard.pid", 0, 0,
	  NULL, 0, OFF(cfg_pid_file),
	  "pid file, locked while the daemon runs: a second one refuses to start" },
	{ "syslog_facility", CT_ENUM, "mail", 0, 0, LOG_FACILITY_CHOICES, 0,
	  OFF(cfg_syslog_facility), "syslog facility of the daemon's log lines" },
	{ "socket", CT_STRING, "unix:" LG_RUNSTATEDIR "/leakguard/leakguard.sock",
	  0, 0, NULL, 0, OFF(cfg_socket),
	  "milter socket: unix:/path or inet:PORT@HOST" },
	{ "socket_mode", CT_MODE, "0660", 0, 0, NULL, 0, OFF(cfg_socket_mode),
	  "permissions of a unix milter socket" },
	{ "socket_group", CT_STRING, "", 0, 0, NULL, 0, OFF(cfg_socket_group),
	  "group of a unix milter socket (e.g. postfix); empty: the daemon's" },
	{ "ldap_uri", CT_STRING, NULL, 0, 0, NULL, CF_REQUIRED, OFF(cfg_ldap_uri),
	  "directory server URI(s), blank-separated, tried in order" },
	{ "ldap_base", CT_STRING, NULL, 0, 0, NULL, CF_REQUIRED, OFF(cfg_ldap_base),
	  "search base for customer entries" },
	{ "ldap_filter", CT_FILTER, "(&(objectClass=inetOrgPerson)(employeeNumber=%s))",
	  0, 0, NULL, 0, OFF(cfg_ldap_filter),
	  "filter finding a customer; %s is the escaped customer id" },
	{ "ldap_bind_dn", CT_STRING, "", 0, 0, NULL, 0, OFF(cfg_ldap_bind_dn),
	  "DN for a simple bind; empty: anonymous" },
	{ "ldap_bind_password_file", CT_SECRET_FILE, "", 0, 0, NULL, 0,
	  OFF(cfg_ldap_bind_password_file),
	  "file holding the bind password (mode 0600 or 0400)" },
	{ "ldap_address_attributes", CT_STRING, "mail", 0, 0, NULL, 0,
	  OFF(cfg_ldap_address_attributes),
	  "attributes holding the customer's verified addresses" },
	{ "ldap_name_attribute", CT_STRING, "cn", 0, 0, NULL, 0,
	  OFF(cfg_ldap_name_attribute), "attribute holding the customer's name" },
	{ "ldap_timeout", CT_TIME, "5s", 1, 300, NULL, 0, OFF(cfg_ldap_timeout),
	  "network and search timeout for one directory request" },
	{ "ldap_connections", CT_INT, "4", 1, 64, NULL, 0,
	  OFF(cfg_ldap_connections), "directory connections kept open (pool size)" },
	{ "rules_dir", CT_PATH, LG_DATADIR "/leakguard/rules", 0, 0, NULL, 0,
	  OFF(cfg_rules_dir), "directory of the shipped *.rules files" },
	{ "local_rules_dir", CT_PATH, LG_SYSCONFDIR "/leakguard/rules.d", 0, 0,
	  NULL, 0, OFF(cfg_local_rules_dir),
	  "directory of the site's own *.rules files, read after rules_dir" },
	{ "database", CT_PATH, LG_LOCALSTATEDIR "/lib/leakguard/leakguard.db",
	  0, 0, NULL, 0, OFF(cfg_database), "SQLite quarantine and audit store" },
	{ "binding_header", CT_STRING, "X-Leakguard-Customer", 0, 0, NULL, 0,
	  OFF(cfg_binding_header),
	  "header naming the customer a mail is about (trusted clients only)" },
	{ "trusted_clients", CT_NETLIST, "", 0, 0, NULL, 0,
	  OFF(cfg_trusted_clients),
	  "client addresses and CIDR ranges whose binding header counts" },
	{ "max_scan_size", CT_SIZE, "10m", 1024, 1L << 30, NULL, 0,
	  OFF(cfg_max_scan_size),
	  "largest message scanned; larger mail is held as unscannable" },
	{ "max_mime_depth", CT_INT, "20", 1, 100, NULL, 0,
	  OFF(cfg_max_mime_depth),
	  "deepest MIME nesting read; deeper mail is held as unscannable" },
	{ "mode", CT_ENUM, "enforce", 0, 0, "enforce|monitor", 0, OFF(cfg_mode),
	  "enforce: hold and tempfail; monitor: only record and log" },
	{ "protect_customer_numbers", CT_BOOL, "yes", 0, 0, NULL, 0,
	  OFF(cfg_protect_customer_numbers),
	  "treat a customer number alone as sensitive" },
	{ "result_header", CT_STRING, "X-Leakguard", 0, 0, NULL, 0,
	  OFF(cfg_result_header), "header added with the verdict" },
	{ "trusted_sasl_users", CT_STRING, "", 0, 0, NULL, 0,
	  OFF(cfg_trusted_sasl_users),
	  "SASL login names whose binding header counts" },
	{ "binding_key_file", CT_SECRET_FILE, "", 0, 0, NULL, 0,
	  OFF(cfg_binding_key_file),
	  "HMAC-SHA256 key: when set, binding headers must be signed" },
	{ "binding_max_age", CT_TIME, "15m", 1, 7 * 86400, NULL, 0,
	  OFF(cfg_binding_max_age), "oldest signed binding accepted" },
	{ "local_part_case", CT_ENUM, "insensitive", 0, 0,
	  "insensitive|sensitive", 0, OFF(cfg_local_part_case),
	  "how local parts of addresses compare" },
	{ "recipient_delimiter", CT_STRING, "", 0, 0, NULL, 0,
	  OFF(cfg_recipient_delimiter),
	  "address extension delimiters, as Postfix's; empty: off" },
	{ "ldap_verified_filter", CT_STRING, "", 0, 0, NULL, 0,
	  OFF(cfg_ldap_verified_filter),
	  "filter a customer's entry must also match to count as verified" },
	{ "ldap_starttls", CT_BOOL, "no", 0, 0, NULL, 0, OFF(cfg_ldap_starttls),
	  "use StartTLS on ldap:// connections, and require it" },
	{ "ldap_tls_ca_file", CT_PATH, "", 0, 0, NULL, 0,
	  OFF(cfg_ldap_tls_ca_file),
	  "CA certificates for ldaps:// and StartTLS; empty: system default" },
	{ "ldap_allow_cleartext", CT_BOOL, "no", 0, 0, NULL, 0,
	  OFF(cfg_ldap_allow_cleartext),
	  "allow ldap:// without StartTLS to a host that is not loopback" },
	{ "ldap_bind_method", CT_ENUM, "simple", 0, 0, "simple|external", 0,
	  OFF(cfg_ldap_bind_method),
	  "simple (DN and password file, or anonymous) or SASL EXTERNAL" },
	{ "ldap_network_timeout", CT_TIME, "3s", 1, 300, NULL, 0,
	  OFF(cfg_ldap_network_timeout),
	  "timeout for connecting to one directory server" },
	{ "ldap_size_limit", CT_INT, "10", 2, 1000, NULL, 0,
	  OFF(cfg_ldap_size_limit),
	  "most entries one recipient-owner search may return" },
	{ "ldap_cache_ttl", CT_TIME, "60s", 0, 86400, NULL, 0,
	  OFF(cfg_ldap_cache_ttl), "lifetime of a cached directory answer; 0: off" },
	{ "ldap_negative_cache_ttl", CT_TIME, "10s", 0, 86400, NULL, 0,
	  OFF(cfg_ldap_negative_cache_ttl),
	  "lifetime of a cached \"not found\"; 0: off" },
	{ "ldap_cache_size", CT_INT, "10000", 1, 10000000, NULL, 0,
	  OFF(cfg_ldap_cache_size), "most directory answers kept in the cache" },
	{ "on_directory_error", CT_ENUM, "tempfail", 0, 0, "tempfail|hold", 0,
	  OFF(cfg_on_directory_error),
	  "what happens to a mail the directory cannot judge; never pass" },
	{ "postfix_config_directory", CT_PATH, "/etc/postfix", 0, 0, NULL, 0,
	  OFF(cfg_postfix_config_directory),
	  "Postfix config directory whose queues leakguardctl works on" },
	{ "staff_group", CT_STRING, "leakguard-staff", 0, 0, NULL, 0,
	  OFF(cfg_staff_group),
	  "group whose members may release, delete and erase" },
	{ "release_approvals", CT_INT, "1", 1, 2, NULL, 0,
	  OFF(cfg_release_approvals),
	  "people needed to release a mail (2: approve, then release)" },
	{ "retention", CT_TIME, "365d", 1, 3650L * 86400, NULL, 0,
	  OFF(cfg_retention),
	  "how long store rows are kept; expire removes older ones" },
	{ "host_name", CT_STRING, "", 0, 0, NULL, 0, OFF(cfg_host_name),
	  "this host's name in store rows and reports; empty: the system's" },
	{ "report_stale_age", CT_TIME, "24h", 60, 3650L * 86400, NULL, 0,
	  OFF(cfg_report_stale_age),
	  "reports list held mail undecided for longer than this" },
};

const size_t config_nkeys = sizeof config_keys / sizeof config_keys[0];
