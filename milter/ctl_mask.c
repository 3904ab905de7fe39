/*
 * ctl_mask.c - the values the rules and the detector find anywhere in a held mail, so that
 * leakguardctl can mask them wherever else the mail repeats them (its
 * headers in "show", the Message-ID "reconcile --fix" records for mail it
 * adopts), as the daemon does for what it stores (maskset.c).  The mail
 * text comes from the caller (postfix_message()); the values live only in
 * the result and are wiped by pipeline_result_clear().
 */
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "message.h"
#include "pipeline.h"

/*
 * CTL_MAIL_VALUES -- scan text (a whole mail, as "postcat -hbq" prints
 *	it) with rules and detector (det, NULL when off);
 *	res->res_hits.values then holds every value found.
 *	Return value: 0, or -1 (memory, unreadable mail); in both cases the
 *	caller must pipeline_result_clear(res).
 */
int
ctl_mail_values(const struct lg_config *cfg, struct lg_ruleset *rules,
    struct lg_detector *det, const char *text, struct lg_result *res)
{
	struct lg_runtime rt = { .rt_cfg = (struct lg_config *)cfg,
	    .rt_rules = rules, .rt_detect = det };
	struct lg_msg *msg;
	FILE *fp;
	int rc = -1;

	memset(res, 0, sizeof *res);
	if ((msg = message_new(cfg->cfg_max_scan_size)) == NULL)
		return -1;
	if ((fp = fmemopen((void *)text, strlen(text), "r")) != NULL) {
		if (message_read_file(msg, fp) == 0 &&
		    pipeline_scan(&rt, msg, res) == 0)
			rc = 0;
		fclose(fp);
	}
	message_free(msg);
	return rc;
}
