/*
 * ctl.h - what the leakguardctl command files share: the handler
 * signature, exit codes, usage(), and the helpers in ctl_common.c (who is
 * acting, may they, the store opened safely, a record copied out of the
 * store, "is this still the held mail the record speaks of").
 */
#ifndef LG_CTL_H
#define LG_CTL_H

#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "postfix.h"
#include "store.h"

struct lg_detector;

#define EXIT_FOUND	1	/* verify/reconcile found a problem */
#define EXIT_ERROR	2	/* any command that failed */

struct ctl_command {
	const char	*cmd_name;
	int		(*cmd_fn)(struct lg_config *, int, char **);
	const char	*cmd_usage;
	int		 cmd_no_config;	/* runs without a configuration */
};

_Noreturn void usage(void);

int ctl_do_scan(struct lg_config *, int, char **);
int ctl_do_list(struct lg_config *, int, char **);
int ctl_do_show(struct lg_config *, int, char **);
int ctl_do_release(struct lg_config *, int, char **);
int ctl_do_approve(struct lg_config *, int, char **);
int ctl_do_delete(struct lg_config *, int, char **);
int ctl_do_expire(struct lg_config *, int, char **);
int ctl_do_reconcile(struct lg_config *, int, char **);
int ctl_do_subject(struct lg_config *, int, char **);
int ctl_do_audit(struct lg_config *, int, char **);
int ctl_do_stats(struct lg_config *, int, char **);
int ctl_do_check_postfix(struct lg_config *, int, char **);
int ctl_do_sign_binding(struct lg_config *, int, char **);
int ctl_do_report(struct lg_config *, int, char **);
int ctl_do_web_action(struct lg_config *, int, char **);

/* A store row whose strings the caller owns (ctl_record_free). */
struct ctl_record {
	struct lg_store_row	rec;
	char		       *rec_strings[24];
};

const char *ctl_actor(void);
void ctl_set_actor(const char *login);
int ctl_privileged(void);
FILE *ctl_fopen_as_caller(const char *path);
struct lg_ruleset;
struct lg_result;
int ctl_mail_values(const struct lg_config *, struct lg_ruleset *,
    struct lg_detector *, const char *, struct lg_result *);
int ctl_config_id(const char *path, char *out, size_t outlen);
int ctl_is_staff(const struct lg_config *, const char *actor, char *err,
    size_t errlen);
int ctl_require_staff(const struct lg_config *, const char *actor);
int ctl_check_store_file(const char *path);
struct lg_store *ctl_store_open(const struct lg_config *);
int ctl_record_get(struct lg_store *, int64_t id, struct ctl_record *);
void ctl_record_free(struct ctl_record *);
int ctl_parse_id(const char *, int64_t *);
int ctl_parse_age(const char *, long *seconds);
void ctl_iso_time(long long epoch, char *buf, size_t len);
char *ctl_header_value(const char *headers, const char *name);
int ctl_check_held(const struct lg_config *, const struct lg_store_row *,
    struct lg_queued *, char *why, size_t whylen);

int ctl_parse_decision(int argc, char **argv, int64_t *id,
    const char **reason);

int ctl_delete_one(const struct lg_config *, struct lg_store *,
    const struct lg_store_row *, const char *actor, const char *to,
    const char *action, const char *reason);

void ctl_row_json(FILE *, const struct lg_store_row *);
int ctl_print_rows(struct lg_store *, const struct lg_store_filter *,
    int json);

#endif
