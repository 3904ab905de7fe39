/*
 * config.c - read and check leakguard.conf.  One table (config_keys) holds
 * every key with its type, default, bounds and a one-line description; the
 * parser, "leakguard -t -v", "leakguard -d" and the man-page check all read
 * from it.  Format: one "key value" per line, '#' starts a comment, blank
 * lines ignored.  Every problem is reported as "file:line: key: problem"
 * and makes config_load() return NULL: unknown keys and bad values are
 * errors, never warnings.  This file does not open sockets, the database or
 * the directory.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "binding_sig.h"
#include "config.h"

#ifndef LG_SYSCONFDIR
#define LG_SYSCONFDIR "/etc"
#endif
#ifndef LG_LOCALSTATEDIR
#define LG_LOCALSTATEDIR "/var"
#endif
#ifndef LG_RUNSTATEDIR
#define LG_RUNSTATEDIR "/run"
#endif

#define CONFIG_LINE_MAX 4096		/* longest accepted line */

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

#define OFF(f) offsetof(struct lg_config, f)

static const struct config_key config_keys[] = {
	{ "socket", CT_STRING, "unix:" LG_RUNSTATEDIR "/leakguard/leakguard.sock",
	  0, 0, NULL, 0, OFF(cfg_socket),
	  "milter socket: unix:/path or inet:PORT@HOST" },
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
	{ "rules_dir", CT_PATH, LG_SYSCONFDIR "/leakguard/rules", 0, 0, NULL, 0,
	  OFF(cfg_rules_dir), "directory whose *.rules files are loaded" },
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
};

#define NKEYS (sizeof config_keys / sizeof config_keys[0])

/* config_field - address of a key's storage in cfg */
static void *
config_field(struct lg_config *cfg, const struct config_key *k)
{
	return (char *)cfg + k->offset;
}

/* parse_number - digits with an optional unit suffix; -1 on error */
static int
parse_number(const char *v, enum config_type t, long *out)
{
	char *end;
	long long n, mult = 1;

	errno = 0;
	if (!isdigit((unsigned char)*v))
		return -1;
	n = strtoll(v, &end, 10);
	if (errno != 0)
		return -1;
	if (t == CT_TIME && *end != '\0') {
		switch (tolower((unsigned char)*end++)) {
		case 's': mult = 1; break;
		case 'm': mult = 60; break;
		case 'h': mult = 3600; break;
		case 'd': mult = 86400; break;
		default: return -1;
		}
	} else if (t == CT_SIZE && *end != '\0') {
		switch (tolower((unsigned char)*end++)) {
		case 'k': mult = 1024; break;
		case 'm': mult = 1024 * 1024; break;
		case 'g': mult = 1024 * 1024 * 1024; break;
		default: return -1;
		}
	}
	if (*end != '\0' || n > (1LL << 40) / mult)
		return -1;
	*out = (long)(n * mult);
	return 0;
}

/* check_filter_template - exactly one %s and no other % except %% */
static const char *
check_filter_template(const char *v)
{
	int n = 0;
	int depth = 0;

	for (; *v; v++) {
		if (*v == '(')
			depth++;
		else if (*v == ')' && --depth < 0)
			return "unbalanced parentheses";
		if (*v != '%')
			continue;
		if (v[1] == 's')
			n++;
		else if (v[1] != '%')
			return "only %s and %% are allowed";
		v++;
	}
	if (depth != 0)
		return "unbalanced parentheses";
	if (n != 1)
		return "needs exactly one %s for the customer id";
	return NULL;
}

/* check_secret_file - readable regular file, not group/world readable */
static const char *
check_secret_file(const char *path)
{
	struct stat st;

	if (*path == '\0')
		return NULL;
	if (stat(path, &st) == -1)
		return strerror(errno);
	if (!S_ISREG(st.st_mode))
		return "not a regular file";
	if (st.st_mode & (S_IRWXG | S_IRWXO))
		return "group or world can read it: chmod 600";
	return NULL;
}

/*
 * config_set - store one value; returns NULL or a problem description.
 * Strings are copied; the old value is freed.
 */
