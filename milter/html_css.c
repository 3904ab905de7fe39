/*
 * html_css.c - the strings CSS shows as text: the quoted values of every
 * "content:" declaration (::before/::after text, which readers render),
 * with CSS escapes undone ("\34 821" is "4821", "\"" is a quote).  One
 * declaration's strings are one line ("PIN: " "4821" reads "PIN: 4821").
 * Knows no selectors, no cascade, nothing of HTML; html.c gives it the
 * text of <style> elements and style attributes.  Returns 0, or -1 when fn
 * does.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "html_css.h"

/*
 * css_string - the quoted string at s (s[0] is the quote) unescaped onto
 * out (room for end - s bytes and 4 more); returns where it ends
 */
static const char *
css_string(const char *s, const char *end, char *out, size_t *n)
{
	char q = *s++;
	gunichar c;
	int k;

	while (s < end && *s != q) {
		if (*s != '\\' || s + 1 >= end) {
			out[(*n)++] = *s++;
			continue;
		}
		s++;
		if (!isxdigit((unsigned char)*s)) {
			if (*s != '\n')
				out[(*n)++] = *s;	/* \" \\ \' */
			s++;
			continue;
		}
		for (c = 0, k = 0; k < 6 && s < end &&
		    isxdigit((unsigned char)*s); k++, s++)
			c = c * 16 + (gunichar)g_ascii_xdigit_value(*s);
		if (s < end && (*s == ' ' || *s == '\t' || *s == '\n'))
			s++;			/* the escape's own blank */
		if (c != 0 && g_unichar_validate(c))
			*n += (size_t)g_unichar_to_utf8(c, out + *n);
	}
	return s < end ? s + 1 : s;
}

/* CSS_CONTENT -- every content: string of css handed to fn */
int
css_content(const char *css, size_t len, html_text_fn fn, void *arg)
{
	const char *p = css, *end = css + len, *v;
	char *out;
	size_t n;
	int rc = 0;

	if ((out = g_malloc(len + 8)) == NULL)
		return -1;
	while (rc == 0 && (p = g_strstr_len(p, end - p, "content")) != NULL) {
		v = p + 7;
		/* A property name on its own: not "x-content" or "contents". */
		if ((p > css && (isalnum((unsigned char)p[-1]) || p[-1] == '-')) ||
		    (v < end && (isalnum((unsigned char)*v) || *v == '-'))) {
			p = v;
			continue;
		}
		while (v < end && isspace((unsigned char)*v))
			v++;
		if (v >= end || *v != ':') {
			p = v;
			continue;
		}
		n = 0;
		for (v++; v < end && *v != ';' && *v != '}'; ) {
			if (*v == '"' || *v == '\'')
				v = css_string(v, end, out, &n);
			else
				v++;
		}
		if (n > 0) {
			out[n++] = '\n';
			rc = fn(arg, out, n);
		}
		p = v;
	}
	g_free(out);
	return rc;
}
