/*
 * ctl_list.c - "leakguardctl list": store rows as a table that fits an
 * 80-column terminal, or as a JSON array; also the row printers "show"
 * and "subject" use.  Every field goes through termsafe.c (json.c for
 * JSON): a queue id or recipient the mail controls cannot drive the
 * terminal.  Reads only; no Postfix, no directory.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"
#include "json.h"
#include "termsafe.h"

struct list_arg {
	int	la_json;
	int	la_status_col;	/* several statuses: show a status column */
	int	la_count;
};

/* print_cut - s, made safe for the terminal, in width columns (bytes),
 * "~" marking a cut */
static void
print_cut(const char *raw, int width)
{
	char s[512];
	int len;

	termsafe(s, sizeof s, raw);
	len = (int)strlen(s);

	if (len <= width)
		printf("%-*s", width, s);
	else
		printf("%.*s~", width - 1, s);
}

/* CTL_ROW_JSON -- one row as a JSON object */
void
ctl_row_json(FILE *fp, const struct lg_store_row *r)
{
	fprintf(fp, "{\"id\":%lld", (long long)r->row_id);
	json_member(fp, "created", r->row_created, 1);
	json_member(fp, "host", r->row_host, 1);
	json_member(fp, "queue_id", r->row_queue_id, 1);
	json_member(fp, "message_id", r->row_message_id, 1);
	json_member(fp, "sender", r->row_sender, 1);
	json_member(fp, "recipients", r->row_recipients, 1);
	json_member(fp, "customer_id", r->row_customer_id, 1);
	json_member(fp, "customer_name", r->row_customer_name, 1);
	json_member(fp, "expected", r->row_expected, 1);
	json_member(fp, "action", r->row_action, 1);
	json_member(fp, "reason", r->row_reason, 1);
	json_member(fp, "rules", r->row_rules, 1);
	json_member(fp, "excerpt", r->row_excerpt, 1);
	json_member(fp, "subject", r->row_subject, 1);
	json_member(fp, "details", r->row_details, 1);
	json_member(fp, "status", r->row_status, 1);
	json_member(fp, "approved_by", r->row_approved_by[0] ?
	    r->row_approved_by : NULL, 1);
	json_member(fp, "decided_by", r->row_decided_by[0] ?
	    r->row_decided_by : NULL, 1);
	json_member(fp, "decided", r->row_decided[0] ? r->row_decided : NULL, 1);
	fputc('}', fp);
}

static int
list_row(void *arg, const struct lg_store_row *r)
{
	struct list_arg *la = arg;
	const char *t = r->row_created;

	if (la->la_json) {
		printf("%s", la->la_count ? ",\n" : "");
		ctl_row_json(stdout, r);
		la->la_count++;
		return 0;
	}
	/* 5+1+11+1+16+1+18+1+10+1+15 = 80 columns; with the status column
	 * (9+1) the queue id and the recipients give up 5 each */
	printf("%5lld ", (long long)r->row_id);
	/* "2026-11-23T06:33:12Z" shown as "11-23 06:33" */
	printf("%-5.5s %-5.5s ", strlen(t) >= 16 ? t + 5 : t,
	    strlen(t) >= 16 ? t + 11 : "");
	print_cut(r->row_queue_id, la->la_status_col ? 11 : 16);
	putchar(' ');
	if (la->la_status_col) {
		print_cut(r->row_status, 9);
		putchar(' ');
	}
	print_cut(r->row_reason, 18);
	putchar(' ');
	print_cut(r->row_customer_id, 10);
	putchar(' ');
	print_cut(r->row_recipients, la->la_status_col ? 10 : 15);
	putchar('\n');
	la->la_count++;
	return 0;
}

/*
 * CTL_PRINT_ROWS -- the rows a filter selects, as a table or JSON array.
 *	Return value: 0, or -1 (message printed).
 */
int
ctl_print_rows(struct lg_store *st, const struct lg_store_filter *f, int json)
{
	struct list_arg la = { json, f->sf_status == NULL, 0 };
	char err[512];
	int rc;

	if (json)
		printf("[");
	else if (la.la_status_col)
		printf("%5s %-11s %-11s %-9s %-18s %-10s %s\n", "ID",
		    "TIME (UTC)", "QUEUE ID", "STATUS", "REASON", "CUSTOMER",
		    "RECIPIENTS");
	else
		printf("%5s %-11s %-16s %-18s %-10s %s\n", "ID", "TIME (UTC)",
		    "QUEUE ID", "REASON", "CUSTOMER", "RECIPIENTS");
	rc = store_list(st, f, list_row, &la, err, sizeof err);
	if (json)
		printf("]\n");
	if (rc == -1)
		fprintf(stderr, "leakguardctl: %s\n", err);
	return rc;
}

/* since_time - "--since": an age ("7d") or an ISO date/time prefix */
static int
since_time(const char *arg, char *buf, size_t len)
{
	long age;

	if (ctl_parse_age(arg, &age) == 0 && strchr(arg, '-') == NULL) {
		ctl_iso_time((long long)time(NULL) - age, buf, len);
		return 0;
	}
	/* 2026-11-23 or 2026-11-23T06:30 (compared as text: ISO sorts) */
	if (strlen(arg) < 10 || arg[4] != '-' || arg[7] != '-' ||
	    strlen(arg) >= len)
		return -1;
	snprintf(buf, len, "%s", arg);
	return 0;
}

/* ctl_do_list - rows of the store, held mail by default */
int
ctl_do_list(struct lg_config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "since", required_argument, NULL, 'S' },
		{ "reason", required_argument, NULL, 'r' },
		{ "customer", required_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct lg_store_filter f = { .sf_status = STORE_HELD };
	char since[64];
	struct lg_store *st;
	int ch, json = 0, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			f.sf_status = strcmp(optarg, "all") == 0 ? NULL : optarg;
			break;
		case 'S':
			if (since_time(optarg, since, sizeof since) == -1) {
				fprintf(stderr, "leakguardctl: --since %s: not an "
				    "age (7d, 12h) or a date (2026-11-23)\n", optarg);
				return EXIT_ERROR;
			}
			f.sf_since = since;
			break;
		case 'r':
			f.sf_reason = optarg;
			break;
		case 'c':
			f.sf_customer = optarg;
			break;
		case 'j':
			json = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if ((st = ctl_store_open(cfg)) == NULL)
		return EXIT_ERROR;
	rc = ctl_print_rows(st, &f, json);
	store_close(st);
	return rc == -1 ? EXIT_ERROR : 0;
}
