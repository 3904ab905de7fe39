/*
 * ctl_scan.c - "leakguardctl scan": the daemon's own pipeline run offline
 * over one message file, printing the verdict and the masked hits.  Exit
 * status 0 pass, 1 hold, 2 error (tempfail included).
 *
 * "scan --batch" runs the content half of the same pipeline (MIME,
 * normalisation, rules; no directory) over many files, one line each, and
 * ends with the scanning core's throughput on stderr: the corpus and
 * false-positive benchmark (tests/bench/corpus.sh).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ctl.h"
#include "extract/extract.h"
#include "directory.h"
#include "json.h"
#include "message.h"
#include "pipeline.h"
#include "rules.h"
#include "termsafe.h"

/* print_scan_json - the scan result as one JSON object */
static void
print_scan_json(const struct lg_result *res)
{
	size_t i;

	printf("{");
	json_member(stdout, "verdict", lg_action_name(res->res_verdict.v_action), 0);
	json_member(stdout, "reason", lg_reason_name(res->res_verdict.v_reason), 1);
	json_member(stdout, "details", res->res_verdict.v_details[0] ?
	    res->res_verdict.v_details : NULL, 1);
	json_member(stdout, "customer", res->res_binding.bind_state ==
	    LG_BIND_NONE ? NULL : res->res_binding.bind_id, 1);
	json_member(stdout, "customer_name", res->res_record.rec_name, 1);
	printf(",\"expected\":[");
	for (i = 0; i < res->res_record.rec_naddrs; i++) {
		if (i)
			putchar(',');
		json_string(stdout, res->res_record.rec_addrs[i]);
	}
	printf("],\"hits\":[");
	for (i = 0; i < res->res_hits.count; i++) {
		const struct lg_hit *h = &res->res_hits.hits[i];

		printf("%s{", i ? "," : "");
		json_member(stdout, "rule", h->hit_name, 0);
		json_member(stdout, "kind", lg_kind_name(h->hit_kind), 1);
		json_member(stdout, "source", h->hit_source, 1);
		json_member(stdout, "excerpt", h->hit_excerpt, 1);
		putchar('}');
	}
	printf("]");
	json_member(stdout, "subject", res->res_subject, 1);
	json_member(stdout, "error", res->res_error[0] ? res->res_error : NULL, 1);
	printf("}\n");
}

/* print_scan_text - the result as "key: value" lines; everything the
 * mail (or the directory) controls goes through termsafe() */
static void
print_scan_text(const struct lg_result *res)
{
	char a[1024], b[1024], c[1024];
	size_t i;

	printf("verdict: %s\n", lg_action_name(res->res_verdict.v_action));
	printf("reason: %s\n", lg_reason_name(res->res_verdict.v_reason));
	if (res->res_verdict.v_details[0])
		printf("details: %s\n", termsafe(a, sizeof a,
		    res->res_verdict.v_details));
	if (res->res_attachments || res->res_images || res->res_unreadable)
		printf("attachments: %u read, %u images (not read), %u unreadable\n",
		    res->res_attachments, res->res_images, res->res_unreadable);
	if (res->res_binding.bind_state != LG_BIND_NONE)
		printf("customer: %s%s%s\n", termsafe(a, sizeof a,
		    res->res_binding.bind_id),
		    res->res_binding.bind_state == LG_BIND_CONFLICT ? " vs " : "",
		    res->res_binding.bind_state == LG_BIND_CONFLICT ?
		    termsafe(b, sizeof b, res->res_binding.bind_other) : "");
	if (res->res_record.rec_name != NULL)
		printf("customer_name: %s\n", termsafe(a, sizeof a,
		    res->res_record.rec_name));
	for (i = 0; i < res->res_record.rec_naddrs; i++)
		printf("expected: %s\n", termsafe(a, sizeof a,
		    res->res_record.rec_addrs[i]));
	for (i = 0; i < res->res_hits.count; i++) {
		const struct lg_hit *h = &res->res_hits.hits[i];

		printf("hit: %s %s %s \"%s\"\n", termsafe(a, sizeof a,
		    h->hit_name), lg_kind_name(h->hit_kind), termsafe(b,
		    sizeof b, h->hit_source), termsafe(c, sizeof c,
		    h->hit_excerpt));
	}
	if (res->res_subject != NULL)
		printf("subject: %s\n", termsafe(a, sizeof a, res->res_subject));
	if (res->res_binding_headers > 0 && !res->res_binding_trusted)
		printf("note: binding header ignored (client not trusted)\n");
	if (res->res_error[0])
		printf("error: %s\n", termsafe(a, sizeof a, res->res_error));
}

