/*
 * config.c - read and check leakguard.conf.  One table (config_keys.c)
 * holds every key with its type, default, bounds and a one-line
 * description; the parser here, "leakguard -t -v", "leakguard -d" and the
 * man-page check all read from it.  Format: one "key value" per line, '#'
 * starts a comment, blank lines ignored.  Every problem is reported as
 * "file:line: key: problem" and makes config_load() return NULL: unknown
 * keys and bad values are errors, never warnings.  A line that is not a
 * "key value" line is named by file and line only, and a bad value is not
 * echoed unless it is a number: the file may be one that was never meant
 * to be a configuration (its lines are secrets).  Whether the files a
 * configuration names may be trusted is config_trust.c's question.  This file does not open sockets, the database or
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
#include "config_table.h"
#include "notice.h"
#include "scope.h"

#define CONFIG_LINE_MAX 4096		/* longest accepted line */

/* config_field - address of a key's storage in cfg */
static void *
config_field(struct lg_config *cfg, const struct config_key *k)
{
	return (char *)cfg + k->offset;
}

/* config_netlist - where a CT_NETLIST key's parsed ranges live */
static struct lg_netlist *
config_netlist(struct lg_config *cfg, const struct config_key *k)
{
	return k->offset == offsetof(struct lg_config, cfg_scope_clients) ?
	    &cfg->cfg_scope_nets : &cfg->cfg_trusted;
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
	case CT_MODE: {
		char *end;

		errno = 0;
		n = strtol(v, &end, 8);
		if (*v < '0' || *v > '7' || *end != '\0' || errno != 0 ||
		    n < 0 || n > 0777)
			return "not an octal file mode (e.g. 0660)";
		*(long *)f = n;
		return NULL;
	}
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
		snprintf(why, whylen, "not one of %s", k->choices);
		return why;
	}
	}
	return "internal error: unknown key type";
}

static const struct config_key *
config_find(const char *name)
{
	size_t i;

	for (i = 0; i < config_nkeys; i++)
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
	for (i = 0; i < config_nkeys; i++) {
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

/* key_shaped - could this word be a key: 1 to 64 of [a-z0-9_] */
static int
key_shaped(const char *w)
{
	size_t n = strspn(w, "abcdefghijklmnopqrstuvwxyz0123456789_");

	return n > 0 && n <= 64 && w[n] == '\0';
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
	unsigned char *seen;
	char line[CONFIG_LINE_MAX + 2], why[256];
	FILE *fp;
	int lineno = 0, bad = 0;
	size_t i;

	if ((cfg = config_defaults()) == NULL ||
	    (seen = calloc(config_nkeys, 1)) == NULL) {
		fprintf(errors, "%s: out of memory\n", path);
		config_free(cfg);
		return NULL;
	}
	if ((cfg->cfg_path = strdup(path)) == NULL || (fp = fopen(path, "r")) == NULL) {
		fprintf(errors, "%s: %s\n", path, strerror(errno));
		free(seen);
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
			/* Echo only what has the shape of a key with a value:
			 * the line of some other file (-c /etc/shadow) is
			 * named by file and line, never shown. */
			if (key_shaped(key) && *val != '\0')
				fprintf(errors, "%s:%d: %s: unknown key\n", path,
				    lineno, key);
			else
				fprintf(errors, "%s:%d: not a \"key value\" line\n",
				    path, lineno);
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
		if (problem == NULL && k->offset == offsetof(struct lg_config, cfg_binding_key_file) &&
		    *val != '\0')
			problem = binding_key_load(val, &cfg->cfg_binding_key,
			    &cfg->cfg_binding_key_len);
		if (problem == NULL && k->type == CT_NETLIST) {
			struct lg_netlist *nl = config_netlist(cfg, k);

			netlist_free(nl);
			if (netlist_parse(val, nl, why, sizeof why) == -1)
				problem = why;
		}
		if (problem == NULL &&
		    k->offset == offsetof(struct lg_config, cfg_scope_senders))
			problem = scope_check_senders(val, why, sizeof why);
		if (problem == NULL &&
		    k->offset == offsetof(struct lg_config, cfg_notify_address))
			problem = notice_check_address(val, why, sizeof why);
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
	for (i = 0; i < config_nkeys; i++) {
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
	free(seen);
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
	for (i = 0; i < config_nkeys; i++) {
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
	netlist_free(&cfg->cfg_scope_nets);
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

	for (i = 0; i < config_nkeys; i++) {
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
		case CT_MODE:
			fprintf(out, "%s %04lo\n", k->name, *(const long *)f);
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
