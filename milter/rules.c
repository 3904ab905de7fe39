/*
 * rules.c - rule files: parsing, compiling (JIT) and building the key-word
 * prefilter (rules_keys.c).  Running the rules over text is rules_scan.c's.
 *
 * A rule file holds one rule per line; '#' lines and blank lines are
 * ignored:
 *
 *	NAME  KIND  OPTIONS  PATTERN
 *
 * NAME is [A-Za-z0-9_.-]+ and unique over the whole rule set; KIND is
 * secret, customer or national_id; OPTIONS is "-" or a comma-separated list
 * of validator=NAME and key=WORD|WORD...; PATTERN is the rest of the line, a
 * PCRE2 pattern with a named group (?<value>...) that captures the value
 * itself.  A match whose value fails the validator is not a hit.
 *
 * The prefilter (rules_keys.c): a rule with key words runs only over text
 * where one of them occurs (as a substring, any case).  Most mail holds
 * none of them, so most mail costs one quick pass instead of one per rule.
 *
 * Patterns are compiled once, with JIT, at load time; scanning uses a match
 * limit so that hostile text cannot make a pattern run away.  Loading
 * reports every problem as "file:line: problem" and then fails; scanning
 * returns -1 when PCRE2 reports an error (for example the match limit),
 * which the caller must treat as "could not scan", never as "clean".
 *
 * This file knows nothing of MIME, the milter or the directory.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules_impl.h"

#define RULE_LINE_MAX	8192		/* longest rule line */
#define KEY_LEN_MAX	64

static int rules_parse_line(struct lg_ruleset *, char *line, const char *file,
    int lineno, FILE *errors);

static struct lg_ruleset *
ruleset_new(void)
{
	return calloc(1, sizeof(struct lg_ruleset));
}

void
rules_free(struct lg_ruleset *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->rs_count; i++) {
		free(rs->rs_rules[i].rule_name);
		pcre2_code_free(rs->rs_rules[i].rule_code);
	}
	for (i = 0; i < rs->rs_nkeys; i++)
		free(rs->rs_keys[i]);
	rules_keys_free(rs);
	free(rs->rs_rules);
	free(rs);
}

size_t
rules_count(const struct lg_ruleset *rs)
{
	return rs->rs_count;
}

const char *
rules_name(const struct lg_ruleset *rs, unsigned idx)
{
	return idx < rs->rs_count ? rs->rs_rules[idx].rule_name : "?";
}

/* kind_lookup - rule kind by name */
static int
kind_lookup(const char *name, enum lg_hit_kind *out)
{
	int k;

	for (k = 0; k < LG_KIND_COUNT; k++)
		if (strcmp(name, lg_kind_name((enum lg_hit_kind)k)) == 0) {
			*out = (enum lg_hit_kind)k;
			return 0;
		}
	return -1;
}

/* next_field - split off the next blank-separated field */
static char *
next_field(char **p)
{
	char *s = *p, *start;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return NULL;
	start = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return start;
}

/* valid_rule_name - [A-Za-z0-9_.-]+ */
static int
valid_rule_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '.' && *s != '-')
			return 0;
	return 1;
}

/* word_shaped - short and of [a-z0-9_=] only: safe to echo in an error */
static int
word_shaped(const char *w)
{
	size_t n = strspn(w, "abcdefghijklmnopqrstuvwxyz0123456789_=");

	return n > 0 && n <= 32 && w[n] == '\0';
}

/* parse_keys - "WORD|WORD": set the rule's key bits; 0 ok, -1 reported */
static int
parse_keys(struct lg_ruleset *rs, struct lg_rule *r, const char *list,
    const char *file, int lineno, const char *name, FILE *errors)
{
	char word[KEY_LEN_MAX + 1];
	const char *p = list, *bar;
	unsigned k;
	size_t n;

	for (;;) {
		bar = strchr(p, '|');
		n = bar != NULL ? (size_t)(bar - p) : strlen(p);
		if (n == 0 || n > KEY_LEN_MAX || memchr(p, '\\', n) != NULL) {
			fprintf(errors, "%s:%d: %s: key words must be 1 to %d "
			    "characters without '\\'\n", file, lineno, name,
			    KEY_LEN_MAX);
			return -1;
		}
		memcpy(word, p, n);
		word[n] = '\0';
		for (k = 0; k < rs->rs_nkeys; k++)
			if (strcmp(rs->rs_keys[k], word) == 0)
				break;
		if (k == rs->rs_nkeys) {
			if (k == KEYS_MAX) {
				fprintf(errors, "%s:%d: %s: more than %d distinct key "
				    "words\n", file, lineno, name, KEYS_MAX);
				return -1;
			}
			if ((rs->rs_keys[k] = strdup(word)) == NULL) {
				fprintf(errors, "%s:%d: out of memory\n", file, lineno);
				return -1;
			}
			rs->rs_nkeys++;
		}
		r->rule_keys |= (uint64_t)1 << k;
		if (bar == NULL)
			return 0;
		p = bar + 1;
	}
}

