/*
 * pipeline_dir.c - the binding and directory stages of pipeline.c, kept
 * apart so that the scanning stages and these can change independently.
 *
 *  - pipeline_trust: may this sender choose the binding (trusted client
 *    address or SASL login)?  Counts the binding header instances.
 *  - pipeline_bind: the bound customer from the trusted header (signature
 *    checked when binding_key_file is set) and the body's customer numbers.
 *  - pipeline_ask_directory: the customer's entry and, for each recipient
 *    that is not one of its addresses, the entries that hold that address,
 *    so verdict.c can tell a namesake from a plain mismatch.
 *
 * Everything the directory answered is put into the verdict input; the
 * decision itself stays in verdict.c.  Directory failures come back as
 * LG_DIR_ERROR statuses with the reason in res_error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "binding_sig.h"
#include "pipeline_dir.h"

/*
 * PIPELINE_TRUST -- does the binding header count for this mail?
 *	Sets res_binding_trusted and res_binding_headers.
 */
void
pipeline_trust(const struct lg_runtime *rt, const struct lg_msg *msg,
    struct lg_result *res)
{
	const struct lg_config *cfg = rt->rt_cfg;
	size_t i;

	res->res_binding_trusted = binding_source_trusted(&cfg->cfg_trusted,
	    msg->msg_client_addr, cfg->cfg_trusted_sasl_users,
	    msg->msg_auth_authen) == 1;
	for (i = 0; i < msg->msg_nheaders; i++)
		if (strcasecmp(msg->msg_headers[i].hdr_name,
		    cfg->cfg_binding_header) == 0)
			res->res_binding_headers++;
}

/*
 * PIPELINE_BIND -- resolve the binding into res_binding.
 *	With a key, every trusted header instance must carry a good signature
 *	over this mail's recipients; one that does not makes the binding
 *	invalid (and res_binding_why says why).
 */
void
pipeline_bind(const struct lg_runtime *rt, const struct lg_msg *msg,
    struct lg_result *res)
{
	const struct lg_config *cfg = rt->rt_cfg;
	char id[LG_CUSTOMER_ID_MAX];
	enum lg_sig_status st;
	size_t i;

	/* Every instance counts, however many: none is skipped. */
	binding_init(&res->res_binding);
	for (i = 0; res->res_binding_trusted && i < msg->msg_nheaders; i++) {
		const char *v = msg->msg_headers[i].hdr_value;

		if (strcasecmp(msg->msg_headers[i].hdr_name,
		    cfg->cfg_binding_header) != 0)
			continue;
		if (cfg->cfg_binding_key == NULL) {
			binding_add_header(&res->res_binding, v);
			continue;
		}
		st = binding_sig_verify(cfg->cfg_binding_key,
		    cfg->cfg_binding_key_len, v,
		    (const char *const *)msg->msg_rcpts, msg->msg_nrcpts,
		    (long)time(NULL), cfg->cfg_binding_max_age, id, sizeof id);
		if (st == LG_SIG_OK)
			binding_add_header(&res->res_binding, id);
		else if (res->res_binding_why == NULL)
			res->res_binding_why = binding_sig_status_name(st);
	}
	binding_add_hits(&res->res_binding, &res->res_hits);
	if (res->res_binding_why != NULL)
		binding_mark_invalid(&res->res_binding, res->res_binding_why);
}

/* PIPELINE_POLICY -- the configured parts of the verdict input */
void
pipeline_policy(const struct lg_config *cfg, struct lg_verdict_input *vi)
{
	vi->vi_address_policy.ap_local_case_sensitive =
	    cfg->cfg_local_part_case == 1;
	vi->vi_address_policy.ap_delimiters = cfg->cfg_recipient_delimiter;
	vi->vi_on_dir_error = cfg->cfg_on_directory_error ==
	    LG_ON_DIR_ERROR_HOLD ? LG_ACTION_HOLD : LG_ACTION_TEMPFAIL;
}

/* ask_owners - who holds each recipient that is not the customer's */
static int
ask_owners(const struct lg_runtime *rt, const struct lg_msg *msg,
    struct lg_result *res, struct lg_verdict_input *vi,
    struct lg_dir_budget *budget)
{
	size_t n = msg->msg_nrcpts, i, j;

