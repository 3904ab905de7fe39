/*
 * callbacks.c - libmilter callbacks.  They collect the envelope, headers and
 * body into a message, hand it to the pipeline at end of message, and carry
 * out the verdict: result header, binding header removal, smfi_quarantine
 * (Postfix's hold queue) with a store row, or a 4xx reply.  No policy lives
 * here.
 *
 * Only the steps leakguard needs are negotiated, with "no reply" for all of
 * them but end of message: each round trip costs Postfix throughput.  That
 * means a failure while collecting cannot be answered at once; it is
 * remembered and answered at end of message with a tempfail.
 *
 * A callback never exits the process: anything unexpected is logged as an
 * internal error and the mail is tempfailed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <libmilter/mfapi.h>

#include "buf.h"
#include "callbacks.h"
#include "control.h"
#include "log.h"
#include "maskset.h"
#include "notify.h"
#include "pipeline_dir.h"
#include "rcpt_tags.h"
#include "reload.h"

#define WANT_ACTIONS	(SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE)
#define WANT_STEPS	(SMFIP_NOHELO | SMFIP_NODATA | SMFIP_NOUNKNOWN | \
			 SMFIP_NOEOH)
#define WANT_NOREPLY	(SMFIP_NR_CONN | SMFIP_NR_MAIL | SMFIP_NR_RCPT | \
			 SMFIP_NR_HDR | SMFIP_NR_BODY)
#define LOG_FIELD_MAX	256	/* one logged field from the network */

struct lg_conn {
	unsigned long	 conn_proto;	/* negotiated SMFIP_* flags */
	char		*conn_client;	/* client IP address, text */
	struct lg_msg	*conn_msg;	/* current message, or NULL */
	int		 conn_failed;	/* collecting failed: tempfail at EOM */
	unsigned	 conn_nbinding;	/* binding header instances */
	unsigned	 conn_nresult;	/* result header instances */
	/* the configuration this mail started with (reload.c), or NULL */
	struct lg_gen	*conn_gen;
	const struct lg_runtime *conn_rt;
};

static struct lg_store *cb_store;
static const char *cb_host;

/*
 * callbacks_init - what every callback needs, set once before smfi_main;
 * the configuration comes from reload.c, one reference per mail.
 */
void
callbacks_init(struct lg_store *store, const char *host)
{
	cb_store = store;
	cb_host = host;
}

/* step_reply - the reply for a collecting step: none if NR was negotiated */
static sfsistat
step_reply(struct lg_conn *c, unsigned long nrflag)
{
	return (c->conn_proto & nrflag) ? SMFIS_NOREPLY : SMFIS_CONTINUE;
}

static void
conn_message_end(struct lg_conn *c)
{
	message_free(c->conn_msg);
	c->conn_msg = NULL;
	reload_release(c->conn_gen);
	c->conn_gen = NULL;
	c->conn_rt = NULL;
	c->conn_failed = 0;
	c->conn_nbinding = 0;
	c->conn_nresult = 0;
}

static sfsistat
mlfi_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
    unsigned long f2, unsigned long f3, unsigned long *pf0, unsigned long *pf1,
    unsigned long *pf2, unsigned long *pf3)
{
	struct lg_conn *c;

	(void)f2;
	(void)f3;
	if ((f0 & WANT_ACTIONS) != WANT_ACTIONS) {
		log_warnx("MTA does not offer header changes and quarantine "
		    "(actions 0x%lx): refusing the connection", f0);
		return SMFIS_REJECT;
	}
	if ((c = calloc(1, sizeof *c)) == NULL) {
		log_warnx("internal error: out of memory at negotiate");
		return SMFIS_TEMPFAIL;
	}
	c->conn_proto = (WANT_STEPS | WANT_NOREPLY) & f1;
	*pf0 = WANT_ACTIONS;
	*pf1 = c->conn_proto;
	*pf2 = 0;
	*pf3 = 0;
	smfi_setpriv(ctx, c);
	return SMFIS_CONTINUE;
}

