/*
 * json.c - write JSON string values (RFC 8259 escaping) for leakguardctl's
 * --json output and reports.  Bytes that are not valid UTF-8 are written
 * as U+FFFD so the output always parses; DEL, the C1 controls and the
 * bidirectional overrides are written as \u escapes, so JSON printed on
 * a terminal cannot drive it or reorder what it shows.  No parsing here.
 */
#include <stdio.h>
#include <string.h>

#include "json.h"

/* JSON_UTF8_LEN -- length of a valid UTF-8 sequence at s, or 0 */
size_t
json_utf8_len(const unsigned char *s)
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

/* JSON_CODE_POINT -- the code point of a valid n-byte sequence */
unsigned long
json_code_point(const unsigned char *p, size_t n)
{
	static const unsigned char lead[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	unsigned long c = p[0] & lead[n];
	size_t i;

	for (i = 1; i < n; i++)
		c = c << 6 | (p[i] & 0x3f);
	return c;
}

/* JSON_UNSAFE_CHAR -- would this character drive a terminal or reorder
 * text: DEL, C1 controls, bidirectional embeddings/overrides/isolates */
int
json_unsafe_char(const unsigned char *p, size_t n)
{
	unsigned long c = json_code_point(p, n);

	return c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
	    c == 0x200e || c == 0x200f || c == 0x061c;
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
		const unsigned char *q = p;
		size_t n;

		while (*q >= 0x20 && *q < 0x7f && *q != '"' && *q != '\\')
			q++;
		if (q > p) {
			fwrite(p, 1, (size_t)(q - p), fp);
			p = q;
			continue;
		}
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
		if ((n = json_utf8_len(p)) == 0) {
			fputs("\\ufffd", fp);
			p++;
			continue;
		}
		if (json_unsafe_char(p, n)) {
			fprintf(fp, "\\u%04lx", json_code_point(p, n));
			p += n;
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
