/*
 * json.c - write JSON string values (RFC 8259 escaping) for leakguardctl's
 * --json output.  Bytes that are not valid UTF-8 are written as U+FFFD so
 * the output always parses.  No parsing here.
 */
#include <stdio.h>
#include <string.h>

#include "json.h"

/* utf8_len - length of a valid UTF-8 sequence at s, or 0 */
static size_t
utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0 && s[0] >= 0xc2)
		n = 2;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3;
	else if ((s[0] & 0xf8) == 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* JSON_STRING -- s as a quoted JSON string; NULL is written as null */
void
json_string(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	while (*p) {
		size_t n;

		switch (*p) {
		case '"': fputs("\\\"", fp); p++; continue;
		case '\\': fputs("\\\\", fp); p++; continue;
		case '\n': fputs("\\n", fp); p++; continue;
		case '\r': fputs("\\r", fp); p++; continue;
		case '\t': fputs("\\t", fp); p++; continue;
		default: break;
		}
		if (*p < 0x20) {
			fprintf(fp, "\\u%04x", *p++);
			continue;
		}
		if ((n = utf8_len(p)) == 0) {
			fputs("\\ufffd", fp);
			p++;
			continue;
		}
		fwrite(p, 1, n, fp);
		p += n;
	}
	fputc('"', fp);
}

/* JSON_MEMBER -- "key": "value", with a leading comma if asked */
void
json_member(FILE *fp, const char *key, const char *value, int comma)
{
	if (comma)
		fputc(',', fp);
	json_string(fp, key);
	fputc(':', fp);
	json_string(fp, value);
}
