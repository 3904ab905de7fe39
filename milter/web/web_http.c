/*
 * web_http.c - leakguard-web's HTTP: routes, the session cookie, CSRF checks
 * on every POST (the session's token; on an action, the token bound to the
 * session and the one record its page showed), login rate limits, the
 * security headers on every response, and the actions handed to
 * web_action.c.  Pages are web_*.c's, sessions web_session.c's.
 */
#include <ctype.h>
#include <netinet/in.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "../directory.h"
#include "web.h"

#define FIELD_MAX	256

struct req {
	struct MHD_PostProcessor *rq_pp;
	char	rq_user[FIELD_MAX], rq_password[FIELD_MAX], rq_csrf[FIELD_MAX];
	char	rq_id[32], rq_action[16], rq_reason[2 * WEB_REASON_MAX];
	bool	rq_too_big;
};

static const char css[] =
    "body{font-family:sans-serif;margin:0;color:#222}"
    "header{background:#234;color:#fff;padding:.5em 1em;display:flex;"
    "justify-content:space-between;align-items:center}"
    "header h1{font-size:1.2em;margin:0}main{padding:1em}"
    "table{border-collapse:collapse;width:100%}"
    "td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left}"
    "th{background:#eef}label{display:block;margin:.4em 0}"
    ".filters label{display:inline-block;margin-right:1em}"
    ".error{color:#a00;font-weight:bold}button{padding:.3em 1em}"
    "header a{color:#fff;margin-right:1em}nav{flex:1;margin-left:2em}"
    ".flash{padding:.6em 1em;border-radius:4px;font-weight:bold}"
    ".flash.good{background:#dfd;border:1px solid #7b7}"
    ".flash.bad{background:#fdd;border:1px solid #c66}"
    ".help{color:#555}.total{margin-right:1em;font-weight:bold}"
    ".facts th{width:22em;background:#f4f4f8;vertical-align:top}"
    "td.bad,li.bad{color:#a00}td.good,li.good{color:#060}"
    ".dn{font-family:monospace;color:#555}.code{color:#777}"
    ".excerpt{font-family:monospace;white-space:pre-wrap}"
    ".why{background:#fff6e0;border:1px solid #e0c080;padding:.2em 1em;"
    "margin-bottom:1em}.decide{background:#f4f4f8;padding:1em;"
    "border:1px solid #ccd;max-width:50em}.decide textarea{display:block;"
    "width:100%}.buttons{margin-top:.6em}.buttons button{margin-right:1em;"
    "font-size:1.05em}button.go{background:#2a6;color:#fff;border:0}"
    "button.stop{background:#b33;color:#fff;border:0}.wait{color:#850}"
    "a.open{font-weight:bold}";

static const struct lg_config *config;
static struct lg_directory *directory;
static const char stale[] = "<!DOCTYPE html>\n<html lang=\"en\"><head>"
    "<meta charset=\"utf-8\"><title>Refused - leakguard</title><link "
    "rel=\"stylesheet\" href=\"/style.css\"></head><body><header><h1>"
    "leakguard: held mail review</h1></header><main><p class=\"flash bad\">"
    "Refused: this form is stale (you signed out, or the page is old) or "
    "was not sent by this site. Nothing was done.</p><p><a href=\"/\">Go "
    "to the held mail list</a> and try again from there.</p></main></body>"
    "</html>\n";

void web_http_init(const struct lg_config *, struct lg_directory *);

void
web_http_init(const struct lg_config *cfg, struct lg_directory *dir)
{
	config = cfg;
	directory = dir;
}

static enum MHD_Result
respond(struct MHD_Connection *c, unsigned status, const char *type,
    const char *body, size_t len, const struct web_session *set,
    const char *location)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len,
	    (void *)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;
	char cookie[160];

	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Content-Security-Policy",
	    "default-src 'none'; style-src 'self'; img-src 'self'; "
	    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	if (set != NULL) {
		snprintf(cookie, sizeof cookie, "lgsession=%s; HttpOnly; Secure; "
		    "SameSite=Strict; Path=/", set->ws_id);
		MHD_add_response_header(r, "Set-Cookie", cookie);
	}
	if (location != NULL)
		MHD_add_response_header(r, "Location", location);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
send_page(struct MHD_Connection *c, unsigned status, char *buf, size_t len,
    const struct web_session *set)
{
	enum MHD_Result ret = respond(c, status, "text/html; charset=utf-8", buf,
	    len, set, NULL);

	free(buf);
	return ret;
}

