/*
 * check_extract_pool.c - the extractor pool with the real worker program
 * (leakguard-extract) on files tests/data/attach/gen.py makes: the text of
 * each kind, each refusal named (encrypted, opaque, path, limit:...), and
 * a worker killed in the middle of an attachment: that attachment failed
 * (crash), the next one read by a fresh worker.
 */
#include <check.h>
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract/extract.h"
#include "unit.h"

#ifndef LG_TEST_EXTRACT
#error "LG_TEST_EXTRACT: path of leakguard-extract"
#endif

static char datadir[256];
static struct lg_extractor *pool;

struct got {
	char	text[65536];
	size_t	len;
	char	names[4096];
};

static int
got_begin(void *arg, const char *name)
{
	struct got *g = arg;

	strncat(g->names, name, sizeof g->names - strlen(g->names) - 2);
	strcat(g->names, ";");
	return 0;
}

static int
got_text(void *arg, const char *text, size_t len)
{
	struct got *g = arg;

	if (g->len + len >= sizeof g->text)
		len = sizeof g->text - g->len - 1;
	memcpy(g->text + g->len, text, len);
	g->len += len;
	g->text[g->len] = '\0';
	return 0;
}

static char *
slurp(const char *name, size_t *len)
{
	char path[512];
	FILE *fp;
	char *buf;
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", datadir, name);
	ck_assert_msg((fp = fopen(path, "rb")) != NULL, "open %s", path);
	ck_assert_int_eq(fstat(fileno(fp), &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	*len = fread(buf, 1, (size_t)st.st_size, fp);
	fclose(fp);
	return buf;
}

static struct lg_extract_conf
conf(void)
{
	struct lg_extract_conf c = {
		.xc_program = LG_TEST_EXTRACT, .xc_user = "nobody",
		.xc_workers = 2, .xc_max_size = 10 << 20, .xc_max_text = 1 << 20,
		.xc_memory = 512 << 20, .xc_pages = 100, .xc_entries = 100,
		.xc_depth = 3, .xc_ratio = 100, .xc_cpu = 10, .xc_timeout = 30,
	};
	return c;
}

static void
setup(void)
{
	char err[256];
	struct lg_extract_conf c = conf();

	pool = extract_new(&c, err, sizeof err);
	ck_assert_msg(pool != NULL, "extract_new: %s", err);
}

static void
teardown(void)
{
	extract_free(pool);
	pool = NULL;
}

static const struct {
	const char *file, *ctype, *name;
	const char *want_text;		/* substring, or NULL */
	const char *want_reason;	/* first unreadable, or "" */
	unsigned images, msgs;
} cases[] = {
	{ "pin.pdf", "application/pdf", "pin.pdf", "PIN-koodi: 716394", "", 0, 0 },
	{ "pin-page2.pdf", "application/pdf", "x.pdf", "Asiakasnumero: 100001\nPIN-koodi: 716394", "", 0, 0 },
	{ "pin.pdf", "application/octet-stream", "scan0001", "PIN-koodi: 716394", "", 0, 0 },
	{ "pin-encrypted.pdf", "application/pdf", "pin.pdf", NULL, "encrypted", 0, 0 },
	{ "pin.docx", NULL, "pin.docx", "PIN-koodi: 716394", "", 0, 0 },
	{ "pin.xlsx", NULL, "pin.xlsx", "PIN-koodi\t716394", "", 0, 0 },
	{ "pin.odt", NULL, "pin.odt", "PIN-koodi: 716394", "", 0, 0 },
	{ "pin.pptx", NULL, "pin.pptx", "PIN-koodi: 716394", "", 1, 0 },
	{ "pin.zip", "application/zip", "pin.zip", "PIN-koodi: 716394", "", 0, 0 },
	{ "nested.zip", "application/zip", "n.zip", "PIN-koodi: 716394", "", 0, 0 },
	{ "deep.zip", "application/zip", "d.zip", NULL, "limit:depth", 0, 0 },
	{ "bomb.zip", "application/zip", "b.zip", NULL, "limit:ratio", 0, 0 },
	{ "path.zip", "application/zip", "p.zip", NULL, "path", 0, 0 },
	{ "encrypted.zip", "application/zip", "e.zip", NULL, "encrypted", 0, 0 },
	{ "pin.rtf", "application/rtf", "pin.rtf", "PIN-koodi: 716394", "", 0, 0 },
	{ "winmail.dat", "application/ms-tnef", "winmail.dat", "PIN-koodi: 716394", "", 0, 0 },
	{ "winmail-rtf.dat", "application/ms-tnef", "winmail.dat", "PIN-koodi: 716394", "", 0, 0 },
	{ "pin.json", "application/json", "pin.json", "100001\nPIN-koodi: 716394", "", 0, 0 },
	{ "pin-escaped.json", "application/json", "x.json", "PIN-koodi: 716394", "", 0, 0 },
	{ "forward.eml", "application/octet-stream", "fwd.eml", NULL, "", 0, 1 },
	{ "opaque.bin", "application/octet-stream", "data.bin", NULL, "opaque", 0, 0 },
	{ "image.png", "image/png", "logo.png", NULL, "", 1, 0 },
};

START_TEST(test_kinds)
{
	struct got *g = calloc(1, sizeof *g);
	struct lg_extract_sink sink = { g, got_begin, got_text };
	struct lg_extract_result r;
	size_t len;
	char *data = slurp(cases[_i].file, &len);

	ck_assert_int_eq(extract_run(pool, cases[_i].ctype, cases[_i].name,
	    data, len, &sink, &r), 0);
	ck_assert_msg(!r.xr_failed, "%s: worker failed: %s", cases[_i].file,
	    r.xr_reason);
	ck_assert_msg(strcmp(r.xr_reason, cases[_i].want_reason) == 0,
	    "%s: reason \"%s\" (at %s), want \"%s\"", cases[_i].file,
	    r.xr_reason, r.xr_where, cases[_i].want_reason);
	if (cases[_i].want_text != NULL)
		ck_assert_msg(strstr(g->text, cases[_i].want_text) != NULL,
		    "%s: text \"%s\" lacks \"%s\"", cases[_i].file, g->text,
		    cases[_i].want_text);
	else
		ck_assert_msg(strstr(g->text, "716394") == NULL,
		    "%s: unreadable yet text \"%s\"", cases[_i].file, g->text);
	ck_assert_uint_eq(r.xr_images, cases[_i].images);
	ck_assert_uint_eq(r.xr_nmsgs, cases[_i].msgs);
	if (cases[_i].msgs > 0)
		ck_assert(r.xr_msgs[0].xm_len == len &&
		    memcmp(r.xr_msgs[0].xm_data, data, len) == 0);
	extract_result_clear(&r);
	free(data);
	free(g);
}
END_TEST

/* the limits of the pool's configuration, each met */
START_TEST(test_limits)
{
	struct got *g = calloc(1, sizeof *g);
	struct lg_extract_sink sink = { g, got_begin, got_text };
	struct lg_extract_conf c = conf();
	struct lg_extract_result r;
	struct lg_extractor *x;
	char err[256], *data;
	size_t len;

	c.xc_pages = 1;
	ck_assert((x = extract_new(&c, err, sizeof err)) != NULL);
	data = slurp("pin-page2.pdf", &len);
	ck_assert_int_eq(extract_run(x, "application/pdf", "p.pdf", data, len,
	    &sink, &r), 0);
	ck_assert_str_eq(r.xr_reason, "limit:pages");
	ck_assert_msg(strstr(g->text, "716394") == NULL, "page 2 read: %s", g->text);
	free(data);
	extract_free(x);

	c = conf();
	c.xc_max_text = 30;
	ck_assert((x = extract_new(&c, err, sizeof err)) != NULL);
	data = slurp("pin.zip", &len);
	g->len = 0;
	ck_assert_int_eq(extract_run(x, NULL, "pin.zip", data, len, &sink, &r), 0);
	ck_assert_str_eq(r.xr_reason, "limit:text");
	ck_assert_uint_le(g->len, 30);
	ck_assert_int_eq(extract_run(x, NULL, "pin.zip", data, 5, &sink, &r), 0);
	ck_assert_msg(strcmp(r.xr_reason, "corrupt") == 0, "cut zip: %s", r.xr_reason);
	free(data);
	extract_free(x);

	c = conf();
	c.xc_max_size = 100;
	ck_assert((x = extract_new(&c, err, sizeof err)) != NULL);
	data = slurp("pin.pdf", &len);
	ck_assert_int_eq(extract_run(x, NULL, "pin.pdf", data, len, &sink, &r), 0);
	ck_assert_str_eq(r.xr_reason, "limit:size");
	free(data);
	extract_free(x);

	c = conf();
	c.xc_entries = 1;
	ck_assert((x = extract_new(&c, err, sizeof err)) != NULL);
	data = slurp("nested.zip", &len);
	ck_assert_int_eq(extract_run(x, NULL, "n.zip", data, len, &sink, &r), 0);
	ck_assert_str_eq(r.xr_reason, "limit:entries");
	free(data);
	extract_free(x);
	free(g);
}
END_TEST

/*
 * kill_busy_children - SIGKILL every worker of this process that is at
 * work: running, with over 0.2 s of CPU (a waiting one sleeps, with ~0.06 s
 * spent starting up)
 */
static int
kill_busy_children(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int killed = 0;

	while (d != NULL && (e = readdir(d)) != NULL) {
		char path[300], buf[1024], *p;
		unsigned long ut, st;
		int ppid;
		char state;
		FILE *fp;

		snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
		if ((fp = fopen(path, "r")) == NULL)
			continue;
		buf[0] = '\0';
		if (fgets(buf, sizeof buf, fp) == NULL)
			buf[0] = '\0';
		fclose(fp);
		if ((p = strrchr(buf, ')')) == NULL)
			continue;
		/* ") S ppid pgrp session tty tpgid flags minflt cminflt
		   majflt cmajflt utime stime" */
		if (sscanf(p + 2, "%c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
		    &state, &ppid, &ut, &st) != 4 || ppid != getpid())
			continue;
		if (state == 'R' && ut + st >= 20 &&
		    kill(atoi(e->d_name), SIGKILL) == 0)
			killed++;
	}
	if (d != NULL)
		closedir(d);
	return killed;
}

struct job {
	char			*data;
	size_t			 len;
	struct lg_extract_result r;
	struct got		 g;
	int			 rc;
};

static void *
run_job(void *arg)
{
	struct job *j = arg;
	struct lg_extract_sink sink = { &j->g, got_begin, got_text };

	j->rc = extract_run(pool, "application/pdf", "slow.pdf", j->data, j->len,
	    &sink, &j->r);
	return NULL;
}

START_TEST(test_worker_killed)
{
	struct job *j = calloc(1, sizeof *j);
	struct got *g = calloc(1, sizeof *g);
	struct lg_extract_sink sink = { g, got_begin, got_text };
	struct lg_extract_result r;
	pthread_t t;
	char *data;
	size_t len;
	int i, killed = 0;

	j->data = slurp("slow.pdf", &j->len);
	ck_assert_int_eq(pthread_create(&t, NULL, run_job, j), 0);
	for (i = 0; i < 500 && killed == 0; i++) {
		usleep(10000);
		killed = kill_busy_children();
	}
	pthread_join(t, NULL);
	ck_assert_msg(killed == 1, "killed %d busy workers, want 1", killed);
	ck_assert_int_eq(j->rc, 0);
	ck_assert_msg(j->r.xr_failed, "killed worker: not failed (reason %s)",
	    j->r.xr_reason);
	ck_assert_str_eq(j->r.xr_reason, "crash:KILL");

	/* the next attachment is read by a fresh worker */
	data = slurp("pin.pdf", &len);
	ck_assert_int_eq(extract_run(pool, "application/pdf", "pin.pdf", data,
	    len, &sink, &r), 0);
	ck_assert_msg(!r.xr_failed && r.xr_reason[0] == '\0', "after: %s",
	    r.xr_reason);
	ck_assert(strstr(g->text, "PIN-koodi: 716394") != NULL);
	free(data);
	free(j->data);
	free(j);
	free(g);
}
END_TEST

/* a worker over its wall-clock time is killed: limit:time */
START_TEST(test_timeout)
{
	struct got *g = calloc(1, sizeof *g);
	struct lg_extract_sink sink = { g, got_begin, got_text };
	struct lg_extract_conf c = conf();
	struct lg_extract_result r;
	struct lg_extractor *x;
	char err[256], *data;
	size_t len;

	c.xc_timeout = 0;	/* already late: nothing can be read */
	ck_assert((x = extract_new(&c, err, sizeof err)) != NULL);
	data = slurp("pin.pdf", &len);
	ck_assert_int_eq(extract_run(x, NULL, "pin.pdf", data, len, &sink, &r), 0);
	ck_assert(r.xr_failed);
	ck_assert_str_eq(r.xr_reason, "limit:time");
	free(data);
	extract_free(x);
	free(g);
}
END_TEST

/* the program gone after the pool was made: the attachment fails (held) */
START_TEST(test_program_gone)
{
	struct got *g = calloc(1, sizeof *g);
	struct lg_extract_sink sink = { g, got_begin, got_text };
	struct lg_extract_conf c = conf();
	struct lg_extract_result r;
	struct lg_extractor *x;
	char err[256], prog[] = "/tmp/check_extract_pool.XXXXXX", *data;
	size_t len;
	int fd;

	/* a program that exists when the pool is made (extract_new checks) */
	ck_assert((fd = mkstemp(prog)) != -1);
	ck_assert_int_eq(fchmod(fd, 0755), 0);
	close(fd);
	c.xc_program = prog;
	ck_assert((x = extract_new(&c, err, sizeof err)) != NULL);
	unlink(prog);
	data = slurp("pin.pdf", &len);
	ck_assert_int_eq(extract_run(x, "application/pdf", "pin.pdf", data, len,
	    &sink, &r), 0);
	ck_assert_msg(r.xr_failed, "program gone: not failed (reason \"%s\")",
	    r.xr_reason);
	ck_assert_str_eq(r.xr_reason, "spawn");
	free(data);
	extract_free(x);
	free(g);
}
END_TEST

START_TEST(test_missing_program)
{
	struct lg_extract_conf c = conf();
	char err[256];

	c.xc_program = "/nonexistent/leakguard-extract";
	ck_assert(extract_new(&c, err, sizeof err) == NULL);
	ck_assert_msg(strstr(err, "extract_program /nonexistent") != NULL, "%s", err);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("extract_pool");
	TCase *tc = tcase_create("worker");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_kinds, 0, sizeof cases / sizeof cases[0]);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_worker_killed);
	tcase_add_test(tc, test_timeout);
	tcase_add_test(tc, test_missing_program);
	tcase_add_test(tc, test_program_gone);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	char cmd[1024];
	int rc;

	snprintf(datadir, sizeof datadir, "/tmp/lg-check-extract.%ld",
	    (long)getpid());
	snprintf(cmd, sizeof cmd, "python3 %s/tests/data/attach/gen.py %s "
	    ">/dev/null", LG_TEST_SRCDIR, datadir);
	if (system(cmd) != 0) {
		fprintf(stderr, "%s failed\n", cmd);
		return 1;
	}
	rc = unit_run(suite());
	snprintf(cmd, sizeof cmd, "rm -rf %s", datadir);
	if (datadir[0] != '\0')
		(void)system(cmd);
	return rc;
}