static sfsistat
mlfi_connect(SMFICTX *ctx, char *hostname, _SOCK_ADDR *sa)
{
	struct lg_conn *c = smfi_getpriv(ctx);
	char addr[INET6_ADDRSTRLEN] = "";

	(void)hostname;
	if (c == NULL)
		return SMFIS_TEMPFAIL;
	if (sa != NULL && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)sa)->sin_addr,
		    addr, sizeof addr);
	else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)sa)->sin6_addr,
		    addr, sizeof addr);
	if (addr[0] != '\0' && message_set(&c->conn_client, addr) == -1)
		c->conn_failed = 1;
	return step_reply(c, SMFIP_NR_CONN);
}

static sfsistat
mlfi_envfrom(SMFICTX *ctx, char **argv)
{
	struct lg_conn *c = smfi_getpriv(ctx);
	const char *auth;

	if (c == NULL)
		return SMFIS_TEMPFAIL;
	conn_message_end(c);
	c->conn_rt = reload_acquire(&c->conn_gen);
	log_debug("MAIL FROM: configuration generation %lu",
	    reload_generation(c->conn_gen));
	c->conn_msg = message_new(c->conn_rt->rt_cfg->cfg_max_scan_size);
	if (c->conn_msg == NULL ||
	    message_set_address(&c->conn_msg->msg_sender, argv[0]) == -1 ||
	    message_set(&c->conn_msg->msg_client_addr, c->conn_client) == -1) {
		c->conn_failed = 1;
		return step_reply(c, SMFIP_NR_MAIL);
	}
	if ((auth = smfi_getsymval(ctx, "{auth_authen}")) != NULL &&
	    message_set(&c->conn_msg->msg_auth_authen, auth) == -1)
		c->conn_failed = 1;
	return step_reply(c, SMFIP_NR_MAIL);
}

static sfsistat
mlfi_envrcpt(SMFICTX *ctx, char **argv)
{
	struct lg_conn *c = smfi_getpriv(ctx);

	if (c == NULL)
		return SMFIS_TEMPFAIL;
	if (c->conn_msg == NULL || message_add_rcpt(c->conn_msg, argv[0]) == -1)
		c->conn_failed = 1;
	return step_reply(c, SMFIP_NR_RCPT);
}

static sfsistat
mlfi_header(SMFICTX *ctx, char *name, char *value)
{
	struct lg_conn *c = smfi_getpriv(ctx);
	const struct lg_config *cfg;

	if (c == NULL)
		return SMFIS_TEMPFAIL;
	if (c->conn_rt == NULL) {	/* no MAIL FROM seen */
		c->conn_failed = 1;
		return step_reply(c, SMFIP_NR_HDR);
	}
	cfg = c->conn_rt->rt_cfg;
	if (strcasecmp(name, cfg->cfg_binding_header) == 0)
		c->conn_nbinding++;
	else if (strcasecmp(name, cfg->cfg_result_header) == 0)
		c->conn_nresult++;
	if (c->conn_msg == NULL ||
	    message_add_header(c->conn_msg, name, value) == -1)
		c->conn_failed = 1;
	return step_reply(c, SMFIP_NR_HDR);
}

static sfsistat
mlfi_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
	struct lg_conn *c = smfi_getpriv(ctx);

	if (c == NULL)
		return SMFIS_TEMPFAIL;
	if (c->conn_msg == NULL || message_add_body(c->conn_msg, chunk, len) == -1)
		c->conn_failed = 1;
	return step_reply(c, SMFIP_NR_BODY);
}

/* join_list - "a,b,c" (or "<a>,<b>") of a string array, malloc'd */
static char *
join_list(char *const *list, size_t n, bool brackets)
{
	size_t len = 1, i;
	char *s;

	for (i = 0; i < n; i++)
		len += strlen(list[i]) + 3;
	if ((s = malloc(len)) == NULL)
		return NULL;
	*s = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(s, ",");
		strcat(s, brackets ? "<" : "");
		strcat(s, list[i]);
		strcat(s, brackets ? ">" : "");
	}
	return s;
}

