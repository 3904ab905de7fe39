/*
 * termsafe.c - make mail-controlled text safe to print on a staff
 * member's terminal.  A Subject, Message-ID or address can carry ESC
 * sequences (repaint the screen, retitle the window, write "recipient
 * verified" over a held mail), other C0 and C1 controls, and Unicode bidi
 * overrides and isolates that reorder what follows (U+202A-202E,
 * U+2066-2069, U+200E/F, U+061C; U+2028/9 break lines).  Each such
 * character is written visibly instead: a byte as \x1b, a code point as
 * \u202e; bytes that are not UTF-8 as \xHH; a backslash as \\ so the
 * escapes cannot be faked.  Everything else passes unchanged.
 *
 * Every leakguardctl command that prints mail-controlled text (list, show,
 * scan, audit list, report) goes through termsafe() or termsafe_dup();
 * json.c uses termsafe_hostile() for the same characters.  Pure: no I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "termsafe.h"

/*
 * TERMSAFE_HOSTILE -- 1 if code point cp must not reach a terminal as is:
 *	C0, DEL, C1, and the bidi and line-separator controls.
 */
int
termsafe_hostile(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c ||
	    cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * TERMSAFE_UTF8 -- decode one well-formed UTF-8 sequence at s (shortest
 *	form, no surrogates, at most U+10FFFF).
 *	Return value: its length in bytes with *cp set, or 0 if malformed.
 */
size_t
termsafe_utf8(const unsigned char *s, uint32_t *cp)
{
	size_t n, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (n == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	*cp = c;
	return n;
}

/* escape_one - the visible form of the character at s; its length in *n */
static void
escape_one(const unsigned char *s, size_t *n, char *esc, size_t esclen)
{
	uint32_t cp;
	size_t len = termsafe_utf8(s, &cp);

	*n = len ? len : 1;
	if (len == 0)
		snprintf(esc, esclen, "\\x%02x", s[0]);
	else if (cp == '\\')
		snprintf(esc, esclen, "\\\\");
	else if (!termsafe_hostile(cp))
		snprintf(esc, esclen, "%.*s", (int)len, (const char *)s);
	else if (cp < 0x80)
		snprintf(esc, esclen, "\\x%02x", (unsigned)cp);
	else
		snprintf(esc, esclen, "\\u%04x", (unsigned)cp);
}

/*
 * TERMSAFE -- in, made safe, into out.  Text that does not fit is cut
 *	before a whole character or escape, never inside one.  NULL in is
 *	written as "".  Return value: out.
 */
char *
termsafe(char *out, size_t outlen, const char *in)
{
	const unsigned char *p = (const unsigned char *)(in ? in : "");
	size_t o = 0, n, elen;
	char esc[16];

	if (outlen == 0)
		return out;
	while (*p) {
		escape_one(p, &n, esc, sizeof esc);
		elen = strlen(esc);
		if (o + elen + 1 > outlen)
			break;
		memcpy(out + o, esc, elen);
		o += elen;
		p += n;
	}
	out[o] = '\0';
	return out;
}

/*
 * TERMSAFE_DUP -- in, made safe, in a new string (NULL in: "").
 *	Return value: the string, or NULL when out of memory.
 */
char *
termsafe_dup(const char *in)
{
	size_t len = strlen(in ? in : "") * 6 + 1;	/* "\u202e" per byte at most */
	char *out = malloc(len);

	return out ? termsafe(out, len, in) : NULL;
}