static const char *
config_set(struct lg_config *cfg, const struct config_key *k, const char *v,
    char *why, size_t whylen)
{
	void *f = config_field(cfg, k);
	long n;

	switch (k->type) {
	case CT_FILTER: {
		const char *p = check_filter_template(v);

		if (p != NULL)
			return p;
	}
		/* FALLTHROUGH */
	case CT_STRING:
	case CT_PATH:
	case CT_SECRET_FILE:
	case CT_NETLIST: {
		char *s = strdup(v);

		if (s == NULL)
			return "out of memory";
		free(*(char **)f);
		*(char **)f = s;
		return NULL;
	}
	case CT_INT:
	case CT_TIME:
	case CT_SIZE:
		if (parse_number(v, k->type, &n) == -1)
			return k->type == CT_TIME ? "not a time (e.g. 30s, 5m, 2h, 7d)" :
			    k->type == CT_SIZE ? "not a size (e.g. 512k, 10m)" :
			    "not a number";
		if (n < k->min || n > k->max) {
			snprintf(why, whylen, "%s out of range [%ld, %ld]", v,
			    k->min, k->max);
			return why;
		}
		if (k->type == CT_SIZE)
			*(size_t *)f = (size_t)n;
		else
			*(long *)f = n;
		return NULL;
	case CT_BOOL:
		if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
			*(bool *)f = true;
		else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0"))
			*(bool *)f = false;
		else
			return "not a boolean (yes or no)";
		return NULL;
	case CT_ENUM: {
		const char *c = k->choices;
		size_t len = strlen(v);
		long idx = 0;

		while (c != NULL) {
			const char *bar = strchr(c, '|');
			size_t clen = bar ? (size_t)(bar - c) : strlen(c);

			if (clen == len && strncmp(c, v, len) == 0) {
				*(long *)f = idx;
				return NULL;
			}
			c = bar ? bar + 1 : NULL;
			idx++;
		}
		snprintf(why, whylen, "\"%s\" is not one of %s", v, k->choices);
		return why;
	}
	}
	return "internal error: unknown key type";
}

static const struct config_key *
config_find(const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(config_keys[i].name, name) == 0)
			return &config_keys[i];
	return NULL;
}

/* config_defaults - a config holding every default */
static struct lg_config *
config_defaults(void)
{
	struct lg_config *cfg;
	char why[128];
	size_t i;

	if ((cfg = calloc(1, sizeof *cfg)) == NULL)
		return NULL;
	for (i = 0; i < NKEYS; i++) {
		if (config_keys[i].def == NULL)
			continue;
		if (config_set(cfg, &config_keys[i], config_keys[i].def, why,
		    sizeof why) != NULL) {
			config_free(cfg);
			return NULL;
		}
	}
	return cfg;
}

/* trim - strip leading and trailing white space in place */
static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/*
 * CONFIG_LOAD -- read, parse and check a configuration file.
 *	Parameters: path, errors (each problem is printed there).
 *	Return value: the configuration, or NULL after at least one problem
 *	was printed.
 */
struct lg_config *
config_load(const char *path, FILE *errors)
{
	struct lg_config *cfg;
	unsigned char seen[NKEYS] = { 0 };
	char line[CONFIG_LINE_MAX + 2], why[256];
	FILE *fp;
	int lineno = 0, bad = 0;
	size_t i;

	if ((cfg = config_defaults()) == NULL) {
		fprintf(errors, "%s: out of memory\n", path);
		return NULL;
	}
	if ((cfg->cfg_path = strdup(path)) == NULL || (fp = fopen(path, "r")) == NULL) {
		fprintf(errors, "%s: %s\n", path, strerror(errno));
		config_free(cfg);
		return NULL;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		const struct config_key *k;
		const char *problem;
		char *s, *key, *val;

		lineno++;
		if (strchr(line, '\n') == NULL && !feof(fp)) {
			int c;

			fprintf(errors, "%s:%d: line longer than %d bytes\n",
			    path, lineno, CONFIG_LINE_MAX);
			bad++;
			while ((c = fgetc(fp)) != EOF && c != '\n')
				;
			continue;
		}
		if ((s = strchr(line, '#')) != NULL)
			*s = '\0';
		s = trim(line);
		if (*s == '\0')
			continue;
		key = s;
		while (*s && !isspace((unsigned char)*s))
			s++;
		if (*s)
			*s++ = '\0';
		val = trim(s);
		if ((k = config_find(key)) == NULL) {
			fprintf(errors, "%s:%d: %s: unknown key\n", path, lineno, key);
			bad++;
			continue;
		}
		if (seen[k - config_keys]) {
			fprintf(errors, "%s:%d: %s: set twice\n", path, lineno, key);
			bad++;
			continue;
		}
		seen[k - config_keys] = 1;
		if (*val == '\0' && k->type != CT_STRING && k->type != CT_NETLIST &&
		    k->type != CT_SECRET_FILE) {
			fprintf(errors, "%s:%d: %s: missing value\n", path, lineno, key);
			bad++;
			continue;
		}
		problem = config_set(cfg, k, val, why, sizeof why);
		if (problem == NULL && k->type == CT_SECRET_FILE)
			problem = check_secret_file(val);
		if (problem == NULL && k->offset == OFF(cfg_binding_key_file) &&
		    *val != '\0')
			problem = binding_key_load(val, &cfg->cfg_binding_key,
			    &cfg->cfg_binding_key_len);
		if (problem == NULL && k->type == CT_NETLIST) {
			netlist_free(&cfg->cfg_trusted);
			if (netlist_parse(val, &cfg->cfg_trusted, why, sizeof why) == -1)
				problem = why;
		}
		if (problem != NULL) {
			fprintf(errors, "%s:%d: %s: %s\n", path, lineno, key, problem);
			bad++;
		}
	}
	if (ferror(fp)) {
		fprintf(errors, "%s:%d: read error: %s\n", path, lineno, strerror(errno));
		bad++;
	}
	fclose(fp);
	for (i = 0; i < NKEYS; i++) {
		const struct config_key *k = &config_keys[i];

		if ((k->flags & CF_REQUIRED) && !seen[i]) {
			fprintf(errors, "%s: %s: required key not set\n", path,
			    k->name);
			bad++;
		} else if ((k->flags & CF_REQUIRED) &&
		    **(char **)config_field(cfg, k) == '\0') {
			fprintf(errors, "%s: %s: required key is empty\n", path, k->name);
			bad++;
		}
	}
	if (bad) {
		config_free(cfg);
		return NULL;
	}
	return cfg;
}