/* log_decision - the one log line per judged mail; never a secret */
static void
log_decision(const char *qid, const struct lg_msg *m,
    const struct lg_result *res, const char *action)
{
	char from[LOG_FIELD_MAX], rcpt[LOG_FIELD_MAX], cust[LOG_FIELD_MAX];
	char rules[LOG_FIELD_MAX], details[LOG_FIELD_MAX], sasl[LOG_FIELD_MAX];
	char client[64], dirtime[32] = "", attach[96] = "";
	char *joined = join_list(m->msg_rcpts, m->msg_nrcpts, true);
	/* a value the rules found is masked in the addresses too */
	char *rcpts = pipeline_masked(res, joined);
	char *sender = pipeline_masked(res, m->msg_sender);

	if (res->res_dir_ms >= 0)
		snprintf(dirtime, sizeof dirtime, " dir_time=%ld.%03lds",
		    res->res_dir_ms / 1000, res->res_dir_ms % 1000);
	if (res->res_attachments || res->res_images || res->res_unreadable)
		snprintf(attach, sizeof attach, " attachments=%u images=%u "
		    "unreadable=%u", res->res_attachments, res->res_images,
		    res->res_unreadable);
	log_info("%s: action=%s reason=%s rules=%s customer=%s from=<%s> "
	    "rcpt=%s client=%s%s%s%s%s%s%s%s%s%s", qid, action,
	    lg_reason_name(res->res_verdict.v_reason),
	    res->res_rules[0] ? log_printable(rules, sizeof rules, res->res_rules) : "-",
	    res->res_binding.bind_state == LG_BIND_NONE ? "-" :
	    log_printable(cust, sizeof cust, res->res_binding.bind_id),
	    log_printable(from, sizeof from, sender ? sender : "?"),
	    log_printable(rcpt, sizeof rcpt, rcpts ? rcpts : "?"),
	    log_printable(client, sizeof client, m->msg_client_addr),
	    m->msg_auth_authen ? " sasl=" : "",
	    m->msg_auth_authen ? log_printable(sasl, sizeof sasl,
	    m->msg_auth_authen) : "",
	    res->res_binding_headers && !res->res_binding_trusted ?
	    " binding_header=ignored_untrusted_client" : "",
	    res->res_verdict.v_details[0] ? " details=" : "",
	    res->res_verdict.v_details[0] ? log_printable(details, sizeof details,
	    res->res_verdict.v_details) : "",
	    dirtime, res->res_error[0] ? " error=" : "", res->res_error, attach);
	free(rcpts);
	free(joined);
	free(sender);
}

/* record_tags - each recipient tagged as the directory answered (JSON) */
static char *
record_tags(const struct lg_config *cfg, const struct lg_msg *m,
    const struct lg_result *res)
{
	struct lg_verdict_input vi = { 0 };

	pipeline_policy(cfg, &vi);
	return rcpt_tags_json(m->msg_rcpts, m->msg_nrcpts,
	    (const char *const *)res->res_record.rec_addrs,
	    res->res_record.rec_naddrs, res->res_record.rec_dn,
	    res->res_nowners == m->msg_nrcpts ? res->res_owners : NULL,
	    &vi.vi_address_policy);
}

