/*
 * web_http.c - leakguard-web's HTTP: routes, the session cookie, CSRF checks
 * on every POST, login rate limits, and the security headers on every
 * response.  Pages are web_pages.c's, sessions web_session.c's.
 */
#include <netinet/in.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include "web.h"

#define FIELD_MAX	256

struct req {
	struct MHD_PostProcessor *rq_pp;
	char	rq_user[FIELD_MAX], rq_password[FIELD_MAX], rq_csrf[FIELD_MAX];
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
    ".error{color:#a00;font-weight:bold}button{padding:.3em 1em}";

static const struct lg_config *config;
static const char stale[] = "Refused: this form is stale or was not sent by "
    "this site. Go back, reload and try again.\n";

void web_http_init(const struct lg_config *);

void
web_http_init(const struct lg_config *cfg)
{
	config = cfg;
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
	char *to = NULL;

	(void)kind; (void)file; (void)type; (void)enc;
	if (strcmp(key, "user") == 0)
		to = q->rq_user;
	else if (strcmp(key, "password") == 0)
		to = q->rq_password;
	else if (strcmp(key, "csrf") == 0)
		to = q->rq_csrf;
	if (to == NULL)
		return MHD_YES;
	if (off + size >= FIELD_MAX) {
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
	char addr[64], ukey[FIELD_MAX + 8], err[256];
	time_t now = time(NULL);
	int rc;

	client_address(c, addr, sizeof addr);
	snprintf(ukey, sizeof ukey, "user:%s", q->rq_user);
	if (!web_rate_allowed(addr, now) || !web_rate_allowed(ukey, now)) {
		syslog(LOG_WARNING, "login refused: too many attempts");
		return login_page(c, s, 429, "Too many failed sign-ins. "
		    "Wait a quarter of an hour and try again.");
	}
	rc = web_login_check(config, q->rq_user, q->rq_password, err,
	    sizeof err);
	explicit_bzero(q->rq_password, sizeof q->rq_password);
	if (rc != 0) {
		web_rate_failed(addr, now);
		web_rate_failed(ukey, now);
		syslog(LOG_NOTICE, "login refused: %s", err);
		return login_page(c, s, rc == -1 ? 503 : 403, rc == -1 ?
		    "The directory cannot be reached; try again later." :
		    "Wrong user name or password, or not release staff.");
	}
	web_rate_reset(ukey);
	if (web_session_login(s, q->rq_user, now) == -1)
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

	if (h < 0 || h > 24L * 3650)
		h = 0;
	if ((f = open_memstream(&buf, &len)) == NULL)
		return MHD_NO;
	web_page_head(f, "Held mail", s->ws_login, s->ws_csrf);
	rc = web_page_list(f, config, reason ? reason : "",
	    customer ? customer : "", h * 3600);
	if (rc == -1)
		fputs("<p class=\"error\">The store cannot be read.</p>", f);
	web_page_tail(f);
	fclose(f);
	return send_page(c, rc == -1 ? 503 : 200, buf, len, NULL);
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
	if (post) {
		/* every form carries the session's token: no token, no action */
		if (s == NULL || q->rq_too_big ||
		    !web_token_equal(q->rq_csrf, s->ws_csrf)) {
			syslog(LOG_WARNING, "POST %s refused: bad CSRF token", url);
			return respond(c, 403, "text/plain", stale,
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
