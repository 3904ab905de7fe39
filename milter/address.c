/*
 * address.c - parse RFC 5321 envelope addresses and the addresses a
 * directory record holds, and compare them as mailboxes, not as strings.
 *
 *  - angle brackets and a source route ("<@relay,@relay2:user@dom>") are
 *    dropped; the route names hops, not the mailbox;
 *  - a quoted local part is unquoted ("\"matti\"@x" is matti@x; a quoted
 *    "a@b"@x keeps its '@' in the local part); an unquoted local part with
 *    specials ('@', '"', blanks, ...) is not an address;
 *  - the domain loses one trailing dot and is brought to its ASCII form with
 *    libidn2 (UTS #46 mapping: case folded, U-labels to A-labels), so
 *    "MÄKINEN.example" and "xn--mkinen-bua.example" compare equal; a label
 *    IDNA rejects makes the address unparsable;
 *  - local parts compare case-insensitively unless the policy says
 *    sensitive; with a recipient delimiter set (Postfix's
 *    recipient_delimiter: one or more characters) the recipient
 *    "matti+x" also matches the directory's "matti".  Only the recipient
 *    loses its extension, never the directory's address: with "+-" the
 *    directory's "anna-maria" is the whole mailbox "anna-maria", and
 *    neither "anna" nor "anna-liisa" matches it.  A delimiter at the
 *    start of the local part is not a delimiter ("+jane" stays whole).
 *
 * Pure: no I/O.  address_parse returns -1 for input that is not an address:
 * the caller must hold such mail, never pass it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <idn2.h>

#include "address.h"

#define IDNA_FLAGS	(IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL)

/* is_special - a character an unquoted local part must not hold */
static int
is_special(unsigned char c)
{
	return c <= 0x20 || c == 0x7f || strchr("\"\\<>()[],;:@", c) != NULL;
}

/* parse_local - local part at s (quoted or dot-atom); *end after it */
static int
parse_local(const char *s, const char *e, char *out, size_t outlen,
    const char **end)
{
	size_t n = 0;

	if (s < e && *s == '"') {
		for (s++; s < e && *s != '"'; s++) {
			if (*s == '\\' && s + 1 < e)
				s++;
			if ((unsigned char)*s < 0x20 || n + 1 >= outlen)
				return -1;
			out[n++] = *s;
		}
		if (s >= e)
			return -1;		/* no closing quote */
		s++;
	} else {
		for (; s < e && *s != '@'; s++) {
			if (is_special((unsigned char)*s) || n + 1 >= outlen)
				return -1;
			out[n++] = *s;
		}
		if (n == 0 || out[0] == '.' || out[n - 1] == '.')
			return -1;
	}
	if (n == 0)
		return -1;
	out[n] = '\0';
	*end = s;
	return 0;
}

/* parse_domain - [s, e) to lower-case ASCII (A-label) form in out */
static int
parse_domain(const char *s, const char *e, char *out, size_t outlen)
{
	char in[LG_ADDRESS_MAX], *ascii = NULL;
	size_t len = (size_t)(e - s), i;
	int nonascii = 0;

	if (len > 0 && *s == '[') {		/* address literal */
		if (e[-1] != ']' || len >= outlen)
			return -1;
		for (i = 0; i < len; i++)
			out[i] = (char)tolower((unsigned char)s[i]);
		out[len] = '\0';
		return 0;
	}
	if (len > 0 && e[-1] == '.')
		len--;
	if (len == 0 || len >= sizeof in)
		return -1;
	memcpy(in, s, len);
	in[len] = '\0';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c >= 0x80)
			nonascii = 1;
		else if (!isalnum(c) && c != '-' && c != '.' && c != '_')
			return -1;
		if (c == '.' && (i == 0 || in[i - 1] == '.'))
			return -1;		/* empty label */
	}
	if (!nonascii) {
		char *u = NULL;

		if (len >= outlen)
			return -1;
		for (i = 0; i <= len; i++)
			out[i] = (char)tolower((unsigned char)in[i]);
		/* An A-label must decode, or it is no domain at all. */
		if (strstr(out, "xn--") != NULL) {
			if (idn2_to_unicode_8z8z(out, &u, 0) != IDN2_OK)
				return -1;
			idn2_free(u);
		}
		return 0;
	}
	if (idn2_to_ascii_8z(in, &ascii, IDNA_FLAGS) != IDN2_OK)
		return -1;
	len = strlen(ascii);
	if (len >= outlen) {
		idn2_free(ascii);
		return -1;
	}
	for (i = 0; i <= len; i++)
		out[i] = (char)tolower((unsigned char)ascii[i]);
	idn2_free(ascii);
	return 0;
}