static enum MHD_Result
redirect(struct MHD_Connection *c, const char *to, const struct web_session *s)
{
	return respond(c, 303, "text/plain", "", 0, s, to);
}

static enum MHD_Result
field(void *cls, enum MHD_ValueKind kind, const char *key, const char *file,
    const char *type, const char *enc, const char *data, uint64_t off,
    size_t size)
{
	struct req *q = cls;
	size_t max = FIELD_MAX;
	char *to = NULL;

	(void)kind; (void)file; (void)type; (void)enc;
	if (strcmp(key, "user") == 0)
		to = q->rq_user;
	else if (strcmp(key, "password") == 0)
		to = q->rq_password;
	else if (strcmp(key, "csrf") == 0)
		to = q->rq_csrf;
	else if (strcmp(key, "id") == 0)
		to = q->rq_id, max = sizeof q->rq_id;
	else if (strcmp(key, "action") == 0)
		to = q->rq_action, max = sizeof q->rq_action;
	else if (strcmp(key, "reason") == 0)
		to = q->rq_reason, max = sizeof q->rq_reason;
	if (to == NULL)
		return MHD_YES;
	if (off + size >= max) {
		q->rq_too_big = true;
		return MHD_YES;
	}
	memcpy(to + off, data, size);
	to[off + size] = '\0';
	return MHD_YES;
}

static const char *
client_address(struct MHD_Connection *c, char *buf, size_t len)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr_in *sin;

	snprintf(buf, len, "addr:?");
	if (ci != NULL && ci->client_addr->sa_family == AF_INET) {
		sin = (const struct sockaddr_in *)(const void *)ci->client_addr;
		snprintf(buf, len, "addr:%u", (unsigned)sin->sin_addr.s_addr);
	}
	return buf;
}

static enum MHD_Result
login_page(struct MHD_Connection *c, struct web_session *s, unsigned status,
    const char *message)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (s == NULL && (s = web_session_new(time(NULL))) == NULL)
		return respond(c, 503, "text/plain", "busy\n", 5, NULL, NULL);
	if ((f = open_memstream(&buf, &len)) == NULL)
		return MHD_NO;
	web_page_login(f, s->ws_csrf, message);
	fclose(f);
	return send_page(c, status, buf, len, s);
}

static enum MHD_Result
do_login(struct MHD_Connection *c, struct web_session *s, struct req *q)
{
	char addr[64], ukey[FIELD_MAX + 8], err[256], dn[WEB_DN_MAX];
	time_t now = time(NULL);
	int rc;

	client_address(c, addr, sizeof addr);
	snprintf(ukey, sizeof ukey, "user:%s", q->rq_user);
	if (!web_rate_allowed(addr, now) || !web_rate_allowed(ukey, now)) {
		syslog(LOG_WARNING, "login refused: too many attempts");
		return login_page(c, s, 429, "Too many failed sign-ins. "
		    "Wait a quarter of an hour and try again.");
	}
	rc = web_login_check(config, q->rq_user, q->rq_password, dn, sizeof dn,
	    err, sizeof err);
	explicit_bzero(q->rq_password, sizeof q->rq_password);
	if (rc != 0) {
		web_rate_failed(addr, now);
		web_rate_failed(ukey, now);
		syslog(LOG_NOTICE, "login refused: %s", err);
		return login_page(c, s, rc == -1 ? 503 : 403, rc == -1 ?
		    "The directory cannot be reached; try again later." :
		    "Wrong user name or password, or not release staff.");
	}
	web_rate_reset(ukey, now);
	if (web_session_login(s, q->rq_user, dn, now) == -1)
		return MHD_NO;
	syslog(LOG_INFO, "login: %s", s->ws_login);
	return redirect(c, "/", s);
}

static enum MHD_Result
list_page(struct MHD_Connection *c, struct web_session *s)
{
	const char *reason = MHD_lookup_connection_value(c,
	    MHD_GET_ARGUMENT_KIND, "reason");
	const char *customer = MHD_lookup_connection_value(c,
	    MHD_GET_ARGUMENT_KIND, "customer");
	const char *hours = MHD_lookup_connection_value(c,
	    MHD_GET_ARGUMENT_KIND, "hours");
	long h = hours != NULL ? strtol(hours, NULL, 10) : 0;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if (h < 0 || h > 24L * 3650 || (customer != NULL &&
	    strlen(customer) > 64) || (reason != NULL && strlen(reason) > 64))
		return respond(c, 400, "text/plain", "bad filter\n", 11, NULL,
		    NULL);
	if ((f = open_memstream(&buf, &len)) == NULL)
		return MHD_NO;
	web_page_head(f, "Held mail", s->ws_login, s->ws_csrf);
	web_flash(f, s);
	rc = web_page_list(f, config, reason ? reason : "",
	    customer ? customer : "", h * 3600);
	if (rc == -1)
		fputs("<p class=\"error\">The store cannot be read.</p>", f);
	web_page_tail(f);
	fclose(f);
	return send_page(c, rc == -1 ? 503 : 200, buf, len, NULL);
}

