/*
 * fuzz_pipeline.c - libFuzzer target: a mail's bytes through the content
 * half of the daemon's path (pipeline_scan: MIME walk, decoding, HTML,
 * normalisation, rules, the built-in detector, binding), as leakguardctl
 * scan reads a file.  Attachments are not handed to extractor workers here
 * (a separate process); they come out unreadable.  The
 * directory half needs a server and is covered by the end-to-end suites.
 */
#include <stdio.h>

#include "content.h"
#include "fuzz.h"
#include "message.h"
#include "pipeline.h"

static struct lg_runtime rt;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char conf[] = "ldap_uri ldap://127.0.0.1:1\n"
	    "ldap_base dc=example,dc=fi\nmax_scan_size 2M\n";
	char path[64], err[256];

	(void)argc;
	(void)argv;
	if (fuzz_tempfile((const uint8_t *)conf, sizeof conf - 1, path,
	    sizeof path) == -1)
		abort();
	rt.rt_cfg = config_load(path, stderr);
	unlink(path);
	rt.rt_rules = rules_load_dir(LG_FUZZ_RULES_DIR, stderr);
	if (rt.rt_cfg == NULL || rt.rt_rules == NULL || content_init() == -1)
		abort();
	if (pipeline_load_detector(rt.rt_cfg, &rt.rt_detect, err,
	    sizeof err) == -1) {
		fprintf(stderr, "fuzz_pipeline: detector: %s\n", err);
		abort();
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_result res;
	struct lg_msg *msg;
	FILE *fp;

	if ((msg = message_new(rt.rt_cfg->cfg_max_scan_size)) == NULL)
		abort();
	if ((fp = fmemopen((void *)data, size ? size : 1, "r")) == NULL)
		abort();
	if (size > 0 && message_read_file(msg, fp) == 0 &&
	    message_add_rcpt(msg, "<stranger@example.org>") == 0) {
		memset(&res, 0, sizeof res);
		(void)pipeline_scan(&rt, msg, &res);
		pipeline_result_clear(&res);
	}
	fclose(fp);
	message_free(msg);
	return 0;
}
