/*
 * web.h - leakguard-web, the review page for release staff: what its parts
 * share.  Sessions, CSRF and record tokens and rate limits (web_session.c)
 * are pure; the directory login (web_login.c), the read-only store pages
 * (web_pages.c, web_list.c, web_record.c, web_audit.c), the one
 * privileged path (web_action.c: sudo leakguardctl web-action) and HTTP
 * (web_http.c) are thin adapters; web_main.c starts it and drops root.
 */
#ifndef LG_WEB_H
#define LG_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <sqlite3.h>

#include "../config.h"

#define WEB_ID_HEX	64		/* 256 random bits, hex */
#define WEB_LOGIN_MAX	64
#define WEB_SESSIONS	256
#define WEB_DN_MAX	400
#define WEB_REASON_MAX	500		/* as leakguardctl web-action takes */
#define WEB_FLASH_MAX	600

struct lg_directory;

struct web_session {
	char	ws_id[WEB_ID_HEX + 1];
	char	ws_csrf[WEB_ID_HEX + 1];
	char	ws_login[WEB_LOGIN_MAX];	/* "": not logged in yet */
	char	ws_dn[WEB_DN_MAX];		/* the login's directory entry */
	char	ws_flash[WEB_FLASH_MAX];	/* the last action's outcome */
	bool	ws_flash_bad;
	time_t	ws_created, ws_used;
	bool	ws_live;
};

/* web_session.c */
int web_random_hex(char out[WEB_ID_HEX + 1]);
bool web_token_equal(const char *a, const char *b);
void web_sessions_init(long idle, long max);
struct web_session *web_session_new(time_t now);
struct web_session *web_session_find(const char *id, time_t now);
int web_session_login(struct web_session *, const char *login,
    const char *dn, time_t now);
/* the token an action form on record id's page carries: bound to the
 * session and to that one record */
int web_record_token(const struct web_session *, long long id,
    char out[WEB_ID_HEX + 1]);
void web_session_end(struct web_session *);
/* rate limits: true when another attempt for key is allowed now */
bool web_rate_allowed(const char *key, time_t now);
void web_rate_failed(const char *key, time_t now);
void web_rate_reset(const char *key, time_t now);

/* web_login.c: 0 staff member, 1 refused, -1 directory error */
int web_login_check(const struct lg_config *, const char *login,
    const char *password, char *dn, size_t dnlen, char *err, size_t errlen);

/* web_action.c: 0 done, 1 refused (out says why), -1 could not ask */
int web_action_run(const struct lg_config *, const char *action,
    long long id, const char *login, const char *dn, const char *reason,
    char *out, size_t outlen);

/* web_pages.c: write a page body to f; the caller wraps it */
void web_html(FILE *f, const char *text);
void web_page_head(FILE *f, const char *title, const char *login,
    const char *csrf);
void web_page_tail(FILE *f);
void web_page_login(FILE *f, const char *csrf, const char *message);
void web_flash(FILE *f, struct web_session *);
void web_time(FILE *f, const char *iso);
const char *web_time_text(const char *iso, char buf[32]);
/* web_list.c, web_record.c, web_audit.c: 0 shown, 1 no such record, -1 */
int web_page_list(FILE *f, const struct lg_config *, const char *reason,
    const char *customer, long max_age);
int web_page_record(FILE *f, const struct lg_config *, struct lg_directory *,
    const struct web_session *, long long id);
int web_page_audit(FILE *f, const struct lg_config *, long long record);
const char *web_reason_text(const char *reason);
sqlite3 *web_store_open(const struct lg_config *);

#endif