/* record_decision - store row for a hold; -1 when the store failed */
static int
record_decision(const struct lg_config *cfg, const char *qid,
    const struct lg_msg *m, const struct lg_result *res, const char *action,
    const char *status)
{
	char err[256];
	char *joined = join_list(m->msg_rcpts, m->msg_nrcpts, false);
	char *expected = join_list(res->res_record.rec_addrs,
	    res->res_record.rec_naddrs, false);
	/* what the mail says about itself, with every value the rules
	 * found anywhere in it masked (a PIN in the Message-ID) */
	char *rcpts = pipeline_masked(res, joined);
	char *mid = pipeline_masked(res, message_header(m, "Message-ID"));
	char *sender = pipeline_masked(res, m->msg_sender);
	char *tags_raw = record_tags(cfg, m, res);
	/* the tags name the recipients too: masked alike; when that cannot
	 * be done, no tags rather than a secret (the report says unknown) */
	char *tags = tags_raw ? maskset_apply(&res->res_hits.values, tags_raw) :
	    NULL;
	struct lg_store_row row = {
		.row_host = cb_host,
		.row_queue_id = qid,
		.row_message_id = mid,
		.row_sender = sender,
		.row_recipients = rcpts,
		.row_customer_id = res->res_binding.bind_state != LG_BIND_NONE ?
		    res->res_binding.bind_id : NULL,
		.row_customer_name = res->res_record.rec_name,
		.row_expected = expected,
		.row_action = action,
		.row_reason = lg_reason_name(res->res_verdict.v_reason),
		.row_rules = res->res_rules,
		.row_excerpt = res->res_excerpt,
		.row_subject = res->res_subject,
		.row_details = res->res_verdict.v_details[0] ?
		    res->res_verdict.v_details : NULL,
		.row_status = status,
		.row_client = m->msg_client_addr,
		.row_sasl_login = m->msg_auth_authen,
		.row_recipient_tags = tags,
	};
	int64_t id;
	int rc = 0;

	if (tags_raw != NULL && tags == NULL)
		tags = strdup("[]");
	if (rcpts == NULL || expected == NULL || tags == NULL ||
	    store_record_decision(cb_store, &row, &id, err, sizeof err) == -1) {
		log_warnx("%s: store: %s", qid, rcpts && expected && tags ?
		    err : "out of memory");
		rc = -1;
	} else
		notify_held(&row, id);	/* staff told, masked, in a batch */
	free(tags);
	free(tags_raw);
	free(rcpts);
	free(joined);
	free(mid);
	free(sender);
	free(expected);
	return rc;
}

/* strip_headers - delete every instance of name, last first */
static void
strip_headers(SMFICTX *ctx, const char *name, unsigned count)
{
	while (count > 0)
		smfi_chgheader(ctx, (char *)name, (int)count--, NULL);
}

/* tempfail - a 4xx answer; the client keeps the mail and retries */
static sfsistat
tempfail(SMFICTX *ctx, const char *why)
{
	smfi_setreply(ctx, "451", "4.7.1", (char *)why);
	return SMFIS_TEMPFAIL;
}

/* act - carry out the verdict for the mail in c */
static sfsistat
act(SMFICTX *ctx, struct lg_conn *c, const char *qid, struct lg_result *res)
{
	const struct lg_config *cfg = c->conn_rt->rt_cfg;
	const struct lg_verdict *v = &res->res_verdict;
	bool monitor = cfg->cfg_mode == LG_MODE_MONITOR;
	char header[128];

	strip_headers(ctx, cfg->cfg_binding_header, c->conn_nbinding);
	strip_headers(ctx, cfg->cfg_result_header, c->conn_nresult);
	/* No secret, or out of scope: nothing added, nothing kept of ours */
	if (v->v_action == LG_ACTION_PASS && (v->v_reason == LG_REASON_NO_SECRET ||
	    v->v_reason == LG_REASON_OUT_OF_SCOPE)) {
		/* logged when something was noteworthy: a binding header,
		   attachments read, images or unreadable parts let pass */
		if (c->conn_nbinding > 0 || res->res_attachments ||
		    res->res_images || res->res_unreadable)
			log_decision(qid, c->conn_msg, res, "pass");
		return SMFIS_ACCEPT;
	}
	switch (v->v_action) {
	case LG_ACTION_PASS:
		log_decision(qid, c->conn_msg, res, "pass");
		snprintf(header, sizeof header, "pass reason=%s",
		    lg_reason_name(v->v_reason));
		smfi_addheader(ctx, cfg->cfg_result_header, header);
		return SMFIS_ACCEPT;
	case LG_ACTION_HOLD:
		if (monitor) {
			log_decision(qid, c->conn_msg, res, "monitor-hold");
			if (record_decision(cfg, qid, c->conn_msg, res, "monitor",
			    "monitored") == -1)
				log_warnx("%s: monitor mode: passing unrecorded", qid);
			snprintf(header, sizeof header, "pass reason=%s "
			    "(monitor: would hold)", lg_reason_name(v->v_reason));
			smfi_addheader(ctx, cfg->cfg_result_header, header);
			return SMFIS_ACCEPT;
		}
		if (record_decision(cfg, qid, c->conn_msg, res, "hold", "held") == -1) {
			log_decision(qid, c->conn_msg, res, "tempfail");
			return tempfail(ctx, "leakguard: quarantine store "
			    "unavailable, try again later");
		}
		snprintf(header, sizeof header, "hold reason=%s",
		    lg_reason_name(v->v_reason));
		if (smfi_quarantine(ctx, header) != MI_SUCCESS) {
			log_warnx("%s: smfi_quarantine failed", qid);
			return tempfail(ctx, "leakguard: internal error");
		}
		log_decision(qid, c->conn_msg, res, "hold");
		smfi_addheader(ctx, cfg->cfg_result_header, header);
		return SMFIS_ACCEPT;
	case LG_ACTION_TEMPFAIL:
	default:
		log_decision(qid, c->conn_msg, res, monitor ? "monitor-tempfail" :
		    "tempfail");
		if (monitor)
			return SMFIS_ACCEPT;
		return tempfail(ctx, "leakguard: customer directory unavailable, "
		    "try again later");
	}
}