void
config_free(struct lg_config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	for (i = 0; i < NKEYS; i++) {
		switch (config_keys[i].type) {
		case CT_STRING: case CT_PATH: case CT_SECRET_FILE:
		case CT_NETLIST: case CT_FILTER:
			free(*(char **)config_field(cfg, &config_keys[i]));
			break;
		default:
			break;
		}
	}
	netlist_free(&cfg->cfg_trusted);
	if (cfg->cfg_binding_key != NULL) {
		explicit_bzero(cfg->cfg_binding_key, cfg->cfg_binding_key_len);
		free(cfg->cfg_binding_key);
	}
	free(cfg->cfg_path);
	free(cfg);
}

/*
 * CONFIG_PRINT -- print every key with its effective value (or, with
 *	defaults_only, the table's defaults), one "key value" per line.
 */
void
config_print(const struct lg_config *cfg, FILE *out, bool defaults_only)
{
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		const struct config_key *k = &config_keys[i];
		const void *f;

		if (defaults_only) {
			fprintf(out, "%s %s\n", k->name, k->def ? k->def : "(required)");
			continue;
		}
		f = (const char *)cfg + k->offset;
		switch (k->type) {
		case CT_STRING: case CT_PATH: case CT_SECRET_FILE:
		case CT_NETLIST: case CT_FILTER:
			fprintf(out, "%s %s\n", k->name, *(char *const *)f ?
			    *(char *const *)f : "");
			break;
		case CT_INT:
			fprintf(out, "%s %ld\n", k->name, *(const long *)f);
			break;
		case CT_TIME:
			fprintf(out, "%s %lds\n", k->name, *(const long *)f);
			break;
		case CT_SIZE:
			fprintf(out, "%s %zu\n", k->name, *(const size_t *)f);
			break;
		case CT_BOOL:
			fprintf(out, "%s %s\n", k->name, *(const bool *)f ? "yes" : "no");
			break;
		case CT_ENUM: {
			const char *c = k->choices;
			long idx = *(const long *)f;

			while (idx-- > 0 && c != NULL)
				c = strchr(c, '|') ? strchr(c, '|') + 1 : NULL;
			fprintf(out, "%s %.*s\n", k->name,
			    c ? (int)strcspn(c, "|") : 0, c ? c : "");
			break;
		}
		}
	}
}

/*
 * CONFIG_SPLIT_LIST -- split a blank- or comma-separated value into a
 *	NULL-terminated array of strings.  Return value: the array or NULL.
 */
char **
config_split_list(const char *text, size_t *count)
{
	char **list = NULL, *copy, *tok, *save = NULL;
	size_t n = 0;

	if ((copy = strdup(text ? text : "")) == NULL)
		return NULL;
	if ((list = calloc(1, sizeof *list)) == NULL)
		goto fail;
	for (tok = strtok_r(copy, " \t,", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t,", &save)) {
		char **l = realloc(list, (n + 2) * sizeof *l);

		if (l == NULL)
			goto fail;
		list = l;
		if ((list[n] = strdup(tok)) == NULL)
			goto fail;
		list[++n] = NULL;
	}
	free(copy);
	if (count != NULL)
		*count = n;
	return list;
fail:
	free(copy);
	config_free_list(list);
	return NULL;
}

void
config_free_list(char **list)
{
	char **p;

	if (list == NULL)
		return;
	for (p = list; *p != NULL; p++)
		free(*p);
	free(list);
}
