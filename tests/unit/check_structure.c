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
	suite_add_tcase(s, tc);
	failed = unit_run(s);
	content_shutdown();
	return nrows > 0 ? failed : 1;
}
