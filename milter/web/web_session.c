/*
 * web_session.c - leakguard-web's sessions, CSRF tokens and login rate
 * limits, in memory: pure bookkeeping (no HTTP, no LDAP).  Ids and tokens
 * are 256 random bits from getrandom(2); comparisons take constant time.
 * Callers are serialised (libmicrohttpd's single polling thread).
 */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "web.h"

static struct web_session sessions[WEB_SESSIONS];
static long idle_limit = 900, max_limit = 28800;

#define RATE_SLOTS	512
#define RATE_WINDOW	900		/* seconds */
#define RATE_FAILURES	5		/* allowed per window and key */

static struct rate_slot {
	char	rs_key[96];
	time_t	rs_start;
	int	rs_failures;
} rates[RATE_SLOTS];

int
web_random_hex(char out[WEB_ID_HEX + 1])
{
	unsigned char b[WEB_ID_HEX / 2];
	size_t i;

	if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
		return -1;
	for (i = 0; i < sizeof b; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	OPENSSL_cleanse(b, sizeof b);
	return 0;
}

bool
web_token_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL || strlen(a) != WEB_ID_HEX ||
	    strlen(b) != WEB_ID_HEX)
		return false;
	return CRYPTO_memcmp(a, b, WEB_ID_HEX) == 0;
}

void
web_sessions_init(long idle, long max)
{
	idle_limit = idle;
	max_limit = max;
}

static bool
expired(const struct web_session *s, time_t now)
{
	return now - s->ws_used > idle_limit || now - s->ws_created > max_limit;
}

struct web_session *
web_session_new(time_t now)
{
	struct web_session *s = NULL, *oldest = NULL;
	size_t i;

	for (i = 0; i < WEB_SESSIONS; i++) {
		if (!sessions[i].ws_live || expired(&sessions[i], now)) {
			s = &sessions[i];
			break;
		}
		/* full: the oldest not-logged-in session makes room */
		if (sessions[i].ws_login[0] == '\0' && (oldest == NULL ||
		    sessions[i].ws_used < oldest->ws_used))
			oldest = &sessions[i];
	}
	if (s == NULL && (s = oldest) == NULL)
		return NULL;
	web_session_end(s);
	if (web_random_hex(s->ws_id) == -1 || web_random_hex(s->ws_csrf) == -1)
		return NULL;
	s->ws_created = s->ws_used = now;
	s->ws_live = true;
	return s;
}

struct web_session *
web_session_find(const char *id, time_t now)
{
	size_t i;

	for (i = 0; i < WEB_SESSIONS; i++) {
		struct web_session *s = &sessions[i];

		if (!s->ws_live || !web_token_equal(s->ws_id, id))
			continue;
		if (expired(s, now)) {
			web_session_end(s);
			return NULL;
		}
		s->ws_used = now;
		return s;
	}
	return NULL;
}

/* web_session_login - a fresh id and token for the logged-in session */
int
web_session_login(struct web_session *s, const char *login, const char *dn,
    time_t now)
{
	if (strlen(login) >= sizeof s->ws_login || strlen(dn) >= sizeof s->ws_dn ||
	    web_random_hex(s->ws_id) == -1 || web_random_hex(s->ws_csrf) == -1)
		return -1;
	strcpy(s->ws_login, login);
	strcpy(s->ws_dn, dn);
	s->ws_created = s->ws_used = now;
	return 0;
}

/*
 * WEB_RECORD_TOKEN -- HMAC-SHA256(session CSRF token, "record:ID") in hex:
 *	a form for one record carries it, so a POST naming another record
 *	(one this session was never shown), or replayed in another session,
 *	does not match.  Return value: 0, or -1 when libcrypto failed.
 */
int
web_record_token(const struct web_session *s, long long id,
    char out[WEB_ID_HEX + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;
	char msg[64];

	snprintf(msg, sizeof msg, "record:%lld", id);
	if (HMAC(EVP_sha256(), s->ws_csrf, WEB_ID_HEX, (unsigned char *)msg,
	    strlen(msg), md, &len) == NULL || len * 2 != WEB_ID_HEX)
		return -1;
	for (i = 0; i < len; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return 0;
}

void
web_session_end(struct web_session *s)
{
	OPENSSL_cleanse(s, sizeof *s);
	s->ws_live = false;
}

static struct rate_slot *
rate_slot(const char *key, time_t now, bool make)
{
	struct rate_slot *free_slot = NULL;
	size_t i;

	for (i = 0; i < RATE_SLOTS; i++) {
		struct rate_slot *r = &rates[i];

		if (r->rs_key[0] != '\0' && now - r->rs_start > RATE_WINDOW)
			r->rs_key[0] = '\0';
		if (r->rs_key[0] == '\0') {
			if (free_slot == NULL)
				free_slot = r;
			continue;
		}
		if (strcmp(r->rs_key, key) == 0)
			return r;
	}
	if (!make)
		return NULL;
	if (free_slot == NULL)	/* table full: the first slot is reused */
		free_slot = &rates[now % RATE_SLOTS];
	snprintf(free_slot->rs_key, sizeof free_slot->rs_key, "%s", key);
	free_slot->rs_start = now;
	free_slot->rs_failures = 0;
	return free_slot;
}

bool
web_rate_allowed(const char *key, time_t now)
{
	struct rate_slot *r = rate_slot(key, now, false);

	return r == NULL || r->rs_failures < RATE_FAILURES;
}

void
web_rate_failed(const char *key, time_t now)
{
	struct rate_slot *r = rate_slot(key, now, true);

	r->rs_failures++;
}

void
web_rate_reset(const char *key, time_t now)
{
	struct rate_slot *r = rate_slot(key, now, false);

	if (r != NULL)
		r->rs_key[0] = '\0';
}
