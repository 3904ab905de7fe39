/*
 * report_text.c - mail-controlled text made safe for each report format.
 * Sender, recipients, Message-ID, excerpt and names come from the mail or
 * the directory and are attacker controlled:
 *
 *  - every format: bytes that are not UTF-8 become U+FFFD, and so do the
 *    controls that could drive a terminal (C0 but tab, CR and LF; DEL; C1)
 *    and the bidirectional overrides that reorder what is shown;
 *  - CSV (RFC 4180): a cell holding a comma, quote, CR or LF is quoted with
 *    its quotes doubled; a cell that begins with = + - @ tab, CR or LF is
 *    prefixed with a single quote, so no spreadsheet takes it for a formula;
 *  - HTML: & < > " ' as character references, also safe inside attribute
 *    values and SVG <title>; tab, CR and LF become blanks.
 *
 * JSON strings are json.c's.  No I/O but the caller's FILE.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "termsafe.h"

#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

/* safe_len - length of the next character if it may be shown as it is,
 * 0 if it must be replaced (*skip: how many bytes it takes) */
static size_t
safe_len(const unsigned char *p, size_t *skip)
{
	uint32_t cp;
	size_t n = termsafe_utf8(p, &cp);

	*skip = n ? n : 1;
	if (n == 0)
		return 0;
	if (cp < 0x20)
		return cp == '\t' || cp == '\r' || cp == '\n' ? n : 0;
	return termsafe_hostile(cp) ? 0 : n;
}

/* plain_run - how many bytes from p are printable ASCII that no format
 * escapes (letters, digits and the like), written as one run */
static size_t
plain_run(const unsigned char *p)
{
	const unsigned char *q = p;

	while (*q >= 0x20 && *q < 0x7f && *q != '"' && *q != '&' &&
	    *q != '<' && *q != '>' && *q != '\'')
		q++;
	return (size_t)(q - p);
}

/* REPORT_CSV_CELL -- one CSV field (without the separator) */
void
report_csv_cell(FILE *fp, const char *s)
{
	const unsigned char *p;
	int quote;

	if (s == NULL)
		s = "";
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', fp);
	if (strchr("=+-@\t\r\n", *s) != NULL && *s != '\0')
		fputc('\'', fp);
	for (p = (const unsigned char *)s; *p != '\0';) {
		size_t skip, n = plain_run(p);

		if (n > 0) {
			fwrite(p, 1, n, fp);
			p += n;
			continue;
		}
		n = safe_len(p, &skip);
		if (n == 0)
			fputs(REPLACEMENT, fp);
		else if (*p == '"')
			fputs("\"\"", fp);
		else
			fwrite(p, 1, n, fp);
		p += skip;
	}
	if (quote)
		fputc('"', fp);
}

/* REPORT_HTML_TEXT -- text for an HTML element or attribute value */
void
report_html_text(FILE *fp, const char *s)
{
	const unsigned char *p;

	if (s == NULL)
		return;
	for (p = (const unsigned char *)s; *p != '\0';) {
		size_t skip, n = plain_run(p);

		if (n > 0) {
			fwrite(p, 1, n, fp);
			p += n;
			continue;
		}
		n = safe_len(p, &skip);
		if (n == 0) {
			fputs(REPLACEMENT, fp);
			p += skip;
			continue;
		}
		switch (*p) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		case '\t': case '\r': case '\n': fputc(' ', fp); break;
		default: fwrite(p, 1, n, fp); break;
		}
		p += skip;
	}
}

/* REPORT_DURATION -- "45s", "12m", "3h 05m", "2d 04h" */
void
report_duration(char *buf, size_t len, int64_t s)
{
	if (s < 0)
		snprintf(buf, len, "-");
	else if (s < 60)
		snprintf(buf, len, "%llds", (long long)s);
	else if (s < 3600)
		snprintf(buf, len, "%lldm %02llds", (long long)(s / 60),
		    (long long)(s % 60));
	else if (s < 86400)
		snprintf(buf, len, "%lldh %02lldm", (long long)(s / 3600),
		    (long long)(s % 3600 / 60));
	else
		snprintf(buf, len, "%lldd %02lldh", (long long)(s / 86400),
		    (long long)(s % 86400 / 3600));
}

/* REPORT_RCPT_TEXT -- "addr (tag)" or "addr (other_record: DN "name")",
 * each piece written through put (the format's escaping) */
void
report_rcpt_text(FILE *fp, const struct lg_report_rcpt *r,
    void (*put)(FILE *, const char *))
{
	put(fp, r->rr_address);
	fputs(" (", fp);
	put(fp, r->rr_tag);
	if (r->rr_entry[0] != '\0') {
		fputs(": ", fp);
		put(fp, r->rr_entry);
		if (r->rr_entry_name[0] != '\0') {
			fputs(" \"", fp);
			put(fp, r->rr_entry_name);
			fputc('"', fp);
		}
	}
	fputc(')', fp);
}
