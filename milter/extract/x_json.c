/*
 * x_json.c - JSON as a person reading it sees its strings: the document's
 * text with the escapes inside strings decoded (\n, \t, \", \uXXXX with
 * surrogate pairs), so "\u0037\u0031..." or a label after "\n" hides
 * nothing.  No parsing beyond that: structure stays as it is.  Runs in the
 * worker (xw_extract sends JSON here).
 */
#include <string.h>

#include "worker.h"

static int
hex4(const char *s, size_t left, unsigned *v)
{
	size_t i;

	*v = 0;
	if (left < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = s[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/*
 * X_JSON -- JSON text with its string escapes decoded, onto the current
 *	text.  Return value: 0, or -1 when the socket failed.
 */
int
x_json(struct xw *w, const char *s, size_t len)
{
	char out[4096];
	size_t i = 0, o = 0;
	unsigned cp, lo;
	int in_str = 0;

	while (i < len) {
		char c = s[i++];

		if (o > sizeof out - 8) {
			if (xw_text(w, out, o) == -1)
				return -1;
			o = 0;
		}
		if (c == '"') {
			in_str = !in_str;
			out[o++] = c;
			continue;
		}
		if (!in_str || c != '\\' || i >= len) {
			out[o++] = c;
			continue;
		}
		c = s[i++];
		switch (c) {
		case 'n': out[o++] = '\n'; break;
		case 't': out[o++] = '\t'; break;
		case 'r': out[o++] = '\r'; break;
		case 'b': case 'f': out[o++] = ' '; break;
		case 'u':
			if (hex4(s + i, len - i, &cp) == -1) {
				out[o++] = 'u';
				break;
			}
			i += 4;
			if (cp >= 0xd800 && cp <= 0xdbff && len - i >= 6 &&
			    s[i] == '\\' && s[i + 1] == 'u' &&
			    hex4(s + i + 2, len - i - 2, &lo) == 0 &&
			    lo >= 0xdc00 && lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				i += 6;
			}
			if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff))
				cp = 0xfffd;
			o += xw_put_utf8(out + o, cp);
			break;
		default:		/* \" \\ \/ and anything else: itself */
			out[o++] = c;
			break;
		}
	}
	return o > 0 ? xw_text(w, out, o) : 0;
}
