/*
 * json.c - write JSON string values (RFC 8259 escaping) for leakguardctl's
 * --json output.  Bytes that are not valid UTF-8 are written as U+FFFD so
 * the output always parses; DEL, C1 controls and bidi overrides are
 * written as \uXXXX escapes (termsafe.c decides which), so JSON read on a
 * terminal cannot drive it either.  No parsing here.
 */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "termsafe.h"

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
		uint32_t cp;
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
		if ((n = termsafe_utf8(p, &cp)) == 0) {
			fputs("\\ufffd", fp);
			p++;
			continue;
		}
		if (termsafe_hostile(cp)) {	/* DEL, C1, bidi: visible */
			fprintf(fp, "\\u%04x", (unsigned)cp);
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
