/*
 * check_filesafe.c - unit tests for filesafe_check(): a root-owned file in
 * root-owned directories passes; a file or any directory above it owned by
 * another user, or writable by group or others, fails and the reason names
 * that component; a sticky root directory (/tmp) is accepted above it; a
 * symbolic link is judged by what it points to.  Runs as root (chown).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filesafe.h"
#include "unit.h"

#define OTHER	65534	/* nobody */

static char top[64], sub[128], file[192];

/* setup - TOP (0700 root) / sub (0755) / file (0644) */
static void
setup(void)
{
	FILE *fp;

	snprintf(top, sizeof top, "/tmp/check_filesafe.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(top));
	snprintf(sub, sizeof sub, "%s/sub", top);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	snprintf(file, sizeof file, "%s/file", sub);
	ck_assert_ptr_nonnull(fp = fopen(file, "w"));
	fclose(fp);
	ck_assert_int_eq(chmod(file, 0644), 0);
}

static void
teardown(void)
{
	char link[200];

	snprintf(link, sizeof link, "%s/link", top);
	unlink(link);
	unlink(file);
	rmdir(sub);
	rmdir(top);
}

static const struct {
	const char *label;
	const char *what;	/* "file", "sub" or "top": which to change */
	mode_t mode;		/* 0: leave */
	uid_t uid;		/* (uid_t)-1: leave */
	uid_t owner;		/* filesafe_check's extra owner */
	const char *want;	/* NULL: safe; else in the reason */
} cases[] = {
	{ "root file in root dirs", "file", 0, (uid_t)-1, 0, NULL },
	{ "file 0600", "file", 0600, (uid_t)-1, 0, NULL },
	{ "file group-writable", "file", 0664, (uid_t)-1, 0, "writable by group" },
	{ "file world-writable", "file", 0646, (uid_t)-1, 0, "writable by group" },
	{ "file owned by nobody", "file", 0, OTHER, 0, "owned by uid 65534" },
	{ "file owned by nobody, nobody accepted", "file", 0, OTHER, OTHER, NULL },
	{ "parent group-writable", "sub", 0775, (uid_t)-1, 0, "/sub: directory writable" },
	{ "parent owned by nobody", "sub", 0, OTHER, 0, "/sub: directory owned by uid 65534" },
	{ "grandparent world-writable", "top", 0777, (uid_t)-1, 0, "directory writable" },
	{ "grandparent sticky, root", "top", 01777, (uid_t)-1, 0, NULL },
	{ "grandparent sticky, nobody's", "top", 01777, OTHER, 0, "directory owned by uid 65534" },
};

START_TEST(test_cases)
{
	const char *p = !strcmp(cases[_i].what, "file") ? file :
	    !strcmp(cases[_i].what, "sub") ? sub : top;
	char err[512] = "";
	int rc;

	if (cases[_i].mode != 0)
		ck_assert_int_eq(chmod(p, cases[_i].mode), 0);
	if (cases[_i].uid != (uid_t)-1)
		ck_assert_int_eq(chown(p, cases[_i].uid, (gid_t)-1), 0);
	rc = filesafe_check(file, FILESAFE_FILE, cases[_i].owner, err, sizeof err);
	if (cases[_i].want == NULL)
		ck_assert_msg(rc == 0, "%s: got \"%s\", want safe", cases[_i].label, err);
	else
		ck_assert_msg(rc == -1 && strstr(err, cases[_i].want) != NULL,
		    "%s: got %d \"%s\", want \"%s\"", cases[_i].label, rc, err,
		    cases[_i].want);
}
END_TEST

START_TEST(test_kind_and_link)
{
	char err[512] = "", link[200];

	ck_assert_int_eq(filesafe_check(sub, FILESAFE_DIR, 0, err, sizeof err), 0);
	ck_assert_int_eq(filesafe_check(sub, FILESAFE_FILE, 0, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "not a regular file") != NULL, "got %s", err);
	ck_assert_int_eq(filesafe_check(file, FILESAFE_DIR, 0, err, sizeof err), -1);
	ck_assert_msg(strstr(err, "not a directory") != NULL, "got %s", err);
	/* a link in a safe place to an unsafe file is unsafe */
	snprintf(link, sizeof link, "%s/link", top);
	ck_assert_int_eq(symlink(file, link), 0);
	ck_assert_int_eq(filesafe_check(link, FILESAFE_FILE, 0, err, sizeof err), 0);
	ck_assert_int_eq(chmod(sub, 0777), 0);
	ck_assert_int_eq(filesafe_check(link, FILESAFE_FILE, 0, err, sizeof err), -1);
	ck_assert_int_eq(filesafe_check("/nonexistent/x", FILESAFE_FILE, 0, err,
	    sizeof err), -1);
	ck_assert_msg(strstr(err, "No such file") != NULL, "got %s", err);
	ck_assert_int_eq(filesafe_check("/", FILESAFE_DIR, 0, err, sizeof err), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("filesafe");
	TCase *tc = tcase_create("paths");

	if (geteuid() != 0) {
		fprintf(stderr, "check_filesafe: must run as root (chown)\n");
		return 1;
	}
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_cases, 0, sizeof cases / sizeof cases[0]);
	tcase_add_test(tc, test_kind_and_link);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
