/*
 * check_notice.c - unit tests for the staff notice (notice.c): batching in
 * time (a burst is one notice, at most one per interval, a failed send is
 * retried with every hold), the bound on listed holds, the text (masked
 * fields only, mail-controlled text unable to add a header or a line),
 * the notify_address check, and the one-time tokens (notice_token.c).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "notice.h"
#include "unit.h"

#define IVL	10

static void
add(struct notice_batch *b, int64_t id, const char *subject, time_t now)
{
	struct notice_item it = {
		.ni_id = id, .ni_when = now, .ni_queue_id = "4Kq3Wd0fBRz1Jx",
		.ni_reason = "namesake", .ni_customer = "100001",
		.ni_subject = (char *)subject,
	};

	ck_assert_int_eq(notice_add(b, &it, now, IVL), 0);
}

/* headers_only_ours - every header line of text is one the notice writes */
static void
headers_only_ours(const char *text)
{
	static const char *const ours[] = { "From: ", "To: ", "Subject: ",
	    "Date: ", "Auto-Submitted: ", NOTICE_HEADER ": ", "MIME-Version: ",
	    "Content-Type: ", "Content-Transfer-Encoding: " };
	const char *p = text;
	size_t i, n = 0;

	while (*p != '\n') {
		bool known = false;

		for (i = 0; i < sizeof ours / sizeof ours[0]; i++)
			known |= strncmp(p, ours[i], strlen(ours[i])) == 0;
		ck_assert_msg(known, "got header line \"%.40s\", want only "
		    "the notice's own", p);
		p = strchr(p, '\n');
		ck_assert_ptr_nonnull(p);
		p++;
		n++;
	}
	ck_assert_uint_eq(n, sizeof ours / sizeof ours[0]);
}

START_TEST(burst_is_one_notice)
{
	struct notice_batch b = { 0 };
	char *text, want[32];
	int i;

	ck_assert(!notice_due(&b, 100));
	for (i = 1; i <= 5; i++)
		add(&b, i, "Tervetuloa, PIN-koodi: ****", 100 + i - 1);
	ck_assert_uint_eq(b.nb_n, 5);
	ck_assert_msg(!notice_due(&b, 109), "due before the interval passed");
	ck_assert(notice_due(&b, 110));
	text = notice_format(&b, "staff@example.org", "mx1.example", "ab12",
	    110);
	ck_assert_ptr_nonnull(text);
	headers_only_ours(text);
	ck_assert_ptr_nonnull(strstr(text, "Subject: leakguard: 5 held mails on mx1.example\n"));
	ck_assert_ptr_nonnull(strstr(text, "To: <staff@example.org>\n"));
	ck_assert_ptr_nonnull(strstr(text, NOTICE_HEADER ": ab12\n"));
	for (i = 1; i <= 5; i++) {
		snprintf(want, sizeof want, "\nrecord %d\n", i);
		ck_assert_msg(strstr(text, want) != NULL, "record %d missing", i);
	}
	ck_assert_ptr_nonnull(strstr(text, "  reason:   namesake\n"));
	ck_assert_ptr_nonnull(strstr(text, "  customer: 100001\n"));
	ck_assert_ptr_nonnull(strstr(text, "  queue id: 4Kq3Wd0fBRz1Jx\n"));
	ck_assert_ptr_nonnull(strstr(text, "  time:     1970-01-01 00:01:40 UTC\n"));
	ck_assert_ptr_nonnull(strstr(text, "  subject:  Tervetuloa, PIN-koodi: ****\n"));
	free(text);
	notice_sent(&b, 5, 0, 110, IVL);
	ck_assert_uint_eq(b.nb_n, 0);
	ck_assert(!notice_due(&b, 1000));
	/* a later hold opens a new window */
	add(&b, 6, NULL, 500);
	ck_assert(!notice_due(&b, 509));
	ck_assert(notice_due(&b, 510));
	notice_clear(&b);
}
END_TEST

START_TEST(holds_during_send_wait_an_interval)
{
	struct notice_batch b = { 0 };

	add(&b, 1, "a", 0);
	add(&b, 2, "b", 1);
	ck_assert(notice_due(&b, 10));
	/* the notice of 1 and 2 is being sent; 3 comes meanwhile */
	add(&b, 3, "c", 10);
	notice_sent(&b, 2, 0, 11, IVL);
	ck_assert_uint_eq(b.nb_n, 1);
	ck_assert_int_eq(b.nb_items[0].ni_id, 3);
	ck_assert_msg(!notice_due(&b, 20), "second notice within one interval");
	ck_assert(notice_due(&b, 21));
	notice_clear(&b);
}
END_TEST