/* thread_cpu - CPU seconds this thread has used */
static double
thread_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct batch_totals {
	size_t	 files, bytes, errors;
	double	 cpu;			/* seconds in pipeline_scan */
};

/*
 * batch_one - scan one file; prints "STATUS RULES FILE" where STATUS is
 * sensitive, hit (hits that need no verified recipient), clean,
 * unscannable or error, and RULES the rule names or "-"
 */
static void
batch_one(const struct lg_runtime *rt, const char *path,
    struct batch_totals *t)
{
	struct lg_result res;
	struct lg_msg *msg;
	struct stat sb;
	const char *status;
	FILE *fp;
	double t0;

	if ((msg = message_new(rt->rt_cfg->cfg_max_scan_size)) == NULL ||
	    (fp = ctl_fopen_as_caller(path)) == NULL) {
		printf("error - %s\n", path);
		t->errors++;
		message_free(msg);
		return;
	}
	if (fstat(fileno(fp), &sb) == 0)
		t->bytes += (size_t)sb.st_size;
	if (message_read_file(msg, fp) == -1) {
		fclose(fp);
		printf("error - %s\n", path);
		t->errors++;
		message_free(msg);
		return;
	}
	fclose(fp);
	t0 = thread_cpu();
	if (pipeline_scan(rt, msg, &res) == -1) {
		printf("error - %s\n", path);
		t->errors++;
	} else {
		status = res.res_unscannable ? "unscannable" : res.res_sensitive ?
		    "sensitive" : res.res_hits.count > 0 ? "hit" : "clean";
		printf("%s %s %s\n", status, res.res_rules[0] ? res.res_rules :
		    "-", path);
	}
	t->cpu += thread_cpu() - t0;
	t->files++;
	pipeline_result_clear(&res);
	message_free(msg);
}

/* ctl_scan_batch - "scan --batch FILE..." or "scan --batch -" (stdin) */
static int
ctl_scan_batch(struct lg_config *cfg, int argc, char **argv)
{
	struct lg_runtime rt = { .rt_cfg = cfg };
	struct batch_totals t = { 0 };
	char *line = NULL, err[512];
	size_t cap = 0;
	ssize_t n;
	int i;

	if (argc < 1)
		usage();
	if ((rt.rt_rules = rules_load_dirs(cfg->cfg_rules_dir,
	    cfg->cfg_local_rules_dir, stderr)) == NULL)
		return EXIT_ERROR;
	if ((rt.rt_extract = extract_from_config(cfg, err, sizeof err)) == NULL) {
		fprintf(stderr, "leakguardctl: %s\n", err);
		rules_free(rt.rt_rules);
		return EXIT_ERROR;
	}
	if (pipeline_load_detector(cfg, &rt.rt_detect, err, sizeof err) == -1) {
		fprintf(stderr, "leakguardctl: %s\n", err);
		extract_free(rt.rt_extract);
		rules_free(rt.rt_rules);
		return EXIT_ERROR;
	}
	if (argc == 1 && strcmp(argv[0], "-") == 0) {
		while ((n = getline(&line, &cap, stdin)) > 0) {
			if (line[n - 1] == '\n')
				line[n - 1] = '\0';
			if (line[0] != '\0')
				batch_one(&rt, line, &t);
		}
		free(line);
	} else
		for (i = 0; i < argc; i++)
			batch_one(&rt, argv[i], &t);
	fprintf(stderr, "batch: %zu messages, %zu bytes, %zu errors, %.3f s "
	    "scanning CPU: %.0f messages/s, %.1f MB/s\n", t.files, t.bytes,
	    t.errors, t.cpu, t.cpu > 0 ? (double)t.files / t.cpu : 0.0,
	    t.cpu > 0 ? (double)t.bytes / t.cpu / 1e6 : 0.0);
	extract_free(rt.rt_extract);
	detect_free(rt.rt_detect);
	rules_free(rt.rt_rules);
	return t.errors > 0 ? EXIT_ERROR : 0;
}

