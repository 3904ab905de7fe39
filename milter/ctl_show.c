/*
 * ctl_show.c - "leakguardctl show ID": one record, where its mail is now
 * (still held, on its way after a release, gone from the queue, or the
 * queue id now names another mail) and, while Postfix has it, the mail's
 * headers from "postcat -hbq".  Every header is unfolded, RFC 2047-decoded
 * (GMime) and passed through the rules' and the detector's masking
 * (pipeline_mask) before it is shown: a Subject can carry the PIN.  The
 * whole mail is scanned too, and every value found anywhere in it is masked
 * in the headers as well (the PIN of the body in "Subject: Your PIN is
 * ready: 4821").  Every string the mail or the store controls is printed
 * through termsafe.c: an encoded Subject must not repaint the terminal.
 * Reads only.
 *
 * Errors are printed here; the exit status is 0 or EXIT_ERROR.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "ctl.h"
#include "detect.h"
#include "json.h"
#include "message.h"
#include "pipeline.h"
#include "postfix.h"
#include "rules.h"
#include "termsafe.h"

/* where_now - one line on where the record's mail is */
static void
where_now(const struct lg_config *cfg, const struct lg_store_row *r,
    char *buf, size_t len, int *same)
{
	struct lg_queued q;
	char why[512];
	int n;

	*same = 0;
	if (!postfix_qid_valid(r->row_queue_id)) {
		snprintf(buf, len, "no queue id recorded");
		return;
	}
	n = postfix_queue_find(cfg->cfg_postfix_config_directory,
	    r->row_queue_id, &q, why, sizeof why);
	if (n == -1) {
		snprintf(buf, len, "unknown (%s)", why);
		return;
	}
	if (n == 0) {
		if (strcmp(r->row_status, "released") == 0 &&
		    r->row_decided != NULL && r->row_decided[0] != '\0')
			snprintf(buf, len, "not in any Postfix queue: it left "
			    "the queue after its release at %s (delivered or "
			    "bounced: see the mail log)", r->row_decided);
		else
			snprintf(buf, len, "not in any Postfix queue: it left "
			    "the queue");
		return;
	}
	n = ctl_check_held(cfg, r, &q, why, sizeof why);
	if (n == 1) {
		snprintf(buf, len, "in the hold queue");
		*same = 1;
	} else if (strcmp(q.q_queue, "hold") != 0 && strstr(why,
	    "another mail") == NULL) {
		snprintf(buf, len, "in the %s queue: released, not yet "
		    "delivered", q.q_queue);
		*same = 1;
	} else {
		snprintf(buf, len, "%s", why);
	}
}

/*
 * show_headers - the queued mail's headers, decoded, masked (what the
 * rules match in the header, and every value they find anywhere in the
 * mail) and made safe for the terminal
 */
