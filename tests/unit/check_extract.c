/*
 * check_extract.c - unit tests for the pure parts of attachment extraction:
 * the kind of a file from its bytes, label and name (xtype.c), RTF to text
 * (rtf.c), the frame header of the worker protocol (xproto.c) and the
 * daemon's reading of a worker's answer (answer.c), which must fail the
 * attachment (held) whenever the worker says more, or other, than it may.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "extract/answer.h"
#include "extract/rtf.h"
#include "extract/xproto.h"
#include "extract/xtype.h"
#include "unit.h"

static const struct {
	const char *label;
	const char *data;
	size_t len;		/* 0: strlen(data) */
	const char *ctype, *name;
	enum xtype want;
} types[] = {
	{ "PDF by magic", "%PDF-1.4\n%...", 0, "application/pdf", "a.pdf", XT_PDF },
	{ "PDF labelled image/png", "%PDF-1.7\n", 0, "image/png", "logo.png", XT_PDF },
	{ "PDF after junk", "junk junk\n%PDF-1.4\n", 0, NULL, NULL, XT_PDF },
	{ "PDF label, bytes no PDF", "\x01\x02\x03garbage", 0, "application/pdf", NULL, XT_PDF },
	{ "ZIP magic named .txt", "PK\3\4\x14\0\0\0", 8, "text/plain", "a.txt", XT_ZIP },
	{ "docx by name, no magic", "\x01\x02", 2, "application/octet-stream", "x.docx", XT_ZIP },
	{ "OOXML label", "\x01\x02", 2, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", NULL, XT_ZIP },
	{ "TNEF magic", "\x78\x9f\x3e\x22\x01\0", 6, "application/octet-stream", "x", XT_TNEF },
	{ "winmail.dat name", "\x01\x02\x03", 3, NULL, "winmail.dat", XT_TNEF },
	{ "RTF magic", "{\\rtf1\\ansi hello}", 0, "application/octet-stream", NULL, XT_RTF },
	{ "text/rtf label", "not rtf", 0, "text/rtf", NULL, XT_RTF },
	{ "gzip", "\x1f\x8b\x08\0", 4, NULL, NULL, XT_ARCHIVE },
	{ "OLE2 (.doc/.msg)", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0", 10, NULL, "x.doc", XT_OLE },
	{ "PNG", "\x89PNG\r\n\x1a\n\0\0", 10, "image/png", NULL, XT_IMAGE },
	{ "JPEG", "\xff\xd8\xff\xe0\0\x10JFIF", 10, NULL, NULL, XT_IMAGE },
	{ "image label, unknown bytes", "\x01\x02\x03\x04\0\0\0", 7, "image/png", NULL, XT_UNKNOWN },
	{ "json by label", "{\"pin\": \"1234\"}\n", 0, "application/json", NULL, XT_JSON },
	{ "json by name", "{\"pin\": \"1234\"}\n", 0, "application/octet-stream", "a.json", XT_JSON },
	{ "ics text", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0, "application/ics", NULL, XT_TEXT },
	{ "latin-1 .dat", "PIN-koodi: 1234 \xe4\xf6\n", 0, "application/octet-stream", "a.dat", XT_TEXT },
	{ "UTF-16 with BOM", "\xff\xfeP\0I\0N\0", 8, NULL, NULL, XT_TEXT },
	{ "mail as octet-stream", "From: a@b\r\nTo: c@d\r\nSubject: x\r\n\r\nbody\r\n", 0,
	  "application/octet-stream", "fwd.eml", XT_MESSAGE },
	{ "mbox From line", "From a@b Mon Jan 1\nReceived: x\nFrom: a@b\n\nhi\n", 0, NULL, NULL, XT_MESSAGE },
	{ "binary with NUL", "\x01\x02\x03\0\x05\x06\x07\x08", 8, NULL, "data.bin", XT_UNKNOWN },
	{ "empty", "", 0, NULL, NULL, XT_TEXT },
};

START_TEST(test_xtype)
{
	size_t len = types[_i].len ? types[_i].len : strlen(types[_i].data);
	enum xtype got = xtype_detect((const unsigned char *)types[_i].data,
	    len, types[_i].ctype, types[_i].name);

	ck_assert_msg(got == types[_i].want, "%s: got %s, want %s",
	    types[_i].label, xtype_name(got), xtype_name(types[_i].want));
}
END_TEST

struct collect {
	char	buf[4096];
	size_t	len;
};

static int
collect(void *arg, const char *text, size_t len)
{
	struct collect *c = arg;

	ck_assert_uint_lt(c->len + len, sizeof c->buf);
	memcpy(c->buf + c->len, text, len);
	c->len += len;
	c->buf[c->len] = '\0';
	return 0;
}

static const struct {
	const char *label, *rtf, *want;
	int rc;
} rtfs[] = {
	{ "plain paragraphs", "{\\rtf1\\ansi Hello\\par world}", "Hello\nworld", 0 },
	{ "hex escape cp1252", "{\\rtf1 S\\'e4ilyt\\'e4 \\'80}", "S\xc3\xa4ilyt\xc3\xa4 \xe2\x82\xac", 0 },
	{ "unicode with fallback", "{\\rtf1\\uc1 PIN \\u49?\\u50?34}", "PIN 1234", 0 },
	{ "negative unicode", "{\\rtf1 \\u-3913?}", "\xef\x82\xb7", 0 },
	{ "uc2 skips two", "{\\rtf1\\uc2 a\\u228\\'61\\'62b}", "a\xc3\xa4" "b", 0 },
	{ "label split by a control word", "{\\rtf1 PIN-koo\\b d\\b0 i: 7164}", "PIN-kood" "i: 7164", 0 },
	{ "font and colour tables left out", "{\\rtf1{\\fonttbl{\\f0 Arial;}}{\\colortbl;\\red0;}Text}", "Text", 0 },
	{ "unknown destination left out", "{\\rtf1{\\*\\foo secret}shown}", "shown", 0 },
	{ "escaped braces", "{\\rtf1 a\\{b\\}c\\\\}", "a{b}c\\", 0 },
	{ "bin data skipped", "{\\rtf1 x\\bin3 abcy}", "xy", 0 },
	{ "cells and tabs", "{\\rtf1 PIN\\cell 1234\\row}", "PIN\t1234\n", 0 },
	{ "field result kept, instruction not", "{\\rtf1{\\field{\\*\\fldinst HYPERLINK x}{\\fldrslt PIN 1234}}}", "PIN 1234", 0 },
	{ "surrogate pair", "{\\rtf1 \\u-10179?\\u-8704?}", "\xf0\x9f\x98\x80", 0 },
};

START_TEST(test_rtf)
{
	struct collect c = { .len = 0 };
	int rc = rtf_to_text(rtfs[_i].rtf, strlen(rtfs[_i].rtf), collect, &c);

	c.buf[c.len] = '\0';
	ck_assert_msg(rc == rtfs[_i].rc, "%s: rc %d, want %d", rtfs[_i].label,
	    rc, rtfs[_i].rc);
	ck_assert_msg(strcmp(c.buf, rtfs[_i].want) == 0, "%s: got \"%s\", want \"%s\"",
	    rtfs[_i].label, c.buf, rtfs[_i].want);
}
END_TEST

START_TEST(test_rtf_too_deep)
{
	struct collect c = { .len = 0 };
	char *doc = malloc(2000);
	int rc, i;

	for (i = 0; i < 600; i++)
		doc[i] = '{';
	strcpy(doc + 600, "hidden");
	rc = rtf_to_text(doc, strlen(doc), collect, &c);
	ck_assert_msg(rc == 1, "groups nested 600 deep: rc %d, want 1 (unreadable)", rc);
	free(doc);
}
END_TEST

START_TEST(test_proto_header)
{
	unsigned char h[XP_HEADER];
	uint32_t len;
	int kind;

	xp_header(h, XP_TEXT, 0x01020304u);
	ck_assert_int_eq(xp_parse_header(h, &kind, &len), 0);
	ck_assert_int_eq(kind, 'T');
	ck_assert_uint_eq(len, 0x01020304u);
	h[0] = 'Z';
	ck_assert_int_eq(xp_parse_header(h, &kind, &len), -1);
	h[0] = '\0';
	ck_assert_int_eq(xp_parse_header(h, &kind, &len), -1);
}
END_TEST

/* Worker answers as the daemon reads them (answer.c). */
static const struct {
	const char *label;
	const char *bytes;
	size_t len;
	size_t max_text;
	enum xa_outcome want;
	const char *text;	/* all texts, joined */
	const char *reason, *where;
	unsigned images;
	size_t nmsgs;
	size_t max_asked;	/* the largest read the reader may be asked for */
} answers[] = {
	{ "text, then end", "B\0\0\0\1aT\0\0\0\3abcE\0\0\0\0", 19, 1000, XA_DONE,
	  "abc", "", "", 0, 0, 5 },
	{ "unreadable: reason and place kept", "U\0\0\0\x0f" "encrypted a.zipE\0\0\0\0", 25,
	  1000, XA_DONE, "", "encrypted", "a.zip", 0, 0, 15 },
	{ "image counted", "I\0\0\0\1xE\0\0\0\0", 11, 1000, XA_DONE, "", "", "", 1, 0, 5 },
	{ "mail inside kept", "M\0\0\0\2hiE\0\0\0\0", 12, 1000, XA_DONE, "", "", "", 0, 1, 5 },
	{ "no end frame (worker died): failed", "T\0\0\0\3abc", 8, 1000, XA_FAILED,
	  "abc", "", "", 0, 0, 5 },
	{ "a request frame back: failed", "R\0\0\0\0E\0\0\0\0", 10, 1000, XA_FAILED,
	  "", "", "", 0, 0, 5 },
	{ "unknown kind: failed", "Z\0\0\0\0E\0\0\0\0", 10, 1000, XA_FAILED,
	  "", "", "", 0, 0, 5 },
	{ "more than the budget: failed before it is read",
	  "T\0\x01\x00\x01", 5, 0, XA_FAILED, "", "", "", 0, 0, 5 },
	{ "4 GB frame (a 32-bit sum wraps): failed before it is read",
	  "M\xff\xff\xff\xfc", 5, 1000, XA_FAILED, "", "", "", 0, 0, 5 },
	{ "text frame over the chunk size: failed before it is read",
	  "T\0\0\x80\x01", 5, 1 << 20, XA_FAILED, "", "", "", 0, 0, 5 },
};

struct answer_io {
	const char	*a_data;
	size_t		 a_len, a_off, a_asked;
	char		 a_text[64];
};

static int
answer_read(void *io, void *buf, size_t len)
{
	struct answer_io *a = io;

	if (len > a->a_asked)
		a->a_asked = len;
	if (len > a->a_len - a->a_off)
		return -1;
	memcpy(buf, a->a_data + a->a_off, len);
	a->a_off += len;
	return 0;
}

static int
answer_begin(void *arg, const char *name)
{
	(void)arg; (void)name;
	return 0;
}

static int
answer_text(void *arg, const char *text, size_t len)
{
	struct answer_io *a = arg;

	strncat(a->a_text, text, len < sizeof a->a_text - strlen(a->a_text) - 1 ?
	    len : sizeof a->a_text - strlen(a->a_text) - 1);
	return 0;
}

START_TEST(test_answer)
{
	struct answer_io a = { answers[_i].bytes, answers[_i].len, 0, 0, "" };
	struct lg_extract_sink sink = { &a, answer_begin, answer_text };
	struct lg_extract_result r;
	enum xa_outcome oc;

	memset(&r, 0, sizeof r);
	oc = xa_read_answer(answer_read, &a, answers[_i].max_text, &sink, &r);
	ck_assert_msg(oc == answers[_i].want, "%s: outcome got %d, want %d",
	    answers[_i].label, oc, answers[_i].want);
	ck_assert_msg(strcmp(a.a_text, answers[_i].text) == 0,
	    "%s: text got \"%s\", want \"%s\"", answers[_i].label, a.a_text,
	    answers[_i].text);
	ck_assert_msg(strcmp(r.xr_reason, answers[_i].reason) == 0 &&
	    strcmp(r.xr_where, answers[_i].where) == 0,
	    "%s: reason got \"%s\" in \"%s\", want \"%s\" in \"%s\"",
	    answers[_i].label, r.xr_reason, r.xr_where, answers[_i].reason,
	    answers[_i].where);
	ck_assert_msg(r.xr_images == answers[_i].images && r.xr_nmsgs ==
	    answers[_i].nmsgs, "%s: images %u mails %zu, want %u and %zu",
	    answers[_i].label, r.xr_images, r.xr_nmsgs, answers[_i].images,
	    answers[_i].nmsgs);
	ck_assert_msg(a.a_asked <= answers[_i].max_asked,
	    "%s: the reader was asked for %zu bytes at once, want at most %zu",
	    answers[_i].label, a.a_asked, answers[_i].max_asked);
	extract_result_clear(&r);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("extract");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_xtype, 0, sizeof types / sizeof types[0]);
	tcase_add_loop_test(tc, test_rtf, 0, sizeof rtfs / sizeof rtfs[0]);
	tcase_add_test(tc, test_rtf_too_deep);
	tcase_add_test(tc, test_proto_header);
	tcase_add_loop_test(tc, test_answer, 0, sizeof answers / sizeof answers[0]);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_run(suite());
}