/*
 * ADDRESS_PARSE -- split and normalise an address.
 *	Parameters: in (with or without angle brackets, source route allowed),
 *	out (filled in on success).
 *	Return value: 0, or -1 for something that is not local@domain.
 */
int
address_parse(const char *in, struct lg_address *out)
{
	const char *s = in, *e, *at;

	if (in == NULL)
		return -1;
	e = s + strlen(s);
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (s < e && *s == '<') {
		if (e - s < 2 || e[-1] != '>')
			return -1;
		s++;
		e--;
	} else if (s < e && e[-1] == '>')
		return -1;
	if (s < e && *s == '@') {		/* source route: skip it */
		const char *colon = memchr(s, ':', (size_t)(e - s));

		if (colon == NULL)
			return -1;
		s = colon + 1;
	}
	if (parse_local(s, e, out->addr_local, sizeof out->addr_local, &at) == -1)
		return -1;
	if (at >= e || *at != '@')
		return -1;
	return parse_domain(at + 1, e, out->addr_domain, sizeof out->addr_domain);
}

/* base_len - length of the local part before a recipient delimiter */
static size_t
base_len(const char *local, const struct lg_address_policy *pol)
{
	size_t n;

	if (pol == NULL || pol->ap_delimiters == NULL ||
	    pol->ap_delimiters[0] == '\0')
		return strlen(local);
	/* As Postfix: split at the first delimiter, never at the start. */
	n = strcspn(local + 1, pol->ap_delimiters);
	return local[0] == '\0' ? 0 : n + 1;
}

/* local_equal - the first n bytes of a equal the whole of b */
static int
local_equal(const char *a, size_t n, const char *b,
    const struct lg_address_policy *pol)
{
	if (strlen(b) != n)
		return 0;
	if (pol != NULL && pol->ap_local_case_sensitive)
		return strncmp(a, b, n) == 0;
	return strncasecmp(a, b, n) == 0;
}

/*
 * ADDRESS_EQUAL -- does the recipient rcpt reach the mailbox dir (an
 *	address the directory holds)?  1 when rcpt is dir, or when rcpt
 *	without its extension (recipient_delimiter) is the whole of dir;
 *	else 0.  Not symmetric: dir is never cut.
 */
int
address_equal(const struct lg_address *rcpt, const struct lg_address *dir,
    const struct lg_address_policy *pol)
{
	if (strcmp(rcpt->addr_domain, dir->addr_domain) != 0)
		return 0;
	if (local_equal(rcpt->addr_local, strlen(rcpt->addr_local),
	    dir->addr_local, pol))
		return 1;
	return local_equal(rcpt->addr_local, base_len(rcpt->addr_local, pol),
	    dir->addr_local, pol);
}

/*
 * ADDRESS_IN_LIST -- does the recipient addr reach one of the directory's
 *	addresses list[0..n)?  (address_equal for each.)
 *	Return value: 1 yes, 0 no, -1 addr itself is not an address.
 *	Unparsable list entries never match.
 */
int
address_in_list(const char *addr, const char *const *list, size_t n,
    const struct lg_address_policy *pol)
{
	struct lg_address a, b;
	size_t i;

	if (address_parse(addr, &a) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (address_parse(list[i], &b) == 0 && address_equal(&a, &b, pol))
			return 1;
	return 0;
}

/*
 * ADDRESS_FORMS -- the two spellings a directory may hold an address in:
 *	"local@a-label.domain" and "local@u-label.domain" (the same text when
 *	the domain has no international label).  Used to ask the directory who
 *	owns a recipient.
 *	Return value: 0, or -1 when in is not an address or a form is too long.
 */
int
address_forms(const char *in, char *ascii, size_t asciilen, char *unicode,
    size_t unicodelen)
{
	struct lg_address a;
	char *u = NULL;
	size_t n;

	if (address_parse(in, &a) == -1)
		return -1;
	n = (size_t)snprintf(ascii, asciilen, "%s@%s", a.addr_local, a.addr_domain);
	if (n >= asciilen)
		return -1;
	if (idn2_to_unicode_8z8z(a.addr_domain, &u, 0) != IDN2_OK)
		return -1;
	n = (size_t)snprintf(unicode, unicodelen, "%s@%s", a.addr_local, u);
	idn2_free(u);
	return n >= unicodelen ? -1 : 0;
}