static void
show_headers(const struct lg_config *cfg, const char *qid)
{
	struct lg_runtime rt = { .rt_cfg = (struct lg_config *)cfg };
	struct lg_result res;
	char *mail = NULL, *line, *save = NULL, *end, err[512], eshown[600];
	int n;

	if ((n = postfix_message(cfg->cfg_postfix_config_directory, qid,
	    &mail, err, sizeof err)) != 1) {
		printf("headers: not available%s%s\n", n == -1 ? ": " : "",
		    n == -1 ? termsafe(eshown, sizeof eshown, err) : "");
		free(mail);
		return;
	}
	if ((rt.rt_rules = rules_load_dirs(cfg->cfg_rules_dir,
	    cfg->cfg_local_rules_dir, stderr)) == NULL) {
		printf("headers: not shown: the rules could not be loaded to "
		    "mask them\n");
		free(mail);
		return;
	}
	if (pipeline_load_detector(cfg, &rt.rt_detect, err, sizeof err) == -1) {
		printf("headers: not shown: the detector could not be loaded to "
		    "mask them (%s)\n", termsafe(eshown, sizeof eshown, err));
		rules_free(rt.rt_rules);
		free(mail);
		return;
	}
	if (ctl_mail_values(cfg, rt.rt_rules, rt.rt_detect, mail, &res) == -1) {
		printf("headers: not shown: the mail could not be scanned to "
		    "mask them\n");
		pipeline_result_clear(&res);
		detect_free(rt.rt_detect);
		rules_free(rt.rt_rules);
		free(mail);
		return;
	}
	/* the headers end at the first empty line */
	if ((end = strstr(mail, "\n\n")) != NULL)
		end[1] = '\0';
	printf("headers (decoded, secrets masked):\n");
	/* unfold: a continuation line joins the one before */
	for (line = mail; *line; line++)
		if (*line == '\n' && (line[1] == ' ' || line[1] == '\t')) {
			line[0] = ' ';
			line[1] = ' ';
		}
	for (line = strtok_r(mail, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *text = content_header_text(line);
		char *ruled = text ? pipeline_mask(&rt, text) : NULL;
		char *masked = ruled ? pipeline_masked(&res, ruled) : NULL;
		char *safe = masked ? termsafe_dup(masked) : NULL;

		printf("  %s\n", safe ? safe : "(not shown: could not be "
		    "masked)");
		free(safe);
		free(masked);
		free(ruled);
		free(text);
	}
	pipeline_result_clear(&res);
	detect_free(rt.rt_detect);
	rules_free(rt.rt_rules);
	free(mail);
}

/* show_field - "label value" with the value made safe for the terminal */
static void
show_field(const char *label, const char *value)
{
	char *safe = termsafe_dup(value);

	printf("%-13s%s\n", label, safe ? safe : "(out of memory)");
	free(safe);
}

static void
show_text(const struct lg_store_row *r, const char *where)
{
	char buf[1024];

	printf("record:      %lld\n", (long long)r->row_id);
	show_field("status:", r->row_status);
	snprintf(buf, sizeof buf, "%s on %s", r->row_created, r->row_host);
	show_field("held:", buf);
	show_field("queue id:", r->row_queue_id);
	show_field("queue now:", where);
	show_field("message-id:", r->row_message_id);
	show_field("sender:", r->row_sender);
	show_field("recipients:", r->row_recipients);
	snprintf(buf, sizeof buf, "%s%s%s%s", r->row_customer_id[0] ?
	    r->row_customer_id : "(none bound)", r->row_customer_name[0] ?
	    " (" : "", r->row_customer_name, r->row_customer_name[0] ? ")" : "");
	show_field("customer:", buf);
	show_field("expected:", r->row_expected);
	show_field("reason:", r->row_reason);
	show_field("rules:", r->row_rules);
	show_field("excerpt:", r->row_excerpt);
	show_field("subject:", r->row_subject);
	if (r->row_details[0])
		show_field("details:", r->row_details);
	if (r->row_approved_by[0])
		show_field("approved by:", r->row_approved_by);
	if (r->row_decided_by[0]) {
		snprintf(buf, sizeof buf, "%s by %s", r->row_decided,
		    r->row_decided_by);
		show_field("decided:", buf);
	}
}

/* ctl_do_show - one record and its mail */
int
ctl_do_show(struct lg_config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl_record cr = { 0 };
	struct lg_store *st;
	char where[600];
	int64_t id;
	int ch, json = 0, same, rc = EXIT_ERROR;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'j')
			usage();
		json = 1;
	}
	if (optind + 1 != argc)
		usage();
	if (ctl_parse_id(argv[optind], &id) == -1) {
		fprintf(stderr, "leakguardctl: %s: not a record id\n",
		    argv[optind]);
		return EXIT_ERROR;
	}
	if ((st = ctl_store_open(cfg)) == NULL)
		return EXIT_ERROR;
	if (ctl_record_get(st, id, &cr) != 1)
		goto out;
	where_now(cfg, &cr.rec, where, sizeof where, &same);
	if (json) {
		printf("{\"record\":");
		ctl_row_json(stdout, &cr.rec);
		json_member(stdout, "queue_now", where, 1);
		printf("}\n");
	} else {
		show_text(&cr.rec, where);
		if (same)
			show_headers(cfg, cr.rec.row_queue_id);
	}
	rc = 0;
out:
	ctl_record_free(&cr);
	store_close(st);
	return rc;
}
