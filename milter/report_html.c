/*
 * report_html.c - placeholder until the page is written.
 */
#include "report.h"

int
report_html(FILE *fp, struct lg_report_db *db, const struct lg_report_opts *o,
    char *err, size_t errlen)
{
	(void)fp; (void)db; (void)o;
	snprintf(err, errlen, "html: not yet");
	return -1;
}
