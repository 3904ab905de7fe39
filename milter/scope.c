/*
 * scope.c - the scope stage of the path, before content: only the mail of
 * the confirmation systems is judged, so staff mail with images and PDFs
 * is never held for being unreadable.  Three lists from leakguard.conf
 * say what is in scope:
 *
 *   scope_senders     envelope sender: an exact address ("noreply@bank.fi",
 *                     compared as address.c compares mailboxes, with
 *                     recipient_delimiter and local_part_case) or a whole
 *                     domain ("@bank.fi"; exactly that domain, not its
 *                     subdomains);
 *   scope_clients     client address: addresses and CIDR ranges (netaddr.c);
 *   scope_sasl_users  SASL login: exact, case-sensitive.
 *
 * All three empty (the default): every mail is in scope.  Otherwise a mail
 * is in scope when it matches ANY list that is set: the lists widen the
 * scope, never narrow one another, so a system that is known by one
 * property is judged even when another differs.  A null sender ("<>")
 * matches no scope_senders entry.
 *
 * Pure: no I/O.  What the caller does with out-of-scope mail (accept it,
 * count it) is left to pipeline.c and callbacks.c.
 */
#include <stdio.h>
#include <string.h>

#include "address.h"
#include "scope.h"

#define SEP " \t,"

/* parse_pattern - one scope_senders entry; *domain_only for "@domain" */
static int
parse_pattern(const char *p, size_t n, struct lg_address *a, bool *domain_only)
{
	char buf[LG_ADDRESS_MAX + 2];

	if (n == 0 || n >= LG_ADDRESS_MAX)
		return -1;
	*domain_only = p[0] == '@';
	/* "@dom" is parsed as the address "x@dom" for its domain's form */
	snprintf(buf, sizeof buf, "%s%.*s", *domain_only ? "x" : "", (int)n, p);
	if (strchr(buf, '@') == NULL)
		return -1;
	return address_parse(buf, a);
}

/* sender_in - does sender match one entry of list? */
static bool
sender_in(const struct lg_config *cfg, const char *list, const char *sender)
{
	struct lg_address_policy pol = {
		.ap_local_case_sensitive = cfg->cfg_local_part_case == 1,
		.ap_delimiters = cfg->cfg_recipient_delimiter,
	};
	struct lg_address s, pat;
	const char *p = list;
	bool domain_only;
	size_t n;

	if (sender == NULL || *sender == '\0' || address_parse(sender, &s) == -1)
		return false;
	while (*p != '\0') {
		p += strspn(p, SEP);
		n = strcspn(p, SEP);
		if (n > 0 && parse_pattern(p, n, &pat, &domain_only) == 0) {
			if (domain_only ? strcmp(s.addr_domain, pat.addr_domain) == 0 :
			    address_equal(&s, &pat, &pol) == 1)
				return true;
		}
		p += n;
	}
	return false;
}

/* word_in - is word exactly one of the words of list? */
static bool
word_in(const char *list, const char *word)
{
	const char *p = list;
	size_t n, wlen;

	if (word == NULL || *word == '\0')
		return false;
	wlen = strlen(word);
	while (*p != '\0') {
		p += strspn(p, SEP);
		n = strcspn(p, SEP);
		if (n > 0 && n == wlen && strncmp(p, word, n) == 0)
			return true;
		p += n;
	}
	return false;
}

static bool
is_set(const char *list)
{
	return list != NULL && list[strspn(list, SEP)] != '\0';
}

/*
 * SCOPE_IN -- is this mail in scope?
 *	Parameters: cfg (the scope_* lists), sender (envelope sender without
 *	brackets; "" or NULL for "<>"), client_addr (NULL: unknown),
 *	sasl_login (NULL: none).
 *	Return value: true when it must be judged.
 */
bool
scope_in(const struct lg_config *cfg, const char *sender,
    const char *client_addr, const char *sasl_login)
{
	bool any = false;

	if (is_set(cfg->cfg_scope_senders)) {
		any = true;
		if (sender_in(cfg, cfg->cfg_scope_senders, sender))
			return true;
	}
	if (cfg->cfg_scope_nets.nl_count > 0) {
		any = true;
		if (client_addr != NULL &&
		    netlist_contains(&cfg->cfg_scope_nets, client_addr) == 1)
			return true;
	}
	if (is_set(cfg->cfg_scope_sasl_users)) {
		any = true;
		if (word_in(cfg->cfg_scope_sasl_users, sasl_login))
			return true;
	}
	return !any;
}

/*
 * SCOPE_CHECK_SENDERS -- is every entry of a scope_senders list an address
 *	or "@domain"?  Return value: NULL, or the problem (in why).
 */
const char *
scope_check_senders(const char *list, char *why, size_t whylen)
{
	struct lg_address a;
	const char *p = list;
	bool d;
	size_t n;

	while (*p != '\0') {
		p += strspn(p, SEP);
		n = strcspn(p, SEP);
		if (n > 0 && parse_pattern(p, n, &a, &d) == -1) {
			snprintf(why, whylen, "\"%.*s\" is neither an address "
			    "nor @domain", (int)(n > 64 ? 64 : n), p);
			return why;
		}
		p += n;
	}
	return NULL;
}
