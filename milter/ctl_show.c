/*
 * ctl_show.c - "leakguardctl show ID": one record, where its mail is now
 * (still held, on its way after a release, gone from the queue, or the
 * queue id now names another mail) and, while Postfix has it, the mail's
 * headers from "postcat -hq".  Every header is unfolded, RFC 2047-decoded
 * (GMime) and passed through the rules' and the detector's masking
 * (pipeline_mask) before it is shown: a Subject can carry the PIN.  Reads
 * only.
 *
 * Errors are printed here; the exit status is 0 or EXIT_ERROR.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "ctl.h"
#include "json.h"
#include "pipeline.h"
#include "postfix.h"
#include "rules.h"

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
		snprintf(buf, len, "not in any Postfix queue: it left the queue");
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

/* show_headers - the queued mail's headers, decoded and masked */
static void
show_headers(const struct lg_config *cfg, const char *qid)
{
	struct lg_runtime rt = { .rt_cfg = (struct lg_config *)cfg };
	char *headers = NULL, *line, *save = NULL, err[512];
	int n;

	if ((n = postfix_headers(cfg->cfg_postfix_config_directory, qid,
	    &headers, err, sizeof err)) != 1) {
		printf("headers: not available%s%s\n", n == -1 ? ": " : "",
		    n == -1 ? err : "");
		free(headers);
		return;
	}
	if ((rt.rt_rules = rules_load_dir(cfg->cfg_rules_dir, stderr)) == NULL) {
		printf("headers: not shown: the rules could not be loaded to "
		    "mask them\n");
		free(headers);
		return;
	}
	if (pipeline_load_detector(cfg, &rt.rt_detect, err, sizeof err) == -1) {
		printf("headers: not shown: the detector could not be loaded to "
		    "mask them (%s)\n", err);
		rules_free(rt.rt_rules);
		free(headers);
		return;
	}
	printf("headers (decoded, secrets masked):\n");
	/* unfold: a continuation line joins the one before */
	for (line = headers; *line; line++)
		if (*line == '\n' && (line[1] == ' ' || line[1] == '\t')) {
			line[0] = ' ';
			line[1] = ' ';
		}
	for (line = strtok_r(headers, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *text = content_header_text(line);
		char *masked = text ? pipeline_mask(&rt, text) : NULL;

		printf("  %s\n", masked ? masked : "(not shown: could not be "
		    "masked)");
		free(masked);
		free(text);
	}
	detect_free(rt.rt_detect);
	rules_free(rt.rt_rules);
	free(headers);
}

static void
show_text(const struct lg_store_row *r, const char *where)
{
	printf("record:      %lld\n", (long long)r->row_id);
	printf("status:      %s\n", r->row_status);
	printf("held:        %s on %s\n", r->row_created, r->row_host);
	printf("queue id:    %s\n", r->row_queue_id);
	printf("queue now:   %s\n", where);
	printf("message-id:  %s\n", r->row_message_id);
	printf("sender:      %s\n", r->row_sender);
	printf("recipients:  %s\n", r->row_recipients);
	printf("customer:    %s%s%s%s\n", r->row_customer_id[0] ?
	    r->row_customer_id : "(none bound)", r->row_customer_name[0] ?
	    " (" : "", r->row_customer_name, r->row_customer_name[0] ? ")" : "");
	printf("expected:    %s\n", r->row_expected);
	printf("reason:      %s\n", r->row_reason);
	printf("rules:       %s\n", r->row_rules);
	printf("excerpt:     %s\n", r->row_excerpt);
	printf("subject:     %s\n", r->row_subject);
	if (r->row_details[0])
		printf("details:     %s\n", r->row_details);
	if (r->row_approved_by[0])
		printf("approved by: %s\n", r->row_approved_by);
	if (r->row_decided_by[0])
		printf("decided:     %s by %s\n", r->row_decided,
		    r->row_decided_by);
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