/* ctl_do_scan - the daemon's pipeline, offline, on one file */
int
ctl_do_scan(struct lg_config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rcpt", required_argument, NULL, 'r' },
		{ "from", required_argument, NULL, 'f' },
		{ "client", required_argument, NULL, 'a' },
		{ "sasl", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "batch", no_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	struct lg_runtime rt = { .rt_cfg = cfg };
	struct lg_result res;
	struct lg_msg *msg;
	FILE *fp;
	char err[512];
	int ch, json = 0, batch = 0, rc = EXIT_ERROR;

	if ((msg = message_new(cfg->cfg_max_scan_size)) == NULL) {
		fprintf(stderr, "leakguardctl: out of memory\n");
		return EXIT_ERROR;
	}
	memset(&res, 0, sizeof res);
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			if (message_add_rcpt(msg, optarg) == -1)
				goto out;
			break;
		case 'f':
			if (message_set_address(&msg->msg_sender, optarg) == -1)
				goto out;
			break;
		case 'a':
			if (message_set(&msg->msg_client_addr, optarg) == -1)
				goto out;
			break;
		case 's':
			if (message_set(&msg->msg_auth_authen, optarg) == -1)
				goto out;
			break;
		case 'j':
			json = 1;
			break;
		case 'b':
			batch = 1;
			break;
		default:
			usage();
		}
	}
	if (batch) {
		rc = ctl_scan_batch(cfg, argc - optind, argv + optind);
		goto out;
	}
	if (optind + 1 != argc || msg->msg_nrcpts == 0)
		usage();
	if ((fp = ctl_fopen_as_caller(argv[optind])) == NULL) {
		fprintf(stderr, "leakguardctl: %s: %m\n", argv[optind]);
		goto out;
	}
	if (message_read_file(msg, fp) == -1) {
		fprintf(stderr, "leakguardctl: %s: read error\n", argv[optind]);
		fclose(fp);
		goto out;
	}
	fclose(fp);
	if ((rt.rt_rules = rules_load_dirs(cfg->cfg_rules_dir,
	    cfg->cfg_local_rules_dir, stderr)) == NULL)
		goto out;
	if ((rt.rt_extract = extract_from_config(cfg, err, sizeof err)) == NULL) {
		fprintf(stderr, "leakguardctl: %s\n", err);
		goto out;
	}
	if (pipeline_load_detector(cfg, &rt.rt_detect, err, sizeof err) == -1) {
		fprintf(stderr, "leakguardctl: %s\n", err);
		goto out;
	}
	if ((rt.rt_dir = directory_new(cfg, err, sizeof err)) == NULL) {
		fprintf(stderr, "leakguardctl: directory: %s\n", err);
		goto out;
	}
	if (pipeline_judge(&rt, msg, &res) == -1) {
		fprintf(stderr, "leakguardctl: out of memory\n");
		goto out;
	}
	if (json)
		print_scan_json(&res);
	else
		print_scan_text(&res);
	rc = res.res_verdict.v_action == LG_ACTION_PASS ? 0 :
	    res.res_verdict.v_action == LG_ACTION_HOLD ? 1 : EXIT_ERROR;
out:
	pipeline_result_clear(&res);
	directory_free(rt.rt_dir);
	extract_free(rt.rt_extract);
	detect_free(rt.rt_detect);
	rules_free(rt.rt_rules);
	message_free(msg);
	return rc;
}