/* stats_count - one judged mail into the counters leakguardctl stats reads */
static void
stats_count(const struct lg_msg *m, const struct lg_result *res,
    const struct timespec *t0)
{
	struct timespec t1;
	long us;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	us = (t1.tv_sec - t0->tv_sec) * 1000000L +
	    (t1.tv_nsec - t0->tv_nsec) / 1000;
	stats_decision(&control_stats, res->res_verdict.v_action,
	    res->res_verdict.v_reason, m->msg_header_bytes +
	    (m->msg_body ? m->msg_body->buf_len : 0), us < 0 ? 0 : (unsigned long)us);
	if (res->res_dir_status == LG_DIR_ERROR)
		atomic_fetch_add(&control_stats.st_dir_errors, 1);
}

static sfsistat
mlfi_eom(SMFICTX *ctx)
{
	struct lg_conn *c = smfi_getpriv(ctx);
	struct lg_result res;
	const char *qid;
	char qidbuf[64];
	struct timespec t0;
	sfsistat rc;

	if (c == NULL)
		return SMFIS_TEMPFAIL;
	memset(&res, 0, sizeof res);
	qid = smfi_getsymval(ctx, "i");
	log_printable(qidbuf, sizeof qidbuf, qid ? qid : "NOQUEUE");
	if (c->conn_failed || c->conn_msg == NULL || c->conn_rt == NULL) {
		log_warnx("%s: internal error: out of memory while collecting "
		    "the message: tempfail", qidbuf);
		conn_message_end(c);
		return tempfail(ctx, "leakguard: internal error, try again later");
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (message_set(&c->conn_msg->msg_queue_id, qidbuf) == -1 ||
	    pipeline_judge(c->conn_rt, c->conn_msg, &res) == -1) {
		log_warnx("%s: internal error: out of memory judging the message: "
		    "tempfail", qidbuf);
		pipeline_result_clear(&res);
		conn_message_end(c);
		return tempfail(ctx, "leakguard: internal error, try again later");
	}
	rc = act(ctx, c, qidbuf, &res);
	stats_count(c->conn_msg, &res, &t0);
	pipeline_result_clear(&res);
	conn_message_end(c);
	return rc;
}

static sfsistat
mlfi_abort(SMFICTX *ctx)
{
	struct lg_conn *c = smfi_getpriv(ctx);

	if (c != NULL)
		conn_message_end(c);
	return SMFIS_CONTINUE;
}

static sfsistat
mlfi_close(SMFICTX *ctx)
{
	struct lg_conn *c = smfi_getpriv(ctx);

	if (c != NULL) {
		conn_message_end(c);
		free(c->conn_client);
		free(c);
		smfi_setpriv(ctx, NULL);
	}
	return SMFIS_CONTINUE;
}

struct smfiDesc callbacks_desc = {
	.xxfi_name = "leakguard",
	.xxfi_version = SMFI_VERSION,
	.xxfi_flags = WANT_ACTIONS,
	.xxfi_connect = mlfi_connect,
	.xxfi_envfrom = mlfi_envfrom,
	.xxfi_envrcpt = mlfi_envrcpt,
	.xxfi_header = mlfi_header,
	.xxfi_body = mlfi_body,
	.xxfi_eom = mlfi_eom,
	.xxfi_abort = mlfi_abort,
	.xxfi_close = mlfi_close,
	.xxfi_negotiate = mlfi_negotiate,
};
