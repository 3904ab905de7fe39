/*
 * ldap_filter.c - build an LDAP search filter from a configured template
 * and a value taken from mail, escaping the value as RFC 4515 requires
 * ('*', '(', ')', '\\' and NUL become \2a \28 \29 \5c \00), so that mail
 * content can never change the shape of the filter.  Pure: no I/O and no
 * libldap.  Both functions return -1 when the result does not fit.
 */
#include <string.h>

#include "ldap_filter.h"

/*
 * LDAP_FILTER_ESCAPE -- escape len bytes of value (NULs included).
 *	Return value: length written (without the NUL), or -1 if out is short.
 */
int
ldap_filter_escape(const char *value, size_t len, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)value[i];

		if (c == '*' || c == '(' || c == ')' || c == '\\' || c == '\0') {
			if (o + 3 >= outlen)
				return -1;
			out[o++] = '\\';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 0xf];
		} else {
			if (o + 1 >= outlen)
				return -1;
			out[o++] = (char)c;
		}
	}
	if (o >= outlen)
		return -1;
	out[o] = '\0';
	return (int)o;
}

/*
 * LDAP_FILTER_EXPAND -- the template with each %s replaced by the escaped
 *	value and %% by %.  Return value: 0, or -1 if out is too short.
 */
int
ldap_filter_expand(const char *tmpl, const char *value, size_t len, char *out,
    size_t outlen)
{
	size_t o = 0;
	int n;

	for (; *tmpl; tmpl++) {
		if (tmpl[0] == '%' && tmpl[1] == 's') {
			if ((n = ldap_filter_escape(value, len, out + o, outlen - o)) < 0)
				return -1;
			o += (size_t)n;
			tmpl++;
			continue;
		}
		if (tmpl[0] == '%' && tmpl[1] == '%')
			tmpl++;
		if (o + 1 >= outlen)
			return -1;
		out[o++] = *tmpl;
	}
	out[o] = '\0';
	return 0;
}
