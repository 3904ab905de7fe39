/*
 * check_content.c - unit tests for content extraction (GMime, html.c,
 * normalize.c): each row is a raw mail and a text that must appear in (or
 * be absent from) what the rules get to see, and whether the mail may be
 * read only in part.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "html.h"
#include "normalize.h"
#include "unit.h"

#define NEST(open, close) open open open open open open open open open open \
	open open open open open open open open open open open open open \
	"text/plain\n\nPIN 4821\n" close close close close close close close \
	close close close close close close close close close close close \
	close close close close close

#define MP "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b1\"\n\n"
#define ALT "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b1\"\n\n"

static const struct {
	const char *label, *mail, *want, *unwanted;
	int want_incomplete;
} cases[] = {
	{ "plain ASCII", "Subject: hi\n\nPIN-koodi: 4821\n", "PIN-koodi: 4821",
	  NULL, 0 },
	{ "CRLF body", "Subject: hi\r\n\r\nPIN-koodi:\r\n4821\r\n",
	  "PIN-koodi:\n4821", "\r", 0 },
	{ "base64 UTF-8", "MIME-Version: 1.0\nContent-Type: text/plain; "
	  "charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
	  "UElOLWtvb2Rpc2kgb24gNDgyMS4K\n", "PIN-koodisi on 4821.", NULL, 0 },
	{ "QP Latin-1, soft break", "MIME-Version: 1.0\nContent-Type: text/plain;"
	  " charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n"
	  "L=F6senord: hemligt=\n99\n", "Lösenord: hemligt99", NULL, 0 },
	{ "QP CRLF soft break", "MIME-Version: 1.0\r\nContent-Type: text/plain;"
	  " charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
	  "Salasana: Kis=\r\nsa-7241\r\n", "Salasana: Kissa-7241", NULL, 0 },
	{ "Windows-1252 euro", "MIME-Version: 1.0\nContent-Type: text/plain;"
	  " charset=windows-1252\n\nHinta 5 \x80\n", "Hinta 5 €", NULL, 0 },
	{ "undeclared Latin-1", "Subject: x\n\nL\xf6senordet \xe4r Sommar1!\n",
	  "Lösenordet är Sommar1!", NULL, 0 },
	{ "unknown charset", "MIME-Version: 1.0\nContent-Type: text/plain; "
	  "charset=x-no-such\n\nL\xf6senord: abc123\n", "Lösenord: abc123",
	  NULL, 0 },
	{ "HTML table cell", "MIME-Version: 1.0\nContent-Type: text/html; "
	  "charset=utf-8\n\n<table><tr><td><b>PIN&#45;koodi</b>:</td><td>4821"
	  "</td></tr></table>\n", "PIN-koodi: 4821", "<", 0 },
	{ "HTML entities, br, style", "MIME-Version: 1.0\nContent-Type: "
	  "text/html\n\n<html><head><style>p{}</style></head><body>L&ouml;"
	  "senord:<br>x&amp;y9<script>var a=1;</script></body></html>\n",
	  "Lösenord:\nx&y9", "var a", 0 },
	{ "HTML meta charset ignored", "MIME-Version: 1.0\nContent-Type: "
	  "text/html; charset=iso-8859-1\n\n<meta charset=\"utf-16\"><p>"
	  "L\xf6senord: q1w2e3</p>\n", "Lösenord: q1w2e3", NULL, 0 },
	{ "soft hyphen, zero width", "MIME-Version: 1.0\nContent-Type: "
	  "text/plain; charset=utf-8\n\nsa\xc2\xad" "la\xe2\x80\x8bsana: "
	  "abc123\n", "salasana: abc123", NULL, 0 },
	{ "full-width digits, NBSP", "MIME-Version: 1.0\nContent-Type: "
	  "text/plain; charset=utf-8\n\nPIN:\xc2\xa0\xef\xbc\x94\xef\xbc\x98"
	  "\xef\xbc\x92\xef\xbc\x91\n", "PIN: 4821", NULL, 0 },
	{ "white space runs", "Subject: x\n\nPIN   \t koodi:  \n\n\n   4821\n",
	  "PIN koodi:\n4821", NULL, 0 },
	{ "RFC 2047 Subject", "Subject: =?ISO-8859-1?Q?L=F6senord_=E4r_"
	  "Sommar2026!?=\n\nhej\n", "Subject: Lösenord är Sommar2026!", NULL, 0 },
	{ "RFC 2047 base64 folded", "Subject: =?UTF-8?B?UElOLWtvb2Rp?=\n"
	  " =?UTF-8?B?OiA0ODIx?=\n\nx\n", "Subject: PIN-koodi: 4821", NULL, 0 },
	{ "skipped header", "X-Leakguard-Customer: 100001\nSubject: s\n\nb\n",
	  "Subject: s", "100001", 0 },
	{ "multipart/alternative", ALT "--b1\nContent-Type: text/plain\n\n"
	  "plain part\n--b1\nContent-Type: text/html\n\n<p>Your PIN is "
	  "<b>5522</b></p>\n--b1--\n", "Your PIN is 5522", NULL, 0 },
	{ "text attachment base64", MP "--b1\nContent-Type: text/plain\n\n"
	  "see attached\n--b1\nContent-Type: text/plain; name=\"pin.txt\"\n"
	  "Content-Disposition: attachment; filename=\"pin.txt\"\n"
	  "Content-Transfer-Encoding: base64\n\nWW91ciBQSU4gaXMgNTUyMgo=\n"
	  "--b1--\n", "Your PIN is 5522", NULL, 0 },
	{ "octet-stream .csv", MP "--b1\nContent-Type: application/octet-stream;"
	  " name=a.csv\nContent-Transfer-Encoding: base64\n\n"
	  "UElOOzQ4MjEK\n--b1--\n", "PIN;4821", NULL, 0 },
	{ "image not read", MP "--b1\nContent-Type: image/png\n"
	  "Content-Transfer-Encoding: base64\n\nUElOOzQ4MjEK\n--b1--\n",
	  NULL, "PIN;4821", 0 },
	{ "RFC 2231 filename", MP "--b1\nContent-Type: application/pdf\n"
	  "Content-Disposition: attachment; filename*=iso-8859-1''L%F6"
	  "senord.pdf\n\n%PDF\n--b1--\n", "Attachment: Lösenord.pdf", NULL, 0 },
	{ "forwarded message/rfc822", MP "--b1\nContent-Type: text/plain\n\n"
	  "FYI\n--b1\nContent-Type: message/rfc822\n\nSubject: =?utf-8?q?"
	  "Tervetuloa?=\nMIME-Version: 1.0\nContent-Type: text/plain; "
	  "charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
	  "UElOLWtvb2Rpc2kgb24gNDgyMS4K\n--b1--\n", "PIN-koodisi on 4821.",
	  NULL, 0 },
	{ "forwarded headers decoded", MP "--b1\nContent-Type: message/rfc822"
	  "\n\nSubject: =?utf-8?q?Salasana_on_x1y2z3?=\n\nhi\n--b1--\n",
	  "Subject: Salasana on x1y2z3", NULL, 0 },
	{ "nested 21 deep", "MIME-Version: 1.0\nContent-Type: "
	  NEST("multipart/mixed; boundary=b\n\n--b\nContent-Type: ",
	  "\n--b--\n"), NULL, "4821", 1 },
	{ "message/rfc822 21 deep", "MIME-Version: 1.0\nContent-Type: "
	  NEST("message/rfc822\n\nContent-Type: ", ""), NULL, "4821", 1 },
	{ "bare CR in a header is a space", "Content-Transfer-Encoding: "
	  "quoted-printable\rX-Note: hi\n\nPIN-koodi: 48=\n21\n",
	  "PIN-koodi: 4821", NULL, 0 },
	{ "a line that is no header starts the body", "Subject: x\n"
	  "this is no header\nPIN-koodi: 4821\n", "this is no header\n"
	  "PIN-koodi: 4821", NULL, 0 },
	{ "not MIME at all", "Content-Type: multipart/mixed\n\nno boundary "
	  "PIN 4821\n", "PIN 4821", NULL, 0 },
};

/* all_text - every text of the list, joined by a form feed */
static char *
all_text(const struct lg_textlist *tl)
{
	size_t i, n = 1;
	char *s;

	for (i = 0; i < tl->tl_count; i++)
		n += tl->tl_items[i].text_len + 1;
	s = calloc(1, n);
	for (i = 0; i < tl->tl_count; i++) {
		strcat(s, tl->tl_items[i].text_data);
		strcat(s, "\f");
	}
	return s;
}