	if (n == 0)
		return 0;
	res->res_owners = calloc(n, sizeof *res->res_owners);
	res->res_owner_views = calloc(n, sizeof *res->res_owner_views);
	res->res_owner_recs = calloc(n, sizeof *res->res_owner_recs);
	res->res_owner_nrecs = calloc(n, sizeof *res->res_owner_nrecs);
	if (res->res_owners == NULL || res->res_owner_views == NULL ||
	    res->res_owner_recs == NULL || res->res_owner_nrecs == NULL)
		return -1;
	res->res_nowners = n;
	for (i = 0; i < n; i++) {
		struct lg_rcpt_owners *ro = &res->res_owners[i];
		char err[sizeof res->res_error];

		ro->ro_status = LG_DIR_NOT_ASKED;
		if (address_in_list(msg->msg_rcpts[i], vi->vi_record_addrs,
		    vi->vi_record_naddrs, &vi->vi_address_policy) != 0)
			continue;	/* the customer's own, or unparsable */
		ro->ro_status = directory_lookup_owners(rt->rt_dir,
		    msg->msg_rcpts[i], budget, &res->res_owner_recs[i],
		    &res->res_owner_nrecs[i], err, sizeof err);
		if (ro->ro_status == LG_DIR_ERROR) {
			memcpy(res->res_error, err, sizeof res->res_error);
			continue;
		}
		if (res->res_owner_nrecs[i] == 0)
			continue;
		if ((res->res_owner_views[i] = calloc(res->res_owner_nrecs[i],
		    sizeof **res->res_owner_views)) == NULL)
			return -1;
		for (j = 0; j < res->res_owner_nrecs[i]; j++) {
			res->res_owner_views[i][j].own_id =
			    res->res_owner_recs[i][j].rec_dn;
			res->res_owner_views[i][j].own_name =
			    res->res_owner_recs[i][j].rec_name;
		}
		ro->ro_owners = res->res_owner_views[i];
		ro->ro_n = res->res_owner_nrecs[i];
	}
	vi->vi_owners = res->res_owners;
	return 0;
}

/* ask_directory - pipeline_ask_directory within one budget */
static void
ask_directory(const struct lg_runtime *rt, const struct lg_msg *msg,
    struct lg_result *res, struct lg_verdict_input *vi,
    struct lg_dir_budget *budget)
{
	struct lg_record *rec = &res->res_record;

	res->res_dir_status = directory_lookup_customer(rt->rt_dir,
	    res->res_binding.bind_id, budget, rec, res->res_error,
	    sizeof res->res_error);
	vi->vi_dir_status = res->res_dir_status;
	if (res->res_dir_status != LG_DIR_FOUND)
		return;
	vi->vi_record_id = rec->rec_dn;
	vi->vi_record_name = rec->rec_name;
	vi->vi_record_unverified = rec->rec_unverified;
	vi->vi_record_addrs = (const char *const *)rec->rec_addrs;
	vi->vi_record_naddrs = rec->rec_naddrs;
	if (rec->rec_unverified || rec->rec_naddrs == 0)
		return;
	if (ask_owners(rt, msg, res, vi, budget) == -1) {
		snprintf(res->res_error, sizeof res->res_error, "out of memory");
		vi->vi_dir_status = res->res_dir_status = LG_DIR_ERROR;
	}
}

/*
 * PIPELINE_ASK_DIRECTORY -- the bound customer's entry, then the owners of
 *	the recipients that are not its addresses.
 *	All of it shares one budget, ldap_timeout (dirbudget.c); the time it
 *	took is in res_dir_ms.
 *	Return value: none; directory errors are statuses, and running out of
 *	memory is reported as a directory error (the mail is not passed).
 */
void
pipeline_ask_directory(const struct lg_runtime *rt, const struct lg_msg *msg,
    struct lg_result *res, struct lg_verdict_input *vi)
{
	struct lg_dir_budget budget;

	dirbudget_start(&budget, rt->rt_cfg->cfg_ldap_timeout);
	ask_directory(rt, msg, res, vi, &budget);
	res->res_dir_ms = dirbudget_elapsed_ms(&budget);
}

/* PIPELINE_DIR_CLEAR -- release what pipeline_ask_directory allocated */
void
pipeline_dir_clear(struct lg_result *res)
{
	size_t i;

	for (i = 0; i < res->res_nowners; i++) {
		if (res->res_owner_recs != NULL)
			records_free(res->res_owner_recs[i], res->res_owner_nrecs[i]);
		if (res->res_owner_views != NULL)
			free(res->res_owner_views[i]);
	}
	free(res->res_owners);
	free(res->res_owner_views);
	free(res->res_owner_recs);
	free(res->res_owner_nrecs);
	res->res_owners = NULL;
	res->res_owner_views = NULL;
	res->res_owner_recs = NULL;
	res->res_owner_nrecs = NULL;
	res->res_nowners = 0;
	record_clear(&res->res_record);
}
