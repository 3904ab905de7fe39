/*
 * pipeline.c - the one path every message takes, shared by the milter and
 * "leakguardctl scan": scope -> content -> rules -> binding -> directory ->
 * verdict.  Out-of-scope mail (scope.c) is not read at all: it passes with
 * reason out_of_scope, and its binding header is never looked at.
 * It decides; it does not act (no libmilter, no store writes): the caller
 * holds, tempfails or passes the mail and records the result.
 *
 * Every value the rules found anywhere in the mail is masked in the
 * excerpts, the Subject and (pipeline_masked) whatever else the caller
 * stores or shows: Message-ID, sender, recipients.
 *
 * DIAGNOSTICS: pipeline_judge returns 0 with a verdict in every case it can
 * judge, including directory failures (verdict tempfail, reason in
 * res_error); -1 only when memory runs out, which the caller must treat as a
 * tempfail.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content.h"
#include "content_attach.h"
#include "pipeline.h"
#include "pipeline_dir.h"
#include "notice.h"
#include "scope.h"

#define UNMASKABLE	"(not shown: could not be masked)"

/*
 * PIPELINE_MASKED -- text with every value the rules found in this mail
 *	reading "****"; a placeholder when that cannot be done (too many
 *	values); NULL text gives NULL.
 *	Return value: malloc'd, or NULL when out of memory (or text NULL).
 */
char *
pipeline_masked(const struct lg_result *res, const char *text)
{
	char *m;

	if (text == NULL)
		return NULL;
	if ((m = maskset_apply(&res->res_hits.values, text)) == NULL)
		m = strdup(UNMASKABLE);
	return m;
}

/* mask_excerpt - buf (an excerpt) with the other values masked too */
static void
mask_excerpt(const struct lg_result *res, char *buf, size_t len)
{
	char *m = maskset_apply(&res->res_hits.values, buf);

	snprintf(buf, len, "%s", m ? m : UNMASKABLE);
	free(m);
}

/* add_rule_name - append a rule name to the comma list, once */
static void
add_rule_name(char *list, size_t len, const char *name)
{
	size_t nlen = strlen(name);
	const char *p = list;

	while ((p = strstr(p, name)) != NULL) {
		if ((p == list || p[-1] == ',') && (p[nlen] == ',' || p[nlen] == '\0'))
			return;
		p += nlen;
	}
	if (*list != '\0')
		strncat(list, ",", len - strlen(list) - 1);
	strncat(list, name, len - strlen(list) - 1);
}

/*
 * is_sensitive - does this hit need a verified recipient?  The rule or
 * detector says so for its hits; protect_customer_numbers adds customer
 * numbers.
 */
static bool
is_sensitive(const struct lg_config *cfg, const struct lg_hit *h)
{
	return h->hit_sensitive || (h->hit_kind == LG_KIND_CUSTOMER &&
	    cfg->cfg_protect_customer_numbers);
}

struct scan_ctx {
	const struct lg_runtime	*sc_rt;
	struct lg_result	*sc_res;
};

/* scan_window - the rules over one window of a text, as it is decoded */
static int
scan_window(void *arg, const struct lg_window *w)
{
	struct scan_ctx *sc = arg;

	if (rules_scan_range(sc->sc_rt->rt_rules, w->win_data, w->win_len,
	    w->win_from, w->win_until, w->win_base, w->win_source,
	    &sc->sc_res->res_hits) == -1)
		sc->sc_res->res_unscannable = true;
	/* The detector second: a value a rule reported is not reported again. */
	if (detect_scan_range(sc->sc_rt->rt_detect, w->win_data, w->win_len,
	    w->win_from, w->win_until, w->win_base, w->win_source,
	    &sc->sc_res->res_hits) == -1)
		sc->sc_res->res_unscannable = true;
	return 0;
}

/*
 * scan_message - run the rules over every text of the message; texts are
 * scanned window by window as they are decoded, none is kept whole
 */
static int
scan_message(const struct lg_runtime *rt, const struct lg_msg *msg,
    struct lg_result *res)
{
	const char *skip[] = { rt->rt_cfg->cfg_binding_header,
	    rt->rt_cfg->cfg_result_header, NULL };
	struct scan_ctx sc = { rt, res };
	struct content_attach ca = { .ca_extractor = rt->rt_extract,
	    .ca_opaque_pass = rt->rt_cfg->cfg_opaque_attachments ==
	    LG_OPAQUE_PASS };
	int rc;