static int
extract(const char *mail, size_t max, struct lg_textlist *tl)
{
	const char *skip[] = { "X-Leakguard-Customer", NULL };
	struct lg_msg *m = message_new(max);
	FILE *fp = fmemopen((void *)mail, strlen(mail), "r");
	int rc;

	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(message_read_file(m, fp), 0);
	fclose(fp);
	rc = content_extract(m, skip, 20, tl);
	message_free(m);
	return rc;
}

START_TEST(test_cases)
{
	struct lg_textlist tl;
	char *s;

	ck_assert_int_eq(extract(cases[_i].mail, 1 << 20, &tl), 0);
	s = all_text(&tl);
	if (cases[_i].want != NULL)
		ck_assert_msg(strstr(s, cases[_i].want) != NULL,
		    "%s: got \"%s\", want it to hold \"%s\"", cases[_i].label, s,
		    cases[_i].want);
	if (cases[_i].unwanted != NULL)
		ck_assert_msg(strstr(s, cases[_i].unwanted) == NULL,
		    "%s: got \"%s\", want no \"%s\"", cases[_i].label, s,
		    cases[_i].unwanted);
	ck_assert_msg(tl.tl_incomplete == cases[_i].want_incomplete,
	    "%s: got incomplete %d, want %d", cases[_i].label,
	    tl.tl_incomplete, cases[_i].want_incomplete);
	free(s);
	content_free(&tl);
}
END_TEST

