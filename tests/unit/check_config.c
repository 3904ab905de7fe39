/*
 * check_config.c - unit tests for leakguard.conf parsing: every error names
 * file, line and key, and a bad file yields no configuration.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "unit.h"

#define REQUIRED "ldap_uri ldap://127.0.0.1:3890\nldap_base dc=example,dc=fi\n"

/* load - write content to a temp file and load it; errors into errbuf */
static struct lg_config *
load(const char *content, char *path, size_t pathlen, char *errbuf, size_t errlen)
{
	struct lg_config *cfg;
	FILE *errs;
	int fd;

	snprintf(path, pathlen, "/tmp/check_config.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, content, strlen(content)), (int)strlen(content));
	close(fd);
	memset(errbuf, 0, errlen);
	errs = fmemopen(errbuf, errlen, "w");
	cfg = config_load(path, errs);
	fclose(errs);
	return cfg;
}

static const struct {
	const char *label, *content, *want;	/* want: after "path" */
} bad[] = {
	{ "unknown key", REQUIRED "# c\nldap_urj x\n", ":4: ldap_urj: unknown key" },
	{ "bad time", REQUIRED "ldap_timeout soon\n", ":3: ldap_timeout: not a time" },
	{ "time range", REQUIRED "ldap_timeout 0s\n", ":3: ldap_timeout: 0s out of range" },
	{ "bad size", REQUIRED "max_scan_size 10q\n", ":3: max_scan_size: not a size" },
	{ "bad enum", REQUIRED "mode strict\n", ":3: mode: not one of enforce|monitor" },
	{ "bad bool", REQUIRED "protect_customer_numbers maybe\n", ":3: protect_customer_numbers: not a boolean" },
	{ "bad cidr", REQUIRED "trusted_clients 127.0.0.1 10.0.0.0/33\n", ":3: trusted_clients: \"10.0.0.0/33\": bad prefix length" },
	{ "bad address", REQUIRED "trusted_clients localhost\n", ":3: trusted_clients: \"localhost\": not an IPv4 or IPv6 address" },
	{ "filter without %s", REQUIRED "ldap_filter (uid=x)\n", ":3: ldap_filter: needs exactly one %s" },
	{ "filter with %d", REQUIRED "ldap_filter (uid=%d)\n", ":3: ldap_filter: only %s and %% are allowed" },
	{ "set twice", REQUIRED "mode enforce\nmode monitor\n", ":4: mode: set twice" },
	{ "missing value", REQUIRED "ldap_connections\n", ":3: ldap_connections: missing value" },
	{ "required missing", "ldap_uri ldap://x\n", ": ldap_base: required key not set" },
	{ "a shadow line", REQUIRED "root:$y$j9T$Q2x$HhJ:19000:0:99999:7:::\n",
	  ":3: not a \"key value\" line\n" },
	{ "one word", REQUIRED "hunter2\n", ":3: not a \"key value\" line\n" },
	{ "words not key-shaped", REQUIRED "Hunter2 x\n", ":3: not a \"key value\" line\n" },
	{ "secret file missing", REQUIRED "ldap_bind_password_file /nonexistent/pw\n",
	  ":3: ldap_bind_password_file: No such file or directory" },
};

START_TEST(test_bad)
{
	char path[64], errbuf[1024], want[256];
	struct lg_config *cfg = load(bad[_i].content, path, sizeof path, errbuf,
	    sizeof errbuf);

	snprintf(want, sizeof want, "%s%s", path, bad[_i].want);
	ck_assert_msg(cfg == NULL, "%s: loaded, want an error", bad[_i].label);
	ck_assert_msg(strstr(errbuf, want) != NULL, "%s: got \"%s\", want \"%s\"",
	    bad[_i].label, errbuf, want);
	/* nothing of a line that is not "key value" comes back */
	ck_assert_msg(strstr(errbuf, "root") == NULL &&
	    strstr(errbuf, "unter2") == NULL && strstr(errbuf, "strict") == NULL,
	    "%s: got \"%s\", echoes the line", bad[_i].label, errbuf);
	unlink(path);
}
END_TEST

START_TEST(test_good)
{
	char path[64], errbuf[1024];
	struct lg_config *cfg = load(REQUIRED
	    "  # comment\n\nldap_timeout 2m\nmax_scan_size 512k   # inline\n"
	    "mode monitor\ntrusted_clients 127.0.0.1, 10.0.0.0/8 ::1\n",
	    path, sizeof path, errbuf, sizeof errbuf);

	ck_assert_msg(cfg != NULL, "got errors: %s", errbuf);
	ck_assert_int_eq(cfg->cfg_ldap_timeout, 120);
	ck_assert_uint_eq(cfg->cfg_max_scan_size, 512 * 1024);
	ck_assert_int_eq(cfg->cfg_mode, LG_MODE_MONITOR);
	ck_assert_str_eq(cfg->cfg_binding_header, "X-Leakguard-Customer");
	ck_assert_int_eq(netlist_contains(&cfg->cfg_trusted, "10.1.2.3"), 1);
	ck_assert_int_eq(netlist_contains(&cfg->cfg_trusted, "::ffff:127.0.0.1"), 1);
	ck_assert_int_eq(netlist_contains(&cfg->cfg_trusted, "127.0.0.2"), 0);
	ck_assert_int_eq(netlist_contains(&cfg->cfg_trusted, "::1"), 1);
	ck_assert_int_eq(netlist_contains(&cfg->cfg_trusted, NULL), 0);
	config_free(cfg);
	unlink(path);
}
END_TEST

START_TEST(test_secret_file_mode)
{
	char path[64], errbuf[1024], content[256], pw[] = "/tmp/check_pw.XXXXXX";
	struct lg_config *cfg;
	int fd = mkstemp(pw);

	ck_assert_int_ne(fd, -1);
	close(fd);
	chmod(pw, 0644);
	snprintf(content, sizeof content, REQUIRED "ldap_bind_password_file %s\n", pw);
	cfg = load(content, path, sizeof path, errbuf, sizeof errbuf);
	ck_assert_ptr_null(cfg);
	ck_assert_msg(strstr(errbuf, "group or world can read it") != NULL,
	    "got \"%s\"", errbuf);
	unlink(path);
	chmod(pw, 0600);
	cfg = load(content, path, sizeof path, errbuf, sizeof errbuf);
	ck_assert_msg(cfg != NULL, "got \"%s\"", errbuf);
	config_free(cfg);
	unlink(path);
	unlink(pw);
}
END_TEST

/* trust - config_check_trust() of a config naming pfdir; its problems */
static int
trust(const char *pfdir, uid_t owner, char *errbuf, size_t errlen)
{
	char path[64], content[512];
	struct lg_config *cfg;
	FILE *errs;
	int n;

	snprintf(content, sizeof content, REQUIRED "rules_dir %s\n"
	    "postfix_config_directory %s\n", LG_TEST_RULES_DIR, pfdir);
	cfg = load(content, path, sizeof path, errbuf, errlen);
	ck_assert_msg(cfg != NULL, "got \"%s\"", errbuf);
	errs = fmemopen(errbuf, errlen, "w");
	n = config_check_trust(cfg, owner, errs);
	fclose(errs);
	config_free(cfg);
	unlink(path);
	return n;
}

START_TEST(test_trust)
{
	char dir[] = "/tmp/check_trust.XXXXXX", maincf[64], errbuf[2048];
	FILE *fp;
	int n;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(maincf, sizeof maincf, "%s/main.cf", dir);
	ck_assert_ptr_nonnull(fp = fopen(maincf, "w"));
	fclose(fp);
	chmod(maincf, 0644);
	n = trust(dir, 0, errbuf, sizeof errbuf);
	ck_assert_msg(n == 0, "root's own files: got %d \"%s\", want trusted",
	    n, errbuf);
	/* a staff member's own Postfix directory (daemon_directory...) */
	ck_assert_int_eq(chown(dir, 65534, (gid_t)-1), 0);
	n = trust(dir, 0, errbuf, sizeof errbuf);
	ck_assert_msg(n == 2 && strstr(errbuf, "postfix_config_directory: ") &&
	    strstr(errbuf, "owned by uid 65534, not by root") &&
	    strstr(errbuf, "main.cf") == NULL,
	    "nobody's directory: got %d \"%s\"", n, errbuf);
	n = trust(dir, 65534, errbuf, sizeof errbuf);
	ck_assert_msg(n == 0, "nobody's directory, nobody accepted: got %d \"%s\"",
	    n, errbuf);
	ck_assert_int_eq(chown(dir, 0, (gid_t)-1), 0);
	/* main.cf anyone may rewrite */
	chmod(maincf, 0666);
	n = trust(dir, 0, errbuf, sizeof errbuf);
	ck_assert_msg(n == 1 && strstr(errbuf, "main.cf: writable by group"),
	    "writable main.cf: got %d \"%s\"", n, errbuf);
	unlink(maincf);
	rmdir(dir);
}
END_TEST

/* each rule file and the binding key are checked too, not only main.cf */
START_TEST(test_trust_files)
{
	char dir[] = "/tmp/check_trust.XXXXXX", rules[96], key[96], pf[96],
	    content[512], path[64], errbuf[2048];
	struct lg_config *cfg;
	FILE *fp, *errs;
	int n;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chmod(dir, 0755), 0);
	snprintf(rules, sizeof rules, "%s/site.rules", dir);
	snprintf(key, sizeof key, "%s/binding.key", dir);
	snprintf(pf, sizeof pf, "%s/main.cf", dir);
	ck_assert_ptr_nonnull(fp = fopen(rules, "w"));
	fclose(fp);
	ck_assert_ptr_nonnull(fp = fopen(pf, "w"));
	fclose(fp);
	ck_assert_ptr_nonnull(fp = fopen(key, "w"));
	fputs("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", fp);
	fclose(fp);
	ck_assert_int_eq(chmod(rules, 0666), 0);	/* anyone may add a rule */
	ck_assert_int_eq(chmod(pf, 0644), 0);
	ck_assert_int_eq(chmod(key, 0600), 0);
	ck_assert_int_eq(chown(key, 65534, (gid_t)-1), 0);	/* nobody's key */
	snprintf(content, sizeof content, REQUIRED "rules_dir %s\n"
	    "postfix_config_directory %s\nbinding_key_file %s\n", dir, dir, key);
	cfg = load(content, path, sizeof path, errbuf, sizeof errbuf);
	ck_assert_msg(cfg != NULL, "got \"%s\"", errbuf);
	errs = fmemopen(errbuf, sizeof errbuf, "w");
	n = config_check_trust(cfg, 0, errs);
	fclose(errs);
	ck_assert_msg(n == 2 && strstr(errbuf, "rules_dir: ") &&
	    strstr(errbuf, "site.rules: writable by group") &&
	    strstr(errbuf, "binding_key_file: ") &&
	    strstr(errbuf, "binding.key: owned by uid 65534"),
	    "writable rule file, nobody's key: got %d \"%s\", want 2", n, errbuf);
	config_free(cfg);
	unlink(path);
	unlink(rules);
	unlink(key);
	unlink(pf);
	rmdir(dir);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");

	tcase_add_loop_test(tc, test_bad, 0, sizeof bad / sizeof bad[0]);
	tcase_add_test(tc, test_good);
	tcase_add_test(tc, test_secret_file_mode);
	if (geteuid() == 0) {	/* chown: run-all.sh runs as root */
		tcase_add_test(tc, test_trust);
		tcase_add_test(tc, test_trust_files);
	} else
		fprintf(stderr, "check_config: not root: test_trust not run\n");
	suite_add_tcase(s, tc);
	return unit_run(s);
}
