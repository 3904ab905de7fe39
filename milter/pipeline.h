/*
 * pipeline.h - one message from collected text to verdict.
 */
#ifndef LG_PIPELINE_H
#define LG_PIPELINE_H

#include <stdbool.h>

#include "binding.h"
#include "config.h"
#include "detect.h"
#include "directory.h"
#include "message.h"
#include "rules.h"
#include "verdict.h"

/* What the daemon (or leakguardctl) loaded once at start. */
struct lg_runtime {
	struct lg_config	*rt_cfg;
	struct lg_ruleset	*rt_rules;
	struct lg_detector	*rt_detect;	/* NULL: detector off */
	struct lg_directory	*rt_dir;
	struct lg_extractor	*rt_extract;	/* attachment workers; NULL: none */
};

struct lg_result {
	struct lg_verdict	res_verdict;
	bool			res_sensitive;
	bool			res_unscannable;
	char			res_unscannable_why[112]; /* attachment case */
	unsigned		res_attachments;	/* read by a worker */
	unsigned		res_images;		/* passed unread */
	unsigned		res_unreadable;		/* not read */
	struct lg_binding	res_binding;
	unsigned		res_binding_headers;	/* instances seen */
	bool			res_binding_trusted;
	enum lg_dir_status	res_dir_status;
	long			res_dir_ms;	/* time the directory took; -1: not asked */
	struct lg_record	res_record;
	char			res_error[256];		/* directory/internal */
	char			res_rules[512];		/* rule names, comma-sep */
	char			res_excerpt[LG_EXCERPT_MAX];
	char		       *res_subject;		/* masked; NULL if none */
	/* who owns each recipient that is not the customer's (namesakes) */
	struct lg_rcpt_owners  *res_owners;		/* [msg_nrcpts] or NULL */
	struct lg_owner	      **res_owner_views;	/* per recipient */
	struct lg_record      **res_owner_recs;		/* per recipient */
	size_t		       *res_owner_nrecs;
	size_t			res_nowners;		/* = msg_nrcpts */
	const char	       *res_binding_why;	/* signature check, or NULL */
	struct lg_hits		res_hits;	/* last: result_init zeroes what
						   comes before, hits_init it */
};

int pipeline_scan(const struct lg_runtime *, const struct lg_msg *,
    struct lg_result *);
int pipeline_judge(const struct lg_runtime *, const struct lg_msg *,
    struct lg_result *);
void pipeline_result_clear(struct lg_result *);
char *pipeline_masked(const struct lg_result *, const char *text);
char *pipeline_mask(const struct lg_runtime *, const char *text);
int pipeline_load_detector(const struct lg_config *, struct lg_detector **,
    char *err, size_t errlen);

#endif