	rc = content_scan(msg, skip, (unsigned)rt->rt_cfg->cfg_max_mime_depth,
	    &ca, scan_window, &sc, &res->res_unscannable);
	res->res_attachments = ca.ca_read;
	res->res_images = ca.ca_images;
	res->res_unreadable = ca.ca_unreadable;
	if (ca.ca_reason[0] != '\0')
		snprintf(res->res_unscannable_why, sizeof res->res_unscannable_why,
		    "attachment=%s %s", ca.ca_reason, ca.ca_part);
	return rc;
}

/* result_init - an empty result: no hits, directory not asked */
static void
result_init(struct lg_result *res)
{
	memset(res, 0, offsetof(struct lg_result, res_hits));
	hits_init(&res->res_hits);
	res->res_dir_status = LG_DIR_NOT_ASKED;
	res->res_dir_ms = -1;
	res->res_verdict.v_rcpt = -1;
}

/*
 * PIPELINE_SCAN -- the content half of the path: texts, rules, hits, and
 *	whether the mail is sensitive or unscannable; no directory.  Used by
 *	pipeline_judge and by "leakguardctl scan --batch".
 *	Return value: 0, or -1 when memory ran out.
 */
int
pipeline_scan(const struct lg_runtime *rt, const struct lg_msg *msg,
    struct lg_result *res)
{
	enum lg_hit_kind excerpt_kind = LG_KIND_COUNT;
	size_t i;
	int k;

	result_init(res);
	res->res_unscannable = msg->msg_oversize;
	if (scan_message(rt, msg, res) == -1)
		return -1;
	for (i = 0; i < res->res_hits.count; i++) {
		struct lg_hit *h = &res->res_hits.hits[i];

		mask_excerpt(res, h->hit_excerpt, sizeof h->hit_excerpt);

		add_rule_name(res->res_rules, sizeof res->res_rules, h->hit_name);
		if (!is_sensitive(rt->rt_cfg, h))
			continue;
		/* the excerpt shows the first secret; a customer number's only
		 * when there is no secret */
		if (!res->res_sensitive || (excerpt_kind == LG_KIND_CUSTOMER &&
		    h->hit_kind != LG_KIND_CUSTOMER)) {
			memcpy(res->res_excerpt, h->hit_excerpt, sizeof res->res_excerpt);
			excerpt_kind = h->hit_kind;
		}
		res->res_sensitive = true;
	}
	/* Past the listed hits: every rule, detector and kind still counts. */
	for (i = 0; i < res->res_hits.nnames; i++)
		add_rule_name(res->res_rules, sizeof res->res_rules,
		    res->res_hits.names[i]);
	if (res->res_hits.names_over)
		add_rule_name(res->res_rules, sizeof res->res_rules, "(more)");
	if (!res->res_sensitive) {
		unsigned sens = res->res_hits.sensitive_kinds;

		if (rt->rt_cfg->cfg_protect_customer_numbers)
			sens |= res->res_hits.kinds & (1u << LG_KIND_CUSTOMER);
		/* a secret's excerpt before a customer number's */
		for (k = 0; k < LG_KIND_COUNT && !res->res_sensitive; k++) {
			if (k == LG_KIND_CUSTOMER || (sens & (1u << k)) == 0)
				continue;
			res->res_sensitive = true;
			memcpy(res->res_excerpt, res->res_hits.kind_excerpt[k],
			    sizeof res->res_excerpt);
		}
		if (!res->res_sensitive &&
		    (sens & (1u << LG_KIND_CUSTOMER)) != 0) {
			res->res_sensitive = true;
			memcpy(res->res_excerpt,
			    res->res_hits.kind_excerpt[LG_KIND_CUSTOMER],
			    sizeof res->res_excerpt);
		}
	}
	return 0;
}

/*
 * PIPELINE_MASK -- a copy of text with every value the rules or the
 *	detector find in it masked as "****"; NULL when it cannot be masked
 *	(then nothing may be shown).
 */
char *
pipeline_mask(const struct lg_runtime *rt, const char *text)
{
	char *m = rules_mask(rt->rt_rules, text, strlen(text)), *m2;

	if (m == NULL || rt->rt_detect == NULL)
		return m;
	m2 = detect_mask(rt->rt_detect, m, strlen(m));
	free(m);
	return m2;
}