/* rules_parse_line - one non-comment line; 0 ok, -1 problem reported */
static int
rules_parse_line(struct lg_ruleset *rs, char *line, const char *file,
    int lineno, FILE *errors)
{
	struct lg_rule r = { 0 }, *grown;
	char *p = line, *name, *kind, *opts, *pattern, *opt, *save = NULL;
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE erroff;
	int errcode;
	uint32_t groups;
	size_t i;

	name = next_field(&p);
	kind = next_field(&p);
	opts = next_field(&p);
	while (*p == ' ' || *p == '\t')
		p++;
	pattern = p;
	if (name == NULL || kind == NULL || opts == NULL || *pattern == '\0') {
		fprintf(errors, "%s:%d: expected NAME KIND OPTIONS PATTERN\n",
		    file, lineno);
		return -1;
	}
	if (!valid_rule_name(name) || strlen(name) >= LG_HIT_NAME_MAX) {
		/* not echoed: the line may be anything (a secret) */
		fprintf(errors, "%s:%d: a rule name may use only letters, "
		    "digits, '_', '.' and '-', at most %d of them\n", file,
		    lineno, LG_HIT_NAME_MAX - 1);
		return -1;
	}
	for (i = 0; i < rs->rs_count; i++)
		if (strcmp(rs->rs_rules[i].rule_name, name) == 0) {
			fprintf(errors, "%s:%d: rule %s defined twice\n", file,
			    lineno, name);
			return -1;
		}
	if (kind_lookup(kind, &r.rule_kind) == -1) {
		fprintf(errors, "%s:%d: %s: kind \"%s\" is not secret, customer "
		    "or national_id\n", file, lineno, name,
		    word_shaped(kind) ? kind : "?");
		return -1;
	}
	r.rule_validator = LG_VALIDATOR_NONE;
	/* A customer number alone is sensitive by protect_customer_numbers. */
	r.rule_sensitive = r.rule_kind != LG_KIND_CUSTOMER;
	if (strcmp(opts, "-") != 0) {
		for (opt = strtok_r(opts, ",", &save); opt != NULL;
		    opt = strtok_r(NULL, ",", &save)) {
			if (strncmp(opt, "validator=", 10) == 0) {
				if (validate_lookup(opt + 10, &r.rule_validator) == -1) {
					fprintf(errors, "%s:%d: %s: unknown validator "
					    "\"%.32s\"\n", file, lineno, name,
					    word_shaped(opt + 10) ? opt + 10 : "?");
					return -1;
				}
			} else if (strcmp(opt, "sensitive=yes") == 0 ||
			    strcmp(opt, "sensitive=no") == 0) {
				r.rule_sensitive = opt[10] == 'y';
			} else if (strncmp(opt, "key=", 4) == 0) {
				if (parse_keys(rs, &r, opt + 4, file, lineno, name,
				    errors) == -1)
					return -1;
			} else {
				fprintf(errors, "%s:%d: %s: unknown option \"%.32s\"\n",
				    file, lineno, name, word_shaped(opt) ? opt : "?");
				return -1;
			}
		}
	}
	r.rule_code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &errcode, &erroff, NULL);
	if (r.rule_code == NULL) {
		pcre2_get_error_message(errcode, msg, sizeof msg);
		fprintf(errors, "%s:%d: %s: pattern error at offset %zu: %s\n",
		    file, lineno, name, (size_t)erroff, (char *)msg);
		return -1;
	}
	r.rule_value_group = pcre2_substring_number_from_name(r.rule_code,
	    (PCRE2_SPTR)"value");
	if (r.rule_value_group < 0) {
		fprintf(errors, "%s:%d: %s: pattern has no (?<value>...) group\n",
		    file, lineno, name);
		pcre2_code_free(r.rule_code);
		return -1;
	}
	if ((errcode = pcre2_jit_compile(r.rule_code, PCRE2_JIT_COMPLETE)) != 0) {
		/* JIT may be unavailable on this CPU: the interpreter still works. */
		pcre2_get_error_message(errcode, msg, sizeof msg);
		fprintf(errors, "%s:%d: %s: warning: JIT compile failed: %s\n",
		    file, lineno, name, (char *)msg);
	}
	pcre2_pattern_info(r.rule_code, PCRE2_INFO_CAPTURECOUNT, &groups);
	if (groups + 1 > rs->rs_max_groups)
		rs->rs_max_groups = groups + 1;
	if ((r.rule_name = strdup(name)) == NULL ||
	    (grown = realloc(rs->rs_rules, (rs->rs_count + 1) * sizeof *grown)) == NULL) {
		fprintf(errors, "%s:%d: out of memory\n", file, lineno);
		free(r.rule_name);
		pcre2_code_free(r.rule_code);
		return -1;
	}
	rs->rs_rules = grown;
	rs->rs_rules[rs->rs_count++] = r;
	return 0;
}