START_TEST(failed_send_keeps_every_hold)
{
	struct notice_batch b = { 0 };

	add(&b, 1, "a", 0);
	ck_assert(notice_due(&b, 10));
	notice_retry(&b, 10, IVL);
	add(&b, 2, "b", 12);
	ck_assert(!notice_due(&b, 19));
	ck_assert(notice_due(&b, 20));
	ck_assert_uint_eq(b.nb_n, 2);
	notice_clear(&b);
}
END_TEST

START_TEST(listed_holds_are_bounded)
{
	struct notice_batch b = { 0 };
	char *text;
	int i;

	for (i = 0; i < NOTICE_MAX_LISTED + 7; i++)
		add(&b, i + 1, "s", 0);
	ck_assert_uint_eq(b.nb_n, NOTICE_MAX_LISTED);
	ck_assert_uint_eq(b.nb_unlisted, 7);
	text = notice_format(&b, "staff", "h", "t", 10);
	ck_assert_ptr_nonnull(strstr(text, "Subject: leakguard: 207 held mails on h\n"));
	ck_assert_ptr_nonnull(strstr(text, "... and 7 more held mails not listed"));
	free(text);
	notice_sent(&b, NOTICE_MAX_LISTED, 7, 10, IVL);
	ck_assert(!notice_due(&b, 100));
	notice_clear(&b);
}
END_TEST

/* Mail-controlled text: what it is, what the notice body shows. */
static const struct {
	const char *label, *subject, *want;
} esc[] = {
	{ "CRLF header injection", "Hi\r\nBcc: victim@example.net",
	  "  subject:  Hi\\x0d\\x0aBcc: victim@example.net\n" },
	{ "LF alone", "a\nTo: x@y", "  subject:  a\\x0aTo: x@y\n" },
	{ "ESC sequence", "\x1b[2Jcleared", "  subject:  \\x1b[2Jcleared\n" },
	{ "bidi override", "abc\xe2\x80\xae" "fdp.exe", "  subject:  abc\\u202efdp.exe\n" },
	{ "not UTF-8", "caf\xe9", "  subject:  caf\\xe9\n" },
	{ "UTF-8 letters stay", "Hyv\xc3\xa4\xc3\xa4 p\xc3\xa4iv\xc3\xa4\xc3\xa4",
	  "  subject:  Hyv\xc3\xa4\xc3\xa4 p\xc3\xa4iv\xc3\xa4\xc3\xa4\n" },
	{ "backslash cannot fake an escape", "\\x0a", "  subject:  \\\\x0a\n" },
};

START_TEST(mail_text_is_harmless)
{
	struct notice_batch b = { 0 };
	struct notice_item it = {
		.ni_id = 7, .ni_when = 0, .ni_queue_id = "Q\r\nX-Evil: 1",
		.ni_reason = "namesake", .ni_customer = "1\n2",
		.ni_subject = (char *)esc[_i].subject,
	};
	char *text;

	ck_assert_int_eq(notice_add(&b, &it, 0, IVL), 0);
	text = notice_format(&b, "staff@example.org",
	    "mx1\r\nBcc: host@evil.example", "t", 0);
	ck_assert_ptr_nonnull(text);
	headers_only_ours(text);
	ck_assert_msg(strstr(text, esc[_i].want) != NULL, "%s: got\n%s\nwant "
	    "the line \"%s\"", esc[_i].label, strstr(text, "  subject:"),
	    esc[_i].want);
	ck_assert_ptr_nonnull(strstr(text, "  queue id: Q\\x0d\\x0aX-Evil: 1\n"));
	ck_assert_ptr_nonnull(strstr(text, "  customer: 1\\x0a2\n"));
	ck_assert_ptr_nonnull(strstr(text, "on mx1??Bcc??host?evil.example\n"));
	ck_assert_ptr_null(strchr(text, '\r'));
	free(text);
	notice_clear(&b);
}
END_TEST

START_TEST(long_subject_is_cut)
{
	struct notice_batch b = { 0 };
	char subject[5000], *text, *line;

	memset(subject, 'x', sizeof subject - 1);
	subject[sizeof subject - 1] = '\0';
	add(&b, 1, subject, 0);
	text = notice_format(&b, "s", "h", "t", 0);
	line = strstr(text, "  subject:  ");
	ck_assert_ptr_nonnull(line);
	ck_assert_msg(strcspn(line, "\n") < 320, "got a %zu-byte line",
	    strcspn(line, "\n"));
	free(text);
	notice_clear(&b);
}
END_TEST

