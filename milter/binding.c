/*
 * binding.c - decide which customer a mail is bound to, from the trusted
 * binding header's values (the caller passes none when the source is not
 * trusted, and only verified ids when headers must be signed: see
 * binding_sig.c) and the customer numbers the rules captured in the mail.
 * Two different customers named anywhere is a conflict, never a guess; a
 * signed header that failed its check makes the whole binding invalid.
 * Every header instance and every distinct number the rules found counts:
 * the rules keep all distinct numbers up to LG_IDS_MAX and flag more (which
 * is many customers: a conflict), and a number too long to be compared
 * whole is a conflict too, so no bound ever turns into a silent pass.
 * Whether a source is trusted (client address in trusted_clients, or a SASL
 * login in trusted_sasl_users) is decided here too.  Pure: no I/O; the
 * result is always filled in.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "binding.h"

/* binding_add - fold one named customer into the result */
static void
binding_add(struct lg_binding *b, const char *id, size_t len, unsigned source)
{
	char v[LG_CUSTOMER_ID_MAX];

	while (len > 0 && isspace((unsigned char)*id)) {
		id++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)id[len - 1]))
		len--;
	if (len == 0)
		return;
	if (len >= sizeof v) {
		/* Cut, it could equal another number: it cannot bind. */
		b->bind_sources |= source;
		if (b->bind_state == LG_BIND_INVALID)
			return;
		if (b->bind_state == LG_BIND_NONE)
			snprintf(b->bind_id, sizeof b->bind_id, "(too long)");
		if (b->bind_state != LG_BIND_CONFLICT)
			snprintf(b->bind_other, sizeof b->bind_other, "(too long)");
		b->bind_state = LG_BIND_CONFLICT;
		return;
	}
	memcpy(v, id, len);
	v[len] = '\0';

	switch (b->bind_state) {
	case LG_BIND_NONE:
		b->bind_state = LG_BIND_ONE;
		memcpy(b->bind_id, v, len + 1);
		b->bind_sources |= source;
		break;
	case LG_BIND_ONE:
		if (strcmp(b->bind_id, v) == 0) {
			b->bind_sources |= source;
		} else {
			b->bind_state = LG_BIND_CONFLICT;
			memcpy(b->bind_other, v, len + 1);
			b->bind_sources |= source;
		}
		break;
	case LG_BIND_CONFLICT:
	case LG_BIND_INVALID:
		b->bind_sources |= source;
		break;
	}
}

/* BINDING_INIT -- nothing bound yet */
void
binding_init(struct lg_binding *b)
{
	memset(b, 0, sizeof *b);
}

/* BINDING_ADD_HEADER -- fold in one trusted (verified) header value */
void
binding_add_header(struct lg_binding *b, const char *value)
{
	binding_add(b, value, strlen(value), LG_BIND_FROM_HEADER);
}

/*
 * BINDING_ADD_HITS -- fold in every distinct customer number the rules
 *	found (hits->ids, listed hits or not); more than the rules could keep
 *	is a conflict.
 */
void
binding_add_hits(struct lg_binding *b, const struct lg_hits *hits)
{
	size_t i;

	if (hits == NULL)
		return;
	for (i = 0; i < hits->nids; i++)
		binding_add(b, hits->ids[i], strlen(hits->ids[i]),
		    LG_BIND_FROM_BODY);
	if (hits->ids_over && b->bind_state != LG_BIND_INVALID) {
		if (b->bind_state != LG_BIND_CONFLICT)
			snprintf(b->bind_other, sizeof b->bind_other,
			    "(more than %d customer numbers)", LG_IDS_MAX);
		b->bind_state = LG_BIND_CONFLICT;
	}
}

/*
 * BINDING_RESOLVE -- the bound customer.
 *	Parameters: header_values are the trusted binding header's values (an
 *	empty list when absent or untrusted); hits are the rule hits, of which
 *	the customer numbers (hits->ids) count.
 */
void
binding_resolve(const char *const *header_values, size_t nheader,
    const struct lg_hits *hits, struct lg_binding *out)
{
	size_t i;

	binding_init(out);
	for (i = 0; i < nheader; i++)
		binding_add_header(out, header_values[i]);
	binding_add_hits(out, hits);
}

/* BINDING_MARK_INVALID -- a signed header failed: nothing binds the mail */
void
binding_mark_invalid(struct lg_binding *b, const char *why)
{
	b->bind_state = LG_BIND_INVALID;
	b->bind_invalid_why = why;
}

/*
 * BINDING_SOURCE_TRUSTED -- may this sender choose the binding?
 *	Parameters: clients (trusted_clients), client_addr (NULL: unknown;
 *	local submission through sendmail arrives as Postfix's local client,
 *	127.0.0.1), sasl_users (trusted_sasl_users, blank- or comma-separated),
 *	auth_authen (SASL login, NULL: none).
 *	Return value: 1 trusted, 0 not.
 */
int
binding_source_trusted(const struct lg_netlist *clients, const char *client_addr,
    const char *sasl_users, const char *auth_authen)
{
	const char *p = sasl_users;
	size_t alen, n;

	if (client_addr != NULL && netlist_contains(clients, client_addr) == 1)
		return 1;
	if (auth_authen == NULL || *auth_authen == '\0' || p == NULL)
		return 0;
	alen = strlen(auth_authen);
	while (*p != '\0') {
		p += strspn(p, " \t,");
		n = strcspn(p, " \t,");
		if (n > 0 && n == alen && strncmp(p, auth_authen, n) == 0)
			return 1;
		p += n;
	}
	return 0;
}