START_TEST(test_budget)
{
	struct lg_textlist tl;
	char mail[8192];
	size_t n;

	/* 6,000 bytes of Windows-1252 euro signs are 18,000 bytes of UTF-8. */
	strcpy(mail, "MIME-Version: 1.0\nContent-Type: text/plain; "
	    "charset=windows-1252\n\n");
	n = strlen(mail);
	memset(mail + n, 0x80, 6000);
	mail[n + 6000] = '\0';
	ck_assert_int_eq(extract(mail, 1 << 20, &tl), 0);
	ck_assert_msg(!tl.tl_incomplete, "1 MB bound: got incomplete");
	content_free(&tl);
	ck_assert_int_eq(extract(mail, 7000, &tl), 0);
	ck_assert_msg(tl.tl_incomplete, "7000-byte bound: got complete");
	content_free(&tl);
}
END_TEST

START_TEST(test_html_too_deep)
{
	struct lg_textlist tl;
	size_t hl = strlen("MIME-Version: 1.0\nContent-Type: text/html\n\n");
	char *mail = malloc(hl + 300 * 5 + 32);
	size_t i;

	strcpy(mail, "MIME-Version: 1.0\nContent-Type: text/html\n\n");
	for (i = 0; i < 300; i++)
		strcat(mail + hl + i * 5, "<div>");
	strcat(mail, "PIN 4821\n");
	ck_assert_int_eq(extract(mail, 1 << 20, &tl), 0);
	ck_assert_msg(tl.tl_incomplete, "300 nested divs: got complete");
	free(mail);
	content_free(&tl);
}
END_TEST