static const struct {
	const char *addr;
	bool ok;
} addrs[] = {
	{ "", true },
	{ "staff@example.org", true },
	{ "leakguard-staff", true },
	{ "first.last+tag@example.org", true },
	{ "-oQ/tmp/x@example.org", false },
	{ "staff@example.org, evil@example.net", false },
	{ "staff@example.org\nBcc: x", false },
	{ "a@b@c", false },
	{ "@example.org", false },
	{ "staff@", false },
	{ "<staff@example.org>", false },
	{ "st\"aff@example.org", false },
};

START_TEST(address_check)
{
	char why[128];
	const char *p = notice_check_address(addrs[_i].addr, why, sizeof why);

	ck_assert_msg((p == NULL) == addrs[_i].ok, "\"%s\": got %s, want %s",
	    addrs[_i].addr, p ? p : "ok", addrs[_i].ok ? "ok" : "an error");
}
END_TEST

/* A bad notify_address is a config error naming file:line: key. */
START_TEST(config_names_a_bad_address)
{
	char path[] = "/tmp/check_notice.XXXXXX", errs[512] = "", want[128];
	int fd = mkstemp(path);
	FILE *err = fmemopen(errs, sizeof errs, "w");
	struct lg_config *cfg;

	ck_assert_int_ne(fd, -1);
	dprintf(fd, "ldap_uri ldap://127.0.0.1\nldap_base dc=x\n"
	    "notify_address staff@example.org, x@evil.example\n");
	close(fd);
	cfg = config_load(path, err);
	fclose(err);
	unlink(path);
	ck_assert_msg(cfg == NULL, "got a config, want an error");
	snprintf(want, sizeof want, "%s:3: notify_address: not one mail "
	    "address", path);
	ck_assert_msg(strstr(errs, want) != NULL, "got \"%s\", want \"%s\"",
	    errs, want);
	/* a good one loads, with the interval's default */
	fd = mkstemp(strcpy(path, "/tmp/check_notice.XXXXXX"));
	dprintf(fd, "ldap_uri ldap://127.0.0.1\nldap_base dc=x\n"
	    "notify_address staff@example.org\n");
	close(fd);
	cfg = config_load(path, stderr);
	unlink(path);
	ck_assert_ptr_nonnull(cfg);
	ck_assert_str_eq(cfg->cfg_notify_address, "staff@example.org");
	ck_assert_int_eq(cfg->cfg_notify_interval, 300);
	config_free(cfg);
}
END_TEST

START_TEST(tokens_are_one_time)
{
	char t1[NOTICE_TOKEN_LEN + 1], t2[NOTICE_TOKEN_LEN + 1], spaced[64];

	ck_assert_int_eq(notice_token_new(t1), 0);
	ck_assert_int_eq(notice_token_new(t2), 0);
	ck_assert_uint_eq(strlen(t1), NOTICE_TOKEN_LEN);
	ck_assert_str_ne(t1, t2);
	ck_assert(!notice_token_take(NULL));
	ck_assert(!notice_token_take(""));
	ck_assert(!notice_token_take("0123456789abcdef0123456789abcdef"));
	snprintf(spaced, sizeof spaced, " %s ", t1);
	ck_assert(notice_token_take(spaced));
	ck_assert_msg(!notice_token_take(t1), "a token served twice");
	/* a prefix or a longer value is not the token */
	snprintf(spaced, sizeof spaced, "%.31s", t2);
	ck_assert(!notice_token_take(spaced));
	snprintf(spaced, sizeof spaced, "%s0", t2);
	ck_assert(!notice_token_take(spaced));
	notice_token_drop(t2);
	ck_assert_msg(!notice_token_take(t2), "a dropped token served");
}
END_TEST

static Suite *
notice_suite(void)
{
	Suite *s = suite_create("notice");
	TCase *tc = tcase_create("notice");

	tcase_add_test(tc, burst_is_one_notice);
	tcase_add_test(tc, holds_during_send_wait_an_interval);
	tcase_add_test(tc, failed_send_keeps_every_hold);
	tcase_add_test(tc, listed_holds_are_bounded);
	tcase_add_loop_test(tc, mail_text_is_harmless, 0,
	    sizeof esc / sizeof esc[0]);
	tcase_add_test(tc, long_subject_is_cut);
	tcase_add_loop_test(tc, address_check, 0, sizeof addrs / sizeof addrs[0]);
	tcase_add_test(tc, config_names_a_bad_address);
	tcase_add_test(tc, tokens_are_one_time);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_run(notice_suite());
}