/* rules_load_into - add one file's rules; returns the number of problems */
static int
rules_load_into(struct lg_ruleset *rs, const char *path, FILE *errors)
{
	char line[RULE_LINE_MAX + 2];
	FILE *fp;
	int lineno = 0, bad = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(errors, "%s: %s\n", path, strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		size_t len = strlen(line);
		char *s = line;

		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		else if (!feof(fp)) {
			int c;

			fprintf(errors, "%s:%d: line longer than %d bytes\n", path,
			    lineno, RULE_LINE_MAX);
			bad++;
			while ((c = fgetc(fp)) != EOF && c != '\n')
				;
			continue;
		}
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0' || *s == '#')
			continue;
		if (rules_parse_line(rs, s, path, lineno, errors) == -1)
			bad++;
	}
	fclose(fp);
	return bad;
}

/*
 * RULES_LOAD_FILE -- load one rule file.
 *	Return value: the rule set, or NULL after problems were printed.
 */
struct lg_ruleset *
rules_load_file(const char *path, FILE *errors)
{
	struct lg_ruleset *rs = ruleset_new();

	if (rs == NULL || rules_load_into(rs, path, errors) != 0 ||
	    rules_keys_build(rs, errors) == -1) {
		rules_free(rs);
		return NULL;
	}
	return rs;
}

static int
has_rules_suffix(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 6 &&
	    strcmp(d->d_name + n - 6, ".rules") == 0;
}

/*
 * load_dir_into - add every *.rules file of dir, in name order, to rs.
 *	A missing dir is a problem unless optional.
 *	Return value: the number of problems printed.
 */
static int
load_dir_into(struct lg_ruleset *rs, const char *dir, bool optional,
    FILE *errors)
{
	struct dirent **names = NULL;
	int n, i, bad = 0;

	if ((n = scandir(dir, &names, has_rules_suffix, alphasort)) == -1) {
		if (optional && errno == ENOENT)
			return 0;
		fprintf(errors, "%s: %s\n", dir, strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++) {
		char path[4096];

		if (snprintf(path, sizeof path, "%s/%s", dir,
		    names[i]->d_name) < (int)sizeof path)
			bad += rules_load_into(rs, path, errors);
		else {
			fprintf(errors, "%s/%s: path too long\n", dir,
			    names[i]->d_name);
			bad++;
		}
		free(names[i]);
	}
	free(names);
	return bad;
}

/*
 * RULES_LOAD_DIRS -- load every *.rules file of dir, in name order, then
 *	those of local_dir (NULL or "": none; a missing local_dir is no
 *	error: it holds the site's own rules, if any).
 *	Return value: the rule set, or NULL after problems were printed
 *	(an empty set is a problem: leakguard would find nothing).
 */
struct lg_ruleset *
rules_load_dirs(const char *dir, const char *local_dir, FILE *errors)
{
	struct lg_ruleset *rs;
	int bad = 0;

	if ((rs = ruleset_new()) == NULL) {
		fprintf(errors, "rules: out of memory\n");
		return NULL;
	}
	bad += load_dir_into(rs, dir, false, errors);
	if (local_dir != NULL && *local_dir != '\0')
		bad += load_dir_into(rs, local_dir, true, errors);
	if (bad == 0 && rs->rs_count == 0) {
		fprintf(errors, "%s: no rules found (*.rules)\n", dir);
		bad++;
	}
	if (bad == 0 && rules_keys_build(rs, errors) == -1)
		bad++;
	if (bad) {
		rules_free(rs);
		return NULL;
	}
	return rs;
}

/* RULES_LOAD_DIR -- rules_load_dirs without a local directory */
struct lg_ruleset *
rules_load_dir(const char *dir, FILE *errors)
{
	return rules_load_dirs(dir, NULL, errors);
}

