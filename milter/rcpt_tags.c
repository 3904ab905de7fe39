/*
 * rcpt_tags.c - what each recipient of a held mail was, as the directory
 * answered while the mail was judged: "on_record" (one of the bound
 * customer's own addresses), "other_record" (an address another directory
 * entry holds: that entry's DN and name come along, the namesake case) or
 * "unknown" (no entry was found holding it, or nobody asked: an unbound
 * mail has no customer to compare with).  The result is a JSON array the
 * store keeps in quarantine.recipient_tags and the reports read back:
 *
 *	[{"address":"a@x","tag":"on_record"},
 *	 {"address":"b@y","tag":"other_record","entry":"uid=..","entry_name":".."}]
 *
 * Pure: no directory, no store; the pipeline's answers come in.  Returns
 * a malloc'd string, or NULL when out of memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "json.h"
#include "rcpt_tags.h"

/* other_owner - the first entry holding the address that is not the
 * customer's own */
static const struct lg_owner *
other_owner(const struct lg_rcpt_owners *ro, const char *record_dn)
{
	size_t i;

	for (i = 0; ro != NULL && i < ro->ro_n; i++)
		if (ro->ro_owners[i].own_id != NULL && (record_dn == NULL ||
		    strcasecmp(ro->ro_owners[i].own_id, record_dn) != 0))
			return &ro->ro_owners[i];
	return NULL;
}

/*
 * RCPT_TAGS_JSON -- the recipients as a tagged JSON array.
 *	Parameters: the envelope recipients; the bound customer's addresses
 *	and DN (none when the mail is unbound); owners[nrcpts] from the
 *	pipeline or NULL; the address comparison policy.
 *	Return value: malloc'd JSON text, or NULL (out of memory).
 */
char *
rcpt_tags_json(char *const *rcpts, size_t nrcpts,
    const char *const *record_addrs, size_t record_naddrs,
    const char *record_dn, const struct lg_rcpt_owners *owners,
    const struct lg_address_policy *policy)
{
	char *out = NULL;
	size_t len = 0, i;
	FILE *fp;

	if ((fp = open_memstream(&out, &len)) == NULL)
		return NULL;
	fputc('[', fp);
	for (i = 0; i < nrcpts; i++) {
		const struct lg_owner *o = NULL;
		const char *tag = RCPT_UNKNOWN;

		if (record_naddrs > 0 && address_in_list(rcpts[i], record_addrs,
		    record_naddrs, policy) == 1)
			tag = RCPT_ON_RECORD;
		else if (owners != NULL &&
		    (o = other_owner(&owners[i], record_dn)) != NULL)
			tag = RCPT_OTHER_RECORD;
		fputs(i > 0 ? ",{" : "{", fp);
		json_member(fp, "address", rcpts[i], 0);
		json_member(fp, "tag", tag, 1);
		if (o != NULL) {
			json_member(fp, "entry", o->own_id, 1);
			json_member(fp, "entry_name", o->own_name ? o->own_name :
			    "", 1);
		}
		fputc('}', fp);
	}
	fputc(']', fp);
	if (fclose(fp) != 0) {
		free(out);
		return NULL;
	}
	return out;
}