/* id_arg - a record id: digits only, > 0; 0 when it is not one */
static long long
id_arg(const char *t)
{
	char *end;
	long long v;

	if (t == NULL || !isdigit((unsigned char)*t) || strlen(t) > 18)
		return 0;
	v = strtoll(t, &end, 10);
	return *end == '\0' && v > 0 ? v : 0;
}

/* page - a page made by fn for a signed-in session */
static enum MHD_Result
page(struct MHD_Connection *c, struct web_session *s, const char *title,
    long long id, bool audit)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return MHD_NO;
	web_page_head(f, title, s->ws_login, s->ws_csrf);
	web_flash(f, s);
	rc = audit ? web_page_audit(f, config, id) :
	    web_page_record(f, config, directory, s, id);
	if (rc == -1)
		fputs("<p class=\"error\">The store cannot be read.</p>", f);
	else if (rc == 1)
		fputs("<p class=\"error\">There is no such held mail.</p>", f);
	web_page_tail(f);
	fclose(f);
	return send_page(c, rc == -1 ? 503 : rc == 1 ? 404 : 200, buf, len,
	    NULL);
}

/* clean_reason - line breaks and tabs typed in the box become spaces;
 * false if the reason is blank or has any other control character */
static bool
clean_reason(char *r)
{
	bool seen = false;

	for (; *r != '\0'; r++) {
		if (*r == '\r' || *r == '\n' || *r == '\t')
			*r = ' ';
		if ((unsigned char)*r < 0x20 || *r == 0x7f)
			return false;
		if (*r != ' ')
			seen = true;
	}
	return seen;
}

/* do_action - release, approve or delete one record, through leakguardctl */
static enum MHD_Result
do_action(struct MHD_Connection *c, struct web_session *s, struct req *q)
{
	long long id = id_arg(q->rq_id);
	char tok[WEB_ID_HEX + 1], out[WEB_FLASH_MAX], *p, *line, to[64];
	const char *act = q->rq_action;
	int rc;

	/* the form's token is bound to this session and this record */
	if (id == 0 || web_record_token(s, id, tok) == -1 ||
	    !web_token_equal(q->rq_csrf, tok)) {
		syslog(LOG_WARNING, "action refused for %s: token not for "
		    "record %lld of this session", s->ws_login, id);
		return respond(c, 403, "text/html; charset=utf-8", stale, sizeof stale - 1,
		    NULL, NULL);
	}
	snprintf(to, sizeof to, "/record?id=%lld", id);
	if (strcmp(act, "release") != 0 && strcmp(act, "approve") != 0 &&
	    strcmp(act, "delete") != 0)
		return respond(c, 400, "text/plain", "no such action\n", 15,
		    NULL, NULL);
	s->ws_flash_bad = true;
	if (!clean_reason(q->rq_reason) ||
	    strlen(q->rq_reason) > WEB_REASON_MAX) {
		snprintf(s->ws_flash, sizeof s->ws_flash, "Nothing done: write "
		    "a reason (at most %d characters) first.", WEB_REASON_MAX);
		return redirect(c, to, NULL);
	}
	rc = web_action_run(config, act, id, s->ws_login, s->ws_dn,
	    q->rq_reason, out, sizeof out);
	syslog(rc == 0 ? LOG_INFO : LOG_WARNING, "%s record %lld by %s: %s",
	    act, id, s->ws_login, rc == 0 ? "done" : rc == 1 ? "refused" :
	    "leakguardctl could not be run");
	/* leakguardctl's last line says what happened, or why not */
	for (p = out + strlen(out); p > out && p[-1] == '\n'; p--)
		p[-1] = '\0';
	line = strrchr(out, '\n') != NULL ? strrchr(out, '\n') + 1 : out;
	if (strncmp(line, "leakguardctl: ", 14) == 0)
		line += 14;
	s->ws_flash_bad = rc != 0;
	if (rc == 0)
		snprintf(s->ws_flash, sizeof s->ws_flash, "%s", strcmp(act,
		    "release") == 0 ? "Released: the mail is on its way." :
		    strcmp(act, "approve") == 0 ? "Approved: another member of "
		    "the release staff can now release it." : "Deleted: the mail "
		    "will never be delivered.");
	else
		snprintf(s->ws_flash, sizeof s->ws_flash, "Not done: %.500s", line);
	return redirect(c, to, NULL);
}

