/*
 * notice_token.c - how the daemon knows its own staff notice when Postfix
 * hands it back (sendmail -> pickup -> cleanup -> non_smtpd_milters).
 * Each notice carries a fresh 128-bit random token in NOTICE_HEADER; the
 * token is remembered here until the notice comes through once, and that
 * mail is then out of scope (pipeline.c): never held, never tempfailed,
 * never the cause of another notice, so no loop.  A token is good for
 * one mail only and is unknown to anyone until the notice that carries it
 * has passed, so copying a delivered notice's header buys nothing; a
 * notice whose token was lost (daemon restarted, or sent twice) is just
 * judged like any mail, and it carries nothing the rules find.
 *
 * A few tokens are kept (a notice that never arrives ages out); the
 * table is shared by the notifier thread and the milter threads.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/crypto.h>

#include "log.h"
#include "notice.h"

#define TOKENS	8

static pthread_mutex_t tok_lock = PTHREAD_MUTEX_INITIALIZER;
static char tok_table[TOKENS][NOTICE_TOKEN_LEN + 1];
static unsigned tok_next;

/*
 * NOTICE_TOKEN_NEW -- a fresh token in tok, remembered (replacing the
 *	oldest).  Return value: 0, or -1 when no randomness was available.
 */
int
notice_token_new(char tok[NOTICE_TOKEN_LEN + 1])
{
	unsigned char r[NOTICE_TOKEN_LEN / 2];
	size_t i;

	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		return -1;
	for (i = 0; i < sizeof r; i++)
		snprintf(tok + 2 * i, 3, "%02x", r[i]);
	pthread_mutex_lock(&tok_lock);
	memcpy(tok_table[tok_next], tok, NOTICE_TOKEN_LEN + 1);
	tok_next = (tok_next + 1) % TOKENS;
	pthread_mutex_unlock(&tok_lock);
	return 0;
}

/*
 * NOTICE_TOKEN_TAKE -- true if header_value (blanks around it ignored) is
 *	a remembered token; that token is forgotten.
 */
bool
notice_token_take(const char *v)
{
	char tok[NOTICE_TOKEN_LEN + 1];
	size_t n = 0, i;
	bool found = false;

	if (v == NULL)
		return false;
	while (isspace((unsigned char)*v))
		v++;
	while (n < NOTICE_TOKEN_LEN && isxdigit((unsigned char)v[n])) {
		tok[n] = v[n];
		n++;
	}
	tok[n] = '\0';
	for (v += n; isspace((unsigned char)*v); v++)
		;
	if (n != NOTICE_TOKEN_LEN || *v != '\0')
		return false;
	pthread_mutex_lock(&tok_lock);
	for (i = 0; i < TOKENS; i++)
		if (tok_table[i][0] != '\0' &&
		    CRYPTO_memcmp(tok_table[i], tok, NOTICE_TOKEN_LEN) == 0) {
			memset(tok_table[i], 0, sizeof tok_table[i]);
			found = true;
		}
	pthread_mutex_unlock(&tok_lock);
	if (found)
		log_info("notify: a notice came back through the milter: "
		    "out of scope, not judged");
	return found;
}

/* NOTICE_TOKEN_DROP -- forget tok (its notice was never sent) */
void
notice_token_drop(const char *tok)
{
	size_t i;

	pthread_mutex_lock(&tok_lock);
	for (i = 0; i < TOKENS; i++)
		if (strcmp(tok_table[i], tok) == 0)
			memset(tok_table[i], 0, sizeof tok_table[i]);
	pthread_mutex_unlock(&tok_lock);
}