/*
 * PIPELINE_JUDGE -- judge one message.
 *	Parameters: rt (config, rules, directory), msg (collected message),
 *	res (filled in; release with pipeline_result_clear).
 *	Return value: 0, or -1 when memory ran out.
 */
int
pipeline_judge(const struct lg_runtime *rt, const struct lg_msg *msg,
    struct lg_result *res)
{
	const struct lg_config *cfg = rt->rt_cfg;
	struct lg_verdict_input vi;
	const char *subject;

	/* Scope first: mail that is not the confirmation systems' is not
	 * read, and nothing in it (a binding header) is honoured.  Nor is
	 * the daemon's own staff notice coming back (notice_token.c). */
	if (!scope_in(cfg, msg->msg_sender, msg->msg_client_addr,
	    msg->msg_auth_authen) ||
	    notice_token_take(message_header(msg, NOTICE_HEADER))) {
		result_init(res);
		res->res_verdict.v_action = LG_ACTION_PASS;
		res->res_verdict.v_reason = LG_REASON_OUT_OF_SCOPE;
		return 0;
	}
	if (pipeline_scan(rt, msg, res) == -1)
		return -1;

	/* The binding header counts only from a trusted source. */
	pipeline_trust(rt, msg, res);

	memset(&vi, 0, sizeof vi);
	vi.vi_sensitive = res->res_sensitive;
	vi.vi_unscannable = res->res_unscannable;
	vi.vi_unscannable_why = res->res_unscannable_why;
	vi.vi_rcpts = (const char *const *)msg->msg_rcpts;
	vi.vi_nrcpts = msg->msg_nrcpts;
	vi.vi_dir_status = LG_DIR_NOT_ASKED;
	/* A mail bound by a trusted header is checked whatever it carries: a
	 * wording no detector knows must not reach a namesake either. */
	vi.vi_verify_bound = cfg->cfg_verify_bound_mail &&
	    res->res_binding_trusted && res->res_binding_headers > 0;
	pipeline_policy(cfg, &vi);

	/* The fast path: no secret, not bound: nothing more to ask anyone. */
	if (!res->res_sensitive && !res->res_unscannable && !vi.vi_verify_bound) {
		verdict_decide(&vi, &res->res_verdict);
		return 0;
	}

	pipeline_bind(rt, msg, res);
	vi.vi_binding = &res->res_binding;
	if (res->res_binding.bind_state == LG_BIND_ONE && !res->res_unscannable)
		pipeline_ask_directory(rt, msg, res, &vi);
	verdict_decide(&vi, &res->res_verdict);

	/* Masked in decoded form: an encoded word can hide the PIN. */
	if ((subject = message_header(msg, "Subject")) != NULL) {
		char *text = content_header_text(subject);

		char *ruled = text ? pipeline_mask(rt, text) : NULL;

		/* and a value found elsewhere in the mail (the PIN in the
		 * body) masked here too */
		if (ruled != NULL)
			res->res_subject = maskset_apply(&res->res_hits.values,
			    ruled);
		free(ruled);
		free(text);
		if (res->res_subject == NULL)
			res->res_subject = strdup(UNMASKABLE);
	}
	return 0;
}

/*
 * PIPELINE_LOAD_DETECTOR -- the built-in detector as configured.
 *	Return value: 0 with *out set (NULL when "detector no"), or -1 with
 *	the reason in err (a dictionary that cannot be read, for one).
 */
int
pipeline_load_detector(const struct lg_config *cfg, struct lg_detector **out,
    char *err, size_t errlen)
{
	struct lg_detect_config dc = {
		.dc_languages = cfg->cfg_detector_languages,
		.dc_hunspell_dir = cfg->cfg_hunspell_dir,
		.dc_voikko_path = cfg->cfg_voikko_dir,
		.dc_min_digits = (unsigned)cfg->cfg_detector_min_digits,
		.dc_max_digits = (unsigned)cfg->cfg_detector_max_digits,
		.dc_min_length = (unsigned)cfg->cfg_detector_min_length,
		.dc_max_length = (unsigned)cfg->cfg_detector_max_length,
	};

	*out = NULL;
	if (!cfg->cfg_detector)
		return 0;
	return (*out = detect_new(&dc, err, errlen)) == NULL ? -1 : 0;
}

void
pipeline_result_clear(struct lg_result *res)
{
	hits_clear(&res->res_hits);
	pipeline_dir_clear(res);
	free(res->res_subject);
	res->res_subject = NULL;
}
