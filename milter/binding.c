/*
 * binding.c - decide which customer a mail is bound to, from the trusted
 * binding header's values (the caller passes none when the source is not
 * trusted, and only verified ids when headers must be signed: see
 * binding_sig.c) and the customer numbers the rules captured in the mail.
 * Two different customers named anywhere is a conflict, never a guess; a
 * signed header that failed its check makes the whole binding invalid.
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
	if (len >= sizeof v)
		len = sizeof v - 1;
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

/*
 * BINDING_RESOLVE -- the bound customer.
 *	Parameters: header_values are the trusted binding header's values (an
 *	empty list when absent or untrusted); hits are the rule hits, of which
 *	LG_KIND_CUSTOMER values count.
 */
void
binding_resolve(const char *const *header_values, size_t nheader,
    const struct lg_hits *hits, struct lg_binding *out)
{
	size_t i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < nheader; i++)
		binding_add(out, header_values[i], strlen(header_values[i]),
		    LG_BIND_FROM_HEADER);
	for (i = 0; hits != NULL && i < hits->count; i++) {
		const struct lg_hit *h = &hits->hits[i];

		if (h->hit_kind == LG_KIND_CUSTOMER && h->hit_value != NULL)
			binding_add(out, h->hit_value, strlen(h->hit_value),
			    LG_BIND_FROM_BODY);
	}
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