static const struct {
	const char *label, *in, *want;
} norm[] = {
	{ "ASCII untouched", "PIN 4821", "PIN 4821" },
	{ "blank run", "a \t\r b", "a b" },
	{ "line break run", "a \n\r\n \n b", "a\nb" },
	{ "leading and trailing", "  a  ", "a" },
	{ "NFKC ligature", "\xef\xac\x81le", "file" },
	{ "narrow NBSP", "4\xe2\x80\xaf" "821", "4 821" },
	{ "invalid UTF-8", "a\xff" "b", "a\xef\xbf\xbd" "b" },
	{ "BOM dropped", "\xef\xbb\xbfPIN", "PIN" },
	/* Every script and spelling a reader sees as the same (issue 10). */
	{ "Arabic-Indic digits", "PIN: \xd9\xa4\xd9\xa8\xd9\xa2\xd9\xa1",
	  "PIN: 4821" },
	{ "Persian digits", "PIN: \xdb\xb4\xdb\xb8\xdb\xb2\xdb\xb1",
	  "PIN: 4821" },
	{ "Devanagari digits", "PIN: \xe0\xa5\xaa\xe0\xa5\xae\xe0\xa5\xa8"
	  "\xe0\xa5\xa7", "PIN: 4821" },
	{ "Cyrillic Er in PIN", "\xd0\xa0IN-koodi: 4821", "PIN-koodi: 4821" },
	{ "Cyrillic a in Salasana", "S\xd0\xb0l\xd0\xb0s\xd0\xb0n\xd0\xb0: x",
	  "Salasana: x" },
	{ "Greek and Cyrillic PIN", "\xce\xa1\xd0\x86\xce\x9d: 4821",
	  "PIN: 4821" },
	{ "one-script word kept", "\xd0\x9f\xd0\x98\xd0\x9d 1234",
	  "\xd0\x9f\xd0\x98\xd0\x9d 1234" },
	{ "bidi isolates, ALM, VS16", "P\xe2\x81\xa6IN\xe2\x81\xa9\xd8\x9c: 48"
	  "\xef\xb8\x8f" "21", "PIN: 4821" },
	{ "tag characters", "P\xf3\xa0\x80\x81I\xf3\xa0\x81\xbfN", "PIN" },
	{ "combining marks on digits", "4\xcc\xb2" "8\xcc\xb2" "2\xcc\xb2"
	  "1\xcc\xb2", "4821" },
	{ "precomposed kept", "p\xc3\xa4iv\xc3\xa4 Cafe\xcc\x81",
	  "p\xc3\xa4iv\xc3\xa4 Caf\xc3\xa9" },
	{ "spaced digits joined", "PIN 4 8 2 1.", "PIN 4821." },
	{ "three spaced digits kept", "sivut 1 2 3", "sivut 1 2 3" },
	{ "spaced digits in a word kept", "a4 8 2 1", "a4 8 2 1" },
};

START_TEST(test_normalize)
{
	size_t len;
	char *s = normalize_text(norm[_i].in, strlen(norm[_i].in), &len);

	ck_assert_ptr_nonnull(s);
	ck_assert_msg(strcmp(s, norm[_i].want) == 0 && len == strlen(s),
	    "%s: got \"%s\", want \"%s\"", norm[_i].label, s, norm[_i].want);
	free(s);
}
END_TEST

START_TEST(test_normalize_nul)
{
	size_t len;
	char *s = normalize_text("PI\0N: 4821", 10, &len);

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "PIN: 4821");
	free(s);
}
END_TEST

static const struct {
	const char *label, *in, *want;
} html[] = {
	{ "cells", "<tr><td>PIN</td><td>4821</td></tr>", "PIN  4821" },
	{ "numeric ref", "Salasana&#58;&#x20;abc", "Salasana: abc" },
	{ "unclosed tags", "<p>PIN<b>4821<p>next", "PIN4821\nnext" },
	{ "comment read", "a<!-- PIN 4821 -->b", "PIN 4821" },
	{ "comment starts in a comment", "<!--<!--<!--PIN 4821-->", "PIN 4821" },
	{ "conditional comment", "<!--[if mso]><td>PIN:</td><td>4821</td>"
	  "<![endif]-->", "PIN:  4821" },
	{ "alt and value", "<img alt=\"PIN\"><input value=\"4821\">",
	  "PIN    4821" },
	{ "nbsp entity", "PIN&nbsp;4821", "PIN\xc2\xa0" "4821" },
};

START_TEST(test_html)
{
	size_t len;
	char *s = html_to_text(html[_i].in, strlen(html[_i].in), &len);

	ck_assert_ptr_nonnull(s);
	ck_assert_msg(strstr(s, html[_i].want) != NULL,
	    "%s: got \"%s\", want \"%s\"", html[_i].label, s, html[_i].want);
	free(s);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("content");
	TCase *tc = tcase_create("extract");
	int failed;

	content_init();
	tcase_add_loop_test(tc, test_cases, 0, sizeof cases / sizeof cases[0]);
	tcase_add_test(tc, test_budget);
	tcase_add_test(tc, test_html_too_deep);
	tcase_add_loop_test(tc, test_normalize, 0, sizeof norm / sizeof norm[0]);
	tcase_add_test(tc, test_normalize_nul);
	tcase_add_loop_test(tc, test_html, 0, sizeof html / sizeof html[0]);
	suite_add_tcase(s, tc);
	failed = unit_run(s);
	content_shutdown();
	return failed;
}
