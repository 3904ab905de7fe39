/*
 * check_structure.c - every mail of tests/data/structure/ read as its
 * MANIFEST says: odd MIME structure (duplicate headers, lenient encoding
 * names, message/partial, encoded message/rfc822, uuencode, UTF-16,
 * format=flowed, iCalendar, deep nesting) and HTML that hides text from
 * a converter (comments, attributes, CSS, a stray </html>).  A "secret"
 * mail must be read whole with the TEXT in one of its texts; an
 * "unscannable" one must be marked as not fully read.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "content_decode.h"
#include "unit.h"

#define DIR		LG_TEST_DATA_DIR "/structure"
#define MAX_CASES	128

static struct row {
	char	file[128], expect[32], text[256];
} rows[MAX_CASES];
static int nrows;

/* load - the MANIFEST's rows, "\n" in TEXT made a line break */
static void
load(void)
{
	FILE *fp = fopen(DIR "/MANIFEST", "r");
	char line[512], *p;

	if (fp == NULL) {
		perror(DIR "/MANIFEST");
		exit(1);
	}
	while (fgets(line, sizeof line, fp) != NULL && nrows < MAX_CASES) {
		struct row *r = &rows[nrows];

		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%127[^\t]\t%31[^\t]\t%255[^\n]", r->file,
		    r->expect, r->text) != 3)
			continue;
		while ((p = strstr(r->text, "\\n")) != NULL) {
			*p = '\n';
			memmove(p + 1, p + 2, strlen(p + 2) + 1);
		}
		nrows++;
	}
	fclose(fp);
}

START_TEST(test_manifest)
{
	const struct row *r = &rows[_i];
	char path[512];
	struct lg_textlist tl;
	struct lg_msg *m = message_new(1 << 20);
	FILE *fp;
	size_t i;
	int found = 0;

	snprintf(path, sizeof path, "%s/%s", DIR, r->file);
	ck_assert_ptr_nonnull(m);
	ck_assert_msg((fp = fopen(path, "r")) != NULL, "%s: cannot open", path);
	ck_assert_int_eq(message_read_file(m, fp), 0);
	fclose(fp);
	ck_assert_int_eq(content_extract(m, NULL, 20, &tl), 0);
	for (i = 0; i < tl.tl_count; i++)
		if (strcmp(tl.tl_items[i].text_source, "headers") != 0 &&
		    strstr(tl.tl_items[i].text_data, r->text) != NULL)
			found = 1;
	if (strcmp(r->expect, "unscannable") == 0)
		ck_assert_msg(tl.tl_incomplete, "%s: read as complete", r->file);
	else {
		ck_assert_msg(!tl.tl_incomplete, "%s: read as incomplete",
		    r->file);
		ck_assert_msg(found, "%s: no text holds \"%s\"", r->file,
		    r->text);
	}
	content_free(&tl);
	message_free(m);
}
END_TEST

static const struct {
	enum xf_kind kind;
	bool delsp;
	const char *in, *want;
} xfs[] = {
	{ XF_QP_BLANKS, false, "PIN: 48=  \r\n21 \t\nx  y \n  \nend  ",
	  "PIN: 48=\r\n21\nx  y\n\nend" },
	{ XF_FLOWED, true, "PIN-koodi: 48 \r\n21\n stuffed\n-- \nsig",
	  "PIN-koodi: 4821\nstuffed\n-- \nsig" },
	{ XF_FLOWED, false, "a \nb\n", "a b\n" },
	{ XF_CALENDAR, false, "DESCRIPTION:Hei\\, Matti\\nPIN: 48\r\n 21\\;\\\\x",
	  "DESCRIPTION:Hei, Matti\nPIN: 4821;\\x" },
};

/* test_rewrites - each rewrite gives the same text however it is cut */
START_TEST(test_rewrites)
{
	const char *in = xfs[_i].in;
	size_t len = strlen(in), cut, n;
	char out[512];
	struct xf x;

	for (cut = 0; cut <= len; cut++) {
		xf_init(&x, xfs[_i].kind, xfs[_i].delsp);
		n = xf_run(&x, in, cut, out);
		n += xf_run(&x, in + cut, len - cut, out + n);
		n += xf_end(&x, out + n);
		out[n] = '\0';
		ck_assert_msg(strcmp(out, xfs[_i].want) == 0,
		    "rewrite %d cut at %zu: got \"%s\"", _i, cut, out);
	}
}
END_TEST

/*
 * test_one_path - the daemon (message_add_header) and the CLI
 * (message_read_file) store a header alike, and both hold a header longer
 * than a milter can be sent as oversize instead of cutting it
 */
START_TEST(test_one_path)
{
	static char mail[64 * 1024];
	struct lg_msg *a = message_new(1 << 20), *b = message_new(1 << 20);
	FILE *fp;
	size_t n;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(message_add_header(a, "Content-Type",
	    " text/plain;\r\n charset=utf-8\rX: y \r"), 0);
	strcpy(mail, "Content-Type:  text/plain;\r\n charset=utf-8\rX: y \r\r\n"
	    "X-Long: ");
	n = strlen(mail);
	memset(mail + n, 'a', 40000);
	strcpy(mail + n + 40000, "\n\nbody\n");
	fp = fmemopen(mail, strlen(mail), "r");
	ck_assert_int_eq(message_read_file(b, fp), 0);
	fclose(fp);
	ck_assert_str_eq(a->msg_headers[0].hdr_value,
	    "text/plain;\n charset=utf-8 X: y");
	ck_assert_str_eq(b->msg_headers[0].hdr_value, a->msg_headers[0].hdr_value);
	ck_assert_msg(!a->msg_oversize, "short header: oversize");
	ck_assert_msg(b->msg_oversize, "40 KB header (file): not oversize");
	mail[n + 40000] = '\0';
	ck_assert_int_eq(message_add_header(a, "X-Long", mail + n), 0);
	ck_assert_msg(a->msg_oversize, "40 KB header (milter): not oversize");
	message_free(a);
	message_free(b);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("structure");
	TCase *tc = tcase_create("manifest");
	int failed;

	load();
	content_init();
	tcase_add_loop_test(tc, test_manifest, 0, nrows);
	tcase_add_test(tc, test_one_path);
	tcase_add_loop_test(tc, test_rewrites, 0, sizeof xfs / sizeof xfs[0]);
	suite_add_tcase(s, tc);
	failed = unit_run(s);
	content_shutdown();
	return nrows > 0 ? failed : 1;
}