enum MHD_Result web_handler(void *cls, struct MHD_Connection *c,
    const char *url, const char *method, const char *version,
    const char *data, size_t *size, void **ctx);

enum MHD_Result
web_handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data, size_t *size,
    void **ctx)
{
	struct req *q = *ctx;
	struct web_session *s;
	const char *id;
	bool post = strcmp(method, "POST") == 0;

	(void)cls; (void)version;
	if (q == NULL) {
		if ((q = calloc(1, sizeof *q)) == NULL)
			return MHD_NO;
		*ctx = q;
		if (post && (q->rq_pp = MHD_create_post_processor(c, 4096,
		    field, q)) == NULL)
			return respond(c, 415, "text/plain", "form expected\n", 14,
			    NULL, NULL);
		return MHD_YES;
	}
	if (*size > 0) {		/* a body only a POST form may have */
		if (post && q->rq_pp != NULL)
			MHD_post_process(q->rq_pp, data, *size);
		*size = 0;
		return MHD_YES;
	}
	id = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "lgsession");
	s = id != NULL ? web_session_find(id, time(NULL)) : NULL;
	if (strcmp(method, "GET") == 0 && strcmp(url, "/style.css") == 0)
		return respond(c, 200, "text/css", css, sizeof css - 1, NULL, NULL);
	if (!post && strcmp(method, "GET") != 0)
		return respond(c, 405, "text/plain", "no\n", 3, NULL, NULL);
	if (post && strcmp(url, "/action") == 0) {
		if (s == NULL || s->ws_login[0] == '\0' || q->rq_too_big) {
			syslog(LOG_WARNING, "POST %s refused: no session", url);
			return respond(c, 403, "text/html; charset=utf-8", stale,
			    sizeof stale - 1, NULL, NULL);
		}
		return do_action(c, s, q);
	}
	if (post) {
		/* every form carries the session's token: no token, no action */
		if (s == NULL || q->rq_too_big ||
		    !web_token_equal(q->rq_csrf, s->ws_csrf)) {
			syslog(LOG_WARNING, "POST %s refused: bad CSRF token", url);
			return respond(c, 403, "text/html; charset=utf-8", stale,
			    sizeof stale - 1, NULL, NULL);
		}
		if (strcmp(url, "/login") == 0)
			return do_login(c, s, q);
		if (strcmp(url, "/logout") == 0) {
			web_session_end(s);
			return redirect(c, "/login", NULL);
		}
		return respond(c, 404, "text/plain", "not found\n", 10, NULL, NULL);
	}
	if (strcmp(url, "/login") == 0)
		return login_page(c, s != NULL && s->ws_login[0] == '\0' ? s :
		    NULL, 200, NULL);
	if (s == NULL || s->ws_login[0] == '\0')
		return redirect(c, "/login", NULL);
	if (strcmp(url, "/") == 0)
		return list_page(c, s);
	if (strcmp(url, "/record") == 0) {
		long long rid = id_arg(MHD_lookup_connection_value(c,
		    MHD_GET_ARGUMENT_KIND, "id"));

		if (rid == 0)
			return respond(c, 404, "text/plain", "not found\n", 10,
			    NULL, NULL);
		return page(c, s, "Held mail", rid, false);
	}
	if (strcmp(url, "/audit") == 0)
		return page(c, s, "Audit trail", id_arg(MHD_lookup_connection_value(c,
		    MHD_GET_ARGUMENT_KIND, "record")), true);
	return respond(c, 404, "text/plain", "not found\n", 10, NULL, NULL);
}

void web_completed(void *cls, struct MHD_Connection *c, void **ctx,
    enum MHD_RequestTerminationCode code);

void
web_completed(void *cls, struct MHD_Connection *c, void **ctx,
    enum MHD_RequestTerminationCode code)
{
	struct req *q = *ctx;

	(void)cls; (void)c; (void)code;
	if (q == NULL)
		return;
	if (q->rq_pp != NULL)
		MHD_destroy_post_processor(q->rq_pp);
	explicit_bzero(q, sizeof *q);
	free(q);
	*ctx = NULL;
}
